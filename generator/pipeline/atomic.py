"""Replacing a whole folder (or file) at once, so that readers (and an interrupted build) only
ever see the old one or the new one, never a mix or nothing."""

from __future__ import annotations

import ctypes
import os
import shutil
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2). False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def copy_dir(source: Path, target: Path, **copytree_options) -> None:
    """Copy `source` in place of `target` whole: made beside it, then swapped (see replace_dir)."""
    fresh = target.with_name(target.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source, fresh, **copytree_options)
    replace_dir(fresh, target)


def replace_dir(fresh: Path, target: Path) -> None:
    """Put `fresh` in place of `target`; the old content is removed afterwards."""
    if not target.exists():
        os.replace(fresh, target)
        return
    if exchange(fresh, target):
        shutil.rmtree(fresh)  # now holds the old content
        return
    old = target.with_name(target.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    os.replace(target, old)  # fallback: a brief moment without target
    os.replace(fresh, target)
    shutil.rmtree(old)


def recover(target: Path) -> None:
    """After an interrupted fallback swap, bring the old folder back; drop half-made new ones."""
    old = target.with_name(target.name + ".old")
    if old.exists() and not target.exists():
        os.replace(old, target)
    for leftover in (old, target.with_name(target.name + ".new")):
        if leftover.exists():
            shutil.rmtree(leftover)


def write_atomically(path: Path, data: bytes) -> None:
    """Write a file whole: a build killed while writing leaves the old file, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(data)
    partial.replace(path)


def link_or_copy(source, target) -> None:
    """A hard link (staged files are never changed in place), or a copy where links fail."""
    try:
        os.link(source, target)
    except OSError:  # another file system, or links not allowed
        shutil.copy2(source, target)
