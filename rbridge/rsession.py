"""Loading rpy2 (and with it R), with one clear message and the fix when it cannot be done.

R itself exits the process when ``R_HOME`` points at no R ("Fatal error: unable to open
the base package"), so that case is checked before rpy2 starts R.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import RBridgeError

_INSTALL_R = "install R (Debian: sudo apt-get install r-base-core)"
_loaded = False


def _base_package(home: str) -> Path:
    return Path(home) / "library" / "base" / "R" / "base"


def ensure_rpy2() -> None:
    """Import rpy2 and make sure it can start (or attach to) R; raise RBridgeError if not."""
    global _loaded
    if _loaded:
        return
    home = os.environ.get("R_HOME")
    if home and not _base_package(home).exists():
        raise RBridgeError(
            f"R_HOME={home} is not an R installation (no base package at {_base_package(home)}). "
            "Unset R_HOME, or set it to what `R RHOME` prints; if R is missing, " + _INSTALL_R + "."
        )
    try:
        import rpy2.rinterface  # noqa: F401 - loads R's shared library
        import rpy2.robjects.conversion  # noqa: F401
    except ImportError as exc:
        if isinstance(exc, ModuleNotFoundError) and (exc.name or "").split(".")[0] == "rpy2":
            raise RBridgeError(
                "R objects need rpy2, which is not installed: pip install 'rpy2>=3.5.17,<3.6' "
                "(rpy2 3.6 needs R >= 4.3). Plain Python values work without it."
            ) from exc
        raise RBridgeError(f"rpy2 could not load R ({exc}); {_INSTALL_R}, or set R_HOME.") from exc
    except (OSError, RuntimeError, ValueError) as exc:
        raise RBridgeError(f"rpy2 could not load R ({exc}); {_INSTALL_R}, or set R_HOME.") from exc
    _loaded = True
