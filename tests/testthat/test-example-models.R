# The models of R keras's example scripts (mnist_cnn.R, cifar10_cnn.R, imdb_cnn.R,
# conv_lstm.R, and with recurrent layers imdb_cnn_lstm.R, imdb_bidirectional_lstm.R,
# mnist_hierarchical_rnn.R), built by the scripts' own calls under library(rbridge), give the real R keras
# 2.15's predictions from the same weights (recorded by recordings/record-example-models.R).

test_that("the example scripts' models predict as R keras 2.15 does from the same weights", {
  skip_if_no_rbridge_python()
  recorded <- readRDS(test_path("recordings", "example-models-r-keras-2.15.rds"))
  env <- new.env(parent = asNamespace("rbridge"))
  sys.source(test_path("scripts", "example-models.R"), envir = env)
  predictions <- env$example_predictions()
  expect_setequal(names(predictions), c("mnist_cnn", "cifar10_cnn", "imdb_cnn", "conv_lstm", "imdb_cnn_lstm",
                                        "imdb_bidirectional_lstm", "mnist_hierarchical_rnn"))
  expect_setequal(names(recorded$predictions), names(predictions))
  for (name in names(recorded$predictions)) {
    expect_close(predictions[[name]], recorded$predictions[[name]], tolerance = 1e-5, label = name)
  }
})
