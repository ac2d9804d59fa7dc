#!/usr/bin/env bash
# Every test. Set-up first (idempotent), then:
#  - the Python suite (pytest): the whole suite once, on Keras 3 (latest TensorFlow) with
#    TensorFlow's oneDNN CPU kernels forced off (TF_ENABLE_ONEDNN_OPTS=0); then, in the other
#    three runs, only the tests whose outcome depends on what changes there (markers set per
#    test module, see tests/python/conftest.py): on Keras 3 with oneDNN forced on, the
#    kernel-dependent tests (parity, kernels, references, names, ...); on Keras 2 (TensorFlow
#    2.15.1, what R keras 2.15 runs on) with the real R keras 2.15.0 installed, the
#    engine-dependent tests (engine adapters, bad inputs, ...) with oneDNN off, and the
#    kernel-dependent ones again with oneDNN on (live parity and differential testing against
#    R keras in both);
#  - R keras 2.15.0's own test suite, alone and with rbridge attached in either order, and
#    its layer and script test files with library(rbridge) in place of library(keras);
#  - the notebooks, the benchmarks in smoke mode;
#  - the R package: R CMD build, then R CMD check (testthat) with Debian's reticulate 1.28
#    and again with reticulate 1.46 (what CRAN users have).
# Arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
started=$(date +%s)
repo=$PWD
section() { echo "== $* ($(($(date +%s) - started)) s)"; }

bash scripts/setup.sh
bash scripts/setup-keras2.sh
# The real R keras comes from ../shared/r-src: absent from a user's checkout (a skip, said
# so), required in CI.
r_keras=yes
bash scripts/setup-r-keras.sh || {
  status=$?
  [ $status -eq 3 ] || exit $status
  [ "${CI:-}" != true ] || die "CI needs ../shared/r-src to test against the real R keras"
  r_keras=no
  echo "NOTE: the tests against the real R keras 2.15 are skipped: no ../shared/r-src here"
}
export TF_CPP_MIN_LOG_LEVEL=${TF_CPP_MIN_LOG_LEVEL:-2}
rkeras_lib="$PWD/.Rlib-rkeras"

section "generated files are up to date (R wrapper and help page; the bad-input table in both kernel modes, every value run, no value accepted or crashing)"
.venv/bin/python tools/generate_r.py --check
for mode in 0 1; do TF_ENABLE_ONEDNN_OPTS=$mode .venv/bin/python tools/bad_input_table.py --check; done

# What R CMD check would warn about in the help pages, in a second rather than after the
# Python suites: an export without a help page, or a usage section that differs from the code.
section "R help pages: every export documented, every usage as the code"
Rscript -e 'problems <- c(suppressWarnings(unlist(unclass(tools::undoc(dir = ".")))), names(suppressWarnings(tools::codoc(dir = "."))))
  if (length(problems)) { print(tools::undoc(dir = ".")); print(tools::codoc(dir = ".")); quit(status = 1) }' || die "R help pages: see above (tools/import_script_function_docs.py writes pages for ported R keras functions)"

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

if [ $r_keras = yes ]; then
  section "R keras 2.15.0's own test suite: alone, and with rbridge attached after it and before it"
  bash tools/r-keras-own-tests.sh
  section "R keras 2.15.0's own tests with library(rbridge) IN PLACE of library(keras), on Keras 3 (issues 22 and 23: per file against R keras's own count; fails below rbridge's floor)"
  bash tools/r-keras-tests-with-rbridge.sh
fi

section "notebooks in vignettes/, executed and rendered to HTML (a failing cell fails the run; docs/ holds the renders)"
nbout=$(mktemp -d)
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

section "R package: R CMD build"
work=$(mktemp -d)
trap 'rm -rf "$work" "$nbout"' EXIT
(cd "$work" && RBRIDGE_PYTHON="$OLDPWD/.venv/bin/python" R CMD build "$OLDPWD" >build.log 2>&1) || { cat "$work/build.log"; exit 1; }
tarball=$(ls "$work"/rbridge_*.tar.gz)

# check_passed_or_die DIR NAME: the tail of DIR/check.log; a WARNING or ERROR (or no Status at
# all) fails the run, showing each WARNING/ERROR item with what R said under it (the tail names
# only their count) and the end of the failed testthat output.
check_passed_or_die() {
  local dir=$1 name=$2
  tail -n 12 "$dir/check.log"
  if grep -qE "^Status: .*(ERROR|WARNING)" "$dir/check.log" || ! grep -q "^Status:" "$dir/check.log"; then
    awk '/^\* .*(WARNING|ERROR)$/ {show = 1; print; next} /^\* / {show = 0} show' "$dir/check.log" | head -n 80 >&2
    cat "$dir"/rbridge.Rcheck/tests/testthat.Rout.fail 2>/dev/null | tail -n 60 >&2 || true
    die "R CMD check ($name) failed: see above"
  fi
}

# r_check NAME [R_LIBS [CHECK_ARGS...]]: R CMD check --no-manual of the tarball, in its own
# folder; in CI a missing Python is a test failure, not a skip.
r_check() {
  local name=$1 libs=${2:-} dir="$work/$1"
  local check_args=("${@:3}")
  mkdir -p "$dir"
  # test-with-r-keras.R runs R keras scripts in R processes of their own, on .venv-keras2.
  (cd "$dir" && R_LIBS="$libs" RBRIDGE_PYTHON="$repo/.venv/bin/python" RBRIDGE_REQUIRE_PYTHON=true RBRIDGE_FIXTURES="$repo/tests/fixtures/r-keras-2.15" \
     RBRIDGE_R_KERAS_LIB=$([ $r_keras = yes ] && echo "$rkeras_lib") RBRIDGE_KERAS2_PYTHON="$repo/.venv-keras2/bin/python" \
     RBRIDGE_REQUIRE_R_KERAS=$([ $r_keras = yes ] && echo true || echo false) \
     R CMD check --no-manual "${check_args[@]}" "$tarball" >check.log 2>&1) || true
  check_passed_or_die "$dir" "$name"
  echo "R CMD check ($name): $(grep '^Status:' "$dir/check.log")"
}
section "R CMD check with Debian's reticulate $(Rscript -e 'cat(format(packageVersion("reticulate")))')"
r_check reticulate-debian
if [ $r_keras = yes ]; then
  section "R CMD check with reticulate $(Rscript -e "cat(format(packageVersion('reticulate', lib.loc = '$rkeras_lib')))")"
  # The vignettes ran in R CMD build and in the check above; here only what the reticulate
  # version can change: the tests and examples.
  r_check reticulate-cran "$rkeras_lib" --ignore-vignettes
fi
# The R package's tests once more, as a CRAN user installing TensorFlow today has them: NumPy 2
# and the latest TensorFlow (.venv-numpy2, scripts/setup-numpy2.sh), with reticulate 1.46.
if [ $r_keras = yes ]; then
  bash scripts/setup-numpy2.sh
  section "R CMD check on NumPy 2 ($(.venv-numpy2/bin/python -c 'import numpy, tensorflow as tf; print("numpy", numpy.__version__, "| tensorflow", tf.__version__)' 2>/dev/null)) with reticulate 1.46"
  dir="$work/numpy2"
  mkdir -p "$dir"
  (cd "$dir" && R_LIBS="$rkeras_lib" RBRIDGE_PYTHON="$repo/.venv-numpy2/bin/python" RBRIDGE_REQUIRE_PYTHON=true RBRIDGE_FIXTURES="$repo/tests/fixtures/r-keras-2.15" \
     RBRIDGE_R_KERAS_LIB="$rkeras_lib" RBRIDGE_KERAS2_PYTHON="$repo/.venv-keras2/bin/python" RBRIDGE_REQUIRE_R_KERAS=true \
     R CMD check --no-manual --ignore-vignettes "$tarball" >check.log 2>&1) || true
  check_passed_or_die "$dir" "NumPy 2"
  echo "R CMD check (NumPy 2): $(grep '^Status:' "$dir/check.log")"
fi
section "all tests passed"
