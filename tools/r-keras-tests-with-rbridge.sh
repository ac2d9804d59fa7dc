#!/usr/bin/env bash
# R keras 2.15.0's own test files, run with library(rbridge) IN PLACE of library(keras), on
# Keras 3 (.venv): R keras is not installed, R's tensorflow package 2.15 (and tfruns,
# tfautograph, config, reticulate 1.46) is, in .Rlib-tf, as R keras users have it.
# Prints per file the expectations rbridge passes and fails next to R keras 2.15's own count
# on TF 2.15 (tools/r-keras-tests-baseline.tsv), and for each failing test what it depends on
# (tools/r-keras-tests-depends.tsv: a pattern of the test's name or first failure -> why).
#   bash tools/r-keras-tests-with-rbridge.sh              # run, compare with the baseline
#   bash tools/r-keras-tests-with-rbridge.sh --baseline   # re-measure R keras's own counts
#                                                         # (.venv-keras2 + .Rlib-rkeras)
# Exit status 1 when a file passes fewer expectations than rbridge's floor
# (tools/r-keras-tests-floor.tsv: what rbridge passed when that file was last raised), so CI
# catches a regression; files still short of R keras's own count are listed as such.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
src=${RBRIDGE_R_SRC:-../shared/r-src}
tarball=$src/keras_2.15.0.tar.gz
[ -f "$tarball" ] || die "no R keras source tarball at $tarball"
# issue 22's (the layers) and issue 23's (the rest of a script) acceptance files
files=(test-layers.R test-layers-normalization.R
       test-model.R test-metrics.R test-losses.R test-optimizers.R test-callbacks.R test-history.R
       test-freeze.R test-model-persistence.R test-layer-methods.R test-utils.R test-activations.R
       test-initializers.R test-regularizers.R test-constraints.R test-layer-attention.R test-py-class.R test-custom-layers.R test-backend.R)
baseline=tools/r-keras-tests-baseline.tsv
depends=tools/r-keras-tests-depends.tsv
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar xzf "$tarball" -C "$work" keras/tests
export TF_CPP_MIN_LOG_LEVEL=${TF_CPP_MIN_LOG_LEVEL:-2}

if [ "${1:-}" = "--baseline" ]; then
  [ -f .Rlib-rkeras/keras/DESCRIPTION ] || die "no R keras in .Rlib-rkeras: run scripts/setup-r-keras.sh"
  (cd "$work" && R_LIBS="$OLDPWD/.Rlib-rkeras" RETICULATE_PYTHON="$OLDPWD/.venv-keras2/bin/python" \
     Rscript "$OLDPWD/tools/r-keras-tests-with-rbridge.R" keras/tests/testthat keras "$work/rk.tsv" "${files[@]}") \
     >"$work/rk.log" 2>&1 || { tail -n 30 "$work/rk.log" >&2; die "R keras's own tests did not run"; }
  Rscript -e 'r <- read.delim(commandArgs(TRUE)[1], quote = "");
    a <- aggregate(cbind(passed, failed) ~ file, r, sum);
    write.table(a, commandArgs(TRUE)[2], sep = "\t", quote = FALSE, row.names = FALSE)' "$work/rk.tsv" "$baseline"
  cat "$baseline"
  exit 0
fi

# R tensorflow 2.15 and its R dependencies, without R keras, from the source tarballs.
lib=.Rlib-tf
mkdir -p "$lib"
for p in reticulate config tfruns tfautograph tensorflow; do
  [ -f "$lib/$p/DESCRIPTION" ] && continue
  log "installing R package $p into $lib"
  R CMD INSTALL --no-docs --no-html -l "$lib" "$(ls "$src/${p}"_*.tar.gz)" >"$work/install-$p.log" 2>&1 \
    || { tail -n 30 "$work/install-$p.log" >&2; die "R CMD INSTALL $p failed"; }
done
[ ! -d "$lib/keras" ] || die "$lib must not hold R keras"
# R keras's tests call a few of its internal helpers as keras:::have_h5py() and the like;
# rbridge has the same helpers (R/rk-support.R), so those calls go to rbridge's.
sed -i 's/keras:::/rbridge:::/g' "$work"/keras/tests/testthat/*.R
# library(keras) in place everywhere a test loads it: in the R processes some tests start
# (callr) and in train.R, the script tfruns::training_run() runs in a run directory.
sed -i 's/library(keras)/library(rbridge)/g' "$work"/keras/tests/testthat/*.R

(cd "$work" && R_LIBS="$OLDPWD/$lib" RETICULATE_PYTHON="$OLDPWD/.venv/bin/python" RBRIDGE_PYTHON="$OLDPWD/.venv/bin/python" \
   Rscript "$OLDPWD/tools/r-keras-tests-with-rbridge.R" keras/tests/testthat rbridge "$work/rb.tsv" "${files[@]}") \
   >"$work/rb.log" 2>&1 || { tail -n 30 "$work/rb.log" >&2; die "R keras's tests did not run with rbridge"; }
[ -n "${RBRIDGE_TESTS_TSV:-}" ] && cp "$work/rb.tsv" "$RBRIDGE_TESTS_TSV"
Rscript tools/r-keras-tests-report.R "$work/rb.tsv" "$baseline" "$depends" tools/r-keras-tests-floor.tsv
