"""Bad specs give one clear message naming file, line and JSON pointer, exit 2, and write nothing.

Each folder in tests/cases/ holds a `spec.yaml` (or `spec.json`) and the exact `expected.txt` the CLI
prints for it (run from inside the folder). Regenerate an expectation by running the command in the test by hand.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli import EXIT_BAD_INPUT, main

from .helpers import GENERATED, tree_digest

CASES = sorted(p for p in (Path(__file__).parent / "cases").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_spec_gives_the_expected_message_and_touches_nothing(
    case: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "python"
    shutil.copytree(
        GENERATED, out, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
    )
    before = tree_digest(out)
    monkeypatch.chdir(case)

    spec = "spec.json" if (case / "spec.json").exists() else "spec.yaml"
    status = main(["generate", "--spec", spec, "--out", str(out)])

    captured = capsys.readouterr()
    assert status == EXIT_BAD_INPUT
    assert captured.err == (case / "expected.txt").read_text("utf-8")
    assert captured.out == ""
    assert tree_digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "python"
    ]  # no staging folder left behind


def test_there_are_cases_for_each_kind_of_bad_input() -> None:
    names = {c.name for c in CASES}
    assert {"unparsable_yaml", "invalid_document", "dangling_ref"} <= names
