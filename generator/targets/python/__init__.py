"""The Python target: a typed SDK (httpx + pydantic v2) from templates/python.

`lower.py` turns the neutral IR into the `Sdk` view (`view.py`) the templates read: Python names
(`naming.py`, `reserved.py`, `placement.py`), annotations and model modules (`annotations.py`,
`fields.py`, `modules.py`), methods (`methods.py`) and resources (`resources.py`); `filters.py`
escapes spec text for each Python context; `format.py` runs black. The runtime is real Python in
templates/python/package/_runtime/, copied into each SDK.
"""

from __future__ import annotations

from ..base import Target
from .diff_names import PythonNames
from .filters import FILTERS
from .format import format_files
from .lower import lower_sdk
from .versions import at_recorded_version

PYTHON = Target(
    "python",
    "python",
    lower_sdk,
    FILTERS,
    format_files,
    PythonNames,
    at_recorded_version,
    description="A typed Python SDK (httpx + pydantic v2), with its own tests",
)
