"""How each family layer computes, for both engines' layer classes: ``call(spec, layer,
inputs, super_call, **kwargs)``.

Keras's own ``call`` is used where it computes R keras 2.15's numbers on every TensorFlow
kernel; elsewhere the computation is rbridge's (``conv_transpose.py``: channels_first and
dilation on every kernel, the bias added on the channel axis).
"""

from __future__ import annotations

from typing import Any, Callable

from ..specs import LayerSpec
from .conv_transpose import layer_call as conv1d_transpose_call


def call(spec: LayerSpec, layer: Any, inputs: Any, super_call: Callable[..., Any], **kwargs: Any) -> Any:
    if spec.kind == "conv_transpose" and spec.rank == 1:
        return conv1d_transpose_call(layer, inputs)
    return super_call(inputs, **kwargs)
