"""Imported once by the fork server of the reading workers (pipeline/isolate.py): what every worker would
otherwise load again for each file — jieba's dictionary and position tables, read by the privacy detector
(~0.4 s and ~100 MB a process) — loaded here and shared copy-on-write with every worker forked from it."""

from __future__ import annotations

import gc

from jlt_cli.understand.personnames import _positions, lexicon

try:
    lexicon()
    _positions()
except Exception:  # noqa: BLE001 - a worker that cannot have them loads (and reports) them itself
    pass
# the tables never die: kept out of the collector's sight, a worker's collections do not touch (and so copy) them
gc.freeze()
