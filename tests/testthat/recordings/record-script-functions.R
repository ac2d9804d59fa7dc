# Records what the real R keras 2.15 returns from the script functions tests/testthat/
# test-script-functions.R checks (structure and numbers), into script-functions-r-keras-2.15.rds:
#   R_LIBS=$PWD/.Rlib-rkeras RETICULATE_PYTHON=$PWD/.venv-keras2/bin/python \
#     Rscript tests/testthat/recordings/record-script-functions.R
# The test builds the same models with rbridge (same layers, same weights), so the numbers compare.
suppressPackageStartupMessages(library(keras))
source(file.path(dirname(sub("--file=", "", grep("--file=", commandArgs(FALSE), value = TRUE))),
                 "..", "script-functions-cases.R"))
out <- record_script_functions()
here <- dirname(sub("--file=", "", grep("--file=", commandArgs(FALSE), value = TRUE)))
out$h5 <- h5_case(file.path(here, "r-keras-2.15-model.h5"), write = TRUE)
out$versions <- list(keras = as.character(packageVersion("keras")), tf = as.character(tensorflow::tf_version()))
saveRDS(out, file.path(dirname(sub("--file=", "", grep("--file=", commandArgs(FALSE), value = TRUE))),
                       "script-functions-r-keras-2.15.rds"), version = 2)
str(out, max.level = 1)
