"""One class per kind of operation: what a convolution, a pooling, a merge... means, once.

How to add a layer
------------------
*Adding a layer of an existing kind is one spec; adding a kind is one module (and its
reference).*

* **A layer of an existing kind**: one ``LayerSpec`` (``rbridge/specs/<module>.py``, in a
  list named ``SPECS``; every module of ``rbridge/specs/`` with a ``SPECS`` list is read),
  with ``kind="<the kind's name>"``. Its R formals and defaults are checked against R keras
  2.15's source (tests/python/test_specs.py), its help page is R keras's own
  (``python tools/import_r_docs.py``), then ``python tools/generate_r.py`` writes its R
  wrapper, help page, NAMESPACE export and Python stub. A quirk of one function (R keras
  refuses causal padding there, ignores its dilation...) is a named field of
  :class:`~rbridge.specs.base.LayerSpec`, read by the kind, not a test of ``r_name``.
* **A new kind**: one module here, ``rbridge/kinds/<kind>.py``, with a subclass of
  :class:`~rbridge.kinds.base.Kind` registered by ``@register``; every module of this
  package is imported, so nothing else is edited. Override only what the kind needs (see
  the table in :mod:`rbridge.kinds.base`): its input rank, its checks, its weights, its
  output-size rule where Keras's is not R keras 2.15's, its computation where a CPU kernel
  refuses, and its NumPy reference (a function in ``rbridge/reference/<kind>.py``, written
  from the operation's definition, importing nothing from TensorFlow or Keras). The engines
  (Keras 3 and Keras 2) make every spec's layer class with one factory
  (``rbridge/engine/layer_class.py``): a new kind needs no engine edit.

:mod:`rbridge.kinds.flatten` is the worked example: a kind in twenty lines.

Flags a kind sets (class attributes of :class:`~rbridge.kinds.base.Kind`):
``first_argument`` (``"inputs"`` for merges: a list of tensors or arrays), ``dots_are_inputs``
(unnamed ``...`` are more inputs), ``training_mode`` (dropout, noise, normalization),
``integer_inputs`` (embedding), ``time_axis`` (ConvLSTM), ``has_weights``, ``size_argument``.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import TypeVar

from .base import Kind

KINDS: dict[str, Kind] = {}

K = TypeVar("K", bound=type)


def register(cls: K) -> K:
    """Class decorator: register one instance of a :class:`Kind` subclass under its name."""
    kind = cls()
    if not kind.name:
        raise ValueError(f"{cls.__name__} has no name")
    if kind.name in KINDS and type(KINDS[kind.name]) is not cls:
        raise ValueError(f"two kinds named {kind.name!r}: {type(KINDS[kind.name]).__name__} and {cls.__name__}")
    KINDS[kind.name] = kind
    return cls


def _import_all() -> None:
    """Import every module of this package: each registers its kinds."""
    for module in pkgutil.iter_modules(__path__):
        if module.name != "base" and not module.name.startswith("_"):
            importlib.import_module(f"{__name__}.{module.name}")


def kind_of(name: str) -> Kind:
    """The registered kind ``name``."""
    try:
        return KINDS[name]
    except KeyError:
        raise KeyError(f"no kind named {name!r}; known: {', '.join(sorted(KINDS))}") from None


_import_all()

__all__ = ["KINDS", "Kind", "kind_of", "register"]
