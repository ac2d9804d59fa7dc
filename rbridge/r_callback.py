"""R keras 2.15's ``RCallback`` (its ``inst/python/kerastools/callback.py``, MIT licence): a Keras
callback that calls the R functions of an R6 ``KerasCallback`` (R/rk-callbacks.R), on Keras 3
or Keras 2."""

from __future__ import annotations

from .engine import get_engine

_HOOKS = ("epoch_begin", "epoch_end", "train_begin", "train_end", "batch_begin", "batch_end",
          "predict_batch_begin", "predict_batch_end", "predict_begin", "predict_end",
          "test_batch_begin", "test_batch_end", "test_begin", "test_end",
          "train_batch_begin", "train_batch_end")


def RCallback(r_set_context, **r_hooks):
    """A Keras ``Callback`` calling ``r_hooks`` (``r_on_epoch_begin=`` ...), made with the
    engine's Keras. ``r_set_context(params, model)`` runs at ``on_train_begin``."""
    base = get_engine().keras.callbacks.Callback

    class _RCallback(base):
        def __init__(self):
            super().__init__()
            self._chief_worker_only = False  # (tf.distribute strategies)

    def hook(name):
        r_function = r_hooks[f"r_on_{name}"]
        if name in ("train_begin",):
            def method(self, logs=None):
                r_set_context(self.params, self.model)
                r_function(logs)
        elif name.endswith(("begin", "end")) and name.split("_")[0] in ("train", "predict", "test") \
                and "batch" not in name:
            def method(self, logs=None):
                r_function(logs)
        else:
            def method(self, index, logs=None):
                r_function(index, logs)
        return method

    for name in _HOOKS:
        setattr(_RCallback, f"on_{name}", hook(name))
    return _RCallback()
