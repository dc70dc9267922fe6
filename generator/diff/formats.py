"""The report printed: readable text, JSON for tools, Markdown for a pull request or a CI summary.

Every name and value from the document is escaped for its format: control characters shown as
escapes in text, JSON strings in JSON, code spans in Markdown (`markdown_code`, which no backtick or
pipe in the text can close).
"""

from __future__ import annotations

import json
from collections.abc import Callable

from ..output_paths import printable
from ..targets.python.filters import markdown_cell, markdown_code
from .report import Change, Code, Report
from .rules import CLASSIFICATIONS

FORMATS = ("text", "json", "markdown")

_LABEL_WIDTH = max(len(c) for c in CLASSIFICATIONS)


def render(report: Report, form: str) -> str:
    renderers: dict[str, Callable[[Report], str]] = {
        "text": text,
        "json": as_json,
        "markdown": markdown,
    }
    return renderers[form](report)


def summary(report: Report) -> str:
    """One line: how many changes of each classification, and the bump."""
    if not report.changes:
        return f"no changes to the {report.target} SDK's API: bump none"
    counts = ", ".join(
        f"{report.count(c)} {c}" for c in CLASSIFICATIONS if report.count(c)
    )
    noun = "change" if len(report.changes) == 1 else "changes"
    return f"{len(report.changes)} {noun} to the {report.target} SDK's API ({counts}): bump {report.bump}"


def text(report: Report) -> str:
    lines = [f"sdkgen diff: {printable(report.old)} -> {printable(report.new)}"]
    for change in report.changes:
        message = change.message(lambda code: f"`{printable(code.excerpt())}`")
        lines.append(
            f"  {change.classification:<{_LABEL_WIDTH}}  {printable(change.where)}: {message}"
        )
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def as_json(report: Report) -> str:
    document = {
        "bump": report.bump,
        "old": report.old,
        "new": report.new,
        "changes": [_change_json(c) for c in report.changes],
    }
    return json.dumps(document, indent=2, ensure_ascii=True) + "\n"


def _change_json(change: Change) -> dict[str, object]:
    return {
        "kind": change.kind,
        "target": change.target,
        "where": change.where,
        "breaking": change.breaking,
        "classification": change.classification,
        "bump": change.bump,
        "message": change.message(lambda code: f"`{code.excerpt()}`"),
        "reason": change.rule.reason,
    }


def markdown(report: Report) -> str:
    title = f"### API changes ({report.target} SDK): bump **{report.bump}**"
    lines = [
        title,
        "",
        f"{markdown_code(report.old)} → {markdown_code(report.new)}: "
        + markdown_cell(summary(report)),
        "",
    ]
    if report.changes:
        lines += ["| | Where | Change | Why |", "| --- | --- | --- | --- |"]
        for change in report.changes:
            what = "".join(
                markdown_code(p.excerpt()) if isinstance(p, Code) else _prose(p)
                for p in change.what
            )
            lines.append(
                f"| {_MARKS[change.classification]} | {markdown_code(change.where)} | {what} "
                f"| {markdown_cell(change.rule.reason)} |"
            )
        lines.append("")
    return "\n".join(lines) + "\n"


def markdown_piece(text: str, *, code: bool) -> str:
    """A piece of a message in Markdown: a code span, or our words escaped."""
    return markdown_code(text) if code else _prose(text)


def _prose(text: str) -> str:
    """Our own words in a table cell: Markdown's punctuation escaped, spaces kept as they are."""
    return "".join(
        "\\" + c if c in _MARKDOWN_PUNCTUATION else c for c in printable(text)
    )


_MARKDOWN_PUNCTUATION = frozenset("\\`*_{}[]<>()#+-.!|~")

_MARKS = {
    "breaking": "🔴 breaking",
    "unsafe-for-some": "🟠 unsafe for some",
    "non-breaking": "🟢 non-breaking",
}
