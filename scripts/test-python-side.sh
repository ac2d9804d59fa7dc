#!/usr/bin/env bash
# The Python side of scripts/test.sh (run by it, beside scripts/test-r-side.sh; set-up done):
#  - the Python suite (pytest): the whole suite once, on Keras 3 (latest TensorFlow) with
#    TensorFlow's oneDNN CPU kernels forced off (TF_ENABLE_ONEDNN_OPTS=0); then, in the other
#    three runs, only the tests whose outcome depends on what changes there (markers set per
#    test module, see tests/python/conftest.py): on Keras 3 with oneDNN forced on, the
#    kernel-dependent tests (parity, kernels, references, names, ...); on Keras 2 (TensorFlow
#    2.15.1, what R keras 2.15 runs on) with the real R keras 2.15.0 installed, the
#    engine-dependent tests (engine adapters, bad inputs, ...) with oneDNN off, and the
#    kernel-dependent ones again with oneDNN on (live parity and differential testing against
#    R keras in both);
#  - the notebooks, the README snippets, the benchmarks in smoke mode.
# Arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
source scripts/test-lib.sh

# pytest NAME MODE MARKERS PYTHON [ENV...]: one run of the Python suite; MARKERS empty: all of it.
# The whole suite runs once; each other run takes only the tests whose outcome can differ
# there (engine_dependent, kernel_dependent: tests/python/conftest.py says which and why).
keras3=$(.venv/bin/python -c 'import keras; print(keras.__version__)')
pytest_run() {
  local title=$1 mode=$2 markers=$3 python=$4; shift 4
  section "Python tests (pytest), $title, TF_ENABLE_ONEDNN_OPTS=$mode${markers:+, only: $markers}"
  env "$@" TF_ENABLE_ONEDNN_OPTS=$mode "$python" -m pytest -q -p no:cacheprovider ${markers:+-m "$markers"} "${pytest_args[@]}"
}
pytest_args=("$@")
k2_env=(R_LIBS="$rkeras_lib" RBRIDGE_REQUIRE_R_KERAS=$([ $r_keras = yes ] && echo true || echo false))
pytest_run "Keras $keras3" 0 "" .venv/bin/python
pytest_run "Keras $keras3" 1 kernel_dependent .venv/bin/python
pytest_run "Keras 2.15 with the real R keras" 0 engine_dependent .venv-keras2/bin/python "${k2_env[@]}"
pytest_run "Keras 2.15 with the real R keras" 1 kernel_dependent .venv-keras2/bin/python "${k2_env[@]}"

section "notebooks in vignettes/, executed and rendered to HTML (a failing cell fails the run; docs/ holds the renders)"
nbout=$(mktemp -d)
trap 'rm -rf "$nbout"' EXIT
for nb in vignettes/*.ipynb; do
  name=$(basename "$nb" .ipynb)
  if ! .venv/bin/jupyter nbconvert --execute --to html --output-dir "$nbout" "$nb" >"$nbout/log" 2>&1; then
    grep -v "I0000\|absl" "$nbout/log" | tail -n 40 >&2
    die "notebook $nb failed"
  fi
  [ -f "docs/$name.html" ] || die "docs/$name.html is missing: render it with .venv/bin/jupyter nbconvert --execute --to html --output-dir docs $nb, and commit it"
  echo "executed and rendered $nb (its committed render: docs/$name.html)"
done

section "README snippets: every python and r block runs as written, from a temporary directory"
.venv/bin/python tools/readme_snippets.py

section "benchmarks, smoke mode (they run; numbers are in bench/RESULTS.md)"
.venv/bin/python -m bench --quick >/dev/null 2>"$nbout/bench.log" || { tail -n 30 "$nbout/bench.log" >&2; exit 1; }
echo "bench --quick ran"
section "the Python side passed"
