"""Property-based fuzzing of the whole pipeline with hostile documents (see tests/fuzz/).

CI runs a fixed, derandomised budget (`SDKGEN_FUZZ_EXAMPLES`, default 12); `make fuzz` runs a long,
random campaign. The outcome counts are printed, and most drawn documents must generate: a fuzzer
whose documents are all refused would prove nothing.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings

from .fuzz.harness import check_case
from .fuzz.strategies import FuzzCase, fuzz_cases

EXAMPLES = int(os.environ.get("SDKGEN_FUZZ_EXAMPLES", "12"))
LONG_RUN = os.environ.get("SDKGEN_FUZZ_LONG") == "1"
# Each example generates and tests a whole SDK, so shrinking one failure can take hours: a long
# campaign reports the document as drawn (with the seed to replay it) instead.
PHASES = [Phase.generate] if LONG_RUN else [Phase.generate, Phase.shrink]


def test_hostile_documents_never_become_code_and_always_generate_working_sdks() -> None:
    outcomes: Counter[str] = Counter()

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=not LONG_RUN,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        phases=PHASES,
        print_blob=True,
    )
    @given(fuzz_cases())
    def run(case: FuzzCase) -> None:
        with tempfile.TemporaryDirectory(prefix="sdkgen-fuzz-") as folder:
            outcomes[check_case(case, Path(folder))] += 1

    run()
    print(f"\nfuzz outcomes over {sum(outcomes.values())} examples: {dict(outcomes)}")
    assert outcomes["generated"] >= sum(outcomes.values()) // 2, outcomes
