#!/usr/bin/env bash
# A second Python environment on Keras 2 (TensorFlow 2.15.1, NumPy < 2): the engine R keras
# 2.15 itself runs on. Idempotent; used by scripts/test.sh to run the suite on both engines.
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '[setup-keras2] %s\n' "$*" >&2; }
PY=${PYTHON:-python3}
if [ ! -x .venv-keras2/bin/python ]; then
  log "creating .venv-keras2 with $($PY --version)"
  $PY -m venv .venv-keras2
fi
stamp=.venv-keras2/.rbridge-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  log "installing tensorflow-cpu 2.15.1 (Keras 2), numpy<2 and rbridge into .venv-keras2"
  .venv-keras2/bin/python -m pip install -q --upgrade pip
  # Pinned together so that installing rbridge (tensorflow-cpu>=2.15) changes nothing.
  .venv-keras2/bin/python -m pip install -q "tensorflow-cpu==2.15.1" "numpy<2" "pandas<2.3" -e ".[test]"
  .venv-keras2/bin/python -m pip uninstall -y -q rpy2-rinterface rpy2-robjects 2>/dev/null || true
  .venv-keras2/bin/python -c 'import keras, rbridge; assert keras.__version__.startswith("2.15")'
  touch "$stamp"
fi
log "ready: $(.venv-keras2/bin/python -c 'import keras; print("keras", keras.__version__)' 2>/dev/null)"
