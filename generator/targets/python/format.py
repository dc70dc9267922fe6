"""Format: black (in process, pinned in pyproject.toml) for Python; one final newline for the rest."""

from __future__ import annotations

import black
from black.mode import TargetVersion
from black.parsing import InvalidInput

from ...diagnostics import Diagnostic, SpecError

_MODE = black.Mode(target_versions={TargetVersion.PY311}, line_length=88)


def format_file(path: str, text: str) -> str:
    """`text` as it should be written to `path`."""
    if path.endswith((".py", ".pyi")):
        try:
            return black.format_str(text, mode=_MODE)
        except InvalidInput as error:
            message = f"a template produced invalid Python (a template bug): {error}"
            raise SpecError([Diagnostic(message, path, "")]) from None
    return text.rstrip("\n") + "\n" if text.strip() else ""


def format_files(files: dict[str, str]) -> dict[str, str]:
    """Every file formatted, in sorted path order."""
    return {path: format_file(path, files[path]) for path in sorted(files)}
