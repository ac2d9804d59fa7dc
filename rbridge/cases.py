"""The case format, written down: which fields a case file has, which are required for
each kind of result, and loading a folder of case files so that a bad one is reported,
not fatal.

A case (``tests/fixtures/r-keras-2.15/*.json``; ``docs/case-format.md`` for people) is R
source for a call (``args``, ``input``, ``set_weights``) and the result expected from it.
:func:`validate` lists everything wrong with one case: a missing required field, a result
with nothing to compare (an ``"array"`` result without ``output``, a ``"layer"`` result
without ``config``, ...), a field of the wrong type, and an unknown field, with the
nearest valid name suggested (``"ouput"``: did you mean ``"output"``?). :func:`load`
reads every file, keeps the valid cases and turns each invalid one into a placeholder
holding its errors, so that verify runs the rest and reports these.

Each loaded case also carries where its truth came from (:func:`provenance`), in the
private keys ``_file`` and ``_provenance`` (never read from a file).
"""

from __future__ import annotations

import difflib
import json
import math
from pathlib import Path
from typing import Any, Iterable

from .errors import RBridgeError

DEFAULT_FUNCTION = "layer_conv_1d_transpose"

# R keras 2.15's convolutional layers family (/work/shared/family.md): what "function" may name.
FUNCTIONS = (
    "layer_conv_1d", "layer_conv_2d", "layer_conv_3d",
    "layer_conv_1d_transpose", "layer_conv_2d_transpose", "layer_conv_3d_transpose",
    "layer_separable_conv_1d", "layer_separable_conv_2d",
    "layer_depthwise_conv_1d", "layer_depthwise_conv_2d", "layer_conv_lstm_2d",
    "layer_upsampling_1d", "layer_upsampling_2d", "layer_upsampling_3d",
    "layer_zero_padding_1d", "layer_zero_padding_2d", "layer_zero_padding_3d",
    "layer_cropping_1d", "layer_cropping_2d", "layer_cropping_3d",
)
OBJECTS = ("missing", "null", "sequential", "tensor", "array")
KINDS = ("layer", "model", "tensor", "array", "error")

# What each `object` gives when the call succeeds (any object may expect an error).
RESULT_KIND_OF_OBJECT = {"missing": "layer", "null": "layer", "sequential": "model",
                         "tensor": "tensor", "array": "array"}

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


def validate(case: Any, need_result: bool = True) -> list[tuple[str, str]]:
    """Everything wrong with one case, as (field, message) pairs; [] for a valid case.
    Keys starting with ``_`` are rbridge's own annotations and are not checked. With
    ``need_result=False`` (live mode: R keras makes the truth now) ``result`` may be absent."""
    if not isinstance(case, dict):
        return [("(case)", "must be a JSON object")]
    errors = [(key, "unknown field" + _suggest(key, FIELDS)) for key in case
              if key not in FIELDS and not key.startswith("_")]
    errors += [(key, f"is missing (required: {what})") for key, (required, what) in FIELDS.items()
               if required and key not in case and (need_result or key != "result")]
    if "id" in case and not (isinstance(case["id"], str) and case["id"]
                             and all(ch.isalnum() or ch in "_-." for ch in case["id"])):
        errors.append(("id", "must be a non-empty string of letters, digits, `_`, `-`, `.`"))
    if "function" in case and case["function"] not in FUNCTIONS:
        errors.append(("function", f"{case['function']!r} is not one of R keras 2.15's convolutional layers"
                                   + _suggest(str(case["function"]), FUNCTIONS)))
    if "object" in case and case["object"] not in OBJECTS:
        errors.append(("object", f"{case['object']!r} is not one of {', '.join(OBJECTS)}"
                                 + _suggest(str(case["object"]), OBJECTS)))
    for key in ("args", "input", "set_weights"):
        if key in case and not (isinstance(case[key], str) or (key != "args" and case[key] is None)):
            errors.append((key, "must be R source, as a JSON string" + ("" if key == "args" else ", or null")))
    if case.get("object") in ("tensor", "array") and not case.get("input"):
        errors.append(("input", f'is missing: object "{case["object"]}" needs R source for its input'))
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


def _read(file: Path) -> list[Any]:
    """The cases in one file: a JSON object, or a JSON list of them."""
    data = json.loads(file.read_text())
    return data if isinstance(data, list) else [data]


def load(path: Path, recorded: bool, need_result: bool = True) -> list[dict]:
    """Every case under ``path`` (a folder of JSON files, or one file), in file order.

    A valid case comes back as read, plus ``_file`` and ``_provenance``. An invalid one
    (bad JSON, a schema error) comes back as ``{"id", "_file", "_errors"}``: the errors,
    each naming the file and the field."""
    if not path.exists():
        raise RBridgeError(f"no case file or folder at {path}")
    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    cases: list[dict] = []
    seen: dict[str, str] = {}
    for file in files:
        try:
            entries = _read(file)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            cases.append({"id": file.stem, "_file": str(file), "_errors": [f"{file}: not valid JSON: {exc}"]})
            continue
        for n, entry in enumerate(entries):
            where = str(file) if len(entries) == 1 else f"{file}[{n}]"
            errors = [str(CaseError(where, field, message)) for field, message in validate(entry, need_result)]
            case_id = entry.get("id") if isinstance(entry, dict) and isinstance(entry.get("id"), str) else \
                (file.stem if len(entries) == 1 else f"{file.stem}[{n}]")
            if case_id in seen:
                errors.append(str(CaseError(where, "id", f'"{case_id}" is also the id of {seen[case_id]}')))
            seen.setdefault(case_id, where)
            if errors:
                known = {k: entry[k] for k in ("object", "about") if isinstance(entry, dict) and k in entry}
                cases.append({"id": case_id, **known, "_file": where, "_errors": errors})
            else:
                cases.append({**entry, "_file": where, "_provenance": provenance(entry, recorded)})
    return cases


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
    function = case.get("function") or DEFAULT_FUNCTION
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
