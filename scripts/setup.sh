#!/usr/bin/env bash
# One-time, idempotent set-up on a fresh Debian 12 machine: R, its packages and the build
# tools from Debian; a project virtual environment in .venv with rbridge and its Python
# dependencies from PyPI; the R package installed into R's library, told where .venv is.
# Safe to rerun after an interrupted or failed run: a broken .venv is detected and rebuilt.
#
# What it changes outside this clone (it says so as it goes):
#   - Debian packages (apt-get, through sudo when not root), where missing;
#   - the R package rbridge, built with its vignettes (R CMD build), installed into R's library
#     (again only when its R sources changed since: a stamp in the installed package)
#     (the first writable one: /usr/local/lib/R/site-library as root), so that library(rbridge)
#     works from any directory, for every clone: a second clone's set-up replaces it;
#   - ~/.config/R/rbridge/python, the Python that library(rbridge) uses from any directory.
# For a set-up that stays inside this clone, set RBRIDGE_R_LIBRARY:
#   RBRIDGE_R_LIBRARY=.Rlib bash scripts/setup.sh
# installs the R package into .Rlib in this clone and records this clone's Python inside that
# installed package only (nothing in ~/.config); use it with R_LIBS=<clone>/.Rlib.
#
#   PYTHON=/path/to/python3     the Python to make .venv from (default: python3, 3.10 or newer)
#   RBRIDGE_R_LIBRARY=DIR       the R library to install the R package into (see above)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

# --- from Debian: R, the headers and compilers rpy2 is built with, Python's venv -----------
# python3-venv: Debian's python3 has no ensurepip without it. python3-dev and r-base-dev:
# rpy2 3.5 is compiled against Python's and R's headers. r-base-dev also brings the compilers.
debs=(r-base-core r-base-dev r-cran-reticulate r-cran-jsonlite r-cran-testthat r-cran-knitr
      r-cran-rmarkdown r-cran-magrittr r-cran-generics r-cran-ggplot2 pandoc python3 python3-venv python3-dev)
apt_install "${debs[@]}"

# --- the Python virtual environment ----------------------------------------------------------
PY=${PYTHON:-python3}
make_venv .venv "$PY"
stamp=.venv/.rbridge-installed
if stale "$stamp"; then
  log "installing rbridge and its Python dependencies into .venv (TensorFlow: a few minutes)"
  .venv/bin/python -m pip install -q --upgrade pip
  # numpy<2: Debian's reticulate 1.28 cannot pass R arrays to NumPy 2 (model$fit(x, y) from R);
  # TensorFlow 2.16+ supports NumPy 1.26 too. See README, "Why NumPy 1".
  .venv/bin/python -m pip install -q -e ".[test,notebooks]" "numpy>=1.26,<2"
  # A newer rpy2 pulled in as split packages would shadow rpy2 3.5 and fail on R 4.2.
  .venv/bin/python -m pip uninstall -y -q rpy2-rinterface rpy2-robjects 2>/dev/null || true
  .venv/bin/python -c 'import rbridge, rpy2.rinterface, tensorflow' \
    || die ".venv was made but cannot import rbridge, rpy2 and tensorflow (see above)"
  touch "$stamp"
fi
log "ready: $(.venv/bin/python -c 'import rpy2, tensorflow as tf, numpy; print("rpy2", rpy2.__version__, "| tensorflow", tf.__version__, "| numpy", numpy.__version__)' 2>/dev/null)"

# --- the notebooks' HTML renders (docs/*.html) are made with nbconvert ----------------------
.venv/bin/python -c 'import nbconvert' 2>/dev/null || .venv/bin/python -m pip install -q nbconvert

# --- the R package, with its vignettes: built, then installed from the tarball ----------------
if [ -n "${RBRIDGE_R_LIBRARY:-}" ]; then
  mkdir -p "$RBRIDGE_R_LIBRARY"
  rlib=$(cd "$RBRIDGE_R_LIBRARY" && pwd)
  log "installing the R package into $rlib (RBRIDGE_R_LIBRARY; nothing outside this clone): use R_LIBS=$rlib"
else
  rlib=$(Rscript -e 'p <- .libPaths(); w <- p[file.access(p, 2) == 0]
    if (!length(w)) { w <- Sys.getenv("R_LIBS_USER"); dir.create(w, recursive = TRUE, showWarnings = FALSE) }
    cat(w[1])')
  log "installing the R package into R's library $rlib (outside this clone, for every clone;"
  log "  RBRIDGE_R_LIBRARY=.Rlib bash scripts/setup.sh keeps it inside this clone instead)"
fi
# Built again only when something the installed package is made from changed: a stamp in the
# installed package holds a digest of the R package's sources (DESCRIPTION, NAMESPACE, R/, man/,
# vignettes/ without the notebooks, inst/), R's version, this clone and the Python recorded.
# (Another clone's set-up replaces the package, and its stamp, so this one builds again.)
r_package_key() {
  local paths=() p
  for p in DESCRIPTION NAMESPACE R man vignettes inst src; do [ -e "$p" ] && paths+=("$p"); done
  { R --version | head -n 1; echo "$PWD/.venv/bin/python"
    find "${paths[@]}" -type f ! -name '*.ipynb' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
  } | sha256sum | cut -d' ' -f1
}
key=$(r_package_key)
r_stamp="$rlib/rbridge/setup-stamp"
if [ -f "$r_stamp" ] && [ "$(cat "$r_stamp")" = "$key" ] && [ -f "$rlib/rbridge/python-path" ]; then
  log "the R package in $rlib is up to date with this clone's R sources: not built again"
  log "  (to force it: rm $r_stamp)"
else
  build=$(mktemp -d)
  trap 'rm -rf "$build"' EXIT
  log "building the R package with its vignettes (R CMD build: they run, a minute or two)"
  (cd "$build" && RBRIDGE_PYTHON="$OLDPWD/.venv/bin/python" TF_CPP_MIN_LOG_LEVEL=${TF_CPP_MIN_LOG_LEVEL:-2} \
     R CMD build "$OLDPWD" >build.log 2>&1) || { cat "$build/build.log" >&2; die "R CMD build failed"; }
  R CMD INSTALL --no-test-load --library="$rlib" "$build"/rbridge_*.tar.gz >"$build/install.log" 2>&1 \
    || { cat "$build/install.log" >&2; die "R CMD INSTALL failed"; }
  # Where library(rbridge) finds its Python from any directory (see use_rbridge_python()): in the
  # installed package itself, and (for an install into R's shared library) in ~/.config.
  echo "$PWD/.venv/bin/python" >"$rlib/rbridge/python-path"
  echo "$key" >"$r_stamp"  # last: an interrupted build leaves no stamp
  log "R package installed in $rlib, vignettes included: vignette(\"rbridge\", package = \"rbridge\")"
fi
if [ -z "${RBRIDGE_R_LIBRARY:-}" ]; then
  config=$(Rscript -e 'd <- tools::R_user_dir("rbridge", "config"); dir.create(d, recursive = TRUE, showWarnings = FALSE)
    f <- file.path(d, "python"); writeLines(commandArgs(TRUE)[1], f); cat(f)' "$PWD/.venv/bin/python")
  log "wrote $config (outside this clone): library(rbridge) from anywhere uses $PWD/.venv/bin/python"
fi
