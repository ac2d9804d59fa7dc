"""One lock for every touch of R, and a way for R objects to die only under it.

R and rpy2 are not thread-safe: two threads in R's C API at once corrupt R. rbridge
takes :data:`R_LOCK` around everything that calls into R (converting R values,
evaluating R code, making R objects). Releasing an R object is a call into R too
(``R_ReleaseObject``, when an rpy2 wrapper dies), and the wrappers held by NumPy views
of R memory die whenever the last view does, in whatever thread that is. So views hold
their R object through a :class:`Keeper`, which on death hands the object to a queue
instead of releasing it; :func:`locked` empties the queue while it holds the lock.
"""

from __future__ import annotations

import contextlib
import threading
from typing import Any, Iterator

R_LOCK = threading.RLock()
_dead: list[Any] = []  # R objects whose last view died, waiting to be released under R_LOCK


class Keeper:
    """Keeps an rpy2 object alive for a view; on death, queues it for release under the lock."""

    __slots__ = ("r_object",)

    def __init__(self, r_object: Any):
        self.r_object = r_object

    def __del__(self) -> None:
        if _dead is not None:  # None only while Python shuts down
            _dead.append(self.r_object)  # list.append is atomic: safe from any thread


@contextlib.contextmanager
def locked() -> Iterator[None]:
    """Hold :data:`R_LOCK`; release the R objects whose views have died meanwhile."""
    with R_LOCK:
        while _dead:
            _dead.pop()
        yield
