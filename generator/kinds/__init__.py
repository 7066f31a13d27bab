"""The dataset kinds, registered once here. A kind is one folder: schema.yaml, loader and
checks (__init__.py, class KIND), templates/ and its rollup; adding a kind means adding its
folder and one line below. The order is the order of sections on every site."""

from __future__ import annotations

from functools import lru_cache
from importlib import import_module

KIND_MODULES = ("budget", "poverty", "land", "reform")


@lru_cache(maxsize=None)
def all_kinds() -> tuple:
    return tuple(import_module(f"generator.kinds.{name}").KIND() for name in KIND_MODULES)
