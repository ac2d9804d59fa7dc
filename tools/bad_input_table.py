"""Write docs/bad-inputs.md: every bad value tried for every argument of every function of
the family (tests/python/bad_inputs.py, generated from the specs), and what rbridge does
with it, as an R object, taken from a real run; then layer_conv_1d_transpose's detailed
matrix, accepted values included.

    python tools/bad_input_table.py          # rewrite the table
    python tools/bad_input_table.py --check  # exit 1 if it is out of date

Either way it exits 1 when a row is a bug: a bad value of the family accepted, or anything but
an rbridge error raised (a crash), or a matrix value whose outcome is not its verdict. The
whole table runs in a few seconds; CI runs it in each kernel mode (scripts/test.sh).
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "python"))

from bad_inputs import DOTS, MATRIX, WITHOUT_INPUT, base_arguments, family_cases, object_source  # noqa: E402
from test_bad_inputs import family_call, run_case  # noqa: E402

from rbridge import RArgumentError, RMissingArgumentError, RUnknownArgumentError  # noqa: E402
from rbridge.specs import SPECS  # noqa: E402

TARGET = ROOT / "docs" / "bad-inputs.md"
RBRIDGE_ERRORS = (RArgumentError, RMissingArgumentError, RUnknownArgumentError)
RBRIDGE_ERROR_NAMES = tuple(e.__name__ for e in RBRIDGE_ERRORS)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _outcome(result) -> tuple[str, str]:
    if isinstance(result, RBRIDGE_ERRORS):
        return type(result).__name__, str(result)
    if isinstance(result, Exception):  # a crash: shown as such, and the test fails on it
        return f"**crash: {type(result).__module__}.{type(result).__name__}**", str(result)
    shape = getattr(result, "shape", None)
    return "**accepted**", f"output shape {tuple(shape)}" if shape is not None else type(result).__name__


def family_section(bugs: list[str]) -> list[str]:
    """The family's rows; each accepted or crashing call is added to ``bugs``."""
    cases = family_cases()
    rows: dict[str, list[str]] = {name: [] for name in SPECS}
    tally: Counter = Counter()
    for function, argument, source in cases:
        outcome, text = _outcome(family_call(function, argument, source))
        tally[outcome] += 1
        value = source if argument == DOTS else f"{argument} = {source}"
        if not outcome.startswith(RBRIDGE_ERROR_NAMES):
            bugs.append(f"{function}({value}): {outcome.strip('*')}: {text}")
        rows[function].append(f"| `{argument}` | `{_cell(value)}` | {outcome} | {_cell(text)} |")
    summary = ", ".join(f"{n} {outcome}" for outcome, n in sorted(tally.items()))
    lines = [
        "## The family: every argument of every function",
        "",
        f"{len(cases)} calls ({summary}), each with one argument bad and the others valid: the "
        "required ones as below, `object` a valid array (batch 1, 5 along each spatial axis, 3 "
        "channels; a time axis of 2 for `layer_conv_lstm_2d`), none for `input_shape`, "
        "`batch_input_shape` and `batch_size`. The bad values are generated from each argument's "
        "coercer in the spec (`bad_values()` in `tests/python/bad_inputs.py`). `...` rows: an "
        "argument the function does not have, or, for `layer_depthwise_conv_1d()`, what its "
        "`...` passes on to Keras. *accepted* or *crash* in the third column is a bug: "
        "`tests/python/test_bad_inputs.py` fails on it.",
        "",
    ]
    for function, spec in SPECS.items():
        base = ", ".join(f"{k} = {v}" for k, v in base_arguments(spec).items())
        lines += [f"### {function}()", "",
                  f"`{function}({object_source(spec)}{', ' + base if base else ''}, <bad value>)`", "",
                  "| Argument | R value | rbridge | Message or result |", "|---|---|---|---|", *rows[function], ""]
    return lines


def matrix_section(bugs: list[str]) -> list[str]:
    """layer_conv_1d_transpose's matrix; each value whose outcome is not its verdict is added
    to ``bugs``."""
    lines = [
        "## layer_conv_1d_transpose(): the detailed matrix, accepted values too",
        "",
        "Each call is `layer_conv_1d_transpose(<object>, filters = 2, kernel_size = 3, "
        "<argument> = <value>)` with `object` a 1 x 5 x 3 array (none for the shape arguments; "
        "`strides = 3` for `output_padding`). *accepted* means R keras accepts it too.",
        "",
        "| Argument | R value | rbridge | Message or result |",
        "|---|---|---|---|",
    ]
    for argument, verdicts in MATRIX.items():
        for verdict, sources in verdicts.items():
            for source in sources:
                result, warned = run_case(argument, source)
                if isinstance(result, Exception):
                    outcome = "error"
                    text = str(result)
                else:
                    outcome = "accepted"
                    shape = getattr(result, "shape", None)
                    text = f"output shape {tuple(shape)}" if shape is not None else type(result).__name__
                if warned:
                    text += f" (R warning: {warned[0].split(' (in')[0]})"
                if (outcome == "error") != (verdict == "error") or \
                        (outcome == "error" and not isinstance(result, RBRIDGE_ERRORS)):
                    bugs.append(f"layer_conv_1d_transpose({argument} = {source}): expected {verdict}, "
                                f"got {type(result).__name__ if outcome == 'error' else outcome}: {text}")
                lines.append(f"| `{argument}` | `{_cell(source)}` | {outcome} | {_cell(text)} |")
    return lines


def table(bugs: list[str]) -> str:
    assert WITHOUT_INPUT  # (imported for the record: the shape arguments are tried without an object)
    lines = [
        "# Bad inputs and what they get",
        "",
        "Generated by `python tools/bad_input_table.py` from a real run of `tests/python/bad_inputs.py` "
        "(R objects through rpy2, on Keras 3); `tests/python/test_bad_inputs.py` runs every row with "
        "the R object and with its Python equivalent, and checks that the error names the R argument, "
        "comes before any layer is made (except where only the input can tell: `object`, `weights`, "
        "a cropping larger than the input) and leaves a Sequential model given as `object` unchanged.",
        "",
        *family_section(bugs),
        *matrix_section(bugs),
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    bugs: list[str] = []
    text = table(bugs)
    status = 0
    if "--check" in argv:
        if not TARGET.exists() or TARGET.read_text() != text:
            print(f"out of date: {TARGET.relative_to(ROOT)} (run python tools/bad_input_table.py)")
            status = 1
    else:
        TARGET.write_text(text)
    if bugs:  # the table documents them; it never certifies them
        print(f"{len(bugs)} bad-input bug(s): accepted, crashing, or not as the matrix says:")
        print("\n".join(f"  {bug}" for bug in bugs))
        status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
