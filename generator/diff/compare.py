"""Compare two versions of an API's IR, in one target's names: the drift report's changes.

Operations are matched by operationId (else by HTTP method and path, so a new operationId on the
same endpoint is not a removal and an addition); parameters by location and wire name (header
names case-insensitively); body fields and model fields by wire name; named models by their id.
What users call each thing comes from the target's `Names` (names.py), one per version.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..ir.api import Api, Operation, Requirement, RequestBody
from ..ir.types import AnyType, ModelRef, ObjectType, TypeNode
from .names import Names
from .report import Change, Code, Piece, Report
from .rules import CLASSIFICATIONS, RULES, BUMPS, Side, sided_rule
from .types import Position, TypeComparer, reachable_sides, split_null


@dataclass(frozen=True, slots=True)
class Version:
    """One version of the API: its IR, the target's names for it, and how the user named it."""

    api: Api
    names: Names
    label: str


def compare(old: Version, new: Version) -> Report:
    """Every change from `old` to `new`, classified, in `new`'s target's terms."""
    return _Comparison(old, new).report()


class _Comparison:
    def __init__(self, old: Version, new: Version) -> None:
        self.old, self.new = old, new
        self.target = new.names.target
        self.changes: list[Change] = []
        self.types = TypeComparer(
            old.names,
            new.names,
            self._sided,
            old.api.definitions,
            new.api.definitions,
        )

    def report(self) -> Report:
        self._operations()
        self._models()
        self._auth_schemes()
        self._servers()
        return Report(
            self.target, self.old.label, self.new.label, _merged(self.changes)
        )

    # -- emitting ------------------------------------------------------------------------------

    def _sided(
        self, kind: str, where: str, what: tuple[Piece, ...], change: str, side: Side
    ) -> None:
        self.changes.append(
            Change(kind, self.target, where, what, sided_rule(change, side))
        )

    def _plain(self, kind: str, where: str, what: tuple[Piece, ...]) -> None:
        self.changes.append(Change(kind, self.target, where, what, RULES[kind]))

    # -- operations ----------------------------------------------------------------------------

    def _operations(self) -> None:
        old_ops = {
            p.operation.operation_id.raw: p.operation for p in self.old.api.operations
        }
        new_ops = {
            p.operation.operation_id.raw: p.operation for p in self.new.api.operations
        }
        pairs = [(old_ops[k], new_ops[k]) for k in old_ops.keys() & new_ops.keys()]
        # An endpoint whose operationId changed is the same operation.
        by_endpoint = {
            (op.method, op.path.raw): op
            for k, op in old_ops.items()
            if k not in new_ops
        }
        added = []
        for key, op in new_ops.items():
            if key in old_ops:
                continue
            previous = by_endpoint.pop((op.method, op.path.raw), None)
            if previous is not None:
                pairs.append((previous, op))
            else:
                added.append(op)
        for op in added:
            name = self.new.names.method(op.operation_id.raw)
            if name is not None:
                self._plain(
                    "method-added", name, ("method added (", _endpoint(op), ")")
                )
        for op in by_endpoint.values():
            name = self.old.names.method(op.operation_id.raw)
            if name is not None:
                self._plain(
                    "method-removed", name, ("method removed (", _endpoint(op), ")")
                )
        for old_op, new_op in sorted(pairs, key=lambda pair: pair[1].operation_id.raw):
            self._operation(old_op, new_op)

    def _operation(self, old: Operation, new: Operation) -> None:
        old_name = self.old.names.method(old.operation_id.raw)
        where = self.new.names.method(new.operation_id.raw)
        if old_name is None or where is None:
            return  # a target that makes no method of it: nothing its users see
        if old_name != where:
            what = ("method renamed from ", Code(old_name), " to ", Code(where))
            self._plain("method-renamed", where, what)
        if new.deprecated and not old.deprecated:
            self._plain("method-deprecated", where, ("method deprecated",))
        self._parameters(old, new, where)
        self._body(old, new, where)
        self._result(old, new, where)
        self._requirements(old, new, where)

    def _parameters(self, old: Operation, new: Operation, where: str) -> None:
        def keyed(
            op: Operation, names: Names
        ) -> dict[tuple[str, str], tuple[TypeNode, bool, str, str]]:
            found = {}
            for p in op.parameters:
                spelled = names.argument(
                    op.operation_id.raw, p.location, p.wire_name.raw
                )
                if spelled is None:
                    continue  # taken some other way (a credential, say)
                wire = (
                    p.wire_name.raw.lower()
                    if p.location == "header"
                    else p.wire_name.raw
                )
                found[(p.location, wire)] = (
                    p.type,
                    p.required,
                    spelled.name,
                    p.wire_name.raw,
                )
            return found

        before, after = keyed(old, self.old.names), keyed(new, self.new.names)
        for key, (node, required, name, wire) in after.items():
            pos = Position("parameter", f"{where}({name})")
            described = (f"{key[0]} parameter ", Code(wire))
            if key not in before:
                change = "required" if required else "optional"
                self.types.emit(
                    pos, f"added-{change}", (f"{change} ", *described, " added")
                )
                continue
            old_node, old_required, _, _ = before[key]
            if old_required != required:
                change = "required" if required else "optional"
                self.types.emit(pos, change, (*described, f" is {change} now"))
            self.types.types(old_node, node, pos)
        for key in before.keys() - after.keys():
            _, _, name, wire = before[key]
            pos = Position("parameter", f"{where}({name})")
            self.types.emit(
                pos, "removed", (f"{key[0]} parameter ", Code(wire), " removed")
            )

    def _body(self, old: Operation, new: Operation, where: str) -> None:
        what: tuple[Piece, ...]
        old_media, old_fields = _body_fields(old.request_body, self.old.api)
        new_media, new_fields = _body_fields(new.request_body, self.new.api)
        if old_media and new_media and old_media != new_media:
            what = (
                "request body sent as ",
                Code(new_media),
                " instead of ",
                Code(old_media),
            )
            self._plain("body-media-type-changed", where, what)

        def name(names: Names, op: Operation, wire: str) -> str:
            spelled = names.argument(op.operation_id.raw, "body", wire)
            return spelled.name if spelled else wire

        for wire, (node, required) in new_fields.items():
            pos = Position("body-field", f"{where}({name(self.new.names, new, wire)})")
            if wire not in old_fields:
                change = "required" if required else "optional"
                what = (f"{change} body field ", Code(wire), " added")
                self.types.emit(pos, f"added-{change}", what)
                continue
            old_node, old_required = old_fields[wire]
            if old_required != required:
                change = "required" if required else "optional"
                self.types.emit(
                    pos, change, ("body field ", Code(wire), f" is {change} now")
                )
            self.types.types(old_node, node, pos)
        for wire in old_fields.keys() - new_fields.keys():
            pos = Position("body-field", f"{where}({name(self.old.names, old, wire)})")
            self.types.emit(pos, "removed", ("body field ", Code(wire), " removed"))

    def _result(self, old: Operation, new: Operation, where: str) -> None:
        before, after = old.success, new.success
        pos = Position("result", f"{where}()")
        old_kind = before.kind if before else "empty"
        new_kind = after.kind if after else "empty"
        if old_kind == "empty" and new_kind != "empty":
            what = ("returns ", Code(new_kind), " instead of nothing")
            self._plain("result-added", pos.where, what)
        elif old_kind != new_kind:
            what = ("returns ", Code(new_kind), " instead of ", Code(old_kind))
            self.types.emit(pos, "retyped", what)
        elif before is not None and after is not None and old_kind == "json":
            self.types.types(before.type or AnyType(), after.type or AnyType(), pos)

    def _requirements(self, old: Operation, new: Operation, where: str) -> None:
        before = _effective(old, self.old.api)
        after = _effective(new, self.new.api)
        if before == after:
            return
        what = ("needs ", Code(_spelled(after)), " instead of ", Code(_spelled(before)))
        if _anonymous(after):
            self._plain("auth-requirement-relaxed", where, what)
        elif _anonymous(before):
            self._plain("auth-requirement-changed", where, what)
        elif before <= after:
            self._plain("auth-requirement-relaxed", where, what)
        elif before & after:
            self._plain("auth-requirement-narrowed", where, what)
        else:
            self._plain("auth-requirement-changed", where, what)

    # -- models, credentials, servers ----------------------------------------------------------

    def _models(self) -> None:
        old_sides = _sides(self.old.api)
        new_sides = _sides(self.new.api)
        old_defs, new_defs = self.old.api.definitions, self.new.api.definitions
        for definition_id in sorted(old_defs.keys() & new_defs.keys()):
            old_def, new_def = old_defs[definition_id], new_defs[definition_id]
            if old_def.type == new_def.type:
                continue
            where = self.new.names.model(definition_id)
            sides = old_sides.get(definition_id, set()) | new_sides.get(
                definition_id, set()
            )
            for side in sorted(sides):
                if isinstance(old_def.type, ObjectType) and isinstance(
                    new_def.type, ObjectType
                ):
                    kind = f"{side}-field"
                    self.types.fields(
                        old_def.type, new_def.type, definition_id, where, kind
                    )
                else:
                    pos = Position(f"{side}-model", where)
                    self.types.types(old_def.type, new_def.type, pos)

    def _auth_schemes(self) -> None:
        what: tuple[Piece, ...]
        old = {
            s.key: s
            for s in self.old.api.security_schemes
            if s.key in _used_schemes(self.old.api)
        }
        new = {
            s.key: s
            for s in self.new.api.security_schemes
            if s.key in _used_schemes(self.new.api)
        }
        for key in sorted(new.keys() - old.keys()):
            self._plain(
                "auth-scheme-added", "SDK", ("credential ", Code(key), " added")
            )
        for key in sorted(old.keys() - new.keys()):
            self._plain(
                "auth-scheme-removed", "SDK", ("credential ", Code(key), " removed")
            )
        for key in sorted(old.keys() & new.keys()):
            a, b = old[key], new[key]
            if (a.type, a.scheme) != (b.type, b.scheme):
                what = (
                    "credential ",
                    Code(key),
                    " is ",
                    Code(_scheme(b)),
                    " instead of ",
                    Code(_scheme(a)),
                )
                self._plain("auth-scheme-changed", "SDK", what)
            elif (a.location, a.parameter_name.raw) != (
                b.location,
                b.parameter_name.raw,
            ):
                what = (
                    "credential ",
                    Code(key),
                    " is sent in ",
                    Code(f"{b.location} {b.parameter_name.raw}"),
                )
                self._plain("auth-scheme-moved", "SDK", what)

    def _servers(self) -> None:
        old = [s.url.raw for s in self.old.api.servers]
        new = [s.url.raw for s in self.new.api.servers]
        old_default = old[0] if old else ""
        new_default = new[0] if new else ""
        if old_default != new_default:
            what = (
                "default server ",
                Code(new_default or "(none)"),
                " instead of ",
                Code(old_default or "(none)"),
            )
            self._plain("server-default-changed", "SDK", what)
        for url in new[1:]:
            if url not in old:
                self._plain("server-added", "SDK", ("server ", Code(url), " added"))
        for url in old[1:]:
            if url not in new:
                self._plain("server-removed", "SDK", ("server ", Code(url), " removed"))


def _endpoint(op: Operation) -> Code:
    return Code(f"{op.method.upper()} {op.path.raw}")


def _primary_content_type(body: RequestBody):  # type: ignore[no-untyped-def]
    """The media type a method sends by default: the first JSON one, else form, else multipart,
    else the first listed (the README's rule, the same for every target)."""
    for encoding in ("json", "form", "multipart"):
        for content in body.contents:
            if content.encoding == encoding:
                return content
    return body.contents[0] if body.contents else None


def _body_fields(
    body: RequestBody | None, api: Api
) -> tuple[str, dict[str, tuple[TypeNode, bool]]]:
    """The default media type, and the fields a call gives the body: an object's top-level
    properties (required when the body is), or the whole body as one field, `body`."""
    if body is None:
        return "", {}
    content = _primary_content_type(body)
    if content is None:
        return "", {}
    node = content.type or AnyType()
    inner = _object(node, api)
    if inner is None:
        return content.media_type.raw, {"body": (node, body.required)}
    return content.media_type.raw, {
        p.wire_name.raw: (p.type, p.required and body.required)
        for p in inner.properties
        if not p.read_only
    }


def _object(node: TypeNode, api: Api) -> ObjectType | None:
    seen: set[str] = set()
    node, _ = split_null(node)
    while (
        isinstance(node, ModelRef)
        and node.id not in seen
        and node.id in api.definitions
    ):
        seen.add(node.id)
        node, _ = split_null(api.definitions[node.id].type)
    return node if isinstance(node, ObjectType) else None


def _sides(api: Api) -> dict[str, set[Side]]:
    """Which side each named model is used on. A model that is a whole request body is not
    "sent" as a model: its fields are the method's body fields, compared there."""
    roots: list[tuple[TypeNode, Side]] = []
    for placed in api.operations:
        op = placed.operation
        roots.extend((p.type, "request") for p in op.parameters)
        if op.request_body is not None:
            for content in op.request_body.contents:
                node = content.type or AnyType()
                inner = _object(node, api)
                if inner is not None:
                    roots.extend(
                        (p.type, "request") for p in inner.properties if not p.read_only
                    )
                else:
                    roots.append((node, "request"))
        roots.extend((r.type, "response") for r in op.responses if r.type is not None)
    return reachable_sides(roots, api.definitions)


def _effective(op: Operation, api: Api) -> frozenset[frozenset[str]]:
    requirements: Iterable[Requirement] = (
        op.security if op.security is not None else api.security
    )
    return frozenset(frozenset(r) for r in requirements)


def _anonymous(requirements: frozenset[frozenset[str]]) -> bool:
    """Whether a call may send no credentials at all."""
    return not requirements or frozenset() in requirements


def _spelled(requirements: frozenset[frozenset[str]]) -> str:
    if not requirements or frozenset() in requirements:
        alternatives = ["no credentials"] + [
            " and ".join(sorted(r)) for r in requirements if r
        ]
    else:
        alternatives = [" and ".join(sorted(r)) for r in requirements]
    return " or ".join(sorted(alternatives))


def _used_schemes(api: Api) -> set[str]:
    used = {key for requirement in api.security for key in requirement}
    for placed in api.operations:
        for requirement in placed.operation.security or ():
            used.update(requirement)
    return used


def _scheme(scheme) -> str:  # type: ignore[no-untyped-def]
    return f"{scheme.type} {scheme.scheme}".strip()


def _merged(changes: list[Change]) -> tuple[Change, ...]:
    """Each change once: a model used on both sides can change the same way on each; the report
    keeps the one that matters more (breaking over unsafe over non-breaking, then the bump).
    """
    best: dict[tuple[str, str, str], Change] = {}
    for change in changes:
        what = "".join(p.text if isinstance(p, Code) else p for p in change.what)
        key = (change.where, _sideless(change.kind), what)
        held = best.get(key)
        if held is None or _weight(change) > _weight(held):
            best[key] = change
    return tuple(sorted(best.values(), key=Change.sort_key))


def _sideless(kind: str) -> str:
    for prefix in ("request-", "response-"):
        if kind.startswith(prefix):
            return kind[len(prefix) :]
    return kind


def _weight(change: Change) -> tuple[int, int]:
    return (-CLASSIFICATIONS.index(change.classification), BUMPS.index(change.bump))
