"""Reading responses from a newer server: values this SDK does not know are kept, not refused.

A response is first validated strictly, at full speed. Only when that fails does
`parse_leniently` look at what failed: an enum value the SDK does not know (its type
is ``Literal[...] | UnknownStr``) is kept as an `UnknownStr`, and a union value that
matches none of its variants (``A | B | UnknownVariant``) is kept as an
`UnknownVariant` holding the raw JSON. Anything else (a missing required field, a
number where an object belongs) is still a `ResponseValidationError`, whose message
`summarize` keeps short.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar, cast

import pydantic
from pydantic_core import core_schema

__all__ = ["UnknownStr", "UnknownVariant", "parse_body", "parse_leniently", "summarize"]

T = TypeVar("T")

_UNKNOWN_STR = "is-instance[UnknownStr]"
_UNKNOWN_VARIANT = "is-instance[UnknownVariant]"
# Each pass keeps the innermost unknown values; an outer union value that still matches
# nothing is kept whole by the next pass. Nesting deeper than this is not worth chasing.
_MAX_PASSES = 8
_ERRORS_IN_MESSAGE = 3


class UnknownStr(str):
    """An enum value the API sent that this SDK does not know yet (a newer server's value).

    It is a `str`, so it compares, prints and serialises as the text itself. Typed as
    ``Literal["a", "b"] | UnknownStr``, so editors still offer the known values and a
    plain string you pass in a request is a type error (and rejected at run time).
    """

    __slots__ = ()

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: object, handler: pydantic.GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        # An instance check, decided in pydantic's core: a strict parse never calls Python
        # for it, and only `parse_leniently` ever puts an instance there.
        return core_schema.is_instance_schema(
            cls, serialization=core_schema.to_string_ser_schema()
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: pydantic.GetJsonSchemaHandler
    ) -> dict[str, Any]:
        return {"type": "string"}


class UnknownVariant:
    """A value the API sent that matches none of the types this SDK knows for it.

    ``raw`` is the JSON value as received; the keys of an object read as attributes
    (``item.type``), and dumping the model that holds it gives ``raw`` back.
    """

    __slots__ = ("raw",)

    def __init__(self, raw: object) -> None:
        self.raw = raw

    def __getattr__(self, name: str) -> object:
        # object.__getattribute__: a missing `raw` (during unpickling) must not recurse here.
        raw = object.__getattribute__(self, "raw") if name != "raw" else None
        if isinstance(raw, dict) and not name.startswith("__") and name in raw:
            return raw[name]
        raise AttributeError(name)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UnknownVariant) and other.raw == self.raw

    def __hash__(self) -> int:
        return hash(json.dumps(self.raw, sort_keys=True, default=str))

    def __repr__(self) -> str:
        return f"UnknownVariant({self.raw!r})"

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: object, handler: pydantic.GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.is_instance_schema(
            cls,
            serialization=core_schema.plain_serializer_function_ser_schema(
                _raw_of, when_used="always"
            ),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: pydantic.GetJsonSchemaHandler
    ) -> dict[str, Any]:
        return {}


def _raw_of(value: UnknownVariant) -> object:
    return value.raw


def _python_validator(
    parse: Callable[[bytes], object],
) -> Callable[[object], object] | None:
    """The Python-object twin of a generated JSON parser (a model's or a TypeAdapter's)."""
    owner = getattr(parse, "__self__", None)
    if isinstance(owner, type) and issubclass(owner, pydantic.BaseModel):
        return owner.model_validate
    if isinstance(owner, pydantic.TypeAdapter):
        validate: Callable[[object], object] = owner.validate_python
        return validate
    return None


def _unknown_places(
    data: object, error: pydantic.ValidationError
) -> list[tuple[tuple[str | int, ...], str]]:
    """Where the data holds a value only an unknown-value branch could take, and which."""
    places: list[tuple[tuple[str | int, ...], str]] = []
    for detail in error.errors(include_url=False, include_input=False):
        node = data
        path: list[str | int] = []
        for step in detail["loc"]:
            if step in (_UNKNOWN_STR, _UNKNOWN_VARIANT):
                if step == _UNKNOWN_VARIANT or isinstance(node, str):
                    places.append((tuple(path), step))
                break
            if isinstance(node, dict) and isinstance(step, str) and step in node:
                node, path = node[step], path + [step]
            elif isinstance(node, list) and isinstance(step, int) and step < len(node):
                node, path = node[step], path + [step]
            # Any other step is the label of a union's variant: no step in the data.
    return places


def _replace(data: object, path: tuple[str | int, ...], kind: str) -> object:
    if not path:
        return UnknownStr(data) if kind == _UNKNOWN_STR else UnknownVariant(data)
    container: Any = data
    for step in path[:-1]:
        container = container[step]
    value = container[path[-1]]
    container[path[-1]] = (
        UnknownStr(value) if kind == _UNKNOWN_STR else UnknownVariant(value)
    )
    return data


def parse_body(
    parse: Callable[[bytes], T],
    content: bytes,
    error_for: Callable[[str], Exception],
) -> T:
    """``content`` parsed by ``parse``, keeping a newer server's enum values and union variants.

    Only a body that fails the strict parse is tried leniently, so a body that fits costs
    nothing extra. One that still does not fit raises ``error_for(reason)``, chained to the
    full validation error (for debugging); ``reason`` keeps to the first few locations.
    """
    failure: ValueError
    try:
        return parse(content)
    except pydantic.ValidationError as error:
        try:
            return parse_leniently(parse, content, error)
        except pydantic.ValidationError as remaining:
            reason, failure = summarize(remaining), remaining
    except ValueError as error:
        reason, failure = str(error), error
    raise error_for(reason) from failure


def parse_leniently(
    parse: Callable[[bytes], T], content: bytes, error: pydantic.ValidationError
) -> T:
    """``content`` parsed with unknown enum values and union variants kept.

    ``error`` is what the strict ``parse`` raised. When something other than an unknown
    value is wrong, the error of the last attempt is raised: it lists only what is
    still wrong once the unknown values are kept.
    """
    validate = _python_validator(parse)
    if validate is None:
        raise error
    try:
        data = json.loads(content)
    except ValueError:
        raise error from None
    current = error
    for _ in range(_MAX_PASSES):
        places = _unknown_places(data, current)
        paths = {path for path, _ in places}
        innermost = [
            (path, kind)
            for path, kind in places
            if not any(
                len(other) > len(path) and other[: len(path)] == path for other in paths
            )
        ]
        if not innermost:
            break
        for path, kind in dict(innermost).items():
            data = _replace(data, path, kind)
        try:
            # The twin of ``parse`` returns what ``parse`` does.
            return cast(T, validate(data))
        except pydantic.ValidationError as next_error:
            current = next_error
    raise current


def summarize(error: pydantic.ValidationError) -> str:
    """The first few failed locations and their messages, then how many more.

    Neither the input nor the unknown-value branches are shown: the input may hold
    anything the server sent, and every union lists those branches.
    """
    details = [
        detail
        for detail in error.errors(include_url=False, include_input=False)
        if not {_UNKNOWN_STR, _UNKNOWN_VARIANT} & set(map(str, detail["loc"]))
    ]
    shown = "; ".join(
        f"{'.'.join(map(str, detail['loc'])) or '(the body)'}: {detail['msg']}"
        for detail in details[:_ERRORS_IN_MESSAGE]
    )
    more = len(details) - _ERRORS_IN_MESSAGE
    count = f"{len(details)} error{'s' if len(details) != 1 else ''}"
    return f"{count}: {shown}" + (f"; and {more} more" if more > 0 else "")
