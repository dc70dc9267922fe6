"""The docs target: one Markdown reference page per operation, from templates/docs.

`lower.py` turns the neutral IR into the `Docs` view (`view.py`): per operation, code samples in
each SDK's own names (`usage.py`: the Python and the TypeScript targets' lowerings, with the
package names the run configures for them), auth, parameters, body, the example response and
the response's attributes with their enums and bounds (`attributes.py`, nested, bounded). Spec
text reaches a page only through `md` (`filters.py`). Markdown needs no formatter: the rendered
text is the output.
"""

from __future__ import annotations

import re

from ...formatted import FormattedOutput, PreviousOutput
from ...progress import Progress
from ..base import Target
from .filters import FILTERS
from .lower import lower_docs
from .usage import SHOWN_TARGETS


def unformatted(
    files: dict[str, str], previous: PreviousOutput, progress: Progress
) -> FormattedOutput:
    """The rendered pages, tidied the way a Markdown formatter would: no trailing spaces (a
    hard line break in Markdown), at most one blank line in a row, one newline at the end. No
    page puts two blank lines or trailing spaces inside a code block (a sample's lines are the
    target's, an example is indented JSON), so this changes layout only."""
    return FormattedOutput({path: _tidy(text) for path, text in files.items()})


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.split("\n")]
    tidy = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return tidy.strip("\n") + "\n"


DOCS = Target(
    "docs",
    "docs",
    lower_docs,
    FILTERS,
    unformatted,
    description="Markdown API reference: a page per operation, usage in TypeScript and Python",
    shows=SHOWN_TARGETS,
)
