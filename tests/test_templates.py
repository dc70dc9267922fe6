"""Extending the SDK by templates: a new file needs a template and a declaration, no Python."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.diagnostics import SpecError
from generator.pipeline import Generated, generate

from .helpers import MKA1_SPEC


def write_overlay(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    return folder


def test_an_overlay_adds_templates_for_once_and_for_each_model(
    tmp_path: Path, mka1_output: Generated
) -> None:
    overlay = write_overlay(
        tmp_path,
        {
            "templates.yaml": (
                "outputs:\n"
                "  - {template: CHANGELOG.md.j2, for: once, path: CHANGELOG.md}\n"
                "  - {template: model.md.j2, for: model, path: 'docs/models/{{ model.module }}.md'}\n"
                "  - {template: op.md.j2, for: operation, path: 'docs/{{ operation.test_module }}.md'}\n"
            ),
            "CHANGELOG.md.j2": "# {{ sdk.title | markdown_cell }} {{ sdk.version | markdown_cell }}\n",
            "model.md.j2": "# {{ model.exports | join(', ') }}\n",
            "op.md.j2": "`sdk.{{ operation.call_path }}`\n",
        },
    )
    result = generate(MKA1_SPEC, package="mka1", overlays=[overlay])
    assert result.files["CHANGELOG.md"] == "# MKA1 API 1.1.0\n"
    model_docs = [p for p in result.files if p.startswith("docs/models/")]
    assert len(model_docs) == len(
        [
            p
            for p in mka1_output.files
            if p.startswith("src/mka1/models/") and not p.endswith("__init__.py")
        ]
    )
    assert result.files["docs/models/response.md"].startswith("# Response")
    assert (
        result.files["docs/test_llm_responses_cancel.md"]
        == "`sdk.llm.responses.cancel`\n"
    )
    assert set(mka1_output.files) - {".sdkgen-manifest.json"} < set(result.files)
    assert "CHANGELOG.md" in result.files[".sdkgen-manifest.json"]


def test_an_overlay_file_replaces_the_built_in_one(tmp_path: Path) -> None:
    overlay = write_overlay(
        tmp_path, {"README.md.j2": "# {{ sdk.package }}: our own README\n"}
    )
    result = generate(MKA1_SPEC, package="mka1", overlays=[overlay])
    assert result.files["README.md"] == "# mka1: our own README\n"


def test_a_bad_declaration_is_reported_with_its_location(tmp_path: Path) -> None:
    overlay = write_overlay(
        tmp_path,
        {
            "templates.yaml": "outputs:\n  - {template: x.j2, for: each_tuesday, path: x}\n",
            "x.j2": "",
        },
    )
    with pytest.raises(SpecError) as raised:
        generate(MKA1_SPEC, package="mka1", overlays=[overlay])
    (diagnostic,) = raised.value.diagnostics
    assert diagnostic.pointer == "/outputs/0"
    assert diagnostic.line == 2
    assert "each_tuesday" in diagnostic.message


def test_templates_fail_on_undefined_names(tmp_path: Path) -> None:
    overlay = write_overlay(tmp_path, {"README.md.j2": "{{ sdk.no_such_field }}\n"})
    with pytest.raises(SpecError) as raised:
        generate(MKA1_SPEC, package="mka1", overlays=[overlay])
    assert "no_such_field" in raised.value.diagnostics[0].message


@pytest.mark.parametrize(
    "body",
    [
        "{{ sdk.title }}",
        "{{ sdk.description ~ '!' }}",
        "{% for op in sdk.operations %}{{ op.path }}{% endfor %}",
        "{{ [sdk.title, sdk.version] | join(' ') }}",
    ],
)
def test_templates_cannot_print_spec_text_without_an_escape(
    tmp_path: Path, body: str
) -> None:
    # Spec text is `SpecText`: printing it, joining it or concatenating it with `~` fails the
    # render with the template's name and line, so a template cannot forget to escape.
    overlay = write_overlay(tmp_path, {"README.md.j2": f"line one\n{body}\n"})
    with pytest.raises(SpecError) as raised:
        generate(MKA1_SPEC, package="mka1", overlays=[overlay])
    (diagnostic,) = raised.value.diagnostics
    assert diagnostic.file == "README.md.j2" and diagnostic.line == 2
    assert "escaping filter" in diagnostic.message
