#!/usr/bin/env bash
# A second Python environment on Keras 2 (TensorFlow 2.15.1, NumPy < 2): the engine R keras
# 2.15 itself runs on. Idempotent; used by scripts/test.sh to run the suite on both engines,
# and with the real R keras 2.15 (scripts/setup-r-keras.sh) for live parity.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
make_venv .venv-keras2 "${PYTHON:-python3}"
stamp=.venv-keras2/.rbridge-installed
if stale "$stamp"; then
  log "installing tensorflow-cpu 2.15.1 (Keras 2), numpy<2 and rbridge into .venv-keras2"
  .venv-keras2/bin/python -m pip install -q --upgrade pip
  # Pinned together so that installing rbridge (tensorflow-cpu>=2.15) changes nothing.
  .venv-keras2/bin/python -m pip install -q "tensorflow-cpu==2.15.1" "numpy<2" "pandas<2.3" -e ".[test]"
  .venv-keras2/bin/python -m pip uninstall -y -q rpy2-rinterface rpy2-robjects 2>/dev/null || true
  .venv-keras2/bin/python -c 'import keras, rbridge; assert keras.__version__.startswith("2.15")'
  touch "$stamp"
fi
log "ready: $(.venv-keras2/bin/python -c 'import keras; print("keras", keras.__version__)' 2>/dev/null)"
