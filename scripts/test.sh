#!/usr/bin/env bash
# Every test: set-up, then the Python suite (pytest).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export TF_CPP_MIN_LOG_LEVEL=${TF_CPP_MIN_LOG_LEVEL:-2}
echo "== Python tests (pytest)"
.venv/bin/python -m pytest -q "$@"
