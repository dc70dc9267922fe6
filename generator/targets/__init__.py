"""Targets: each turns the language-neutral IR into one kind of output.

A target is its templates (templates/<name>/), its lowering of the IR to the view its templates
read (naming policy, type lowering), its filters, its formatter and, for an SDK, its runtime (a
template folder's real source files, copied).
"""

from __future__ import annotations

from .base import Target
from .docs import DOCS
from .python import PYTHON

TARGETS: dict[str, Target] = {PYTHON.name: PYTHON, DOCS.name: DOCS}

__all__ = ["TARGETS", "Target"]
