"""How a Keras 3 ``get_config()`` differs from R keras 2.15's (Keras 2), per field.

Each rule is an engine difference, not a behaviour difference: a field one Keras has and
the other has not, or stores in another form, with the layer computing the same. The layer's
class is read off the config's own fields (the config is all the engines hand over).

Every class:
 * dtype: Keras 3 serialises a DTypePolicy; Keras 2 the dtype's name.
 * initializer configs: Keras 3 adds keys Keras 2 never had (GlorotUniform's
   input_axes/output_axes); they are dropped when they hold their default None.

Per class:
 * groups: Keras 2's transposed, depthwise and separable convolutions inherit Conv's
   config and report groups = 1; Keras 3's have no groups at all.
 * SeparableConv1D/2D: Keras 2's inherit Conv's kernel_initializer (glorot_uniform, never
   used: the layer has depthwise and pointwise kernels), kernel_regularizer and
   kernel_constraint (None); Keras 3's have none of them.
 * Conv3DTranspose: Keras 2.15's takes dilation_rate and ignores it (R keras's source says
   so: "TODO: warning should be issued if user supplied dilation_rate and we're ignoring
   it"), and its config has no dilation_rate; Keras 3's does. Dropped only when it is all
   ones: any other value is a difference in what the layer computes, and stays visible.
 * ConvLSTM2D: Keras 2's RNN config has time_major (always False from R keras); Keras 3's
   has zero_output_for_mask (False) and seed (None, dropout's seed) instead.
 * ZeroPadding1D: Keras 3's has data_format (always channels_last); Keras 2's has none.
"""

from __future__ import annotations

_KERAS3_ONLY_NONE_KEYS = ("input_axes", "output_axes")

# Keras 2's default kernel_initializer, as its get_config() writes it.
_GLOROT_UNIFORM = {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": None},
                   "registered_name": None}


def _flat_pair(value) -> bool:
    return isinstance(value, (list, tuple)) and len(value) == 2 and all(isinstance(v, int) for v in value)


def r_keras_config(config: dict) -> dict:
    """A Keras 3 ``get_config()`` in the form R keras 2.15 (Keras 2) records it."""
    out = dict(config)
    dtype = out.get("dtype")
    if isinstance(dtype, dict):
        out["dtype"] = dtype.get("config", {}).get("name")
    convolution = "kernel_size" in out
    transpose = convolution and "output_padding" in out
    separable = "pointwise_initializer" in out
    depthwise = "depthwise_initializer" in out and not separable
    if transpose or separable or depthwise:
        out.setdefault("groups", 1)
    if separable:
        out.setdefault("kernel_initializer", dict(_GLOROT_UNIFORM))
        out.setdefault("kernel_regularizer", None)
        out.setdefault("kernel_constraint", None)
    if transpose and len(out["kernel_size"]) == 3 and all(d == 1 for d in out.get("dilation_rate", ())):
        del out["dilation_rate"]
    if "return_sequences" in out:  # ConvLSTM2D
        if out.get("zero_output_for_mask") is False:
            del out["zero_output_for_mask"]
        if "seed" in out and out["seed"] is None:
            del out["seed"]
        out.setdefault("time_major", False)
    if not convolution and _flat_pair(out.get("padding")) and out.get("data_format") == "channels_last":
        del out["data_format"]  # ZeroPadding1D
    for key, value in out.items():
        if isinstance(value, dict) and isinstance(value.get("config"), dict):
            inner = {k: v for k, v in value["config"].items()
                     if not (k in _KERAS3_ONLY_NONE_KEYS and v is None)}
            out[key] = {**value, "config": inner, **_keras215_class(key, value)}
    return out


def _keras215_class(key: str, value: dict) -> dict:
    """Where rbridge's Keras 2.15 stand-in (engine/keras215_objects.py, registered as
    ``rbridge>Name``) holds the place of Keras's class ``Name``: Keras 2.15's module and
    registration, as R keras 2.15's config shows them."""
    registered = value.get("registered_name")
    kind = key.rsplit("_", 1)[-1]
    if not (isinstance(registered, str) and registered == f"rbridge>{value.get('class_name')}"
            and kind in ("initializer", "regularizer", "constraint")):
        return {}
    return {"module": f"keras.{kind}s", "registered_name": None}
