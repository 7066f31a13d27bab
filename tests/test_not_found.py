"""The 404 page as a reader meets it after a typo or an old link: served by the host for any
missing address, it suggests the unit whose address is closest (congkhai.js, from the tree's
list of units), and without JavaScript links to that list."""

from __future__ import annotations

import functools
import http.server
import threading

import pytest

from tests.pages import DrivenBrowser, soup
from tests.test_list_filter import run_filter

UNITS = [
    "tinh-binh-son/",
    "tinh-binh-son/huyen-an-lac/",
    "tinh-binh-son/huyen-an-lac/xa-an-dinh/",
    "tinh-binh-son/huyen-an-lac/xa-dong-hung/",
    "tinh-binh-son/phuong-binh-minh/",
]


@pytest.mark.parametrize(
    ("asked", "suggested"),
    [
        # a page of a unit that is not there (a year not published)
        ("tinh-binh-son/huyen-an-lac/xa-an-dinh/ngan-sach/2099/", UNITS[2]),
        # a letter missing, one too many, one changed
        ("tinh-binh-son/huyen-an-lac/xa-an-din/ngan-sach/", UNITS[2]),
        ("tinh-binh-son/huyen-an-lac/xa-dong-hungg/", UNITS[3]),
        ("tinh-binh-son/phuong-binh-mimh/", UNITS[4]),
        ("tinh-binh-so/", UNITS[0]),
        # nothing near: no suggestion rather than a wrong one
        ("hoan-toan-khac/", None),
    ],
)
def test_the_closest_unit_to_an_address(asked, suggested):
    assert run_filter([["closest", asked, UNITS]]) == [suggested]


class _LikeAHost(http.server.SimpleHTTPRequestHandler):
    """Serves the tree as GitHub Pages or nginx would: its 404.html for a missing address."""

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = (self.server.site / "404.html").read_bytes()  # type: ignore[attr-defined]
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def host(addressed_small_country, tmp_path_factory):
    _, out = addressed_small_country
    site = out / "site"
    handler = functools.partial(_LikeAHost, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.site = site
    threading.Thread(target=server.serve_forever, daemon=True).start()
    browser = DrivenBrowser(tmp_path_factory.mktemp("web404"))
    yield f"http://127.0.0.1:{server.server_port}/", browser, site
    browser.close()
    server.shutdown()


def test_a_mistyped_address_suggests_the_unit_meant(host):
    base, browser, _ = host
    browser.open(base + "tinh-binh-son/huyen-an-lac/xa-an-din/ngan-sach/2025/")
    found = browser.wait_for(
        "(() => { const a = document.querySelector('[data-ck-closest]:not([hidden]) a');"
        " return a && [a.textContent, new URL(a.href).pathname]; })()"
    )
    assert found == ["Xã An Định", "/tinh-binh-son/huyen-an-lac/xa-an-dinh/"]
    assert browser.value("document.querySelector('article h1').textContent") == (
        "Không tìm thấy trang"
    )


def test_without_javascript_the_404_page_leads_to_the_list_of_units(host):
    _, _, site = host
    doc = soup(site / "404.html")
    box = doc.select_one("[data-ck-closest]")
    assert box.has_attr("hidden") and box["data-ck-closest"] == "/don-vi.json"
    assert (site / "don-vi.json").is_file()
    assert doc.select_one("article a")["href"] == "/"
