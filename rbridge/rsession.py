"""Loading rpy2 (and with it R), with one clear message and the fix when it cannot be done.

R itself exits the process when ``R_HOME`` points at no R ("Fatal error: unable to open
the base package"), so that case is checked before rpy2 starts R.
"""

from __future__ import annotations

import os
import sysconfig
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
    own_libpython_first()
    _loaded = True


def own_libpython_first() -> None:
    """Put this interpreter's own library folder first in ``LD_LIBRARY_PATH``.

    When rpy2 starts R it puts R's library folders at the head of ``LD_LIBRARY_PATH`` (on
    Debian ``/usr/lib/R/lib:/usr/lib/x86_64-linux-gnu``). That changes nothing in this
    process, but every child process inherits it. A Python that finds its libpython through
    its RUNPATH (pyenv, a Python built from source) then loads the system's libpython of the
    same name in a child, not its own: seen here, pyenv's 3.11.7 in a child of a process
    that had started R loaded Debian's 3.11.2 (from python3-dev), failed to import ssl and
    crashed at exit. With this folder first a child Python loads its own; R's folders stay.
    """
    libdir = sysconfig.get_config_var("LIBDIR")
    if not libdir or not sysconfig.get_config_var("Py_ENABLE_SHARED"):
        return  # a Python linked statically has no libpython to find
    parts = [p for p in os.environ.get("LD_LIBRARY_PATH", "").split(":") if p]
    if parts and parts[0] == libdir:
        return
    os.environ["LD_LIBRARY_PATH"] = ":".join([libdir] + [p for p in parts if p != libdir])
