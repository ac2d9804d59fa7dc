"""The specs against R keras 2.15.0 itself: each function's formals (names, order, R
defaults) read from R keras's own source, and everything made from the specs (Python
signatures, docstrings, the typed stub, the R wrappers, help pages, NAMESPACE) current."""

from __future__ import annotations

import ast
import inspect
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

import rbridge
from rbridge.specs import MISSING, SPECS

ROOT = Path(__file__).resolve().parents[2]
TARBALL = ROOT.parent / "shared" / "r-src" / "keras_2.15.0.tar.gz"
# The convolutional family as R keras 2.15's help page of layer_conv_1d_transpose() lists it
# (See Also): every one of them has a spec.
FAMILY = sorted([
    "layer_conv_1d", "layer_conv_2d", "layer_conv_2d_transpose", "layer_conv_3d", "layer_conv_3d_transpose",
    "layer_conv_lstm_2d", "layer_cropping_1d", "layer_cropping_2d", "layer_cropping_3d",
    "layer_depthwise_conv_1d", "layer_depthwise_conv_2d", "layer_separable_conv_1d",
    "layer_separable_conv_2d", "layer_upsampling_1d", "layer_upsampling_2d", "layer_upsampling_3d",
    "layer_zero_padding_1d", "layer_zero_padding_2d", "layer_zero_padding_3d", "layer_conv_1d_transpose",
])
ALL = sorted(SPECS)

# R prints each function's formals as (name, deparsed default or NULL for none).
_R_FORMALS = r"""
exprs <- parse(file = commandArgs(TRUE)[1], keep.source = FALSE)
out <- list()
for (e in exprs) {
  if (is.call(e) && identical(e[[1]], as.name("<-")) && is.call(e[[3]]) && identical(e[[3]][[1]], as.name("function"))) {
    f <- eval(e[[3]])
    fs <- formals(f)
    out[[as.character(e[[2]])]] <- lapply(names(fs), function(n) {
      # a formal without a default is the empty symbol, which cannot be bound to a variable
      if (identical(fs[[n]], quote(expr = ))) list(n, NULL) else list(n, paste(deparse(fs[[n]]), collapse = " "))
    })
  }
}
cat(jsonlite::toJSON(out, auto_unbox = TRUE, null = "null"))
"""


def _require_tarball() -> None:
    """R keras 2.15.0's source comes with the project's shared folder, not with a clone: a
    user's checkout skips these tests (saying so); CI, which has it, must run them."""
    if TARBALL.exists():
        return
    message = f"R keras 2.15.0's source is not here ({TARBALL}); it comes with the project's shared folder"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def r_keras_formals(tmp_path_factory) -> dict:
    """Every function's formals in every R/layers-*.R of R keras 2.15.0, as R parses them."""
    _require_tarball()
    tmp = tmp_path_factory.mktemp("rkeras")
    with tarfile.open(TARBALL) as tar:
        sources = [m for m in tar.getmembers()
                   if m.name.startswith("keras/R/layers-") and m.name.endswith(".R")]
        source = b"\n".join(tar.extractfile(m).read() for m in sorted(sources, key=lambda m: m.name))
    assert len(sources) >= 13, [m.name for m in sources]  # core, convolutional, merge, pooling, ...
    (tmp / "layers.R").write_bytes(source)
    (tmp / "formals.R").write_text(_R_FORMALS)
    result = subprocess.run(["Rscript", str(tmp / "formals.R"), str(tmp / "layers.R")], capture_output=True,
                            text=True, check=True)
    return {name: [tuple(f) for f in formals] for name, formals in json.loads(result.stdout).items()}


def test_every_function_of_the_convolutional_family_has_a_spec():
    assert set(FAMILY) <= set(SPECS)
    assert all(callable(getattr(rbridge, name)) for name in SPECS)


@pytest.mark.parametrize("name", ALL)
def test_formals_equal_r_kerass_source(name, r_keras_formals):
    """Names, order and defaults: a drift in any of them fails here, naming the function."""
    assert name in r_keras_formals, f"{name} is not a function of R keras 2.15's R/layers-*.R"
    assert SPECS[name].r_formals() == r_keras_formals[name]


@pytest.mark.parametrize("name", ALL)
def test_python_signature_follows_the_spec(name):
    spec = SPECS[name]
    params = inspect.signature(getattr(rbridge, name)).parameters
    expected = [a.name for a in spec.arguments]
    if spec.has_dots and spec.operation.dots_are_inputs:  # R's unnamed `...`: more inputs, in R's place
        expected.insert(spec.dots_index, "more_inputs")
    expected += ["dots"] if spec.has_dots else []
    assert list(params) == expected
    for a in spec.arguments:
        assert (params[a.name].default is MISSING) == a.required


@pytest.mark.parametrize("name", ALL)
def test_r_defaults_and_python_defaults_agree(name, r):
    """The Python default of each argument is what R's default becomes in rbridge."""
    from rbridge.convert import to_python

    for a in SPECS[name].arguments:
        if a.r_default is not None and a.py_default is not None:
            value = to_python(r(a.r_default))
            coerced = a.coercer(value, a.name)
            assert coerced == a.coercer(a.py_default, a.name), a.name


@pytest.mark.parametrize("name", ALL)
def test_docstring_documents_every_argument_from_r_kerass_page(name):
    spec = SPECS[name]
    doc = getattr(rbridge, name).__doc__
    assert spec.r_usage() in doc.replace("\n    ", "\n")
    for a in spec.arguments:
        assert f"\n{a.name} : " in doc
        assert a.doc, f"{name}: no help text for {a.name} in R keras's page"


def test_the_type_stub_has_every_functions_typed_parameters_in_r_order():
    stub = ast.parse((Path(rbridge.__file__).parent / "layers.pyi").read_text())
    functions = {n.name: n for n in stub.body if isinstance(n, ast.FunctionDef)}
    for name, spec in SPECS.items():
        args = functions[name].args.args + functions[name].args.kwonlyargs
        assert [a.arg for a in args] == [a.name for a in spec.arguments]
        assert [ast.unparse(a.annotation) for a in args] == [a.annotation for a in spec.arguments]
    assert (Path(rbridge.__file__).parent / "py.typed").exists()


def test_mypy_flags_a_misspelt_keyword_on_any_function(tmp_path):
    pytest.importorskip("mypy", reason="mypy is a test dependency (pyproject's [test] extra)")
    lines = ["import rbridge"] + [f"rbridge.{name}(filterz=3)" for name in ALL if not SPECS[name].has_dots]
    (tmp_path / "user.py").write_text("\n".join(lines) + "\n")
    result = subprocess.run([sys.executable, "-m", "mypy", "--no-incremental", "--follow-imports=silent", str(tmp_path / "user.py")],
                            capture_output=True, text=True, cwd=ROOT)
    flagged = [line for line in result.stdout.splitlines() if 'Unexpected keyword argument "filterz"' in line]
    assert len(flagged) == len(lines) - 1, result.stdout


def test_generated_files_are_current():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "generate_r.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_help_text_is_r_kerass_own():
    _require_tarball()
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "import_r_docs.py"), "--check",
                             "--tarball", str(TARBALL)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("name", ALL)
def test_r_wrapper_formals_follow_the_spec(name):
    text = (ROOT / "R" / "layers-generated.R").read_text()
    block = text[text.index(f"\n{name} <- function("):]
    block = block[:block.index(") {")]
    formals = [line.strip().rstrip(",") for line in block.strip().splitlines()[1:]]
    assert formals == [n if d is None else f"{n} = {d}" for n, d in SPECS[name].r_formals()]


def test_namespace_exports_every_function():
    text = (ROOT / "NAMESPACE").read_text()
    for name in ALL:
        assert f"export({name})" in text


def test_a_misspelt_keyword_names_the_function_and_the_nearest_argument():
    with pytest.raises(rbridge.RUnknownArgumentError, match=r"layer_conv_2d\(\) has no argument `filter`: did you mean `filters`\?"):
        rbridge.layer_conv_2d(filter=4, kernel_size=3)
    with pytest.raises(TypeError, match="layer_upsampling_2d"):
        rbridge.layer_upsampling_2d(None, 2, None, "nearest", None, None, None, None, "extra")
