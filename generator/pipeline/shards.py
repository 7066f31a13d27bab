"""Sharding a country's build across machines: each shard builds a share of the leaves (communes),
balanced by the size of their data; one merge job builds the units above them and the top page.

The split depends only on the data, so every machine that reads the same commit computes the same
shares without talking to the others.
"""

from __future__ import annotations

import heapq
import json
import os
import re
from pathlib import Path

from generator.input.sources import own_files
from generator.model.units import Unit
from generator.pipeline.atomic import write_atomically

_SHARD = re.compile(r"(\d+)/(\d+)")


def parse_shard(text: str) -> tuple[int, int]:
    """'2/4' -> (2, 4): the second of four shards, counted from 1."""
    match = _SHARD.fullmatch(text.strip())
    if not match:
        raise ValueError(f"«{text}» không đúng dạng k/n, ví dụ 1/4")
    k, n = int(match.group(1)), int(match.group(2))
    if not 1 <= k <= n:
        raise ValueError(f"«{text}»: k phải từ 1 đến n")
    return k, n


def data_size(unit: Unit) -> int:
    """Bytes of the unit's own files (not its children's): what its build time follows."""
    return sum(os.lstat(path).st_size for path in own_files(unit.folder))


def shard_leaves(leaves: list[Unit], k: int, n: int) -> set[str]:
    """The codes of the k-th of n shares: largest first, each to the lightest share so far."""
    loads = [(0, index) for index in range(n)]
    shares: list[set[str]] = [set() for _ in range(n)]
    for size, code in sorted(((data_size(u), u.code) for u in leaves), key=lambda p: (-p[0], p[1])):
        load, index = heapq.heappop(loads)
        shares[index].add(code)
        heapq.heappush(loads, (load + size, index))
    return shares[k - 1]


# In a shard's work folder (WorkFolder.shard_record): which communes that shard was given in its
# last run. A merge takes only those from it: a shard's cached folder also holds communes it built
# in earlier runs, before the split moved them to another shard, and their pages are older than the
# other shard's.


def record_shard(record: Path, k: int, n: int, codes) -> None:
    write_atomically(record, json.dumps({"shard": f"{k}/{n}", "units": sorted(codes)}).encode())


def shard_units(record: Path) -> set[str] | None:
    """The communes a shard's work folder was given, from its record; None when it is not one (or
    its record is damaged)."""
    try:
        record = json.loads(record.read_text(encoding="utf-8"))
        units = record["units"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return (
        set(units) if isinstance(units, list) and all(isinstance(c, str) for c in units) else None
    )
