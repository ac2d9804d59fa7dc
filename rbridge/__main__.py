"""``python -m rbridge verify``: replay R keras cases through rbridge and report agreement.

    .venv/bin/python -m rbridge verify                       # every bundled recorded case
    .venv/bin/python -m rbridge verify numeric_float64 basic_missing --report out.html
    .venv/bin/python -m rbridge verify --cases my_cases/ --python-values
    .venv/bin/python -m rbridge verify --function layer_conv_2d --function layer_cropping_2d
    .venv/bin/python -m rbridge verify --live                # against R keras itself, when installed

Case files are data: their R source (``args``, ``input``, ``set_weights``) may use only
literals, c(), list(), array(), seq_len(), rep(), arithmetic, maths functions, as.integer()
and friends and R keras's initializer_*/regularizer_*/constraint_* helpers; anything else is
refused before it runs. ``--trust-cases`` evaluates them as full R, for cases you wrote or
trust: such a case can do anything your user can (read and write files, run programs).

A case file is a stranger's data: verify reads it within limits (file size, JSON nesting,
R source length, expression depth, elements made, seconds and memory per case; see
docs/case-format.md, "Limits"), and a case over one is a case error while the others run.
Raise a limit with its flag (--max-elements N, --case-timeout S, ...).

Exit status: 0 when every case agrees, 1 on any mismatch or case that could not be run
(a malformed or refused case file), 2 on bad usage.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys

from .verify.limits import DEFAULT, FLAGS


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m rbridge", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    verify = commands.add_parser("verify", help="compare rbridge with R keras 2.15.0 case by case")
    verify.add_argument("ids", nargs="*", metavar="CASE", help="case ids to run (default: all)")
    verify.add_argument("--cases", metavar="PATH",
                        help="a folder of case JSON files or one file (default: the bundled recorded fixtures)")
    verify.add_argument("--trust-cases", action="store_true",
                        help="evaluate the cases' R source with R's full evaluator; only for cases you trust "
                             "(by default only literals, c(), list(), array(), arithmetic, maths and R keras's "
                             "initializer/regularizer/constraint helpers are allowed)")
    verify.add_argument("--python-values", action="store_true",
                        help="pass plain Python values instead of the R objects rpy2 gives")
    which = verify.add_mutually_exclusive_group()
    which.add_argument("--live", action="store_true",
                       help="compare with R keras run now, in this process (needs R keras and Keras 2); "
                            "falls back to the recorded results, saying why, when it cannot run")
    which.add_argument("--recorded", action="store_true", help="compare with the recorded results (default)")
    verify.add_argument("--r-keras", metavar="PACKAGE_OR_FILE", default="keras",
                        help="for --live: the R package (default keras) or an R file defining its functions")
    verify.add_argument("--report", metavar="FILE", help="also write the table to FILE (.html, .csv or .json)")
    verify.add_argument("--function", action="append", metavar="NAME", dest="functions",
                        help="only the cases of this R function (layer_conv_2d, ...); may be repeated")
    verify.add_argument("--quiet", action="store_true", help="no progress line")
    verify.add_argument("--all-rows", action="store_true",
                        help="a line for every case (default: the summary and the cases that do not agree)")
    limits = verify.add_argument_group("limits on each case file (a case over one is a case error)")
    for name, flag in FLAGS.items():
        default = getattr(DEFAULT, name)
        limits.add_argument(flag, type=type(default), default=default, metavar="N", dest=f"limit_{name}",
                            help=f"{_LIMIT_HELP[name]} (default {default:,})")
    return parser


_LIMIT_HELP = {"file_bytes": "bytes of one case file", "json_depth": "nesting of JSON objects and lists",
               "source_chars": "characters of R source in one field", "depth": "nesting of one R expression",
               "nodes": "calls, names and values in one R expression",
               "elements": "elements all the vectors of one case may hold, checked before R allocates them",
               "seconds": "seconds to check and evaluate one case's R source",
               "memory_mb": "MiB of memory for the R process that evaluates case source"}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    from .specs import SPECS

    unknown = sorted(set(args.functions or ()) - set(SPECS))
    if unknown:
        print(f"rbridge verify: --function {unknown[0]!r} is not one of the family's functions "
              f"({', '.join(SPECS)})", file=sys.stderr)
        return 2
    # TensorFlow's start-up lines, once (TensorFlow 2.21 prints them twice in a process, and
    # past TF_CPP_MIN_LOG_LEVEL): held while it loads and said once, as the R package does.
    from .from_r import import_tensorflow_quietly

    import_tensorflow_quietly()

    from .errors import RBridgeError
    from .verify import load_cases, report, verify
    from .verify.report import escape

    limits = dataclasses.replace(DEFAULT, **{name: getattr(args, f"limit_{name}") for name in FLAGS})

    if args.report and not args.report.endswith(report.SUFFIXES):
        print(f"rbridge verify: --report must end in .html, .csv or .json, not {args.report!r}", file=sys.stderr)
        return 2
    # A progress line that rewrites itself on a terminal; nothing in a log file.
    show_progress = not args.quiet and sys.stderr.isatty()

    def progress(i: int, n: int, row: dict) -> None:
        if show_progress:
            print(f"\r[{i}/{n}] {escape(row['id'])[:40]:<40}", end="" if i < n else "\n", file=sys.stderr, flush=True)

    mode = "recorded"
    if args.live:
        from .verify.live import live_status

        available, reason = live_status(args.r_keras)
        if available:
            mode = "live"
        else:
            print(f"rbridge verify: live mode skipped: {reason}. Comparing with the recorded results.",
                  file=sys.stderr)
    try:  # live mode makes each case's truth now: its recorded result is not needed
        cases = load_cases(args.cases, args.ids or None, need_result=mode != "live", functions=args.functions,
                           limits=limits)
    except RBridgeError as exc:
        print(f"rbridge verify: {escape(exc)}", file=sys.stderr)
        return 2
    malformed = sum(1 for case in cases if case.get("_errors"))
    print(f"rbridge verify: {len(cases)} case(s), "
          f"{'Python values' if args.python_values else 'R objects through rpy2'}, "
          f"against {'R keras live (' + args.r_keras + ')' if mode == 'live' else 'the expected results in the case files'}"
          f"{f', {malformed} of them malformed' if malformed else ''}"
          f"{'; R source evaluated in full (--trust-cases)' if args.trust_cases else ''}",
          file=sys.stderr)
    values = "python" if args.python_values else "r"
    truth = None
    if mode == "live":
        from .verify.live import record

        def truth(case: dict) -> dict:
            return record(case, args.r_keras)
    frame = verify(cases, values=values, progress=progress, truth=truth, mode=mode, trust_cases=args.trust_cases,
                   limits=limits)
    print(report.as_text(frame, all_rows=args.all_rows))
    if args.report:
        print(f"report written to {escape(report.write(frame, args.report))}")
    return 0 if bool(frame["ok"].all()) else 1


def _exit(code: int) -> None:
    """Exit with ``code``. After live mode (the real R keras, reticulate and TensorFlow embedded in
    this process, besides rbridge's own TensorFlow use), the interpreter's teardown can crash in
    their finalizers: once in CI, the process died of SIGSEGV after its report was written and
    its rows were right. The work is done and flushed then: leave without the teardown."""
    live = sys.modules.get("rbridge.verify.live")
    if live is not None and getattr(live, "_runners", None):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    _exit(main())
