"""The status line: shown on a terminal while a long run works, never in logs or with --quiet."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from generator.cli import EXIT_OK, main
from generator.pipeline import generate
from generator.progress import TerminalProgress, terminal_progress

from .helpers import MKA1_SPEC


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_status_line_is_redrawn_in_place_and_erased_at_the_end() -> None:
    stream, clock = _Terminal(), _Clock()
    status = TerminalProgress(stream, clock=clock, delay=0.3, interval=0.1)
    status("validating", 0, 0)  # before the delay: a quick run shows nothing
    assert stream.getvalue() == ""
    clock.now = 0.5
    status("formatting", 1, 10)
    status("formatting", 2, 10)  # within the interval: not redrawn
    clock.now = 0.7
    status("formatting", 3, 10)
    status("formatting", 10, 10)  # the last count is always drawn
    status.close()
    assert stream.getvalue() == (
        "\r\x1b[Ksdkgen: formatting 1/10"
        "\r\x1b[Ksdkgen: formatting 3/10"
        "\r\x1b[Ksdkgen: formatting 10/10"
        "\r\x1b[K"
    )


def test_a_new_stage_is_drawn_at_once() -> None:
    stream, clock = _Terminal(), _Clock()
    status = TerminalProgress(stream, clock=clock, delay=0, interval=10)
    status("validating", 0, 0)
    status("rendering", 5, 9)
    assert stream.getvalue().endswith("sdkgen: validating\r\x1b[Ksdkgen: rendering 5/9")


def test_no_status_line_off_a_terminal_or_when_quiet() -> None:
    assert terminal_progress(io.StringIO(), quiet=False) is None
    assert terminal_progress(_Terminal(), quiet=True) is None
    assert isinstance(terminal_progress(_Terminal(), quiet=False), TerminalProgress)


def test_the_pipeline_reports_each_stage_and_counts_files() -> None:
    seen: list[tuple[str, int, int]] = []
    files = generate(MKA1_SPEC, progress=lambda *event: seen.append(event)).files
    stages = list(dict.fromkeys(stage for stage, _, _ in seen))
    assert stages == [
        "reading the spec",
        "validating",
        "reading operations and schemas",
        "naming and typing",
        "rendering",
        "formatting",
    ]
    rendered = [e for e in seen if e[0] == "rendering"]
    assert rendered[-1][2] == len(files) - 1  # every file but the manifest is rendered
    formatted = [e for e in seen if e[0] == "formatting"]
    assert all(done <= total for _, done, total in formatted)


def test_quiet_prints_no_summary_and_a_pipe_gets_no_status_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "sdk"
    assert main(["generate", "--spec", str(MKA1_SPEC), "--out", str(out)]) == EXIT_OK
    captured = capsys.readouterr()
    assert "\x1b[K" not in captured.err and "files in" in captured.out
    args = ["check", "--spec", str(MKA1_SPEC), "--out", str(out), "--quiet"]
    assert main(args) == EXIT_OK
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""
