"""The docs target: one Markdown reference page per operation (generated/docs), the escape filter
that keeps spec text inert in it, and MKA1's cancel page against the seed page, fact by fact.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from generator.ir.types import (
    ArrayType,
    Definition,
    LiteralType,
    MapType,
    ModelRef,
    NO_CONSTRAINTS,
    Nullable,
    ObjectType,
    Primitive,
    Property,
    UnionType,
)
from generator.output import check
from generator.pipeline import generate
from generator.targets.docs.attributes import MAX_DEPTH, AttributeTree
from generator.targets.docs.filters import md
from generator.targets.typescript.lower import lower_sdk as lower_typescript
from generator.text import SpecText

from .helpers import REPO, shared_folder

DOCS = REPO / "generated" / "docs"
PAGE = DOCS / "llm.responses.cancel.md"
SEED = shared_folder() / "seeds" / "mka1-responses-cancel.txt"

# CommonMark with GitHub's tables and strikethrough: what a reader's renderer does with a page.
PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])

HOSTILE = [
    "plain words",
    "`code` and ``double`` and a lone ` tick",
    "a | pipe | in | a | table",
    "<script>alert(1)</script> <img src=x onerror=alert(1)> <!-- open comment",
    "[click me](javascript:alert(1)) and ![img](javascript:alert(2)) <javascript:alert(3)>",
    "# a heading\n## another\nSetext\n===",
    "line one\nline two\n\nparagraph two\r\n\r\nthree\u2028four",
    "- a list\n* another\n+ third\n1. numbered\n2) too\n> a quote",
    "*emphasis* _under_ **strong** ~~strike~~ $x^2$ &amp; &lt;b&gt;",
    "    indented code?\n```\nfenced\n```\n~~~\ntilde\n~~~",
    "back\\slash\\ at the end\\",
    "control \x1b[31m red \x00 nul \u202e bidi",
    "---",
    "| a | b |\n| --- | --- |\n| c | d |",
    "[ref]: javascript:alert(1)\n\n[ref]",
    "trailing spaces  \nhard break",
    "{{ jinja }} {% block %}",
    "https://example.com www.example.com",
]


def _visible_text(html_tokens: list) -> str:
    """The text a reader sees: every text and code token of the rendered page, in order."""
    found = []
    for token in html_tokens:
        for child in token.children or [token]:
            if child.type in ("text", "code_inline", "code_block", "fence"):
                found.append(child.content)
    return " ".join(found)


def _only_plain_inline(tokens: list) -> set[str]:
    """The inline token types a rendering holds (what Markdown made of the text)."""
    return {c.type for t in tokens for c in (t.children or [])}


@pytest.mark.parametrize("text", HOSTILE)
def test_text_is_one_paragraph_per_paragraph_of_plain_text(text: str) -> None:
    html = PARSER.render(md(text))
    tokens = PARSER.parse(md(text))
    assert _only_plain_inline(tokens) <= {"text", "softbreak"}, html
    blocks = {t.type for t in tokens}
    assert blocks <= {"paragraph_open", "paragraph_close", "inline"}, html
    assert "<script" not in html and "<a " not in html and "<img" not in html
    # every visible character is the text's own (whitespace runs aside)
    shown = " ".join(_visible_text(tokens).split())
    assert shown == " ".join(_printable(text).split())


@pytest.mark.parametrize("text", HOSTILE)
def test_a_table_cell_stays_one_cell(text: str) -> None:
    row = f"| {md(text, 'cell')} | {md(text, 'code_cell')} | end |"
    page = f"| a | b | c |\n| --- | --- | --- |\n{row}\n"
    tokens = PARSER.parse(page)
    cells = [t for t in tokens if t.type == "td_open"]
    assert len(cells) == 3, PARSER.render(page)
    inline = [t for t in tokens if t.type == "inline"][3:]  # the body row's cells
    assert inline[2].content == "end"
    assert _only_plain_inline(tokens) <= {"text", "code_inline"}
    code = [c.content for c in inline[1].children or [] if c.type == "code_inline"]
    assert code == [" ".join(_printable(text).split())]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_code_span_shows_the_text(text: str) -> None:
    tokens = PARSER.parse(f"before {md(text, 'code')} after")
    children = tokens[1].children or []
    assert [c.type for c in children] == ["text", "code_inline", "text"]
    assert children[1].content == " ".join(_printable(text).split())


@pytest.mark.parametrize("text", HOSTILE)
def test_a_fence_holds_the_text_and_closes(text: str) -> None:
    page = md(text, "fence", info="json") + "\n\n# After"
    tokens = PARSER.parse(page)
    fences = [t for t in tokens if t.type == "fence"]
    assert len(fences) == 1 and fences[0].info == "json"
    assert fences[0].content.rstrip("\n") == _printable(text).rstrip()
    assert [t.type for t in tokens][-3:] == ["heading_open", "inline", "heading_close"]


@pytest.mark.parametrize("text", HOSTILE)
def test_an_html_comment_is_not_closed(text: str) -> None:
    page = f"<!-- {md(text, 'comment')} -->\n\nafter"
    html = PARSER.render(page)
    assert html.startswith("<!--") and html.rstrip().endswith("<p>after</p>")
    assert html.count("-->") == 1


def test_a_fence_language_is_the_targets() -> None:
    with pytest.raises(ValueError):
        md("x", "fence", info="js\n```")


def _printable(text: str) -> str:
    text = re.sub(r"\r\n|[\r\u2028]", "\n", text)
    return "".join(
        c if c.isprintable() or c in "\n\t" else c.encode("unicode_escape").decode()
        for c in text
    )


# --- MKA1's cancel page, side by side with the seed page -------------------------------------

RESPONSE_ATTRIBUTES = [
    # (attribute, type on our page, requiredness, [enum values], bounds)
    ("id", "string", "required", [], None),
    ("object", "enum<string>", "required", ["response"], None),
    ("created_at", "number", "required", [], None),
    ("completed_at", "number | null", "required", [], None),
    (
        "status",
        "enum<string>",
        "required",
        ["completed", "failed", "in_progress", "cancelled", "queued", "incomplete"],
        None,
    ),
    ("error", "object | null", "required", [], None),
    ("incomplete_details", "object | null", "required", [], None),
    ("background", "boolean", "required", [], None),
    ("instructions", "string | array<object> | null", "required", [], None),
    (
        "max_output_tokens",
        "integer | null",
        "required",
        [],
        "-9007199254740991 <= x <= 9007199254740991",
    ),
    (
        "max_tool_calls",
        "integer | null",
        "required",
        [],
        "-9007199254740991 <= x <= 9007199254740991",
    ),
    ("metadata", "map<string, string>", "required", [], None),
    ("model", "string", "required", [], None),
    ("output", "array<object>", "required", [], None),
    ("parallel_tool_calls", "boolean", "required", [], None),
    ("previous_response_id", "string | null", "required", [], None),
    ("store", "boolean", "required", [], None),
    ("text", "object", "required", [], None),
    (
        "tool_choice",
        "enum<string> | object",
        "required",
        ["none", "auto", "required"],
        None,
    ),
    ("tools", "array<object | any | null>", "required", [], None),
    ("truncation", "enum<string>", "required", ["auto", "disabled"], None),
    ("usage", "object", "required", [], None),
    ("user", "string | null", "required", [], None),
    ("output_text", "string", "optional", [], None),
    ("reasoning", "object", "optional", [], None),
    (
        "service_tier",
        "enum<string>",
        "optional",
        ["auto", "default", "flex", "priority"],
        None,
    ),
    ("temperature", "number", "optional", [], "0 <= x <= 2"),
    ("top_logprobs", "integer", "optional", [], "0 <= x <= 20"),
    ("top_p", "number", "optional", [], "0 <= x <= 1"),
]


def _page() -> str:
    return PAGE.read_text("utf-8")


def _unescaped(markdown: str) -> str:
    """The page's text with Markdown's backslash escapes undone (what a reader sees)."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)


def _top_level_items(markdown: str) -> dict[str, str]:
    """Each top-level attribute of the response's attribute list, with its item's text."""
    section = markdown.split("### Attributes", 1)[1]
    items = re.split(r"^- ", section, flags=re.MULTILINE)[1:]
    return {item.split("`")[1]: item for item in items}


def test_the_seed_snippet_is_our_typescript_usage() -> None:
    seed = SEED.read_text("utf-8")
    snippet = seed[: seed.index("run();") + len("run();")]
    page = _page()
    usage = page.split("```typescript\n", 1)[1].split("```", 1)[0]
    squeeze = lambda text: "".join(
        text.split()
    )  # noqa: E731 - the seed lost its indentation
    assert squeeze(usage) == squeeze(snippet)
    assert 'import { SDK } from "@meetkai/mka1";' in usage
    assert 'bearerAuth: "<YOUR_BEARER_TOKEN_HERE>",' in usage
    assert "await sdk.llm.responses.cancel({" in usage
    assert 'responseId: "resp_cancel123",' in usage


def test_the_python_usage_is_the_python_sdks_call() -> None:
    python = _page().split("```python\n", 1)[1].split("```", 1)[0]
    assert python == (
        "from mka1 import SDK\n\n"
        'sdk = SDK(bearer_auth="<YOUR_BEARER_TOKEN_HERE>")\n'
        'result = sdk.llm.responses.cancel(response_id="resp_cancel123")\n'
        "print(result)\n"
    )


def test_every_prose_fact_of_the_seed_is_on_our_page() -> None:
    seed, page = SEED.read_text("utf-8"), _unescaped(_page())
    prose = [
        "Cancels an agent response that is currently processing in the background.",
        "Authenticate with your MKA1 API key at the API gateway: Authorization: Bearer "
        "<mka1-api-key>. For multi-user server-side integrations, also send X-On-Behalf-Of "
        "to identify the end user making the request.",
        "Optional external user identifier for multi-user server-side integrations. Use this "
        "when acting on behalf of one of your end users.",
        "The unique identifier of the response, formatted as 'resp_' or 'resp-' followed by "
        "alphanumeric characters.",
        "The response object after cancellation.",
        "The overall status of the response generation. 'completed' means successfully "
        "finished, 'failed' means error occurred, 'in_progress' means currently processing, "
        "'cancelled' means user-cancelled, 'queued' means waiting to start, 'incomplete' "
        "means partial completion.",
    ]
    for fact in prose:
        assert fact in seed, fact  # the fact list is the seed's
        assert fact in page, fact


def test_the_parameters_table_has_types_requiredness_pattern_and_descriptions() -> None:
    rows = {
        line.split("|")[1].strip(): [c.strip() for c in line.split("|")[2:-1]]
        for line in _page().splitlines()
        if line.startswith("| `")
    }
    location, kind, required, description = rows["`response_id`"]
    assert (location, kind, required) == ("path", "`string`", "required")
    assert "Pattern: `^resp[-_][a-zA-Z0-9]+$`" in description
    assert "^resp[-_][a-zA-Z0-9]+$" in SEED.read_text("utf-8")
    location, kind, required, _ = rows["`X-On-Behalf-Of`"]
    assert (location, kind, required) == ("header", "`string`", "optional")


def test_the_auth_scheme_is_named_with_what_it_sends() -> None:
    page = _page()
    assert (
        "- `bearerAuth` · HTTP bearer · `Authorization: Bearer <token>` · "
        "TypeScript SDK option `bearerAuth` · Python SDK argument `bearer_auth`" in page
    )


def test_the_example_response_is_the_seeds() -> None:
    seed = SEED.read_text("utf-8")
    start = seed.index("run();{") + len("run();")
    seed_example = json.JSONDecoder().raw_decode(seed, start)[0]
    ours = _page().split("```json\n", 1)[1].split("```", 1)[0]
    assert json.loads(ours) == seed_example


@pytest.mark.parametrize("name, kind, requirement, values, bounds", RESPONSE_ATTRIBUTES)
def test_each_response_attribute_with_its_enum_and_bounds(
    name: str, kind: str, requirement: str, values: list[str], bounds: str | None
) -> None:
    item = _top_level_items(_page())[name]
    assert item.startswith(f"`{name}` `{kind}` · {requirement}")
    if values:
        label = "Allowed values" if len(values) > 1 else "Allowed value"
        assert f"{label}: " + ", ".join(f"`{v}`" for v in values) in item
    if bounds:
        assert f"Range: `{bounds}`" in item
        seed = "".join(SEED.read_text("utf-8").split())
        assert "".join(bounds.split()) in seed  # the seed lost its spaces


def test_nested_child_attributes_are_listed() -> None:
    items = _top_level_items(_page())
    assert "  - `cached_tokens` `integer` · required" in items["usage"]
    assert "  - `reasoning_tokens` `integer` · required" in items["usage"]
    reasoning = items["reasoning"]
    assert (
        "Allowed values: `none`, `minimal`, `low`, `medium`, `high`, `xhigh`"
        in reasoning
    )
    assert "Allowed values: `auto`, `concise`, `detailed`" in reasoning
    verbosity = items["text"]
    assert "Allowed values: `low`, `medium`, `high`" in verbosity
    assert 'Default: `"medium"`' in verbosity
    # the instructions' item union: each variant with its description (the seed's "A message
    # input item with a role and content" is InputMessage's, worded as our document words it)
    instructions = _unescaped(items["instructions"])
    assert "- One of: **InputMessage**" in instructions
    assert "Input message item: A message with role and content." in instructions
    assert "*The same Item as under instructions.*" in items["output"]


def test_the_page_is_what_the_generator_makes_and_check_passes() -> None:
    packages = {"python": "mka1", "typescript": "@meetkai/mka1"}
    result = generate(
        REPO / "spec" / "mka1.yaml", target_name="docs", packages=packages
    )
    assert sorted(result.files) == [
        ".sdkgen-manifest.json",
        "README.md",
        "llm.responses.cancel.md",
    ]
    assert check(DOCS, result.files).clean
    for path, text in result.files.items():
        assert (DOCS / path).read_text("utf-8") == text, path


def test_every_page_renders_as_markdown_and_says_do_not_edit() -> None:
    for path in (PAGE, DOCS / "README.md"):
        text = path.read_text("utf-8")
        assert text.startswith("<!-- Generated by sdkgen from mka1.yaml")
        assert "DO NOT EDIT" in text.splitlines()[0]
        html = PARSER.render(text)
        assert "<script" not in html
        tokens = PARSER.parse(text)
        # nested lists stay lists: no line is indented into an accidental code block, and
        # the only HTML is the DO-NOT-EDIT comment
        assert not [t for t in tokens if t.type == "code_block"]
        assert [t.content.split(" ")[0] for t in tokens if t.type == "html_block"] == [
            "<!--"
        ]
    index = (DOCS / "README.md").read_text("utf-8")
    assert "[cancelResponse](llm.responses.cancel.md)" in index


# --- the attribute tree: bounded depth, cycles cut ----------------------------------------


def _prop(name: str, node, required: bool = True) -> Property:  # type: ignore[no-untyped-def]
    return Property(SpecText(name), node, required, SpecText(""), NO_CONSTRAINTS)


def test_a_recursive_schema_is_cut_where_it_repeats() -> None:
    node = ObjectType(
        (
            _prop("name", Primitive("string")),
            _prop("children", ArrayType(ModelRef("Node")), False),
        ),
        SpecText(""),
    )
    definitions = {"Node": Definition("Node", "Node", node, SpecText("A tree node."))}
    attributes, _, _ = AttributeTree(definitions).children(ModelRef("Node"))
    children = attributes[1]
    assert children.attributes == ()
    assert [n.raw for n in children.notes] == ["Recursive: the same Node as above."]


def test_depth_is_bounded() -> None:
    definitions = {}
    for level in range(MAX_DEPTH + 3):
        inner = (
            (_prop("next", ModelRef(f"L{level + 1}")),) if level < MAX_DEPTH + 2 else ()
        )
        definitions[f"L{level}"] = Definition(
            f"L{level}",
            f"L{level}",
            ObjectType((_prop("x", Primitive("integer")), *inner), SpecText("")),
            SpecText(""),
        )
    attributes, _, _ = AttributeTree(definitions).children(ModelRef("L0"))
    depth, node = 1, attributes
    while node[-1].attributes:
        node, depth = node[-1].attributes, depth + 1
    assert depth == MAX_DEPTH
    assert "not shown" in node[-1].notes[0].raw


def test_a_union_lists_its_object_variants_and_its_enum_values() -> None:
    union = UnionType(
        (
            LiteralType(("none", "auto")),
            ModelRef("Named"),
            Nullable(
                ObjectType((_prop("b", Primitive("boolean")),), SpecText("Inline."))
            ),
        ),
        labels=("", "", "inline_choice"),
    )
    definitions = {
        "Named": Definition(
            "Named",
            "Named",
            ObjectType((_prop("a", Primitive("string")),), SpecText("")),
            SpecText("A named one."),
        )
    }
    tree = AttributeTree(definitions)
    attribute = tree.attribute(_prop("choice", union))
    assert attribute.type == "enum<string> | object | null"
    assert [v.raw for v in attribute.facts[0].values] == ["none", "auto"]
    assert [(v.title.raw, v.description.raw) for v in attribute.variants] == [
        ("Named", "A named one."),
        ("inline_choice", "Inline."),
    ]


COLLIDING = """\
openapi: 3.1.0
info: {title: Clash, version: "1.0"}
components:
  securitySchemes:
    constructor: {type: http, scheme: bearer}
security: [{constructor: []}]
paths:
  /items/{for}:
    get:
      operationId: items.get
      parameters:
        - {name: for, in: path, required: true, schema: {type: string}, example: a}
        - {name: item-id, in: query, required: true, schema: {type: string}, example: b}
        - {name: item_id, in: header, required: true, schema: {type: string}, example: c}
        - {name: body, in: query, required: true, schema: {type: integer}, example: 3}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [first-name, first_name]
              properties:
                first-name: {type: string, example: x}
                first_name: {type: string, example: y}
      responses: {"204": {description: done}}
  /items:
    get:
      operationId: items_get
      responses: {"204": {description: done}}
  /items/list:
    get:
      operationId: ItemsGet
      responses: {"204": {description: done}}
  /llm:
    get:
      operationId: llm.responses
      responses: {"204": {description: done}}
  /llm/responses/{id}/cancel:
    post:
      operationId: llm.responses.cancel
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {"204": {description: done}}
"""


def _typescript_call(sample: str) -> tuple[str, list[str]]:
    """The call path and the request members of a page's TypeScript sample."""
    path = re.search(r"await sdk\.([\w.]+)\(", sample)
    assert path is not None, sample
    members = re.findall(r"^    (\w+): ", sample, flags=re.MULTILINE)
    return path.group(1), members


def test_the_typescript_sample_is_the_typescript_sdks_call(tmp_path: Path) -> None:
    """Names that collide once camelCased (operations, parameters, body members), a resource
    named like a method of its parent (reached as `responsesResource`) and a credential named
    like a reserved member: the sample says what the TypeScript target made."""
    from generator.ir import build_api
    from generator.load import load_spec
    from generator.normalize import normalize_spec

    spec = tmp_path / "clash.yaml"
    spec.write_text(COLLIDING, "utf-8")
    packages = {"python": "clash_sdk", "typescript": "@clash/sdk"}
    result = generate(spec, target_name="docs", packages=packages)
    api, _ = build_api(normalize_spec(load_spec(spec))[0])
    view, _ = lower_typescript(api, "@clash/sdk")
    methods = {
        m.operation_id.raw: m for r in (view.root, *view.resources) for m in r.methods
    }
    pages = [
        t for p, t in result.files.items() if p.endswith(".md") and p != "README.md"
    ]
    assert len(pages) == 5
    seen = set()
    for page in pages:
        operation_id = re.search(r"operationId `([^`]+)`", page).group(1)  # type: ignore[union-attr]
        method = methods[operation_id]
        sample = page.split("```typescript\n", 1)[1].split("```", 1)[0]
        path, members = _typescript_call(sample)
        assert path == method.call_path
        assert members == [a.name for a in method.arguments if a.required]
        assert 'import { SDK } from "@clash/sdk";' in sample
        option = view.credentials[0].option
        assert f'  {option}: "<YOUR_BEARER_TOKEN_HERE>",' in sample
        seen.add(path)
    assert len(seen) == 5  # five methods, five distinct calls
    assert "llm.responsesResource.cancel" in seen and "llm.responses" in seen
    # the TypeScript package's own tests call each method where the SDK object has it
    assert {t.target for t in view.operations} == {f"sdk.{path}" for path in seen}
    get = methods["items.get"]
    assert len({a.name for a in get.arguments}) == len(get.arguments) == 5
    assert view.credentials[0].option == "constructor2"  # not the class's constructor
    body = next(a for a in get.arguments if a.location == "body")
    # the body's sample is in the SDK's member names, as the TypeScript SDK takes it
    assert json.loads(body.sample) == {"firstName": "x", "firstName2": "y"}


def test_the_npm_and_python_packages_are_the_configured_ones() -> None:
    """One source for package names: the run's options (pyproject's [tool.sdkgen] tables)."""
    from generator.config import resolve_options

    options = resolve_options(None, None, None, None, REPO, target="docs")
    assert dict(options.packages) == {"python": "mka1", "typescript": "@meetkai/mka1"}
    # a --package flag names the package of every target the command runs
    flagged = resolve_options(None, None, "other", None, REPO, target="docs")
    assert dict(flagged.packages)["typescript"] == "other"
    assert dict(flagged.packages)["python"] == "other"
    page = PAGE.read_text("utf-8")
    assert 'import { SDK } from "@meetkai/mka1";' in page
    assert "from mka1 import SDK" in page


def test_a_hostile_document_makes_inert_pages(tmp_path: Path) -> None:
    spec = tmp_path / "hostile.yaml"
    spec.write_text(
        """\
openapi: 3.1.0
info:
  title: "Evil <script>alert(1)</script> | API"
  version: "1.0"
  description: "# Heading\\n\\n[x](javascript:alert(1)) ``` open fence"
paths:
  /things/{id}:
    get:
      operationId: getThing
      summary: "Get | a `thing` <b>now</b>"
      description: "<img src=x onerror=alert(1)>\\n\\n---\\n- item"
      parameters:
        - name: id
          in: path
          required: true
          description: "pipe | in a cell\\nnew line"
          schema: {type: string, pattern: "^a|b`c$"}
      responses:
        "200":
          description: "<!-- comment"
          content:
            application/json:
              schema:
                type: object
                properties:
                  "na|me`":
                    type: string
                    enum: ["a|b", "</script>"]
                    description: "[y](javascript:alert(2))"
""",
        "utf-8",
    )
    result = generate(spec, target_name="docs")
    for path, text in result.files.items():
        if not path.endswith(".md"):
            continue
        tokens = PARSER.parse(text)
        html = PARSER.render(text)
        assert "<script" not in html and "<img" not in html and "<b>" not in html
        assert "href" not in re.sub(r'href="things\.get\.md"', "", html)
        assert not [
            t for t in tokens if t.type == "html_block" and "<!--" not in t.content
        ]
        headings = [t for t in tokens if t.type == "heading_open"]
        assert all(t.tag in ("h1", "h2", "h3") for t in headings)
    tokens = PARSER.parse(result.files["things.get.md"])
    assert [t.type for t in tokens].count("td_open") == 5  # one row of five cells
    cells = [t for t in tokens if t.type == "inline"]
    assert any(
        "pipe | in a cell new line" in c.content.replace("\\|", "|") for c in cells
    )


def test_a_union_that_holds_itself_through_a_map_ends() -> None:
    """`U = string | map<string, U>` (as Discord's document has): listed, not recursed forever."""
    union = UnionType((Primitive("string"), MapType(ModelRef("U"))))
    definitions = {"U": Definition("U", "U", union, SpecText(""))}
    tree = AttributeTree(definitions)
    attribute = tree.attribute(_prop("value", ModelRef("U")))
    assert attribute.type == "string | map<string, object>"
    notes = [n.raw for v in attribute.variants for n in (v.description,)]
    assert all("Recursive" in n or not n for n in notes)


def test_the_python_target_knows_nothing_of_the_docs_target() -> None:
    """The docs target may use the Python target's naming (its samples are Python calls); the
    Python target never imports the docs target."""
    import ast

    for path in (REPO / "generator" / "targets" / "python").rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                module = node.module or ""
                assert "docs" not in module.split("."), (path, module)
            elif isinstance(node, ast.Import):
                assert not any("targets.docs" in a.name for a in node.names), path
