"""Stable URL slugs from Vietnamese names: 'Xã Đông Hòa' -> 'xa-dong-hoa'."""

from __future__ import annotations

import re
from functools import lru_cache

from slugify import slugify

from generator.model.text import without_marks

SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # whole text only (fullmatch): no "\n"
MAX_SLUG = 80
# Text that, once its marks are gone, holds only these gets the same slug from a shortcut:
# python-slugify costs a fifth of a millisecond a call, and a country has thousands of units and
# every page a few headings. Anything else (quotes, commas between digits, other scripts) goes
# through slugify itself.
_PLAIN = re.compile(r"[A-Za-z0-9 .:;()/?!%+–-]*")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def _shortcut(text: str, separator: str) -> str | None:
    bare = without_marks(text)
    if not _PLAIN.fullmatch(bare):
        return None
    return _NOT_ALNUM.sub(separator, bare.lower()).strip(separator)


def slug(text: str) -> str:
    # text-unidecode maps đ to d, as Vietnamese readers expect.
    quick = _shortcut(text, "-")
    if quick is not None and len(quick) <= MAX_SLUG:
        return quick
    return slugify(text, lowercase=True, max_length=MAX_SLUG, word_boundary=True)


def is_valid_slug(value: str) -> bool:
    return bool(SLUG_PATTERN.fullmatch(value)) and len(value) <= MAX_SLUG


@lru_cache(maxsize=4096)  # every unit's pages repeat the same section headings
def heading_id(text: str, separator: str = "-") -> str:
    """A page heading's anchor (the `slugify` of Python-Markdown's toc, set in mkdocs.yml):
    'Thôn Đông' -> 'thon-dong', where the default drops the đ ('thon-ong')."""
    quick = _shortcut(text, separator)
    return quick if quick is not None else slugify(text, lowercase=True, separator=separator)
