#!/usr/bin/env bash
# The R side of scripts/test.sh (run by it, beside scripts/test-python-side.sh; set-up done):
#  - R keras 2.15.0's own test suite, alone and with rbridge attached in either order, and
#    its layer and script test files with library(rbridge) in place of library(keras);
#  - the R package: R CMD build, then R CMD check (testthat) with Debian's reticulate 1.28,
#    again with reticulate 1.46 (what CRAN users have), and on NumPy 2 with the latest
#    TensorFlow.
# RBRIDGE_TEST_R_KERAS=no (set by scripts/test.sh where ../shared/r-src is absent) leaves out
# what needs the real R keras.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
source scripts/test-lib.sh
repo=$PWD

if [ $r_keras = yes ]; then
  section "R keras 2.15.0's own test suite: alone, and with rbridge attached after it and before it"
  bash tools/r-keras-own-tests.sh
  section "R keras 2.15.0's own tests with library(rbridge) IN PLACE of library(keras), on Keras 3 (issues 22 and 23: per file against R keras's own count; fails below rbridge's floor)"
  bash tools/r-keras-tests-with-rbridge.sh
fi

section "R package: R CMD build"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
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

# A hung test (Python waiting on R's thread, say) fails its check after this many seconds,
# with its output, instead of holding CI until its 90-minute limit (each check's tests take
# about 7 minutes beside the Python side).
export _R_CHECK_TESTS_ELAPSED_TIMEOUT_=${_R_CHECK_TESTS_ELAPSED_TIMEOUT_:-1500}

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
section "the R side passed"
