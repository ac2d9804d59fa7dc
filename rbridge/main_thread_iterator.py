"""A Python iterator over an R function that Python's background threads may consume.

R runs on one thread. Keras 3 (``tf.data.Dataset.from_generator``) and Keras 2.15 pull a
generator's batches on a background thread while the main thread waits inside TensorFlow for
that batch. reticulate makes an R function called from such a thread wait for the main thread
to call it (a Python "pending call", which the main thread runs only when it next runs Python
code). If the main thread is itself waiting inside TensorFlow for that batch, neither moves and
the process hangs for good (seen: a loop of ``evaluate()``, ``predict()`` and ``fit()`` on R
generators hung in its first round; a CI run hung in one such test).

R keras 2.15 avoided it with reticulate's ``py_iterator(prefetch = 1L)``: the main thread keeps
one batch ready, so a background thread takes that one at once and only asks the main thread
for the next, which it fetches the next time it runs Python (between two steps). reticulate
1.28, Debian's, has no ``prefetch``; :class:`MainThreadIterator` is the same mechanism, for
every reticulate version. Unlike reticulate's, an error in the R function reaches the consumer
as that error, instead of a warning and a quiet end of the data.
"""

from __future__ import annotations

import queue
import threading
from typing import Any, Callable

_END = object()


class _Failure:
    """An exception the R function raised on the main thread, re-raised where it is consumed."""

    def __init__(self, error: BaseException):
        self.error = error


def _reticulate_scheduler() -> Callable[[Callable[..., Any]], None]:
    """Runs a function on the main thread the next time it runs Python (reticulate's rpycall)."""
    import rpycall  # reticulate's own module, in every Python that reticulate started

    # reticulate 1.46 names it schedule_...; 1.28 call_... (both only schedule, then return)
    schedule = getattr(rpycall, "schedule_python_function_on_main_thread", None) \
        or rpycall.call_python_function_on_main_thread
    return lambda function: schedule(function, None)


class MainThreadIterator:
    """Iterates over ``r_function()``, called on the main thread only.

    ``r_function`` returns the next value, or ``None`` (R's ``NULL``) when there is no more.
    ``prefetch`` values are kept ready. ``schedule`` runs a one-argument function on the main
    thread later (default: reticulate's pending call); tests pass their own.
    """

    def __init__(self, r_function: Callable[[], Any], prefetch: int = 1,
                 schedule: Callable[[Callable[..., Any]], None] | None = None):
        if prefetch < 1:
            raise ValueError("prefetch must be at least 1: with none, a background consumer can hang")
        self._r_function = r_function
        self._prefetch = prefetch
        self._schedule = schedule or _reticulate_scheduler()
        self._values: queue.Queue = queue.Queue()
        self._ended = False
        self._refill_pending = False
        self._main = threading.main_thread()
        self._refill()  # made on the main thread (from R): the first values are ready

    def __iter__(self) -> "MainThreadIterator":
        return self

    def __next__(self) -> Any:
        self._refill(at_least=1)
        value = self._values.get()
        if value is _END:
            self._values.put(_END)  # every later call ends too
            raise StopIteration
        if isinstance(value, _Failure):
            raise value.error
        self._refill()
        return value

    def _refill(self, at_least: int = 0) -> None:
        """On the main thread, calls R until ``prefetch`` values wait (and ``at_least`` more
        than the queue holds); elsewhere, asks the main thread to do so and returns."""
        if self._ended:
            return
        if threading.current_thread() is not self._main:
            if not self._refill_pending:
                self._refill_pending = True
                self._schedule(lambda *_: self._refill())  # (reticulate passes its data argument, or none)
            return
        self._refill_pending = False
        for _ in range(max(at_least, self._prefetch - self._values.qsize())):
            try:
                value = self._r_function()
            except BaseException as error:  # noqa: BLE001 - handed to the consumer, not lost
                self._values.put(_Failure(error))
                self._values.put(_END)
                self._ended = True
                return
            if value is None:
                self._values.put(_END)
                self._ended = True
                return
            self._values.put(value)
