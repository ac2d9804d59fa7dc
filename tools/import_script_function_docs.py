"""Write the help pages (man/*.Rd) of R keras 2.15's script functions that rbridge ports
(R/rk-*.R, R/model.R's batch verbs): R keras 2.15's own title, description, arguments and value
(from the Rd pages in its source tarball, MIT licence; links to pages rbridge lacks keep their
text), and the usage of rbridge's functions as R reports their formals, so that R CMD check's
code/documentation comparison holds.

    Rscript -e '...' (run by this tool) ; python tools/import_script_function_docs.py NAME...

Pages keep R keras's file names; one that would overwrite a page of rbridge's own is skipped.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARBALL = ROOT.parent / "shared" / "r-src" / "keras_2.15.0.tar.gz"
MARK = "% Imported from R keras 2.15.0's help (MIT licence) by tools/import_script_function_docs.py\n"

# What a page says of the function on Keras 3 where that is more than a rename or an error.
KERAS3_NOTES = {
    "save_model_tf.Rd": (
        "On Keras 3, \\code{save_model_tf()} writes a SavedModel directory (TensorFlow serves it) "
        "with the whole model, optimizer state included, in its file \\code{rbridge_model.keras}, "
        "which \\code{load_model_tf()} reads back. A SavedModel directory written by Keras 2 (R keras "
        "2.15 itself) cannot be loaded as a model on Keras 3: save it with \\code{save_model_hdf5()} "
        "there, or read it for inference with \\code{keras$layers$TFSMLayer()}."),
    "image_data_generator.Rd": (
        "On Keras 3, which dropped \\code{ImageDataGenerator} from its public API, the generator is "
        "the copy Keras 3 keeps (\\code{keras.src.legacy.preprocessing.image}): the same code, "
        "the same transforms and the same random draws for a seed as Keras 2.15's. Its transforms "
        "need the SciPy Python package, and image files Pillow, as on Keras 2.15."),
    "image_to_array.Rd": (
        "\\code{image_array_resize(data_format = \"channels_first\")}, an error in R keras 2.15 "
        "(a trailing empty argument), resizes the image's 2nd and 3rd dimensions."),
}


def braced(text: str, start: int) -> tuple[str, int]:
    """The content of the {...} group opening at text[start], and the index after it."""
    assert text[start] == "{", text[start:start + 20]
    depth, i = 0, start
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text) and text[i + 1] in "{}%\\":
            i += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return text[start + 1:i], i + 1
        i += 1
    raise ValueError("unbalanced braces")


def section(rd: str, tag: str) -> str | None:
    m = re.search(r"^\\" + tag + r"\{", rd, re.M)
    if not m:
        return None
    return braced(rd, m.end() - 1)[0]


def items(arguments: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in re.finditer(r"\\item\{", arguments):
        name, end = braced(arguments, m.end() - 1)
        if end < len(arguments) and arguments[end] == "{":
            text, _ = braced(arguments, end)
            for n in name.split(","):
                out[n.strip()] = text.strip()
    return out


def unlink(text: str) -> str:
    text = re.sub(r"\\link\[[^\]]*\]\{([^{}]*)\}", r"\1", text)
    text = re.sub(r"\\link\{([^{}]*)\}", r"\1", text)
    text = re.sub(r"\\href\{[^{}]*\}\{([^{}]*)\}", r"\1", text)
    text = re.sub(r"\\url\{([^{}]*)\}", r"\\verb{\1}", text)
    return text


def r_usages(names: list[str]) -> dict[str, str]:
    code = r"""
    ns <- asNamespace("rbridge"); names <- jsonlite::fromJSON(file("stdin"))
    usage <- function(n) {
      f <- get(n, ns); a <- formals(f)
      parts <- vapply(names(a), function(p) {
        if (identical(a[[p]], quote(expr = ))) p else paste(p, "=", paste(deparse(a[[p]], width.cutoff = 500L), collapse = " "))
      }, "")
      list(usage = paste0(n, "(", paste(parts, collapse = ", "), ")"), args = I(as.character(names(a))))
    }
    cat(jsonlite::toJSON(setNames(lapply(names, usage), names), auto_unbox = TRUE))
    """
    out = subprocess.run(["Rscript", "-e", code], input=json.dumps(names), capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main(names: list[str]) -> int:
    with tarfile.open(TARBALL) as tar:
        pages = {Path(m.name).name: tar.extractfile(m).read().decode() for m in tar.getmembers()
                 if m.name.startswith("keras/man/") and m.name.endswith(".Rd")}
    where: dict[str, list[str]] = {}
    for name in names:
        page = next((p for p, rd in pages.items() if re.search(r"\\alias\{" + re.escape(name) + r"\}", rd)), None)
        if page is None:
            print(f"no R keras page for {name}", file=sys.stderr)
            continue
        where.setdefault(page, []).append(name)
    usages = r_usages(names)
    for page, functions in sorted(where.items()):
        target = ROOT / "man" / page
        if target.exists() and not target.read_text().startswith(MARK):
            print(f"skipped {page}: a page of rbridge's own", file=sys.stderr)
            continue
        rd = pages[page]
        title = unlink(" ".join((section(rd, "title") or functions[0]).split()))
        description = unlink((section(rd, "description") or "").strip())
        value = section(rd, "value")
        documented = items(section(rd, "arguments") or "")
        args: list[str] = []
        for f in functions:
            args += [a for a in usages[f]["args"] if a not in args]
        lines = [MARK.rstrip("\n"), f"\\name{{{page[:-3]}}}"]
        lines += [f"\\alias{{{f}}}" for f in functions]
        lines.append(f"\\title{{{title}}}")
        lines.append("\\usage{\n" + "\n\n".join(usages[f]["usage"] for f in functions) + "\n}")
        if args:
            lines.append("\\arguments{")
            for a in args:
                text = unlink(documented.get(a, "As in R keras 2.15 (passed on to Keras)."))
                lines.append(f"\\item{{{a}}}{{{text}}}")
            lines.append("}")
        if value:
            lines.append("\\value{" + unlink(value.strip()) + "}")
        lines.append("\\description{\n" + description + "\n\nR keras 2.15.0's function, ported to rbridge with its "
                     "signature and argument handling; on Keras 3, what Keras 3 renamed is translated and what "
                     "it cannot do is an rbridge error saying what to use instead."
                     + ("\n\n" + KERAS3_NOTES[page] if page in KERAS3_NOTES else "") + "\n}")
        text = "\n".join(lines) + "\n"
        text = text.replace("%<-%", "\\%<-\\%")
        target.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
