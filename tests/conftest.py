"""Shared test helpers: where the project's and the shared fixtures live."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
OWN_FIXTURES = Path(__file__).resolve().parent / "fixtures"
# CI lays shared/ beside the clone; a user's clone has none, and those tests skip.
SHARED = ROOT.parent / "shared"
SHARED_FIXTURES = SHARED / "fixtures"

needs_shared = pytest.mark.skipif(not SHARED_FIXTURES.is_dir(), reason="../shared/fixtures 不存在（用户的克隆中没有）")


@pytest.fixture
def config():
    from jlt_cli.config import Config, load_defaults

    return Config(load_defaults())


def pytest_xdist_auto_num_workers(config) -> int:
    """The daily tier (-m "not slow") runs on every core; the full suite runs in one process, because its load,
    crash and browser tests measure time and memory and must not compete with each other."""
    import os

    if (config.option.markexpr or "").replace(" ", "") == "notslow":
        return os.cpu_count() or 1
    return 0
