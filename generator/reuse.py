"""What an earlier run's output can spare the formatter: files its manifest says were formatted
from exactly what this run renders.

The manifest records, for each formatted file, the digest of the text the templates rendered and of
the text written (with the formatter that made it). When this run renders the same text, the file
on disk still has the written digest, and the two hold the same code, the file on disk is the
formatted result and the formatter need not run again. Everything read here is untrusted (the
output folder and its manifest are committed, so a pull request can change them): an entry that
is not exactly right is simply not used, and the formatter runs.

The target decides what "the same code" means (the Python target compares syntax trees, so an
edited manifest cannot vouch for a file that behaves differently); `check` still compares every
byte of every file with what this run produces.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from .formatted import NOTHING, Formatted, PreviousOutput
from .outdir import inspect, read_regular
from .output_paths import OUTPUT_MANIFEST, path_problem
from .previous_run import MAX_MANIFEST_BYTES

MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_TOTAL_BYTES = 512 * 1024 * 1024
# "<sha256 of the rendered text> <sha256 of the written text>"
_PAIR = re.compile(r"(?P<rendered>[0-9a-f]{64}) (?P<written>[0-9a-f]{64})")


def manifest_records(document: object) -> tuple[str, dict[str, Formatted]]:
    """The formatter and the well-formed `formatted` entries of a parsed manifest."""
    if not isinstance(document, dict):
        return "", {}
    formatter = document.get("formatter")
    entries = document.get("formatted")
    if not isinstance(formatter, str) or not isinstance(entries, dict):
        return "", {}
    records = {}
    for path, pair in entries.items():
        match = _PAIR.fullmatch(pair) if isinstance(pair, str) else None
        if isinstance(path, str) and path_problem(path) is None and match:
            records[path] = Formatted(match["rendered"], match["written"])
    return formatter, records


def read_previous_output(out: Path) -> PreviousOutput:
    """What the manifest in `out` records, with the text of each recorded file; NOTHING when
    there is no readable manifest. Links are never followed; sizes are bounded."""
    try:
        if not os.path.isdir(out):
            return NOTHING
        root = Path(os.path.realpath(out))
        if not inspect(root, OUTPUT_MANIFEST).is_file_at(OUTPUT_MANIFEST):
            return NOTHING
        data = read_regular(root / OUTPUT_MANIFEST, MAX_MANIFEST_BYTES)
        document = json.loads(data.decode("utf-8")) if data is not None else None
    except (OSError, ValueError, RecursionError):
        return NOTHING
    formatter, records = manifest_records(document)
    texts: dict[str, str] = {}
    budget = MAX_TOTAL_BYTES
    for path in sorted(records):
        try:
            if not inspect(root, path).is_file_at(path):
                continue
            content = read_regular(root / path, min(MAX_FILE_BYTES, budget))
            if content is None:
                continue
            budget -= len(content)
            texts[path] = content.decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
    return PreviousOutput(formatter, records, texts)
