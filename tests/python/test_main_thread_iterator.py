"""rbridge.main_thread_iterator: R generator functions consumed on Python's background threads.

The situation it exists for, built without R: a consumer thread pulls a value while the main
thread waits for that consumer (as it waits inside TensorFlow for a batch), and the function
behind the iterator may only run on the main thread (as R's may). The scheduler stands in for
reticulate's pending call: it queues the work, and the main thread runs it when it is free.
"""

from __future__ import annotations

import queue
import threading

import pytest

from rbridge.main_thread_iterator import MainThreadIterator


class MainThreadOnly:
    """Counts 1, 2, ... up to `stop` then returns None (R's NULL); fails if called off the main thread."""

    def __init__(self, stop: int | None = None, fail_at: int | None = None):
        self.calls = 0
        self.stop, self.fail_at = stop, fail_at
        self.off_main = 0

    def __call__(self):
        if threading.current_thread() is not threading.main_thread():
            self.off_main += 1
        self.calls += 1
        if self.fail_at is not None and self.calls == self.fail_at:
            raise RuntimeError("the R generator failed")
        if self.stop is not None and self.calls > self.stop:
            return None
        return self.calls


class PendingCalls:
    """Work scheduled for the main thread, run only when the test's main thread says so."""

    def __init__(self):
        self.work: queue.Queue = queue.Queue()

    def schedule(self, function):
        self.work.put(function)

    def run(self):
        while not self.work.empty():
            self.work.get()(None)


def consume_on_background_thread(iterator, timeout: float = 10.0):
    """next(iterator) on another thread while the main thread waits for it (and runs nothing)."""
    result: dict = {}
    thread = threading.Thread(target=lambda: result.update(value=_next_or_error(iterator)), daemon=True)
    thread.start()
    thread.join(timeout)
    assert not thread.is_alive(), "the background consumer waited for the blocked main thread: a hang"
    return result["value"]


def _next_or_error(iterator):
    try:
        return next(iterator)
    except BaseException as error:  # noqa: BLE001 - the test inspects it
        return error


def test_a_background_consumer_gets_the_value_kept_ready_while_the_main_thread_waits():
    function, pending = MainThreadOnly(), PendingCalls()
    iterator = MainThreadIterator(function, prefetch=1, schedule=pending.schedule)
    assert function.calls == 1  # made on the main thread: one value ready
    assert consume_on_background_thread(iterator) == 1
    # the next value is asked of the main thread, not fetched on the consumer's thread
    assert function.off_main == 0 and pending.work.qsize() == 1
    pending.run()  # the main thread runs Python again (between two training steps)
    assert consume_on_background_thread(iterator) == 2
    pending.run()
    assert consume_on_background_thread(iterator) == 3
    assert function.off_main == 0


def test_values_come_in_order_and_none_ends_the_iteration_on_the_main_thread_too():
    function, pending = MainThreadOnly(stop=3), PendingCalls()
    iterator = MainThreadIterator(function, schedule=pending.schedule)
    assert list(iterator) == [1, 2, 3]
    with pytest.raises(StopIteration):
        next(iterator)  # stays ended
    assert function.calls == 4


def test_an_error_of_the_r_function_reaches_the_consumer_as_that_error():
    function, pending = MainThreadOnly(fail_at=2), PendingCalls()
    iterator = MainThreadIterator(function, schedule=pending.schedule)
    assert consume_on_background_thread(iterator) == 1
    pending.run()  # the main thread's refill meets the error: it is kept, not raised there
    error = consume_on_background_thread(iterator)
    assert isinstance(error, RuntimeError) and "the R generator failed" in str(error)
    assert isinstance(consume_on_background_thread(iterator), StopIteration)


def test_no_prefetch_is_refused_because_it_can_hang():
    with pytest.raises(ValueError, match="prefetch"):
        MainThreadIterator(MainThreadOnly(), prefetch=0, schedule=PendingCalls().schedule)
