# Ported from R keras 2.15.0's R/regularizers.R (MIT licence, RStudio): its functions, signatures and
# argument handling, with Keras 3's renames handled (see R/rk-support.R, is_keras3()).

regularizer_l1 <- function(l = 0.01) {
  if (is_keras3()) return(keras$regularizers$L1(l1 = l))  # (Keras 3 renamed `l`)
  keras$regularizers$l1(l = l)
}

regularizer_l2 <- function(l = 0.01) {
  if (is_keras3()) return(keras$regularizers$L2(l2 = l))
  keras$regularizers$l2(l = l)
}

regularizer_l1_l2 <- function(l1 = 0.01, l2 = 0.01) {
  keras$regularizers$l1_l2(l1 = l1, l2 = l2)
}

regularizer_orthogonal <-
function(factor = 0.01, mode = "rows", ...)
{
  args <- capture_args(match.call(), NULL)
  do.call(keras$regularizers$OrthogonalRegularizer, args)
}
