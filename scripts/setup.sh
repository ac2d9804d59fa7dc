#!/usr/bin/env bash
# One-time (idempotent) set-up on a fresh Debian 12 machine: R and its packages from
# Debian, then a project virtual environment in .venv with rbridge and its Python deps.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[setup] %s\n' "$*" >&2; }

# --- R from Debian ------------------------------------------------------------------
debs=(r-base-core r-base-dev r-cran-reticulate r-cran-jsonlite r-cran-testthat r-cran-knitr r-cran-rmarkdown pandoc)
missing=()
for d in "${debs[@]}"; do dpkg -s "$d" >/dev/null 2>&1 || missing+=("$d"); done
if ((${#missing[@]})); then
  log "installing from Debian: ${missing[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# --- Python virtual environment -------------------------------------------------------
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  log "creating .venv with $($PY --version)"
  $PY -m venv .venv
fi
stamp=.venv/.rbridge-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  log "installing rbridge and its Python dependencies into .venv"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[test,notebooks]"
  # A newer rpy2 pulled in as split packages would shadow rpy2 3.5 and fail on R 4.2.
  .venv/bin/python -m pip uninstall -y -q rpy2-rinterface rpy2-robjects 2>/dev/null || true
  touch "$stamp"
fi
log "ready: $(.venv/bin/python -c 'import rpy2, tensorflow as tf; print("rpy2", rpy2.__version__, "| tensorflow", tf.__version__)' 2>/dev/null)"

# --- the R package, into a project library (no root needed; R_LIBS_USER-style) ----------
mkdir -p .Rlib
R CMD INSTALL --no-test-load --library=.Rlib . >/tmp/rbridge-r-install.log 2>&1 \
  || { cat /tmp/rbridge-r-install.log >&2; exit 1; }
log "R package installed in .Rlib (library(rbridge, lib.loc = \".Rlib\"))"
