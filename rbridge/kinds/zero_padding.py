"""Zero padding (Keras's ZeroPadding1D/2D/3D): layer_zero_padding_{1,2,3}d()."""

from __future__ import annotations

from ..errors import RArgumentError
from . import register
from ._amounts import amount_pairs, keras3_negative_amount
from .base import FAILS_WHEN_RUN, FAILS_WHEN_SYMBOLIC, Kind, r_shape


@register
class ZeroPadding(Kind):
    name = "zero_padding"
    size_argument = "padding"

    def keras3_arguments(self, spec, kwargs):
        return keras3_negative_amount(spec, kwargs, "padding")

    def check_computable(self, spec, layer):
        self._refuse_negative(spec, layer, FAILS_WHEN_RUN)

    def check_symbolic(self, spec, layer):
        self._refuse_negative(spec, layer, FAILS_WHEN_SYMBOLIC)

    def _refuse_negative(self, spec, layer, why: str) -> None:
        amounts = [v for pair in amount_pairs(layer.padding, spec.rank) for v in pair]
        if any(v < 0 for v in amounts):
            raise RArgumentError("padding", r_shape(amounts), "must be non-negative", why)

    def reference(self, spec, r_args, x, weights):
        from .. import reference as ref

        return ref.zero_padding(x, amount_pairs(r_args.get("padding", 1), spec.rank),
                                channels_first=r_args.get("data_format") == "channels_first")
