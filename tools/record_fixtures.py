"""Record R keras cases from the real R keras 2.15.0, run in this process (rbridge.live).

    bash tools/record-fixtures.sh                 # re-record every fixture and the added cases
    bash tools/record-fixtures.sh numeric_s1_valid engine_float64_channels_first

The truth can so be regenerated and grown: a case is defined by its R source (``id``,
``about``, ``object``, ``args``, ``input``, ``set_weights``), in an existing fixture or
in tests/fixtures/cases_added.json, and its ``result`` is what R keras does now. Needs
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
DEFINITION = ("id", "about", "object", "args", "input", "set_weights")


def definitions() -> list[dict]:
    cases = {c["id"]: {k: c.get(k) for k in DEFINITION} for c in
             (json.loads(f.read_text()) for f in sorted(FIXTURES.glob("*.json")))}
    for case in json.loads(ADDED.read_text()):
        cases[case["id"]] = {k: case.get(k) for k in DEFINITION}
    return list(cases.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ids", nargs="*", help="case ids (default: all)")
    args = parser.parse_args(argv)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    sys.path.insert(0, str(ROOT))
    from rbridge.live import live_status, record
    from rbridge.verify import evaluate_r

    available, reason = live_status("keras")
    if not available:
        print(f"record_fixtures: cannot run R keras: {reason}", file=sys.stderr)
        return 2
    import tensorflow as tf

    cases = [c for c in definitions() if not args.ids or c["id"] in args.ids]
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
        (FIXTURES / f"{case['id']}.json").write_text(json.dumps(out, indent=1) + "\n")
        print(f"[{i}/{len(cases)}] {case['id']}: {recorded['result']['kind']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
