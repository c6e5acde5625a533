"""Work a build shares between both cores: parsing the data files, rendering the events, and the
open-data files made while the pages are rendered."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager

MANY = 1500  # jobs from which both cores share the work (below it, starting a worker costs more)


def on_both_cores(function, jobs: list, many: int = MANY) -> Iterator:
    """`function(*job)` for each job, in order, each as it is done (so that what is done with one
    need not wait for them all): on both cores when there are `many` jobs or more and the process
    may fork. Workers are forked (as the first value is asked for), so `function` (a module-level
    function) may read what the process held then; what it returns is sent back. A caller that
    may stop early closes it (contextlib.closing), so that the workers stop with it."""
    if len(jobs) < many or not _may_fork():
        yield from (function(*job) for job in jobs)
        return
    pool = _pool(CORES)
    try:
        yield from pool.map(_Star(function), jobs, chunksize=max(1, len(jobs) // (CORES * 8)))
    finally:  # (when the caller stops early, the work not yet begun is not done)
        pool.shutdown(wait=True, cancel_futures=True)


class Background:
    """`function(*args)` computed in a forked process while this one goes on (here, at once, when
    the work is `small` or the process may not fork): `result()` waits for its value, and
    `finish(use, *more)` has the worker itself call `use(value, *more)` (writing files, say) so
    that the value never travels back; either raises what the work raised. No thread is started,
    so the process may fork again meanwhile."""

    def __init__(self, function, *args, small: bool = False):
        self._process = None
        if small or not _may_fork():
            self._value = function(*args)
            return
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self._receiver, sender = context.Pipe(duplex=False)
        asked, self._asking = context.Pipe(duplex=False)
        self._process = context.Process(target=_work, args=(sender, asked, function, args), daemon=True)
        self._process.start()
        sender.close()
        asked.close()

    def result(self):
        return self._ask(None)

    def finish(self, use, *more) -> None:
        if self._process is None:
            use(self._value, *more)
        else:
            self._ask((use, more))

    def _ask(self, request):
        if self._process is not None:
            try:
                self._asking.send(request)
                failed, self._value = self._receiver.recv()
            except (EOFError, BrokenPipeError):
                failed, self._value = True, RuntimeError(f"the worker stopped with exit code {self._process.exitcode}")
            finally:
                self._receiver.close()
                self._asking.close()
                self._process.join()
                self._process = None
            if failed:
                raise self._value
        return self._value


def _work(sender, asked, function, args) -> None:
    """In the worker: the value, then what is asked of it (the value itself, or a use of it)."""
    try:
        value = function(*args)
        request = asked.recv()
        outcome = (False, value) if request is None else (False, request[0](value, *request[1]))
    except BaseException as error:  # raised again in the process that waits for it
        outcome = (True, error)
    sender.send(outcome)
    sender.close()


CORES = min(os.cpu_count() or 1, 2)


def _may_fork() -> bool:
    """Forking is safe only in a process with one thread (a server's threads hold locks)."""
    import multiprocessing
    import threading

    return CORES > 1 and threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()


def _pool(workers: int):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))


class _Star:
    """`function(*job)`, picklable by the function's name."""

    def __init__(self, function):
        self.function = function

    def __call__(self, job: tuple):
        return self.function(*job)


@contextmanager
def few_collections():
    """Python's cyclic garbage collector paused while the long-lived model is made, and what it made
    then kept out of later collections (gc.freeze): they would walk the whole model again and again,
    a cost that grows faster than the data. Forked workers then share its memory pages untouched."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def release_free_memory() -> None:
    """Hand the memory freed back to the system (glibc's malloc_trim), so that what is made next
    does not add to the peak; where the C library has no such call, nothing happens."""
    import ctypes
    import ctypes.util

    try:
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
