#!/usr/bin/env bash
# R keras 2.15.0's own test suite (tests/testthat in its source tarball), run three times on
# the Keras 2 environment: R keras alone, then with rbridge attached after it and before it.
# Fails if attaching rbridge makes any of R keras's own tests fail that passes without it.
# (Some fail without rbridge too, on any offline machine: datasets, image tools, tfdatasets;
# the comparison is what matters.) Needs scripts/setup-keras2.sh and scripts/setup-r-keras.sh.
#   bash tools/r-keras-own-tests.sh [path/to/keras_2.15.0.tar.gz]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
tarball=${1:-${RBRIDGE_R_SRC:-../shared/r-src}/keras_2.15.0.tar.gz}
[ -f "$tarball" ] || die "no R keras source tarball at $tarball"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar xzf "$tarball" -C "$work" keras/tests
export R_LIBS="$PWD/.Rlib-rkeras${R_LIBS:+:$R_LIBS}" RETICULATE_PYTHON="$PWD/.venv-keras2/bin/python"
export RBRIDGE_PYTHON="$RETICULATE_PYTHON" TF_CPP_MIN_LOG_LEVEL=${TF_CPP_MIN_LOG_LEVEL:-2}
for mode in alone keras-first rbridge-first; do
  Rscript tools/r-keras-own-tests.R "$work/keras/tests/testthat" "$mode" >"$work/$mode.log" 2>&1 || true
  grep -E "^$mode: " "$work/$mode.log" || { tail -n 30 "$work/$mode.log" >&2; die "R keras's own tests did not run ($mode)"; }
  grep "^  FAILED" "$work/$mode.log" | sort >"$work/$mode.failed" || true
done
status=0
for mode in keras-first rbridge-first; do
  added=$(comm -13 "$work/alone.failed" "$work/$mode.failed")
  if [ -n "$added" ]; then
    echo "attaching rbridge ($mode) makes these of R keras's own tests fail:" >&2
    echo "$added" >&2
    status=1
  fi
done
[ $status -eq 0 ] && echo "R keras's own tests: attaching rbridge in either order adds no failure"
exit $status
