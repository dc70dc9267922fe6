"""The TypeScript target: an npm package (ESM, type declarations, no runtime dependencies) from
templates/typescript.

`lower.py` turns the neutral IR into the `Sdk` view (`view.py`): names (`naming.py`), types and
runtime shapes (`types.py`), laid out as prettier prints them (`layout.py`); `filters.py` escapes
spec text for each TypeScript context. The runtime is real TypeScript in
templates/typescript/src/runtime/, copied. Nothing here imports the Python target.
"""

from __future__ import annotations

from ...formatted import FormattedOutput, PreviousOutput
from ...progress import Progress
from ..base import Target
from .filters import FILTERS
from .lower import lower_sdk


def format_files(
    files: dict[str, str], previous: PreviousOutput, progress: Progress
) -> FormattedOutput:
    """The templates emit prettier's layout already (checked by `prettier --check` in the
    generated package's tests): nothing to do, and no node at generation time."""
    return FormattedOutput(dict(files))


TYPESCRIPT = Target(
    "typescript",
    "typescript",
    lower_sdk,
    FILTERS,
    format_files,
    description="A TypeScript npm package (ESM, fetch, no runtime dependencies), with its own tests",
)
