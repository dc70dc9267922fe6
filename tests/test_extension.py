"""The extension story as users meet it: `sdkgen targets`, `sdkgen init-templates`, a copied set
used as an overlay, and docs/templates.md kept equal to the dataclasses it documents."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator import template_docs
from generator.cli import EXIT_BAD_INPUT, EXIT_OK, main
from generator.pipeline import generate
from generator.targets import TARGETS

from .helpers import REPO

SPEC = REPO / "spec" / "mka1.yaml"


def test_targets_lists_each_target_with_what_it_makes_and_its_templates(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    assert main(["targets"]) == EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 * len(TARGETS)
    for name in TARGETS:
        line = next(i for i, text in enumerate(lines) if text.startswith(f"{name} "))
        assert lines[line].split(None, 1)[1] == TARGETS[name].description
        assert TARGETS[name].description
        assert lines[line + 1].split() == ["templates:", f"templates/{name}"]
    assert any(line.startswith("docs ") for line in lines)


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_init_templates_copies_the_built_in_set(
    target: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    destination = tmp_path / "mine"
    assert main(["init-templates", str(destination), "--target", target]) == EXIT_OK
    builtin = TARGETS[target].templates()
    expected = {
        p.relative_to(builtin).as_posix()
        for p in builtin.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }
    copied = {
        p.relative_to(destination).as_posix()
        for p in destination.rglob("*")
        if p.is_file()
    }
    assert copied == expected
    for path in expected:
        assert (destination / path).read_bytes() == (builtin / path).read_bytes()
    assert f"{len(expected)} {target} template files copied" in capsys.readouterr().out


def test_init_templates_refuses_to_overwrite_an_edited_file_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    destination = tmp_path / "mine"
    assert main(["init-templates", str(destination), "--target", "docs"]) == EXIT_OK
    edited = destination / "index.md.j2"
    edited.write_text("my own index\n", "utf-8")
    (destination / "operation.md.j2").unlink()
    capsys.readouterr()
    assert (
        main(["init-templates", str(destination), "--target", "docs"]) == EXIT_BAD_INPUT
    )
    err = capsys.readouterr().err
    assert f"{edited}: error: exists and differs from the built-in template" in err
    assert "pass --force" in err
    assert edited.read_text("utf-8") == "my own index\n"
    assert not (destination / "operation.md.j2").exists()  # nothing was copied
    assert (
        main(["init-templates", str(destination), "--target", "docs", "--force"]) == 0
    )
    builtin = TARGETS["docs"].templates()
    assert edited.read_bytes() == (builtin / "index.md.j2").read_bytes()
    assert (destination / "operation.md.j2").is_file()


def test_init_templates_never_writes_through_a_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    destination = tmp_path / "mine"
    destination.mkdir()
    os.symlink(outside, destination / "macros")
    os.symlink(outside / "index.md.j2", destination / "index.md.j2")
    for force in ([], ["--force"]):
        code = main(["init-templates", str(destination), "--target", "docs", *force])
        assert code == EXIT_BAD_INPUT
        assert "symbolic link is in the way" in capsys.readouterr().err
    assert list(outside.iterdir()) == []
    assert sorted(p.name for p in destination.iterdir()) == ["index.md.j2", "macros"]


def test_a_copied_and_edited_set_is_an_overlay(tmp_path: Path) -> None:
    """The README's worked example: copy, keep only the file you change, generate, check."""
    destination = tmp_path / "mine"
    assert main(["init-templates", str(destination), "--target", "docs"]) == EXIT_OK
    for name in ("index.md.j2", "macros/attributes.md.j2", "templates.yaml"):
        (destination / name).unlink()
    template = destination / "operation.md.j2"
    line = "Questions? Ask in #api-help."
    text = template.read_text("utf-8")
    template.write_text(
        text.replace("## Authorization", f"{line}\n\n## Authorization"), "utf-8"
    )
    plain = generate(SPEC, package="mka1", target_name="docs").files
    custom = generate(
        SPEC, package="mka1", target_name="docs", overlays=(destination,)
    ).files
    page = "llm.responses.cancel.md"
    assert line in custom[page]
    assert custom[page].replace(f"{line}\n\n", "") == plain[page]
    assert custom["README.md"] == plain["README.md"]
    out = tmp_path / "docs"
    flags = ["--spec", str(SPEC), "--package", "mka1", "--target", "docs", "--quiet"]
    overlay = ["--templates", str(destination)]
    assert main(["generate", *flags, "--out", str(out), *overlay]) == EXIT_OK
    assert line in (out / page).read_text("utf-8")
    assert main(["check", *flags, "--out", str(out), *overlay]) == EXIT_OK
    assert main(["check", *flags, "--out", str(out)]) == 1  # without it: drift


def test_the_template_reference_is_up_to_date() -> None:
    current = template_docs.REFERENCE.read_text("utf-8")
    assert current == template_docs.reference(), (
        "docs/templates.md no longer matches the dataclasses it documents; regenerate it: "
        f"`{template_docs.REGENERATE}`"
    )


def test_the_template_reference_reads_fields_types_and_comments() -> None:
    classes, aliases = template_docs.read_module("generator/ir/api.py")
    parameter = next(c for c in classes if c.name == "Parameter")
    fields = {f.name: f for f in parameter.fields}
    assert fields["location"].annotation == "str"
    assert fields["location"].comment.startswith('"path" | "query" | "header"')
    assert fields["media_type"].annotation == "SpecText | None"  # black wrapped it
    assert "content`-encoded parameter" in fields["media_type"].comment
    api = next(c for c in classes if c.name == "Api")
    version = {f.name: f for f in api.fields}["sdk_version"]
    assert version.comment.startswith("`info.x-sdkgen-version`")  # the comment above it
    operation = next(c for c in classes if c.name == "Operation")
    assert "success" in {p.name for p in operation.properties}
    assert "ResponseKind" in {a.name for a in aliases}
    text = template_docs.reference()
    for target in TARGETS:
        assert f"### Target `{target}`" in text


def test_a_changed_dataclass_makes_the_reference_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "repo"
    for module in (*template_docs.IR_MODULES, *_view_modules()):
        (root / module).parent.mkdir(parents=True, exist_ok=True)
        (root / module).write_text((REPO / module).read_text("utf-8"), "utf-8")
    (root / "docs").mkdir()
    monkeypatch.setattr(template_docs, "ROOT", root)
    monkeypatch.setattr(template_docs, "REFERENCE", root / "docs" / "templates.md")
    monkeypatch.setattr(template_docs, "_view_module", _view_modules_by_target)
    assert template_docs.main([]) == 0
    assert template_docs.main(["--check"]) == 0
    types = root / "generator" / "ir" / "types.py"
    types.write_text(
        types.read_text("utf-8").replace(
            "    read_only: bool = False",
            "    deprecated: bool = False  # the schema says so\n    read_only: bool = False",
        ),
        "utf-8",
    )
    capsys.readouterr()
    assert template_docs.main(["--check"]) == 1
    out = capsys.readouterr().out
    assert "docs/templates.md is out of date" in out
    assert template_docs.REGENERATE in out
    assert template_docs.main([]) == 0
    assert "| `deprecated` | `bool` | the schema says so |" in (
        root / "docs" / "templates.md"
    ).read_text("utf-8")


def _view_modules_by_target(name: str) -> str:
    return f"generator/targets/{name}/view.py"


def _view_modules() -> list[str]:
    return [_view_modules_by_target(name) for name in TARGETS]


def test_another_target_never_takes_the_configured_output_folder(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """[tool.sdkgen] out and templates belong to the configured target (python here): a
    `--target docs` run without `--out`, in a project with no docs table, has no output folder,
    so it cannot touch the SDK's.
    """
    (tmp_path / "spec.yaml").write_bytes(SPEC.read_bytes())
    (tmp_path / "pyproject.toml").write_text(
        '[tool.sdkgen]\nspec = "spec.yaml"\nout = "sdk"\npackage = "mka1"\n', "utf-8"
    )
    monkeypatch.chdir(tmp_path)
    assert main(["generate", "--quiet"]) == EXIT_OK
    before = (tmp_path / "sdk" / ".sdkgen-manifest.json").read_bytes()
    assert main(["generate", "--target", "docs", "--quiet"]) == EXIT_BAD_INPUT
    assert "no output folder: pass --out DIR" in capsys.readouterr().err
    after = (tmp_path / "sdk" / ".sdkgen-manifest.json").read_bytes()
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "pyproject.toml",
        "sdk",
        "spec.yaml",
    ]
    monkeypatch.chdir(REPO)
    assert (
        main(["check", "--target", "docs", "--out", "generated/docs", "--quiet"]) == 0
    )
