#!/usr/bin/env bash
# Static checks: ruff over the repository, mypy --strict over assistant/ (both
# configured in pyproject.toml). Run by .ci/run before the tests; run it yourself
# before landing. Needs .venv/ (bash scripts/bootstrap.sh).
# Extra arguments go to ruff, e.g.: bash scripts/check.sh --fix
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check "$@" .
.venv/bin/mypy
