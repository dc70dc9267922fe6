"""Bad specs give one clear message naming file, line and JSON pointer, exit 2, and write nothing;
specs with only lenient findings generate, with a located warning for each.

Each folder in tests/cases/ holds a `spec.yaml` (or `spec.json`) and the exact `expected.txt` the CLI
prints for it on stderr (run from inside the folder). Optionally, `args.txt` holds more arguments for
`generate` (`--strict`), and `status.txt` the exit status when it is not 2 (0: the SDK is written).
Regenerate an expectation by running the command in the test by hand.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli import EXIT_BAD_INPUT, EXIT_OK, main

from .helpers import GENERATED, tree_digest

CASES = sorted(p for p in (Path(__file__).parent / "cases").iterdir() if p.is_dir())


def _expected_status(case: Path) -> int:
    status = case / "status.txt"
    return int(status.read_text("utf-8")) if status.exists() else EXIT_BAD_INPUT


def _extra_args(case: Path) -> list[str]:
    args = case / "args.txt"
    return args.read_text("utf-8").split() if args.exists() else []


REFUSED = [c for c in CASES if _expected_status(c) == EXIT_BAD_INPUT]
GENERATED_WITH_WARNINGS = [c for c in CASES if _expected_status(c) == EXIT_OK]


@pytest.mark.parametrize("case", REFUSED, ids=[c.name for c in REFUSED])
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
    status = main(["generate", "--spec", spec, "--out", str(out), *_extra_args(case)])

    captured = capsys.readouterr()
    assert status == EXIT_BAD_INPUT
    assert captured.err == (case / "expected.txt").read_text("utf-8")
    assert captured.out == ""
    assert tree_digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "python"
    ]  # no staging folder left behind


@pytest.mark.parametrize(
    "case", GENERATED_WITH_WARNINGS, ids=[c.name for c in GENERATED_WITH_WARNINGS]
)
def test_lenient_spec_generates_with_the_expected_warnings(
    case: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "python"
    monkeypatch.chdir(case)

    spec = "spec.json" if (case / "spec.json").exists() else "spec.yaml"
    status = main(["generate", "--spec", spec, "--out", str(out), *_extra_args(case)])

    captured = capsys.readouterr()
    assert status == EXIT_OK
    assert captured.err == (case / "expected.txt").read_text("utf-8")
    assert captured.out.startswith("sdkgen: ")
    assert (out / ".sdkgen-manifest.json").is_file()
    # check and validate print the same warnings, on stderr too
    for command in (["check", "--out", str(out)], ["validate"]):
        assert main([*command, "--spec", spec, *_extra_args(case)]) == EXIT_OK
        assert capsys.readouterr().err == captured.err


def test_there_are_cases_for_each_kind_of_bad_input() -> None:
    names = {c.name for c in CASES}
    assert {"unparsable_yaml", "invalid_document", "dangling_ref"} <= names
    assert {"lenient_findings", "lenient_findings_strict", "structural_error"} <= names
