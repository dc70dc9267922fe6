"""Format: black (in process, pinned in pyproject.toml) for Python; one final newline for the rest.

Black is most of a generation's time, so it runs only where it can change something, and on every
core when there is much to do:

- the SDK's runtime is hand-written code the repository keeps black-formatted (`make test` checks
  it), and a comment line in front changes nothing black does (`tests/test_format.py` checks
  that), so a copy of it is taken as it is;
- a large output is split by size over worker processes; each file is formatted on its own, so
  the result does not depend on how the work was split.
"""

from __future__ import annotations

import ast
import hashlib
import multiprocessing
import os
import sys
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from importlib import resources
from pathlib import Path

import black
from black.mode import TargetVersion
from black.parsing import InvalidInput

from ...diagnostics import Diagnostic, SpecError
from ...formatted import NOTHING, Formatted, FormattedOutput, PreviousOutput
from ...progress import Progress, silent
from .layout import relayout

_MODE = black.Mode(target_versions={TargetVersion.PY311}, line_length=88)
# Below this much Python text, starting workers costs more than it saves.
_PARALLEL_CHARS = 400_000
_BATCHES_PER_WORKER = 8


def format_file(path: str, text: str) -> str:
    """`text` as it should be written to `path`."""
    if _is_python(path):
        if _is_runtime_copy(text):
            return text
        try:
            return black.format_str(prepared(text), mode=_MODE)
        except InvalidInput as error:
            message = f"a template produced invalid Python (a template bug): {error}"
            raise SpecError([Diagnostic(message, path, "")]) from None
    return text.rstrip("\n") + "\n" if text.strip() else ""


def prepared(text: str) -> str:
    """Rendered Python laid out the way black lays it out (see layout.py), so that black's
    first pass usually finds nothing to change and it needs no second; most files come out
    exactly as black writes them, which also lets `check` match them by text."""
    return relayout(text.rstrip("\n") + "\n")


FORMATTER = f"black {black.__version__} (target py311, line length 88)"


def format_files(
    files: dict[str, str],
    previous: PreviousOutput = NOTHING,
    progress: Progress = silent,
) -> FormattedOutput:
    """Every file formatted, in sorted path order, with the manifest's record of each Python
    file. A file `previous` holds, formatted from exactly this rendered text and holding the
    same code, is taken from there instead of formatted again."""
    paths = sorted(files)
    rendered = {p: digest(files[p]) for p in paths if _is_python(p)}
    done: dict[str, str] = {}
    work: list[str] = []
    for path in paths:
        text = files[path]
        if path not in rendered:
            done[path] = format_file(path, text)
            continue
        earlier = previous.formatted_text(path, FORMATTER, rendered[path])
        if (
            earlier is not None
            and digest(earlier) == previous.records[path].written
            and (earlier == prepared(text) or same_code(text, earlier))
        ):
            done[path] = earlier
        else:
            work.append(path)
    done.update(_formatted({p: files[p] for p in work}, progress))
    records = {p: Formatted(rendered[p], digest(done[p])) for p in rendered}
    return FormattedOutput({p: done[p] for p in paths}, FORMATTER, records)


def _formatted(files: dict[str, str], progress: Progress) -> dict[str, str]:
    """`files` (all Python) through black: on every core when there is much of it."""
    size = sum(len(text) for text in files.values())
    workers = min(_cores(), 1 + size // _PARALLEL_CHARS)
    total = len(files)
    formatted: dict[str, str] = {}
    if workers < 2:
        for path, text in files.items():
            progress("formatting", len(formatted), total)
            formatted[path] = format_file(path, text)
        return formatted
    problems: list[Diagnostic] = []
    # more batches than workers, so that progress can be told as they finish
    batches = _balanced(files.items(), workers * _BATCHES_PER_WORKER)
    progress("formatting", 0, total)
    with ProcessPoolExecutor(workers, mp_context=_context()) as pool:
        for done, found in pool.map(_format_batch, batches):
            formatted.update(done)
            problems += found
            progress("formatting", len(formatted), total)
    if problems:
        raise SpecError(sorted(problems, key=lambda d: d.file))
    return formatted


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def same_code(rendered: str, written: str) -> bool:
    """Whether two Python texts hold the same code: equal syntax trees, docstrings compared the
    way black reformats them (each line stripped); comments and layout are not compared.
    """
    try:
        return _tree(rendered) == _tree(written)
    except (SyntaxError, ValueError, RecursionError):
        return False


def _tree(text: str) -> str:
    tree = ast.parse(text)
    for node in ast.walk(tree):
        if isinstance(node, _DOCUMENTED) and node.body:
            first = node.body[0]
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                lines = first.value.value.splitlines()
                first.value.value = "\n".join(line.strip() for line in lines).strip()
    return ast.dump(tree)


_DOCUMENTED = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)


def _is_python(path: str) -> bool:
    return path.endswith((".py", ".pyi"))


def _format_batch(
    batch: list[tuple[str, str]],
) -> tuple[dict[str, str], list[Diagnostic]]:
    """In a worker: the batch formatted, and the diagnostics of the files black refused (an
    exception would not cross back to the parent intact)."""
    done: dict[str, str] = {}
    problems: list[Diagnostic] = []
    for path, text in batch:
        try:
            done[path] = format_file(path, text)
        except SpecError as error:
            problems += error.diagnostics
    return done, problems


def _balanced(
    items: Iterable[tuple[str, str]], count: int
) -> list[list[tuple[str, str]]]:
    """`items` in `count` batches of about the same total size (largest first, each to the
    lightest batch)."""
    batches: list[list[tuple[str, str]]] = [[] for _ in range(count)]
    sizes = [0] * count
    for item in sorted(items, key=lambda i: (-len(i[1]), i[0])):
        lightest = sizes.index(min(sizes))
        batches[lightest].append(item)
        sizes[lightest] += len(item[1])
    return [b for b in batches if b]


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _context() -> multiprocessing.context.BaseContext:
    # fork starts a worker in milliseconds with black already imported; elsewhere the default
    return multiprocessing.get_context("fork" if sys.platform == "linux" else None)


def _is_runtime_copy(text: str) -> bool:
    """Whether `text` is one comment line and then a runtime file exactly as it is kept."""
    first, newline, rest = text.partition("\n")
    return (
        bool(newline)
        and first.startswith("#")
        and hashlib.sha256(rest.encode()).digest() in _runtime_digests()
    )


@cache
def _runtime_digests() -> frozenset[bytes]:
    return frozenset(
        hashlib.sha256(path.read_text("utf-8").encode()).digest()
        for path in runtime_sources()
    )


def runtime_sources() -> list[Path]:
    """The runtime's source files: this checkout's, or the installed templates' copy."""
    checkout = Path(__file__).resolve().parents[3] / "templates"
    folder = (
        checkout
        if checkout.is_dir()
        else Path(str(resources.files("sdkgen_templates")))
    )
    return sorted((folder / "python" / "package" / "_runtime").glob("*.py"))
