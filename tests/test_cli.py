"""The command line: defaults from [tool.sdkgen], any other spec into any folder, exit codes."""

from __future__ import annotations

import errno
import hashlib
import fcntl
import json
import os
from pathlib import Path

import pytest

from generator.targets import TARGETS
from generator.cli import EXIT_BAD_INPUT, EXIT_DRIFT, EXIT_OK, main
from generator.pipeline import generate

from .helpers import REPO, tree_digest

PETS = """\
openapi: 3.1.0
info: {title: Pet Store API, version: "2.0.0"}
servers: [{url: "https://pets.example.com/v1"}]
paths:
  /pets/{pet_id}:
    get:
      operationId: getPet
      summary: Get a pet
      parameters:
        - {name: pet_id, in: path, required: true, schema: {type: string, pattern: "^[0-9]+$"}, example: "42"}
      responses:
        "200":
          description: The pet.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Pet"}
              example: {id: "42", name: Rex}
components:
  schemas:
    Pet:
      type: object
      required: [id, name]
      properties:
        id: {type: string}
        name: {type: string, description: The pet's name.}
"""


def test_bare_commands_use_the_configured_spec(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(REPO)
    assert main(["validate"]) == EXIT_OK
    assert "spec/mka1.yaml is valid" in capsys.readouterr().out


def test_any_spec_generates_into_any_folder_with_a_package_named_from_its_title(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pets.yaml").write_text(PETS)
    monkeypatch.chdir(tmp_path)
    assert main(["generate", "--spec", "pets.yaml", "--out", "sdk"]) == EXIT_OK
    manifest = json.loads((tmp_path / "sdk/.sdkgen-manifest.json").read_text())
    assert "src/pet_store/resources/pets.py" in manifest["files"]
    resource = (tmp_path / "sdk/src/pet_store/resources/pets.py").read_text()
    assert "def get(" in resource and "pet_id: str" in resource
    assert main(["check", "--spec", "pets.yaml", "--out", "sdk"]) == EXIT_OK


def test_another_spec_never_borrows_the_configured_output_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pets.yaml").write_text(PETS)
    monkeypatch.chdir(REPO)
    assert main(["generate", "--spec", str(tmp_path / "pets.yaml")]) == EXIT_BAD_INPUT
    assert "pass --out DIR" in capsys.readouterr().err


def test_a_missing_spec_is_bad_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "--spec", "nope.yaml"]) == EXIT_BAD_INPUT
    assert capsys.readouterr().err == "nope.yaml: error: file not found [at /]\n"


def pets_project(folder: Path, config: str = "") -> None:
    (folder / "pets.yaml").write_text(PETS)
    if config:
        (folder / "pyproject.toml").write_text(config)


def test_generate_refuses_to_overwrite_the_users_own_files_without_force(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pets_project(tmp_path)
    (tmp_path / "README.md").write_text("# My project\n")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "mine"\n')
    monkeypatch.chdir(tmp_path)
    before = tree_digest(tmp_path)

    assert main(["generate", "--spec", "pets.yaml", "--out", "."]) == EXIT_BAD_INPUT

    assert capsys.readouterr().err == (
        "README.md: error: exists, and sdkgen did not write it "
        "(.sdkgen-manifest.json does not list it)\n"
        "pyproject.toml: error: exists, and sdkgen did not write it "
        "(.sdkgen-manifest.json does not list it)\n"
        "sdkgen: nothing written; pass --force to overwrite these 2 files\n"
    )
    assert tree_digest(tmp_path) == before
    command = ["generate", "--spec", "pets.yaml", "--out", ".", "--force"]
    assert main(command) == EXIT_OK
    assert (tmp_path / "README.md").read_text() != "# My project\n"


def test_generate_may_adopt_a_file_that_already_holds_what_it_would_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pets_project(tmp_path)
    readme = generate(tmp_path / "pets.yaml").files["README.md"]
    (tmp_path / "sdk").mkdir()
    (tmp_path / "sdk/README.md").write_text(readme)
    monkeypatch.chdir(tmp_path)

    assert main(["generate", "--spec", "pets.yaml", "--out", "sdk"]) == EXIT_OK


def test_configured_keep_patterns_let_check_pass_with_hand_written_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pets_project(
        tmp_path,
        '[tool.sdkgen]\nspec = "pets.yaml"\nout = "sdk"\n'
        'keep = [".gitignore", "CHANGELOG.md", "docs/**"]\n',
    )
    monkeypatch.chdir(tmp_path)
    assert main(["generate"]) == EXIT_OK
    (tmp_path / "sdk/.gitignore").write_text("*.pyc\n")
    (tmp_path / "sdk/CHANGELOG.md").write_text("# 2.0.0\n")
    (tmp_path / "sdk/docs").mkdir()
    (tmp_path / "sdk/docs/guide.md").write_text("Hi\n")

    assert main(["check"]) == EXIT_OK
    (tmp_path / "sdk/NOTES.md").write_text("not kept\n")
    assert main(["check"]) == EXIT_DRIFT


@pytest.mark.parametrize(
    ("keep", "message"),
    [
        (
            '"docs/**"',
            "pyproject.toml: error: `keep` must be a list of patterns (strings) "
            "[at /tool/sdkgen/keep]\n",
        ),
        (
            '["docs/**", 3]',
            "pyproject.toml: error: `keep` must be a list of patterns (strings) "
            "[at /tool/sdkgen/keep/1]\n",
        ),
        (
            '["docs/**", "!"]',
            "pyproject.toml: error: invalid `keep` pattern '!' [at /tool/sdkgen/keep/1]\n",
        ),
    ],
)
def test_a_bad_keep_setting_is_bad_input(
    keep: str,
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    pets_project(
        tmp_path, f'[tool.sdkgen]\nspec = "pets.yaml"\nout = "sdk"\nkeep = {keep}\n'
    )
    monkeypatch.chdir(tmp_path)

    assert main(["check"]) == EXIT_BAD_INPUT
    assert capsys.readouterr().err == message


@pytest.mark.parametrize("command", ["generate", "check"])
def test_an_output_folder_that_is_a_file_is_bad_input(
    command: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    pets_project(tmp_path)
    (tmp_path / "notes.txt").write_text("mine\n")
    monkeypatch.chdir(tmp_path)

    assert main([command, "--spec", "pets.yaml", "--out", "notes.txt"]) == 2

    assert capsys.readouterr().err == "notes.txt: error: is not a folder\n"
    assert (tmp_path / "notes.txt").read_text() == "mine\n"


@pytest.mark.parametrize(
    ("out", "reason"),
    [
        ("notes.txt/sdk", "not a directory"),
        ("x" * 300, "file name too long"),
    ],
)
def test_an_output_folder_that_cannot_be_created_is_one_line_and_exit_2(
    out: str,
    reason: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    pets_project(tmp_path)
    (tmp_path / "notes.txt").write_text("mine\n")
    monkeypatch.chdir(tmp_path)

    assert main(["generate", "--spec", "pets.yaml", "--out", out]) == EXIT_BAD_INPUT

    assert capsys.readouterr().err == (
        f"{out}: error: cannot create the output folder: {reason}\n"
    )


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (errno.EACCES, "permission denied"),
        (errno.ENOSPC, "no space left on device"),
        (errno.EROFS, "read-only file system"),
    ],
)
def test_a_file_system_error_while_writing_is_one_line_naming_the_file(
    code: int,
    reason: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    pets_project(tmp_path)
    monkeypatch.chdir(tmp_path)

    real_replace = os.replace

    def fail_on_readme(source: str, target: str) -> None:
        if str(target).endswith("README.md"):
            raise OSError(code, os.strerror(code), source, None, target)
        real_replace(source, target)

    monkeypatch.setattr("generator.output.os.replace", fail_on_readme)

    assert main(["generate", "--spec", "pets.yaml", "--out", "sdk"]) == EXIT_BAD_INPUT

    assert capsys.readouterr().err == f"sdk/README.md: error: cannot write: {reason}\n"
    assert not (tmp_path / "sdk/README.md").exists()
    assert [p.name for p in (tmp_path / "sdk").iterdir() if "staging" in p.name] == []


def test_a_file_system_error_while_checking_is_one_line_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pets_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["generate", "--spec", "pets.yaml", "--out", "sdk"]) == EXIT_OK
    capsys.readouterr()
    real_open = os.open

    def deny_readme(path: str, flags: int, *args: int, **kwargs: int) -> int:
        if str(path).endswith("README.md"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr("generator.outdir.os.open", deny_readme)

    assert main(["check", "--spec", "pets.yaml", "--out", "sdk"]) == EXIT_BAD_INPUT
    assert capsys.readouterr().err == (
        "sdk/README.md: error: cannot read: permission denied\n"
    )


def test_generate_gives_up_on_a_folder_another_run_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pets_project(tmp_path)
    (tmp_path / "sdk").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("generator.outdir.LOCK_TIMEOUT", 0.2)
    holder = os.open(tmp_path / "sdk", os.O_RDONLY)
    fcntl.flock(holder, fcntl.LOCK_EX)
    try:
        status = main(["generate", "--spec", "pets.yaml", "--out", "sdk"])
    finally:
        os.close(holder)

    assert status == EXIT_BAD_INPUT
    assert capsys.readouterr().err == (
        "sdkgen: waiting for another sdkgen run to finish with sdk (up to 0.2 s)\n"
        "sdk: error: another sdkgen run is still using this folder after 0.2 s; "
        "nothing written, try again when it has finished\n"
    )
    assert list((tmp_path / "sdk").iterdir()) == []


def test_an_unexpected_exception_is_one_line_with_exit_70(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pets_project(tmp_path)
    monkeypatch.chdir(tmp_path)

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr("generator.cli.generate", crash)
    monkeypatch.delenv("SDKGEN_DEBUG", raising=False)

    assert main(["generate", "--spec", "pets.yaml", "--out", "sdk"]) == 70
    assert capsys.readouterr().err == (
        "sdkgen: internal error: RuntimeError: boom\\nsecond line (please report this)\n"
    )

    monkeypatch.setenv("SDKGEN_DEBUG", "1")
    assert main(["generate", "--spec", "pets.yaml", "--out", "sdk"]) == 70
    err = capsys.readouterr().err
    assert err.startswith("Traceback (most recent call last):\n")
    assert err.endswith(
        "sdkgen: internal error: RuntimeError: boom\\nsecond line (please report this)\n"
    )


def test_a_template_folder_that_does_not_exist_is_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # `--templates /nonexistent` used to be accepted silently (only the built-in set rendered).
    spec = tmp_path / "pets.yaml"
    spec.write_text(PETS, encoding="utf-8")
    missing = tmp_path / "no-such-folder"
    status = main(
        [
            "generate",
            "--spec",
            str(spec),
            "--out",
            str(tmp_path / "out"),
            "--templates",
            str(missing),
        ]
    )
    assert status == EXIT_BAD_INPUT
    assert (
        capsys.readouterr().err
        == f"{missing}: error: template folder not found [at /]\n"
    )
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("package", ["json", "my-api", "class"])
def test_a_bad_package_name_is_reported_as_the_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], package: str
) -> None:
    # `--package my-api` was reported as "a template produced invalid Python (a template bug)".
    spec = tmp_path / "pets.yaml"
    spec.write_text(PETS, encoding="utf-8")
    status = main(
        [
            "generate",
            "--spec",
            str(spec),
            "--out",
            str(tmp_path / "out"),
            "--package",
            package,
        ]
    )
    assert status == EXIT_BAD_INPUT
    error = capsys.readouterr().err
    assert error.startswith(f"--package: error: the package name '{package}' ")
    assert "template" not in error


@pytest.mark.parametrize("key", ["spec", "out", "templates"])
def test_configured_paths_stay_inside_the_project(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    key: str,
) -> None:
    # pyproject.toml is committed, so a pull request could point `out` at ~/.ssh and let the
    # maintainer's next `make generate` write there.
    project = tmp_path / "project"
    project.mkdir()
    (project / "pets.yaml").write_text(PETS, encoding="utf-8")
    settings = {"spec": "pets.yaml", "out": "sdk", "templates": "templates"}
    settings[key] = "../elsewhere"
    table = "".join(f'{name} = "{value}"\n' for name, value in settings.items())
    (project / "pyproject.toml").write_text(f"[tool.sdkgen]\n{table}", encoding="utf-8")
    monkeypatch.chdir(project)
    assert main(["generate"]) == EXIT_BAD_INPUT
    assert capsys.readouterr().err == (
        f"pyproject.toml: error: [tool.sdkgen] {key} points outside the project folder; "
        f"pass --{key} to use a path there [at /tool/sdkgen/{key}]\n"
    )
    assert not (tmp_path / "elsewhere").exists()


LENIENT = PETS.replace(
    "  /pets/{pet_id}:\n", "  /pets/{pet_id}:\n    title: A path item has no title\n", 1
)


def test_strict_in_the_config_refuses_what_generates_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert LENIENT != PETS
    (tmp_path / "pets.yaml").write_text(LENIENT)
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "--spec", "pets.yaml"]) == EXIT_OK
    captured = capsys.readouterr()
    (warning,) = captured.err.splitlines()
    assert warning.startswith("pets.yaml:") and ": warning: " in warning
    assert warning.endswith("[at /paths/~1pets~1{pet_id}]")
    assert "can be generated, with 1 warning" in captured.out

    (tmp_path / "pyproject.toml").write_text("[tool.sdkgen]\nstrict = true\n")
    before = tree_digest(tmp_path)
    for command in (["generate", "--out", "sdk"], ["check", "--out", "sdk"], []):
        status = main(
            ["validate" if not command else command[0], *command[1:]]
            + ["--spec", "pets.yaml"]
        )
        assert status == EXIT_BAD_INPUT
        assert (
            capsys.readouterr().err
            == warning.replace(": warning: ", ": error: ") + "\n"
        )
    assert tree_digest(tmp_path) == before

    (tmp_path / "pyproject.toml").write_text('[tool.sdkgen]\nstrict = "yes"\n')
    assert main(["validate", "--spec", "pets.yaml"]) == EXIT_BAD_INPUT
    assert "strict must be true or false" in capsys.readouterr().err


def test_findings_become_the_errors_if_the_ir_cannot_be_built_past_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import generator.pipeline

    def crash(*args: object, **kwargs: object) -> None:
        raise TypeError("'bool' object is not iterable")

    monkeypatch.setattr(generator.pipeline, "build_api", crash)
    (tmp_path / "pets.yaml").write_text(LENIENT)
    monkeypatch.chdir(tmp_path)
    assert main(["generate", "--spec", "pets.yaml", "--out", "sdk"]) == EXIT_BAD_INPUT
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2 and all(": error: " in line for line in lines)
    assert "sdkgen cannot build an SDK past the problems in this document" in lines[0]
    assert "(TypeError: 'bool' object is not iterable) [at /]" in lines[0]
    assert lines[1].endswith("[at /paths/~1pets~1{pet_id}]")
    assert not (tmp_path / "sdk").exists()

    (tmp_path / "pets.yaml").write_text(PETS)  # a valid document: the crash is a bug
    assert main(["generate", "--spec", "pets.yaml", "--out", "sdk"]) == 70


def test_each_problem_is_printed_once_and_errors_come_before_warnings() -> None:
    from generator.diagnostics import Diagnostic, report_lines

    warnings = [
        Diagnostic(f"w{i}", "a.yaml", f"/w/{i}", i, "warning") for i in range(60)
    ]
    error = Diagnostic("broken", "a.yaml", "/z", 999)
    lines = report_lines([*warnings, *warnings, error])
    assert lines[0] == "a.yaml:999: error: broken [at /z]"
    assert lines[1] == "a.yaml:0: warning: w0 [at /w/0]"
    assert lines[-1] == "... and 11 more warnings"
    assert len(lines) == 51


def test_the_target_is_chosen_by_config_or_flag_and_must_exist(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pets.yaml").write_text(PETS)
    config = '[tool.sdkgen]\nspec = "pets.yaml"\nout = "sdk"\ntarget = "{}"\n'
    (tmp_path / "pyproject.toml").write_text(config.format("cobol"))
    monkeypatch.chdir(tmp_path)
    assert main(["generate"]) == EXIT_BAD_INPUT
    known = ", ".join(sorted(TARGETS))
    assert capsys.readouterr().err == (
        f"pyproject.toml: error: `target` must be one of: {known} [at /tool/sdkgen/target]\n"
    )
    assert not (tmp_path / "sdk").exists()
    assert main(["generate", "--target", "python"]) == EXIT_OK
    (tmp_path / "pyproject.toml").write_text(config.format("python"))
    assert main(["check"]) == EXIT_OK


def test_check_catches_an_edit_even_with_a_manifest_forged_to_vouch_for_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    pets_project(tmp_path)
    assert main(["generate", "--spec", "pets.yaml", "--out", "sdk"]) == EXIT_OK
    manifest_path = tmp_path / "sdk" / ".sdkgen-manifest.json"
    manifest = json.loads(manifest_path.read_text())
    path = next(p for p in manifest["formatted"] if p.endswith("_sdk.py"))
    target = tmp_path / "sdk" / path
    edited = target.read_text().replace(
        "def close(self) -> None:",
        "def close(self) -> None:  # noqa\n        raise SystemExit",
        1,
    )
    assert edited != target.read_text()
    target.write_text(edited)
    rendered = manifest["formatted"][path].split()[0]
    written = hashlib.sha256(edited.encode()).hexdigest()
    manifest["formatted"][path] = f"{rendered} {written}"
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n")
    capsys.readouterr()
    assert main(["check", "--spec", "pets.yaml", "--out", "sdk"]) == EXIT_DRIFT
    out = capsys.readouterr().out
    assert path in out and "raise SystemExit" in out
    assert (
        ".sdkgen-manifest.json" in out
    )  # the forged entry differs from what is generated
