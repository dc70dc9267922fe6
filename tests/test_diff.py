"""`sdkgen diff`'s comparison: every change kind on a small document pair, with its classification
and the bump it implies (the rules are `generator/diff/rules.py`, the README's table).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .diff_support import base, diff, summary

Doc = dict[str, Any]
GET = ("paths", "/pets/{pet_id}", "get")
POST = ("paths", "/pets", "post")


def at(doc: Doc, *keys: str) -> Any:
    for key in keys:
        doc = doc[key]
    return doc


def schema(doc: Doc, name: str) -> Any:
    return doc["components"]["schemas"][name]


def prop(doc: Doc, model: str, name: str) -> Any:
    return schema(doc, model)["properties"][name]


def add_list_operation(d: Doc) -> None:
    d["paths"]["/pets"]["get"] = {
        "operationId": "listPets",
        "responses": {"200": {"description": "ok"}},
    }


def remove_get(d: Doc) -> None:
    del d["paths"]["/pets/{pet_id}"]


def param(d: Doc, name: str) -> Any:
    return next(p for p in at(d, *GET, "parameters") if p["name"] == name)


def add_param(required: bool) -> Callable[[Doc], None]:
    def edit(d: Doc) -> None:
        at(d, *GET, "parameters").append(
            {
                "name": "sort",
                "in": "query",
                "required": required,
                "schema": {"type": "string"},
            }
        )

    return edit


def set_key(
    target: Callable[[Doc], Any], key: str, value: Any
) -> Callable[[Doc], None]:
    def edit(d: Doc) -> None:
        target(d)[key] = value

    return edit


def drop_key(target: Callable[[Doc], Any], key: str) -> Callable[[Doc], None]:
    def edit(d: Doc) -> None:
        del target(d)[key]

    return edit


def append(target: Callable[[Doc], list[Any]], value: Any) -> Callable[[Doc], None]:
    return lambda d: target(d).append(value)


def remove(target: Callable[[Doc], list[Any]], value: Any) -> Callable[[Doc], None]:
    return lambda d: target(d).remove(value)


PET = lambda d: schema(d, "Pet")  # noqa: E731
NEW_PET = lambda d: schema(d, "NewPet")  # noqa: E731
OWNER_PROPS = lambda d: schema(d, "Owner")["properties"]  # noqa: E731

CASES: list[tuple[str, Callable[[Doc], None], set[tuple[str, str, str]], str]] = [
    # methods
    (
        "method added",
        add_list_operation,
        {("method-added", "pets.list", "non-breaking")},
        "minor",
    ),
    (
        "method removed",
        remove_get,
        {("method-removed", "pets.get", "breaking")},
        "major",
    ),
    (
        "method renamed",
        set_key(lambda d: at(d, *GET), "x-sdkgen-name", "fetch"),
        {("method-renamed", "pets.fetch", "breaking")},
        "major",
    ),
    (
        "method deprecated",
        set_key(lambda d: at(d, *GET), "deprecated", True),
        {("method-deprecated", "pets.get", "non-breaking")},
        "patch",
    ),
    # parameters
    (
        "optional parameter added",
        add_param(False),
        {("parameter-added", "pets.get(sort)", "non-breaking")},
        "minor",
    ),
    (
        "required parameter added",
        add_param(True),
        {("parameter-added", "pets.get(sort)", "breaking")},
        "major",
    ),
    (
        "parameter removed",
        lambda d: at(d, *GET, "parameters").remove(param(d, "verbose")),
        {("parameter-removed", "pets.get(verbose)", "breaking")},
        "major",
    ),
    (
        "parameter retyped",
        set_key(lambda d: param(d, "verbose"), "schema", {"type": "string"}),
        {("parameter-retyped", "pets.get(verbose)", "breaking")},
        "major",
    ),
    (
        "parameter widened",
        set_key(lambda d: param(d, "limit"), "schema", {"type": "number"}),
        {("parameter-retyped", "pets.get(limit)", "non-breaking")},
        "minor",
    ),
    (
        "parameter made required",
        set_key(lambda d: param(d, "verbose"), "required", True),
        {("parameter-required", "pets.get(verbose)", "breaking")},
        "major",
    ),
    (
        "parameter made optional",
        lambda d: [
            at(d, *GET, "parameters").append(
                {
                    "name": "q",
                    "in": "query",
                    "required": False,
                    "schema": {"type": "string"},
                }
            )
        ]
        and None,
        {("parameter-added", "pets.get(q)", "non-breaking")},
        "minor",
    ),
    (
        "parameter may be None",
        set_key(lambda d: param(d, "limit"), "schema", {"type": ["integer", "null"]}),
        {("parameter-nullable", "pets.get(limit)", "non-breaking")},
        "minor",
    ),
    # body fields
    (
        "optional body field added",
        set_key(lambda d: NEW_PET(d)["properties"], "color", {"type": "string"}),
        {("body-field-added", "pets.create(color)", "non-breaking")},
        "minor",
    ),
    (
        "required body field added",
        lambda d: (
            NEW_PET(d)["properties"].update(color={"type": "string"}),
            NEW_PET(d)["required"].append("color"),
        )
        and None,
        {("body-field-added", "pets.create(color)", "breaking")},
        "major",
    ),
    (
        "body field removed",
        drop_key(lambda d: NEW_PET(d)["properties"], "age"),
        {("body-field-removed", "pets.create(age)", "breaking")},
        "major",
    ),
    (
        "body field retyped",
        set_key(lambda d: NEW_PET(d)["properties"], "age", {"type": "string"}),
        {("body-field-retyped", "pets.create(age)", "breaking")},
        "major",
    ),
    (
        "body field made required",
        append(lambda d: NEW_PET(d)["required"], "age"),
        {("body-field-required", "pets.create(age)", "breaking")},
        "major",
    ),
    (
        "body field made optional",
        set_key(NEW_PET, "required", []),
        {("body-field-optional", "pets.create(name)", "non-breaking")},
        "minor",
    ),
    (
        "body media type changed",
        lambda d: at(d, *POST, "requestBody").update(
            content={
                "application/x-www-form-urlencoded": at(
                    d, *POST, "requestBody", "content"
                )["application/json"]
            }
        ),
        {("body-media-type-changed", "pets.create", "non-breaking")},
        "patch",
    ),
    # fields of a model sent (nested in a request body)
    (
        "required field added to a model sent",
        lambda d: schema(d, "Owner").update(
            required=["email"],
            properties={**OWNER_PROPS(d), "email": {"type": "string"}},
        ),
        {("request-field-added", "Owner.email", "breaking")},
        "major",
    ),
    (
        "field removed from a model sent",
        drop_key(OWNER_PROPS, "phone"),
        {("request-field-removed", "Owner.phone", "breaking")},
        "major",
    ),
    # response models
    (
        "response field added",
        set_key(lambda d: PET(d)["properties"], "color", {"type": "string"}),
        {("response-field-added", "Pet.color", "non-breaking")},
        "minor",
    ),
    (
        "response field removed",
        drop_key(lambda d: PET(d)["properties"], "tag"),
        {("response-field-removed", "Pet.tag", "breaking")},
        "major",
    ),
    (
        "response field retyped",
        set_key(lambda d: PET(d)["properties"], "id", {"type": "integer"}),
        {("response-field-retyped", "Pet.id", "breaking")},
        "major",
    ),
    (
        "response field narrowed",
        set_key(
            lambda d: PET(d)["properties"],
            "tag",
            {"type": "string", "enum": ["a", "b"]},
        ),
        {("response-field-retyped", "Pet.tag", "non-breaking")},
        "patch",
    ),
    (
        "response field may be None",
        set_key(lambda d: PET(d)["properties"], "tag", {"type": ["string", "null"]}),
        {("response-field-nullable", "Pet.tag", "breaking")},
        "major",
    ),
    (
        "response field made optional",
        set_key(PET, "required", ["status"]),
        {("response-field-optional", "Pet.id", "breaking")},
        "major",
    ),
    (
        "response field made required",
        set_key(PET, "required", ["id", "status", "tag"]),
        {("response-field-required", "Pet.tag", "non-breaking")},
        "patch",
    ),
    (
        "result retyped",
        lambda d: at(d, *GET, "responses", "200").update(
            content={"text/plain": {"schema": {"type": "string"}}}
        ),
        {("result-retyped", "pets.get()", "breaking")},
        "major",
    ),
    # enums, on each side
    (
        "response enum value added",
        append(lambda d: schema(d, "Status")["enum"], "pending"),
        {("response-enum-value-added", "Status", "unsafe-for-some")},
        "minor",
    ),
    (
        "response enum value removed",
        remove(lambda d: schema(d, "Status")["enum"], "sold"),
        {("response-enum-value-removed", "Status", "non-breaking")},
        "patch",
    ),
    (
        "request enum value added",
        append(lambda d: NEW_PET(d)["properties"]["kind"]["enum"], "bird"),
        {("request-enum-value-added", "pets.create(kind)", "non-breaking")},
        "minor",
    ),
    (
        "request enum value removed",
        remove(lambda d: NEW_PET(d)["properties"]["kind"]["enum"], "dog"),
        {("request-enum-value-removed", "pets.create(kind)", "breaking")},
        "major",
    ),
    # unions, on each side
    (
        "response union member added",
        append(lambda d: PET(d)["properties"]["toy"]["anyOf"], {"type": "boolean"}),
        {("response-union-member-added", "Pet.toy", "unsafe-for-some")},
        "minor",
    ),
    (
        "request union member removed",
        remove(lambda d: NEW_PET(d)["properties"]["toy"]["anyOf"], {"type": "integer"}),
        {("request-union-member-removed", "pets.create(toy)", "breaking")},
        "major",
    ),
    (
        "request union member added",
        append(lambda d: NEW_PET(d)["properties"]["toy"]["anyOf"], {"type": "boolean"}),
        {("request-union-member-added", "pets.create(toy)", "non-breaking")},
        "minor",
    ),
    # credentials
    (
        "operation needs no credentials now",
        set_key(lambda d: at(d, *GET), "security", []),
        {("auth-requirement-relaxed", "pets.get", "non-breaking")},
        "minor",
    ),
    (
        "operation takes another credential too",
        set_key(lambda d: at(d, *GET), "security", [{"token": []}, {"key": []}]),
        {
            ("auth-requirement-relaxed", "pets.get", "non-breaking"),
            ("auth-scheme-added", "SDK", "non-breaking"),
        },
        "minor",
    ),
    (
        "operation needs another credential",
        set_key(lambda d: at(d, *GET), "security", [{"key": []}]),
        {
            ("auth-requirement-changed", "pets.get", "breaking"),
            ("auth-scheme-added", "SDK", "non-breaking"),
        },
        "major",
    ),
    (
        "credential removed",
        lambda d: d.update(security=[]),
        {
            ("auth-scheme-removed", "SDK", "breaking"),
            ("auth-requirement-relaxed", "pets.get", "non-breaking"),
            ("auth-requirement-relaxed", "pets.create", "non-breaking"),
        },
        "major",
    ),
    (
        "credential changed",
        set_key(
            lambda d: d["components"]["securitySchemes"],
            "token",
            {"type": "http", "scheme": "basic"},
        ),
        {("auth-scheme-changed", "SDK", "breaking")},
        "major",
    ),
    (
        "credential sent elsewhere",
        set_key(
            lambda d: d["components"]["securitySchemes"],
            "token",
            {"type": "apiKey", "in": "header", "name": "X-Token"},
        ),
        {("auth-scheme-changed", "SDK", "breaking")},
        "major",
    ),
    # servers
    (
        "default server changed",
        lambda d: d.update(
            servers=[{"url": "https://c.example.com"}, {"url": "https://b.example.com"}]
        ),
        {("server-default-changed", "SDK", "unsafe-for-some")},
        "minor",
    ),
    (
        "server added",
        append(lambda d: d["servers"], {"url": "https://c.example.com"}),
        {("server-added", "SDK", "non-breaking")},
        "patch",
    ),
    (
        "server removed",
        lambda d: d.update(servers=[{"url": "https://a.example.com"}]),
        {("server-removed", "SDK", "non-breaking")},
        "patch",
    ),
]


@pytest.mark.parametrize(
    "edit, expected, bump", [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_each_change_kind_is_classified_with_its_bump(
    tmp_path: Path,
    edit: Callable[[Doc], None],
    expected: set[tuple[str, str, str]],
    bump: str,
) -> None:
    new = base()
    edit(new)
    report = diff(tmp_path, base(), new)
    assert summary(report) == expected
    assert report.bump == bump
    for change in report.changes:
        assert change.message().endswith(": " + change.rule.reason)


def test_a_field_made_optional_in_a_model_received_is_breaking_with_the_reason(
    tmp_path: Path,
) -> None:
    new = base()
    schema(new, "Pet")["required"] = ["status"]
    (change,) = diff(tmp_path, base(), new).changes
    assert change.message() == (
        "is optional now: it may be missing now: code that uses it unguarded breaks"
    )


def test_the_same_document_has_no_changes_and_bump_none(tmp_path: Path) -> None:
    report = diff(tmp_path, base(), base())
    assert report.changes == () and report.bump == "none"


def test_descriptions_and_examples_are_not_api_changes(tmp_path: Path) -> None:
    new = base()
    schema(new, "Pet")["description"] = "A pet, described."
    param(new, "verbose")["description"] = "More words."
    assert diff(tmp_path, base(), new).changes == ()


def test_an_operation_id_changed_on_the_same_endpoint_is_not_a_removal(
    tmp_path: Path,
) -> None:
    new = base()
    at(new, *GET)["operationId"] = "fetchPet"
    report = diff(tmp_path, base(), new)
    assert summary(report) == {("method-renamed", "pets.fetch", "breaking")}


def test_a_model_used_on_both_sides_reports_the_change_that_matters_more(
    tmp_path: Path,
) -> None:
    old = base()
    # Owner is both sent (in NewPet) and received (in Pet) now
    schema(old, "Pet")["properties"]["owner"] = {"$ref": "#/components/schemas/Owner"}
    new = base()
    schema(new, "Pet")["properties"]["owner"] = {"$ref": "#/components/schemas/Owner"}
    schema(new, "Owner")["required"] = ["name"]
    (change,) = diff(tmp_path, old, new).changes
    # required on the request side (callers must now set it) beats "always present" on reads
    assert (change.kind, change.classification, change.bump) == (
        "request-field-required",
        "breaking",
        "major",
    )


def test_an_operation_that_takes_fewer_credentials_is_unsafe_for_some(
    tmp_path: Path,
) -> None:
    old = base()
    old["security"] = [{"token": []}, {"key": []}]
    new = base()
    new["security"] = [{"token": []}, {"key": []}]
    at(new, *GET)["security"] = [{"key": []}]
    report = diff(tmp_path, old, new)
    assert summary(report) == {
        ("auth-requirement-narrowed", "pets.get", "unsafe-for-some")
    }
    assert report.bump == "minor"
    assert report.changes[0].message() == (
        "needs `key` instead of `key or token`: callers who give only the credentials no "
        "longer accepted fail"
    )


def test_an_api_key_sent_under_a_new_name_is_a_patch(tmp_path: Path) -> None:
    old = base()
    old["security"] = [{"key": []}]
    new = base()
    new["security"] = [{"key": []}]
    new["components"]["securitySchemes"]["key"]["name"] = "X-Api-Key"
    report = diff(tmp_path, old, new)
    assert summary(report) == {("auth-scheme-moved", "SDK", "non-breaking")}
    assert report.bump == "patch"


def test_a_named_enum_retyped_is_breaking_where_it_is_read(tmp_path: Path) -> None:
    new = base()
    schema(new, "Status").clear()
    schema(new, "Status")["type"] = "integer"
    report = diff(tmp_path, base(), new)
    assert summary(report) == {("response-model-retyped", "Status", "breaking")}
    assert report.bump == "major"


def test_never_none_now_is_breaking_to_send_and_a_patch_to_read(tmp_path: Path) -> None:
    old = base()
    param(old, "limit")["schema"] = {"type": ["integer", "null"]}
    schema(old, "Pet")["properties"]["tag"] = {"type": ["string", "null"]}
    report = diff(tmp_path, old, base())
    assert summary(report) == {
        ("parameter-not-nullable", "pets.get(limit)", "breaking"),
        ("response-field-not-nullable", "Pet.tag", "non-breaking"),
    }
    assert report.bump == "major"


def test_a_named_enum_sent_in_a_parameter_is_on_the_request_side(
    tmp_path: Path,
) -> None:
    def with_kind_parameter(values: list[str]) -> Doc:
        doc = base()
        doc["components"]["schemas"]["Kind"] = {"type": "string", "enum": values}
        at(doc, *GET, "parameters").append(
            {
                "name": "kind",
                "in": "query",
                "schema": {"$ref": "#/components/schemas/Kind"},
            }
        )
        return doc

    report = diff(tmp_path, with_kind_parameter(["a", "b"]), with_kind_parameter(["a"]))
    assert summary(report) == {("request-enum-value-removed", "Kind", "breaking")}
    assert report.changes[0].message() == (
        'value `"b"` removed: calls that send it are refused'
    )


def test_a_format_alone_is_no_change_in_the_sdk(tmp_path: Path) -> None:
    new = base()
    param(new, "limit")["schema"] = {"type": "integer", "format": "int64"}
    assert diff(tmp_path, base(), new).changes == ()


def test_an_inline_object_moved_to_a_named_schema_compares_its_fields(
    tmp_path: Path,
) -> None:
    old = base()
    owner = schema(old, "Owner")
    schema(old, "Pet")["properties"]["owner"] = owner  # inline in Pet
    new = base()
    schema(new, "Pet")["properties"]["owner"] = {"$ref": "#/components/schemas/Owner"}
    schema(new, "Owner")["properties"]["email"] = {"type": "string"}
    report = diff(tmp_path, old, new)
    assert summary(report) == {
        ("response-field-added", "Pet.owner.email", "non-breaking"),
        ("request-field-added", "Owner.email", "non-breaking"),
    }


def test_a_result_where_there_was_none_is_minor(tmp_path: Path) -> None:
    old = base()
    at(old, *GET, "responses")["200"] = {"description": "nothing"}
    report = diff(tmp_path, old, base())
    assert summary(report) == {("result-added", "pets.get()", "non-breaking")}
    assert report.bump == "minor"


def test_inline_union_variants_are_known_by_the_constant_they_fix(
    tmp_path: Path,
) -> None:
    def with_rules(kinds: list[str]) -> Doc:
        doc = base()
        schema(doc, "Pet")["properties"]["rule"] = {
            "oneOf": [
                {
                    "type": "object",
                    "required": ["type"],
                    "properties": {"type": {"type": "string", "enum": [k]}},
                }
                for k in kinds
            ]
        }
        return doc

    report = diff(tmp_path, with_rules(["a", "c"]), with_rules(["a", "b", "c"]))
    assert [(c.kind, c.where) for c in report.changes] == [
        ("response-union-member-added", "Pet.rule")
    ]
