"""A case's R source is checked and first evaluated in a separate R process, the sandbox.

rbridge's own R (rpy2, embedded in this process) runs without R's C stack check, so a
stranger's expression nested a thousand deep, or a vector of 2^31 elements, would take the
whole verify run down with it. The sandbox is one long-lived ``Rscript`` process (started
once, a quarter of a second) that, for each case:

1. parses each R field with R's own parser and walks the parse tree *iteratively* (an
   explicit stack, no recursion; linear in the source's size): its depth and number of nodes
   within :class:`~.limits.Limits`, then the allow-list (:mod:`.allow_list`);
2. evaluates it where every function that makes a vector (``seq_len``, ``rep``, ``:``,
   ``array``, ``matrix``, ``numeric``, ``seq``, ``c``, ...) first counts the elements it would
   make, and refuses once the case's total passes ``limits.elements``, before R allocates;
3. runs under an address-space limit (``limits.memory_mb``) and a deadline per case
   (``limits.seconds``): past it the process is killed and the case is a case error.

A sandbox that dies or is killed takes only its case with it: the next case starts a new
one. Only source the sandbox evaluated within the limits is then evaluated by rbridge's R.
"""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import threading
from typing import Sequence

from .limits import Limits

# The sandbox's R program. Its arguments: the limits, then the allowed functions, symbols
# and R keras helpers (hex-encoded). Each request is one line: an operation ("check" or
# "eval") and the fields' R source, hex-encoded ("x" + hex), tab-separated; each answer is
# one line, a verdict per field: "OK", or "REFUSED"/"ERROR" and a hex-encoded message.
_R_PROGRAM = r"""
local({
  a <- commandArgs(trailingOnly = TRUE)
  unhex <- function(x) {
    x <- substring(x, 2L, nchar(x))  # substring() stops at 1,000,000 characters unless told
    if (!nzchar(x)) return("")
    s <- rawToChar(as.raw(strtoi(substring(x, seq.int(1L, nchar(x), 2L), seq.int(2L, nchar(x), 2L)), 16L)))
    Encoding(s) <- "UTF-8"
    s
  }
  hex <- function(s) paste(as.character(charToRaw(enc2utf8(s))), collapse = "")
  max_depth <- as.integer(a[[1L]]); max_nodes <- as.integer(a[[2L]]); max_elements <- as.numeric(a[[3L]])
  functions <- strsplit(unhex(a[[4L]]), "\n", fixed = TRUE)[[1L]]
  symbols <- strsplit(unhex(a[[5L]]), "\n", fixed = TRUE)[[1L]]
  helpers <- new.env(parent = baseenv())
  eval(parse(text = unhex(a[[6L]])), helpers)
  count <- function(n) format(n, big.mark = ",", scientific = FALSE, trim = TRUE)

  # ---- the check: parse, then two iterative walks (limits, then the allow-list)
  sentinel <- function(text) structure(list(text), class = "rbridge_refusal")
  check <- function(src) {
    # R's parse data (which says how a name was written) only where a backtick could quote one.
    ticks <- grepl("`", src, fixed = TRUE)
    exprs <- tryCatch(parse(text = src, keep.source = ticks, encoding = "UTF-8"), error = function(e) e)
    if (inherits(exprs, "error")) {
      return(list(paste("R cannot parse it:", gsub("\\s+", " ", conditionMessage(exprs)))))
    }
    if (length(exprs) != 1L) return(list("it must be one R expression"))
    if (ticks) {
      data <- utils::getParseData(exprs)
      quoted <- data$text[data$token %in% c("SYMBOL", "SYMBOL_FUNCTION_CALL", "SYMBOL_SUB") &
                            startsWith(data$text, "`")]
      if (length(quoted)) return(list(paste("backtick-quoted name", quoted[[1L]], "is not allowed in a case file")))
    }
    # Walk 1: depth and size, before anything looks deeper (deparse, eval) at the tree.
    stack <- vector("list", 64L); depths <- integer(64L)
    stack[[1L]] <- exprs[[1L]]; depths[[1L]] <- 1L; top <- 1L; nodes <- 0
    while (top > 0L) {
      node <- stack[[top]]; depth <- depths[[top]]; stack[top] <- list(NULL); top <- top - 1L
      nodes <- nodes + 1
      if (depth > max_depth) return(list(paste0("it nests deeper than ", max_depth,
                                                " calls and operators (--max-depth)")))
      if (nodes > max_nodes) return(list(paste0("it has more than ", count(max_nodes),
                                                " calls, names and values (--max-nodes)")))
      if (is.call(node)) {
        parts <- as.list(node)
        parts <- parts[!vapply(seq_along(parts), function(i) is.symbol(parts[[i]]) && !nzchar(as.character(parts[[i]])), NA)]
        k <- length(parts)
        if (top + k > length(stack)) {
          length(stack) <- 2L * (top + k); length(depths) <- 2L * (top + k)
        }
        if (k) {
          stack[top + seq_len(k)] <- parts; depths[top + seq_len(k)] <- depth + 1L; top <- top + k
        }
      }
    }
    # Walk 2: the allow-list, in the order R would call (a call's head before its arguments).
    stack <- list(exprs[[1L]]); top <- 1L
    while (top > 0L) {
      node <- stack[[top]]; stack[top] <- list(NULL); top <- top - 1L
      if (inherits(node, "rbridge_refusal")) return(list(node[[1L]]))
      if (is.call(node)) {
        head <- node[[1L]]
        if (!is.symbol(head)) {  # a call of a call: name what it calls first (`::`, get(), ...)
          shown <- paste(deparse(head, nlines = 1L), collapse = " ")
          if (nchar(shown) > 60L) shown <- paste0(substr(shown, 1L, 60L), "...")
          stack[[top + 1L]] <- sentinel(paste0("calling the result of ", shown, " is not allowed in a case file"))
          stack[[top + 2L]] <- head; top <- top + 2L
          next
        }
        name <- as.character(head)
        if (!(name %in% functions)) return(list(paste("function", name, "is not allowed in a case file")))
        args <- as.list(node)[-1L]  # a list: indexing a call itself costs its length each time
        for (i in seq_along(args)) if (is.symbol(args[[i]]) && !nzchar(as.character(args[[i]])))
          return(list(paste0("an empty argument in ", name, "() is not allowed in a case file")))
        if (length(args)) {
          stack[top + seq_along(args)] <- rev(args); top <- top + length(args)
        }
      } else if (is.symbol(node)) {
        if (!(as.character(node) %in% symbols))
          return(list(paste("variable", as.character(node), "is not allowed in a case file")))
      } else if (!(is.null(node) || is.atomic(node))) {
        return(list(paste("a value of type", typeof(node), "is not allowed in a case file")))
      }
    }
    exprs
  }

  # ---- evaluation: every function that makes a vector counts its elements first
  used <- 0
  guard <- function(n, name) {
    n <- suppressWarnings(as.numeric(n))
    if (length(n) < 1L || is.na(n[[1L]])) return(invisible())  # base R says what is wrong
    used <<- used + max(n[[1L]], 0)
    if (used > max_elements) {
      stop(sprintf("%s() would make %s elements, and a case may make at most %s in all (--max-elements)",
                   name, count(max(n[[1L]], 0)), count(max_elements)), call. = FALSE)
    }
  }
  arg <- function(dots, name, position) {
    names <- if (is.null(names(dots))) rep("", length(dots)) else names(dots)
    if (name %in% names) return(dots[[match(name, names)]])
    unnamed <- which(!nzchar(names))
    if (length(unnamed) >= position) dots[[unnamed[[position]]]] else NULL
  }
  sizes <- list(
    seq_len = function(length.out) length.out,
    `:` = function(from, to) abs(as.numeric(to)[1L] - as.numeric(from)[1L]) + 1,
    rep = function(x, ...) {
      d <- list(...); times <- arg(d, "times", 1L); length.out <- arg(d, "length.out", 2L)
      each <- arg(d, "each", 3L)
      if (!is.null(length.out) && !is.na(length.out[1L])) return(length.out[1L])
      length(x) * (if (is.null(each)) 1 else as.numeric(each)[1L]) *
        (if (is.null(times)) 1 else if (length(times) == 1L) as.numeric(times) else sum(as.numeric(times)))
    },
    seq = function(from = 1, to = 1, by, length.out = NULL, along.with = NULL, ...) {
      if (!is.null(length.out)) return(length.out[1L])
      if (!is.null(along.with)) return(length(along.with))
      if (!missing(from) && missing(to) && missing(by)) return(if (length(from) == 1L) abs(from) + 1 else length(from))
      if (missing(by)) return(abs(to[1L] - from[1L]) + 1)
      abs((to[1L] - from[1L]) / by[1L]) + 1
    },
    seq_along = function(along.with) length(along.with),
    array = function(data = NA, dim = length(data), dimnames = NULL) prod(as.numeric(dim)),
    matrix = function(data = NA, nrow = 1, ncol = 1, byrow = FALSE, dimnames = NULL) {
      if (missing(nrow) && missing(ncol)) return(length(data))
      if (missing(nrow)) return(ceiling(length(data) / ncol[1L]) * ncol[1L])
      if (missing(ncol)) return(nrow[1L] * ceiling(length(data) / nrow[1L]))
      as.numeric(nrow)[1L] * as.numeric(ncol)[1L]
    },
    numeric = function(length = 0L) length, integer = function(length = 0L) length,
    double = function(length = 0L) length, character = function(length = 0L) length,
    logical = function(length = 0L) length,
    c = function(...) sum(as.numeric(lengths(list(...)))),
    list = function(...) ...length()
  )
  sandbox <- new.env(parent = helpers)
  for (name in names(sizes)) local({
    size <- sizes[[name]]; fn <- get(name, envir = baseenv()); label <- name
    assign(name, function(...) { guard(size(...), label); fn(...) }, envir = sandbox)
  })

  one <- function(op, field) {
    src <- tryCatch(unhex(field), error = function(e) NULL)
    if (is.null(src) || !validUTF8(src)) return(paste("REFUSED", hex("it is not UTF-8 text R can read")))
    exprs <- check(src)
    if (is.list(exprs) && !is.expression(exprs)) return(paste("REFUSED", hex(exprs[[1L]])))
    if (op != "eval") return("OK")
    # A warning is not an answer: evaluation goes on to the end (what follows it may be over a limit).
    problem <- tryCatch(withCallingHandlers({ eval(exprs[[1L]], new.env(parent = sandbox)); NULL },
                                            warning = function(w) invokeRestart("muffleWarning")),
                        error = function(e) conditionMessage(e))
    if (is.null(problem)) "OK" else paste("ERROR", hex(problem))
  }
  input <- file("stdin", open = "r")
  repeat {
    line <- readLines(input, n = 1L, warn = FALSE)
    if (!length(line)) break
    parts <- strsplit(line, "\t", fixed = TRUE)[[1L]]
    used <- 0
    answers <- vapply(parts[-1L], function(field) {
      tryCatch(one(parts[[1L]], field), error = function(e) paste("ERROR", hex(conditionMessage(e))))
    }, "", USE.NAMES = FALSE)
    cat(paste(answers, collapse = "\t"), "\n", sep = "")
    flush(stdout())
  }
})
"""


# How long R may take to start (Rscript, the program parsed, the helpers defined).
_START_SECONDS = 60.0


class SandboxFailure(Exception):
    """The sandbox did not answer: past the deadline (killed), or it stopped."""


def _hex(text: str) -> str:
    return "x" + text.encode("utf-8", "surrogatepass").hex()


def _unhex(text: str) -> str:
    return bytes.fromhex(text).decode("utf-8", "replace")



# The exit statuses of the shell that sets the memory limit when it cannot run Rscript.
_NO_RSCRIPT = (126, 127)
_NO_RSCRIPT_MESSAGE = "R's Rscript could not be started to check it (is R installed, on PATH?)"

class Sandbox:
    """One ``Rscript`` process evaluating case source within ``limits`` (see the module)."""

    def __init__(self, limits: Limits, functions: Sequence[str], symbols: Sequence[str], helpers: str):
        self.limits = limits
        self._args = [str(limits.depth), str(limits.nodes), repr(float(limits.elements)),
                      _hex("\n".join(functions)), _hex("\n".join(symbols)), _hex(helpers)]
        self._process: subprocess.Popen | None = None
        self._buffer = b""
        self._lock = threading.Lock()
        self.starts = 0

    def _start(self) -> subprocess.Popen:
        rscript = shutil.which("Rscript") or os.path.join(os.environ.get("R_HOME", "/usr/lib/R"), "bin", "Rscript")
        # The memory limit is set by a shell before R starts (no preexec_fn: this process runs
        # TensorFlow's threads, and forking them into Python code is not safe).
        # The program travels in the environment: Rscript -e takes lines of at most 10,000 bytes.
        env = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "R_DEFAULT_PACKAGES": "utils",
               "RBRIDGE_SANDBOX_PROGRAM": _R_PROGRAM, "RBRIDGE_SANDBOX_KB": str(self.limits.memory_mb * 1024)}
        self._buffer = b""
        return subprocess.Popen(["/bin/sh", "-c", 'ulimit -v "$RBRIDGE_SANDBOX_KB" && exec "$@"', "sh", rscript,
                                 "--vanilla", "-e", 'eval(parse(text = Sys.getenv("RBRIDGE_SANDBOX_PROGRAM")))',
                                 *self._args],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                env=env, close_fds=True)

    def close(self) -> None:
        """End the sandbox process (the one this object started)."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()

    def _readline(self, process: subprocess.Popen, seconds: float) -> bytes:
        import time

        deadline = time.monotonic() + seconds
        fd = process.stdout.fileno()
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                self.close()
                raise SandboxFailure(f"it took longer than {self.limits.seconds:g} s to check and evaluate "
                                     f"(--case-timeout); the sandbox was stopped")
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                code = process.wait()
                self._process = None
                if code in _NO_RSCRIPT:
                    raise SandboxFailure(_NO_RSCRIPT_MESSAGE)
                why = f"signal {-code}" if code < 0 else f"exit status {code}"
                raise SandboxFailure(f"R stopped while checking or evaluating it ({why}); nothing else was "
                                     f"affected")
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return line

    def run(self, operation: str, sources: Sequence[str]) -> list[tuple[str, str]]:
        """("OK", "") or ("REFUSED" | "ERROR", why) for each source. ``operation``:
        "check" (the allow-list and limits only) or "eval" (then evaluated in the sandbox)."""
        if not sources:
            return []
        request = (operation + "\t" + "\t".join(_hex(s) for s in sources) + "\n").encode("ascii")
        with self._lock:
            started = self._process is None or self._process.poll() is not None
            if started:
                try:
                    self._process = self._start()
                except OSError as exc:
                    raise SandboxFailure(f"R's Rscript could not be started to check it ({exc})") from None
                self.starts += 1
            process = self._process
            try:
                if started:  # R's start-up (a quarter of a second; more on a busy machine) is not the case's time
                    process.stdin.write(b"check\n")
                    process.stdin.flush()
                    self._readline(process, _START_SECONDS)
                process.stdin.write(request)
                process.stdin.flush()
            except (BrokenPipeError, OSError):
                # The shell may have failed to start Rscript before the request was written:
                # its exit status says so (whichever of the write and the read sees it first).
                try:
                    code = process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    code = None
                self.close()
                if code in _NO_RSCRIPT:
                    raise SandboxFailure(_NO_RSCRIPT_MESSAGE) from None
                raise SandboxFailure("R stopped before reading it; nothing else was affected") from None
            line = self._readline(process, self.limits.seconds)
        answers = []
        for part in line.decode("ascii", "replace").split("\t"):
            verdict, _, message = part.partition(" ")
            try:
                answers.append((verdict, _unhex(message)))
            except ValueError:
                answers.append(("ERROR", "the sandbox answered in a form rbridge does not read"))
        if len(answers) != len(sources) or any(v not in ("OK", "REFUSED", "ERROR") for v, _ in answers):
            self.close()
            raise SandboxFailure("the sandbox answered in a form rbridge does not read; it was stopped")
        return answers
