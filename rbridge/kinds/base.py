"""The base class of every kind of operation: :class:`Kind`.

One :class:`Kind` instance per kind (conv, pooling, dense, merge, ...) is registered under
its name in :data:`rbridge.kinds.KINDS`; a spec names its kind (``LayerSpec.kind``) and
reaches it as ``spec.operation``. The engines, the preflight checks, ``object`` dispatch,
the generators and verify ask the kind, never test the kind's name, the function's name or
its rank: what differs by function within a kind is a named field of the spec
(``causal_refused_when_built``, ``ignores_dilation``, ...).

Every hook has a default that does nothing (or lets Keras do it), so a simple kind is a few
lines: a name, its input rank and its NumPy reference. The hooks, in the order a layer
meets them:

===========================  ==================================================================
``check_arguments``          the coerced arguments, when the layer is made (no input yet)
``keras3_arguments``         values R keras 2.15 made a layer with and Keras 3 refuses: replaced
                             for Keras 3's constructor, restored on the layer
``check_input``              the input's shape (batch axis first) when the layer is built: its
                             rank, then ``check_built``
``check_built``              what R keras 2.15 refuses (or TensorFlow fails on) once the input
                             shape is known
``expected_weights``         the weights' shapes on that input (the ``weights`` argument and the
                             memory check are checked against them)
``check_computable``         before an eager call: values TensorFlow fails on when it computes
``output_shape``             the output shape, where Keras's own is not R keras 2.15's
``call``                     the computation, where a TensorFlow CPU kernel refuses a setting or
                             Keras 3 changed the meaning (Keras's own call otherwise)
``config``                   ``get_config()``, where the layer's config must show what it
                             computes
``reference``                the independent NumPy computation (``rbridge/reference/``)
===========================  ==================================================================
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Sequence

from ..errors import RArgumentError

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

    from ..specs.base import LayerSpec

Shape = tuple  # a shape, batch axis first, None for an unknown size


def r_shape(shape: Sequence[int | None]) -> str:
    """A shape as R writes it: ``c(NA, 5, 3)``."""
    return "c(" + ", ".join("NA" if d is None else str(d) for d in shape) + ")"


def r_ints(values: Sequence[int]) -> str:
    """Integers as R writes them: ``2`` or ``c(2, 1)``."""
    values = tuple(values)
    return str(values[0]) if len(values) == 1 else "c(" + ", ".join(str(v) for v in values) + ")"


def r_int(value: int) -> str:
    """One integer as R shows it (R keras hands ``NA_integer_`` to Keras as -2147483648)."""
    return "NA" if value == -2**31 else str(value)


def on_keras3() -> bool:
    """Is the engine Keras 3? For a kind whose computation differs only there."""
    from ..engine import get_engine

    return get_engine().name == "keras3"


# What a layer made by R keras 2.15 does, and rbridge says in its messages.
FAILS_WHEN_RUN = "R keras 2.15 makes the layer (and symbolic tensors), and TensorFlow fails when it computes"
FAILS_WHEN_SYMBOLIC = ("R keras 2.15 makes the layer, and fails when it is called on a tensor (TensorFlow refuses it "
                       "while building the graph), as rbridge does")
FAILS_WHEN_BUILT = "R keras 2.15 makes the layer, and fails when it is built on an input, as rbridge does"


class Kind:
    """One kind of operation. Subclass it, set :attr:`name`, override what the kind needs,
    and register an instance (:func:`rbridge.kinds.register`)."""

    #: The kind's name, as specs write it (``LayerSpec.kind``).
    name: ClassVar[str] = ""
    #: The R name of the first argument: ``"object"`` (a model, tensor, array, missing or
    #: NULL), or ``"inputs"`` (merge layers: one tensor/array or a list of them).
    first_argument: ClassVar[str] = "object"
    #: Unnamed arguments in R's ``...`` are more inputs (R keras's merge layers:
    #: ``layer_add(a, b)``); named ones are layer arguments.
    dots_are_inputs: ClassVar[bool] = False
    #: The layer computes differently in training (dropout, noise, batch normalization): an
    #: eager call from rbridge is, as R keras's, in inference mode.
    training_mode: ClassVar[bool] = False
    #: The input is integers (embedding): an eager call converts the array to ``int32``.
    integer_inputs: ClassVar[bool] = False
    #: The input has a time axis before the spatial ones (ConvLSTM).
    time_axis: ClassVar[bool] = False
    #: Whether the layer has weights (drives the ``weights`` check and verify's
    #: "are the weights fixed?" question).
    has_weights: ClassVar[bool] = False
    #: The R argument that makes the layer's weights or output large, named when they would
    #: not fit in memory (``filters``; ``size`` for upsampling).
    size_argument: ClassVar[str | None] = None
    #: Keras 2 in a graph: the call's output gets the static shape ``compute_output_shape``
    #: gives (rbridge's own computations lose it); False where Keras sets it (recurrent).
    sets_static_shape: ClassVar[bool] = True

    # ------------------------------------------------------------------ shapes of inputs
    def input_rank(self, spec: "LayerSpec") -> int | None:
        """The input's number of axes, batch included, or None where any rank from
        :meth:`min_input_rank` up is taken. Default: batch, (time,) the spec's spatial
        axes, channels; None for a spec without spatial axes (``rank = 0``)."""
        if not spec.rank:
            return None
        return spec.rank + 2 + (1 if self.time_axis else 0)

    def min_input_rank(self, spec: "LayerSpec") -> int:
        """The least number of axes (batch included) where :meth:`input_rank` is None."""
        return 2

    def axis_names(self, spec: "LayerSpec") -> list[str]:
        """The input's axes, for messages ("batch, rows, cols, channels")."""
        spatial = {0: [], 1: ["steps"], 2: ["rows", "cols"], 3: ["dim1", "dim2", "dim3"]}[spec.rank]
        return ["batch", *(["time"] if self.time_axis else []), *spatial, "channels"]

    def channels_first(self, layer: Any) -> bool:
        return getattr(layer, "data_format", None) == "channels_first"

    def channel_axis(self, spec: "LayerSpec", layer: Any) -> int:
        """The channel axis (batch axis 0)."""
        if self.channels_first(layer):
            return 2 if self.time_axis else 1
        return -1

    def spatial(self, spec: "LayerSpec", layer: Any, input_shape: Shape) -> tuple:
        """The spatial sizes of ``input_shape``, in the layer's data format."""
        start = (2 if self.time_axis else 1) + (1 if self.channels_first(layer) else 0)
        return tuple(input_shape[start:start + spec.rank])

    # ------------------------------------------------------------------ arguments
    def check_arguments(self, spec: "LayerSpec", kwargs: dict[str, Any]) -> None:
        """Refuse combinations of the coerced arguments that no input could make work, as R
        keras 2.15 (Keras 2.15) refuses them when the layer is made. Raise RArgumentError."""

    def arrange_r_call(self, spec: "LayerSpec", values: dict[str, Any], more_inputs: list, dots: dict[str, Any],
                       supplied: set[str]) -> tuple[dict[str, Any], list, set[str]]:
        """R keras 2.15's reading of the call's form, before the arguments are coerced
        (merges: where unnamed arguments go, what a form drops or fails on). ``values``: the
        bound R arguments; ``more_inputs``: R's unnamed ``...`` (converted); ``dots``: the
        named ones; ``supplied``: the names typed. Returns ``(values, more_inputs,
        supplied)``; raises RArgumentError where R keras fails."""
        return values, more_inputs, supplied

    def complete_arguments(self, spec: "LayerSpec", kwargs: dict[str, Any]) -> dict[str, Any]:
        """What Keras 2.15's constructor adds to the arguments R keras sends (Embedding's
        input shape), given to either engine."""
        return kwargs

    def keras3_arguments(self, spec: "LayerSpec", kwargs: dict[str, Any]) -> dict[str, Any]:
        """Values R keras 2.15 makes a layer with that Keras 3's constructor refuses: change
        ``kwargs`` in place to values Keras 3 takes, and return ``{attribute: R value}``, set
        on the layer once it is made (its config then shows R keras's value)."""
        return {}

    # ------------------------------------------------------------------ when built
    def check_input(self, spec: "LayerSpec", layer: Any, input_shape: Shape, *, argument: str,
                    shown: str) -> None:
        """The input shape (batch axis first; a list of shapes for a merge) fits the layer:
        its rank, then :meth:`check_built`. ``argument`` is the R argument the shape came
        from (``object``, ``input_shape``, ``batch_input_shape``); ``shown`` the input as
        the message shows it."""
        rank = self.input_rank(spec)
        wrong = len(input_shape) != rank if rank is not None else len(input_shape) < self.min_input_rank(spec)
        if wrong:
            axes = ", ".join(self.axis_names(spec))
            need = f"{rank}-d input ({axes})" if rank is not None else \
                f"input of at least {self.min_input_rank(spec)} axes (batch first)"
            hint = f": give input_shape as c({axes.split(', ', 1)[1]})" \
                if argument == "input_shape" and rank is not None else ""
            raise RArgumentError(argument, shown, f"{spec.r_name}() needs {need}{hint}")
        self.check_built(spec, layer, input_shape, argument=argument, shown=shown)

    def check_built(self, spec: "LayerSpec", layer: Any, input_shape: Shape, *, argument: str,
                    shown: str) -> None:
        """What R keras 2.15 refuses, or TensorFlow fails on, once the input shape is known
        (before anything is built, so nothing is left half-built). Raise RArgumentError."""

    def expected_weights(self, spec: "LayerSpec", layer: Any, input_shape: Shape) -> list[tuple] | None:
        """The shapes of the layer's weights on ``input_shape``, in Keras's order; None
        where they are not known (an unknown channel count)."""
        return []

    def before_build(self, spec: "LayerSpec", layer: Any, input_shape: Shape) -> None:
        """Right before Keras builds the layer on ``input_shape`` (checked): prepare what
        Keras's own build would refuse and R keras 2.15 built (Keras 3's ConvLSTM on an
        unknown spatial size)."""

    def check_symbolic(self, spec: "LayerSpec", layer: Any) -> None:
        """Before the layer is called on a symbolic tensor (from layer_input(), or a
        Sequential model with a known input shape): values R keras 2.15 makes the layer with
        and then fails on while building the graph (TensorFlow refuses a depth-0 filter).
        Raise RArgumentError saying R keras 2.15 fails there too (:data:`FAILS_WHEN_SYMBOLIC`)."""

    # ------------------------------------------------------------------ computing
    def check_computable(self, spec: "LayerSpec", layer: Any) -> None:
        """Before an eager call: values R keras 2.15 makes the layer (and symbolic tensors)
        with, and TensorFlow fails on once it computes numbers. Raise RArgumentError."""

    def check_eager_input(self, spec: "LayerSpec", layer: Any, arrays: list) -> None:
        """Before an eager call: the input's values (a list of arrays), where R keras 2.15's
        Keras fails on some (an Embedding index out of range). Raise RArgumentError."""

    def output_shape(self, spec: "LayerSpec", layer: Any, input_shape: Shape) -> Shape | None:
        """The output shape where Keras's own ``compute_output_shape`` is not R keras
        2.15's; None: Keras's own."""
        return None

    def call(self, spec: "LayerSpec", layer: Any, inputs: Any, keras_call: Callable[..., Any], *args: Any,
             **kwargs: Any) -> Any:
        """The computation. ``keras_call`` is Keras's own ``call`` of the layer (bound),
        taking the same ``*args, **kwargs`` (``training``, ``mask``, ...). Override where a
        TensorFlow CPU kernel refuses a setting (compute it otherwise) or Keras 3 changed the
        meaning; call ``keras_call`` for the rest."""
        return keras_call(inputs, *args, **kwargs)

    def config(self, spec: "LayerSpec", layer: Any, config: dict) -> dict:
        """The layer's ``get_config()``, given Keras's."""
        return config

    def keras_config(self, spec: "LayerSpec", config: dict) -> dict:
        """Keras's own form of a config :meth:`config` shows in R keras 2.15's form: what the
        Keras class of this engine takes (the inverse of :meth:`config`, for a twin made by
        Keras's class; rbridge's own class takes either)."""
        return config

    def eager_input_dtype(self, spec: "LayerSpec", layer: Any) -> str:
        """The dtype an array given as ``object`` is converted to for an eager call."""
        return "int32" if self.integer_inputs else layer.compute_dtype

    # ------------------------------------------------------------------ the oracle
    def reference(self, spec: "LayerSpec", r_args: dict[str, Any], x: "np.ndarray", weights: list) -> Any:
        """The NumPy reference's output for a layer of ``spec`` made with ``r_args`` (the
        coerced R arguments as ``rbridge.layers.keras_arguments()`` gives them: R keras's
        defaults applied, NULLs R keras drops left out) on input ``x`` (a list of arrays for
        a merge) with ``weights`` (Keras's order). Delegates to ``rbridge/reference/``."""
        raise NotImplementedError(f"no NumPy reference for {spec.r_name} (kind {self.name!r})")

    # ------------------------------------------------------------------ the generators
    def example_arguments(self, spec: "LayerSpec") -> dict[str, Any]:
        """The arguments of the smallest call (``{"filters": 4, "kernel_size": 3}``): the help
        page's example, and the tests' smallest layer of each spec."""
        return {}

    def example_input_shape(self, spec: "LayerSpec") -> list[int]:
        """An input shape (batch axis left out) for the help page's example."""
        shape = {0: [4, 3], 1: [8, 3], 2: [8, 8, 3], 3: [6, 6, 6, 2]}[spec.rank]
        return [4, *shape] if self.time_axis else shape

    def r_example(self, spec: "LayerSpec") -> str | None:
        """The help page's whole example, in R; None: tools/generate_r.py's default (a
        Sequential model starting with the layer, or a layer_input() where the function has
        no ``input_shape``, and a prediction on an R array)."""
        return None

    # ------------------------------------------------------------------ shared helpers
    def check_memory(self, spec: "LayerSpec", layer: Any, shapes: list, what: str, shown: str) -> None:
        """Refuse weights (or an eager output) larger than this machine's memory, naming
        :attr:`size_argument`: R keras fails inside TensorFlow there (out of memory)."""
        itemsize = 8 if "64" in str(getattr(layer, "dtype", "float32")) else 4
        needed = sum(math.prod(s) for s in shapes) * itemsize
        if needed <= physical_memory():
            return
        argument = self.memory_argument(spec, layer) or "object"
        value = getattr(layer, argument, None)
        shown_value = r_ints(tuple(value)) if isinstance(value, (list, tuple)) and all(
            isinstance(v, int) for v in value) else str(value)
        raise RArgumentError(
            argument, shown_value,
            f"makes the layer's {what} {needed / 2**30:,.0f} GiB, more than this machine's memory "
            f"({physical_memory() / 2**30:,.0f} GiB)", f"input {shown}")

    def memory_argument(self, spec: "LayerSpec", layer: Any) -> str | None:
        """The argument :meth:`check_memory` names (default :attr:`size_argument`)."""
        return self.size_argument

    def __repr__(self) -> str:
        return f"<kind {self.name}>"


def physical_memory() -> int:
    import os

    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):  # not a POSIX system: no limit known
        return 2**63
