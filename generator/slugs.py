"""Stable URL slugs from Vietnamese names: 'Xã Đông Hòa' -> 'xa-dong-hoa'."""

from __future__ import annotations

import re

from slugify import slugify

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slug(text: str) -> str:
    # text-unidecode maps đ to d, as Vietnamese readers expect.
    return slugify(text, lowercase=True, max_length=80, word_boundary=True)


def is_valid_slug(value: str) -> bool:
    return bool(SLUG_PATTERN.match(value)) and len(value) <= 80


def heading_id(text: str, separator: str = "-") -> str:
    """A page heading's anchor (the `slugify` of Python-Markdown's toc, set in mkdocs.yml):
    'Thôn Đông' -> 'thon-dong', where the default drops the đ ('thon-ong')."""
    return slugify(text, lowercase=True, separator=separator)
