#!/usr/bin/env bash
# Create or refresh the project's virtual environment at .venv/ (repository root).
# torch goes in first as the CPU wheel: a bare `torch` requirement would pull a
# multi-GB CUDA build. Re-running is cheap: pip is skipped while pyproject.toml
# is unchanged since the last successful install.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet "torch==2.13.0"
  # Everything the app, the CLI and the tests use (the extras st, app, pdf come with test).
  .venv/bin/python -m pip install --quiet -e ".[test]"
  rm -f .venv/.installed-*
  touch "$stamp"
fi
