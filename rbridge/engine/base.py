"""What every engine does the same way: checking names with Keras, and ``object`` dispatch
with the input checked first (so nothing is half-built). An engine subclass says how its
Keras stores things (:meth:`preflight`, :meth:`start_model`) and converts arrays."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import RArgumentError
from ..rvalues import r_repr
from ..specs import LayerSpec
from . import preflight

# The Keras module that knows each kind of name.
_KERAS_MODULES = {"activation": "activations", "initializer": "initializers", "regularizer": "regularizers",
                  "constraint": "constraints"}


# From this size up, a column-major (R) array is cast in its own memory order and then
# transposed by TensorFlow: measured 2.2x one memcpy at 100 MB against 3.6x for a strided
# cast; below it TensorFlow's per-op overhead makes the plain conversion faster.
_TRANSPOSE_MIN_BYTES = 4 * 1024 * 1024


def column_major(array: Any) -> bool:
    """An R array's NumPy view (Fortran order, as rbridge's converter gives it)."""
    return (isinstance(array, np.ndarray) and array.ndim > 1 and array.flags.f_contiguous
            and not array.flags.c_contiguous)


def shape_text(shape) -> str:
    return "(" + ", ".join("NA" if d is None else str(d) for d in shape) + ")"


class BaseEngine:
    name = "base"
    keras: Any
    _known_names: set[tuple[str, str]]

    def __init__(self, keras: Any):
        self.keras = keras
        self._known_names = set()

    # -- hooks -----------------------------------------------------------------
    def check_dtype(self, dtype: str) -> None:
        raise NotImplementedError

    def preflight(self, layer: Any, shape, argument: str = "object", received: str | None = None) -> None:
        raise NotImplementedError

    def start_model(self, model: Any, layer: Any) -> None:
        """Add ``layer`` as the first layer of an empty ``model`` (its input shape checked)."""
        raise NotImplementedError

    def is_tensor(self, obj: Any) -> bool:
        raise NotImplementedError

    def is_symbolic(self, obj: Any) -> bool:
        return self.keras.backend.is_keras_tensor(obj)

    def model_is_empty(self, model: Any) -> bool:
        return not model.layers

    def convert(self, array: Any, dtype: str) -> Any:
        """An array as a tensor of ``dtype``. A large column-major array (an R array) is
        cast in one contiguous pass over its own memory, then transposed by TensorFlow,
        instead of one strided pass: nothing is copied before the cast."""
        if column_major(array) and array.nbytes >= _TRANSPOSE_MIN_BYTES:
            reversed_axes = tuple(range(array.ndim))[::-1]
            return self.transpose(self.to_tensor(array.T.astype(dtype), dtype), reversed_axes)
        return self.to_tensor(array, dtype)

    def to_tensor(self, array: Any, dtype: str) -> Any:
        raise NotImplementedError

    def transpose(self, tensor: Any, axes: tuple[int, ...]) -> Any:
        raise NotImplementedError

    def r_keras_config(self, config: dict) -> dict:
        """``get_config()`` in the form R keras 2.15 (on Keras 2) records it."""
        return config

    # -- arguments -------------------------------------------------------------
    def layer_class_for(self, spec: LayerSpec) -> type:
        raise NotImplementedError

    def resolve_name(self, kind: str, value: Any, argument: str) -> Any:
        """What Keras is given for an activation/initializer/... value (the Keras 3 engine
        gives R keras 2.15's meaning of names Keras 3 changed)."""
        return value

    def validate(self, spec: LayerSpec, kwargs: dict[str, Any]) -> None:
        """Names only Keras knows (activations, initializers, ..., dtypes): checked by lookup,
        which makes no variables and runs no TensorFlow op; then the argument combinations."""
        for argument in spec.arguments:
            value = kwargs.get(argument.name)
            if argument.keras_kind is None or value is None:
                continue
            module = _KERAS_MODULES[argument.keras_kind]
            if isinstance(value, str) and (module, value) in self._known_names:
                continue
            try:
                resolved = getattr(self.keras, module).get(self.resolve_name(argument.keras_kind, value,
                                                                             argument.name))
                if resolved is not None and not callable(resolved):
                    # Keras 2's regularizers.get() hands an unknown name back unchanged, to
                    # fail only in training; refuse it now, as Keras 3 does.
                    raise ValueError(f"Unknown {module[:-1]}: {value!r}")
            except (ValueError, TypeError) as exc:
                raise RArgumentError(
                    argument.name, r_repr(value), f"must name a known Keras {module[:-1]} or be one", str(exc)
                ) from None
            if isinstance(value, str):
                # A name Keras knows stays known: looked up once ("glorot_uniform" on every call
                # otherwise costs a tenth of making the layer).
                self._known_names.add((module, value))
        if kwargs.get("dtype") is not None:
            try:
                self.check_dtype(kwargs["dtype"])
            except (ValueError, TypeError):
                raise RArgumentError(
                    "dtype", r_repr(kwargs["dtype"]), 'must be a dtype name such as "float32" or "float64"'
                ) from None
        preflight.check_arguments(spec, kwargs)

    def make_layer(self, spec: LayerSpec, kwargs: dict[str, Any]) -> Any:
        return self.layer_class_for(spec)(**kwargs)

    # -- objects ---------------------------------------------------------------
    def object_kind(self, obj: Any) -> str:
        if isinstance(obj, self.keras.Sequential):
            return "sequential"
        if self.is_symbolic(obj):
            return "tensor"
        if isinstance(obj, np.ndarray) or self.is_tensor(obj):
            return "array"
        return "other"

    def is_data(self, value: Any) -> bool:
        """An eager result (array or tensor with values), as opposed to a layer/model/symbol."""
        return self.object_kind(value) == "array"

    def add_to_sequential(self, model: Any, layer: Any) -> Any:
        if self.model_is_empty(model):
            self.start_model(model, layer)
            return model
        try:
            shape = model.output_shape
        except (AttributeError, ValueError, RuntimeError):
            shape = None  # not built yet: Keras checks when the model is first called
        if shape is not None:
            self.preflight(layer, shape, received=f"a Sequential model with output shape {shape_text(shape)}")
            preflight.check_symbolic(layer._r_spec, layer)  # Keras calls it on the model's output tensor
        model.add(layer)
        return model

    def call_symbolic(self, layer: Any, tensor: Any) -> Any:
        """``layer`` on a symbolic tensor (a list of them for a merge), checked first."""
        shape = [tuple(t.shape) for t in tensor] if isinstance(tensor, list) else tuple(tensor.shape)
        received = ("list(" + ", ".join(f"a tensor of shape {shape_text(s)}" for s in shape) + ")"
                    if isinstance(shape, list) else f"a tensor of shape {shape_text(shape)}")
        self.preflight(layer, shape, received=received)
        preflight.check_symbolic(layer._r_spec, layer)
        return layer(tensor)

    def call_eager(self, layer: Any, array: Any) -> Any:
        """``layer`` on an array (a list of them for a merge), computed now: checked, then each
        array converted once, straight to the dtype the kind takes (an R double array is
        cast, not copied first)."""
        spec = layer._r_spec
        arrays = array if isinstance(array, list) else [array]
        for item in arrays:
            dtype = np.dtype(item.dtype.as_numpy_dtype if hasattr(item.dtype, "as_numpy_dtype") else item.dtype)
            if not (np.issubdtype(dtype, np.number) or dtype == np.bool_):
                raise RArgumentError(spec.first_argument, r_repr(item), "must be a numeric array")
        shapes = [tuple(a.shape) for a in arrays]
        shape = shapes if isinstance(array, list) else shapes[0]
        received = r_repr(array) if isinstance(array, np.ndarray) else None
        self.preflight(layer, shape, received=received)
        preflight.check_computable(spec, layer)
        spec.operation.check_eager_input(spec, layer, arrays)
        preflight.check_output_memory(spec, layer, shape, received or "the input")
        dtype = spec.operation.eager_input_dtype(spec, layer)
        converted = [self.convert(a, dtype) for a in arrays]
        return layer(converted if isinstance(array, list) else converted[0])
