"""generator/normalize/: Swagger 2.0 and OpenAPI 3.0 in the OpenAPI 3.1 shape, with diagnostics on
the new document still naming the line and pointer the user wrote."""

from __future__ import annotations

import copy
import textwrap
from pathlib import Path
from typing import Any

import pytest

from generator.load import SourceFile, SpecSource, load_spec
from generator.normalize import normalize_spec
from generator.pipeline import generate


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


SWAGGER = """\
swagger: "2.0"
info: {title: Pets, version: "1.0"}
"""


def normalized(text: str, name: str = "spec.yaml") -> tuple[SpecSource, list[Any]]:
    Path(name).write_text(textwrap.dedent(text), encoding="utf-8")
    return normalize_spec(load_spec(name))


def line_of(text: str, marker: str, name: str = "spec.yaml") -> int:
    """The 1-based line of the only line of the file that holds `marker`."""
    lines = [
        n
        for n, line in enumerate(Path(name).read_text().splitlines(), 1)
        if marker in line
    ]
    assert len(lines) == 1, (marker, lines)
    return lines[0]


def where(file: SourceFile, pointer: str) -> tuple[str, int | None]:
    d = file.diagnostic(pointer, "problem")
    return d.pointer, d.line


def at(data: Any, *tokens: str | int) -> Any:
    for token in tokens:
        data = data[token]
    return data


def test_definitions_move_to_components_and_every_ref_follows() -> None:
    spec, warnings = normalized(SWAGGER + """\
paths:
  /pets:
    get:
      responses:
        "200":
          description: ok
          schema: {$ref: '#/definitions/Pets'}
definitions:
  Pets:
    type: array
    items: {$ref: '#/definitions/Pet'}
  Pet:
    type: object
    properties:
      name: {type: string}  # name-line
""")
    data = spec.root.data
    assert warnings == []
    assert data["openapi"] == "3.1.0" and "swagger" not in data
    assert "definitions" not in data
    schemas = data["components"]["schemas"]
    assert schemas["Pets"]["items"] == {"$ref": "#/components/schemas/Pet"}
    assert at(data, "paths", "/pets", "get", "responses", "200") == {
        "description": "ok",
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Pets"}}
        },
    }
    assert spec.resolve("#/components/schemas/Pet", spec.root).value is schemas["Pet"]
    assert where(spec.root, "/components/schemas/Pet/properties/name") == (
        "/definitions/Pet/properties/name",
        line_of("", "name-line"),
    )
    assert where(
        spec.root,
        "/paths/~1pets/get/responses/200/content/application~1json/schema/$ref",
    ) == ("/paths/~1pets/get/responses/200/schema/$ref", line_of("", "schema: {$ref"))


def test_body_parameter_becomes_request_body_per_consumes() -> None:
    spec, _ = normalized(SWAGGER + """\
consumes: [application/json, application/xml]
paths:
  /pets:
    post:
      parameters:
        - name: id
          in: query
          type: integer
        - name: pet
          in: body
          description: The pet.
          required: true
          x-kept: yes
          schema: {type: object}  # body-schema
      responses:
        "204": {description: done}
""")
    post = spec.root.data["paths"]["/pets"]["post"]
    assert post["parameters"] == [
        {"name": "id", "in": "query", "schema": {"type": "integer"}}
    ]
    assert post["requestBody"] == {
        "description": "The pet.",
        "content": {
            "application/json": {"schema": {"type": "object"}},
            "application/xml": {"schema": {"type": "object"}},
        },
        "required": True,
        "x-kept": True,
    }
    assert where(
        spec.root,
        "/paths/~1pets/post/requestBody/content/application~1json/schema",
    ) == ("/paths/~1pets/post/parameters/1/schema", line_of("", "body-schema"))
    assert where(spec.root, "/paths/~1pets/post/requestBody/description") == (
        "/paths/~1pets/post/parameters/1/description",
        line_of("", "The pet."),
    )
    assert where(spec.root, "/paths/~1pets/post/parameters/0/schema/type") == (
        "/paths/~1pets/post/parameters/0/type",
        line_of("", "type: integer"),
    )


def test_form_data_with_a_file_is_multipart() -> None:
    spec, _ = normalized(SWAGGER + """\
paths:
  /upload:
    post:
      parameters:
        - {name: note, in: formData, type: string, description: A note.}
        - {name: file, in: formData, type: file, required: true}  # file-line
        - {name: tags, in: formData, type: array, items: {type: string}, collectionFormat: multi}
      responses:
        "204": {description: done}
""")
    post = spec.root.data["paths"]["/upload"]["post"]
    assert "parameters" not in post
    assert post["requestBody"] == {
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "note": {"type": "string", "description": "A note."},
                        "file": {"type": "string", "format": "binary"},
                        "tags": {"type": "array", "items": {"type": "string"}},
                    },
                    "required": ["file"],
                },
                "encoding": {"tags": {"style": "form", "explode": True}},
            }
        },
        "required": True,
    }
    prop = "/paths/~1upload/post/requestBody/content/multipart~1form-data/schema/properties/file/type"
    assert where(spec.root, prop) == (
        "/paths/~1upload/post/parameters/1/type",
        line_of("", "file-line"),
    )


def test_form_data_without_files_is_urlencoded_unless_consumes_says_multipart() -> None:
    text = SWAGGER + """\
paths:
  /login:
    post:
      %s
      parameters:
        - {name: user, in: formData, type: string, required: true}
      responses:
        "204": {description: done}
"""
    plain, _ = normalized(text % "summary: log in")
    body = plain.root.data["paths"]["/login"]["post"]["requestBody"]
    assert list(body["content"]) == ["application/x-www-form-urlencoded"]
    multi, _ = normalized(text % "consumes: [multipart/form-data]")
    body = multi.root.data["paths"]["/login"]["post"]["requestBody"]
    assert list(body["content"]) == ["multipart/form-data"]


@pytest.mark.parametrize(
    "where_, written, style",
    [
        ("query", None, {"style": "form", "explode": False}),
        ("query", "csv", {"style": "form", "explode": False}),
        ("query", "ssv", {"style": "spaceDelimited", "explode": False}),
        ("query", "pipes", {"style": "pipeDelimited", "explode": False}),
        ("query", "multi", {"style": "form", "explode": True}),
        ("header", "csv", {"style": "simple", "explode": False}),
        ("path", None, {"style": "simple", "explode": False}),
    ],
)
def test_collection_format_becomes_style_and_explode(
    where_: str, written: str | None, style: dict[str, Any]
) -> None:
    fmt = f", collectionFormat: {written}" if written else ""
    spec, warnings = normalized(SWAGGER + f"""\
paths:
  /things/{{ids}}:
    get:
      parameters:
        - {{name: ids, in: {where_}, required: true, type: array, items: {{type: string}}{fmt}}}
      responses:
        "204": {{description: done}}
""")
    (param,) = spec.root.data["paths"]["/things/{ids}"]["get"]["parameters"]
    assert param == {
        "name": "ids",
        "in": where_,
        "required": True,
        "schema": {"type": "array", "items": {"type": "string"}},
        **style,
    }
    assert warnings == []


def test_tsv_has_no_equivalent_and_says_so_where_it_is_written() -> None:
    spec, warnings = normalized(SWAGGER + """\
paths:
  /things:
    get:
      parameters:
        - name: ids
          in: query
          type: array
          items: {type: string}
          collectionFormat: tsv
      responses:
        "204": {description: done}
""")
    (param,) = spec.root.data["paths"]["/things"]["get"]["parameters"]
    assert (param["style"], param["explode"]) == ("form", False)
    (warning,) = warnings
    assert warning.severity == "warning" and "tsv" in warning.message
    assert (warning.file, warning.line, warning.pointer) == (
        "spec.yaml",
        line_of("", "collectionFormat: tsv"),
        "/paths/~1things/get/parameters/0/collectionFormat",
    )


def test_security_definitions_become_security_schemes() -> None:
    spec, _ = normalized(SWAGGER + """\
paths: {}
securityDefinitions:
  basic: {type: basic, description: Basic.}
  key: {type: apiKey, name: X-Key, in: header}
  implicit: {type: oauth2, flow: implicit, authorizationUrl: "https://a", scopes: {read: Read.}}
  password: {type: oauth2, flow: password, tokenUrl: "https://t", scopes: {}}
  app: {type: oauth2, flow: application, tokenUrl: "https://t", scopes: {}}
  code: {type: oauth2, flow: accessCode, authorizationUrl: "https://a", tokenUrl: "https://t", scopes: {}}  # code-line
security: [{key: []}]
""")
    schemes = spec.root.data["components"]["securitySchemes"]
    assert schemes["basic"] == {
        "type": "http",
        "scheme": "basic",
        "description": "Basic.",
    }
    assert schemes["key"] == {"type": "apiKey", "name": "X-Key", "in": "header"}
    assert schemes["implicit"]["flows"] == {
        "implicit": {"authorizationUrl": "https://a", "scopes": {"read": "Read."}}
    }
    assert schemes["password"]["flows"] == {
        "password": {"tokenUrl": "https://t", "scopes": {}}
    }
    assert schemes["app"]["flows"] == {
        "clientCredentials": {"tokenUrl": "https://t", "scopes": {}}
    }
    assert schemes["code"]["flows"] == {
        "authorizationCode": {
            "authorizationUrl": "https://a",
            "tokenUrl": "https://t",
            "scopes": {},
        }
    }
    assert spec.root.data["security"] == [{"key": []}]
    assert where(
        spec.root, "/components/securitySchemes/code/flows/authorizationCode/tokenUrl"
    ) == ("/securityDefinitions/code/tokenUrl", line_of("", "code-line"))


@pytest.mark.parametrize(
    "head, servers",
    [
        (
            "host: api.example.com\nbasePath: /v1\nschemes: [http, https]\n",
            [
                {"url": "https://api.example.com/v1"},
                {"url": "http://api.example.com/v1"},
            ],
        ),
        ("host: api.example.com\n", [{"url": "https://api.example.com"}]),
        ("basePath: /v2\n", [{"url": "/v2"}]),
        ("", None),
    ],
)
def test_host_base_path_and_schemes_become_servers(
    head: str, servers: list[dict[str, str]] | None
) -> None:
    spec, _ = normalized(SWAGGER + head + "paths: {}\n")
    assert spec.root.data.get("servers") == servers
    if servers:
        pointer = "/host" if "host" in head else "/basePath"
        assert where(spec.root, "/servers/0/url")[1] == line_of("", pointer[1:] + ":")


def test_responses_headers_examples_files_and_produces() -> None:
    spec, _ = normalized(SWAGGER + """\
produces: [application/json]
paths:
  /pets/{id}:
    get:
      produces: [application/json, text/csv]
      parameters:
        - {name: id, in: path, required: true, type: string}
      responses:
        "200":
          description: ok
          headers:
            X-Rate: {type: integer, description: Left.}  # header-line
          schema:
            type: object
            properties:
              tag: {type: string, x-nullable: true}
          examples:
            application/json: {tag: a}  # example-line
  /pets/{id}/photo:
    get:
      produces: [image/png]
      parameters:
        - {name: id, in: path, required: true, type: string}
      responses:
        "200":
          description: the photo
          schema: {type: file}
""")
    ok = spec.root.data["paths"]["/pets/{id}"]["get"]["responses"]["200"]
    schema = {
        "type": "object",
        "properties": {"tag": {"type": ["string", "null"]}},
    }
    assert ok == {
        "description": "ok",
        "headers": {"X-Rate": {"description": "Left.", "schema": {"type": "integer"}}},
        "content": {
            "application/json": {"schema": schema, "example": {"tag": "a"}},
            "text/csv": {"schema": schema},
        },
    }
    photo = spec.root.data["paths"]["/pets/{id}/photo"]["get"]["responses"]["200"]
    assert photo["content"] == {
        "image/png": {"schema": {"type": "string", "format": "binary"}}
    }
    base = "/paths/~1pets~1{id}/get/responses/200"
    assert where(spec.root, base + "/headers/X-Rate/schema/type") == (
        base + "/headers/X-Rate/type",
        line_of("", "header-line"),
    )
    assert where(spec.root, base + "/content/application~1json/example") == (
        base + "/examples/application~1json",
        line_of("", "example-line"),
    )


def test_shared_parameters_and_responses_become_components() -> None:
    spec, _ = normalized(SWAGGER + """\
paths:
  /pets:
    parameters:
      - {$ref: '#/parameters/Limit'}
    post:
      parameters:
        - {$ref: '#/parameters/Pet'}
        - {$ref: '#/parameters/Photo'}
      responses:
        "404": {$ref: '#/responses/NotFound'}
parameters:
  Limit: {name: limit, in: query, type: integer, maximum: 10, exclusiveMaximum: true}
  Pet: {name: pet, in: body, schema: {type: object}}
  Photo: {name: photo, in: formData, type: file}  # photo-line
responses:
  NotFound: {description: missing}
""")
    data = spec.root.data
    item = data["paths"]["/pets"]
    assert item["parameters"] == [{"$ref": "#/components/parameters/Limit"}]
    # a body and a form in one operation is not valid 2.0; the body wins
    assert item["post"]["requestBody"] == {"$ref": "#/components/requestBodies/Pet"}
    assert item["post"]["responses"]["404"] == {
        "$ref": "#/components/responses/NotFound"
    }
    components = data["components"]
    assert components["parameters"]["Limit"]["schema"] == {
        "type": "integer",
        "exclusiveMaximum": 10,
    }
    assert components["requestBodies"]["Pet"]["content"] == {
        "application/json": {"schema": {"type": "object"}}
    }
    assert components["responses"] == {"NotFound": {"description": "missing"}}
    assert "Photo" not in components["parameters"]
    for ref in ("#/components/parameters/Limit", "#/components/requestBodies/Pet"):
        spec.resolve(ref, spec.root)


def test_a_referenced_form_field_is_inlined_and_located_where_it_is_defined() -> None:
    spec, _ = normalized(SWAGGER + """\
paths:
  /photos:
    post:
      parameters:
        - {$ref: '#/parameters/Photo'}
      responses:
        "204": {description: done}
parameters:
  Photo: {name: photo, in: formData, type: file}  # photo-line
""")
    body = spec.root.data["paths"]["/photos"]["post"]["requestBody"]
    field = "/paths/~1photos/post/requestBody/content/multipart~1form-data/schema/properties/photo"
    assert body["content"]["multipart/form-data"]["schema"]["properties"] == {
        "photo": {"type": "string", "format": "binary"}
    }
    assert where(spec.root, field) == ("/parameters/Photo", line_of("", "photo-line"))


def test_refs_into_other_files_are_rewritten_consistently() -> None:
    Path("defs.yaml").write_text(textwrap.dedent("""\
            definitions:
              Pet:
                type: object
                properties:
                  owner: {$ref: '#/definitions/Owner'}
              Owner: {type: string, x-nullable: true}  # owner-line
            """))
    Path("params.yaml").write_text(
        "limit: {name: limit, in: query, type: array, items: {type: integer}}\n"
    )
    spec, _ = normalized(SWAGGER + """\
paths:
  /pets:
    get:
      parameters:
        - {$ref: 'params.yaml#/limit'}
      responses:
        "200":
          description: ok
          schema: {$ref: 'defs.yaml#/definitions/Pet'}
""")
    get = spec.root.data["paths"]["/pets"]["get"]
    assert get["parameters"] == [{"$ref": "params.yaml#/limit"}]
    ref = get["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert ref == "defs.yaml#/components/schemas/Pet"
    pet = spec.resolve(ref, spec.root)
    owner = spec.follow(pet.value["properties"]["owner"], pet.file)
    assert owner.pointer == "/components/schemas/Owner"
    assert owner.value == {"type": ["string", "null"]}
    assert where(owner.file, owner.pointer + "/type") == (
        "/definitions/Owner/type",
        line_of("", "owner-line", "defs.yaml"),
    )
    limit = spec.resolve("params.yaml#/limit", spec.root).value
    assert limit == {
        "name": "limit",
        "in": "query",
        "schema": {"type": "array", "items": {"type": "integer"}},
        "style": "form",
        "explode": False,
    }


OPENAPI_30 = """\
openapi: 3.0.3
info: {title: T, version: "1"}
paths: {}
components:
  schemas:
    Name: {type: string, nullable: true, enum: [a, b]}
    Ref:
      $ref: '#/components/schemas/Name'
      nullable: true  # ref-nullable
    Both:
      description: Either.
      nullable: true
      allOf:
        - $ref: '#/components/schemas/Name'  # all-of-line
    One:
      nullable: true
      oneOf: [{type: string}, {type: integer}]
    Count: {type: integer, minimum: 0, exclusiveMinimum: true, maximum: 9, exclusiveMaximum: false}
    Plain: {type: object, properties: {nullable: {type: boolean, nullable: false}}, example: {nullable: true}}
"""


def test_a_list_of_items_is_read_as_one_of_these() -> None:
    spec, warnings = normalized(SWAGGER + """\
paths: {}
definitions:
  Ids:
    type: array
    items:  # ids-line
      - {type: string}
      - {type: integer}
  DeletedBy:
    items:  # deleted-by-line
      - {type: "null"}
      - {type: string}
""")
    schemas = spec.root.data["components"]["schemas"]
    # on an array: every item is one of them
    assert schemas["Ids"] == {
        "type": "array",
        "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
    }
    # with no type, JSON Schema would check a list only against arrays; Swagger documents
    # mean the value itself is one of them (Slack's examples are a string or null)
    assert schemas["DeletedBy"] == {"anyOf": [{"type": "null"}, {"type": "string"}]}
    assert [(w.pointer, w.line) for w in warnings] == [
        ("/definitions/Ids/items", line_of("", "ids-line")),
        ("/definitions/DeletedBy/items", line_of("", "deleted-by-line")),
    ]
    assert "every item matches one of these" in warnings[0].message
    assert "the value matches one of these" in warnings[1].message
    assert where(spec.root, "/components/schemas/DeletedBy/anyOf/1") == (
        "/definitions/DeletedBy/items/1",
        line_of("", "deleted-by-line") + 2,
    )


def test_openapi_30_nullable_and_exclusive_bounds_in_the_31_form() -> None:
    Path("spec.yaml").write_text(OPENAPI_30)
    loaded = load_spec("spec.yaml")
    before = copy.deepcopy(loaded.root.data)
    spec, warnings = normalize_spec(loaded)
    assert loaded.root.data == before  # the loaded data is never modified
    assert warnings == []
    data = spec.root.data
    assert data["openapi"] == "3.1.0"
    schemas = data["components"]["schemas"]
    assert schemas["Name"] == {"type": ["string", "null"], "enum": ["a", "b", None]}
    assert schemas["Ref"] == {
        "anyOf": [{"$ref": "#/components/schemas/Name"}, {"type": "null"}]
    }
    assert schemas["Both"] == {
        "description": "Either.",
        "anyOf": [
            {"allOf": [{"$ref": "#/components/schemas/Name"}]},
            {"type": "null"},
        ],
    }
    assert schemas["One"] == {
        "oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]
    }
    assert schemas["Count"] == {"type": "integer", "exclusiveMinimum": 0, "maximum": 9}
    assert schemas["Plain"] == {
        "type": "object",
        "properties": {"nullable": {"type": "boolean"}},
        "example": {"nullable": True},
    }
    assert where(spec.root, "/components/schemas/Ref/anyOf/0/$ref")[0] == (
        "/components/schemas/Ref/$ref"
    )
    assert where(spec.root, "/components/schemas/Ref/anyOf/1") == (
        "/components/schemas/Ref/nullable",
        line_of("", "ref-nullable"),
    )
    assert where(spec.root, "/components/schemas/Both/anyOf/0/allOf/0/$ref") == (
        "/components/schemas/Both/allOf/0/$ref",
        line_of("", "all-of-line"),
    )
    # unchanged subtrees are shared, not copied
    assert data["info"] is loaded.root.data["info"]
    assert data["components"]["schemas"]["Plain"]["example"] is (
        loaded.root.data["components"]["schemas"]["Plain"]["example"]
    )


def test_openapi_31_passes_through_untouched() -> None:
    Path("spec.yaml").write_text(
        "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\n"
        "components: {schemas: {A: {type: string, nullable: true}}}\n"
    )
    loaded = load_spec("spec.yaml")
    spec, warnings = normalize_spec(loaded)
    assert spec is loaded and warnings == []


def test_a_swagger_document_generates_an_sdk(tmp_path: Path) -> None:
    Path("spec.yaml").write_text(SWAGGER + textwrap.dedent("""\
            host: api.example.com
            paths:
              /pets/{id}:
                get:
                  operationId: getPet
                  parameters:
                    - {name: id, in: path, required: true, type: string}
                  responses:
                    "200":
                      description: ok
                      schema: {$ref: '#/definitions/Pet'}
            definitions:
              Pet:
                type: object
                properties:
                  name: {type: string}
            """))
    result = generate("spec.yaml", package="pets")
    models = "".join(text for path, text in result.files.items() if "models" in path)
    assert "class Pet(" in models
    resources = "".join(
        text for path, text in result.files.items() if "resources" in path
    )
    assert "def get_pet(" in resources or "def get(" in resources
    assert "https://api.example.com" in "".join(result.files.values())
