# Ported from R keras 2.15.0's R/constraints.R (MIT licence, RStudio): its functions, signatures and
# argument handling, with Keras 3's renames handled (see R/rk-support.R, is_keras3()).
constraint_maxnorm <- function(max_value = 2, axis = 0) {
  keras$constraints$MaxNorm(max_value = as.integer(max_value), axis = as.integer(axis))
}

constraint_nonneg <- function() {
  keras$constraints$NonNeg()
}

constraint_unitnorm <- function(axis = 0) {
  keras$constraints$UnitNorm(axis = as.integer(axis))
}

constraint_minmaxnorm <- function(min_value = 0.0, max_value = 1.0, rate = 1.0, axis = 0) {
  keras$constraints$MinMaxNorm(min_value = min_value, max_value = max_value, rate = rate, axis = as.integer(axis))
}

