#!/usr/bin/env bash
# One command to re-record the R keras fixtures from the real R keras 2.15.0 (see
# tools/record_fixtures.py): every case of every function of the family, or those named
# (case ids, or --function layer_conv_2d). oneDNN on, as the original recordings were made;
# --out DIR with TF_ENABLE_ONEDNN_OPTS=0 records the other kernel mode for comparison.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/setup-keras2.sh
bash scripts/setup-r-keras.sh
R_LIBS="$PWD/.Rlib-rkeras" TF_ENABLE_ONEDNN_OPTS=1 .venv-keras2/bin/python tools/record_fixtures.py "$@"
