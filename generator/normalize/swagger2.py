"""Swagger 2.0 -> OpenAPI 3.1.

What moves where (each move is recorded in the file's `origins`, new pointer -> the user's pointer):

- `definitions`, `parameters`, `responses`, `securityDefinitions` -> `components/...`; a body
  parameter under `parameters` becomes a `components/requestBodies` entry; every `$ref`, in every
  file, is rewritten to the new place of its target.
- `host`, `basePath`, `schemes` -> `servers` (no host: the relative `basePath`).
- `in: body` -> `requestBody`, one media type per `consumes` (default application/json);
  `in: formData` -> a `requestBody` object schema, multipart/form-data when `consumes` says so or a
  parameter is a `type: file`, else application/x-www-form-urlencoded.
- Other parameters and response headers: `type`, `format`, `items`, `enum`... -> `schema`;
  `collectionFormat` -> `style`/`explode` (tsv has no equivalent: comma-separated, with a warning).
- Response `schema` -> `content`, one media type per `produces`; `examples` -> each media type's
  `example`.
- Schemas: `x-nullable`, `type: file` (binary), string `discriminator`, boolean exclusive bounds.

A file reached by `$ref` that is not itself a Swagger document (a folder of schemas, parameters or
path items) is converted node by node, as the references to it say what each node is.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from ..diagnostics import Diagnostic, join_pointer, split_pointer
from ..load import SourceFile, SpecSource, _split_ref, _walk_pointer
from .schemas import SchemaUpgrader

_METHODS = ("get", "put", "post", "delete", "options", "head", "patch")
_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")
_JSON = "application/json"
# Keywords of a non-body parameter (or header, or items) that are schema keywords in 3.x.
_SCHEMA_KEYS = frozenset(
    {
        "type",
        "format",
        "items",
        "enum",
        "default",
        "maximum",
        "exclusiveMaximum",
        "minimum",
        "exclusiveMinimum",
        "maxLength",
        "minLength",
        "pattern",
        "maxItems",
        "minItems",
        "uniqueItems",
        "multipleOf",
        "x-nullable",
    }
)
_OAUTH_FLOWS = {
    "implicit": ("implicit", ("authorizationUrl",)),
    "password": ("password", ("tokenUrl",)),
    "application": ("clientCredentials", ("tokenUrl",)),
    "accessCode": ("authorizationCode", ("authorizationUrl", "tokenUrl")),
}
# collectionFormat -> (style, explode) in a query (or form) and in a path or header.
_STYLES = {
    "csv": (("form", False), ("simple", False)),
    "ssv": (("spaceDelimited", False), ("simple", False)),
    "pipes": (("pipeDelimited", False), ("simple", False)),
    "multi": (("form", True), ("simple", False)),
}


@dataclass(frozen=True)
class _Special:
    """A body or formData parameter: its value, as written (maybe a `$ref`), the file and
    pointer of its value, and the pointer of its use in the file being converted."""

    value: dict[str, Any]
    param: Any
    file: SourceFile
    pointer: str
    used_at: str


@dataclass
class _File:
    """What the conversion knows and makes for one file."""

    source: SourceFile
    is_document: bool  # a whole Swagger document (the root, or a file with `swagger:`)
    forward: dict[str, str]  # the user's pointer prefix -> its new place
    origins: dict[str, str] = field(default_factory=dict)
    targets: dict[str, str] = field(default_factory=dict)  # pointer -> kind of node


def convert_swagger2(spec: SpecSource) -> tuple[SpecSource, list[Diagnostic]]:
    """`spec`, a Swagger 2.0 document, as an OpenAPI 3.1 one, and warnings."""
    return _Converter(spec).run()


class _Converter:
    def __init__(self, spec: SpecSource) -> None:
        self.spec = spec
        self.warnings: list[Diagnostic] = []
        self.files = {
            path: _new_file(source, path == spec.root.path)
            for path, source in spec.files.items()
        }
        document = spec.root.data
        self.consumes = _media_types(document.get("consumes"))
        self.produces = _media_types(document.get("produces"))

    def run(self) -> tuple[SpecSource, list[Diagnostic]]:
        converted: dict[Path, Any] = {}
        for path, state in self.files.items():
            if state.is_document:
                converted[path] = self._document(state.source)
        done: dict[Path, dict[str, str]] = {}
        while True:  # fragments, until no conversion finds a new kind of node in one
            pending = [
                state
                for path, state in self.files.items()
                if not state.is_document and done.get(path) != state.targets
            ]
            if not pending:
                break
            for state in pending:
                done[state.source.path] = dict(state.targets)
                converted[state.source.path] = self._fragment(state)
        files = {
            path: (
                state.source
                if converted[path] is state.source.data
                else replace(state.source, data=converted[path], origins=state.origins)
            )
            for path, state in self.files.items()
        }
        return SpecSource(files[self.spec.root.path], files), self.warnings

    # -- references -------------------------------------------------------------------------

    def _ref(self, ref: str, file: SourceFile, kind: str = "schema") -> str:
        """`ref` (written in `file`) pointing at the new place of its target."""
        if "://" in ref.partition("#")[0]:
            return ref
        path, pointer = _split_ref(ref, file.path)
        state = self.files.get(path)
        if state is None:
            return ref
        if not state.is_document and kind != "schema":
            state.targets.setdefault(pointer, kind)
        moved = _longest_prefix(state.forward, pointer)
        if moved == pointer:
            return ref
        file_part, _, fragment = ref.partition("#")
        written = moved if unquote(fragment) == fragment else quote(moved, safe="/~")
        return f"{file_part}#{written}"

    def _resolved(
        self, node: Any, file: SourceFile, pointer: str
    ) -> tuple[Any, SourceFile, str]:
        target = self.spec.follow(node, file, pointer)
        return target.value, target.file, target.pointer

    def _schema(self, node: Any, file: SourceFile, new: str, old: str) -> Any:
        state = self.files[file.path]
        if new != old:
            state.origins[new] = old
        upgrader = SchemaUpgrader(
            state.origins,
            swagger2=True,
            rewrite_ref=lambda ref: self._ref(ref, file),
        )
        walked = upgrader.walk(node, new, old)
        for pointer, message in upgrader.notes:
            self.warnings.append(file.diagnostic(pointer, message, "warning"))
        return walked

    def _moved(self, file: SourceFile, new: str, old: str) -> None:
        if new != old:
            self.files[file.path].origins[new] = old

    # -- whole documents -------------------------------------------------------------------

    def _document(self, file: SourceFile) -> dict[str, Any]:
        data: dict[str, Any] = file.data
        out: dict[str, Any] = {}
        components: dict[str, Any] = {}
        for key, value in data.items():
            if key == "swagger":
                out["openapi"] = "3.1.0"
                self._moved(file, "/openapi", "/swagger")
            elif key in ("host", "basePath", "schemes"):
                if "servers" not in out:
                    servers = self._servers(data, file)
                    if servers:
                        out["servers"] = servers
            elif key in ("consumes", "produces"):
                continue
            elif key == "paths" and isinstance(value, dict):
                out["paths"] = self._paths(value, file)
            elif key in (
                "definitions",
                "parameters",
                "responses",
                "securityDefinitions",
            ):
                if "components" not in out:
                    out["components"] = components
                if isinstance(value, dict):
                    self._components(key, value, file, components)
            else:
                out[key] = value
        return out

    def _servers(self, data: dict[str, Any], file: SourceFile) -> list[dict[str, str]]:
        host, base = data.get("host"), data.get("basePath")
        base = base if isinstance(base, str) else ""
        if isinstance(host, str) and host:
            schemes = [s for s in data.get("schemes") or [] if isinstance(s, str)]
            schemes.sort(
                key=lambda s: s != "https"
            )  # the secure one first, as the default
            urls, written = [
                f"{s}://{host}{base}" for s in schemes or ["https"]
            ], "/host"
        elif base:
            urls, written = [base], "/basePath"
        else:
            return []
        self._moved(file, "/servers", written)
        for index in range(len(urls)):
            self._moved(file, join_pointer("/servers", index), written)
            self._moved(file, join_pointer("/servers", index, "url"), written)
        return [{"url": url} for url in urls]

    def _components(
        self,
        key: str,
        value: dict[str, Any],
        file: SourceFile,
        components: dict[str, Any],
    ) -> None:
        old = join_pointer("", key)
        for name, node in value.items():
            old_at = join_pointer(old, name)
            if key == "definitions":
                new = join_pointer("/components/schemas", name)
                components.setdefault("schemas", {})[name] = self._schema(
                    node, file, new, old_at
                )
            elif key == "responses":
                new = join_pointer("/components/responses", name)
                components.setdefault("responses", {})[name] = self._response(
                    node, file, new, old_at, self.produces
                )
            elif key == "securityDefinitions":
                new = join_pointer("/components/securitySchemes", name)
                components.setdefault("securitySchemes", {})[name] = self._security(
                    node, file, new, old_at
                )
            elif isinstance(node, dict) and node.get("in") == "body":
                new = join_pointer("/components/requestBodies", name)
                components.setdefault("requestBodies", {})[name] = self._body(
                    node, file, new, old_at, self.consumes
                )
            elif isinstance(node, dict) and node.get("in") != "formData":
                new = join_pointer("/components/parameters", name)
                components.setdefault("parameters", {})[name] = self._parameter(
                    node, file, new, old_at
                )
            # a formData parameter has no 3.x component: each use is inlined into its form

    def _security(self, node: Any, file: SourceFile, new: str, old: str) -> Any:
        if not isinstance(node, dict):
            return node
        self._moved(file, new, old)
        kept = {
            k: v for k, v in node.items() if k == "description" or k.startswith("x-")
        }
        kind = node.get("type")
        if kind == "basic":
            return {"type": "http", "scheme": "basic", **kept}
        if kind != "oauth2":
            return node
        name, urls = _OAUTH_FLOWS.get(str(node.get("flow")), ("implicit", ()))
        flow = {url: node[url] for url in urls if url in node}
        flow["scopes"] = node.get("scopes") or {}
        flow_pointer = join_pointer(new, "flows", name)
        self._moved(file, flow_pointer, old)
        return {"type": "oauth2", "flows": {name: flow}, **kept}

    # -- paths and operations --------------------------------------------------------------

    def _paths(self, paths: dict[str, Any], file: SourceFile) -> dict[str, Any]:
        return {
            key: (
                self._path_item(item, file, join_pointer("/paths", key))
                if isinstance(item, dict) and not key.startswith("x-")
                else item
            )
            for key, item in paths.items()
        }

    def _path_item(
        self, item: dict[str, Any], file: SourceFile, at: str
    ) -> dict[str, Any]:
        """A path item, written at `at` in `file` (it keeps that place)."""
        plain, special = self._split_parameters(item.get("parameters"), file, at, at)
        out: dict[str, Any] = {}
        for key, value in item.items():
            if key == "$ref" and isinstance(value, str):
                out[key] = self._ref(value, file, "pathItem")
            elif key == "parameters":
                if plain:
                    out[key] = plain
            elif key in _METHODS and isinstance(value, dict):
                out[key] = self._operation(value, file, join_pointer(at, key), special)
            else:
                out[key] = value
        return out

    def _split_parameters(
        self, parameters: Any, file: SourceFile, new: str, old: str
    ) -> tuple[list[Any], list[_Special]]:
        """The parameters that stay parameters (converted, at `new`/parameters), and the body and
        formData ones."""
        plain: list[Any] = []
        special: list[_Special] = []
        if not isinstance(parameters, list):
            return plain, special
        for index, param in enumerate(parameters):
            used_at = join_pointer(old, "parameters", index)
            value, where, pointer = self._resolved(param, file, used_at)
            if isinstance(value, dict) and value.get("in") in ("body", "formData"):
                special.append(_Special(value, param, where, pointer, used_at))
                continue
            new_at = join_pointer(new, "parameters", len(plain))
            if isinstance(param, dict) and isinstance(param.get("$ref"), str):
                self._moved(file, new_at, used_at)
                plain.append(
                    {**param, "$ref": self._ref(param["$ref"], file, "parameter")}
                )
            else:
                plain.append(self._parameter(param, file, new_at, used_at))
        return plain, special

    def _operation(
        self,
        operation: dict[str, Any],
        file: SourceFile,
        at: str,
        shared: list[_Special],
    ) -> dict[str, Any]:
        consumes = _media_types(operation.get("consumes"), self.consumes)
        produces = _media_types(operation.get("produces"), self.produces)
        plain, special = self._split_parameters(
            operation.get("parameters"), file, at, at
        )
        mine = {_key(s.value) for s in special}
        special += [s for s in shared if _key(s.value) not in mine]
        body = self._request_body(
            special, file, join_pointer(at, "requestBody"), consumes
        )
        out: dict[str, Any] = {}
        for key, value in operation.items():
            if key == "parameters":
                if plain:
                    out[key] = plain
            elif key in ("consumes", "produces", "schemes"):
                continue
            elif key == "responses" and isinstance(value, dict):
                out[key] = self._responses(value, file, join_pointer(at, key), produces)
            else:
                out[key] = value
            if key in ("parameters", "responses") and body is not None:
                out["requestBody"], body = body, None
        if body is not None:
            out["requestBody"] = body
        return out

    def _request_body(
        self,
        special: list[_Special],
        file: SourceFile,
        new: str,
        consumes: list[str],
    ) -> Any:
        bodies = [s for s in special if s.value.get("in") == "body"]
        if bodies:
            param, used_at = bodies[-1].param, bodies[-1].used_at
            if isinstance(param.get("$ref"), str):
                self._moved(file, new, used_at)
                return {**param, "$ref": self._ref(param["$ref"], file, "body")}
            return self._body(param, file, new, used_at, consumes)
        forms = [s for s in special if s not in bodies]
        return self._form(forms, file, new, consumes) if forms else None

    def _body(
        self,
        param: dict[str, Any],
        file: SourceFile,
        new: str,
        old: str,
        consumes: list[str],
    ) -> dict[str, Any]:
        self._moved(file, new, old)
        types = [t for t in consumes if t not in _FORMS] or consumes or [_JSON]
        body: dict[str, Any] = {}
        if "description" in param:
            body["description"] = param["description"]
        content = {}
        for media in types:
            at = join_pointer(new, "content", media)
            self._moved(file, at, old)
            content[media] = {
                "schema": self._schema(
                    param.get("schema"),
                    file,
                    join_pointer(at, "schema"),
                    join_pointer(old, "schema"),
                )
            }
        body["content"] = content
        if param.get("required") is True:
            body["required"] = True
        body.update((k, v) for k, v in param.items() if k.startswith("x-"))
        return body

    def _form(
        self,
        forms: list[_Special],
        file: SourceFile,
        new: str,
        consumes: list[str],
    ) -> dict[str, Any]:
        values = [(s.value, s.file, s.pointer, s.used_at) for s in forms]
        multipart = "multipart/form-data" in consumes or any(
            v.get("type") == "file" for v, _, _, _ in values
        )
        media = _FORMS[1] if multipart else _FORMS[0]
        at = join_pointer(new, "content", media)
        schema_at = join_pointer(at, "schema")
        first = values[0][3]
        for pointer in (new, at, schema_at):
            self._moved(file, pointer, first)
        properties: dict[str, Any] = {}
        required: list[str] = []
        encoding: dict[str, Any] = {}
        for value, where, pointer, used in values:
            name = str(value.get("name"))
            # a field is written in the user's text where the parameter is (or, if it is in
            # another file, where this operation refers to it)
            old = pointer if where.path == file.path else used
            prop_at = join_pointer(schema_at, "properties", name)
            schema = self._parameter_schema(value, file, prop_at, old)
            if isinstance(value.get("description"), str):
                schema = {**schema, "description": value["description"]}
            properties[name] = schema
            if value.get("required") is True:
                required.append(name)
            style = self._style(value, "query", file, old)
            if style is not None:
                encoding[name] = style
        schema_out: dict[str, Any] = {"type": "object", "properties": properties}
        if required:
            schema_out["required"] = required
        content: dict[str, Any] = {"schema": schema_out}
        if encoding:
            content["encoding"] = encoding
        body: dict[str, Any] = {"content": {media: content}}
        if required:
            body["required"] = True
        return body

    def _parameter(self, param: Any, file: SourceFile, new: str, old: str) -> Any:
        if not isinstance(param, dict):
            return param
        self._moved(file, new, old)
        out: dict[str, Any] = {}
        for key, value in param.items():
            if key in _SCHEMA_KEYS or key == "collectionFormat":
                if "schema" not in out:
                    out["schema"] = self._parameter_schema(
                        param, file, join_pointer(new, "schema"), old
                    )
            else:
                out[key] = value
        style = self._style(param, str(param.get("in")), file, old)
        if style is not None:
            out.update(style)
        return out

    def _parameter_schema(
        self, param: dict[str, Any], file: SourceFile, new: str, old: str
    ) -> Any:
        schema = {k: v for k, v in param.items() if k in _SCHEMA_KEYS}
        return self._schema(schema, file, new, old)

    def _style(
        self, param: dict[str, Any], where: str, file: SourceFile, old: str
    ) -> dict[str, Any] | None:
        """`style` and `explode` for an array parameter written at `old` in `file`."""
        if param.get("type") != "array":
            return None
        written_as = param.get("collectionFormat", "csv")
        if written_as == "tsv":
            message = (
                "collectionFormat tsv (tab-separated) has no OpenAPI 3 equivalent: "
                "the values are sent comma-separated"
            )
            pointer = join_pointer(old, "collectionFormat")
            self.warnings.append(
                file.diagnostic(pointer, message, "warning", limitation=True)
            )
        query, simple = _STYLES.get(str(written_as), _STYLES["csv"])
        style, explode = query if where in ("query", "formData", "cookie") else simple
        return {"style": style, "explode": explode}

    # -- responses -------------------------------------------------------------------------

    def _responses(
        self, responses: dict[str, Any], file: SourceFile, at: str, produces: list[str]
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for code, response in responses.items():
            where = join_pointer(at, code)
            if not isinstance(response, dict) or str(code).startswith("x-"):
                out[code] = response
            elif isinstance(response.get("$ref"), str):
                out[code] = {
                    **response,
                    "$ref": self._ref(response["$ref"], file, "response"),
                }
            else:
                out[code] = self._response(response, file, where, where, produces)
        return out

    def _response(
        self, response: Any, file: SourceFile, new: str, old: str, produces: list[str]
    ) -> Any:
        if not isinstance(response, dict):
            return response
        self._moved(file, new, old)
        out: dict[str, Any] = {"description": response.get("description", "")}
        examples = response.get("examples")
        examples = examples if isinstance(examples, dict) else {}
        content: dict[str, Any] = {}
        if "schema" in response:
            for media in produces or [_JSON]:
                media_at = join_pointer(new, "content", media)
                self._moved(file, media_at, old)
                content[media] = {
                    "schema": self._schema(
                        response["schema"],
                        file,
                        join_pointer(media_at, "schema"),
                        join_pointer(old, "schema"),
                    )
                }
        for media, example in examples.items():
            media_at = join_pointer(new, "content", media)
            if media not in content:
                self._moved(file, media_at, join_pointer(old, "examples", media))
                content[media] = dict(next(iter(content.values()))) if content else {}
            else:
                content[media] = dict(content[media])
            content[media]["example"] = example
            self._moved(
                file,
                join_pointer(media_at, "example"),
                join_pointer(old, "examples", media),
            )
        for key, value in response.items():
            if key == "headers" and isinstance(value, dict):
                out["headers"] = {
                    name: self._header(header, file, join_pointer(new, key, name))
                    for name, header in value.items()
                }
            elif key.startswith("x-"):
                out[key] = value
        if content:
            out["content"] = content
        return out

    def _header(self, header: Any, file: SourceFile, at: str) -> Any:
        if not isinstance(header, dict) or "$ref" in header:
            return header
        out = {
            k: v
            for k, v in header.items()
            if k not in _SCHEMA_KEYS and k != "collectionFormat"
        }
        out["schema"] = self._parameter_schema(
            header, file, join_pointer(at, "schema"), at
        )
        style = self._style(header, "header", file, at)
        if style is not None:
            out.update(style)
        return out

    # -- files that are not documents ------------------------------------------------------

    def _fragment(self, state: _File) -> Any:
        """A file of parts (schemas, parameters, responses, path items), converted by what the
        references to each part say it is."""
        file = state.source
        state.origins.clear()
        data = self._schema(file.data, file, "", "")
        for pointer in sorted(state.targets, key=len):
            kind = state.targets[pointer]
            try:
                node = _walk_pointer(file.data, pointer)
            except LookupError:
                continue
            if kind == "parameter":
                node = self._parameter(node, file, pointer, pointer)
            elif kind == "body" and isinstance(node, dict):
                node = self._body(node, file, pointer, pointer, self.consumes)
            elif kind == "response":
                node = self._response(node, file, pointer, pointer, self.produces)
            elif kind == "pathItem" and isinstance(node, dict):
                node = self._path_item(node, file, pointer)
            data = _replaced(data, split_pointer(pointer), node)
        moved = state.forward.get("/definitions")
        if (
            moved
            and isinstance(data, dict)
            and isinstance(data.get("definitions"), dict)
        ):
            rest = {k: v for k, v in data.items() if k != "definitions"}
            components = dict(rest.get("components") or {})
            components["schemas"] = data["definitions"]
            data = {**rest, "components": components}
            state.origins["/components/schemas"] = "/definitions"
        return data


def _new_file(source: SourceFile, is_root: bool) -> _File:
    data = source.data
    is_document = is_root or (isinstance(data, dict) and "swagger" in data)
    forward: dict[str, str] = {}
    if isinstance(data, dict):
        if isinstance(data.get("definitions"), dict):
            forward["/definitions"] = "/components/schemas"
        if is_document:
            if isinstance(data.get("responses"), dict):
                forward["/responses"] = "/components/responses"
            if isinstance(data.get("securityDefinitions"), dict):
                forward["/securityDefinitions"] = "/components/securitySchemes"
            parameters = data.get("parameters")
            for name, param in (
                parameters if isinstance(parameters, dict) else {}
            ).items():
                where = param.get("in") if isinstance(param, dict) else None
                if where == "body":
                    folder = "/components/requestBodies"
                elif where == "formData":
                    continue
                else:
                    folder = "/components/parameters"
                forward[join_pointer("/parameters", name)] = join_pointer(folder, name)
    return _File(source, is_document, forward)


def _longest_prefix(table: dict[str, str], pointer: str) -> str:
    probe = pointer
    while True:
        found = table.get(probe)
        if found is not None:
            return found + pointer[len(probe) :]
        if not probe:
            return pointer
        probe = probe[: probe.rfind("/")]


def _replaced(data: Any, tokens: list[str], node: Any) -> Any:
    """`data` with `node` at `tokens`, copying only the containers on the way."""
    if not tokens:
        return node
    head, rest = tokens[0], tokens[1:]
    if isinstance(data, dict):
        return {**data, head: _replaced(data[head], rest, node)}
    copy = list(data)
    copy[int(head)] = _replaced(copy[int(head)], rest, node)
    return copy


def _media_types(value: Any, default: list[str] | None = None) -> list[str]:
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return list(default or [])


def _key(value: dict[str, Any]) -> tuple[str, str]:
    """What makes a parameter the same as another: its name and location (body: just `body`)."""
    if value.get("in") == "body":
        return ("body", "")
    return (str(value.get("in")), str(value.get("name")))
