"""Help text from R keras 2.15's Rd pages: plain text for Python docstrings.

``r_keras_docs.json`` keeps each function's Rd fragments as R keras wrote them (for the R
help pages); :func:`rd_to_text` turns a fragment into plain text (``\\code{x}`` -> ```x```).
"""

from __future__ import annotations

import re

from .base import LayerSpec

_MARKUP = re.compile(r"\\(code|verb|emph|strong|link|var|env|file|pkg|samp|dQuote|sQuote)\{")


def _braced(text: str, start: int) -> tuple[str, int]:
    """The text inside the braces that open at ``start`` and the index after them."""
    depth, i = 0, start
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text) and text[i + 1] in "{}\\%":
            i += 2
            continue
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return text[start + 1:i], i + 1
        i += 1
    return text[start + 1:], len(text)


def rd_to_text(rd: str) -> str:
    """An Rd fragment as plain text: code in backticks, links as their text, lists as lines."""
    out, i = [], 0
    while i < len(rd):
        if rd.startswith("\\href{", i):
            _, after = _braced(rd, i + 5)
            label, i = _braced(rd, after)
            out.append(rd_to_text(label))
            continue
        if rd.startswith("\\item", i) and not rd.startswith("\\itemize", i):
            out.append("\n- ")
            i += 5
            continue
        if rd.startswith("\\itemize{", i) or rd.startswith("\\enumerate{", i):
            inner, i = _braced(rd, rd.index("{", i))
            out.append(rd_to_text(inner))
            continue
        match = _MARKUP.match(rd, i)
        if match:
            inner, i = _braced(rd, match.end() - 1)
            text = rd_to_text(inner)
            out.append(f"``{text}``" if match.group(1) in ("code", "verb", "samp") else text)
            continue
        if rd[i] == "\\" and i + 1 < len(rd) and rd[i + 1] in "{}%\\":
            out.append(rd[i + 1])
            i += 2
            continue
        out.append(rd[i])
        i += 1
    return re.sub(r"[ \t]*\n[ \t]*(?!- )", " ", "".join(out)).strip()


def docstring(spec: LayerSpec) -> str:
    """A NumPy-style docstring: R keras's title and description, the R usage, each argument."""
    text = spec.docs.get("text", {})  # R keras's Rd as plain text (tools/import_r_docs.py)
    arguments = text.get("arguments", {})
    lines = [text.get("title") or spec.r_name, ""]
    if text.get("description"):
        lines += [text["description"], ""]
    lines += [
        f"R keras 2.15's ``{spec.r_name}()`` with its signature and semantics, on Keras's "
        f"``{spec.keras_class}``. Every argument may be a plain Python value or an R object from "
        "rpy2; R's rules apply (as.integer truncation, NULL/NA, shapes as vectors or lists).",
        "", "R usage::", "",
    ]
    lines += ["    " + line for line in spec.r_usage().splitlines()]
    lines += ["", "Parameters", "----------"]
    for a in spec.arguments:
        default = "required" if a.required else f"R default ``{a.r_default}``"
        lines.append(f"{a.name} : {a.annotation}, {default}")
        lines.append(f"    {arguments.get(a.name, '')}")
    if spec.has_dots:
        lines += ["**dots", "    R's ``...``: other named arguments for Keras's layer (input_shape, name, ...)."]
    return "\n".join(lines)
