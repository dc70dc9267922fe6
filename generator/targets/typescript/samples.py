"""Sample values and the lines of a method's generated test: the mocked response, the request
sample, the check of the result, and the examples of the README and the docs."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from .filters import ts_string
from .layout import Arr, Call, Obj, Raw, statement
from .view import Argument

MOCK_BODIES = {
    "json": "JSON.stringify(fixture.response)",
    "text": "fixture.response",
    "event_stream": "fixture.response",
    "bytes": "fixture.response",
    "empty": "null",
}


def mocked_response(kind: str, example: Any) -> Any:
    if kind == "json":
        return example if example is not None else {}
    if kind == "empty":
        return None
    return "sample"


def check_result(kind: str, shape: Any) -> str:
    if kind == "json":
        return (
            statement("const shape = ", shape, 2)
            + "\n  assert.deepEqual($.encode(shape, result), fixture.response);"
        )
    if kind == "empty":
        return "  assert.equal(result, undefined);"
    if kind == "bytes":
        return "  assert.deepEqual(new TextDecoder().decode(result), fixture.response);"
    return "  assert.equal(result, fixture.response);"


def exported(node: Any) -> Any:
    """A shape as a test reads it: the resource module's own types through the package's
    index (`models.X`, where the test imports dist/index.js as `models`)."""
    if isinstance(node, Call):
        args = node.args
        if node.callee == "$.ref" and isinstance(args[0], Raw):
            name = args[0].text.removeprefix("() => ")
            if "." not in name:
                return Call(node.callee, (Raw(f"() => models.{name}"),))
        return Call(node.callee, tuple(exported(a) for a in args))
    if isinstance(node, Arr):
        return Arr(tuple(exported(i) for i in node.items))
    return node


def result_line(target: str) -> str:
    one = f"  const result = await {target}(request);"
    if len(one) <= 80:
        return one
    return f"  const result =\n    await {target}(request);"


def example_call(call_path: str, arguments: Sequence[Argument]) -> str:
    """`  const result = await sdk.<call_path>({...});` with the required arguments' samples,
    laid out as prettier prints it inside a function body (README and docs examples)."""
    entries = tuple(
        (a.name, sample_node(json.loads(a.sample)) if a.sample else Raw("null"))
        for a in arguments
        if a.required
    )
    call = Call(f"await sdk.{call_path}", (Obj(entries),) if entries else ())
    return statement("const result = ", call, 2)


_KEY = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")


def sample_node(value: Any) -> Any:
    """A JSON value as a TypeScript literal's layout node."""
    if isinstance(value, dict):
        return Obj(
            tuple(
                (k if _KEY.fullmatch(k) else ts_string(k), sample_node(v))
                for k, v in value.items()
            )
        )
    if isinstance(value, list):
        return Arr(tuple(sample_node(v) for v in value))
    if isinstance(value, str):
        return Raw(ts_string(value))
    return Raw(json.dumps(value))


def sample_literal(value: Any) -> str:
    """A sample value as a TypeScript literal (JSON, ASCII only), "" for none."""
    if value is None:
        return ""
    try:
        return json.dumps(value, ensure_ascii=True)
    except (TypeError, ValueError, RecursionError):
        return ""


def sample_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def quote_segment(segment: str) -> str:
    return quote(segment, safe="-_.!~*'()")
