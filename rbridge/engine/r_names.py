"""Every activation, initializer, regularizer and constraint name R keras 2.15 accepts,
with R keras 2.15's meaning, on Keras 3.

The names and what Keras 2.15 computes for each are data
(``rbridge/data/keras215_names.json``, written by ``tools/record_keras215_names.py``
under TensorFlow 2.15). :func:`keras3_value` turns a name into what Keras 3 must be
given to compute the same numbers:

* activations: the name itself where Keras 3's function of that name computes
  Keras 2.15's numbers, else the Keras 2.15 function of ``keras215_objects``;
* initializers, regularizers, constraints: Keras 2.15 resolves a name to a class
  with its defaults, and records the full configuration ("l1_l2" is
  ``L1L2(l1=0.01, l2=0.01)``, "constant" is ``Constant(value=0)``). The Keras 3
  object is that class built from that configuration (a class Keras 3 lacks comes
  from ``keras215_objects``), so that neither Keras 3's defaults nor its aliases
  matter. The name stays a string where Keras 3 makes an equal object from it.

:func:`r_keras_name` gives back the name a layer's ``get_config()`` shows under
R keras 2.15.
"""

from __future__ import annotations

import difflib
import functools
import json
import math
from importlib import resources
from typing import Any

from ..errors import RArgumentError

KINDS = ("activation", "initializer", "regularizer", "constraint")

_MODULES = {"activation": "activations", "initializer": "initializers",
            "regularizer": "regularizers", "constraint": "constraints"}

# Set on the objects keras3_value makes, so that r_keras_name can name them.
_TAG = "_rbridge_r_keras_name"


@functools.lru_cache(maxsize=1)
def keras215_data() -> dict:
    """The recorded Keras 2.15 data (names, numbers, configurations)."""
    text = resources.files("rbridge").joinpath("data/keras215_names.json").read_text()
    return json.loads(text)


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}. Received: kind={kind!r}")


@functools.lru_cache(maxsize=None)
def r_keras_names(kind: str) -> tuple[str, ...]:
    """Every string Keras 2.15 (so R keras 2.15) accepts as a name of ``kind``, sorted."""
    _check_kind(kind)
    return tuple(sorted(keras215_data()[kind]))


def keras3_value(kind: str, value: Any, argument: str) -> Any:
    """What Keras 3 must receive for ``value`` (an R keras 2.15 argument of ``kind``)
    to compute Keras 2.15's numbers.

    A string Keras 2.15 accepts becomes a string or a Keras 3 object (a fresh one
    for initializers, regularizers and constraints, which hold state); a string it
    does not accept raises :class:`~rbridge.errors.RArgumentError` naming
    ``argument``. A config dict or a Keras 3 object of a class that Keras 3 lacks or
    computes differently (in float64: ``Constant``, ``RandomUniform``, the
    variance-scaling family, ``OrthogonalRegularizer``; see ``keras215_objects``)
    becomes rbridge's class of that name with the same configuration. Any other
    value (a callable, another Keras object or config, ``None``) is returned unchanged.
    """
    if not isinstance(value, str):
        return _exact_object(kind, value)
    _check_kind(kind)
    if value not in keras215_data()[kind]:
        raise _unknown(kind, value, argument)
    return _translation(kind, value)()


def _exact_object(kind: str, value: Any) -> Any:
    """Keras 2.15's meaning of an initializer, regularizer or constraint given as a config
    or a Keras 3 object, where ``keras215_objects`` has a class of that name."""
    if kind == "activation" or value is None:
        return value
    if isinstance(value, dict):
        class_name = value.get("class_name")
        if not isinstance(class_name, str) or value.get("registered_name") not in (None, class_name):
            return value
        exact = _special_classes(kind).get(class_name)
        return value if exact is None else exact.from_config(dict(value.get("config") or {}))
    name = type(value).__name__
    exact = _special_classes(kind).get(name)
    if exact is not None and type(value) is getattr(getattr(_keras(), _MODULES[kind]), name, None):
        return exact.from_config(value.get_config())
    return value


def _special_classes(kind: str) -> dict[str, type]:
    from . import keras215_objects

    return keras215_objects.build(_keras())[kind]


def r_keras_name(kind: str, keras3_object: Any) -> str | None:
    """The name R keras 2.15's ``get_config()`` shows for ``keras3_object``, or None.

    ``keras3_object`` is what :func:`keras3_value` returned (a string or an object it
    made) or the string the user gave. For activations this is Keras 2.15's own
    serialised name ("silu" is shown as "swish", as Keras 2.15 does); for the layer
    classes Keras 2.15 accepts as activations ("ReLU"), and for initializers,
    regularizers and constraints, the name as given. Objects rbridge did not make
    give None.
    """
    _check_kind(kind)
    name = keras3_object if isinstance(keras3_object, str) else getattr(keras3_object, _TAG, None)
    if not isinstance(name, str):
        return None
    entry = keras215_data()[kind].get(name)
    if entry is None:
        return None
    if kind == "activation" and isinstance(entry["config"], str):
        return entry["config"]
    return name


def keras215_config(kind: str, name: str) -> Any:
    """Keras 2.15's serialisation of the object ``name`` gives (a string for most
    activations, a ``{"class_name", "config", ...}`` dict otherwise): what R keras
    2.15 records in a layer's config."""
    _check_kind(kind)
    return keras215_data()[kind][name]["config"]


# -- translation, decided once per name --------------------------------------------------
def _keras() -> Any:
    import keras

    return keras


@functools.lru_cache(maxsize=None)
def _translation(kind: str, name: str):
    """A function making the Keras 3 value for ``name`` (cached: runs once per name)."""
    keras = _keras()
    from . import keras215_objects

    special = keras215_objects.build(keras)[kind]
    entry = keras215_data()[kind][name]
    module = getattr(keras, _MODULES[kind])
    if kind == "activation":
        if name in special:
            function = special[name]
            _tag(function, name)
            return lambda: function
        module.get(name)  # Keras 3 knows the name and (the test checks) computes the same
        return lambda: name

    config = entry["config"]
    class_name = config["class_name"] if isinstance(config, dict) and "class_name" in config else entry["class_name"]
    arguments = config.get("config", {}) if isinstance(config, dict) and "class_name" in config else {}
    if class_name in special:
        cls = special[class_name]

        def make():
            return _tag(cls(**arguments), name)
    else:
        def make():
            return _tag(module.deserialize({"class_name": class_name, "config": dict(arguments)}), name)
    if _keras3_agrees(module, name, make()):
        return lambda: name
    return make


def _keras3_agrees(module: Any, name: str, wanted: Any) -> bool:
    """Does Keras 3 make, from ``name`` alone, an object equal to ``wanted``?"""
    try:
        own = module.get(name)
    except Exception:  # noqa: BLE001 - Keras 3 refuses the name (or its defaults fail)
        return False
    return type(own) is type(wanted) and _same_config(own.get_config(), wanted.get_config())


def _same_config(a: Any, b: Any) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same_config(a[k], b[k]) for k in a)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return math.isclose(a, b, rel_tol=1e-6, abs_tol=0.0)
    return a == b


def _tag(obj: Any, name: str) -> Any:
    try:
        setattr(obj, _TAG, name)
    except AttributeError:
        pass
    return obj


def _unknown(kind: str, value: str, argument: str) -> RArgumentError:
    close = difflib.get_close_matches(value, r_keras_names(kind), n=5, cutoff=0.6)
    if not close:
        lowered = {n.lower(): n for n in r_keras_names(kind)}
        close = [lowered[m] for m in difflib.get_close_matches(value.lower(), list(lowered), n=5, cutoff=0.6)]
    hint = ("did you mean " + ", ".join(f'"{c}"' for c in close) + "?") if close else ""
    article = "an" if kind[0] in "aeiou" else "a"
    received = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return RArgumentError(argument, received, f"must name {article} {kind} R keras 2.15 accepts", hint)
