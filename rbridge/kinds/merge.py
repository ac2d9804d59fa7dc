"""Merges (layer_add(), _subtract(), _multiply(), _average(), _maximum(), _minimum(),
_concatenate(), _dot()): the first argument is ``inputs``, a list of tensors or arrays, or
one of them with the others as unnamed arguments in ``...``.

What R keras 2.15 sends depends on the form of the call (R/layers-merge.R), and rbridge keeps
it (:meth:`Merge.arrange_r_call`):

* missing ``inputs``: the layer, with the named arguments; unnamed ones are an R error;
* ``inputs`` given and any *named* argument in ``...`` (``name``, ``dtype``): R keras's
  ``c()`` gives the list of inputs names, reticulate hands Keras a dict, and Keras fails
  ("KeyError: 0"), except in layer_concatenate()'s and layer_dot()'s list forms;
* layer_concatenate(): the list form sends ``axis`` (an unnamed number after the list is
  ``axis``); the spread form (``layer_concatenate(a, b, axis = 1)``) never sends it: -1;
* layer_dot(): the list form takes unnamed ``axes`` then ``normalize`` after the list; a
  pair of ``axes`` with inputs fails (R's ``c()`` splits it into ``axes1``/``axes2``); the
  spread form splits an R array given as ``inputs`` into its numbers (R's ``c()``).
"""

from __future__ import annotations

from typing import Any

from ..errors import RArgumentError
from ..reference import merge as ref
from ..rvalues import r_repr
from . import register
from .base import Kind, r_shape

_REFERENCES = {
    "Add": lambda xs, a: ref.add(xs), "Subtract": lambda xs, a: ref.subtract(xs),
    "Multiply": lambda xs, a: ref.multiply(xs), "Average": lambda xs, a: ref.average(xs),
    "Maximum": lambda xs, a: ref.maximum(xs), "Minimum": lambda xs, a: ref.minimum(xs),
    "Concatenate": lambda xs, a: ref.concatenate(xs, a.get("axis", -1)),
    "Dot": lambda xs, a: ref.dot(xs, a["axes"], bool(a.get("normalize", False))),
}
# How many inputs a layer takes (None: one or more).
_ARITY = {"Subtract": 2, "Dot": 2}


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@register
class Merge(Kind):
    name = "merge"
    first_argument = "inputs"
    dots_are_inputs = True

    def example_arguments(self, spec):
        return {"axes": 1} if "axes" in spec.by_name else {}

    def input_rank(self, spec):
        return None

    # ------------------------------------------------------------------ R's call forms
    def arrange_r_call(self, spec, values: dict, more_inputs: list, dots: dict, supplied: set):
        """R keras 2.15's reading of the call (see the module's docstring): returns
        ``(values, more_inputs, supplied)``, or raises where R keras fails."""
        from ..layers import _to_python
        from ..specs import MISSING

        inputs = values["inputs"]
        inputs = values["inputs"] = inputs if inputs is MISSING else _to_python(inputs)
        dots = {name: _to_python(value) for name, value in dots.items()}
        fn = spec.r_name
        if inputs is MISSING:
            if more_inputs:
                raise RArgumentError("...", r_repr(more_inputs[0]), f"must be named when {fn}() has no `inputs`",
                                     "R keras 2.15 passes them on to Keras's layer class, which takes none")
            return values, more_inputs, supplied
        if inputs is None:
            raise RArgumentError("inputs", "NULL", "must be a tensor or an array, or a list of them (missing gives the "
                                 "layer)", "R keras 2.15 hands Keras list(NULL), which it refuses")
        is_list = isinstance(inputs, (list, tuple))
        cls = spec.keras_class
        if is_list and cls == "Concatenate":
            if more_inputs and not _given(values, supplied, "axis") and _is_number(more_inputs[0]):
                # layer_concatenate(list(a, b), 1): R keras 2.15 reads the number as axis
                values["axis"], more_inputs = more_inputs[0], more_inputs[1:]  # back-compatible position
                supplied.add("axis")
            self._no_more(fn, more_inputs)
            return self._checked(spec, values, more_inputs, supplied)
        if is_list and cls == "Dot":
            for name in ("axes", "normalize"):
                if more_inputs and not _given(values, supplied, name):
                    values[name], more_inputs = more_inputs[0], more_inputs[1:]
                    supplied.add(name)
            self._no_more(fn, more_inputs)
            self._single_axes(values)
            return self._checked(spec, values, more_inputs, supplied)
        # The spread form: list(inputs) (or inputs) followed by the unnamed `...`.
        if dots:
            name = next(iter(dots))
            raise RArgumentError(
                name, r_repr(dots[name]), f"cannot be given in `...` together with `inputs` in R keras 2.15's {fn}()",
                f"R keras 2.15 fails there (its c() names the list of inputs, and Keras reads a dict: KeyError 0); "
                f"make the layer first: {fn}({name} = ...)(list(a, b))")
        if cls == "Dot":
            if not is_list and not _symbolic(inputs):
                raise RArgumentError("inputs", r_repr(inputs), "must be a list of the two arrays",
                                     "R keras 2.15's layer_dot(a, b) splits an array `a` into its numbers (R's c()); "
                                     "write layer_dot(list(a, b), axes = ...)")
            self._single_axes(values)
        if cls == "Concatenate":
            values["axis"] = -1  # R keras 2.15 never sends `axis` in this form
            supplied.discard("axis")
        return self._checked(spec, values, more_inputs, supplied)

    @staticmethod
    def _checked(spec, values: dict, more_inputs: list, supplied: set):
        """The inputs are all tensors or all arrays: refused here, before a layer is made."""
        from ..engine import get_engine

        inputs = values["inputs"]
        items = [*(inputs if isinstance(inputs, (list, tuple)) else [inputs]), *more_inputs]
        engine = get_engine()
        kinds = {engine.object_kind(item) for item in items}
        if not items or kinds not in ({"tensor"}, {"array"}):
            raise RArgumentError("inputs", r_repr(inputs), "must be a tensor (e.g. from layer_input()) or an array, "
                                 "or a list of them (all tensors or all arrays); missing gives the layer")
        if kinds == {"array"}:
            import numpy as np

            for item in items:
                dtype = np.dtype(item.dtype.as_numpy_dtype if hasattr(item.dtype, "as_numpy_dtype") else item.dtype)
                if not (np.issubdtype(dtype, np.number) or dtype == np.bool_):
                    raise RArgumentError("inputs", r_repr(inputs), "must hold numeric arrays")
        return values, more_inputs, supplied

    @staticmethod
    def _no_more(fn: str, more_inputs: list) -> None:
        if more_inputs:
            raise RArgumentError("...", r_repr(more_inputs[0]), f"is one unnamed argument too many after the list of "
                                 f"inputs of {fn}()", "R keras 2.15 passes it on to Keras, which fails")

    @staticmethod
    def _single_axes(values: dict) -> None:
        from ..specs import MISSING

        from ..layers import _to_python

        axes = values.get("axes", MISSING)
        axes = axes if axes is MISSING else _to_python(axes)
        if axes is not MISSING and isinstance(axes, (list, tuple)) and len(axes) > 1:
            raise RArgumentError("axes", r_repr(axes), "must be one axis when `inputs` is given",
                                 "R keras 2.15's c() splits a pair into axes1 and axes2, which Keras refuses; make the "
                                 "layer first: layer_dot(axes = c(1, 2))(list(a, b))")

    # ------------------------------------------------------------------ shapes
    def check_input(self, spec, layer, input_shape, *, argument, shown):
        shapes = input_shape if isinstance(input_shape, list) else [input_shape]
        cls = spec.keras_class
        arity = _ARITY.get(cls)
        if arity is not None and len(shapes) != arity:
            raise RArgumentError(argument, shown, f"{spec.r_name}() takes exactly {arity} inputs, not {len(shapes)}")
        if cls == "Dot":
            return self._check_dot(spec, layer, shapes, argument, shown)
        if cls == "Concatenate":
            return self._check_concatenate(spec, layer, shapes, argument, shown)
        ranks = {len(s) for s in shapes}
        if len(ranks) > 1 or min(ranks) < 2:
            raise RArgumentError(argument, shown, "the inputs must have the same number of axes (at least 2, batch first)")
        for axis in range(1, len(shapes[0])):
            sizes = {s[axis] for s in shapes if s[axis] is not None and s[axis] != 1}
            if len(sizes) > 1:
                raise RArgumentError(argument, shown, f"the inputs' shapes do not match on axis {axis}: "
                                     + ", ".join(r_shape(s[1:]) for s in shapes))

    def _check_concatenate(self, spec, layer, shapes, argument, shown):
        ranks = {len(s) for s in shapes}
        if len(ranks) > 1:
            raise RArgumentError(argument, shown, "the inputs must have the same number of axes")
        ndim = ranks.pop()
        axis = layer.axis
        if not -ndim <= axis < ndim:
            raise RArgumentError("axis", str(axis), f"is not an axis of {ndim}-d inputs (Keras counts from 0)")
        axis %= ndim
        for a in range(ndim):
            sizes = {s[a] for s in shapes if s[a] is not None}
            if a != axis and len(sizes) > 1:
                raise RArgumentError(argument, shown, f"the inputs must match on every axis but axis {axis} "
                                     f"(the concatenation axis); axis {a} differs")

    def _check_dot(self, spec, layer, shapes, argument, shown):
        axes = layer.axes if isinstance(layer.axes, (list, tuple)) else [layer.axes] * 2
        sizes = []
        for shape, axis in zip(shapes, axes):
            if not -len(shape) <= axis < len(shape) or axis % len(shape) == 0:
                raise RArgumentError("axes", str(layer.axes), f"is not a non-batch axis of an input of {len(shape)} "
                                     "axes (Keras counts from 0)")
            sizes.append(shape[axis])
        if None not in sizes and sizes[0] != sizes[1]:
            raise RArgumentError(argument, shown, f"the inputs' sizes along `axes` differ ({sizes[0]} and {sizes[1]})")

    def reference(self, spec, r_args, x, weights):
        return _REFERENCES[spec.keras_class](list(x), r_args)


def _given(values: dict, supplied: set, name: str) -> bool:
    """Was ``name`` typed? (From R, a missing argument arrives as MISSING, named.)"""
    from ..specs import MISSING

    return name in supplied and values.get(name) is not MISSING


def _symbolic(value: Any) -> bool:
    from ..engine import get_engine

    return get_engine().object_kind(value) == "tensor"
