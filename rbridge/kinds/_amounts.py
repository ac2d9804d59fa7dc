"""Padding and cropping amounts, in any form Keras stores them."""

from __future__ import annotations

from typing import Any


def amount_pairs(value: Any, rank: int) -> tuple:
    """Padding or cropping amounts (a number, N numbers, N pairs; 1-D: one pair) as one
    (start, end) pair per axis."""
    if isinstance(value, int):
        return ((value, value),) * rank
    value = tuple(value)
    if rank == 1 and len(value) == 2 and all(isinstance(v, int) for v in value):
        return (value,)
    return tuple((v, v) if isinstance(v, int) else tuple(v) for v in value)


def keras3_negative_amount(spec, kwargs: dict, name: str) -> dict:
    """A single negative 2-D/3-D amount (R keras's normalize_padding() passes it on; Keras 2.15
    makes the layer, Keras 3 refuses it): made with 0, restored as Keras 2 stores a single
    amount, one pair per axis. (1-D amounts are refused by the coercer, as Keras refuses
    them when the layer is made.)"""
    value = kwargs.get(name)
    if isinstance(value, int) and value < 0:
        kwargs[name] = 0
        return {name: ((value,) * 2,) * spec.rank}
    return {}
