"""How each kind of change to an API reaches the users of its SDK: classification, bump, reason.

This is the one table the README prints ("What a change does to users"): `tests/test_diff_rules.py`
fails when the two differ. A rule answers "who notices, and how?" for a user who upgrades the SDK
and changes no code:

- **breaking**: code that worked stops working (a call raises, a type check fails, a value it read
  is gone or may now be None).
- **unsafe-for-some**: code keeps working unless it relied on something closed (matching every
  value of an enum, the default server): the change breaks those users only.
- **non-breaking**: existing code keeps working; there may be something new to use.

Request and response sides differ: a new enum value is something more a caller may send, but
something more a reader must handle. Positions on the request side are parameters, body fields and
the fields of models sent; on the response side, results and the fields of models received.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Classification = Literal["breaking", "unsafe-for-some", "non-breaking"]
Bump = Literal["none", "patch", "minor", "major"]
Side = Literal["request", "response"]

BUMPS: tuple[Bump, ...] = ("none", "patch", "minor", "major")
CLASSIFICATIONS: tuple[Classification, ...] = (
    "breaking",
    "unsafe-for-some",
    "non-breaking",
)


@dataclass(frozen=True, slots=True)
class Rule:
    classification: Classification
    bump: Bump
    reason: str  # one line, in users' terms


def _r(classification: Classification, bump: Bump, reason: str) -> Rule:
    return Rule(classification, bump, reason)


# Changes at a position that is on one side: (request rule, response rule).
SIDED_RULES: dict[str, tuple[Rule, Rule]] = {
    "added-required": (
        _r("breaking", "major", "existing calls do not pass it"),
        _r("non-breaking", "minor", "a new attribute to read"),
    ),
    "added-optional": (
        _r("non-breaking", "minor", "existing calls keep working"),
        _r("non-breaking", "minor", "a new attribute to read (it may be missing)"),
    ),
    "removed": (
        _r("breaking", "major", "code that passes it fails"),
        _r("breaking", "major", "code that reads it fails"),
    ),
    "required": (
        _r("breaking", "major", "calls that leave it out fail"),
        _r("non-breaking", "patch", "code that checks for it keeps working"),
    ),
    "optional": (
        _r("non-breaking", "minor", "calls may leave it out"),
        _r(
            "breaking",
            "major",
            "it may be missing now: code that uses it unguarded breaks",
        ),
    ),
    "nullable": (
        _r("non-breaking", "minor", "existing calls keep working"),
        _r(
            "breaking",
            "major",
            "code that uses it unguarded breaks",
        ),
    ),
    "not-nullable": (
        _r("breaking", "major", "calls that pass None are refused"),
        _r("non-breaking", "patch", "code that checks for None keeps working"),
    ),
    "retyped-wider": (
        _r("non-breaking", "minor", "every value it took is still accepted"),
        _r(
            "breaking",
            "major",
            "values of the new type reach code written for the old one",
        ),
    ),
    "retyped-narrower": (
        _r("breaking", "major", "some values it took are refused now"),
        _r("non-breaking", "patch", "every value it holds still fits the old type"),
    ),
    "retyped": (
        _r("breaking", "major", "values of the old type no longer fit"),
        _r("breaking", "major", "code written for the old type breaks"),
    ),
    "enum-value-added": (
        _r("non-breaking", "minor", "a new value callers may send"),
        _r(
            "unsafe-for-some",
            "minor",
            "code that handles every value exhaustively (match, assert_never) meets one it "
            "does not handle",
        ),
    ),
    "enum-value-removed": (
        _r("breaking", "major", "calls that send it are refused"),
        _r("non-breaking", "patch", "a value code no longer receives"),
    ),
    "union-member-added": (
        _r("non-breaking", "minor", "another type callers may send"),
        _r(
            "unsafe-for-some",
            "minor",
            "code that handles every type exhaustively meets one it does not handle",
        ),
    ),
    "union-member-removed": (
        _r("breaking", "major", "calls that send it are refused"),
        _r("non-breaking", "patch", "a type code no longer receives"),
    ),
}

# Changes to the SDK as a whole, or to a method as a whole.
RULES: dict[str, Rule] = {
    "method-added": _r("non-breaking", "minor", "a new method"),
    "method-removed": _r("breaking", "major", "code that calls it fails"),
    "method-renamed": _r("breaking", "major", "code that calls the old name fails"),
    "method-deprecated": _r(
        "non-breaking", "patch", "it still works; callers should plan to move off it"
    ),
    "result-added": _r(
        "non-breaking",
        "minor",
        "calls that ignored the result keep working; there is a value to read now",
    ),
    "body-media-type-changed": _r(
        "non-breaking", "patch", "the SDK sends the same arguments in the new encoding"
    ),
    "auth-scheme-added": _r("non-breaking", "minor", "the SDK takes a new credential"),
    "auth-scheme-removed": _r(
        "breaking", "major", "the SDK no longer takes that credential"
    ),
    "auth-scheme-changed": _r(
        "breaking", "major", "a credential given the old way is no longer sent right"
    ),
    "auth-scheme-moved": _r(
        "non-breaking", "patch", "the SDK sends the same credential to its new place"
    ),
    "auth-requirement-relaxed": _r(
        "non-breaking", "minor", "every credential that served it still does"
    ),
    "auth-requirement-narrowed": _r(
        "unsafe-for-some",
        "minor",
        "callers who give only the credentials no longer accepted fail",
    ),
    "auth-requirement-changed": _r(
        "breaking", "major", "no credential that served it before does now"
    ),
    "server-default-changed": _r(
        "unsafe-for-some",
        "minor",
        "code that relies on the default server URL reaches a different one",
    ),
    "server-added": _r("non-breaking", "patch", "another server is listed"),
    "server-removed": _r(
        "non-breaking", "patch", "a server other than the default is no longer listed"
    ),
}

# The positions a value can hold in an SDK, and the side each is on.
POSITIONS: dict[str, Side] = {
    "parameter": "request",
    "body-field": "request",
    "request-field": "request",
    "response-field": "response",
    "result": "response",
    # a named schema that is not an object (an enum, a union, an alias), used on that side
    "request-model": "request",
    "response-model": "response",
}


def sided_rule(change: str, side: Side) -> Rule:
    request, response = SIDED_RULES[change]
    return request if side == "request" else response


def highest_bump(bumps: list[Bump]) -> Bump:
    return max(bumps, key=BUMPS.index, default="none")


_SIDED_NAMES = {
    "added-required": "added, required",
    "added-optional": "added, optional",
    "removed": "removed",
    "required": "made required",
    "optional": "made optional",
    "nullable": "may be None now",
    "not-nullable": "never None now",
    "retyped-wider": "retyped, wider (int to float, X to X or Y, enum to str)",
    "retyped-narrower": "retyped, narrower",
    "retyped": "retyped otherwise",
    "enum-value-added": "enum value added",
    "enum-value-removed": "enum value removed",
    "union-member-added": "union member added",
    "union-member-removed": "union member removed",
}


def rules_table() -> str:
    """The README's table of every rule (tests/test_diff_rules.py keeps the two the same)."""
    rows = [
        "| Change | Side | Classification | Bump | Why |",
        "| --- | --- | --- | --- | --- |",
    ]
    for change, (request, response) in SIDED_RULES.items():
        for side, rule in (("request", request), ("response", response)):
            rows.append(
                f"| {_SIDED_NAMES[change]} | {side} | {rule.classification} | {rule.bump} "
                f"| {rule.reason} |"
            )
    for kind, rule in RULES.items():
        rows.append(
            f"| `{kind}` | | {rule.classification} | {rule.bump} | {rule.reason} |"
        )
    return "\n".join(rows) + "\n"
