# Shows the hazard rbridge guards against (see R/handoff.R): reticulate garbage met by an
# R garbage collection that starts inside rpy2. Expected to abort the process.
library(reticulate)
reticulate::py_run_string("
import logging, warnings
logging.getLogger('rpy2.rinterface_lib.embedded').setLevel(logging.ERROR)
with warnings.catch_warnings():
    warnings.simplefilter('ignore')
    import rpy2.rinterface as ri
    ri.initr_simple()
class Thing:
    pass
def make():
    return Thing()
def r_gc():
    ri.baseenv['gc']()
")
main <- reticulate::import_main(convert = FALSE)
for (i in 1:200) x <- main$make()
rm(x)
main$r_gc()
cat("survived\n")
