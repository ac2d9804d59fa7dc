"""The family: one :class:`~rbridge.specs.base.LayerSpec` per R keras 2.15 function.

:data:`SPECS` maps each R function's name to its spec, in the order R keras's help pages
list the family. The text of each (title, argument descriptions, sections) is R keras
2.15's own, kept in ``r_keras_docs.json`` (made by ``tools/import_r_docs.py`` from R
keras's Rd pages).
"""

from __future__ import annotations

import json
from pathlib import Path

from . import conv, conv_lstm, reshaping, separable
from .base import KINDS, MISSING, LayerSpec, RArgument

_DOCS_FILE = Path(__file__).with_name("r_keras_docs.json")


def _load() -> dict[str, LayerSpec]:
    docs = json.loads(_DOCS_FILE.read_text()) if _DOCS_FILE.exists() else {}
    specs = [*conv.SPECS, *separable.SPECS, *conv_lstm.SPECS, *reshaping.SPECS]
    return {s.r_name: s.with_docs(docs.get(s.r_name, {})) for s in sorted(specs, key=lambda s: s.r_name)}


SPECS: dict[str, LayerSpec] = _load()

__all__ = ["KINDS", "MISSING", "SPECS", "LayerSpec", "RArgument"]
