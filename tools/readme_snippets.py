"""Run every ```python and ```r block of the README, each on its own, as a user would.

    .venv/bin/python tools/readme_snippets.py            # run them all; exit 1 if any fails
    .venv/bin/python tools/readme_snippets.py --list     # show the blocks found, run nothing

Python blocks run with the repository's ``.venv/bin/python``, R blocks with ``Rscript``, each
from a fresh temporary directory (so nothing relies on the repository being the working
directory) with ``TF_CPP_MIN_LOG_LEVEL=2``. A README without any Python or R block is a
failure too: the extraction must not silently find nothing. Blocks in other languages (``sh``,
plain text) are not run.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"^```(python|r)[ \t]*\n(.*?)^```[ \t]*$", re.M | re.S)


def blocks(text: str) -> list[tuple[str, int, str]]:
    """(language, line number of the opening fence, code) for each ```python / ```r block."""
    return [(m.group(1), text.count("\n", 0, m.start()) + 1, m.group(2)) for m in BLOCK.finditer(text)]


def command(language: str, script: Path) -> list[str]:
    if language == "python":
        return [str(ROOT / ".venv" / "bin" / "python"), str(script)]
    return ["Rscript", str(script)]


def run(language: str, code: str, timeout: float) -> tuple[bool, str, float]:
    """Run one block from a new temporary directory: (passed, its output, seconds)."""
    with tempfile.TemporaryDirectory(prefix="readme-snippet-") as work:
        script = Path(work) / ("snippet.py" if language == "python" else "snippet.R")
        script.write_text(code)
        env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": os.environ.get("TF_CPP_MIN_LOG_LEVEL", "2")}
        started = time.perf_counter()
        try:
            done = subprocess.run(command(language, script), cwd=work, env=env, capture_output=True,
                                  text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return False, f"timed out after {timeout:.0f} s", time.perf_counter() - started
        return done.returncode == 0, done.stdout + done.stderr, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--readme", default=str(ROOT / "README.md"), help="the file to check (default README.md)")
    parser.add_argument("--list", action="store_true", help="list the blocks found; run nothing")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per block (default 300)")
    args = parser.parse_args(argv)

    readme = Path(args.readme)
    found = blocks(readme.read_text())
    languages = {language for language, _, _ in found}
    if languages != {"python", "r"}:
        print(f"readme_snippets: {readme} has no ```{' or ```'.join(sorted({'python', 'r'} - languages))} "
              "block: nothing to check", file=sys.stderr)
        return 1
    failed = 0
    for language, line, code in found:
        where = f"{readme.name}:{line} ({language})"
        if args.list:
            print(f"{where}: {len(code.splitlines())} lines")
            continue
        passed, output, seconds = run(language, code, args.timeout)
        print(f"{'ok  ' if passed else 'FAIL'} {where} {seconds:.1f} s", flush=True)
        if not passed:
            failed += 1
            print("\n".join("    " + l for l in output.strip().splitlines()[-25:]), file=sys.stderr)
    if failed:
        print(f"readme_snippets: {failed} of {len(found)} README snippets failed", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
