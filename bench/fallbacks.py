"""The family's every-kernel fallbacks (engine/kernels/) against TensorFlow's native op.

    python -m bench.fallbacks            # full: bench/out/fallbacks.json and fallbacks.md
    python -m bench.fallbacks --quick    # smoke: small sizes, fewer repeats

Each fallback is the exact equivalent rbridge computes where TensorFlow's CPU kernel refuses
a setting, forced (``force_equivalent=True``). Its baseline is TensorFlow's own op on the same
setting where that computes here (oneDNN, float32); elsewhere (float64, or oneDNN off) no
native CPU op exists for the setting, and the baseline is the native op on the nearest setting
every kernel takes: the same data channels-last, undilated, or at equal strides (named in each
row). "eager": called directly; "graph": inside a tf.function, as fit() and predict() run a
layer. Run it once with TF_ENABLE_ONEDNN_OPTS=1 and once with =0 for both baselines.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402

from .timing import interleaved  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
TARGET = 1.3


def _settings():
    """(name, op, refused setting, baseline setting where no native op computes, baseline's
    name, sizes) for each fallback. Shapes are channels-last; the op makes what it needs."""
    from rbridge.engine.kernels import conv, conv_transpose, depthwise

    def conv_op(x, w, s, force):
        return conv.conv(x, w[0], strides=s["strides"], padding="same", dilation=s["dilation"],
                         channels_first=s["cf"], force_equivalent=force)

    def transpose_op(x, w, s, force):
        return conv_transpose.conv_transpose(x, w[0], strides=s["strides"], padding="same", output_padding=None,
                                             dilation=s["dilation"], channels_first=s["cf"], force_equivalent=force)

    def depthwise_op(x, w, s, force):
        return depthwise.depthwise(x, *w, strides=s["strides"], padding="same", dilation=s["dilation"],
                                   channels_first=s["cf"], force_equivalent=force)

    def conv_weights(rank, k, c, f):
        return [((k,) * rank + (c, f))]

    def transpose_weights(rank, k, c, f):
        return [((k,) * rank + (f, c))]

    def separable_weights(rank, k, c, f):
        return [((k,) * rank + (c, 1)), ((1,) * rank + (c, f))]

    two_d = {"small": (4, (16, 16), 16, 16, 3), "large": (8, (96, 96), 64, 64, 3)}
    three_d = {"small": (2, (8, 8, 8), 8, 8, 3), "large": (4, (24, 24, 24), 32, 32, 3)}
    one2, one3 = (1, 1), (1, 1, 1)
    return [
        ("conv2d_channels_first", conv_op, conv_weights, dict(strides=one2, dilation=one2, cf=True),
         dict(strides=one2, dilation=one2, cf=False), "channels_last", two_d),
        ("conv3d_channels_first", conv_op, conv_weights, dict(strides=one3, dilation=one3, cf=True),
         dict(strides=one3, dilation=one3, cf=False), "channels_last", three_d),
        ("conv2d_transpose_channels_first", transpose_op, transpose_weights,
         dict(strides=(2, 2), dilation=one2, cf=True), dict(strides=(2, 2), dilation=one2, cf=False),
         "channels_last", two_d),
        ("conv2d_transpose_dilation2", transpose_op, transpose_weights, dict(strides=one2, dilation=(2, 2), cf=False),
         dict(strides=one2, dilation=one2, cf=False), "undilated", two_d),
        ("conv3d_transpose_dilation2", transpose_op, transpose_weights, dict(strides=one3, dilation=(2, 2, 2), cf=False),
         dict(strides=one3, dilation=one3, cf=False), "undilated", three_d),
        ("separable2d_channels_first", depthwise_op, separable_weights, dict(strides=one2, dilation=one2, cf=True),
         dict(strides=one2, dilation=one2, cf=False), "channels_last", two_d),
        ("depthwise2d_strides_2_1", depthwise_op, lambda r, k, c, f: separable_weights(r, k, c, f)[:1],
         dict(strides=(2, 1), dilation=one2, cf=False), dict(strides=one2, dilation=one2, cf=False),
         "strides 1 (the equivalent's own work)", two_d),
    ]


def run(quick: bool, only: tuple = ()) -> dict:
    import tensorflow as tf

    from rbridge.engine.kernels._common import native_computes, onednn_enabled

    results: dict = {"onednn": onednn_enabled(), "rows": []}
    for name, op, weight_shapes, refused, plain, plain_name, sizes in _settings():
        if only and name not in only:
            continue
        for label, (batch, spatial, channels, filters, k) in sizes.items():
            if quick and label == "large":
                continue
            rank = len(spatial)
            for dtype in ("float32", "float64"):
                rng = np.random.default_rng(0)
                last = rng.standard_normal((batch, *spatial, channels))
                first = np.moveaxis(last, -1, 1).copy()
                weights = [tf.constant(rng.standard_normal(s), dtype)
                           for s in weight_shapes(rank, k, channels, filters)]
                x = tf.constant(first if refused["cf"] else last, dtype)
                x_plain = tf.constant(last, dtype)
                native_here = native_computes(x, plain=False)

                def equivalent(x=x, weights=weights, s=refused, op=op):
                    return op(x, weights, s, True)

                if native_here:
                    baseline_name = "native op, same setting"

                    def baseline(x=x, weights=weights, s=refused, op=op):
                        return op(x, weights, s, False)
                else:
                    baseline_name = f"native op, {plain_name}"

                    def baseline(x=x_plain, weights=weights, s=plain, op=op):
                        return op(x, weights, s, False)
                for how, wrap in (("eager", lambda f: f), ("graph", tf.function)):
                    fns = {"baseline": wrap(baseline), "equivalent": wrap(equivalent)}
                    times = interleaved(fns, number=1 if label == "large" else 10, repeat=3 if quick else 9)
                    results["rows"].append(dict(
                        setting=name, size=label, dtype=dtype, how=how, baseline=baseline_name,
                        baseline_s=times["baseline"], equivalent_s=times["equivalent"],
                        ratio=times["equivalent"] / times["baseline"]))
                    print(f"{name:34s} {label:5s} {dtype} {how:5s} {results['rows'][-1]['ratio']:.2f}x "
                          f"({baseline_name})", flush=True)
    return results


def markdown(results: dict) -> str:
    lines = [f"oneDNN: {'on' if results['onednn'] else 'off'}; {platform.processor() or platform.machine()}", "",
             "| fallback | size | dtype | eager | graph | baseline |", "|---|---|---|---:|---:|---|"]
    rows: dict = {}
    for row in results["rows"]:
        rows.setdefault((row["setting"], row["size"], row["dtype"]), {})[row["how"]] = row
    for (setting, size, dtype), by_how in rows.items():
        def cell(how):
            ratio = by_how[how]["ratio"]
            return f"**{ratio:.2f}x**" if ratio > TARGET else f"{ratio:.2f}x"
        lines.append(f"| {setting} | {size} | {dtype} | {cell('eager')} | {cell('graph')} | "
                     f"{by_how['eager']['baseline']} |")
    met = sum(r["ratio"] <= TARGET for r in results["rows"])
    lines += ["", f"{met} of {len(results['rows'])} within {TARGET}x."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", nargs="*", default=(), help="fallback names (default: all)")
    args = parser.parse_args(argv)
    results = run(args.quick, tuple(args.only))
    OUT.mkdir(parents=True, exist_ok=True)
    mode = ("onednn" if results["onednn"] else "plain") + ("_" + "_".join(args.only) if args.only else "")
    (OUT / f"fallbacks_{mode}.json").write_text(json.dumps(results, indent=1))
    text = markdown(results)
    (OUT / f"fallbacks_{mode}.md").write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
