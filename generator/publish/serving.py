"""How a published tree's files are served, wherever it is published (publish/nginx.py writes it
as an nginx configuration, publish/s3.py as each object's headers): each file's content type
and how long a browser may keep it."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

# Text (sent with charset=utf-8) and the other files a tree holds
TEXT_TYPES = {
    ".html": "text/html",
    ".css": "text/css",
    ".js": "application/javascript",
    ".json": "application/json",
    ".csv": "text/csv",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
    ".txt": "text/plain",
    ".ics": "text/calendar",
    ".map": "application/json",
}
OTHER_TYPES = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".gz": "application/gzip",
    ".png": "image/png",
    ".ico": "image/x-icon",
}
# Theme files whose names carry their content's digest (bundle.5cf534bf.min.js) never change
FINGERPRINTED = r"\.[0-9a-f]{8}\.min\.(js|css)$"
THEME_PREFIX = "_theme/"
PAGE_SECONDS = 300  # pages and data files: a correction reaches readers within minutes
THEME_SECONDS = 86400  # theme files whose names do not change with their content
IMMUTABLE = "public, max-age=31536000, immutable"


def cache_control(path: str, page_seconds: int = PAGE_SECONDS) -> str:
    """The Cache-Control of a file at `path` in the tree (nginx.py states the same in its map)."""
    if re.search(FINGERPRINTED, path):
        return IMMUTABLE
    if path.startswith(THEME_PREFIX):
        return f"public, max-age={THEME_SECONDS}"
    return f"public, max-age={page_seconds}"


def content_type(path: str) -> str | None:
    """The Content-Type of a file at `path` (text with its charset), None when not known."""
    suffix = PurePosixPath(path).suffix.lower()
    if suffix in TEXT_TYPES:
        return f"{TEXT_TYPES[suffix]}; charset=utf-8"
    return OTHER_TYPES.get(suffix)
