"""`check` reports drift file by file; `write` is atomic and only ever deletes its own files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.cli import EXIT_DRIFT, EXIT_OK, main
from generator.output import check, write
from generator.pipeline import OUTPUT_MANIFEST

from .helpers import GENERATED, MKA1_SPEC

FILES = {
    "README.md": "# Hello\n",
    "src/pkg/__init__.py": '"""Package."""\n',
    "src/pkg/models/thing.py": "X = 1\n",
}


def files_with_manifest(files: dict[str, str]) -> dict[str, str]:
    manifest = json.dumps(
        {"generator": "sdkgen", "source": "x.yaml", "files": sorted(files)}, indent=2
    )
    return {**files, OUTPUT_MANIFEST: manifest + "\n"}


def test_write_then_check_is_clean(tmp_path: Path) -> None:
    files = files_with_manifest(FILES)
    report = write(tmp_path, files)
    assert sorted(report.written) == sorted(files)
    assert check(tmp_path, files).clean
    assert (
        write(tmp_path, files).written == ()
    )  # nothing rewritten when nothing changed


def test_check_names_a_changed_file_with_a_diff(tmp_path: Path) -> None:
    files = files_with_manifest(FILES)
    write(tmp_path, files)
    (tmp_path / "src/pkg/models/thing.py").write_text("X = 2\n")
    report = check(tmp_path, files)
    assert list(report.changed) == ["src/pkg/models/thing.py"]
    diff = report.changed["src/pkg/models/thing.py"]
    assert "-X = 2\n" in diff and "+X = 1\n" in diff
    assert f"--- {tmp_path / 'src/pkg/models/thing.py'} (on disk)" in diff


def test_check_names_missing_and_unexpected_files_but_ignores_caches(
    tmp_path: Path,
) -> None:
    files = files_with_manifest(FILES)
    write(tmp_path, files)
    (tmp_path / "README.md").unlink()
    (tmp_path / "src/pkg/extra.py").write_text("")
    (tmp_path / "src/pkg/__pycache__").mkdir()
    (tmp_path / "src/pkg/__pycache__/thing.cpython-311.pyc").write_bytes(b"\0")
    (tmp_path / "src/pkg.egg-info").mkdir()
    (tmp_path / "src/pkg.egg-info/PKG-INFO").write_text("")
    report = check(tmp_path, files)
    assert report.missing == ("README.md",)
    assert report.unexpected == ("src/pkg/extra.py",)
    assert not report.changed
    text = report.render(tmp_path)
    assert "missing:" in text and "README.md" in text
    assert "unexpected:" in text and "extra.py" in text


def test_write_removes_only_files_it_made_earlier(tmp_path: Path) -> None:
    write(tmp_path, files_with_manifest(FILES))
    (tmp_path / "src/pkg/hand_written.py").write_text("# mine\n")
    fewer = {k: v for k, v in FILES.items() if k != "src/pkg/models/thing.py"}
    report = write(tmp_path, files_with_manifest(fewer))
    assert report.removed == ("src/pkg/models/thing.py",)
    assert not (tmp_path / "src/pkg/models").exists()  # the folder it emptied goes too
    assert (tmp_path / "src/pkg/hand_written.py").read_text() == "# mine\n"


def test_write_without_a_manifest_deletes_nothing(tmp_path: Path) -> None:
    (tmp_path / "old.py").write_text("# from before sdkgen\n")
    write(tmp_path, {"new.py": "X = 1\n"})
    assert (tmp_path / "old.py").exists()


def test_a_failed_write_leaves_existing_files_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = files_with_manifest(FILES)
    write(tmp_path, files)
    changed = {path: text + "# changed\n" for path, text in files.items()}
    calls = []

    def replace_then_fail(source: str, target: str) -> None:
        calls.append(target)
        if len(calls) == 2:
            raise OSError("disk full")
        shutil.move(source, target)

    monkeypatch.setattr("generator.output.os.replace", replace_then_fail)
    with pytest.raises(OSError):
        write(tmp_path, changed)
    for path, text in files.items():
        on_disk = (tmp_path / path).read_text()
        assert on_disk in (text, changed[path])  # each file is old or new, never a mix
    assert [p.name for p in tmp_path.parent.iterdir() if ".staging-" in p.name] == []


@pytest.fixture
def generated_copy(tmp_path: Path) -> Path:
    out = tmp_path / "python"
    shutil.copytree(
        GENERATED, out, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
    )
    return out


def run_check(out: Path) -> int:
    return main(
        ["check", "--spec", str(MKA1_SPEC), "--package", "mka1", "--out", str(out)]
    )


def test_cli_check_on_the_committed_output_is_clean(
    generated_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_check(generated_copy) == EXIT_OK
    assert "up to date" in capsys.readouterr().out


def test_cli_check_fails_on_one_changed_byte(
    generated_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = generated_copy / "src/mka1/models/usage.py"
    data = bytearray(target.read_bytes())
    data[-2] = ord("X") if data[-2] != ord("X") else ord("Y")
    target.write_bytes(bytes(data))
    assert run_check(generated_copy) == EXIT_DRIFT
    out = capsys.readouterr().out
    assert f"--- {generated_copy / 'src/mka1/models/usage.py'} (on disk)" in out
    assert f"+++ {generated_copy / 'src/mka1/models/usage.py'} (generated)" in out


def test_cli_check_fails_on_a_deleted_file(
    generated_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (generated_copy / "src/mka1/models/usage.py").unlink()
    assert run_check(generated_copy) == EXIT_DRIFT
    assert "missing:" in capsys.readouterr().out


def test_cli_check_fails_on_an_added_file(
    generated_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (generated_copy / "src/mka1/models/extra.py").write_text("X = 1\n")
    assert run_check(generated_copy) == EXIT_DRIFT
    out = capsys.readouterr().out
    assert "unexpected:" in out and "src/mka1/models/extra.py" in out
