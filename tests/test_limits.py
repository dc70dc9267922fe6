"""generator/limits.py: the one walk over a parsed document that enforces the limits."""

from __future__ import annotations

from typing import Any

import pytest

from generator.limits import (
    MIB,
    Limits,
    UnreadableNumber,
    find_violation,
    parse_json_int,
)

SMALL = Limits(max_depth=4, max_values=20, max_text=50, max_int_digits=3)


def violation(data: Any, limits: Limits = SMALL) -> tuple[str, str] | None:
    found = find_violation(data, limits)
    return None if found is None else (found.pointer, found.message)


def test_a_document_within_every_limit_passes() -> None:
    assert violation({"a": [1, "two", 3.0, None, True], "b": {"c": "d"}}) is None


def test_depth_counts_levels_of_containers_from_the_root() -> None:
    assert violation({"a": {"b": {"c": []}}}) is None  # four levels
    assert violation({"a": {"b": {"c": [[]]}}}) == (
        "/a/b/c/0",
        "nesting deeper than 4 levels (the limit)",
    )


def test_depth_counts_what_a_shared_object_expands_to() -> None:
    shared = {"x": {"y": {}}}  # three levels of its own
    assert violation({"first": shared}) is None
    assert violation({"first": shared, "b": {"second": shared}}) == (
        "/b/second",
        "nesting deeper than 4 levels (the limit) once YAML aliases are expanded",
    )


def test_values_count_each_container_and_scalar_once_per_appearance() -> None:
    row = list(range(4))  # five values
    assert violation([row, row, row]) is None  # 1 + 3 * 5 = 16
    found = violation([row, row, row, row])  # 21
    assert found is not None and found[0] == "/3"
    assert found[1].startswith("the document holds more than 20 values")


def test_a_billion_laughs_is_measured_without_being_walked() -> None:
    level: Any = ["lol"] * 10
    for _ in range(30):  # 10**31 values if expanded
        level = [level] * 10
    found = find_violation({"bomb": level}, Limits())
    assert found is not None and "more than 2,000,000 values" in found.message


def test_text_counts_keys_and_strings_once_per_appearance() -> None:
    words = ["x" * 10, "y" * 10]
    assert violation({"k": words}) is None  # 21 characters
    found = violation({"k": words, "l": words, "m": words})
    assert found is not None and found[0] == "/m"
    assert found[1].startswith(
        "the document's strings add up to more than 50 characters"
    )


def test_a_container_inside_itself_is_reported_where_it_repeats() -> None:
    cycle: list[Any] = []
    cycle.append({"again": cycle})
    assert violation({"a": cycle}) == (
        "/a/0/again",
        "this value contains itself (a YAML alias inside the node its anchor names)",
    )


@pytest.mark.parametrize("number", [1000, -1000, 10**5])
def test_integers_past_the_digit_limit(number: int) -> None:
    assert violation({"n": 999, "m": -999}) is None
    assert violation({"n": number}) == (
        "/n",
        "an integer of more than 3 digits (the limit)",
    )


def test_a_number_too_long_to_parse_is_reported_where_it_is() -> None:
    assert parse_json_int("12") == 12
    stand_in = parse_json_int("9" * 5000)
    assert isinstance(stand_in, UnreadableNumber)
    assert violation({"a": [stand_in]}) == (
        "/a/0",
        "a number written with 5000 characters: the limit is 3 digits",
    )


@pytest.mark.parametrize(
    ("data", "pointer"), [({"t": "ok \ud800"}, "/t"), ({"k\udfff": 1}, "/k\udfff")]
)
def test_lone_surrogates_in_strings_and_keys(data: Any, pointer: str) -> None:
    found = violation(data)
    assert found is not None and found[0] == pointer
    assert "lone UTF-16 surrogate" in found[1]


@pytest.mark.parametrize("value", [b"bytes", {1, 2}, ("a", "b")])
def test_values_json_cannot_hold_are_reported(value: Any) -> None:
    found = violation({"x": value})
    assert found is not None and found[0] == "/x"
    assert found[1].endswith("an OpenAPI document holds only JSON values")


def test_deep_documents_are_walked_without_recursion() -> None:
    deep: Any = []
    for _ in range(100_000):
        deep = [deep]
    found = find_violation(deep, Limits())
    assert found is not None and found.pointer == "/0" * 128


def test_the_size_flag_scales_the_size_limits() -> None:
    limits = Limits().with_spec_mb(64)
    assert (limits.max_file_bytes, limits.max_total_bytes, limits.max_text) == (
        64 * MIB,
        256 * MIB,
        256 * MIB,
    )
    assert limits.max_depth == Limits().max_depth


@pytest.mark.parametrize("root", ["\ud800", 10**5, b"x"])
def test_a_document_that_is_one_scalar_is_checked_too(root: Any) -> None:
    found = violation(root)
    assert found is not None and found[0] == ""


def test_a_plain_scalar_document_passes() -> None:
    assert violation("just text") is None
