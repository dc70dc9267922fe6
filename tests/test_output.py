"""`check` reports drift file by file; `write` is atomic and only ever deletes its own files."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from generator.cli import EXIT_DRIFT, EXIT_OK, main
from generator.keep import Keep
from generator.output import OutputError, check, write
from generator.pipeline import OUTPUT_MANIFEST

from .helpers import GENERATED, MKA1_SPEC, tree_digest

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
    with pytest.raises(OutputError) as caught:
        write(tmp_path, changed)
    assert caught.value.render() == (
        f"{tmp_path}/src/pkg/__init__.py: error: cannot write: disk full\n"
    )
    for path, text in files.items():
        on_disk = (tmp_path / path).read_text()
        assert on_disk in (text, changed[path])  # each file is old or new, never a mix
    assert [p.name for p in tmp_path.iterdir() if "staging" in p.name] == []
    assert [p.name for p in tmp_path.parent.iterdir() if "staging" in p.name] == []


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


def manifest_listing(*entries: str) -> str:
    document = {"generator": "sdkgen", "source": "x.yaml", "files": list(entries)}
    return json.dumps(document, indent=2) + "\n"


# A manifest is untrusted input: a pull request may edit it.


def test_manifest_entries_outside_the_output_folder_are_ignored_with_located_warnings(
    tmp_path: Path,
) -> None:
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "secret.txt").write_text("secret\n")
    (victim / "absolute.txt").write_text("secret too\n")
    out = tmp_path / "project" / "out"
    out.mkdir(parents=True)
    listed = ("../../victim/secret.txt", str(victim / "absolute.txt"), "README.md")
    (out / OUTPUT_MANIFEST).write_text(manifest_listing(*listed))

    report = write(out, files_with_manifest(FILES))

    assert (victim / "secret.txt").read_text() == "secret\n"
    assert (victim / "absolute.txt").read_text() == "secret too\n"
    why = "sdkgen deletes and replaces only files inside the output folder"
    assert [w.render() for w in report.warnings] == [
        f"{out}/.sdkgen-manifest.json:5: warning: ignoring the entry "
        f"'../../victim/secret.txt': it has a '..' segment (it leads out of the output "
        f"folder); {why} [at /files/0]",
        f"{out}/.sdkgen-manifest.json:6: warning: ignoring the entry "
        f"'{victim}/absolute.txt': it is absolute; {why} [at /files/1]",
    ]
    assert check(out, files_with_manifest(FILES)).clean


def test_a_manifest_entry_through_a_symlink_is_never_deleted(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "notes.txt").write_text("mine\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "link").symlink_to(elsewhere, target_is_directory=True)
    (out / OUTPUT_MANIFEST).write_text(manifest_listing("link/notes.txt"))

    report = write(out, {"README.md": "# Hello\n"})

    assert (elsewhere / "notes.txt").read_text() == "mine\n"
    assert [w.message for w in report.warnings] == [
        "ignoring the entry 'link/notes.txt': it passes through a symbolic link (link); "
        "sdkgen deletes and replaces only files inside the output folder"
    ]


def test_a_manifest_nested_too_deeply_is_ignored_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / OUTPUT_MANIFEST).write_text("[" * 100_000)

    report = write(tmp_path, {"README.md": "# Hello\n"})

    assert [w.render() for w in report.warnings] == [
        f"{tmp_path}/.sdkgen-manifest.json: warning: not a manifest written by sdkgen "
        "(unreadable JSON, or no `files` list); no file counts as generated, so none is "
        "deleted or replaced [at /]"
    ]
    assert (tmp_path / "README.md").read_text() == "# Hello\n"


def test_emptied_folders_are_removed_up_to_but_never_including_the_output_folder(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    write(out, files_with_manifest({"a/b/c.txt": "x\n"}))

    write(out, {"other.txt": "y\n"})

    assert sorted(p.name for p in out.iterdir()) == [OUTPUT_MANIFEST, "other.txt"]


# Symbolic links inside the output folder are never followed.


def test_write_refuses_to_write_through_a_symlinked_folder(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "src").symlink_to(elsewhere, target_is_directory=True)

    with pytest.raises(OutputError) as caught:
        write(out, files_with_manifest(FILES))

    assert caught.value.render() == (
        f"{out}/src: error: is a symbolic link, and sdkgen does not write through links "
        "(nothing written)\n"
    )
    assert list(elsewhere.iterdir()) == []
    assert sorted(p.name for p in out.iterdir()) == ["src"]


def test_write_refuses_to_replace_a_symlinked_file(tmp_path: Path) -> None:
    target = tmp_path / "target.md"
    target.write_text("mine\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "README.md").symlink_to(target)

    with pytest.raises(OutputError) as caught:
        write(out, files_with_manifest(FILES))

    assert caught.value.render() == (
        f"{out}/README.md: error: is a symbolic link, and sdkgen does not write through "
        "links (nothing written)\n"
    )
    assert (out / "README.md").is_symlink() and target.read_text() == "mine\n"


def test_check_reports_a_symlinked_folder_as_drift_even_when_its_files_match(
    tmp_path: Path,
) -> None:
    files = files_with_manifest(FILES)
    elsewhere, out = tmp_path / "elsewhere", tmp_path / "out"
    write(elsewhere, files)
    write(out, files)
    shutil.rmtree(out / "src")
    (out / "src").symlink_to(elsewhere / "src", target_is_directory=True)

    report = check(out, files)

    assert report.render(out) == (
        f"not a folder: {out}/src (a symbolic link; sdkgen does not follow links)\n"
        f"1 file(s) differ from what the generator produces in {out}\n"
    )


def test_check_reports_a_symlinked_file_and_a_named_pipe(tmp_path: Path) -> None:
    files = files_with_manifest(FILES)
    write(tmp_path, files)
    (tmp_path / "README.md").unlink()
    (tmp_path / "README.md").symlink_to(tmp_path / "src/pkg/__init__.py")
    (tmp_path / "src/pkg/models/thing.py").unlink()
    os.mkfifo(tmp_path / "src/pkg/models/thing.py")

    report = check(tmp_path, files)

    assert report.render(tmp_path) == (
        f"not a regular file: {tmp_path}/README.md (a symbolic link; sdkgen does not "
        "follow links)\n"
        f"not a regular file: {tmp_path}/src/pkg/models/thing.py (a named pipe)\n"
        f"2 file(s) differ from what the generator produces in {tmp_path}\n"
    )


def test_the_output_folder_itself_may_be_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    out = tmp_path / "out"
    out.symlink_to(real, target_is_directory=True)
    files = files_with_manifest(FILES)

    write(out, files)

    assert (real / "src/pkg/models/thing.py").read_text() == "X = 1\n"
    assert check(out, files).clean


def test_check_shows_untrusted_file_names_with_escapes(tmp_path: Path) -> None:
    files = files_with_manifest(FILES)
    write(tmp_path, files)
    (tmp_path / "evil\x1b[2J.txt").write_text("")

    text = check(tmp_path, files).render(tmp_path)

    assert "\x1b" not in text
    assert f"unexpected: {tmp_path}/evil\\x1b[2J.txt (the generator" in text


# Staging, locking and concurrent runs.


def test_write_stages_inside_the_output_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    staged_in = []
    real_replace = os.replace

    def spy(source: str, target: str) -> None:
        staged_in.append(Path(source).parent)
        real_replace(source, target)

    monkeypatch.setattr("generator.output.os.replace", spy)
    write(out, files_with_manifest(FILES))

    assert len(staged_in) == len(FILES) + 2  # and the interim and final manifests
    assert {folder.parent for folder in staged_in} == {out}
    assert all(folder.name.startswith(".sdkgen-staging-") for folder in staged_in)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_killed_runs_staging_folder_is_ignored_by_check_and_removed_by_the_next_write(
    tmp_path: Path,
) -> None:
    files = files_with_manifest(FILES)
    write(tmp_path, files)
    leftover = tmp_path / ".sdkgen-staging-k1ll3d"
    (leftover / "sub").mkdir(parents=True)
    (leftover / "0").write_text("half a file")

    assert check(tmp_path, files).clean
    write(tmp_path, files)

    assert not leftover.exists()
    assert check(tmp_path, files).clean


def test_concurrent_writes_leave_exactly_the_last_writers_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    file_sets = [
        files_with_manifest({f"{name}/f{i}.py": f"X = {i}\n" for i in range(5)})
        for name in ("first", "second")
    ]
    real_replace = os.replace

    def slow_replace(source: str, target: str) -> None:
        time.sleep(0.01)  # widens the window in which two unlocked runs interleave
        real_replace(source, target)

    monkeypatch.setattr("generator.output.os.replace", slow_replace)
    start = threading.Barrier(len(file_sets))
    failures: list[BaseException] = []

    def run(files: dict[str, str]) -> None:
        start.wait()  # both runs begin together, so unlocked they would overlap
        try:
            write(out, files)
        except BaseException as error:  # surfaced by the assertion below
            failures.append(error)

    threads = [threading.Thread(target=run, args=(f,)) for f in file_sets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    listed = json.loads((out / OUTPUT_MANIFEST).read_text())["files"]
    last = next(f for f in file_sets if sorted(set(f) - {OUTPUT_MANIFEST}) == listed)
    assert check(out, last).clean


def test_write_waits_for_a_run_that_holds_the_output_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    holder = os.open(out, os.O_RDONLY)
    fcntl.flock(holder, fcntl.LOCK_EX)
    messages: list[str] = []

    def other_run_finishes(message: str) -> None:
        messages.append(message)
        os.close(holder)  # releases the other run's lock

    write(out, files_with_manifest(FILES), on_wait=other_run_finishes)

    assert messages == [
        f"waiting for another sdkgen run to finish with {out} (up to 60 s)"
    ]
    assert check(out, files_with_manifest(FILES)).clean


# Overwrite protection and `keep`.


def test_write_refuses_to_overwrite_files_it_did_not_write_unless_forced(
    tmp_path: Path,
) -> None:
    (tmp_path / "README.md").write_text("# My own project\n")
    (tmp_path / "src/pkg").mkdir(parents=True)
    (tmp_path / "src/pkg/__init__.py").write_text(FILES["src/pkg/__init__.py"])
    before = tree_digest(tmp_path)

    with pytest.raises(OutputError) as caught:
        write(tmp_path, files_with_manifest(FILES))

    assert caught.value.render() == (
        f"{tmp_path}/README.md: error: exists, and sdkgen did not write it "
        "(.sdkgen-manifest.json does not list it)\n"
        "sdkgen: nothing written; pass --force to overwrite this file\n"
    )
    assert tree_digest(tmp_path) == before
    write(tmp_path, files_with_manifest(FILES), force=True)
    assert (tmp_path / "README.md").read_text() == "# Hello\n"


def test_an_ignored_manifest_entry_does_not_make_a_file_the_generators(
    tmp_path: Path,
) -> None:
    (tmp_path / "README.md").write_text("# My own project\n")
    (tmp_path / OUTPUT_MANIFEST).write_text(manifest_listing("./README.md"))

    with pytest.raises(OutputError) as caught:
        write(tmp_path, files_with_manifest(FILES))

    assert [p.path for p in caught.value.problems] == [f"{tmp_path}/README.md"]
    assert (tmp_path / "README.md").read_text() == "# My own project\n"


def test_check_never_reports_kept_files_or_version_control_folders(
    tmp_path: Path,
) -> None:
    files = files_with_manifest(FILES)
    write(tmp_path, files)
    (tmp_path / ".gitignore").write_text("*.pyc\n")
    (tmp_path / "CHANGELOG.md").write_text("# v1\n")
    (tmp_path / "docs/guide").mkdir(parents=True)
    (tmp_path / "docs/guide/intro.md").write_text("Hi\n")
    for vcs in (".git", "src/.hg", ".svn"):
        (tmp_path / vcs).mkdir()
        (tmp_path / vcs / "HEAD").write_text("ref: refs/heads/main\n")

    assert check(tmp_path, files).unexpected == (
        ".gitignore",
        "CHANGELOG.md",
        "docs/guide/intro.md",
    )
    keep = Keep([".gitignore", "CHANGELOG.md", "docs/**"])
    assert check(tmp_path, files, keep=keep).clean


def test_write_never_deletes_a_kept_file_even_when_the_manifest_lists_it(
    tmp_path: Path,
) -> None:
    write(tmp_path, files_with_manifest({**FILES, "CHANGELOG.md": "# generated\n"}))
    (tmp_path / "CHANGELOG.md").write_text("# mine now\n")

    report = write(tmp_path, files_with_manifest(FILES), keep=Keep(["CHANGELOG.md"]))

    assert report.removed == ()
    assert (tmp_path / "CHANGELOG.md").read_text() == "# mine now\n"


def test_a_keep_pattern_that_matches_a_generated_file_is_refused(
    tmp_path: Path,
) -> None:
    files = files_with_manifest(FILES)
    message = (
        f"{tmp_path}/README.md: error: a `keep` pattern matches this file, but the "
        "generator produces it; narrow the pattern\n"
    )
    with pytest.raises(OutputError) as caught:
        write(tmp_path, files, keep=Keep(["*.md"]))
    assert caught.value.render() == message
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(OutputError) as caught:
        check(tmp_path, files, keep=Keep(["*.md"]))
    assert caught.value.render() == message


def test_check_shows_control_characters_in_a_diff_as_escapes(tmp_path: Path) -> None:
    files = files_with_manifest(FILES)
    write(tmp_path, files)
    (tmp_path / "README.md").write_bytes(b"# Hello\x1b]0;pwned\x07\r\n")

    diff = check(tmp_path, files).changed["README.md"]

    assert "\x1b" not in diff and "\x07" not in diff and "\r" not in diff
    assert "-# Hello\\x1b]0;pwned\\x07\\r\n+# Hello\n" in diff


def test_write_and_check_refuse_paths_outside_the_output_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    expected = (
        f"{out}: error: '../escape.txt' is not a path inside the output folder: it has a "
        "'..' segment (it leads out of the output folder)\nsdkgen: nothing done\n"
    )
    for run in (write, check):
        with pytest.raises(OutputError) as caught:
            run(out, {"../escape.txt": "x\n"})
        assert caught.value.render() == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_non_string_and_excess_manifest_entries_get_bounded_warnings(
    tmp_path: Path,
) -> None:
    entries: list[object] = [7, None, *(f"../x{i}" for i in range(25))]
    document = {"generator": "sdkgen", "files": entries}
    (tmp_path / OUTPUT_MANIFEST).write_text(json.dumps(document, indent=2))

    warnings = write(tmp_path, {"README.md": "# Hello\n"}).warnings

    assert [w.message for w in warnings[:2]] == [
        "ignoring an entry that is not a string but a number",
        "ignoring an entry that is not a string but null",
    ]
    assert (warnings[2].line, warnings[2].pointer) == (6, "/files/2")
    assert len(warnings) == 21
    assert warnings[-1].render() == (
        f"{tmp_path}/.sdkgen-manifest.json: warning: ignoring 7 more entries like these "
        "[at /files]"
    )


def test_a_file_written_by_an_interrupted_run_is_listed_so_the_next_run_removes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, files_with_manifest(FILES))
    real_replace = os.replace

    def killed_after_new_file(source: str, target: str) -> None:
        real_replace(source, target)
        if str(target).endswith("new.py"):
            raise KeyboardInterrupt  # as if the run were killed right after this rename

    monkeypatch.setattr("generator.output.os.replace", killed_after_new_file)
    with pytest.raises(KeyboardInterrupt):
        write(tmp_path, files_with_manifest({**FILES, "src/pkg/new.py": "N = 1\n"}))
    monkeypatch.undo()

    report = write(tmp_path, files_with_manifest(FILES))

    assert report.removed == ("src/pkg/new.py",)
    assert check(tmp_path, files_with_manifest(FILES)).clean
