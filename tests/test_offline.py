"""`congkhai zip`: a commune's offline copy, unzipped and opened from the file system in headless
Chromium; every link followed: each page opens, each file is there, nothing points to a folder
(a browser shows a folder's listing from file://), links out of the copy go to the published
site."""

from __future__ import annotations

import json
import urllib.parse
import zipfile
from pathlib import Path

from generator.cli import main
from tests.conftest import ADDRESSED_SITE_URL
from tests.pages import DrivenBrowser

COMMUNE = "tinh-binh-son/huyen-an-lac/xa-an-dinh/"
LINKS = "[...document.querySelectorAll('a[href]')].map(a => a.href)"


def test_an_offline_copy_opens_and_every_link_leads_somewhere(addressed_small_country, tmp_path):
    _, out = addressed_small_country
    copy = tmp_path / "xa.zip"
    argv = ["zip", "--unit", "99101", "--site", str(out / "site"), "--out", str(copy)]
    assert main(argv) == 0
    folder = tmp_path / "copy"
    with zipfile.ZipFile(copy) as archive:
        archive.extractall(folder)
    assert not any(n.endswith(".gz") for n in zipfile.ZipFile(copy).namelist())

    # the zip's first page leads to the commune's home page
    first = (folder / "index.html").read_text(encoding="utf-8")
    assert f'href="{COMMUNE}index.html"' in first and "Xã An Định" in first

    browser = DrivenBrowser(tmp_path)
    try:
        start = (folder / COMMUNE / "index.html").as_uri()
        queue, seen, files, outside = [start], set(), set(), set()
        while queue:
            url = queue.pop()
            if url in seen:
                continue
            seen.add(url)
            browser.open(url)
            here = json.dumps(url)
            browser.wait_for(f"location.href === {here} && document.readyState === 'complete'")
            assert browser.value("document.title"), url
            for link in browser.value(LINKS) or []:
                address, _, _ = link.partition("#")
                if address.startswith("file://"):
                    path = Path(urllib.parse.unquote(urllib.parse.urlparse(address).path))
                    assert path.is_file(), (url, link)  # never a folder, never missing
                    assert folder in path.parents, (url, link)
                    if path.suffix == ".html":
                        queue.append(address)
                    else:
                        files.add(path)
                elif not link.startswith(("mailto:", "tel:")):  # the office's address
                    assert link.startswith(ADDRESSED_SITE_URL), (url, link)
                    outside.add(link)
    finally:
        browser.close()
    pages = {u for u in seen if COMMUNE in u}
    assert len(pages) > 30, len(pages)  # every page of the commune reached from the first
    built = {p for p in (out / "site" / COMMUNE).rglob("index.html")}
    assert len(pages) >= len(built) - 2  # (pages no link reaches, if any)
    assert any(p.suffix == ".csv" for p in files) and any(p.suffix == ".xlsx" for p in files)
    assert any(link.startswith(f"{ADDRESSED_SITE_URL}tinh-binh-son/") for link in outside)
