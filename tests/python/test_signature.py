"""The one table of R arguments against R keras's own documentation (the seed Rd)."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

import rbridge
from rbridge.signature import ARGUMENTS, MISSING, r_usage

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "layer_conv_1d_transpose.Rd.txt"


def seed_usage() -> list[tuple[str, str | None]]:
    text = SEED.read_text()
    usage = re.search(r"layer_conv_1d_transpose\(\n(.*?)\n\)", text, re.S).group(1)
    formals = []
    for line in usage.splitlines():
        name, _, default = line.strip().rstrip(",").partition(" = ")
        formals.append((name, default or None))
    return formals


def test_table_matches_r_keras_usage():
    assert [(a.name, a.r_default) for a in ARGUMENTS] == seed_usage()
    assert len(ARGUMENTS) == 24


def test_usage_text_is_r_kerass():
    text = SEED.read_text()
    assert r_usage() in text


def test_python_signature_follows_the_table():
    params = inspect.signature(rbridge.layer_conv_1d_transpose).parameters
    assert list(params) == [a.name for a in ARGUMENTS]
    assert params["strides"].default == 1 and params["padding"].default == "valid"
    assert params["use_bias"].default is True and params["kernel_initializer"].default == "glorot_uniform"
    for required in ("object", "filters", "kernel_size"):
        assert params[required].default is MISSING


@pytest.mark.parametrize("argument", ARGUMENTS, ids=lambda a: a.name)
def test_docstring_documents_every_argument(argument):
    doc = rbridge.layer_conv_1d_transpose.__doc__
    assert f"\n{argument.name} : " in doc
    seed = " ".join(SEED.read_text().split())
    # the help text comes from R keras's page (whitespace aside)
    assert " ".join(argument.doc.split())[:40] in seed or argument.name == "object"


def test_r_defaults_and_python_defaults_agree():
    from rbridge.convert import to_python
    import rpy2.robjects as ro

    for a in ARGUMENTS:
        if a.r_default is not None:
            assert to_python(ro.r(a.r_default)) == a.py_default, a.name


def test_the_type_stub_has_the_24_typed_parameters_in_r_order():
    """rbridge/layers.pyi (generated from the table; tools/generate_r.py --check keeps it
    current) is what IDEs and type checkers read: R's names, order and annotations."""
    import ast
    from pathlib import Path

    import rbridge
    from rbridge.signature import ARGUMENTS

    stub = ast.parse((Path(rbridge.__file__).parent / "layers.pyi").read_text())
    function = next(n for n in stub.body if isinstance(n, ast.FunctionDef) and n.name == "layer_conv_1d_transpose")
    assert [a.arg for a in function.args.args] == [a.name for a in ARGUMENTS]
    assert [ast.unparse(a.annotation) for a in function.args.args] == [a.annotation for a in ARGUMENTS]
    assert (Path(rbridge.__file__).parent / "py.typed").exists()
