# Ported from R keras 2.15.0's R/learning_rate_schedules.R (MIT licence, RStudio): its functions, signatures and
# argument handling, with Keras 3's renames handled (see R/rk-support.R, is_keras3()).

learning_rate_schedule_exponential_decay <-
function(initial_learning_rate, decay_steps, decay_rate, staircase = FALSE,
         ..., name = NULL)
{
  args <- capture_args(match.call(), list(
    decay_steps = as_integer))
  do.call(keras$optimizers$schedules$ExponentialDecay, args)
}

learning_rate_schedule_cosine_decay <-
  function(initial_learning_rate, decay_steps, alpha = 0, ..., name = NULL)
  {
    args <- capture_args(match.call(), list(
      decay_steps = as_integer))
    do.call(keras$optimizers$schedules$CosineDecay, args)
  }

learning_rate_schedule_cosine_decay_restarts <-
function(initial_learning_rate, first_decay_steps, t_mul = 2,
         m_mul = 1, alpha = 0, ..., name = NULL)
{
  args <- capture_args(match.call(), list(first_decay_steps = as_integer))
  do.call(keras$optimizers$schedules$CosineDecayRestarts, args)
}

learning_rate_schedule_inverse_time_decay <-
function(initial_learning_rate, decay_steps, decay_rate, staircase = FALSE, ...,
         name = NULL) {
  args <- capture_args(match.call(), list(decay_steps = as_integer))
  do.call(keras$optimizers$schedules$InverseTimeDecay, args)
}

learning_rate_schedule_piecewise_constant_decay <-
function(boundaries, values, ..., name = NULL) {
  args <- capture_args(match.call())
  do.call(keras$optimizers$schedules$PiecewiseConstantDecay,
          args)
}

learning_rate_schedule_polynomial_decay <-
function(initial_learning_rate, decay_steps, end_learning_rate = 1e-04,
         power = 1, cycle = FALSE, ..., name = NULL)
{
  args <- capture_args(match.call(), list(decay_steps = as_integer))
  do.call(keras$optimizers$schedules$PolynomialDecay, args)
}

# TODO: still need to add tests for all these.
# TODO: should all optimizer accept a plain R function to `learning_rate`?

