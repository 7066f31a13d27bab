"""One build at a time in a work folder: two at once overwrote each other's staged sites and
left a unit's stage empty under a valid key, off the published tree for good."""

from __future__ import annotations

import fcntl
import sys
from contextlib import contextmanager
from pathlib import Path

LOCK_FILE = ".lock"
_HELD: set[Path] = set()  # by this process: a merge holds it around its build


@contextmanager
def exclusive(work: Path):
    folder = work.resolve()
    if folder in _HELD:
        yield
        return
    folder.mkdir(parents=True, exist_ok=True)
    # A POSIX record lock (lockf), not flock: forked workers do not inherit it, so workers left
    # behind by a killed build cannot hold the folder; it goes with the process that took it.
    with open(folder / LOCK_FILE, "a") as handle:
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # EACCES or EAGAIN: held by another process
            print(
                f"Một lần xây dựng khác đang dùng thư mục {work}; đang chờ lần đó xong…",
                file=sys.stderr,
                flush=True,
            )
            fcntl.lockf(handle, fcntl.LOCK_EX)
        _HELD.add(folder)
        try:
            yield
        finally:
            _HELD.discard(folder)
