"""Showing and saving a verification table (a pandas DataFrame from :func:`rbridge.verify.verify`).

Every form names where each case's truth came from (the ``truth`` column: "recorded by
R keras 2.15.0", "user-written" or "live"), never calling a user's expected values R
keras's. The HTML report explains itself: a legend, each case's description and R call,
and the versions on both sides (what recorded the truth; what ran rbridge).
"""

from __future__ import annotations

import html
import json
import platform
import re
from collections import Counter
from pathlib import Path

from .compare import AGREES, COMPUTED_WHERE_R_KERAS_FAILED, DILATION_APPLIED, MISMATCH
from .runner import CASE_ERROR

SUFFIXES = (".html", ".htm", ".csv", ".json")
COLUMNS = ["id", "function", "object", "kind", "expected_kind", "mode", "truth", "status", "ok", "shape", "config_agrees", "error_agrees",
           "output_max_abs_err", "output_max_rel_err", "weights_max_abs_err", "seconds",
           "r_keras_seconds", "problems", "about", "r_call", "recorded_with", "values", "file"]

# Keras's messages colour text (SGR: ESC [ ... m): dropped. Every other control character
# (OSC and other escape sequences, bells, bidirectional overrides) is shown escaped, never sent
# to the terminal raw: case files are strangers' text.
_COLOURS = re.compile(r"\x1b\[[0-9;]*m")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff"
                      r"\ud800-\udfff]")
WIDTH = 120


def escape(text: object) -> str:
    """``text`` with its control characters written as escapes (``\\x1b``), for a terminal."""
    return _CONTROL.sub(lambda m: ascii(m.group())[1:-1], str(text))


def plain(text: str) -> str:
    """One line of plain text: no terminal colours (Keras's messages have some), no newlines,
    control characters escaped."""
    return escape(" ".join(_COLOURS.sub("", str(text)).split()))


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


def truth_label(frame) -> str:
    """What the cases were compared with, in words: "R keras 2.15.0 (recorded)", "R keras,
    live", "their user-written expected results", or a count of each where they are mixed."""
    if "mode" in frame and (frame["mode"] == "live").any():
        return "R keras, live"
    labels = Counter(frame["truth"].fillna("user-written")) if "truth" in frame else Counter({"user-written": len(frame)})
    if len(labels) == 1:
        (label,) = labels
        if label.startswith("recorded by R keras "):
            return f"R keras {label.removeprefix('recorded by R keras ')} (recorded)"
        return f"their {label} expected results"
    return "their expected results (" + ", ".join(f"{n} {label}" for label, n in labels.most_common()) + ")"


def summary(frame) -> str:
    """One line: how many cases agree and with what, how many rbridge computed where R keras
    failed inside TensorFlow (checked against the NumPy reference), how many disagree, how
    many case files could not be run."""
    status = frame["status"] if "status" in frame else frame["ok"].map({True: AGREES})
    agree = int((status == AGREES).sum())
    computed = int((status == COMPUTED_WHERE_R_KERAS_FAILED).sum())
    dilated = int((status == DILATION_APPLIED).sum())
    case_errors = int((status == CASE_ERROR).sum())
    mismatches = int((~frame["ok"]).sum()) - case_errors
    line = f"{agree}/{len(frame)} cases agree with {truth_label(frame)}"
    if computed:
        line += (f"; {computed} more where R keras failed inside TensorFlow on its CPU and rbridge"
                 f" computed the NumPy reference's numbers")
    if dilated:
        line += (f"; {dilated} where R keras 2.15 ignores layer_conv_3d_transpose()'s dilation_rate and rbridge"
                 f" applies it (the reference's numbers)")
    line += f"; {mismatches} mismatch{'es' if mismatches != 1 else ''}"
    if case_errors:
        line += f"; {case_errors} case{'s' if case_errors != 1 else ''} could not be run (see CASE ERROR)"
    return line


_SHORT_STATUS = {AGREES: "agrees", COMPUTED_WHERE_R_KERAS_FAILED: "reference", DILATION_APPLIED: "reference",
                 MISMATCH: "MISMATCH", CASE_ERROR: "CASE ERROR"}


def _fit(text: object, width: int) -> str:
    text = plain("" if text is None or text != text else text)
    return text if len(text) <= width else text[:width - 1] + "~"


def _row_line(row) -> str:
    """One case in one line of at most :data:`WIDTH` characters."""
    status = _SHORT_STATUS.get(row.get("status"), "agrees" if row.get("ok") else "MISMATCH")
    function = str(row.get("function") or "").removeprefix("layer_")
    what = " -> ".join(str(v) for v in (row.get("object"), row.get("kind")) if isinstance(v, str))
    err = row.get("output_max_abs_err")
    err = f"{err:.1e}" if isinstance(err, float) and err == err else ""
    seconds = row.get("seconds")
    seconds = f"{seconds:.2f}" if isinstance(seconds, float) and seconds == seconds else ""
    return (f"{status:<10} {_fit(row.get('id'), 44):<44} {_fit(function, 22):<22} {_fit(what, 19):<19} "
            f"{err:>8} {seconds:>6}").rstrip()


def _wrapped(text: str, indent: str = "    ") -> list[str]:
    import textwrap

    return textwrap.wrap(text, WIDTH, subsequent_indent=indent, break_long_words=True, break_on_hyphens=False)


def as_text(frame, all_rows: bool = False) -> str:
    """For a terminal, in lines of at most :data:`WIDTH` characters: the summary, agreement
    per function, then each case that does not agree and why (``all_rows``: a line for every
    case first). Every string from a case file is shown with its control characters escaped."""
    lines = _wrapped(summary(frame), "  ")
    if "function" in frame and frame["function"].nunique() > 1:
        ok = frame.groupby("function")["ok"].agg(["sum", "count"])
        lines += _wrapped("per function: " + ", ".join(
            f"{name.removeprefix('layer_')} {int(r['sum'])}/{int(r['count'])}" for name, r in ok.iterrows()), "  ")
    if all_rows:
        lines += ["", f"{'status':<10} {'case':<44} {'function':<22} {'object -> result':<19} {'max err':>8} "
                      f"{'s':>6}"]
        lines += [_row_line(row) for row in frame.to_dict(orient="records")]
    status = frame["status"] if "status" in frame else frame["ok"].map({True: AGREES, False: MISMATCH})
    failing = frame[~frame["ok"].astype(bool)]
    if len(failing):
        lines.append("")
    for (_, row), state in zip(failing.iterrows(), status[~frame["ok"].astype(bool)]):
        word = "CASE ERROR" if state == CASE_ERROR else "MISMATCH"
        truth = f" (truth: {row['truth']})" if word == "MISMATCH" and isinstance(row.get("truth"), str) else ""
        problems = row["problems"] if isinstance(row["problems"], list) else [str(row["problems"])]
        lines += _wrapped(f"{word} {plain(row['id'])}{escape(truth)}: " + plain("; ".join(problems)))
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
        path.write_text(_html(table, summary(frame), running_versions()))
    else:
        raise ValueError(f"report must end in .html, .csv or .json, not {path.name!r}")
    return path


def running_versions() -> str:
    """What ran rbridge here: rbridge, Keras, TensorFlow, Python, rpy2, R."""
    import rbridge

    parts = [f"rbridge {rbridge.__version__}"]
    try:
        from ..engine import get_engine

        engine = get_engine()
        import tensorflow as tf

        parts += [f"Keras {engine.keras.__version__}", f"TensorFlow {tf.__version__}"]
    except Exception:  # noqa: BLE001 - a report still gets written
        pass
    parts.append(f"Python {platform.python_version()}")
    try:
        import rpy2

        from .r_session import evaluate_r

        parts += [f"rpy2 {rpy2.__version__}", str(evaluate_r("R.version.string")[0])]
    except Exception:  # noqa: BLE001
        pass
    return ", ".join(parts)


# --------------------------------------------------------------------------- HTML

_STATUS_STYLE = {AGREES: ("agrees", "ok"), COMPUTED_WHERE_R_KERAS_FAILED: ("computed where R keras failed", "ref"),
                 DILATION_APPLIED: ("dilation applied", "ref"),
                 MISMATCH: ("mismatch", "bad"), CASE_ERROR: ("case error", "err")}

_CSS = """
*{box-sizing:border-box} body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d232a;background:#f6f7f9}
main{max-width:1380px;margin:0 auto;padding:18px 20px 40px}
h1{font-size:22px;margin:0 0 4px} h2{font-size:15px;margin:18px 0 6px}
.summary{font-size:16px;margin:6px 0 14px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:12px}
.box{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:10px 14px}
.box h2{margin-top:0} dl{margin:0;display:grid;grid-template-columns:max-content 1fr;gap:3px 10px} dt{font-weight:600}
dd{margin:0} ul.legend{margin:0;padding-left:0;list-style:none} ul.legend li{margin:3px 0} ul.legend .badge{white-space:nowrap}
table{width:100%;border-collapse:collapse;table-layout:fixed;background:#fff;margin-top:14px;border:1px solid #dde1e6}
th,td{padding:6px 8px;border-bottom:1px solid #e6e9ed;vertical-align:top;text-align:left;overflow-wrap:anywhere}
th{background:#eef1f4;position:sticky;top:0;font-size:13px}
col.status{width:118px} col.what{width:104px} col.shape{width:92px} col.errs{width:128px} col.sec{width:62px}
col.problems{width:24%}
.badge{display:inline-block;padding:1px 7px;border-radius:10px;font-size:12px;font-weight:600}
.ok{background:#dff3e4;color:#17692f} .ref{background:#e2ecfb;color:#1d4f91} .bad{background:#fde2e1;color:#a1221b}
.err{background:#fff0cc;color:#7a5300}
.id{font-weight:600} .about{color:#46505a;margin:2px 0} .truth{color:#68737d;font-size:12px}
code,pre{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{margin:4px 0 0;white-space:pre-wrap;overflow-wrap:anywhere;background:#f3f5f7;padding:4px 6px;border-radius:4px}
td.num{font-variant-numeric:tabular-nums} .problems{color:#a1221b}
@media (max-width:900px){col.problems{width:30%} col.what,col.errs{width:90px}}
"""


def _cell(value, digits: str = ".3g") -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float):
        return format(value, digits)
    return html.escape(str(value))


def _row_html(row: dict) -> str:
    label, css = _STATUS_STYLE.get(row.get("status"), (str(row.get("status")), "bad" if not row.get("ok") else "ok"))
    about = f'<div class="about">{html.escape(row["about"])}</div>' if isinstance(row.get("about"), str) else ""
    call = f'<pre>{html.escape(row["r_call"])}</pre>' if isinstance(row.get("r_call"), str) else ""
    truth = f'<div class="truth">truth: {html.escape(row["truth"])}</div>' if isinstance(row.get("truth"), str) else ""
    errors = [(name, row.get(key)) for name, key in (("output abs", "output_max_abs_err"),
                                                     ("output rel", "output_max_rel_err"),
                                                     ("weights abs", "weights_max_abs_err"))]
    checks = [text for key, text in (("config_agrees", "config"), ("error_agrees", "error")) if row.get(key) is True]
    errors_html = "<br>".join([f"{name} {_cell(value)}" for name, value in errors if _cell(value)]
                              + ([" and ".join(checks) + " equal"] if checks else []))
    kind = " → ".join(html.escape(str(v)) for v in (row.get("object"), row.get("kind")) if isinstance(v, str))
    return (f'<tr><td><span class="badge {css}">{html.escape(label)}</span></td>'
            f'<td><div class="id">{html.escape(str(row.get("id")))}</div>{about}{call}{truth}</td>'
            f"<td>{kind}</td><td>{_cell(row.get('shape'))}</td><td class=num>{errors_html}</td>"
            f"<td class=num>{_cell(row.get('seconds'), '.2f')}</td>"
            f'<td class="problems">{html.escape(row.get("problems") or "")}</td></tr>')


def _html(table, line: str, running: str) -> str:
    rows = table.to_dict(orient="records")
    recorded = Counter(r.get("recorded_with") for r in rows if isinstance(r.get("recorded_with"), str))
    truths = Counter(r.get("truth") for r in rows if isinstance(r.get("truth"), str))
    values = sorted({r["values"] for r in rows if isinstance(r.get("values"), str)})
    truth_items = "".join(f"<li>{n} {html.escape(t)}</li>" for t, n in truths.most_common())
    recorded_items = "".join(f"<li>{html.escape(v)} ({n} case{'s' if n != 1 else ''})</li>"
                             for v, n in recorded.most_common()) or "<li>no recorded versions in these cases</li>"
    legend = "".join(f'<li><span class="badge {css}">{html.escape(label)}</span> {html.escape(text)}</li>'
                     for (label, css), text in zip(_STATUS_STYLE.values(), (
                         "rbridge gave what the case expects: config, weights, shapes, outputs, error, warnings",
                         "R keras failed inside TensorFlow's CPU kernel (it refuses this setting); rbridge "
                         "computed, and its numbers match an independent NumPy reference",
                         "R keras 2.15 ignores layer_conv_3d_transpose()'s dilation_rate without a word; rbridge "
                         "applies it (and warns), and its numbers match the NumPy reference of the dilated layer",
                         "rbridge differs from the expected result: the problems column says how",
                         "the case file could not be run (malformed, refused R source, or R cannot evaluate "
                         "it): the problems column names the file and field")))
    body = "\n".join(_row_html(r) for r in rows)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>rbridge verify</title><style>{_CSS}</style></head>
<body><main>
<h1>rbridge verify: R keras 2.15 semantics, case by case</h1>
<p class="summary">{html.escape(line)}.</p>
<div class="grid">
<section class="box"><h2>Compared</h2><dl>
<dt>Expected</dt><dd><ul class="legend">{truth_items}</ul></dd>
<dt>Recorded with</dt><dd><ul class="legend">{recorded_items}</ul></dd>
<dt>rbridge ran on</dt><dd>{html.escape(running)}; arguments passed as {html.escape(", ".join(values) or "R objects")}</dd>
</dl></section>
<section class="box"><h2>Legend</h2><ul class="legend">{legend}</ul>
<p style="margin:6px 0 0">Outputs and weights agree within rtol 1e-5, atol 1e-6 (float32) or rtol 1e-9
(float64); configs exactly (floats at float32 precision); errors must name the R argument.
Numbers are compared only where the weights are fixed (given, or a non-random initializer).
<b>Max error</b>: the largest absolute and relative difference (“config equal”: the layer's
<code>get_config()</code> matches; “error equal”: both fail and rbridge's error names the argument);
<b>s</b>: seconds rbridge took.</p>
</section></div>
<table>
<colgroup><col class="status"><col><col class="what"><col class="shape"><col class="errs"><col class="sec"><col class="problems"></colgroup>
<thead><tr><th>Status</th><th>Case: description, R call, truth</th><th>Object → result</th><th>Shape</th>
<th>Max error; equal</th><th>s</th><th>Problems</th></tr></thead>
<tbody>
{body}
</tbody></table>
</main></body></html>
"""
