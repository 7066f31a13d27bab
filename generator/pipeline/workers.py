"""The worker processes a build's passes run in, and the state each worker holds for its jobs."""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor

# What every job of a build shares (the tree, the work folder, the caches), set once a worker.
shared: dict = {}


def _init_worker(state: dict, setup: Callable[[dict], None]) -> None:
    shared.clear()
    shared.update(state)
    setup(state)


def _init_pool_worker(state: dict, setup: Callable[[dict], None], parent: int) -> None:
    _init_worker(state, setup)
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    """A worker of a build killed outright (kill -9, the OOM killer) would wait for jobs forever,
    idle but holding its memory: it holds an end of the job queue's pipe itself, so never sees it
    close."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


class Workers:
    """A map over worker processes (in this process, with one worker), for both passes. The
    workers are forked once, at the first pass's start, before every unit's survey results pile
    up in the main process: they never carry a copy of them, and the second pass starts no new
    processes. `setup(state)` runs in each worker once, after `shared` holds `state`."""

    def __init__(self, state: dict, workers: int, setup: Callable[[dict], None]):
        self.state, self.workers, self.setup = state, workers, setup
        self.pool = None
        if workers <= 1:
            _init_worker(state, setup)
        else:
            self.pool = ProcessPoolExecutor(
                max_workers=workers,
                initializer=_init_pool_worker,
                initargs=(state, setup, os.getpid()),
            )

    def __call__(self, function, jobs: list):
        if self.pool is None:
            return map(function, jobs)
        # Small chunks: units differ tenfold in size, and a large last chunk would leave a worker
        # idle.
        return self.pool.map(
            function, jobs, chunksize=max(1, min(4, len(jobs) // (self.workers * 8)))
        )

    def few_ahead(self, function, jobs: Iterable):
        """Results in the jobs' order, as calling does, but with jobs taken from `jobs` only a
        few ahead of the results: a second-pass job carries a parent's rollups, and all of them
        made at once would hold every commune's figures as objects again."""
        if self.pool is None:
            yield from map(function, jobs)
            return
        running = deque()
        for job in jobs:
            running.append(self.pool.submit(function, job))
            if len(running) > 2 * self.workers:
                yield running.popleft().result()
        while running:
            yield running.popleft().result()

    def here_from_now(self) -> None:
        """Later jobs run in this process. For a second pass of a unit or two (a province and the
        top page): idle workers would otherwise hold their memory while one of them builds the
        province, whose rollups have a row for every commune."""
        if self.pool is not None:
            self.pool.shutdown()
            self.pool = None
            _init_worker(self.state, self.setup)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.shutdown()
