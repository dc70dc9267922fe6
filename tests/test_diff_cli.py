"""`sdkgen diff` and `check` as users run them: MKA1's acceptance edits, formats, --fail-on,
--from GIT_REV on a small repository, the report at the top of `check`, and hostile text.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from generator.cli import EXIT_BAD_INPUT, EXIT_DRIFT, EXIT_OK, main

from .diff_support import base
from .helpers import MKA1_SPEC

X_ON_BEHALF_OF = """        - name: X-On-Behalf-Of
          in: header
          required: false
          description: Optional external user identifier for multi-user server-side integrations. Use this when acting on behalf of one of your end users.
          schema:
            type: string
"""


def mka1_pair(tmp_path: Path, edit: str) -> tuple[Path, Path]:
    """MKA1's spec, and a copy of it edited by `edit` (a name below)."""
    text = MKA1_SPEC.read_text(encoding="utf-8")
    if edit == "remove X-On-Behalf-Of":
        assert X_ON_BEHALF_OF in text
        edited = text.replace(X_ON_BEHALF_OF, "")
    elif edit == "add an optional field to Response":
        # both sides dumped the same way, so the only difference is the new field
        document = yaml.safe_load(text)
        text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True)
        properties = document["components"]["schemas"]["Response"]["properties"]
        assert "background_color" not in properties
        properties["background_color"] = {"type": "string"}
        edited = yaml.safe_dump(document, sort_keys=False, allow_unicode=True)
    elif edit == "add a value to the status enum":
        anchor = "    ResponseStatus:\n      type: string\n      enum:\n"
        assert anchor in text
        edited = text.replace(anchor, anchor + "        - paused\n", 1)
    else:
        raise AssertionError(edit)
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(text, encoding="utf-8")
    new.write_text(edited, encoding="utf-8")
    return old, new


def run_json(
    capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, dict[str, object]]:
    status = main(["diff", *args, "--format", "json"])
    return status, json.loads(capsys.readouterr().out)


def test_mka1_removing_the_on_behalf_of_header_is_major(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = mka1_pair(tmp_path, "remove X-On-Behalf-Of")
    status, report = run_json(capsys, str(old), str(new))
    assert status == EXIT_OK
    assert report["bump"] == "major"
    assert report["changes"] == [
        {
            "kind": "parameter-removed",
            "target": "python",
            "where": "llm.responses.cancel(x_on_behalf_of)",
            "breaking": True,
            "classification": "breaking",
            "bump": "major",
            "message": "header parameter `X-On-Behalf-Of` removed: code that passes it fails",
            "reason": "code that passes it fails",
        }
    ]


def test_mka1_an_optional_field_added_to_response_is_minor(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = mka1_pair(tmp_path, "add an optional field to Response")
    _, report = run_json(capsys, str(old), str(new))
    assert report["bump"] == "minor"
    assert [(c["kind"], c["where"], c["classification"]) for c in report["changes"]] == [  # type: ignore[index, union-attr]
        ("response-field-added", "Response.background_color", "non-breaking")
    ]


def test_mka1_a_new_status_value_is_unsafe_for_some_with_the_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = mka1_pair(tmp_path, "add a value to the status enum")
    assert main(["diff", str(old), str(new)]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.splitlines()[1:] == [
        '  unsafe-for-some  ResponseStatus: value `"paused"` added: code that handles every '
        "value exhaustively (match, assert_never) meets one it does not handle",
        "1 change to the python SDK's API (1 unsafe-for-some): bump minor",
    ]
    assert (
        main(["diff", str(old), str(new), "--fail-on", "unsafe-for-some"]) == EXIT_DRIFT
    )
    assert main(["diff", str(old), str(new), "--fail-on", "breaking"]) == EXIT_OK
    assert main(["diff", str(old), str(new), "--fail-on", "minor"]) == EXIT_DRIFT
    assert main(["diff", str(old), str(new), "--fail-on", "major"]) == EXIT_OK


def test_markdown_goes_to_the_job_summary_too_and_escapes_the_document_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    old = base()
    new = base()
    hostile = "x` | <img src=x onerror=alert(1)> [a](http://e) \x1b[31m\n# h"
    new["components"]["schemas"]["Status"]["enum"].append(hostile)
    (tmp_path / "old.yaml").write_text(yaml.safe_dump(old))
    (tmp_path / "new.yaml").write_text(yaml.safe_dump(new))
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.chdir(tmp_path)
    assert main(["diff", "old.yaml", "new.yaml", "--format", "markdown"]) == EXIT_OK
    out = capsys.readouterr().out
    assert summary.read_text() == "earlier step\n" + out
    (row,) = [line for line in out.splitlines() if line.startswith("| 🟠")]
    # one table row; the value only inside a code span, its pipe escaped, no control characters
    assert row.count(" | ") == 3 and "\x1b" not in row and "\n" not in row
    code = row.split(" | ")[2]
    assert code.startswith("value ``") and "<img" in code
    assert "\\|" in code


def test_text_output_shows_control_characters_as_escapes_and_cuts_long_values(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = base()
    new["components"]["schemas"]["Status"]["enum"].append("\x1b[2J" + "y" * 500)
    (tmp_path / "old.yaml").write_text(yaml.safe_dump(base()))
    (tmp_path / "new.yaml").write_text(yaml.safe_dump(new))
    main(["diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml")])
    out = capsys.readouterr().out
    assert "\x1b" not in out and "y" * 100 not in out and "…" in out


def test_bad_input_is_a_located_error_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "old.yaml").write_text(yaml.safe_dump(base()))
    broken = base()
    broken["paths"]["/pets"]["post"]["responses"]["201"]["content"]["application/json"][
        "schema"
    ] = {"$ref": "#/components/schemas/Nope"}
    (tmp_path / "new.yaml").write_text(yaml.safe_dump(broken))
    status = main(["diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml")])
    assert status == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "new.yaml:" in err and "does not resolve" in err and "[at /paths/" in err
    assert main(["diff", str(tmp_path / "old.yaml")]) == EXIT_BAD_INPUT
    assert "give two specs" in capsys.readouterr().err


def git(folder: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    done = subprocess.run(
        ["git", "-C", str(folder), *args],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return done.stdout


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A git repository with a two-file spec (a relative `$ref`), configured in pyproject.toml,
    and two commits: the second adds a value to a response enum and removes a parameter.
    """
    if shutil.which("git") is None:
        pytest.fail("git is needed for --from")
    repo = tmp_path / "repo"
    (repo / "spec").mkdir(parents=True)
    (repo / "pyproject.toml").write_text(
        '[tool.sdkgen]\nspec = "spec/api.yaml"\nout = "out"\npackage = "pets"\n'
    )
    document = base()
    status = document["components"]["schemas"].pop("Status")
    document["components"]["schemas"]["Pet"]["properties"]["status"] = {
        "$ref": "status.yaml"
    }
    (repo / "spec" / "api.yaml").write_text(yaml.safe_dump(document))
    (repo / "spec" / "status.yaml").write_text(yaml.safe_dump(status))
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "first")
    status["enum"].append("pending")
    (repo / "spec" / "status.yaml").write_text(yaml.safe_dump(status))
    document["paths"]["/pets/{pet_id}"]["get"]["parameters"].pop()  # `limit`
    (repo / "spec" / "api.yaml").write_text(yaml.safe_dump(document))
    git(repo, "commit", "-qam", "second")
    return repo


def test_from_a_git_revision_reads_the_committed_spec_and_its_refs(
    repository: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(repository)
    status, report = run_json(capsys, "--from", "HEAD~1")
    assert status == EXIT_OK
    assert report["bump"] == "major"
    assert report["old"] == "HEAD~1:spec/api.yaml"
    assert {(c["kind"], c["where"]) for c in report["changes"]} == {  # type: ignore[index, union-attr]
        ("parameter-removed", "pets.get(limit)"),
        ("response-enum-value-added", "Status"),
    }
    # against itself: nothing, and nothing was written in the repository
    assert run_json(capsys, "--from", "HEAD")[1]["changes"] == []
    assert git(repository, "status", "--porcelain") == ""


@pytest.mark.parametrize("revision", ["-Ooutput", "no-such-rev", "HEAD~9"])
def test_a_revision_git_cannot_give_is_exit_2(
    repository: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    revision: str,
) -> None:
    monkeypatch.chdir(repository)
    assert main(["diff", f"--from={revision}"]) == EXIT_BAD_INPUT
    assert "cannot read the spec at" in capsys.readouterr().err
    assert git(repository, "status", "--porcelain", "--ignored") == ""


def test_check_explains_drift_caused_by_the_spec(
    repository: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(repository)
    git(repository, "checkout", "-q", "HEAD~1")
    assert main(["generate"]) == EXIT_OK
    manifest = json.loads((repository / "out" / ".sdkgen-manifest.json").read_text())
    assert set(manifest["spec_files"]) == {"api.yaml", "status.yaml"}
    git(repository, "add", "-A")
    git(repository, "commit", "-qm", "generated")
    generated = git(repository, "rev-parse", "HEAD").strip()
    git(
        repository,
        "checkout",
        "-q",
        "main" if "main" in git(repository, "branch") else "master",
    )
    git(
        repository, "checkout", "-q", generated, "--", "out"
    )  # the spec moved on, the output did not
    capsys.readouterr()
    assert main(["check"]) == EXIT_DRIFT
    out = capsys.readouterr().out
    head = out.split("\n--- ", 1)[0]
    assert "sdkgen diff: the spec out was generated from -> spec/api.yaml" in head
    assert "breaking         pets.get(limit): query parameter `limit` removed" in head
    assert 'unsafe-for-some  Status: value `"pending"` added' in head
    assert (
        "2 changes to the python SDK's API (1 breaking, 1 unsafe-for-some): bump major"
        in head
    )


def test_check_keeps_its_output_when_the_spec_cannot_be_recovered(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "api.yaml").write_text(yaml.safe_dump(base()))
    assert main(["generate", "--spec", "api.yaml", "--out", "out"]) == EXIT_OK
    changed = base()
    changed["components"]["schemas"]["Status"]["enum"].append("pending")
    (tmp_path / "api.yaml").write_text(yaml.safe_dump(changed))
    capsys.readouterr()
    assert main(["check", "--spec", "api.yaml", "--out", "out"]) == EXIT_DRIFT
    captured = capsys.readouterr()
    assert "sdkgen diff" not in captured.out and captured.out.startswith("--- ")
    assert (
        "cannot say" not in captured.err
    )  # not a git repository: nothing to explain, quietly


def test_bump_version_raises_the_sdk_version_and_writes_the_changelog(
    repository: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(repository)
    branch = git(repository, "rev-parse", "--abbrev-ref", "HEAD").strip()
    git(repository, "checkout", "-q", "HEAD~1")
    assert main(["generate", "--bump-version"]) == EXIT_OK  # first time: records 1.0.0
    out = repository / "out"
    manifest = json.loads((out / ".sdkgen-manifest.json").read_text())
    assert manifest["sdk_version"] == "1.0.0" and "changelog" not in manifest
    assert not (out / "CHANGELOG.md").exists()
    git(repository, "add", "-A")
    git(repository, "commit", "-qm", "generated")
    generated = git(repository, "rev-parse", "HEAD").strip()
    git(repository, "checkout", "-q", branch)
    git(repository, "checkout", "-q", generated, "--", "out")
    capsys.readouterr()

    assert main(["generate", "--bump-version"]) == EXIT_OK
    err = capsys.readouterr().err
    assert "bump major; version 2.0.0" in err
    assert 'version = "2.0.0"' in (out / "pyproject.toml").read_text()
    assert (out / "CHANGELOG.md").read_text() == (
        "# Changelog\n\n## 2.0.0\n\nBump: major.\n\n"
        "- **breaking** `pets.get(limit)`: query parameter `limit` removed: code that passes "
        "it fails\n"
        '- **unsafe-for-some** `Status`: value `"pending"` added: code that handles every '
        "value exhaustively \\(match, assert\\_never\\) meets one it does not handle\n"
    )
    # reproducible: check agrees, a plain generate changes nothing, a second bump finds nothing
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert main(["check"]) == EXIT_OK
    assert main(["generate"]) == EXIT_OK
    assert main(["generate", "--bump-version"]) == EXIT_OK
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before

    # the changelog's shape is a template: a --templates folder overrides it
    custom = repository / "custom"
    custom.mkdir()
    (custom / "CHANGELOG.md.j2").write_text(
        "{% for e in entries %}{{ e.version }}: {{ e.changes | length }} changes\n{% endfor %}"
    )
    assert main(["generate", "--templates", "custom"]) == EXIT_OK
    assert (out / "CHANGELOG.md").read_text() == "2.0.0: 2 changes\n"


def test_bump_version_refuses_when_git_cannot_give_the_earlier_spec(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "api.yaml").write_text(yaml.safe_dump(base()))
    assert main(["generate", "--spec", "api.yaml", "--out", "out"]) == EXIT_OK
    changed = base()
    changed["components"]["schemas"]["Status"]["enum"].append("pending")
    (tmp_path / "api.yaml").write_text(yaml.safe_dump(changed))
    before = (tmp_path / "out" / ".sdkgen-manifest.json").read_bytes()
    assert main(
        ["generate", "--spec", "api.yaml", "--out", "out", "--bump-version"]
    ) == (EXIT_BAD_INPUT)
    assert (
        "cannot bump the version: git cannot give the spec" in capsys.readouterr().err
    )
    assert (tmp_path / "out" / ".sdkgen-manifest.json").read_bytes() == before


def test_a_forged_changelog_in_the_manifest_is_escaped_or_dropped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "api.yaml").write_text(yaml.safe_dump(base()))
    args = ["generate", "--spec", "api.yaml", "--out", "out"]
    assert main(args) == EXIT_OK
    path = tmp_path / "out" / ".sdkgen-manifest.json"
    manifest = json.loads(path.read_text())
    manifest["sdk_version"] = "3.1.0"
    manifest["changelog"] = [
        {
            "version": "3.1.0",
            "bump": "minor",
            "omitted": 0,
            "changes": [
                {
                    "classification": "non-breaking",
                    "where": "x` <script>",
                    "what": [
                        ["text", "**bold** [link](javascript:x)"],
                        ["code", "a`b"],
                    ],
                    "reason": "<!--",
                }
            ],
        },
        {"version": "not a version", "bump": "minor", "changes": []},
    ]
    path.write_text(json.dumps(manifest))
    assert main(args) == EXIT_OK
    changelog = (tmp_path / "out" / "CHANGELOG.md").read_text()
    assert changelog == (
        "# Changelog\n\n## 3.1.0\n\nBump: minor.\n\n"
        "- **non-breaking** ``x` <script>``: \\*\\*bold\\*\\* \\[link\\]\\(javascript:x\\)"
        "``a`b``: \\<\\!\\-\\-\n"
    )
    assert 'version = "3.1.0"' in (tmp_path / "out" / "pyproject.toml").read_text()
