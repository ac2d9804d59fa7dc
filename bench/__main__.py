"""rbridge's benchmarks, as ratios against a baseline measured in the same run.

    python -m bench            # full run: bench/out/results.json, results.md, ratios.png
    python -m bench --quick    # smoke mode (CI): every benchmark runs, briefly

Each timing is the median of repeated runs after warm-up; a ratio compares two timings
taken in the same process and run (interleaved where both are in one process).
"""

from __future__ import annotations

import argparse
import json
import re
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402

from .timing import interleaved, median_seconds  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def construction(quick: bool) -> dict:
    import keras
    import rpy2.robjects as ro

    import rbridge

    number, repeat = (30, 3) if quick else (300, 15)
    f, k, s, p = ro.r("4"), ro.r("3L"), ro.r("2"), ro.r("'same'")
    times = interleaved({
        "direct": lambda: keras.layers.Conv1DTranspose(4, 3, strides=2, padding="same"),
        "python_values": lambda: rbridge.layer_conv_1d_transpose(filters=4, kernel_size=3, strides=2,
                                                                 padding="same"),
        "r_objects": lambda: rbridge.layer_conv_1d_transpose(filters=f, kernel_size=k, strides=s, padding=p),
    }, number=number, repeat=repeat)
    return {
        "construct_direct_s": times["direct"],
        "construct_python_values_s": times["python_values"],
        "construct_r_objects_s": times["r_objects"],
        "ratio_construct_python_values": times["python_values"] / times["direct"],
        "ratio_construct_r_objects": times["r_objects"] / times["direct"],
    }


# Each function's call in the construction benchmark: its kind's smallest call
# (Kind.example_arguments, as the tests use it), as Python values and as R source (read through
# rpy2 once, outside the timing).
def _r_source(value) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return f"{value}L"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return f"'{value}'"
    return "c(" + ", ".join(_r_source(v) for v in value) + ")"


def _family_call(spec) -> dict[str, tuple[object, str]]:
    return {name: (value, _r_source(value)) for name, value in spec.operation.example_arguments(spec).items()}


def family_construction(quick: bool) -> dict:
    """Construction of every function of the family, against Keras's own class called with the
    arguments rbridge gives it (the same coerced values, R keras's defaults included), in one
    run: Python values, and rpy2 R objects."""
    import rpy2.robjects as ro

    import rbridge
    from rbridge.engine import get_engine
    from rbridge.layers import keras_arguments

    keras = get_engine().keras
    number, repeat = (5, 3) if quick else (100, 11)
    results: dict = {}
    for name, spec in rbridge.SPECS.items():
        call = _family_call(spec)
        python_values = {k: v for k, (v, _) in call.items()}
        r_objects = {k: ro.r(src) for k, (_, src) in call.items()}
        bound = spec.python_signature().bind(**python_values)
        supplied = set(bound.arguments)
        bound.apply_defaults()
        kwargs = keras_arguments(spec, dict(bound.arguments), supplied, {})
        keras_class = getattr(keras.layers, spec.keras3_class or spec.keras_class, None)
        function = rbridge.FUNCTIONS[name]
        try:  # the baseline: Keras's class given the arguments rbridge reads (where Keras takes them as such)
            keras_class(**kwargs)
        except (TypeError, ValueError) as exc:
            # A kind that maps R keras's arguments for Keras 3 (Kind.keras3_arguments): no
            # like-for-like direct call to compare with; said, not timed.
            log(f"family_construction: {name}: no direct Keras call to compare with ({type(exc).__name__}: {exc})")
            continue
        times = interleaved({
            "direct": lambda: keras_class(**kwargs),
            "python_values": lambda: function(**python_values),
            "r_objects": lambda: function(**r_objects),
        }, number=number, repeat=repeat)
        results[f"family_{name}_direct_s"] = times["direct"]
        results[f"ratio_family_{name}_python_values"] = times["python_values"] / times["direct"]
        results[f"ratio_family_{name}_r_objects"] = times["r_objects"] / times["direct"]
    return results


def array_handoff(quick: bool) -> dict:
    """R double array -> tensor (float32): what is copied before the cast, and the time,
    against one NumPy copy of the same data."""
    import rpy2.robjects as ro

    from rbridge.convert import to_python
    from rbridge.engine import get_engine

    engine = get_engine()  # its convert() is what an eager call does with the array
    results = {}
    for label, megabytes in (("1MB", 1), ("100MB", 100)) if not quick else (("1MB", 1),):
        n = megabytes * 1024 * 1024 // 8
        r_array = ro.r(f"array(as.double(seq_len({n})), dim = c(4, {n // 64}, 16))")
        memory = np.asarray(r_array.memoryview())
        view = to_python(r_array)
        shares = bool(np.shares_memory(view, memory))
        repeat = 3 if quick else 7
        times = interleaved({
            "numpy_copy": lambda: memory.copy(order="K"),
            "to_tensor": lambda: engine.convert(to_python(r_array), "float32"),
        }, number=1 if megabytes >= 100 else 10, repeat=repeat)
        results[f"handoff_{label}_bytes_copied_before_cast"] = 0 if shares else int(view.nbytes)
        results[f"handoff_{label}_numpy_copy_s"] = times["numpy_copy"]
        results[f"handoff_{label}_to_tensor_s"] = times["to_tensor"]
        results[f"ratio_handoff_{label}"] = times["to_tensor"] / times["numpy_copy"]
    return results


def forward(quick: bool) -> dict:
    """Large forward pass: rbridge's layer vs Keras's own, same weights (and torch, if present)."""
    import keras

    import rbridge

    b, length, cin, cout, kernel, strides = (2, 512, 64, 64, 9, 2) if quick else (16, 4096, 64, 64, 9, 2)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((b, length, cin)).astype(np.float32)
    w = rng.standard_normal((kernel, cout, cin)).astype(np.float32) / 30
    bias = np.zeros(cout, np.float32)
    ours = rbridge.layer_conv_1d_transpose(filters=cout, kernel_size=kernel, strides=strides, padding="same",
                                           weights=[w, bias])
    direct = keras.layers.Conv1DTranspose(cout, kernel, strides=strides, padding="same")
    direct.build(x.shape)
    direct.set_weights([w, bias])
    tensor = keras.ops.convert_to_tensor(x)
    fns = {"rbridge": lambda: np.asarray(ours(tensor)), "keras": lambda: np.asarray(direct(tensor))}
    np.testing.assert_allclose(fns["rbridge"](), fns["keras"](), rtol=1e-5, atol=1e-5)
    try:
        import torch

        t_layer = torch.nn.ConvTranspose1d(cin, cout, kernel, stride=strides)
        t_x = torch.from_numpy(x.transpose(0, 2, 1).copy())

        def torch_forward():
            with torch.no_grad():
                return t_layer(t_x)
        fns["torch"] = torch_forward
    except ImportError:
        pass
    times = interleaved(fns, number=1 if not quick else 2, repeat=3 if quick else 7)
    flops = 2 * b * length * kernel * cin * cout
    out = {f"forward_{name}_s": t for name, t in times.items()}
    out.update({f"forward_{name}_gflops": flops / t / 1e9 for name, t in times.items()})
    out["ratio_forward_rbridge_vs_keras"] = times["rbridge"] / times["keras"]
    if "torch" in times:
        out["ratio_forward_rbridge_vs_torch"] = times["rbridge"] / times["torch"]
    out["forward_shape"] = f"{b}x{length}x{cin} -> {cout} filters, kernel {kernel}, strides {strides}"
    return out


def fallback(quick: bool) -> dict:
    """The exact equivalent rbridge uses where TensorFlow's CPU kernel refuses channels_first or
    dilation (engine/conv_transpose.py), against the native op where both run: oneDNN in
    float32. In float64 no native CPU kernel exists; its baseline is the native op on the same
    data in channels_last without dilation (the same multiply-adds). Each is timed called
    eagerly and inside a tf.function (how fit() and predict() run a layer)."""
    import tensorflow as tf

    from rbridge.engine.conv_transpose import conv1d_transpose, onednn_enabled

    sizes = {"small": (4, 64, 16, 16, 3), "large": (16, 2048, 64, 64, 5)}
    if quick:
        sizes = {"small": sizes["small"]}
    results: dict = {"fallback_onednn": onednn_enabled()}
    for label, (batch, steps, channels, filters, k) in sizes.items():
        for dtype in ("float32", "float64"):
            for setting, (cf, dilation) in {"channels_first": (True, 1), "dilation2": (False, 2)}.items():
                rng = np.random.default_rng(0)
                x = tf.constant(rng.standard_normal((batch, channels, steps) if cf else (batch, steps, channels)), dtype)
                x_last = tf.constant(rng.standard_normal((batch, steps, channels)), dtype)
                kernel = tf.constant(rng.standard_normal((k, filters, channels)), dtype)
                common = dict(strides=1, padding="same", output_padding=None)

                def equivalent(x=x, kernel=kernel, cf=cf, dilation=dilation):
                    return conv1d_transpose(x, kernel, dilation=dilation, channels_first=cf,
                                            force_equivalent=True, **common)

                if dtype == "float32" and onednn_enabled():
                    def native(x=x, kernel=kernel, cf=cf, dilation=dilation):
                        return conv1d_transpose(x, kernel, dilation=dilation, channels_first=cf, **common)
                else:  # no native kernel: the same data channels-last, undilated
                    def native(x=x_last, kernel=kernel):
                        return conv1d_transpose(x, kernel, dilation=1, channels_first=False, **common)
                for how, wrap in (("eager", lambda f: f), ("graph", tf.function)):
                    fns = {"native": wrap(native), "equivalent": wrap(equivalent)}
                    times = interleaved(fns, number=1 if label == "large" else 20, repeat=3 if quick else 9)
                    key = f"fallback_{setting}_{dtype}_{label}_{how}"
                    results[f"{key}_native_s"] = times["native"]
                    results[f"{key}_equivalent_s"] = times["equivalent"]
                    results[f"ratio_{key}"] = times["equivalent"] / times["native"]
    return results


def eager_python(quick: bool) -> dict:
    """The eager forward the R side also measures, called from Python on a NumPy array."""
    import rbridge

    rng = np.random.default_rng(1)
    x = rng.standard_normal((32, 128, 16))
    w = [rng.standard_normal((5, 16, 16)) / 10, np.zeros(16)]
    seconds = median_seconds(lambda: rbridge.layer_conv_1d_transpose(x, filters=16, kernel_size=5, strides=2,
                                                                      padding="same", weights=w),
                             number=5 if quick else 20, repeat=3 if quick else 9)
    return {"forward_python_eager_s": seconds}


def run_r_benchmark(script: str, quick: bool, env: dict) -> dict:
    """Run ``bench/<script>`` with Rscript; the JSON object it prints last."""
    run = subprocess.run(["Rscript", str(ROOT / "bench" / script), "TRUE" if quick else "FALSE"],
                         capture_output=True, text=True, cwd=ROOT, env={**os.environ, **env}, timeout=1200)
    if run.returncode != 0:
        raise RuntimeError(f"bench/{script} failed:\n{run.stderr[-3000:]}")
    line = [ln for ln in run.stdout.splitlines() if ln.startswith("{")][-1]
    return json.loads(line)


def r_side(quick: bool) -> dict:
    return run_r_benchmark("r_side.R", quick, {"RBRIDGE_PYTHON": sys.executable})


def r_keras_side(quick: bool) -> dict:
    """From R, rbridge beside the real R keras 2.15 in one R session on one TensorFlow (Keras
    2): bench/r_vs_r_keras.R, run where scripts/setup-r-keras.sh installed R keras (and
    scripts/setup-keras2.sh the Keras 2 Python it runs on)."""
    library, python = ROOT / ".Rlib-rkeras", ROOT / ".venv-keras2" / "bin" / "python"
    if not (library / "keras" / "DESCRIPTION").exists() or not python.exists():
        log("  skipped: R keras 2.15 is not installed here (bash scripts/setup-keras2.sh && bash scripts/setup-r-keras.sh)")
        return {}
    return run_r_benchmark("r_vs_r_keras.R", quick, {
        "R_LIBS": str(library), "RETICULATE_PYTHON": str(python), "RBRIDGE_PYTHON": str(python),
        "TF_CPP_MIN_LOG_LEVEL": "3"})


def alternated_r_processes(script: str, quick: bool) -> dict[str, list[dict]] | None:
    """``bench/<script>`` run in one R process per package and engine, alternated (rbridge
    on Keras 3, R keras 2.15 on TF 2.15, rbridge on that same engine; three rounds, one in
    quick mode): two TensorFlows cannot share a process, and in one session beside R keras
    rbridge's layer functions outside the family are R keras's own. Each process prints
    one JSON object; the runs of each side are returned. None where R keras is not installed.

    rbridge on R keras's own engine measures what rbridge itself adds; the Keras 3 ratio also
    holds what the newer engine (Keras 3, TF 2.16+) costs or saves, which no R-side change
    can remove."""
    library, keras2 = ROOT / ".Rlib-rkeras", ROOT / ".venv-keras2" / "bin" / "python"
    if not (library / "keras" / "DESCRIPTION").exists() or not keras2.exists():
        log("  skipped: R keras 2.15 is not installed here (bash scripts/setup-keras2.sh && bash scripts/setup-r-keras.sh)")
        return None
    quiet = {"TF_CPP_MIN_LOG_LEVEL": "3"}
    sides = {
        "rbridge": ({**quiet, "RBRIDGE_PYTHON": sys.executable}, "rbridge"),
        "r_keras": ({**quiet, "R_LIBS": str(library), "RETICULATE_PYTHON": str(keras2)}, "keras"),
        "rbridge_keras2": ({**quiet, "RBRIDGE_PYTHON": str(keras2)}, "rbridge"),
    }
    runs: dict[str, list[dict]] = {side: [] for side in sides}
    for _ in range(1 if quick else 3):  # alternated processes: rbridge, R keras, rbridge on Keras 2, ...
        for side, (env, package) in sides.items():
            run = subprocess.run(["Rscript", str(ROOT / "bench" / script), package, "TRUE" if quick else "FALSE"],
                                 capture_output=True, text=True, cwd=ROOT, env={**os.environ, **env}, timeout=1800)
            if run.returncode != 0:
                raise RuntimeError(f"bench/{script} ({package}) failed:\n{run.stderr[-3000:]}")
            runs[side].append(json.loads([ln for ln in run.stdout.splitlines() if ln.startswith("{")][-1]))
    return runs


def _side_ratios(runs: dict[str, list[dict]], measures: list[str], prefix: str) -> dict:
    """Each measure's median per side, and rbridge's ratios to R keras (Keras 3; same engine)."""
    results: dict = {}
    for measure in measures:
        medians = {side: statistics.median(t for r in side_runs for t in _as_list(r[measure]))
                   for side, side_runs in runs.items()}
        results[f"{prefix}_{measure}_rbridge_s"] = medians["rbridge"]
        results[f"{prefix}_{measure}_r_keras_s"] = medians["r_keras"]
        results[f"{prefix}_{measure}_rbridge_keras2_s"] = medians["rbridge_keras2"]
        results[f"ratio_{prefix}_{measure}_vs_r_keras"] = medians["rbridge"] / medians["r_keras"]
        results[f"ratio_{prefix}_{measure}_same_engine_vs_r_keras"] = medians["rbridge_keras2"] / medians["r_keras"]
    return results


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def script_vs_r_keras(quick: bool) -> dict:
    """Issue 23's proof: R keras's mnist_cnn.R model from R (bench/r_script_vs_r_keras.R):
    a new model's first epoch, a further epoch, evaluate() and predict() on R arrays."""
    runs = alternated_r_processes("r_script_vs_r_keras.R", quick)
    return {} if runs is None else _side_ratios(runs, ["first_epoch", "epoch", "evaluate", "predict"], "script")


def groups_vs_r_keras(quick: bool) -> dict:
    """Issue 22's proof from R: one function of each kind (bench/r_groups_vs_r_keras.R),
    construction, the eager call and predict(), against R keras 2.15."""
    runs = alternated_r_processes("r_groups_vs_r_keras.R", quick)
    measures = [f"{group}_{m}" for group in R_GROUPS for m in ("construct", "eager", "predict")]
    return {} if runs is None else _side_ratios(runs, measures, "group")


def import_times(quick: bool) -> dict:
    def best_of(code: str) -> float:
        runs = []
        for _ in range(2 if quick else 5):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
            runs.append(time.perf_counter() - start)
        return min(runs)
    python = best_of("pass")
    rbridge_s = best_of("import rbridge") - python
    tensorflow_s = best_of("import tensorflow") - python
    # What `import rbridge` brings in: neither TensorFlow/Keras nor rpy2 (nor R).
    check = subprocess.run([sys.executable, "-c", "import sys, rbridge; print(sorted({m.split('.')[0] for m in "
                            "sys.modules} & {'tensorflow', 'keras', 'rpy2', 'torch', 'jax'}))"],
                           check=True, capture_output=True, text=True)
    heavy = check.stdout.strip()
    if heavy != "[]":
        raise RuntimeError(f"import rbridge imported {heavy}")
    return {"import_python_s": python, "import_rbridge_s": rbridge_s, "import_tensorflow_s": tensorflow_s,
            "ratio_import_rbridge_vs_tensorflow": rbridge_s / tensorflow_s,
            "ratio_import_rbridge_vs_python": (python + rbridge_s) / python}


FAMILY = sorted(__import__("rbridge").SPECS)  # rbridge's import is cheap: no TensorFlow, no rpy2
# The R benchmarks' groups, one function of each kind, named as bench/r_groups.R names them.
R_GROUPS = tuple(re.findall(r"^  (\w+) = list\(\"layer_", (Path(__file__).parent / "r_groups.R").read_text(), re.M))

TARGETS = {
    "ratio_construct_python_values": ("layer construction, Python values / direct Keras", 1.10),
    "ratio_construct_r_objects": ("layer construction, rpy2 R objects / direct Keras", 1.5),
    "ratio_from_r": ("from R: rbridge / bare reticulate call of the Keras class", 1.2),
    "ratio_handoff_1MB": ("R array -> tensor, 1 MB / one NumPy copy", 2.0),
    "ratio_handoff_100MB": ("R array -> tensor, 100 MB / one NumPy copy", 2.0),
    "ratio_eager_r_vs_python": ("eager forward from R / from Python", 1.3),
    "ratio_from_r_construct_vs_r_keras": ("from R, construct: rbridge / R keras 2.15 (one session, Keras 2)", 1.0),
    "ratio_from_r_eager_vs_r_keras": ("from R, eager call on an R array: rbridge (R array) / R keras (tensor)", 1.0),
    "ratio_from_r_eager_vs_r_keras_as_array": ("from R, eager call: rbridge / R keras with as.array()", 1.0),
    "ratio_from_r_predict_vs_r_keras": ("from R, predict(): rbridge's model / R keras's", 1.0),
    "ratio_script_first_epoch_vs_r_keras": ("mnist_cnn.R from R, first epoch (new model, 2,000 samples): rbridge (Keras 3) / R keras 2.15 (TF 2.15)", 1.0),
    "ratio_script_epoch_vs_r_keras": ("mnist_cnn.R from R, a further epoch: rbridge / R keras 2.15", 1.0),
    "ratio_script_evaluate_vs_r_keras": ("mnist_cnn.R from R, evaluate() on the R arrays: rbridge / R keras 2.15", 1.0),
    "ratio_script_predict_vs_r_keras": ("mnist_cnn.R from R, predict() on the R array: rbridge / R keras 2.15", 1.0),
    **{f"ratio_script_{measure}_same_engine_vs_r_keras": (
        f"mnist_cnn.R from R, {label}, one engine (TF 2.15): rbridge on Keras 2.15 / R keras 2.15", 1.0)
       for measure, label in (("first_epoch", "first epoch"), ("epoch", "a further epoch"),
                              ("evaluate", "evaluate()"), ("predict", "predict()"))},
    **{f"ratio_group_{group}_{measure}_{engine}vs_r_keras": (
        f"from R, {group} group, {label}: rbridge{on} / R keras 2.15", 1.0)
       for group in R_GROUPS for measure, label in (("construct", "construct"), ("eager", "eager call"),
                                                    ("predict", "predict()"))
       for engine, on in (("", " (Keras 3)"), ("same_engine_", " on Keras 2.15"))},
    "ratio_forward_rbridge_vs_keras": ("large forward, rbridge / direct Keras", 1.05),
    "ratio_forward_rbridge_vs_torch": ("large forward, rbridge / torch ConvTranspose1d (peer)", None),
    "ratio_import_rbridge_vs_tensorflow": ("import rbridge / import tensorflow", 0.1),
    "ratio_import_rbridge_vs_python": ("import rbridge / a bare python's start", None),
    **{f"ratio_family_{name}_{how}": (f"{name}(), {label} / direct Keras", target)
       for name in FAMILY for how, label, target in (("python_values", "Python values", 1.10),
                                                     ("r_objects", "rpy2 R objects", 1.5))},
    **{f"ratio_fallback_{setting}_{dtype}_{size}_{how}": (
        f"every-kernel fallback, {setting}, {dtype}, {size}, {how} / "
        + ("native oneDNN op" if dtype == "float32" else "native channels_last undilated"), 1.3)
       for size in ("small", "large") for dtype in ("float32", "float64")
       for setting in ("channels_first", "dilation2") for how in ("eager", "graph")},
}


def markdown(results: dict, machine: str) -> str:
    lines = [f"Machine: {machine}", "", "| Benchmark | Ratio | Target | Met |", "|---|---:|---:|:---:|"]
    for key, (label, target) in TARGETS.items():
        if key not in results:
            continue
        value = results[key]
        met = "" if target is None else ("yes" if value <= target else "**no**")
        lines.append(f"| {label} | {value:.2f}x | {'-' if target is None else f'<= {target:.2f}x'} | {met} |")
    lines += ["", "| Measurement | Value |", "|---|---:|"]
    for key, value in results.items():
        if key.startswith("ratio_"):
            continue
        shown = f"{value * 1e3:.3f} ms" if key.endswith("_s") else (f"{value:.1f}" if isinstance(value, float)
                                                                   else str(value))
        lines.append(f"| {key} | {shown} |")
    return "\n".join(lines) + "\n"


def plot(results: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = [(label, results[key], target) for key, (label, target) in TARGETS.items() if key in results]
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(rows) + 1))
    ax.barh([r[0] for r in rows], [r[1] for r in rows], color="steelblue")
    for i, (_, _, target) in enumerate(rows):
        if target is not None:
            ax.plot([target, target], [i - 0.4, i + 0.4], color="firebrick")
    ax.axvline(1.0, color="grey", lw=0.5)
    ax.set_xlabel("ratio (red: target)")
    ax.invert_yaxis()
    fig.tight_layout()
    fig.savefig(path, dpi=90)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smoke mode: small sizes, few repetitions")
    parser.add_argument("--skip-r", action="store_true", help="leave out the benchmarks run from R")
    parser.add_argument("--only", metavar="TEXT", help="run only the steps whose title contains TEXT")
    args = parser.parse_args(argv)

    results: dict = {}
    steps = [("layer construction", construction), ("layer construction, the family", family_construction),
             ("R array hand-off", array_handoff),
             ("large forward", forward), ("every-kernel fallback vs native", fallback),
             ("eager forward from Python", eager_python),
             ("import times", import_times)]
    if not args.skip_r:
        steps.append(("benchmarks from R (Rscript)", r_side))
        steps.append(("from R beside the real R keras 2.15 (Rscript, Keras 2)", r_keras_side))
        steps.append(("mnist_cnn.R from R: rbridge (Keras 3) against R keras 2.15 (TF 2.15)", script_vs_r_keras))
        steps.append(("each kind from R, separate processes: rbridge against R keras 2.15", groups_vs_r_keras))
    if args.only:
        steps = [(title, step) for title, step in steps if args.only in title]
    for title, step in steps:
        log(title + " ...")
        results.update(step(args.quick))
    if "construct_rbridge" in results:
        results["ratio_from_r"] = results["construct_rbridge"] / results["construct_bare_reticulate"]
        results["ratio_eager_r_vs_python"] = results["forward_r_eager"] / results["forward_python_eager_s"]
        results["from_r_rbridge_s"] = results.pop("construct_rbridge")
        results["from_r_bare_reticulate_s"] = results.pop("construct_bare_reticulate")
        results["forward_r_eager_s"] = results.pop("forward_r_eager")

    import tensorflow as tf

    machine = (f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python "
               f"{platform.python_version()}, TensorFlow {tf.__version__} (CPU), "
               f"{'quick mode' if args.quick else 'full run'}")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.json").write_text(json.dumps({"machine": machine, **results}, indent=1))
    table = markdown(results, machine)
    (OUT / "results.md").write_text(table)
    plot(results, OUT / "ratios.png")
    print(table)
    log(f"written: {OUT / 'results.json'}, results.md, ratios.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
