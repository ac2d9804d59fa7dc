"""Record R keras cases from the real R keras 2.15.0, run in this process (rbridge.live).

    bash tools/record-fixtures.sh                 # re-record every fixture and the added cases
    bash tools/record-fixtures.sh numeric_s1_valid engine_float64_channels_first
    bash tools/record-fixtures.sh --function layer_conv_2d --function layer_cropping_3d
    bash tools/record-fixtures.sh --out /tmp/onednn-off   # e.g. with TF_ENABLE_ONEDNN_OPTS=0, to compare

The truth can so be regenerated and grown: a case is defined by its R source (``id``,
``function``, ``about``, ``object``, ``args``, ``input``, ``set_weights``), in an existing
fixture, in tests/fixtures/cases_added.json (layer_conv_1d_transpose) or in
tests/fixtures/cases_family.json (every function of the family), and its ``result`` is
what R keras does now. A case of the seed's function is written to ``<id>.json``, any
other to ``<function>__<id>.json``. Needs
Keras 2 (.venv-keras2) and R keras on R_LIBS (scripts/setup-r-keras.sh);
tools/record-fixtures.sh sets both up and records in oneDNN mode, as the original
recordings were made.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "r-keras-2.15"
ADDED = ROOT / "tests" / "fixtures" / "cases_added.json"
FAMILY = ROOT / "tests" / "fixtures" / "cases_family.json"
DEFINITION = ("id", "function", "about", "object", "args", "input", "set_weights", "training")
SEED_FUNCTION = "layer_conv_1d_transpose"


def definitions() -> list[dict]:
    cases = {c["id"]: {k: c.get(k) for k in DEFINITION} for c in
             (json.loads(f.read_text()) for f in sorted(FIXTURES.glob("*.json")))}
    # cases_added.json, cases_family.json, and any other tests/fixtures/cases_<group>.json
    # (one file per group of functions or concern, so that groups grow independently).
    for source in [ADDED, FAMILY, *sorted(set(ADDED.parent.glob("cases_*.json")) - {ADDED, FAMILY})]:
        for case in json.loads(source.read_text()):
            cases[case["id"]] = {k: case.get(k) for k in DEFINITION}
    return list(cases.values())


def file_name(case: dict) -> str:
    """``<id>.json`` for the seed's function (the first recordings), else ``<function>__<id>.json``."""
    function = case.get("function") or SEED_FUNCTION
    return f"{case['id']}.json" if function == SEED_FUNCTION and not case.get("function") else \
        f"{function}__{case['id']}.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ids", nargs="*", help="case ids (default: all)")
    parser.add_argument("--function", action="append", default=[], metavar="NAME",
                        help="only this function's cases (repeatable), e.g. layer_conv_2d")
    parser.add_argument("--out", metavar="DIR", help=f"write the recordings here (default {FIXTURES})")
    args = parser.parse_args(argv)
    out_dir = Path(args.out) if args.out else FIXTURES
    out_dir.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    sys.path.insert(0, str(ROOT))
    from rbridge.live import live_status, record
    from rbridge.verify import evaluate_r

    available, reason = live_status("keras")
    if not available:
        print(f"record_fixtures: cannot run R keras: {reason}", file=sys.stderr)
        return 2
    import tensorflow as tf

    cases = [c for c in definitions() if (not args.ids or c["id"] in args.ids)
             and (not args.function or (c.get("function") or SEED_FUNCTION) in args.function)]
    versions = {
        "r_keras_version": str(evaluate_r('format(packageVersion("keras"))')[0]),
        "tf_version": tf.__version__,
        "r_version": str(evaluate_r("R.version.string")[0]),
        "reticulate_version": str(evaluate_r('format(packageVersion("reticulate"))')[0]),
        "platform": platform.machine(),
    }
    for i, case in enumerate(cases, 1):
        recorded = record(case)
        recorded["result"].pop("seconds", None)
        recorded.pop("recorded_by", None)
        out = {**{k: v for k, v in case.items() if v is not None}, **versions, "result": recorded["result"]}
        (out_dir / file_name(case)).write_text(json.dumps(out, indent=1) + "\n")
        print(f"[{i}/{len(cases)}] {case['id']}: {recorded['result']['kind']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
