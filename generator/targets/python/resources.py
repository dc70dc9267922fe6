"""Operations grouped into the resource tree the SDK exposes (`sdk.llm.responses`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ...naming import ANNOTATION_BUILTINS, NameRegistry, class_name, python_name
from ...reserved import CLASS_RESERVED, METHOD_RESERVED, SDK_ATTRIBUTE_RESERVED
from ...text import SpecText
from .view import ChildResource, Operation, Resource
from .modules import import_block


@dataclass
class ResourceNode:
    """A resource while the tree is being built."""

    path: tuple[str, ...]
    children: dict[str, ResourceNode] = field(default_factory=dict)
    operations: list[Operation] = field(default_factory=list)
    model_imports: set[str] = field(default_factory=set)
    typing_imports: set[str] = field(default_factory=set)
    method_names: NameRegistry = field(
        default_factory=lambda: NameRegistry(METHOD_RESERVED)
    )
    tags: list[str] = field(default_factory=list)

    def child(self, path: tuple[str, ...]) -> ResourceNode:
        """The node at `path` below this one, created with its ancestors as needed."""
        node = self
        for depth, segment in enumerate(path):
            node = node.children.setdefault(segment, ResourceNode(path[: depth + 1]))
        return node

    def attributes(self) -> dict[str, str]:
        """The attribute for each sub-resource: its path segment, unless an operation of this
        resource or the object's own API (`sdk.close`) has that name (`/pets/list/{id}` beside
        `sdk.pets.list()` becomes `sdk.pets.list_`)."""
        taken = set(SDK_ATTRIBUTE_RESERVED if not self.path else METHOD_RESERVED)
        taken |= self.method_names.taken()
        attributes = {}
        for segment in self.children:
            attributes[segment] = python_name(segment, frozenset(taken))
            taken.add(attributes[segment])
        return attributes

    def attribute_paths(self) -> dict[tuple[str, ...], tuple[str, ...]]:
        """For this node and each below it: the attributes that lead to it from this node."""
        paths: dict[tuple[str, ...], tuple[str, ...]] = {self.path: ()}
        for node in [self, *self.walk()]:
            for segment, attribute in node.attributes().items():
                paths[node.children[segment].path] = (*paths[node.path], attribute)
        return paths

    def walk(self) -> list[ResourceNode]:
        """This node's descendants, parents before children, in creation order."""
        found = []
        for node in self.children.values():
            found.append(node)
            found.extend(node.walk())
        return found


def freeze_tree(
    root: ResourceNode,
    package: str,
    tag_docs: dict[str, str],
    model_names: frozenset[str],
    root_runtime: set[str],
) -> tuple[Resource, tuple[Resource, ...]]:
    """The SDK's root resource and every resource below it, with names and imports resolved.

    Resource classes share modules with the models they return, so a resource never takes a
    model's name: `/users` next to a `User`... is fine, but `/user` becomes `UserResource`; nor
    a name the generated code uses (`/operation` becomes `OperationResource`). The same holds
    for the `Async` twin of each name.
    """
    names = NameRegistry(
        CLASS_RESERVED | model_names | {"Async" + name for name in model_names}
    )
    class_names: dict[tuple[str, ...], str] = {}
    for node in root.walk():
        short = class_name(node.path[-1], frozenset())
        candidates = (
            short,
            short + "Resource",
            class_name("_".join(node.path), frozenset()) + "Resource",
        )
        class_names[node.path] = _claim_with_twin(names, candidates)
    resources = tuple(
        _freeze(node, package, class_names, tag_docs, set()) for node in root.walk()
    )
    return _freeze(root, package, class_names, tag_docs, root_runtime), resources


def _claim_with_twin(names: NameRegistry, candidates: tuple[str, ...]) -> str:
    """The first candidate free together with its `Async` twin (else the last one, numbered);
    both are claimed."""
    free = next((c for c in candidates if _pair_free(names, c)), None)
    number = 2
    while free is None:
        numbered = f"{candidates[-1]}{number}"
        free, number = (numbered if _pair_free(names, numbered) else None), number + 1
    names.claim(free)
    names.claim("Async" + free)
    return free


def _pair_free(names: NameRegistry, name: str) -> bool:
    return name not in names and "Async" + name not in names


def _module(path: tuple[str, ...], package: str) -> str:
    return ".".join((package, "resources", *path)) if path else f"{package}._sdk"


def _freeze(
    node: ResourceNode,
    package: str,
    class_names: dict[tuple[str, ...], str],
    tag_docs: dict[str, str],
    root_runtime: set[str],
) -> Resource:
    name = class_names.get(node.path, "SDK")
    attributes = node.attributes()
    children = tuple(
        ChildResource(
            attr=attributes[segment],
            class_name=class_names[child.path],
            async_class_name="Async" + class_names[child.path],
            module=_module(child.path, package),
            doc=SpecText(_doc(child, tag_docs)),
        )
        for segment, child in node.children.items()
    )
    operations, shadowed = _unshadowed(node.operations)
    file = "/".join(("resources", *node.path)) + (
        "/__init__.py" if node.children else ".py"
    )
    return Resource(
        dotted=".".join(node.path),
        file=file if node.path else "_sdk.py",
        module=_module(node.path, package),
        class_name=name,
        async_class_name="Async" + name,
        doc=SpecText(_doc(node, tag_docs)),
        imports=_imports(
            node, children, package, root_runtime if not node.path else set(), shadowed
        ),
        children=children,
        operations=operations,
    )


def _doc(node: ResourceNode, tag_docs: dict[str, str]) -> str:
    tags = set(node.tags)
    if len(tags) == 1 and tag_docs.get(node.tags[0]):
        return tag_docs[node.tags[0]]
    return f"The `{'.'.join(node.path)}` resource."


def _unshadowed(operations: list[Operation]) -> tuple[tuple[Operation, ...], bool]:
    """The operations, with `builtins.` before builtins their class shadows with a method.

    A method named `list` is what users expect (`sdk.pets.list()`), but inside its class `list[...]`
    would then name the method; `builtins.list[...]` always means the type.
    """
    shadowed = {op.method_name for op in operations} & ANNOTATION_BUILTINS
    if not shadowed:
        return tuple(operations), False
    pattern = re.compile(rf"(?<![\w.])({'|'.join(sorted(shadowed))})\b")

    def qualify(annotation: str) -> str:
        return pattern.sub(r"builtins.\1", annotation)

    return (
        tuple(
            replace(
                op,
                params=tuple(
                    replace(p, annotation=qualify(p.annotation)) for p in op.params
                ),
                arguments=tuple(
                    replace(p, annotation=qualify(p.annotation)) for p in op.arguments
                ),
                return_annotation=qualify(op.return_annotation),
                async_return_annotation=qualify(op.async_return_annotation),
            )
            for op in operations
        ),
        True,
    )


def _imports(
    node: ResourceNode,
    children: tuple[ChildResource, ...],
    package: str,
    extra_runtime: set[str],
    needs_builtins: bool,
) -> tuple[str, ...]:
    is_root = not node.path  # the SDK class: `with_options(**options)`, `__exit__`
    standard = ["import builtins"] if needs_builtins else []
    if node.operations or children:
        standard += ["from functools import cached_property"]
    standard += ["from types import TracebackType"] if is_root else []
    # Every method takes its per-call options as `**request_options: Unpack[...]`;
    # a sub-resource's module is imported on first use, and named for type checkers only.
    typing_names = sorted(
        node.typing_imports - {"Field"}
        | ({"Unpack"} if node.operations or is_root else set())
        | ({"TYPE_CHECKING"} if children else set())
    )
    standard += (
        [f"from typing import {', '.join(typing_names)}"] if typing_names else []
    )
    pydantic_names = {"Field"} & node.typing_imports
    if any(op.uses_type_adapter for op in node.operations):
        pydantic_names.add("TypeAdapter")
    third_party = ["import httpx"] if is_root else []
    third_party += (
        [f"from pydantic import {', '.join(sorted(pydantic_names))}"]
        if pydantic_names
        else []
    )
    runtime = {"AsyncClient", "SyncClient"} | extra_runtime
    if "TypeAdapter" in pydantic_names:
        runtime.add("DEFER_BUILD")
    if any(op.raw_wrapper == "raw_response_method" for op in node.operations):
        runtime |= {"async_raw_response_method", "raw_response_method"}
    for op in node.operations:
        runtime.update({"Operation", "Param"} if op.params else {"Operation"})
        runtime.update(
            constraint.split("(", 1)[0]
            for param in op.params
            for constraint in param.constraints
        )
        runtime.update({"ignore_body"} if op.parse == "ignore_body" else set())
        runtime.update(op.runtime_names)
    own = [f"from {package}._runtime import {', '.join(sorted(runtime))}"]
    own += (
        [f"from {package}.models import {', '.join(sorted(node.model_imports))}"]
        if node.model_imports
        else []
    )
    type_checking = [
        f"    from {child.module} import {child.async_class_name}, {child.class_name}"
        for child in children
    ]
    return import_block(
        standard,
        third_party,
        own,
        ["if TYPE_CHECKING:", *type_checking] if type_checking else [],
    )
