#!/usr/bin/env bash
# Set up (or refresh) .venv/ and run the whole test suite, offline.
# Extra arguments go to pytest, e.g.: bash scripts/test.sh -k parse -x
# The fast tier (no model, index build, server or browser; seconds, not minutes):
#   bash scripts/test.sh --fast
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
exec .venv/bin/python -m pytest "$@"
