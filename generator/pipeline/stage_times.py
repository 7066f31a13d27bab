"""CPU time spent in each stage of a unit's build, so that `make bench` can say where a commune's
time goes (and what is left for a target). Process time, not wall time: workers share the cores."""

from __future__ import annotations

import time
from contextlib import contextmanager

STAGES = {
    "survey": "reading and checking the data",
    "pages": "writing the Markdown pages and downloads",
    "mkdocs": "MkDocs and Material",
    "staging": "checksums and staging",
}


class StageTimes(dict):
    """Stage name -> CPU seconds."""

    @contextmanager
    def timing(self, stage: str):
        started = time.process_time()
        try:
            yield
        finally:
            self[stage] = self.get(stage, 0.0) + time.process_time() - started

    def add(self, other: dict) -> None:
        for stage, seconds in other.items():
            self[stage] = self.get(stage, 0.0) + seconds
