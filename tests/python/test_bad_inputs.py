"""Every value in the bad-input matrix (bad_inputs.py), as an R object and as its Python
equivalent: an error naming the argument, raised before any layer is made, or, where R
keras accepts the value, a result.

Two parts: layer_conv_1d_transpose's detailed matrix (accepted values too), and the family:
bad values generated from each spec for every argument of every function, every value in
CI (each is refused in milliseconds; one test per function and kind of value runs them all
and reports every failure). Any other exception (KeyError, TypeError, a tf.errors.*) is a
crash."""

from __future__ import annotations

import warnings

import pytest

import rbridge
from rbridge import RArgumentError, RMissingArgumentError
from rbridge.convert import named_elements, to_python
from rbridge.verify import evaluate_r

from bad_inputs import (BASE_ARGS, CHECKED_WITH_INPUT, DOTS, EXTRA_ARGS, FOUND, MATRIX, OBJECT, OBJECT_FOR,
                        WITHOUT_INPUT, base_arguments, checked_with_input, family_cases, input_shape_source,
                        object_source)
from rbridge import RBridgeError, RUnknownArgumentError
from rbridge.specs import SPECS

CASES = [(argument, verdict, source) for argument, verdicts in MATRIX.items()
         for verdict, sources in verdicts.items() for source in sources]


pytestmark = pytest.mark.engine_dependent  # CI runs: tests/python/conftest.py


def run_case(argument: str, source: str, values: str = "r"):
    """Call rbridge with ``argument = <source>``; the result or the exception."""
    kwargs = named_elements(evaluate_r(BASE_ARGS))
    if argument in EXTRA_ARGS:
        kwargs.update(named_elements(evaluate_r(f"list({EXTRA_ARGS[argument]})")))
    value = evaluate_r(source)
    obj_source = OBJECT_FOR.get(argument, OBJECT)
    obj = value if argument == "object" else (None if obj_source is None else evaluate_r(obj_source))
    if argument != "object":
        kwargs[argument] = value
    if values == "python":
        kwargs = {k: to_python(v) for k, v in kwargs.items()}
        obj = to_python(obj)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = rbridge.layer_conv_1d_transpose(obj, **kwargs)
        except Exception as exc:  # noqa: BLE001 - the test inspects it
            result = exc
    return result, [str(w.message) for w in caught if issubclass(w.category, rbridge.RCoercionWarning)]


@pytest.fixture
def layers_made(monkeypatch):
    """How many layers the engine makes (an argument error must come before the first)."""
    from rbridge.engine import get_engine

    engine = get_engine()
    count = {"n": 0}
    original = engine.make_layer

    def counting(*args, **kwargs):
        count["n"] += 1
        return original(*args, **kwargs)
    monkeypatch.setattr(engine, "make_layer", counting)
    return count


@pytest.mark.parametrize("values", ["r", "python"])
@pytest.mark.parametrize("argument,verdict,source", CASES, ids=[f"{a}={s}" for a, _, s in CASES])
def test_bad_input_matrix(argument, verdict, source, values, layers_made):
    result, _ = run_case(argument, source, values)
    if verdict == "ok":
        assert not isinstance(result, Exception), f"{argument} = {source}: {result!r}"
        return
    assert isinstance(result, (RArgumentError, RMissingArgumentError)), f"{argument} = {source}: {result!r}"
    assert result.argument == argument
    message = str(result)
    assert f"`{argument}`" in message or f'"{argument}"' in message
    if isinstance(result, RArgumentError):
        assert "Received:" in message
    if argument not in CHECKED_WITH_INPUT and (argument, source) not in CHECKED_WITH_INPUT:
        assert layers_made["n"] == 0, f"a layer was made before refusing {argument} = {source}"


@pytest.mark.parametrize("argument,source,warning", [
    ("filters", "'a'", "NAs introduced by coercion"),
    ("filters", "3e9", "NAs introduced by coercion to integer range"),
    ("kernel_size", "Inf", "NAs introduced by coercion to integer range"),
    ("input_shape", "c('a', '3')", "NAs introduced by coercion"),
])
def test_r_warnings_surface_as_python_warnings(argument, source, warning):
    result, warned = run_case(argument, source)
    assert isinstance(result, RArgumentError)
    assert any(w.startswith(warning) for w in warned), warned


# ------------------------------------------------------------------------------- the family

_UNSET = object()


def family_call(function: str, argument: str, source: str, values: str = "r", obj=_UNSET):
    """``function(<object>, <required arguments>, <argument> = <source>)``: the result or the
    exception. ``argument`` DOTS: ``source`` is ``name = value``. ``obj``: the object to use
    instead of the default (a valid array; none for the shape arguments)."""
    spec = SPECS[function]
    kwargs = {name: evaluate_r(src) for name, src in base_arguments(spec).items()}
    if obj is _UNSET:
        obj = None if argument in WITHOUT_INPUT else evaluate_r(object_source(spec))
    if argument == DOTS:
        name, value_source = (part.strip() for part in source.split("=", 1))
        kwargs[name] = evaluate_r(value_source)
    elif argument == spec.first_argument:  # `object`, or a merge layer's `inputs`
        obj = evaluate_r(source)
    else:
        kwargs[argument] = evaluate_r(source)
    if values == "python":
        kwargs = {k: to_python(v) for k, v in kwargs.items()}
        obj = obj if not type(obj).__module__.startswith("rpy2") else to_python(obj)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return rbridge.FUNCTIONS[function](obj, **kwargs)
        except Exception as exc:  # noqa: BLE001 - the test inspects it
            return exc


def named_argument(argument: str, source: str) -> str:
    """The R argument the error must name (for `...`, the name given)."""
    return source.split("=", 1)[0].strip() if argument == DOTS else argument


def assert_rbridge_error(result, function: str, argument: str, source: str) -> None:
    call = f"{function}({argument} = {source})" if argument != DOTS else f"{function}({source})"
    assert isinstance(result, Exception), f"{call} was accepted: {result!r}"
    assert isinstance(result, (RArgumentError, RMissingArgumentError, RUnknownArgumentError)), \
        f"crash: {call} raised {type(result).__module__}.{type(result).__name__}: {result}"
    expected = named_argument(argument, source)
    assert result.argument == expected, f"{call}: the error names `{result.argument}`: {result}"
    message = str(result)
    assert f"`{expected}`" in message or f'"{expected}"' in message, f"{call}: {message}"
    if isinstance(result, RArgumentError):
        assert "Received:" in message, f"{call}: {message}"


FAMILY = family_cases()
FUNCTIONS = list(dict.fromkeys(f for f, _, _ in FAMILY))


@pytest.mark.parametrize("values", ["r", "python"])
@pytest.mark.parametrize("function", FUNCTIONS)
def test_family_bad_values(function, values, layers_made):
    """Every bad value of every argument of ``function``: an rbridge error naming the
    argument, before any layer is made. All failures are reported together."""
    failures = []
    for _, argument, source in [c for c in FAMILY if c[0] == function]:
        layers_made["n"] = 0
        result = family_call(function, argument, source, values)
        try:
            assert_rbridge_error(result, function, argument, source)
            if not checked_with_input(argument, source):
                assert layers_made["n"] == 0, f"a layer was made before refusing {function}({argument} = {source})"
        except AssertionError as exc:
            failures.append(str(exc).split("\n")[0])
    assert not failures, f"{len(failures)} bad value(s) of {function}() not refused as they must be:\n" + \
        "\n".join(failures)


def test_family_covers_every_argument():
    """Every function and every formal of it (and `...`) has bad values tried, the ones that
    once got through among them: the list above is not silently shorter."""
    assert FUNCTIONS == list(SPECS)
    tried: dict[tuple[str, str], int] = {}
    for f, a, _ in FAMILY:
        tried[(f, a)] = tried.get((f, a), 0) + 1
    for function, spec in SPECS.items():
        for name in [a.name for a in spec.arguments] + [DOTS]:
            assert tried.get((function, name), 0) >= 2, (function, name)
    assert set(FOUND) <= set(FAMILY), set(FOUND) - set(FAMILY)


def _model_state(model) -> tuple:
    inner = getattr(model, "_layers", None) or []
    # Keras 2 raises for the weights of a model that was never built: there are none.
    weights = len(model.weights) if model.built else 0
    return (tuple(id(layer) for layer in model.layers), tuple(id(layer) for layer in inner), weights, model.built)


# One bad value per (function, argument), given a Sequential model as `object`: refused with
# the model unchanged (no layer added, no InputLayer left without a layer).
SEQUENTIAL = [(f, a, s) for f, a, s in dict(((f, a), (f, a, s)) for f, a, s in reversed(FAMILY)).values()
              if a != "object" and SPECS[f].first_argument == "object"]  # (merge layers take no model)


@pytest.mark.parametrize("function", list(dict.fromkeys(f for f, _, _ in SEQUENTIAL)))
def test_family_bad_value_leaves_sequential_model_unchanged(function):
    """One bad value per argument of ``function``, each given a Sequential model as `object`:
    refused, the model unchanged. One model per function serves every call (each must leave
    it as it was): a model with an input, or, for the shape arguments, an empty one (the layer
    would start it: nothing may be left in it)."""
    from rbridge.engine import get_engine

    keras = get_engine().keras
    spec = SPECS[function]
    shape = tuple(int(d) for d in evaluate_r(input_shape_source(spec)))
    models = {True: keras.Sequential(),
              False: keras.Sequential([keras.Input(shape=shape), keras.layers.Activation("linear")])}
    states = {k: _model_state(m) for k, m in models.items()}
    failures = []
    for _, argument, source in [c for c in SEQUENTIAL if c[0] == function]:
        empty = argument in WITHOUT_INPUT
        result = family_call(function, argument, source, obj=models[empty])
        try:
            assert_rbridge_error(result, function, argument, source)
            assert _model_state(models[empty]) == states[empty], f"{function}({argument} = {source}) changed the model"
        except AssertionError as exc:
            failures.append(str(exc).split("\n")[0])
    assert not failures, "\n".join(failures)


# R objects with no Python equivalent (symbols, calls, formulas, expressions, raw vectors):
# no argument takes one, and each must be refused with rbridge's error naming the argument,
# whichever argument it is given to (found by the fuzzer: rbridge's converter raised rpy2's
# NotImplementedError).
NO_PYTHON_EQUIVALENT = ["quote(x)", "quote(x + 1)", "y ~ x", "expression(1)", "as.raw(1)"]
UNCONVERTIBLE = [(f, a.name, v) for i, (f, spec) in enumerate(SPECS.items())
                 # the first argument and one other (a merge layer like layer_add() has only `inputs`)
                 for a in dict.fromkeys((spec.arguments[0], spec.arguments[1 + i % max(1, len(spec.arguments) - 1)]
                                         if len(spec.arguments) > 1 else spec.arguments[0]))
                 for v in NO_PYTHON_EQUIVALENT]


@pytest.mark.parametrize("function,argument,source", UNCONVERTIBLE, ids=[f"{f}-{a}={s}" for f, a, s in UNCONVERTIBLE])
def test_r_object_without_python_equivalent(function, argument, source, layers_made):
    result = family_call(function, argument, source)
    assert_rbridge_error(result, function, argument, source)
    if argument != "object":
        assert layers_made["n"] == 0


# Sizes no machine can hold: R keras fails inside TensorFlow (an out-of-memory error from the
# weights' initializer or the output); rbridge must refuse them first, naming the argument.
HUGE = [
    ("layer_conv_2d", "filters", "2147483647L"),
    ("layer_conv_lstm_2d", "filters", "as.numeric(as.Date('2020-01-01'))"),
    ("layer_depthwise_conv_1d", "depth_multiplier", "2147483647L"),
    ("layer_upsampling_2d", "size", "18262L"),
]


@pytest.mark.parametrize("function,argument,source", HUGE, ids=[f"{f}-{a}={s}" for f, a, s in HUGE])
def test_sizes_no_machine_holds_are_refused(function, argument, source):
    assert_rbridge_error(family_call(function, argument, source), function, argument, source)
