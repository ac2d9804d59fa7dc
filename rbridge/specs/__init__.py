"""One :class:`~rbridge.specs.base.LayerSpec` per R keras 2.15 function.

:data:`SPECS` maps each R function's name to its spec, sorted by name. Every module of this
package with a ``SPECS`` list contributes its specs (a new group of functions is a new
module; nothing here changes). The text of each (title, argument descriptions, sections) is
R keras 2.15's own, kept in ``r_keras_docs.json`` (made by ``tools/import_r_docs.py`` from R
keras's Rd pages). Each spec's kind of operation is ``spec.operation`` (rbridge/kinds/).
"""

from __future__ import annotations

import importlib
import json
import pkgutil
from pathlib import Path

from .base import MISSING, LayerSpec, RArgument

_DOCS_FILE = Path(__file__).with_name("r_keras_docs.json")
_NOT_SPECS = ("base", "common", "docs")


def _modules() -> list:
    return [importlib.import_module(f"{__name__}.{m.name}") for m in pkgutil.iter_modules(__path__)
            if m.name not in _NOT_SPECS and not m.name.startswith("_")]


def _load() -> dict[str, LayerSpec]:
    docs = json.loads(_DOCS_FILE.read_text()) if _DOCS_FILE.exists() else {}
    specs = [spec for module in _modules() for spec in getattr(module, "SPECS", [])]
    names = [s.r_name for s in specs]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ValueError(f"more than one spec for {', '.join(twice)}")
    return {s.r_name: s.with_docs(docs.get(s.r_name, {})) for s in sorted(specs, key=lambda s: s.r_name)}


SPECS: dict[str, LayerSpec] = _load()

__all__ = ["MISSING", "SPECS", "LayerSpec", "RArgument"]
