"""Narrow rules that add to rpy2's converters instead of replacing them.

rpy2 composes converters by merging their registries: in ``default_converter +
numpy2ri.converter + rbridge.converter`` rbridge's rule for ``IntSexpVector`` replaces
numpy2ri's for every integer vector, factors included. So each rbridge rule says which
objects of its class it owns (an R vector with no ``class`` attribute, a numeric NumPy
array, ...) and hands every other one to the rule it replaced: the one of the converter
it was added to (``base + rbridge.converter`` calls :meth:`NarrowConverter.__radd__`,
which remembers ``base``), or rpy2's ``default_converter`` when rbridge's converter is
used alone. Add rbridge's converter last: in ``base + rbridge.converter + other``,
``other``'s rules win where it has some, and what rbridge hands off goes to ``base``. A factor, a data.frame, a Date keep what rpy2 gives them; R functions,
environments and S4 objects have no rbridge rule at all.
"""

from __future__ import annotations

import abc
from typing import Any, Callable

from rpy2.robjects import conversion
from rpy2.robjects.conversion import Converter

# A rule converts an object it owns; ``items`` is the converter for the elements of a
# container (so that a list inside a list follows the same rules).
Rule = Callable[[Any, Converter], Any]
Owns = Callable[[Any], bool]
RuleTable = dict[type, tuple[Owns, Rule]]


def owns_all(_obj: Any) -> bool:
    return True


class NarrowConverter(Converter):
    """A converter from tables of narrow rules (``{class: (owns, rule)}``), composable
    on the right of ``+`` with any rpy2 converter. On its own, it holds rpy2's
    ``default_converter`` beneath its rules (as ``numpy2ri.converter`` does)."""

    def __init__(self, name: str, rpy2py: RuleTable, py2rpy: RuleTable, base: Converter | None = None):
        from rpy2.robjects import default_converter

        beneath = default_converter if base is None else base
        super().__init__(name, template=beneath)
        self._tables = (rpy2py, py2rpy)
        self._base = base
        # Every rule of the converter beneath runs as it would alone: rpy2's rules convert
        # the parts of what they convert (a data.frame's columns, read through robjects'
        # indexing) with the active conversion, where rbridge's rules would otherwise turn
        # an integer column into a list.
        for registry, own in ((beneath.rpy2py.registry, self.rpy2py), (beneath.py2rpy.registry, self.py2rpy)):
            for cls, rule in registry.items():
                own.register(cls, _hand_off(beneath, rule))
        for cls, (owns, rule) in rpy2py.items():
            self.rpy2py.register(cls, _narrow(owns, rule, self, _hand_off(beneath, beneath.rpy2py)))
        for cls, (owns, rule) in py2rpy.items():
            self.py2rpy.register(cls, _narrow(owns, rule, self, _hand_off(beneath, beneath.py2rpy)))

    def __radd__(self, base: Any) -> Converter:
        """``base + self``: rbridge's rules over ``base``'s, each handing what it does not
        own to ``base``. (Python asks a subclass's ``__radd__`` before ``Converter.__add__``.)"""
        if not isinstance(base, Converter):
            return NotImplemented
        if self._base is not None:  # base + (other + rbridge) is (base + other) + rbridge
            base = base + self._base
            name = f"{base.name} + {self.name.rsplit(' + ', 1)[-1]}"
        else:
            name = f"{base.name} + {self.name}"
        return NarrowConverter(name, *self._tables, base=base)


def _narrow(owns: Owns, rule: Rule, items: Converter, hand_off: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def convert(obj: Any) -> Any:
        return rule(obj, items) if owns(obj) else hand_off(obj)
    convert.__doc__ = rule.__doc__
    return convert


def _hand_off(beneath: Converter, convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``convert`` (a rule of ``beneath``), run with ``beneath`` as the active conversion.
    (``localconverter`` would copy ``beneath``'s registries on every call; setting rpy2's
    context variable for the call does the same without the copy.)"""
    def hand_off(obj: Any) -> Any:
        token = conversion.converter_ctx.set(beneath)
        try:
            return convert(obj)
        finally:
            conversion.converter_ctx.reset(token)
    return hand_off


def converter_of_all(name: str, rpy2py: RuleTable, py2rpy: RuleTable) -> Converter:
    """A plain converter applying every rule to every object of its class (no hand-off)."""
    converter = Converter(name)
    for cls, (_owns, rule) in rpy2py.items():
        converter.rpy2py.register(cls, lambda obj, rule=rule: rule(obj, converter))
    for cls, (_owns, rule) in py2rpy.items():
        converter.py2rpy.register(cls, lambda obj, rule=rule: rule(obj, converter))
    return converter


class TensorLike(abc.ABC):
    """Anything with ``.numpy()`` and ``__array__``: ``tf.Tensor``, ``tf.Variable``,
    ``keras.Variable``. An implicit ABC, so that rbridge need not import TensorFlow
    to register a rule for its classes (``functools.singledispatch`` honours ABCs)."""

    @classmethod
    def __subclasshook__(cls, other: type) -> bool:
        return callable(getattr(other, "numpy", None)) and hasattr(other, "__array__")
