"""Every value in the bad-input matrix (bad_inputs.py), as an R object and as its Python
equivalent: an error naming the argument, raised before any layer is made, or, where R
keras accepts the value, a result."""

from __future__ import annotations

import warnings

import pytest

import rbridge
from rbridge import RArgumentError, RMissingArgumentError
from rbridge.convert import named_elements, to_python
from rbridge.verify import evaluate_r

from bad_inputs import BASE_ARGS, CHECKED_WITH_INPUT, EXTRA_ARGS, MATRIX, OBJECT, OBJECT_FOR

CASES = [(argument, verdict, source) for argument, verdicts in MATRIX.items()
         for verdict, sources in verdicts.items() for source in sources]


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

    def counting(kwargs):
        count["n"] += 1
        return original(kwargs)
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
