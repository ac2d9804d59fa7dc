"""The case format, written down, and reading case files a stranger wrote.

A case (``tests/fixtures/r-keras-2.15/*.json``; ``docs/case-format.md`` for people) is R
source for a call (``args``, ``input``, ``set_weights``) and the result expected from it.
:func:`validate` lists everything wrong with one case: a missing required field, a result
with nothing to compare (an ``"array"`` result without ``output``, a ``"layer"`` result
without ``config``, ...), a field of the wrong type, an unknown field (with the nearest
valid name suggested: ``"ouput"``: did you mean ``"output"``?), a reserved one. :func:`load`
reads every file within :class:`~.limits.Limits` (its size, JSON nesting, number length;
no duplicate keys, no lone surrogates), keeps the valid cases and turns each invalid one
into a placeholder holding its errors, so that verify runs the rest and reports these.

Each loaded case also carries where its truth came from (:func:`provenance`), in the
private keys ``_file`` and ``_provenance``: rbridge's own, refused in a file.
"""

from __future__ import annotations

import difflib
import json
import math
import os
import re
from pathlib import Path
from typing import Any, Iterable

from ..errors import RBridgeError
from .limits import DEFAULT, Limits

DEFAULT_FUNCTION = "layer_conv_1d_transpose"
# "tensors"/"tensors_dots": merges, one layer_input() per shape in `input`, given as one list or
# spread over `...` (layer_add(list(a, b)) / layer_add(a, b)).
OBJECTS = ("missing", "null", "sequential", "tensor", "array", "tensors", "tensors_dots")
KINDS = ("layer", "model", "tensor", "array", "error")

# What each `object` gives when the call succeeds (any object may expect an error).
RESULT_KIND_OF_OBJECT = {"missing": "layer", "null": "layer", "sequential": "model",
                         "tensor": "tensor", "array": "array", "tensors": "tensor", "tensors_dots": "tensor"}

# For each result kind: the fields of which at least one must be there, so that the case
# compares something.
COMPARED = {
    "array": ("output",),
    "layer": ("config",),
    "model": ("config", "model_output_shape"),
    "tensor": ("config", "output_shape"),
    "error": ("error",),
}

# Top-level fields: name -> (required, what it is).
FIELDS = {
    "id": (True, "the case's name: letters, digits, `_`, `-`, `.`"),
    "about": (False, "one sentence saying what the case checks"),
    "function": (False, f"the R function called (default {DEFAULT_FUNCTION})"),
    "object": (True, "what the function is called on: " + ", ".join(OBJECTS)),
    "args": (True, "R source for the arguments other than `object`, usually `list(...)`"),
    "input": (False, "R source for the input (array or tensor shape), or null"),
    "set_weights": (False, "R source for a list of weight arrays set after build, or null"),
    "training": (False, "true: the layer (object missing/null) is called on `input` once in training mode "
                        "(batch normalization's moving statistics then show in `weights`)"),
    "r_keras_version": (False, "the R keras version that recorded the result"),
    "tf_version": (False, "the TensorFlow version that recorded the result"),
    "r_version": (False, "the R version that recorded the result"),
    "reticulate_version": (False, "the reticulate version that recorded the result"),
    "platform": (False, "the machine that recorded the result"),
    "result": (True, "the expected result, a JSON object with at least \"kind\""),
}

RESULT_FIELDS = {
    "kind": "what the call gives: " + ", ".join(KINDS),
    "class": "class() of the R result (not compared)",
    "config": "get_config() of the layer (a JSON object)",
    "built": "whether the layer is built (true/false)",
    "weights": "the layer's weights: a list of arrays",
    "output_shape": "the output tensor's shape (\"tensor\"), null for an unknown dimension",
    "same_object": "whether the model returned is the one given (\"sequential\")",
    "n_layers": "the model's number of layers (\"sequential\")",
    "model_output_shape": "the model's output shape (\"sequential\")",
    "input_data": "the evaluated input, as an array (not compared)",
    "output": "the computed output, as an array",
    "error": "the error: {\"message\": \"...\"} (\"error\")",
    "warnings": "R warnings expected, a list of strings",
    "seconds": "how long the recording took (not compared)",
}

PROVENANCE_USER = "user-written"
PROVENANCE_LIVE = "live"


def functions() -> tuple[str, ...]:
    """The R functions a case may call (``function``): every spec's, read from rbridge.specs."""
    from ..specs import SPECS

    return tuple(SPECS)


def case_function(case: dict) -> str:
    """The R function a case calls: its ``function`` field; absent, the seed's
    layer_conv_1d_transpose (the first 80 recordings have no such field)."""
    return case.get("function") or DEFAULT_FUNCTION


def spec_of(case: dict) -> Any:
    from ..specs import SPECS

    return SPECS[case_function(case)]


def recorded_by_r_keras(case: dict) -> bool:
    """Is the case's truth R keras's own (a bundled recording, or R keras run now)?"""
    return str(case.get("_provenance", "")).startswith("recorded by R keras") \
        or case.get("_provenance") == PROVENANCE_LIVE


class CaseError(RBridgeError):
    """A case that cannot be run as written: ``file`` (or the case id) and ``field`` say where."""

    def __init__(self, where: str, field: str | None, message: str):
        self.where, self.field = where, field
        super().__init__(f"{where}: " + (f'field "{field}": ' if field else "") + message)


def _a(word: str) -> str:
    return ("an " if word[:1] in "aeiou" else "a ") + f'"{word}"'


def _suggest(name: str, valid: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(valid), n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""


def _is_array(value: Any) -> str | None:
    """None if ``value`` is an array in the format's {shape, data} form, else what is wrong."""
    if not isinstance(value, dict) or set(value) != {"shape", "data"}:
        return 'must be {"shape": [...], "data": [...]}'
    shape, data = value["shape"], value["data"]
    if not isinstance(shape, list) or not all(isinstance(d, int) and not isinstance(d, bool) and d >= 0
                                              for d in shape):
        return "shape must be a list of non-negative integers"
    if not isinstance(data, list) or not all(d is None or (isinstance(d, (int, float)) and not isinstance(d, bool))
                                             for d in data):
        return "data must be a flat list of numbers (C order)"
    if len(data) != math.prod(shape):
        return f"data has {len(data)} numbers where shape {shape} needs {math.prod(shape)}"
    return None


def _is_shape(value: Any) -> bool:
    return isinstance(value, list) and all(d is None or (isinstance(d, int) and not isinstance(d, bool))
                                           for d in value)


def _result_errors(result: Any, obj: Any) -> list[tuple[str, str]]:
    """(field, message) for everything wrong with a case's ``result``."""
    if not isinstance(result, dict):
        return [("result", "must be a JSON object")]
    errors = [(f"result.{key}", "unknown field" + _suggest(key, RESULT_FIELDS))
              for key in result if key not in RESULT_FIELDS]
    kind = result.get("kind")
    if kind is None:
        return errors + [("result.kind", "is missing: say what the call gives, one of " + ", ".join(KINDS))]
    if kind not in KINDS:
        return errors + [("result.kind", f"{kind!r} is not one of {', '.join(KINDS)}" + _suggest(str(kind), KINDS))]
    present = [key for key in COMPARED[kind] if result.get(key) is not None]
    if not present:
        wanted = " or ".join(f'"{key}"' for key in COMPARED[kind])
        errors.append((f"result.{COMPARED[kind][0]}",
                       f'is missing: {_a(kind)} result needs {wanted}, else the case compares nothing'))
    if obj in RESULT_KIND_OF_OBJECT and kind not in ("error", RESULT_KIND_OF_OBJECT[obj]):
        errors.append(("result.kind", f'"{kind}" cannot come from object "{obj}": it gives '
                                      f'"{RESULT_KIND_OF_OBJECT[obj]}" or "error"'))
    for key in ("output", "input_data"):
        if key in result and (problem := _is_array(result[key])):
            errors.append((f"result.{key}", problem))
    if "weights" in result:
        if not isinstance(result["weights"], list):
            errors.append(("result.weights", "must be a list of arrays"))
        else:
            errors += [(f"result.weights[{i}]", p) for i, w in enumerate(result["weights"]) if (p := _is_array(w))]
    if "config" in result and not isinstance(result["config"], dict):
        errors.append(("result.config", "must be a JSON object (get_config())"))
    for key in ("output_shape", "model_output_shape"):
        if result.get(key) is not None and not _is_shape(result[key]):
            errors.append((f"result.{key}", "must be a list of integers and nulls"))
    if "error" in result and not (isinstance(result["error"], dict) and isinstance(result["error"].get("message"), str)):
        errors.append(("result.error", 'must be {"message": "..."}'))
    for key in ("built", "same_object"):
        if key in result and not isinstance(result[key], bool):
            errors.append((f"result.{key}", "must be true or false"))
    if "n_layers" in result and not (isinstance(result["n_layers"], int) and not isinstance(result["n_layers"], bool)):
        errors.append(("result.n_layers", "must be an integer"))
    if "warnings" in result and not (isinstance(result["warnings"], list)
                                     and all(isinstance(w, str) for w in result["warnings"])):
        errors.append(("result.warnings", "must be a list of strings"))
    return errors


def validate(case: Any, need_result: bool = True, annotated: bool = False) -> list[tuple[str, str]]:
    """Everything wrong with one case, as (field, message) pairs; [] for a valid case.
    Keys starting with ``_`` are rbridge's own annotations: refused in a case as read from a
    file, and allowed (not checked) where ``annotated`` (a case :func:`load` returned). With
    ``need_result=False`` (live mode: R keras makes the truth now) ``result`` may be absent."""
    if not isinstance(case, dict):
        return [("(case)", "must be a JSON object")]
    errors = [(key, "is reserved for rbridge (keys starting with _ cannot be in a case file)")
              for key in case if key.startswith("_") and not annotated]
    errors += [(key, "unknown field" + _suggest(key, FIELDS)) for key in case
               if key not in FIELDS and not key.startswith("_")]
    errors += [(key, f"is missing (required: {what})") for key, (required, what) in FIELDS.items()
               if required and key not in case and (need_result or key != "result")]
    if "id" in case and not (isinstance(case["id"], str) and case["id"] and len(case["id"]) <= 200
                             and re.fullmatch(r"[A-Za-z0-9_.\-]+", case["id"])):
        errors.append(("id", "must be a non-empty string of letters, digits, `_`, `-`, `.` (at most 200)"))
    if "function" in case and case["function"] not in functions():
        errors.append(("function", f"{case['function']!r} is not one of rbridge's R keras 2.15 layer functions"
                                   + _suggest(str(case["function"]), functions())))
    if "object" in case and case["object"] not in OBJECTS:
        errors.append(("object", f"{case['object']!r} is not one of {', '.join(OBJECTS)}"
                                 + _suggest(str(case["object"]), OBJECTS)))
    for key in ("args", "input", "set_weights"):
        if key in case and not (isinstance(case[key], str) or (key != "args" and case[key] is None)):
            errors.append((key, "must be R source, as a JSON string" + ("" if key == "args" else ", or null")))
    if case.get("object") in ("tensor", "array", "tensors", "tensors_dots") and not case.get("input"):
        errors.append(("input", f'is missing: object "{case["object"]}" needs R source for its input'))
    if "training" in case and not isinstance(case["training"], bool):
        errors.append(("training", "must be true or false"))
    if case.get("training") and case.get("object") not in ("missing", "null"):
        errors.append(("training", 'applies to object "missing" or "null" (the layer called on `input`)'))
    for key in ("about", "r_keras_version", "tf_version", "r_version", "reticulate_version", "platform"):
        if key in case and not isinstance(case[key], str):
            errors.append((key, "must be a string"))
    if "result" in case:
        errors += _result_errors(case["result"], case.get("object"))
    return errors


def provenance(case: dict, recorded: bool) -> str:
    """Where the case's expected result came from: "recorded by R keras <version>" for a
    bundled fixture that names the R keras that recorded it, else "user-written"."""
    version = case.get("r_keras_version")
    return f"recorded by R keras {version}" if recorded and isinstance(version, str) else PROVENANCE_USER


# --------------------------------------------------------------------------- reading JSON within bounds

_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abAB]", re.S)


class _Refused(ValueError):
    """A case file outside the bounds (JSON nesting, a number's length, a duplicate key)."""


def _json_depth(text: str) -> int:
    """How deep ``text``'s objects and lists nest (strings skipped): linear, no recursion."""
    brackets = re.sub(r"[^\[\]{}]", "", _STRINGS.sub("", text))
    depth = deepest = 0
    for ch in brackets:
        depth += 1 if ch in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def _object(pairs: list[tuple[str, Any]]) -> dict:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Refused(f'the key "{key}" appears twice in one object')
        result[key] = value
    return result


def _surrogate(value: Any, path: str = "") -> str | None:
    """The path of the first string holding a lone surrogate (which R cannot take), or None."""
    todo = [(value, path)]
    while todo:  # iterative: the nesting is bounded already, but no recursion is needed
        item, where = todo.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return where or "(top)"
        elif isinstance(item, dict):
            todo += [(v, f"{where}.{k}" if where else str(k)) for k, v in item.items()]
            todo += [(k, f"{where} (a key)") for k in item]
        elif isinstance(item, list):
            todo += [(v, f"{where}[{i}]") for i, v in enumerate(item) if isinstance(v, (str, dict, list))]
    return None


def read_json(file: Path, limits: Limits = DEFAULT) -> Any:
    """A case file's JSON, read within ``limits``; raises ``ValueError`` saying what is wrong."""
    size = file.stat().st_size
    if size > limits.file_bytes:
        raise _Refused(f"it is {size:,} bytes, over the limit of {limits.file_bytes:,} (--max-file-bytes)")
    text = file.read_bytes().decode("utf-8")
    # Nesting needs an opening bracket per level: most files have too few to be too deep.
    depth = _json_depth(text) if text.count("[") + text.count("{") > limits.json_depth else 0
    if depth > limits.json_depth:
        raise _Refused(f"it nests {depth} deep, over the limit of {limits.json_depth} (--max-json-depth)")

    # A number's length, checked on the text (JSON's C scanner stays fast for the rest).
    long_number = re.compile(r"[-+0-9.eE]{%d,}" % (limits.number_chars + 1))
    runs = long_number.search(text) and [len(m) for m in long_number.findall(_STRINGS.sub('""', text))]
    if runs and max(runs) > limits.number_chars:
        raise _Refused(f"a number {max(runs):,} characters long (at most {limits.number_chars})")
    data = json.loads(text, object_pairs_hook=_object)
    if _SURROGATE_ESCAPE.search(text) and (where := _surrogate(data)):
        raise _Refused(f"{where}: a lone surrogate (\\ud800-\\udfff without its pair) is not text")
    return data


def _read(file: Path, limits: Limits) -> list[Any]:
    """The cases in one file: a JSON object, or a JSON list of them."""
    data = read_json(file, limits)
    return data if isinstance(data, list) else [data]


def load(path: Path, recorded: bool, need_result: bool = True, limits: Limits = DEFAULT) -> list[dict]:
    """Every case under ``path`` (a folder of JSON files, or one file), in file order.

    A valid case comes back as read, plus ``_file`` and ``_provenance``. An invalid one
    (bad JSON, outside the limits, a schema error, an id another case has too) comes back
    as ``{"id", "_file", "_errors"}``: the errors, each naming the file and the field."""
    if not path.exists():
        raise RBridgeError(f"no case file or folder at {path}")
    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    entries: list[tuple[str, str, Any, list[str]]] = []  # (where, id, entry, errors)
    for file in files:
        try:
            read = _read(file, limits)
        except (OSError, UnicodeDecodeError, RecursionError, ValueError) as exc:
            reason = "not valid JSON" if isinstance(exc, json.JSONDecodeError) else "refused"
            entries.append((str(file), file.stem, None, [f"{file}: {reason}: {exc}"]))
            continue
        for n, entry in enumerate(read):
            where = str(file) if len(read) == 1 else f"{file}[{n}]"
            errors = [str(CaseError(where, field, message)) for field, message in validate(entry, need_result)]
            valid_id = isinstance(entry, dict) and isinstance(entry.get("id"), str) \
                and not any(e.startswith(f'{where}: field "id"') for e in errors)
            case_id = entry["id"] if valid_id else (file.stem if len(read) == 1 else f"{file.stem}[{n}]")
            entries.append((where, case_id, entry, errors))
    # An id two cases claim names neither: both are refused, each naming the other.
    claimed: dict[str, list[str]] = {}
    for where, case_id, _, _ in entries:
        claimed.setdefault(case_id, []).append(where)
    cases: list[dict] = []
    for where, case_id, entry, errors in entries:
        others = [w for w in claimed[case_id] if w != where]
        if others:
            errors = errors + [str(CaseError(where, "id", f'"{case_id}" is also the id of {", ".join(others)}'))]
        if errors:
            known = {k: entry[k] for k in ("object", "about") if isinstance(entry, dict) and isinstance(entry.get(k), str)}
            truth = provenance(entry, recorded) if isinstance(entry, dict) else PROVENANCE_USER
            cases.append({"id": case_id, **known, "_file": where, "_errors": errors, "_provenance": truth})
        else:
            cases.append({**entry, "_file": where, "_provenance": provenance(entry, recorded)})
    return cases


# --------------------------------------------------------------------------- the bundled cases, selecting

def fixtures_dir() -> Path:
    """The bundled R keras 2.15 cases: $RBRIDGE_FIXTURES, else the repository's copy."""
    env = os.environ.get("RBRIDGE_FIXTURES")
    path = Path(env) if env else Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "r-keras-2.15"
    if not path.is_dir():
        raise RBridgeError(f"no R keras cases at {path}; set RBRIDGE_FIXTURES to a folder of case JSON files")
    return path


def load_cases(source: str | Path | None = None, ids: Iterable[str] | None = None,
               need_result: bool = True, functions: Iterable[str] | None = None,
               limits: Limits = DEFAULT) -> list[dict]:
    """Cases from a folder of JSON files, one JSON file, or the bundled fixtures.

    Every file is read within ``limits`` and checked against the case format; a file that
    fails comes back as a placeholder holding its errors (``_errors``), which verify reports
    as a case error while running the others. Each case knows where its truth came from
    (``_provenance``): recorded by R keras (the bundled fixtures) or user-written."""
    path = Path(source) if source else fixtures_dir()
    cases = load(path, recorded=_bundled(path), need_result=need_result, limits=limits)
    if ids:
        wanted = set(ids)
        unknown = wanted - {c["id"] for c in cases}
        if unknown:
            raise RBridgeError(f"unknown case id(s): {', '.join(sorted(unknown))}")
        cases = [c for c in cases if c["id"] in wanted]
    if functions:
        cases = select_functions(cases, functions)
    return cases


def select_functions(cases: list[dict], names: Iterable[str]) -> list[dict]:
    """The cases of the named R functions (``layer_conv_2d``, ...; a case without
    ``function`` calls layer_conv_1d_transpose). An unknown name is an error."""
    wanted = set(names)
    unknown = wanted - set(functions())
    if unknown:
        raise RBridgeError(f"unknown function(s): {', '.join(sorted(unknown))}; rbridge has "
                           + ", ".join(functions()))
    return [c for c in cases if c.get("_errors") or case_function(c) in wanted]


def _bundled(path: Path) -> bool:
    """Is ``path`` the bundled fixtures folder, or a file in it?"""
    try:
        bundled = fixtures_dir().resolve()
    except RBridgeError:
        return False
    path = path.resolve()
    return path == bundled or path.parent == bundled


# --------------------------------------------------------------------------- the R call, for people

def _inside_list(source: str) -> str | None:
    """The text inside ``list( ... )`` when ``source`` is exactly one such call, else None."""
    text = source.strip()
    if not (text.startswith("list(") and text.endswith(")")):
        return None
    depth = 0
    for i, ch in enumerate(text[4:], start=4):  # the list's own parentheses must close last
        depth += (ch == "(") - (ch == ")")
        if depth == 0 and i != len(text) - 1:
            return None
    return text[5:-1].strip()


def r_call(case: dict) -> str:
    """The R call a case stands for, as an R user would write it (for people, not run)."""
    function = case_function(case)
    inner = _inside_list(case.get("args") or "list()")
    obj = case.get("object")
    first = {"null": "NULL", "array": case.get("input") or "x"}.get(obj)
    if inner is None:  # arguments not written as list(...): R's do.call
        head = f"list({first}), " if first else ""
        call = f"do.call({function}, c({head}{case.get('args')}))"
    else:
        call = f"{function}({', '.join(part for part in (first, inner) if part)})"
    if obj == "sequential":
        return f"keras_model_sequential() %>% {call}"
    if obj == "tensor":
        return f"layer_input(shape = {case.get('input')}) %>% {call}"
    return call
