"""Cross-language verification: replay R keras cases through rbridge and compare.

A case is the JSON format of ``tests/fixtures/r-keras-2.15/`` (docs/case-format.md): R
source for the arguments and the input, and the result R keras 2.15.0 recorded (or a user
expects). :func:`verify` checks, replays and compares many cases and returns a pandas
DataFrame, one row per case. One module per job, each depending only on those above it:

- :mod:`.limits`: what a case file may cost (:class:`Limits`), and the flags that raise it;
- :mod:`.cases`: the case format, reading case files within the limits, the bundled cases;
- :mod:`.r_session`: the embedded R (rpy2) and R keras's helpers;
- :mod:`.sandbox`: a separate R process that checks and first evaluates a case's R source;
- :mod:`.allow_list`: what case R source may use (checked in the sandbox);
- :mod:`.replay`: a case run through rbridge, described in the cases' schema;
- :mod:`.numbers`: tolerances, and where two arrays differ;
- :mod:`.weights`: whether a case determines its layer's weights (so numbers can be compared);
- :mod:`.references`: the NumPy reference where R keras failed inside TensorFlow;
- :mod:`.compare`: every disagreement with the expected result;
- :mod:`.runner`: :func:`verify`, one row per case, a failing case never fatal;
- :mod:`.report`: the table for a terminal, HTML, CSV or JSON;
- :mod:`.live`: R keras run now, in this process, as the truth.
"""

from __future__ import annotations

from .allow_list import ALLOWED_FUNCTIONS, ALLOWED_SYMBOLS, UnsafeCaseError, check, why_refused
from .cases import (DEFAULT_FUNCTION, CaseError, case_function, fixtures_dir, load_cases, select_functions,
                    validate)
from .compare import (AGREES, COMPUTED_WHERE_R_KERAS_FAILED, DILATION_APPLIED, MISMATCH, _auto_name, compare,
                      config_differences, dilation_ignored_by_r_keras, failed_inside_tensorflow, keras_auto_name)
from .limits import Limits
from .numbers import FLOAT32_ATOL, FLOAT32_RTOL, FLOAT64_RTOL
from .r_session import R_HELPERS, evaluate_r
from .references import reference_output
from .replay import describe, replay
from .runner import CASE_ERROR, verify
from .weights import initializers_deterministic, weights_fixed

__all__ = [
    "AGREES", "ALLOWED_FUNCTIONS", "ALLOWED_SYMBOLS", "CASE_ERROR", "COMPUTED_WHERE_R_KERAS_FAILED",
    "DEFAULT_FUNCTION", "DILATION_APPLIED", "FLOAT32_ATOL", "FLOAT32_RTOL", "FLOAT64_RTOL", "MISMATCH",
    "CaseError", "Limits", "R_HELPERS", "UnsafeCaseError", "case_function", "check", "compare",
    "config_differences", "describe", "dilation_ignored_by_r_keras", "evaluate_r", "failed_inside_tensorflow", "fixtures_dir",
    "initializers_deterministic", "keras_auto_name", "load_cases", "reference_output", "replay",
    "select_functions", "validate", "verify", "weights_fixed", "why_refused",
]
