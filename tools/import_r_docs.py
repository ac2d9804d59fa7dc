"""Copy every spec's help text from R keras 2.15's own Rd pages into
rbridge/specs/r_keras_docs.json (title, description, each argument, sections, See Also).
A function's page is found by its \\alias, so any R keras function's page is read,
whichever Rd file documents it.

    python tools/import_r_docs.py [--tarball ../shared/r-src/keras_2.15.0.tar.gz] [--check]

The specs read the JSON; the R help pages and the Python docstrings are made from it.
R keras 2.15.0 is MIT-licensed (the tarball's LICENSE).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rbridge.specs.docs import _braced, rd_to_text  # noqa: E402

OUT = ROOT / "rbridge" / "specs" / "r_keras_docs.json"
DEFAULT_TARBALL = ROOT.parent / "shared" / "r-src" / "keras_2.15.0.tar.gz"


def _sections(rd: str) -> dict:
    """The top-level Rd sections of one page, as Rd source."""
    page: dict = {"arguments": {}, "sections": []}
    i = 0
    while i < len(rd):
        if rd[i] == "%":
            i = rd.find("\n", i) + 1 or len(rd)
            continue
        if rd[i] != "\\":
            i += 1
            continue
        brace = rd.find("{", i)
        tag = rd[i + 1:brace]
        body, i = _braced(rd, brace)
        if tag == "arguments":
            j = 0
            while (j := body.find("\\item{", j)) >= 0:
                name, after = _braced(body, j + 5)
                text, j = _braced(body, after)
                for one in name.split(","):  # \item{embeddings_regularizer, activity_regularizer}{...}
                    page["arguments"][one.strip()] = text.strip()
        elif tag == "section":
            text, i = _braced(rd, i)
            page["sections"].append([body.strip(), text.strip()])
        elif tag in ("title", "description", "details", "references", "note", "seealso"):
            page[tag] = body.strip()
    return page


def _with_text(page: dict) -> dict:
    """The page plus its plain text (for Python docstrings), converted once here rather than
    at every ``import rbridge``."""
    text = {key: rd_to_text(page[key]) for key in ("title", "description") if key in page}
    text["arguments"] = {name: rd_to_text(rd) for name, rd in page["arguments"].items()}
    return {**page, "text": text}


def _alias_index(tar: tarfile.TarFile) -> dict[str, str]:
    """Each documented name -> the Rd file whose \\alias it is."""
    index: dict[str, str] = {}
    pages = [m.name for m in tar.getmembers() if m.name.startswith("keras/man/") and m.name.endswith(".Rd")]
    for page in pages:
        for alias in re.findall(r"\\alias\{([^}]*)\}", tar.extractfile(page).read().decode()):
            index.setdefault(alias, page)
    # A function's own page (man/<name>.Rd) first.
    index.update({page[len("keras/man/"):-len(".Rd")]: page for page in pages})
    return index


def read_docs(tarball: Path, names: list[str]) -> dict:
    with tarfile.open(tarball) as tar:
        index = _alias_index(tar)
        missing = [name for name in names if name not in index]
        if missing:
            raise SystemExit(f"no R keras 2.15 help page documents {', '.join(missing)}")
        return {name: _with_text(_sections(tar.extractfile(index[name]).read().decode())) for name in names}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tarball", type=Path, default=DEFAULT_TARBALL)
    parser.add_argument("--check", action="store_true", help="exit 1 if the JSON differs from the tarball's pages")
    args = parser.parse_args(argv)
    from rbridge.specs import SPECS

    text = json.dumps(read_docs(args.tarball, sorted(SPECS)), indent=1, sort_keys=True) + "\n"
    if args.check:
        if OUT.read_text() != text:
            print(f"out of date: {OUT.relative_to(ROOT)} (run python tools/import_r_docs.py)")
            return 1
        return 0
    OUT.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
