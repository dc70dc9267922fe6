"""A real-world spec, end to end: the SDK generated from it passes its own generated tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.output import write
from generator.pipeline import generate

SPECS = Path(__file__).parent / "specs"


@pytest.mark.parametrize("spec", sorted(SPECS.glob("*.yaml")), ids=lambda p: p.stem)
def test_the_generated_sdk_passes_its_own_tests(spec: Path, tmp_path: Path) -> None:
    result = generate(spec)
    write(tmp_path, result.files)
    environment = {**os.environ, "PYTHONPATH": str(tmp_path / "src")}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout[-3000:]
    assert " passed" in run.stdout and "skipped" not in run.stdout
