#!/usr/bin/env bash
# Every test: set-up, then the Python suite (pytest) on Keras 3 (latest TensorFlow) and on
# Keras 2 (TensorFlow 2.15.1, what R keras 2.15 runs on), then the R package
# (R CMD build + R CMD check --no-manual, which runs the testthat suite).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/setup-keras2.sh
export TF_CPP_MIN_LOG_LEVEL=${TF_CPP_MIN_LOG_LEVEL:-2}

echo "== generated files are up to date (R wrapper and help page; the bad-input table)"
.venv/bin/python tools/generate_r.py --check
.venv/bin/python tools/bad_input_table.py --check

echo "== Python tests (pytest), Keras 3: $(.venv/bin/python -c 'import keras; print(keras.__version__)')"
.venv/bin/python -m pytest -q "$@"

echo "== Python tests (pytest), Keras 2: $(.venv-keras2/bin/python -c 'import keras; print(keras.__version__)' 2>/dev/null)"
.venv-keras2/bin/python -m pytest -q "$@"

echo "== notebooks in vignettes/, executed (a failing cell fails the run)"
nbout=$(mktemp -d)
for nb in vignettes/*.ipynb; do
  if ! (cd vignettes && ../.venv/bin/jupyter-execute --output="$nbout/{notebook_name}" "$(basename "$nb")" \
        >"$nbout/log" 2>&1); then
    grep -v "I0000\|absl" "$nbout/log" | tail -n 40 >&2
    echo "notebook $nb failed" >&2
    exit 1
  fi
  echo "executed $nb"
done

echo "== benchmarks, smoke mode (they run; numbers are in bench/RESULTS.md)"
.venv/bin/python -m bench --quick >/dev/null 2>"$nbout/bench.log" || { tail -n 30 "$nbout/bench.log" >&2; exit 1; }
echo "bench --quick ran"

echo "== R package: R CMD build + R CMD check --no-manual"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && RBRIDGE_PYTHON="$OLDPWD/.venv/bin/python" R CMD build "$OLDPWD" >build.log 2>&1) || { cat "$work/build.log"; exit 1; }
tarball=$(ls "$work"/rbridge_*.tar.gz)
# In CI a missing Python is a test failure, not a skip.
(cd "$work" && RBRIDGE_PYTHON="$OLDPWD/.venv/bin/python" RBRIDGE_REQUIRE_PYTHON=true \
   R CMD check --no-manual "$tarball" >check.log 2>&1) || true
tail -n 25 "$work/check.log"
if grep -qE "^Status: .*(ERROR|WARNING)" "$work/check.log" || ! grep -q "^Status:" "$work/check.log"; then
  echo "R CMD check failed: see above (full log: rbridge.Rcheck/00check.log)" >&2
  cat "$work"/rbridge.Rcheck/tests/testthat.Rout.fail 2>/dev/null | tail -n 60 >&2 || true
  exit 1
fi
echo "R CMD check: $(grep '^Status:' "$work/check.log")"
