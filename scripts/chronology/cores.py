"""Work a cold build shares between both cores: parsing the data files, rendering the events."""

from __future__ import annotations

import os

MANY = 1500  # jobs from which both cores share the work (below it, starting a worker costs more)


def on_both_cores(function, jobs: list, many: int = MANY) -> list:
    """`function(*job)` for each job, in order: on both cores when there are `many` jobs or more and
    the process may fork. Workers are forked, so `function` (a module-level function) may read what
    the process held before; what it returns is sent back."""
    import multiprocessing
    import threading

    cores = min(os.cpu_count() or 1, 2)
    if len(jobs) < many or cores < 2 or threading.active_count() > 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [function(*job) for job in jobs]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(cores, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(_Star(function), jobs, chunksize=max(1, len(jobs) // (cores * 8))))


class _Star:
    """`function(*job)`, picklable by the function's name."""

    def __init__(self, function):
        self.function = function

    def __call__(self, job: tuple):
        return self.function(*job)
