"""The seeded mutation fuzzer (tests/fuzz/fuzz.py) as a slow-tier campaign: every mutated file is read,
understood, checked and rendered within 5 s and 500 MB, and no exception escapes (issue 15).

Its own process, so the memory figures are its own and not the test session's. JLT_FUZZ_SEED and
JLT_FUZZ_CASES change the campaign (a failing case is reproduced with ``--only-case N``).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

FUZZER = Path(__file__).resolve().parent / "fuzz" / "fuzz.py"


@pytest.mark.slow
def test_seeded_mutation_campaign():
    seed = os.environ.get("JLT_FUZZ_SEED", "15")
    cases = os.environ.get("JLT_FUZZ_CASES", "300")
    run = subprocess.run([sys.executable, str(FUZZER), "--seed", seed, "--cases", cases], capture_output=True, text=True,
                         timeout=1800)
    print(run.stdout[-4000:])
    assert "Traceback" not in run.stderr, run.stderr[-4000:]
    assert run.returncode == 0, f"fuzz cases failed (seed {seed}):\n{run.stdout[-4000:]}"
    assert f"seed {seed}: {cases} cases" in run.stdout  # the campaign ran in full


def test_the_fuzzer_is_deterministic():
    """The same seed and case number give the same bytes: a failure can be reproduced."""
    sys.path.insert(0, str(FUZZER.parent))
    import fuzz

    seeds = fuzz.seed_files()
    assert seeds[".md"] and seeds[".docx"]
    for index in (0, 1, 7):
        assert fuzz.make_case(15, index, seeds)[0] == fuzz.make_case(15, index, seeds)[0]
