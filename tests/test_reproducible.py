"""Output is byte-for-byte the same for any PYTHONHASHSEED and any working directory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .helpers import GENERATED, MKA1_SPEC, REPO, tree_digest


def generate_in_subprocess(out: Path, cwd: Path, hash_seed: str) -> None:
    environment = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(REPO)}
    command = [
        sys.executable,
        "-m",
        "generator",
        "generate",
        "--spec",
        str(MKA1_SPEC),
        "--package",
        "mka1",
        "--out",
        str(out),
    ]
    subprocess.run(command, cwd=cwd, env=environment, check=True, capture_output=True)


def test_same_bytes_across_hash_seeds_and_working_directories(tmp_path: Path) -> None:
    elsewhere = tmp_path / "somewhere" / "else"
    elsewhere.mkdir(parents=True)
    generate_in_subprocess(tmp_path / "seed1", cwd=REPO, hash_seed="1")
    generate_in_subprocess(tmp_path / "seed2", cwd=elsewhere, hash_seed="2")
    first, second = tree_digest(tmp_path / "seed1"), tree_digest(tmp_path / "seed2")
    assert first == second
    committed = {
        p.relative_to(GENERATED)
        for p in GENERATED.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and ".egg-info" not in str(p)
    }
    produced = {
        p.relative_to(tmp_path / "seed1")
        for p in (tmp_path / "seed1").rglob("*")
        if p.is_file()
    }
    assert produced == committed
