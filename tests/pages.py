"""Reading figures back from built HTML, the way a citizen's browser shows them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from decimal import Decimal
from pathlib import Path

from bs4 import BeautifulSoup


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


class DrivenBrowser:
    """Headless Chromium driven over its DevTools pipe (file descriptors 3 and 4), for what a
    reader does after a page has loaded: typing into the search box and waiting for results."""

    def __init__(self, folder: Path):
        browser = shutil.which("chromium") or shutil.which("chromium-browser")
        assert browser, "Chromium is needed to test pages in a browser (apt install chromium)"
        commands, self._commands = os.pipe()
        self._replies, replies = os.pipe()

        def onto_3_and_4():
            os.dup2(commands, 3)
            os.dup2(replies, 4)

        self.process = subprocess.Popen(
            [browser, "--headless", "--no-sandbox", "--disable-gpu",
             f"--user-data-dir={folder / 'driven'}", "--remote-debugging-pipe", "about:blank"],
            pass_fds=(3, 4, commands, replies),
            preexec_fn=onto_3_and_4,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        os.close(commands)
        os.close(replies)
        self._buffer, self._id, self._session = b"", 0, None

    def call(self, method: str, **params):
        self._id += 1
        message = {"id": self._id, "method": method, "params": params}
        if self._session:
            message["sessionId"] = self._session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        while True:
            while b"\0" not in self._buffer:
                chunk = os.read(self._replies, 1 << 16)
                assert chunk, "Chromium closed its DevTools pipe"
                self._buffer += chunk
            raw, self._buffer = self._buffer.split(b"\0", 1)
            reply = json.loads(raw)
            if reply.get("id") == self._id:
                assert "error" not in reply, reply["error"]
                return reply.get("result", {})

    def open(self, url: str) -> None:
        if self._session is None:
            pages = [
                t for t in self.call("Target.getTargets")["targetInfos"] if t["type"] == "page"
            ]
            found = self.call("Target.attachToTarget", targetId=pages[0]["targetId"], flatten=True)
            self._session = found["sessionId"]
        self.call("Page.navigate", url=url)

    def value(self, expression: str):
        done = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return done["result"].get("value")

    def wait_for(self, expression: str, seconds: float = 60):
        """The expression's value once it is truthy."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            value = self.value(expression)
            if value:
                return value
            time.sleep(0.1)
        raise AssertionError(f"still false after {seconds} s: {expression}")

    def close(self) -> None:
        self.process.kill()
        self.process.wait()
        os.close(self._commands)
        os.close(self._replies)


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
