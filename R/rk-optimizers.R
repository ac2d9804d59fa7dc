# Ported from R keras 2.15.0's R/optimizers.R (MIT licence, RStudio): its functions, signatures and
# argument handling, with Keras 3's renames handled (see R/rk-support.R, is_keras3()).
optimizer_adadelta <-
function(learning_rate = 0.001, rho = 0.95, epsilon = 1e-07,
weight_decay = NULL, clipnorm = NULL, clipvalue = NULL, global_clipnorm = NULL,
use_ema = FALSE, ema_momentum = 0.99, ema_overwrite_frequency = NULL,
jit_compile = TRUE, name = "Adadelta", ...)
{
args <- capture_args(match.call(), NULL)
do.call(keras$optimizers$Adadelta, keras3_optimizer_args(args, "Adadelta"))
}

optimizer_adagrad <-
function(learning_rate = 0.001, initial_accumulator_value = 0.1,
epsilon = 1e-07, weight_decay = NULL, clipnorm = NULL, clipvalue = NULL,
global_clipnorm = NULL, use_ema = FALSE, ema_momentum = 0.99,
ema_overwrite_frequency = NULL, jit_compile = TRUE, name = "Adagrad",
...)
{
args <- capture_args(match.call(), NULL)
do.call(keras$optimizers$Adagrad, keras3_optimizer_args(args, "Adagrad"))
}

optimizer_adam <-
function(learning_rate = 0.001, beta_1 = 0.9, beta_2 = 0.999,
epsilon = 1e-07, amsgrad = FALSE, weight_decay = NULL, clipnorm = NULL,
clipvalue = NULL, global_clipnorm = NULL, use_ema = FALSE,
ema_momentum = 0.99, ema_overwrite_frequency = NULL, jit_compile = TRUE,
name = "Adam", ...)
{
args <- capture_args(match.call(), NULL)
do.call(keras$optimizers$Adam, keras3_optimizer_args(args, "Adam"))
}

optimizer_adamax <-
function(learning_rate = 0.001, beta_1 = 0.9, beta_2 = 0.999,
epsilon = 1e-07, weight_decay = NULL, clipnorm = NULL, clipvalue = NULL,
global_clipnorm = NULL, use_ema = FALSE, ema_momentum = 0.99,
ema_overwrite_frequency = NULL, jit_compile = TRUE, name = "Adamax",
...)
{
args <- capture_args(match.call(), NULL)
do.call(keras$optimizers$Adamax, keras3_optimizer_args(args, "Adamax"))
}

optimizer_ftrl <-
function(learning_rate = 0.001, learning_rate_power = -0.5,
initial_accumulator_value = 0.1, l1_regularization_strength = 0,
l2_regularization_strength = 0, l2_shrinkage_regularization_strength = 0,
beta = 0, weight_decay = NULL, clipnorm = NULL, clipvalue = NULL,
global_clipnorm = NULL, use_ema = FALSE, ema_momentum = 0.99,
ema_overwrite_frequency = NULL, jit_compile = TRUE, name = "Ftrl",
...)
{
args <- capture_args(match.call(), NULL)
do.call(keras$optimizers$Ftrl, keras3_optimizer_args(args, "Ftrl"))
}

optimizer_nadam <-
function(learning_rate = 0.001, beta_1 = 0.9, beta_2 = 0.999,
epsilon = 1e-07, weight_decay = NULL, clipnorm = NULL, clipvalue = NULL,
global_clipnorm = NULL, use_ema = FALSE, ema_momentum = 0.99,
ema_overwrite_frequency = NULL, jit_compile = TRUE, name = "Nadam",
...)
{
args <- capture_args(match.call(), NULL)
do.call(keras$optimizers$Nadam, keras3_optimizer_args(args, "Nadam"))
}

optimizer_rmsprop <-
function(learning_rate = 0.001, rho = 0.9, momentum = 0, epsilon = 1e-07,
centered = FALSE, weight_decay = NULL, clipnorm = NULL, clipvalue = NULL,
global_clipnorm = NULL, use_ema = FALSE, ema_momentum = 0.99,
ema_overwrite_frequency = 100L, jit_compile = TRUE, name = "RMSprop",
...)
{
args <- capture_args(match.call(), list(ema_overwrite_frequency = as.integer))
do.call(keras$optimizers$RMSprop, keras3_optimizer_args(args, "RMSprop"))
}

optimizer_sgd <-
function(learning_rate = 0.01, momentum = 0, nesterov = FALSE,
amsgrad = FALSE, weight_decay = NULL, clipnorm = NULL, clipvalue = NULL,
global_clipnorm = NULL, use_ema = FALSE, ema_momentum = 0.99,
ema_overwrite_frequency = NULL, jit_compile = TRUE, name = "SGD",
...)
{
args <- capture_args(match.call(), NULL)
do.call(keras$optimizers$SGD, keras3_optimizer_args(args, "SGD"))
}
