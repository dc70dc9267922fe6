"""The one rule every path under --out must pass, and safe display of untrusted paths."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.cli import EXIT_BAD_INPUT, main
from generator.output_paths import (
    colliding_paths,
    path_problem,
    printable,
    quoted,
)

from .helpers import MKA1_SPEC


@pytest.mark.parametrize(
    "path",
    [
        "README.md",
        "src/pkg/__init__.py",
        ".github/workflows/ci.yml",
        ".gitignore",
        "docs/a b/ünïcode.md",
        "x" * 255,
        "/".join(["y" * 200] * 5),  # 1,004 bytes: under the limit
    ],
)
def test_clean_relative_paths_pass(path: str) -> None:
    assert path_problem(path) is None


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("", "is empty"),
        ("/etc/passwd", "is absolute"),
        (
            "../../victim/secret.txt",
            "has a '..' segment (it leads out of the output folder)",
        ),
        ("src/../../x", "has a '..' segment (it leads out of the output folder)"),
        ("a//b", "has an empty segment"),
        ("a/", "has an empty segment"),
        ("./a", "has a '.' segment"),
        ("a/./b", "has a '.' segment"),
        ("a\\..\\b", "contains a backslash"),
        ("C:/Windows/x", "starts with a drive letter"),
        ("c:x", "starts with a drive letter"),
        ("a\x00b", "contains a control character"),
        ("a\nb", "contains a control character"),
        ("a\x1b[31mb", "contains a control character"),
        ("a\x7fb", "contains a control character"),
        ("a\u202eb", "contains a control character"),  # right-to-left override
        ("\ud800.py", "is not valid Unicode text"),
        ("x" * 256, "has a segment longer than 255 bytes"),
        ("é" * 128, "has a segment longer than 255 bytes"),  # 256 bytes in UTF-8
        ("/".join(["y" * 200] * 6), "is longer than 1024 bytes"),
        (".git/config", "is inside a version-control folder (.git)"),
        ("sub/.hg/hgrc", "is inside a version-control folder (.hg)"),
        (".svn/entries", "is inside a version-control folder (.svn)"),
        (".sdkgen-manifest.json", "is a name sdkgen reserves for itself"),
        (".sdkgen-staging-abc123/x.py", "is a name sdkgen reserves for itself"),
    ],
)
def test_unclean_paths_are_named_with_the_reason(path: str, problem: str) -> None:
    assert path_problem(path) == problem


def test_paths_that_differ_only_in_case_collide() -> None:
    assert colliding_paths(["README.md", "src/a.py", "readme.md"]) == [
        (
            "README.md",
            "readme.md",
            "differ only in case (one file on macOS and Windows)",
        )
    ]


def test_folders_that_differ_only_in_case_collide() -> None:
    assert colliding_paths(["src/Models/a.py", "src/models/b.py"]) == [
        (
            "src/Models/a.py",
            "src/models/b.py",
            "differ only in case (one file on macOS and Windows)",
        )
    ]


def test_a_file_cannot_also_be_a_folder() -> None:
    assert colliding_paths(["docs", "docs/index.md"]) == [
        ("docs", "docs/index.md", "need docs to be both a file and a folder")
    ]


def test_distinct_paths_do_not_collide() -> None:
    assert colliding_paths(["a.py", "b.py", "pkg/a.py", "pkg/sub/a.py"]) == []


def test_paths_in_messages_show_control_characters_as_escapes() -> None:
    assert printable("out/evil\x1b[2J\n.py") == "out/evil\\x1b[2J\\n.py"
    assert printable("out/caf\udce9.py") == "out/caf\\udce9.py"  # a non-UTF-8 name
    assert printable("out/ünïcode.py") == "out/ünïcode.py"
    assert quoted("../../x") == "'../../x'"
    assert quoted("a" * 500) == "'" + "a" * 120 + "…' (500 characters)"


def write_overlay(folder: Path, outputs: str, templates: dict[str, str]) -> None:
    folder.mkdir()
    (folder / "templates.yaml").write_text("outputs:\n" + outputs)
    for name, text in templates.items():
        (folder / name).write_text(text)


def generate_with_overlay(out: str) -> int:
    return main(
        [
            "generate",
            *("--spec", str(MKA1_SPEC), "--package", "mka1", "--out", out),
            *("--templates", "overlay"),
        ]
    )


def test_a_template_path_that_leaves_the_output_folder_is_a_located_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_overlay(
        tmp_path / "overlay",
        "  - {template: notes.j2, for: once, path: NOTES.md}\n"
        "  - {template: evil.j2, for: once, path: '../../{{ sdk.package }}.txt'}\n",
        {"notes.j2": "notes\n", "evil.j2": "written outside\n"},
    )
    monkeypatch.chdir(tmp_path)

    assert generate_with_overlay("a/b/out") == EXIT_BAD_INPUT

    assert capsys.readouterr().err == (
        "overlay/templates.yaml:3: error: evil.j2 renders the output path "
        "'../../mka1.txt', which has a '..' segment (it leads out of the output folder) "
        "[at /outputs/1/path]\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["overlay"]  # nothing written


def test_a_template_path_with_a_control_character_is_shown_escaped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_overlay(
        tmp_path / "overlay",
        '  - {template: evil.j2, for: model, path: "docs/\\e[2J{{ model.module }}.md"}\n',
        {"evil.j2": "x\n"},
    )
    monkeypatch.chdir(tmp_path)

    assert generate_with_overlay("out") == EXIT_BAD_INPUT

    err = capsys.readouterr().err
    assert "\x1b" not in err
    assert err.startswith(
        "overlay/templates.yaml:2: error: evil.j2 renders the output path "
        "'docs/\\x1b[2J"
    )
    assert re.search(
        r", which contains a control character \(and \d+ more paths like it\) "
        r"\[at /outputs/0/path\]\n$",
        err,
    )
    assert not (tmp_path / "out").exists()


def test_template_outputs_that_differ_only_in_case_are_a_located_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_overlay(
        tmp_path / "overlay",
        "  - {template: readme.j2, for: once, path: readme.md}\n",
        {"readme.j2": "# lower-case readme\n"},
    )
    monkeypatch.chdir(tmp_path)

    assert generate_with_overlay("out") == EXIT_BAD_INPUT

    assert capsys.readouterr().err == (
        "overlay/templates.yaml:2: error: readme.j2 renders the output path 'readme.md', "
        "which collides with 'README.md' (from README.md.j2): they differ only in case "
        "(one file on macOS and Windows) [at /outputs/0/path]\n"
    )
    assert not (tmp_path / "out").exists()
