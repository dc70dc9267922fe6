"""The Python target: a typed SDK (httpx + pydantic v2) from templates/python.

`lower.py` turns the neutral IR into the `Sdk` view (`view.py`) the templates read: Python names
(`naming.py`, `reserved.py`, `placement.py`), annotations and model modules (`annotations.py`,
`fields.py`, `modules.py`), methods (`methods.py`) and resources (`resources.py`); `filters.py`
escapes spec text for each Python context; `format.py` runs black. The runtime is real Python in
templates/python/package/_runtime/, copied into each SDK.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ...diagnostics import Diagnostic
from ...ir.api import Api
from ...formatted import FormattedOutput, PreviousOutput
from ...progress import Progress
from .filters import FILTERS
from .format import format_files
from .lower import lower_sdk
from .diff_names import PythonNames
from .versions import at_recorded_version


@dataclass(frozen=True)
class Target:
    """What turns the IR into one kind of output."""

    name: str
    template_folder: (
        str  # under the checkout's templates/ (or the installed sdkgen_templates)
    )
    # (the IR, the package name, what earlier stages found) -> (the view, what lowering found)
    lower: Callable[
        [Api, str | None, Sequence[Diagnostic]], tuple[Any, list[Diagnostic]]
    ]
    filters: dict[str, Callable[..., Any]]
    # (rendered files, what the previous output can spare, progress) -> the files, formatted
    format: Callable[[dict[str, str], PreviousOutput, Progress], FormattedOutput]
    # the view `lower` made -> the target's names, for the drift report (generator/diff/)
    names: Callable[[Any], Any] | None = None
    # (the view, the version the manifest records) -> the view at that version, unless the
    # document's own version is newer (`generate --bump-version`: generator/diff/versioning.py)
    with_version: Callable[[Any, str], Any] | None = None

    def templates(self) -> Path:
        """The built-in template set: this checkout's, or the installed copy."""
        checkout = (
            Path(__file__).resolve().parents[3] / "templates" / self.template_folder
        )
        if checkout.is_dir():
            return checkout
        return Path(str(resources.files("sdkgen_templates") / self.template_folder))


PYTHON = Target(
    "python",
    "python",
    lower_sdk,
    FILTERS,
    format_files,
    PythonNames,
    at_recorded_version,
)
