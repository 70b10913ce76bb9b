#!/usr/bin/env bash
# Set up (or refresh) .venv/, build the index if needed, and start the chat app.
# Extra arguments go to `streamlit run`, e.g.: bash scripts/app.sh --server.port 8600
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
.venv/bin/assistant ingest
# app.py serves streamlit_app.py and starts loading the model with the server.
exec .venv/bin/streamlit run app.py --browser.gatherUsageStats false "$@"
