"""How a Keras 3 ``get_config()`` differs from R keras 2.15's (Keras 2), per field.

Each rule is an engine difference, not a behaviour difference:
 * dtype: Keras 3 serialises a DTypePolicy; Keras 2 the dtype's name.
 * groups: Keras 2's transposed convolutions report groups = 1 (they inherit Conv's
   config); Keras 3's have no groups at all.
 * initializer configs: Keras 3 adds keys Keras 2 never had (GlorotUniform's
   input_axes/output_axes); they are dropped when they hold their default None.
"""

from __future__ import annotations

_KERAS3_ONLY_NONE_KEYS = ("input_axes", "output_axes")


def r_keras_config(config: dict) -> dict:
    """A Keras 3 ``get_config()`` in the form R keras 2.15 (Keras 2) records it."""
    out = dict(config)
    dtype = out.get("dtype")
    if isinstance(dtype, dict):
        out["dtype"] = dtype.get("config", {}).get("name")
    if "kernel_size" in out and "filters" in out and "output_padding" in out:
        out.setdefault("groups", 1)
    for key, value in out.items():
        if isinstance(value, dict) and isinstance(value.get("config"), dict):
            inner = {k: v for k, v in value["config"].items()
                     if not (k in _KERAS3_ONLY_NONE_KEYS and v is None)}
            out[key] = {**value, "config": inner}
    return out
