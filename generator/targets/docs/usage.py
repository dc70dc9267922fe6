"""The code samples of a reference page: the operation called through each SDK.

Names are each SDK target's naming policy, not the docs target's: the Python sample takes its
method path, argument names and sample values from the Python target's own lowering
(`generator/targets/python/lower.py`), so it is exactly what the Python SDK accepts; the
TypeScript sample spells the same call through `typescript_naming.py` (a stand-in until the
TypeScript target lands). The Python target knows nothing of this module.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ...diagnostics import Diagnostic
from ...ir.api import Api
from ..python.lower import lower_sdk
from ..python.security import lower_credentials
from ..python.view import Operation as PythonOperation
from ..python.view import Sdk as PythonSdk
from .typescript_naming import npm_package_name, typescript_call_path, typescript_member
from .view import Usage


@dataclass(frozen=True, slots=True)
class SdkCalls:
    """The SDKs' view of the API, for the samples: the Python SDK's, and the npm package name."""

    python: PythonSdk
    npm_package: str
    python_arguments: dict[str, tuple[str, ...]]  # credential arguments by scheme key

    def call(self, operation_id: str) -> PythonOperation | None:
        """The Python method of an operation (its default one, when a body's media types make
        several)."""
        return next(
            (o for o in self.python.operations if o.operation_id.raw == operation_id),
            None,
        )

    def usages(self, operation_id: str) -> tuple[Usage, ...]:
        method = self.call(operation_id)
        if method is None:
            return ()
        return (
            Usage("typescript", "TypeScript", self._typescript(method)),
            Usage("python", "Python", self._python(method)),
        )

    def _python(self, method: PythonOperation) -> str:
        construct = f"sdk = SDK({self.python.auth_example})"
        arguments = ", ".join(
            f"{a.name}={_plain(a.sample)}" for a in method.arguments if a.required
        )
        call = f"{method.result_capture}sdk.{method.call_path}({arguments})"
        show = f"\nprint({method.result_name})" if method.result_capture else ""
        return f"from {self.python.package} import SDK\n\n{construct}\n{call}{show}\n"

    def _typescript(self, method: PythonOperation) -> str:
        credentials = "".join(
            f"  {typescript_member(name)}: {json.dumps(value)},\n"
            for name, value in _credential_arguments(self.python.auth_example)
        )
        arguments = [a for a in method.arguments if a.required]
        call = f"sdk.{typescript_call_path(method.call_path)}"
        if arguments:
            fields = "".join(
                f"    {typescript_member(a.name)}: {_typescript_value(_plain(a.sample))},\n"
                for a in arguments
            )
            call += "({\n" + fields + "  })"
        else:
            call += "()"
        construct = (
            f"const sdk = new SDK({{\n{credentials}}});\n\n"
            if credentials
            else "const sdk = new SDK();\n\n"
        )
        return (
            f"import {{ SDK }} from {json.dumps(self.npm_package)};\n\n"
            f"{construct}"
            "async function run() {\n"
            f"  const result = await {call};\n"
            "  console.log(result);\n"
            "}\n\n"
            "run();\n"
        )


def sdk_calls(
    api: Api, package: str | None, earlier: Sequence[Diagnostic]
) -> tuple[SdkCalls, list[Diagnostic]]:
    """The Python target's lowering of `api` (its warnings are the docs' too: the samples are
    its calls), and each scheme's constructor arguments."""
    python, diagnostics = lower_sdk(api, package, earlier)
    credentials = lower_credentials(api, python.package, [])
    arguments = {
        s.key: tuple(o.param for o in credentials.options_for(s.key))
        for s in api.security_schemes
    }
    return (
        SdkCalls(python, npm_package_name(api, python.package), arguments),
        diagnostics,
    )


def _credential_arguments(example: str) -> list[tuple[str, Any]]:
    """`bearer_auth="<...>", x="<...>"` (the Python target's example) as (name, value) pairs."""
    if not example:
        return []
    call = ast.parse(f"f({example})", mode="eval").body
    assert isinstance(call, ast.Call)
    return [(k.arg or "", ast.literal_eval(k.value)) for k in call.keywords]


def _plain(sample: str) -> str:
    """A sample argument without the `cast(Any, ...)` the Python target's tests wrap some in
    (a reader's call needs no cast, nor the imports it would take)."""
    prefix = "cast(Any, "
    if sample.startswith(prefix) and sample.endswith(")"):
        return sample[len(prefix) : -1]
    return sample


def _typescript_value(python_literal: str) -> str:
    """A sample argument (a Python literal the Python target made) as a TypeScript literal: the
    same value as JSON (ASCII only), or `null` when it is not plain data."""
    try:
        value = ast.literal_eval(python_literal)
        return json.dumps(value, ensure_ascii=True)
    except (ValueError, SyntaxError, TypeError, RecursionError, MemoryError):
        return "null"
