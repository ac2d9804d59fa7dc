# Ported from R keras 2.15.0's R/backend.R (MIT licence, RStudio): its k_*() backend functions
# custom code (a constraint's call(w), R/rk-constraints.R) computes with, with R keras 2.15's
# signatures. R keras 2.15 calls keras$backend$<name>(); Keras 3's backend module dropped
# them, and its keras$ops computes the same (cast, element-wise comparison).

k_cast <- function(x, dtype) {
  if (is_keras3()) return(keras$ops$cast(x = x, dtype = dtype))
  keras$backend$cast(x = x, dtype = dtype)
}

k_greater_equal <- function(x, y) {
  # (Keras 3: greater_equal(x1, x2))
  if (is_keras3()) return(keras$ops$greater_equal(x, y))
  keras$backend$greater_equal(x = x, y = y)
}

k_floatx <- function() {
  keras$backend$floatx()
}

k_dot <- function(x, y) {
  # Keras 2.15's dot (the last axis of x with the second-to-last of y), from backend(): on
  # Keras 3, rbridge/keras215_backend.py's dot.
  backend()$dot(x, y)
}
