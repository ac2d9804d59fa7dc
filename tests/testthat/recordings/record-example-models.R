# Records the predictions of the example scripts' models (tests/testthat/scripts/example-models.R)
# from the real R keras 2.15 on TF 2.15, for test-example-models.R. From the repository root:
#   R_LIBS=$PWD/.Rlib-rkeras RETICULATE_PYTHON=$PWD/.venv-keras2/bin/python TF_ENABLE_ONEDNN_OPTS=1 \
#     Rscript tests/testthat/recordings/record-example-models.R
suppressPackageStartupMessages(library(keras))
source("tests/testthat/scripts/example-models.R")
predictions <- example_predictions()
saveRDS(list(r_keras = as.character(packageVersion("keras")), tensorflow = tensorflow::tf_version(),
             predictions = predictions),
        "tests/testthat/recordings/example-models-r-keras-2.15.rds", version = 2)
str(predictions)
