"""One unit's part of a built tree as a site of its own, to publish where the whole country does
not fit (GitHub Pages holds 1 GB; a country is about 2.4): a province's pages and its communes',
the theme files and the shared guides, its own root pages (a first page leading to it, the 404
page, robots.txt, the list of its units for the 404 page's suggestions) and a SHA256SUMS of
exactly what it holds, for `congkhai rsync` and `congkhai s3`. Links out of it go to the whole
tree's published address when it was built with --site-url (else they are dropped)."""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import shutil
from pathlib import Path

from generator.pipeline.atomic import replace_dir
from generator.publish.manifest import write_manifest
from generator.publish.offline import THEME, offline_page
from generator.render.unit_index import PublishedUnit

ROOT_FILES = ("404.html", "robots.txt")
GUIDES = "huong-dan"  # the guides every site links to (docs/), kept once at the tree's top
UNIT_LISTS = ("don-vi.csv", "don-vi.json")


def split_site(site: Path, unit: PublishedUnit, out: Path) -> int:
    """Write `unit`'s own site into `out` (replaced whole). Returns how many files it holds."""
    top = unit.path.rstrip("/")
    files = sorted(
        p
        for folder in (site / THEME, site / GUIDES, site / top)
        for p in folder.rglob("*")
        if p.is_file() and (not p.name.endswith(".gz") or p.name == "sitemap.xml.gz")
    )
    held = {p.relative_to(site).as_posix() for p in files} | {"index.html", *ROOT_FILES}
    fresh = out.with_name(out.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    digests: dict[str, str] = {}

    def put(name: str, data: bytes) -> None:
        target = fresh / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        digests[name] = hashlib.sha256(data).hexdigest()

    for path in files:
        name = path.relative_to(site).as_posix()
        data = path.read_bytes()
        if name.endswith(".html"):
            data = offline_page(data.decode("utf-8"), name, held, served=True).encode("utf-8")
        put(name, data)
    for name in ROOT_FILES:
        if (site / name).is_file():
            put(name, (site / name).read_bytes())
    for name in UNIT_LISTS:
        if (site / name).is_file():
            put(name, _units_under((site / name).read_bytes(), name, unit.path))
    put("index.html", _first_page(unit).encode("utf-8"))
    write_manifest(fresh, [("", digests)])
    replace_dir(fresh, out)
    return len(digests) + 1


def _units_under(data: bytes, name: str, path: str) -> bytes:
    """The tree's list of units cut to those at or under `path`, in the same format."""
    if name.endswith(".json"):
        rows = json.loads(data.decode("utf-8"))
        kept = [rows[0]] + [r for r in rows[1:] if str(r[5]).startswith(path)]
        lines = ",\n".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in kept)
        return f"[\n{lines}\n]\n".encode()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows([rows[0]] + [r for r in rows[1:] if len(r) > 5 and r[5].startswith(path)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _first_page(unit: PublishedUnit) -> str:
    target, title = html.escape(unit.path), html.escape(unit.title)
    return (
        '<!doctype html>\n<html lang="vi"><head><meta charset="utf-8">'
        f'<meta http-equiv="refresh" content="0; url={target}"><title>{title}</title></head>\n'
        f'<body><p>Trang công khai thông tin của {title}: <a href="{target}">mở trang</a>.</p>'
        "</body></html>\n"
    )
