"""Showing and saving a verification table (a pandas DataFrame from :func:`rbridge.verify.verify`)."""

from __future__ import annotations

import html
import json
from pathlib import Path

SUFFIXES = (".html", ".htm", ".csv", ".json")
COLUMNS = ["id", "object", "kind", "mode", "ok", "shape", "config_agrees", "error_agrees",
           "output_max_abs_err", "output_max_rel_err", "weights_max_abs_err", "seconds",
           "r_keras_seconds", "problems"]


def tidy(frame):
    """The report's columns in a fixed order; problems joined into one string."""
    frame = frame.copy()
    for column in COLUMNS:
        if column not in frame:
            frame[column] = None
    frame["problems"] = frame["problems"].map(lambda p: "; ".join(p) if isinstance(p, list) else (p or ""))
    return frame[COLUMNS]


def as_text(frame) -> str:
    shown = tidy(frame).drop(columns=["problems"]).dropna(axis="columns", how="all")
    text = shown.to_string(index=False, na_rep="", float_format=lambda v: f"{v:.2g}")
    failed = frame[~frame["ok"]]
    truth = "R keras, live" if (frame.get("mode") == "live").any() else "R keras 2.15.0 (recorded)"
    lines = [text, "", f"{int(frame['ok'].sum())}/{len(frame)} cases agree with {truth}"]
    for _, row in failed.iterrows():
        lines.append(f"  MISMATCH {row['id']}: " + "; ".join(row["problems"]))
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
        path.write_text(_html(table))
    else:
        raise ValueError(f"report must end in .html, .csv or .json, not {path.name!r}")
    return path


def _html(table) -> str:
    agree = int(table["ok"].sum())
    body = table.to_html(index=False, na_rep="", float_format=lambda v: f"{v:.3g}", escape=True,
                         classes="cases")
    return f"""<!doctype html>
<html><head><meta charset="utf-8"><title>rbridge verify</title>
<style>body{{font-family:sans-serif;margin:2em}} table.cases{{border-collapse:collapse;font-size:90%}}
td,th{{border:1px solid #ccc;padding:2px 6px}}</style>
</head><body><h1>rbridge verify</h1>
<p>{agree}/{len(table)} cases agree with R keras 2.15.0 (recorded on TensorFlow 2.15.1).</p>
{body}
<p>{html.escape('Float32 outputs agree within rtol 1e-5, atol 1e-6; float64 within rtol 1e-9.')}</p>
</body></html>
"""
