"""Reading figures back from built HTML, the way a citizen's browser shows them."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

from bs4 import BeautifulSoup

from generator.tools.browser import DrivenBrowser  # noqa: F401 (the tests drive Chromium so)


def soup(path: Path) -> BeautifulSoup:
    # lxml parses as a browser does: long tables leave out the </td> and </tr> HTML lets them.
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def chromium(*arguments: str, folder: Path) -> bytes:
    """Headless Chromium run with `arguments` (its profile in `folder`): what it printed."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    assert browser, "Chromium is needed to test pages in a browser (apt install chromium)"
    done = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={folder / 'profile'}",
            *arguments,
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    return done.stdout


def in_browser(url: str, folder: Path, *options: str) -> BeautifulSoup:
    """The page at `url` as headless Chromium holds it once its scripts have run."""
    dumped = chromium(*options, "--dump-dom", url, folder=folder)
    return BeautifulSoup(dumped.decode("utf-8"), "lxml")


def page(site_dir: Path, url_path: str) -> BeautifulSoup:
    return soup(site_dir / url_path / "index.html")


def number(text: str) -> Decimal:
    """'1.234.567' -> 1234567; '12,50' -> 12.50; '+3' / '−3' keep their sign; '12,3 %' -> 12.3."""
    cleaned = text.strip().replace("\u00a0", " ").replace("%", "").replace("đồng", "").strip()
    cleaned = cleaned.replace("−", "-").replace("+", "").replace(".", "").replace(",", ".")
    return Decimal(cleaned)


def table_after(doc: BeautifulSoup, heading_text: str):
    """The first table after the heading whose text starts with heading_text."""
    for heading in doc.find_all(["h1", "h2", "h3"]):
        if heading.get_text(strip=True).startswith(heading_text):
            return heading.find_next("table")
    raise AssertionError(f"no heading {heading_text!r}")


def rows(table) -> list[list[str]]:
    return [
        [cell.get_text(" ", strip=True) for cell in tr.find_all(["td", "th"])]
        for tr in table.find_all("tr")[1:]
    ]


def row_groups(table) -> dict[str, list[list[str]]]:
    """A table whose tbodies each start with a heading row (th scope=rowgroup), as household
    lists are: {heading: the group's rows}."""
    groups = {}
    for body in table.find_all("tbody"):
        heading, *members = body.find_all("tr")
        assert heading.find("th", scope="rowgroup"), f"a group without a heading row: {heading}"
        groups[heading.get_text(" ", strip=True)] = [
            [cell.get_text(" ", strip=True) for cell in tr.find_all(["td", "th"])] for tr in members
        ]
    return groups


def row_by_label(table, label: str) -> list[str]:
    for row in rows(table):
        if row and row[0] == label:
            return row
    raise AssertionError(f"no row {label!r} in table")


def download_link(doc: BeautifulSoup, title: str, file_format: str = "CSV") -> str:
    """The address of a table's download in a format («CSV», «JSON», «XLSX») from a page's list
    «Tải dữ liệu»: the item that begins with the table's title (or its beginning)."""
    for item in doc.select("article li"):
        if item.get_text(" ", strip=True).startswith(title):
            link = item.find("a", string=file_format)
            if link is not None:
                return link["href"]
    raise AssertionError(f"no {file_format} download of «{title}»")


def is_redirect(path: Path) -> bool:
    """A page kept at a former address (publish/redirects.py), not a page of a unit's site."""
    with path.open(encoding="utf-8") as opened:
        return '<meta http-equiv="refresh"' in opened.read(1500)


def site_pages(folder: Path, pattern: str = "*.html") -> list[Path]:
    """The HTML pages under `folder` that units' sites hold, without the former addresses'."""
    return sorted(p for p in folder.rglob(pattern) if not is_redirect(p))


def only_placeholders(folder: Path) -> bool:
    """Whether a unit's folder holds nothing but the pages saying it is not published yet
    (publish/placeholders.py): no page, download or data of its own."""
    files = [p for p in folder.rglob("*") if p.is_file()]
    return bool(files) and all(
        p.name == "index.html"
        and "chưa được đăng" in p.read_text(encoding="utf-8")
        and "md-content" not in p.read_text(encoding="utf-8")
        for p in files
    )
