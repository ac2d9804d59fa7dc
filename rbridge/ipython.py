"""``%load_ext rbridge.ipython``: rpy2's ``%R``/``%%R`` magics, taking rbridge's results.

rpy2's magics convert ``-i`` values with rpy2's converters, which cannot take a
``tf.Tensor`` (numpy2ri turns it into a NumPy array and then asks rpy2's base converter,
which has no rule for arrays: "Conversion 'py2rpy' not defined for objects of type
numpy.ndarray"). This extension loads rpy2's magics (as ``%load_ext rpy2.ipython``
does) and adds one narrow rule to their converter: anything with ``.numpy()`` (a tensor
or a Keras variable) goes to R as an R array with ``dim``, indexed as in R. Everything
else, ``-o`` included, converts as rpy2's magics do. ``-c`` with a converter of your own
(``default_converter + numpy2ri.converter + rbridge.converter`` for R's rules both ways)
replaces the magics' converter for that cell, as in rpy2.
"""

from __future__ import annotations

from typing import Any


def load_ipython_extension(ipython: Any) -> None:
    ipython.extension_manager.load_extension("rpy2.ipython")  # a no-op when already loaded
    from .convert import results_converter

    magics = ipython.magics_manager.registry["RMagics"]
    if results_converter.name not in magics.converter.name:  # loading twice adds nothing
        magics.converter = magics.converter + results_converter
