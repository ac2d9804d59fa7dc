"""Showing and saving a verification table (a pandas DataFrame from :func:`rbridge.verify.verify`)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from .verify import AGREES, COMPUTED_WHERE_R_KERAS_FAILED

SUFFIXES = (".html", ".htm", ".csv", ".json")
COLUMNS = ["id", "object", "kind", "mode", "status", "ok", "shape", "config_agrees", "error_agrees",
           "output_max_abs_err", "output_max_rel_err", "weights_max_abs_err", "seconds",
           "r_keras_seconds", "problems"]

_TERMINAL_ESCAPES = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def plain(text: str) -> str:
    """One line of plain text: no terminal colours (Keras's messages have some), no newlines."""
    return " ".join(_TERMINAL_ESCAPES.sub("", text).split())


def tidy(frame):
    """The report's columns in a fixed order, the empty ones left out; problems joined into
    one plain-text string."""
    frame = frame.copy()
    for column in COLUMNS:
        if column not in frame:
            frame[column] = None
    frame["problems"] = frame["problems"].map(
        lambda p: plain("; ".join(p) if isinstance(p, list) else (p or "")))
    columns = [c for c in COLUMNS if c in ("id", "ok", "problems") or frame[c].notna().any()]
    return frame[columns]


def summary(frame) -> str:
    """One line: how many cases agree, how many rbridge computed where R keras failed inside
    TensorFlow (checked against the NumPy reference), how many disagree."""
    truth = "R keras, live" if (frame.get("mode") == "live").any() else "R keras 2.15.0 (recorded)"
    status = frame["status"] if "status" in frame else frame["ok"].map({True: AGREES})
    agree = int((status == AGREES).sum())
    computed = int((status == COMPUTED_WHERE_R_KERAS_FAILED).sum())
    mismatches = int((~frame["ok"]).sum())
    line = f"{agree}/{len(frame)} cases agree with {truth}"
    if computed:
        line += (f"; {computed} more where R keras failed inside TensorFlow on its CPU and rbridge"
                 f" computed the NumPy reference's numbers")
    return line + f"; {mismatches} mismatch{'es' if mismatches != 1 else ''}"


def as_text(frame) -> str:
    shown = tidy(frame).drop(columns=["problems"])
    text = shown.to_string(index=False, na_rep="", float_format=lambda v: f"{v:.2g}")
    lines = [text, "", summary(frame)]
    for _, row in frame[~frame["ok"]].iterrows():
        lines.append(f"  MISMATCH {row['id']}: " + plain("; ".join(row["problems"])))
    return "\n".join(lines)


def write(frame, path: str | Path) -> Path:
    """Write the table as .html, .csv or .json (chosen by the file's suffix)."""
    path = Path(path)
    table = tidy(frame)
    if path.suffix == ".csv":
        table.to_csv(path, index=False)
    elif path.suffix == ".json":
        path.write_text(json.dumps(json.loads(table.to_json(orient="records")), indent=1))
    elif path.suffix in (".html", ".htm"):
        path.write_text(_html(table, summary(frame)))
    else:
        raise ValueError(f"report must end in .html, .csv or .json, not {path.name!r}")
    return path


def _html(table, line: str) -> str:
    body = table.to_html(index=False, na_rep="", float_format=lambda v: f"{v:.3g}", escape=True,
                         classes="cases")
    return f"""<!doctype html>
<html><head><meta charset="utf-8"><title>rbridge verify</title>
<style>body{{font-family:sans-serif;margin:2em}} table.cases{{border-collapse:collapse;font-size:90%}}
td,th{{border:1px solid #ccc;padding:2px 6px}}</style>
</head><body><h1>rbridge verify</h1>
<p>{html.escape(line)}.</p>
{body}
<p>{html.escape('Float32 outputs agree within rtol 1e-5, atol 1e-6; float64 within rtol 1e-9.')}</p>
</body></html>
"""
