# Where R keras is loaded, R keras 2.15's own functions answer for the names both packages
# export (as keras_model_sequential() does, R/helpers.R): attaching rbridge after library(keras)
# masks these names, and R keras's own, on the Keras 2 it runs on, are the reference. Each
# ported function (R/rk-*.R, R/model.R's batch verbs) gets, first in its body, the hand-over of
# the caller's call to R keras's function. (This file is collated last: it rewrites the
# functions the others define.)

r_keras_first <- function(f, name) {
  wrapped <- f
  body(wrapped) <- substitute({
    if (r_keras_loaded()) return(call_r_keras(NAME, sys.call(), parent.frame()))
    BODY
  }, list(NAME = name, BODY = body(f)))
  attrs <- attributes(f)
  attributes(wrapped) <- attrs[setdiff(names(attrs), "srcref")]
  wrapped
}

local({
  ns <- topenv()
  handed_over <- c(
    "activation_elu", "activation_exponential", "activation_gelu", "activation_hard_sigmoid",
    "activation_linear", "activation_relu", "activation_selu", "activation_sigmoid", "activation_softmax",
    "activation_softplus", "activation_softsign", "activation_swish", "activation_tanh",
    "array_reshape", "backend", "callback_backup_and_restore", "callback_csv_logger",
    "callback_early_stopping", "callback_lambda", "callback_learning_rate_scheduler",
    "callback_model_checkpoint", "callback_progbar_logger", "callback_reduce_lr_on_plateau",
    "callback_remote_monitor", "callback_tensorboard", "callback_terminate_on_naan", "clone_model",
    "constraint_maxnorm", "constraint_minmaxnorm", "constraint_nonneg", "constraint_unitnorm",
    "count_params", "custom_metric", "dataset_boston_housing", "dataset_cifar10", "dataset_cifar100",
    "dataset_fashion_mnist", "dataset_imdb", "dataset_imdb_word_index", "dataset_mnist",
    "dataset_reuters", "dataset_reuters_word_index", "evaluate_generator", "fit_generator",
    "freeze_weights", "from_config", "get_config", "get_input_at", "get_input_mask_at",
    "get_input_shape_at", "get_layer", "get_output_at", "get_output_mask_at", "get_output_shape_at",
    "initializer_constant", "initializer_glorot_normal", "initializer_glorot_uniform",
    "initializer_he_normal", "initializer_he_uniform", "initializer_identity", "initializer_lecun_normal",
    "initializer_lecun_uniform", "initializer_ones", "initializer_orthogonal", "initializer_random_normal",
    "initializer_random_uniform", "initializer_truncated_normal", "initializer_variance_scaling",
    "%py_class%", "%<-active%", "mark_active",
    "new_layer_class", "new_model_class", "new_callback_class", "new_metric_class", "new_loss_class",
    "Layer", "create_layer", "create_layer_wrapper", "layer_lambda",
    "layer_simple_rnn", "layer_gru", "layer_lstm", "time_distributed", "bidirectional",
    "layer_attention", "layer_multi_head_attention", "layer_additive_attention", "layer_unit_normalization",
    "initializer_zeros", "is_keras_available", "k_cast", "k_clear_session", "k_constant", "k_dot", "k_floatx", "k_greater_equal", "k_mean", "k_variable",
    "learning_rate_schedule_cosine_decay", "learning_rate_schedule_cosine_decay_restarts",
    "learning_rate_schedule_exponential_decay", "learning_rate_schedule_inverse_time_decay",
    "learning_rate_schedule_piecewise_constant_decay", "learning_rate_schedule_polynomial_decay",
    "load_model_hdf5", "load_model_tf", "load_model_weights_hdf5", "load_model_weights_tf",
    "loss_binary_crossentropy", "loss_categorical_crossentropy", "loss_categorical_hinge",
    "loss_cosine_proximity", "loss_cosine_similarity", "loss_hinge", "loss_huber", "loss_kl_divergence",
    "loss_kullback_leibler_divergence", "loss_logcosh", "loss_mean_absolute_error",
    "loss_mean_absolute_percentage_error", "loss_mean_squared_error", "loss_mean_squared_logarithmic_error",
    "loss_poisson", "loss_sparse_categorical_crossentropy", "loss_squared_hinge", "metric_accuracy",
    "metric_auc", "metric_binary_accuracy", "metric_binary_crossentropy", "metric_categorical_accuracy",
    "metric_categorical_crossentropy", "metric_categorical_hinge", "metric_cosine_proximity",
    "metric_cosine_similarity", "metric_false_negatives", "metric_false_positives", "metric_hinge",
    "metric_kullback_leibler_divergence", "metric_logcosh_error", "metric_mean", "metric_mean_absolute_error",
    "metric_mean_absolute_percentage_error", "metric_mean_iou", "metric_mean_relative_error",
    "metric_mean_squared_error", "metric_mean_squared_logarithmic_error", "metric_mean_tensor",
    "metric_mean_wrapper", "metric_poisson", "metric_precision", "metric_precision_at_recall", "metric_recall",
    "metric_recall_at_precision", "metric_root_mean_squared_error", "metric_sensitivity_at_specificity",
    "metric_sparse_categorical_accuracy", "metric_sparse_categorical_crossentropy",
    "metric_sparse_top_k_categorical_accuracy", "metric_specificity_at_sensitivity", "metric_squared_hinge",
    "metric_sum", "metric_top_k_categorical_accuracy", "metric_true_negatives", "metric_true_positives",
    "model_from_json", "model_from_yaml", "model_to_json", "model_to_yaml", "normalize",
    "optimizer_adadelta", "optimizer_adagrad", "optimizer_adam", "optimizer_adamax", "optimizer_ftrl",
    "optimizer_nadam", "optimizer_rmsprop", "optimizer_sgd", "pad_sequences", "pop_layer",
    "predict_classes", "predict_generator", "predict_on_batch", "predict_proba", "regularizer_l1",
    "regularizer_l1_l2", "regularizer_l2", "regularizer_orthogonal", "reset_states", "save_model_hdf5",
    "save_model_tf", "save_model_weights_hdf5", "save_model_weights_tf", "serialize_model",
    "test_on_batch", "to_categorical", "train_on_batch", "unfreeze_weights", "unserialize_model",
    "with_custom_object_scope", "zip_lists", "%<-%",
    "image_data_generator", "fit_image_data_generator", "generator_next", "flow_images_from_data",
    "flow_images_from_directory", "flow_images_from_dataframe", "image_load", "image_to_array",
    "image_array_resize", "image_array_save")
  # and every k_*(): R keras's backend functions (R/rk-backend-functions.R, R/rk-backend.R)
  handed_over <- union(handed_over, ls(ns, pattern = "^k_"))
  for (name in handed_over) assign(name, r_keras_first(get(name, envir = ns), name), envir = ns)
})
