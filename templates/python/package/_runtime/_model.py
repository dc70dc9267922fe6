"""The base class of every generated model."""

from __future__ import annotations

import pydantic


class BaseModel(pydantic.BaseModel):
    """A pydantic model that reads API responses leniently and writes them back faithfully.

    - Fields the API adds after this SDK was generated are kept (`extra="allow"`), not rejected.
    - A field the spec marks required-but-nullable defaults to None, so a response that leaves it
      out still parses (the generated field says so in its docstring).
    - Python names that differ from the wire (`schema_` for `schema`) read and write the wire name.
    - `model_dump(exclude_unset=True)` returns exactly the keys the server sent.
    """

    model_config = pydantic.ConfigDict(
        extra="allow",
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        use_attribute_docstrings=True,
        protected_namespaces=(),
    )
