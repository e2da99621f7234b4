#!/usr/bin/env bash
# The whole test suite. Sets jlt up first when .venv is missing (as on a fresh clone in CI).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/jlt ] || [ -n "${CI:-}" ]; then
  bash scripts/setup.sh
fi
exec .venv/bin/python -m pytest "$@"
