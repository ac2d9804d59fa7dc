"""Keras 2.15's default names for what Keras 3 names otherwise, on Keras 3.

R keras 2.15's ``layer_input()`` made ``input_1``, ``input_2``, ... (Keras 2.15's InputLayer:
``"input_" + get_uid("input")``, from 1) and ``keras_model()`` made ``model``, ``model_1``, ...
Keras 3 names them ``input_layer``, ``input_layer_1``, ... and ``functional``, ... . The names
show in ``summary()`` and are what ``get_layer(name = )`` finds, so on Keras 3 rbridge gives
Keras 2.15's. The counters live in Keras 3's global state, which ``k_clear_session()``
(Keras's ``clear_session()``) resets, as Keras 2.15's ``clear_session()`` reset its own.
"""

from __future__ import annotations

import collections


def _uids() -> collections.defaultdict:
    from keras.src.backend.common import global_state

    return global_state.get_global_attribute(
        "rbridge_keras215_name_uids", default=collections.defaultdict(int), set_to_default=True)


def input_name() -> str:
    """Keras 2.15's name for the next ``Input()``: ``input_<n>``, n from 1."""
    uids = _uids()
    uids["input"] += 1
    return f"input_{uids['input']}"


def model_name() -> str:
    """Keras 2.15's name for the next functional model: ``model``, then ``model_1``, ... (Keras 3's
    own ``auto_name()`` rule, which is Keras 2.15's zero-based one, under Keras 2.15's prefix)."""
    from keras.src.utils.naming import auto_name

    return auto_name("model")
