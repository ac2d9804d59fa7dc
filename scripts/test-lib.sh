# Shared by scripts/test.sh and the two sides it runs beside each other (sourced, not run).

# section TEXT: a heading in the test log, with the seconds since scripts/test.sh started
# (RBRIDGE_TEST_STARTED, which it exports; a side run on its own counts from its own start).
RBRIDGE_TEST_STARTED=${RBRIDGE_TEST_STARTED:-$(date +%s)}
section() { echo "== $* ($(($(date +%s) - RBRIDGE_TEST_STARTED)) s)"; }

# What both sides read: TensorFlow's C++ start-up chatter off unless asked for; whether the real
# R keras is here (scripts/test.sh sets RBRIDGE_TEST_R_KERAS=no where ../shared/r-src is absent),
# and the R library it is installed in (scripts/setup-r-keras.sh).
export TF_CPP_MIN_LOG_LEVEL=${TF_CPP_MIN_LOG_LEVEL:-2}
r_keras=${RBRIDGE_TEST_R_KERAS:-yes}
rkeras_lib="$PWD/.Rlib-rkeras"
