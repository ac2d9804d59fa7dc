# Whether rbridge's Python can be used in this session (quietly): help-page examples run
# only where it can, so that R CMD check passes on a machine without it.
python_available <- function() {
  !inherits(try(use_rbridge_python(), silent = TRUE), "try-error")
}
