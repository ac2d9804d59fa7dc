#!/usr/bin/env bash
# A third Python environment, .venv-numpy2: what a CRAN user installing TensorFlow today
# gets: NumPy 2 and the latest tensorflow-cpu (Keras 3), with rbridge. scripts/test.sh runs
# the R package's tests once more on it, with reticulate 1.46 (Debian's reticulate 1.28
# cannot pass R arrays to NumPy 2; rbridge's own hand-off never passes a NumPy array through
# reticulate, so rbridge works on it either way). Idempotent.
#   PYTHON=/path/to/python3   the Python to make it from (default: python3, 3.10 or newer)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
make_venv .venv-numpy2 "${PYTHON:-python3}"
stamp=.venv-numpy2/.rbridge-installed
if stale "$stamp" || [ scripts/setup-numpy2.sh -nt "$stamp" ]; then
  log "installing the latest tensorflow-cpu, numpy>=2 and rbridge into .venv-numpy2 (a few minutes)"
  .venv-numpy2/bin/python -m pip install -q --upgrade pip
  .venv-numpy2/bin/python -m pip install -q --upgrade "tensorflow-cpu" "numpy>=2" -e "."
  # A newer rpy2 pulled in as split packages would shadow rpy2 3.5 and fail on R 4.2.
  .venv-numpy2/bin/python -m pip uninstall -y -q rpy2-rinterface rpy2-robjects 2>/dev/null || true
  .venv-numpy2/bin/python -c 'import numpy, keras, rbridge, rpy2.rinterface
assert int(numpy.__version__.split(".")[0]) >= 2, numpy.__version__
assert int(keras.__version__.split(".")[0]) >= 3, keras.__version__' \
    || die ".venv-numpy2 was made but lacks NumPy 2, Keras 3, rbridge or rpy2 (see above)"
  touch "$stamp"
fi
log "ready: $(.venv-numpy2/bin/python -c 'import numpy, tensorflow as tf; print("tensorflow", tf.__version__, "| numpy", numpy.__version__)' 2>/dev/null)"
