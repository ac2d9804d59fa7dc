#!/usr/bin/env bash
# Every test. Set-up first (idempotent), the fast checks of generated files and help pages,
# then two sides beside each other (one per core):
#  - scripts/test-python-side.sh: the Python suite (pytest) once whole on Keras 3, and on the
#    other engine and kernel modes only the tests whose outcome depends on them; the
#    notebooks, the README snippets, the benchmarks in smoke mode;
#  - scripts/test-r-side.sh: R keras 2.15.0's own test suite (alone and with rbridge attached
#    in either order, and with library(rbridge) in place of library(keras)); the R package's
#    R CMD build and R CMD check with Debian's reticulate 1.28, with reticulate 1.46 (what
#    CRAN users have) and on NumPy 2.
# Arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
started=$(date +%s)
RBRIDGE_TEST_STARTED=$started
source scripts/test-lib.sh

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

section "generated files are up to date (R wrapper and help page; the bad-input table in both kernel modes, every value run, no value accepted or crashing)"
.venv/bin/python tools/generate_r.py --check
for mode in 0 1; do TF_ENABLE_ONEDNN_OPTS=$mode .venv/bin/python tools/bad_input_table.py --check; done

# What R CMD check would warn about in the help pages, in a second rather than after the
# Python suites: an export without a help page, or a usage section that differs from the code.
section "R help pages: every export documented, every usage as the code"
Rscript -e 'problems <- c(suppressWarnings(unlist(unclass(tools::undoc(dir = ".")))), names(suppressWarnings(tools::codoc(dir = "."))))
  if (length(problems)) { print(tools::undoc(dir = ".")); print(tools::codoc(dir = ".")); quit(status = 1) }' || die "R help pages: see above (tools/import_script_function_docs.py writes pages for ported R keras functions)"

# The rest runs as two sides, one per core of the 2-core CI machine: the Python suites
# (scripts/test-python-side.sh, here in the foreground) and the R side beside them (scripts/
# test-r-side.sh: R keras's own tests, R CMD build and three R CMD checks). Each is mostly
# one thread at a time (Python or R calling small TensorFlow ops), so together they take about
# the longer one's time instead of the sum (measured: bench/RESULTS.md, "CI time"). They
# share nothing they write: each makes its own temporary folders, and the R side's R
# libraries are its own. The R side's log is shown once the Python side ends; if either side fails the
# run fails, and a failing Python side stops the R side.
export RBRIDGE_TEST_STARTED=$started RBRIDGE_TEST_R_KERAS=$r_keras
r_log=$(mktemp)
setsid bash scripts/test-r-side.sh >"$r_log" 2>&1 &
r_side=$!
trap 'kill -- -$r_side 2>/dev/null || true; rm -f "$r_log"' EXIT
section "the R side started beside the Python side (its log follows the Python side's)"
bash scripts/test-python-side.sh "$@"
section "waiting for the R side (its log so far, then as it goes)"
# Streamed rather than printed at the end, so a run stopped from outside still shows how far
# the R side got. A watchdog ends an R side still running near CI's 90-minute limit and shows
# what it was running, so that such a run fails with its cause instead of being cut off.
watchdog_at=${RBRIDGE_TEST_DEADLINE_S:-$([ "${CI:-}" = true ] && echo 5000 || echo 0)}
( while (( watchdog_at > 0 )) && kill -0 $r_side 2>/dev/null; do
    if (( $(date +%s) - started >= watchdog_at )); then
      echo "the R side is still running after ${watchdog_at} s; what it runs:" >&2
      ps -o pid,etimes,args --forest -s "$r_side" 2>/dev/null | cut -c1-220 >&2 || true
      kill -- -$r_side 2>/dev/null || true
      break
    fi
    sleep 10
  done ) &
watchdog=$!
tail -n +1 -f --pid=$r_side "$r_log"
r_status=0
wait $r_side || r_status=$?
kill $watchdog 2>/dev/null || true
[ $r_status -eq 0 ] || die "the R side failed (exit $r_status): see its log above"
section "all tests passed"
