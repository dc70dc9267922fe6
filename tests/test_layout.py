"""The layout pass before black: long lines split the way black splits them.

Two promises, checked on every Python file generated for MKA1 and the petstore: the pass never
changes what the code means (equal syntax trees), and black's result is the same with or without
it (so it only saves black work, and never changes the output). The unit cases show each shape,
each compared with black itself.
"""

from __future__ import annotations

import ast

import black
import pytest

from generator.formatted import FormattedOutput
from generator.pipeline import generate
from generator.targets import TARGETS
from generator.targets.python.format import _MODE, _is_runtime_copy, prepared
from generator.targets.python.layout import relayout

from .helpers import MKA1_SPEC, REPO

SHAPES = [
    # a call that fits on its own indented line: hugged
    "def f():\n    result = sdk.issue.add_attachment(issue_id_or_key='string', body={'a': [1, 2, 3]}, x=1)\n",
    # a call that does not: one argument per line, then a too-long argument split again
    "x = Operation(bodies=(Body(media_type='application/json', encoding='json', required=True), Body(media_type='text/plain', encoding='text', required=False)), security=())\n",
    # displays: one element per line once split
    "EXAMPLE: Any = {'aaaaaaaaaaaaaaaaaaaaaa': 1, 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb': [1, 2], 'ccccccccccccccccccccc': 3}\n",
    # a method call on a call: split at the last bracket
    "def f():\n    dumped = TypeAdapter(list[Attachment]).dump_python(result, mode='json', exclude_unset=True)\n",
    # awaited
    "async def f():\n    result = await sdk.atlassian_connect.addons.properties.get_addon_property(addon_key='s', property_key='s')\n",
    # an assert of one comparison, short enough once wrapped, and not
    "def f():\n    assert request.headers['Authorization'] == 'Basic dGVzdC10b2tlbjp0ZXN0LXRva2VuxxxxxU'\n",
    "def f():\n    assert str(recorder.requests[0].url) == 'https://api.example.test/rest/api/3/issue/string/attachments'\n",
    # an import
    "from the_jira_cloud_platform.errors import InternalServerError, InvalidParameterError, NotFoundError\n",
    # a long string after an annotation
    "def f():\n    invalid_value: Any = '" + "x" * 120 + "'\n",
    # an element of a bracket the template already split
    "X = Operation(\n    bodies=(Body(media_type='application/json', encoding='json', required=True, fields=(BodyField(name='fields', wire_name='fields'), BodyField(name='history_metadata', wire_name='historyMetadata'))),),\n)\n",
]


def _black(text: str) -> str:
    return black.format_str(text, mode=_MODE)


@pytest.mark.parametrize("shape", SHAPES, ids=range(len(SHAPES)))
def test_a_long_line_is_split_as_black_splits_it(shape: str) -> None:
    # black's quotes, so that only the layout differs
    rendered = shape.replace("'", '"')
    laid_out = relayout(rendered)
    assert laid_out != rendered
    assert laid_out == _black(rendered)  # black has nothing left to do


def test_what_it_does_not_know_it_leaves_alone() -> None:
    untouched = [
        '"""A docstring line long enough to be split if it were code: f(a, b, c, d, e, f, g)."""\n',
        "x = [i for i in range(10)] + [aaaaaaaaaaaaaaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb]\n",
        "x = f(aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb)  # why\n",
        "# fmt: off\nx = f(aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb)\n",
        "x = f(*[aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa for aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa in bbbbbbbbbbbbbbbbbbbbb])\n",
    ]
    for text in untouched:
        assert relayout(text) == text


def _rendered_python(spec: object) -> dict[str, str]:
    """What the templates render for `spec`, before formatting."""
    captured: dict[str, str] = {}
    target = TARGETS["python"]
    original = target.format

    def capture(files: dict[str, str], *rest: object) -> FormattedOutput:
        captured.update(files)
        return FormattedOutput(dict(files), "none", {})

    object.__setattr__(target, "format", capture)
    try:
        generate(spec)  # type: ignore[arg-type]
    finally:
        object.__setattr__(target, "format", original)
    return {
        p: t
        for p, t in captured.items()
        if p.endswith(".py") and not _is_runtime_copy(t)
    }


@pytest.mark.parametrize(
    "spec",
    [MKA1_SPEC, REPO / "tests" / "specs" / "petstore-swagger-3.0.yaml"],
    ids=["mka1", "petstore"],
)
def test_on_generated_code_it_keeps_the_meaning_and_black_has_the_last_word(
    spec: object,
) -> None:
    files = _rendered_python(spec)
    assert len(files) > 10
    unchanged_by_black = 0
    for path, text in sorted(files.items()):
        laid_out = prepared(text)
        assert ast.dump(ast.parse(laid_out)) == ast.dump(ast.parse(text)), path
        formatted = _black(laid_out)
        assert formatted == _black(text), path
        unchanged_by_black += formatted == laid_out
    # a floor, not a target: below it the pass has stopped doing its job
    assert unchanged_by_black >= 0.6 * len(files)
