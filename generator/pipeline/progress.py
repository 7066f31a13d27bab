"""Progress of a long build: a bar on a terminal, plain periodic lines in CI logs."""

from __future__ import annotations

import sys
import time

from tqdm import tqdm

LOG_EVERY_SECONDS = 10


class Progress:
    def __init__(self, label: str, stream=None):
        self.label = label
        self.stream = stream or sys.stderr  # the one of the moment, not the one at import
        self.interactive = self.stream.isatty()
        self.bar = None
        self.done = 0
        self.total = 0
        self.started = self.last_log = time.monotonic()

    def __enter__(self):
        return self

    def set_total(self, total: int) -> None:
        self.total = total
        if self.interactive:
            self.bar = tqdm(total=total, desc=self.label, unit=" đơn vị", file=self.stream)

    def step(self) -> None:
        self.done += 1
        if self.bar:
            self.bar.update(1)
            return
        now = time.monotonic()
        if now - self.last_log >= LOG_EVERY_SECONDS or self.done == self.total:
            rate = self.done / max(now - self.started, 1e-9)
            left = (self.total - self.done) / rate if rate else 0
            print(
                f"{self.label}: {self.done}/{self.total} đơn vị, {rate:.1f} đơn vị/giây, "
                f"còn khoảng {left:.0f} giây",
                file=self.stream,
                flush=True,
            )
            self.last_log = now

    def __exit__(self, *exc):
        if self.bar:
            self.bar.close()
