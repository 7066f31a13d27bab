"""Pages that stand on their own: a unit's generated Markdown and configuration, built by Zensical
(Material for MkDocs's successor, which reads the same mkdocs.yml but runs none of our MkDocs
plugins and renders the theme with MiniJinja), give every page the same tables and the same
home-page figures as the MkDocs build that is published."""

from __future__ import annotations

import posixpath
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.pages import soup

ZENSICAL = Path(sys.executable).with_name("zensical")


def tables(page, at: Path) -> list[str]:
    """Each table of a page's article, as HTML with its whitespace between tags taken out and each
    link as the page it leads to (engines write the same link in more than one way: «2025/» or
    «../cai-cach/2025/» from cai-cach/)."""
    article = page.find("article")
    for link in article.find_all("a", href=True):
        link["href"] = posixpath.normpath(posixpath.join(at.parent.as_posix(), link["href"]))
    return [re.sub(r">\s+<", "><", str(table)) for table in article.find_all("table")]


def links(page, at: Path) -> list[str]:
    """Where each link of a page's article leads, from the unit's root: links written as raw HTML
    are left as they are by MkDocs and moved by Zensical on a page that is not a folder's index."""
    return [
        posixpath.normpath(posixpath.join(at.parent.as_posix(), a["href"]))
        for a in page.find("article").find_all("a", href=True)
    ]


def figures(page) -> list[str]:
    return [span.get_text(strip=True) for span in page.select("article .ck-figure")]


def test_a_unit_built_by_zensical_has_mkdocs_tables_and_figures(sample_build, tmp_path):
    result, site = sample_build
    unit = next(u for u in result.tree if u.is_leaf)
    generated = site.parent / "work" / "units" / unit.code
    copy = tmp_path / "unit"
    shutil.copytree(generated, copy)
    config = copy / "mkdocs.yml"
    built = copy / "out"  # Zensical builds only inside the folder of its configuration
    config.write_text(
        re.sub(r"(?m)^site_dir: .*$", f"site_dir: {built}", config.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    done = subprocess.run(
        [str(ZENSICAL), "build"], cwd=copy, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0 and "Error" not in done.stdout + done.stderr, (
        done.stdout + done.stderr
    )

    published = site / unit.url_path
    pages = sorted(p.relative_to(published) for p in published.rglob("index.html"))
    assert len(pages) > 10
    compared = 0
    for page in pages:
        ours, theirs = soup(published / page), soup(built / page)
        assert links(theirs, page) == links(ours, page), page
        assert tables(theirs, page) == tables(ours, page), page
        assert figures(theirs) == figures(ours), page
        compared += len(tables(ours, page))
    assert compared > 20  # budget lines, household lists, land, one-stop results...
    assert figures(soup(published / "index.html"))  # the home page's cards were compared
