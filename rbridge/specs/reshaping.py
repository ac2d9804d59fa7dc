"""Resampling, padding and cropping (no weights): layer_upsampling_{1,2,3}d(),
layer_zero_padding_{1,2,3}d(), layer_cropping_{1,2,3}d()."""

from __future__ import annotations

from .. import coercers
from . import common as c
from .base import LayerSpec, RArgument

# Keras 2.15's UpSampling2D methods (tf.image.resize's); R keras documents two of them and
# passes any. Keras 3 refuses "gaussian" and "mitchellcubic": rbridge computes them.
INTERPOLATIONS = ("nearest", "bilinear", "bicubic", "area", "lanczos3", "lanczos5", "gaussian", "mitchellcubic")


def upsampling(rank: int) -> LayerSpec:
    if rank == 1:  # as.integer(size): one number; 0 and NA are made, and refused when built
        size = RArgument("size", "2L", 2, coercers.any_integer, annotation="int")
        middle: tuple = ()
    else:
        size = c.integers("size", rank, "c(" + ", ".join(["2L"] * rank) + ")", list_is_tuple=False)
        middle = (c.data_format(),)
        if rank == 2:
            middle += (RArgument("interpolation", '"nearest"', "nearest", coercers.choice(INTERPOLATIONS),
                                 annotation="str"),)
    # UpSampling2D resizes (tf.image.resize): an unknown height or width hides the other
    # (recorded); UpSampling1D/3D repeat elements and keep what is known.
    return LayerSpec(f"layer_upsampling_{rank}d", f"UpSampling{rank}D", "upsampling", rank,
                     (c.obj(), size, *middle, *c.short_tail()), unknown_size_hides_known_sizes=rank == 2)


def _amounts(name: str, rank: int, r_default: str) -> RArgument:
    # 1-D: as.integer(x), one number or two (Keras refuses negatives when the layer is made);
    # 2-D/3-D: R keras's normalize_padding() / normalize_cropping(), negatives passed on
    # (Keras 2.15 makes the layer: a negative padding fails when it runs, a negative cropping
    # slices).
    coercer = coercers.integer_or_pair() if rank == 1 else coercers.scale(rank, minimum=None)
    return RArgument(name, r_default, c._py(r_default), coercer,
                     annotation="int | Sequence[int] | Sequence[Sequence[int]]")


def zero_padding(rank: int) -> LayerSpec:
    default = {1: "1L", 2: "c(1L, 1L)", 3: "c(1L, 1L, 1L)"}[rank]
    middle = () if rank == 1 else (c.data_format(),)
    return LayerSpec(f"layer_zero_padding_{rank}d", f"ZeroPadding{rank}D", "zero_padding", rank,
                     (c.obj(), _amounts("padding", rank, default), *middle, *c.short_tail()))


def cropping(rank: int) -> LayerSpec:
    default = {1: "c(1L, 1L)", 2: "list(c(0L, 0L), c(0L, 0L))", 3: "list(c(1L, 1L), c(1L, 1L), c(1L, 1L))"}[rank]
    middle = () if rank == 1 else (c.data_format(),)
    # Keras 2.15's Cropping1D and Cropping2D refuse to crop a whole axis away; its Cropping3D
    # gives an empty output (both recorded under R keras 2.15).
    return LayerSpec(f"layer_cropping_{rank}d", f"Cropping{rank}D", "cropping", rank,
                     (c.obj(), _amounts("cropping", rank, default), *middle, *c.short_tail()),
                     refuses_whole_axis_crop=rank < 3)


SPECS = c.family(upsampling(1), upsampling(2), upsampling(3), zero_padding(1), zero_padding(2), zero_padding(3),
                 cropping(1), cropping(2), cropping(3))
