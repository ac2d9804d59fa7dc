#!/usr/bin/env bash
# The main job: set-up, then replay every recorded R keras 2.15.0 case through rbridge
# (R objects handed over by rpy2) and report agreement; writes out/verify.html.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export TF_CPP_MIN_LOG_LEVEL=${TF_CPP_MIN_LOG_LEVEL:-2}
mkdir -p out
.venv/bin/python -m rbridge verify --report out/verify.html "$@"

echo "== The same from R (Rscript, through reticulate): a Sequential model predicting on an R array"
RBRIDGE_PYTHON="$PWD/.venv/bin/python" Rscript scripts/demo.R
