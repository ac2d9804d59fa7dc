# Shared by scripts/test.sh and the two sides it runs beside each other (sourced, not run).

# section TEXT: a heading in the test log, with the seconds since scripts/test.sh started
# (RBRIDGE_TEST_STARTED, which it exports; a side run on its own counts from its own start).
RBRIDGE_TEST_STARTED=${RBRIDGE_TEST_STARTED:-$(date +%s)}
section() { echo "== $* ($(($(date +%s) - RBRIDGE_TEST_STARTED)) s)"; }
