#!/usr/bin/env bash
# The whole test suite: the linters CI enforces, then every test (pass -m "not slow" for the daily tier).
# Sets jlt up first when .venv is missing (as on a fresh clone in CI).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/jlt ] || [ -n "${CI:-}" ]; then
  bash scripts/setup.sh
fi
echo "==> ruff（代码检查）"
.venv/bin/ruff check .
echo "==> lint-imports（分层约定：只向下依赖）"
.venv/bin/lint-imports
echo "==> pytest"
exec .venv/bin/python -m pytest "$@"
