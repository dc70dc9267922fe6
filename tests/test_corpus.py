"""The corpus (marker `corpus`, part of `make test`): every document in ../shared/specs and
../shared/specs/guru generated, imported, type-checked and tested (see tests/corpus.py).

What it asserts, a ratchet towards issue 6's acceptance:
- no document makes the generator crash (exit 70 or a traceback), outright;
- the two broken petstore-3.1 documents are refused with located errors and exit 2;
- no document does worse than tests/corpus_expected.json records (exit status, operations dropped or
  unaccounted, failed imports, mypy errors, failed generated tests), and none does better either:
  then `make corpus` lowers the record, so it only ever tightens;
- docs/coverage.md matches this run, except its timing and memory columns (`make corpus` rewrites it);
- where node is present, every generated method's sample request goes through Prism serving its
  document (tests/prism.py) and none is reported as breaking the document; without node that pass
  is skipped, saying so, and left out of the comparison with docs/coverage.md.

`-m "not corpus"` leaves it out of a quick local run.
"""

from __future__ import annotations

import difflib
import os
import re

import pytest

from .prism import unavailable as prism_unavailable
from .corpus import (
    COVERAGE,
    DEFAULT_FOLDERS,
    EXPECTED,
    shown_folder,
    FOLDERS_ENV,
    REPO,
    Result,
    comparable,
    configured_folders,
    cpu_line,
    discover,
    improvements,
    prism_line,
    load_expected,
    regressions,
    render_markdown,
    run_corpus,
    summary_line,
    tightened,
    totals,
    write_expected,
)

pytestmark = pytest.mark.corpus

BROKEN = (
    "petstore-swagger-3.1-codefirst.yaml",  # $refs to /api/v31/... on the server it came from
    "petstore-swagger-3.1-designfirst.yaml",  # a $ref fragment that is not a JSON pointer
)
LOCATED = re.compile(
    r"^(?P<file>[^:]+\.(?:ya?ml|json)):(?P<line>\d+)(?::\d+)?: error: .+ \[at /.*\]$"
)
WRITE_ENV = "SDKGEN_CORPUS_WRITE"
"""Set to 1 to rewrite docs/coverage.md and tighten the record from this run (what `make corpus` does)."""
JOBS = int(os.environ.get("SDKGEN_CORPUS_JOBS", "2"))
RECORD_HINT = (
    "run `make corpus` to record it (it rewrites docs/coverage.md and lowers "
    "tests/corpus_expected.json, never raises it)"
)


@pytest.fixture(scope="module")
def corpus() -> dict[str, Result]:
    folders = configured_folders()
    missing = [str(f) for f in folders if not f.is_dir()]
    if missing:
        pytest.skip(
            f"corpus folder not found on this machine: {', '.join(missing)} "
            f"(set {FOLDERS_ENV} to other folders, separated by {os.pathsep!r})"
        )
    results, wall = run_corpus(discover(folders), jobs=JOBS)
    print(f"\ncorpus: {summary_line(totals(results), wall)}; {cpu_line(results)}")
    if prism_unavailable() is None:
        print(f"corpus: {prism_line(totals(results))}")
    if os.environ.get(WRITE_ENV) == "1":
        shown = [shown_folder(f) for f in folders]
        COVERAGE.write_text(render_markdown(results, shown, wall), "utf-8")
        write_expected(tightened(load_expected(), results))
    return {r.key: r for r in results}


@pytest.fixture(scope="module")
def default_corpus(corpus: dict[str, Result]) -> dict[str, Result]:
    """The corpus, when it is the recorded one (not folders from $SDKGEN_CORPUS_DIRS)."""
    if os.environ.get(FOLDERS_ENV):
        pytest.skip(f"{FOLDERS_ENV} names other folders than the recorded corpus")
    return corpus


def test_no_document_makes_the_generator_crash(corpus: dict[str, Result]) -> None:
    crashed = [r for r in corpus.values() if r.traceback]
    assert not crashed, "\n\n".join(
        f"{r.key} (exit {r.exit}):\n{r.traceback_tail}" for r in crashed
    )


@pytest.mark.parametrize("name", BROKEN)
def test_a_broken_petstore_document_gives_located_errors_and_exit_2(
    default_corpus: dict[str, Result], name: str
) -> None:
    result = default_corpus[name]
    assert result.exit == 2 and not result.traceback
    assert result.error_lines, "exit 2 without an error message"
    for line in result.error_lines:
        match = LOCATED.match(line)
        assert match is not None, f"not a located error: {line}"
        assert match["file"] == name


def test_the_record_names_every_corpus_document(
    default_corpus: dict[str, Result],
) -> None:
    recorded = set(load_expected())
    assert sorted(set(default_corpus) - recorded) == [], f"new documents: {RECORD_HINT}"
    assert sorted(recorded - set(default_corpus)) == [], (
        f"recorded documents missing from {' and '.join(DEFAULT_FOLDERS)}: remove them from "
        f"{EXPECTED.relative_to(REPO)}"
    )


def test_no_document_does_worse_than_recorded(
    default_corpus: dict[str, Result],
) -> None:
    expected = load_expected()
    worse = {
        key: problems
        for key, result in default_corpus.items()
        if key in expected and (problems := regressions(expected[key], result))
    }
    assert (
        not worse
    ), "worse than recorded in tests/corpus_expected.json:\n" + "\n".join(
        f"  {key}: {'; '.join(problems)}" for key, problems in sorted(worse.items())
    )


def test_no_document_does_better_than_recorded(
    default_corpus: dict[str, Result],
) -> None:
    expected = load_expected()
    better = {
        key: gains
        for key, result in default_corpus.items()
        if key in expected and (gains := improvements(expected[key], result))
    }
    assert not better, f"better than recorded (good!): {RECORD_HINT}\n" + "\n".join(
        f"  {key}: {'; '.join(g)}" for key, g in sorted(better.items())
    )
    gained_exit = [
        key
        for key, result in default_corpus.items()
        if key in expected and expected[key]["exit"] != 0 and result.exit == 0
    ]
    assert (
        not gained_exit
    ), f"generates now (good!): {', '.join(gained_exit)}; {RECORD_HINT}"


def test_no_sample_request_breaks_its_document_under_prism(
    corpus: dict[str, Result],
) -> None:
    reason = prism_unavailable()
    if reason is not None:
        pytest.skip(f"the corpus's Prism pass did not run: {reason}")
    checked = [r for r in corpus.values() if r.generated]
    assert all(
        r.prism_operations is not None or r.prism_cannot_load is not None
        for r in checked
    )
    broken = {r.key: r.prism_lines for r in checked if r.prism_lines}
    assert (
        not broken
    ), "requests Prism reports as breaking their document:\n" + "\n".join(
        f"  {key}:\n" + "\n".join(f"    {line}" for line in lines[:10])
        for key, lines in sorted(broken.items())
    )


def test_docs_coverage_md_matches_this_run(default_corpus: dict[str, Result]) -> None:
    folders = [shown_folder(f) for f in configured_folders()]
    without_prism = prism_unavailable() is not None
    if without_prism:
        print(
            f"\ncorpus: docs/coverage.md compared without its Prism pass: {prism_unavailable()}"
        )
    fresh = comparable(
        render_markdown(list(default_corpus.values()), folders),
        without_prism=without_prism,
    )
    committed = (
        comparable(COVERAGE.read_text("utf-8"), without_prism=without_prism)
        if COVERAGE.exists()
        else ""
    )
    diff = "\n".join(
        difflib.unified_diff(
            committed.splitlines(),
            fresh.splitlines(),
            "docs/coverage.md (committed)",
            "this run",
            lineterm="",
            n=0,
        )
    )
    assert (
        fresh == committed
    ), f"docs/coverage.md is stale: {RECORD_HINT}\n{diff[:6000]}"
