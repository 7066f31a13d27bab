"""Headless Chromium driven over its DevTools pipe, for what needs a real browser: the tests that
type into the search box or run axe-core, and `make bench`'s cold load of a home page."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


class DrivenBrowser:
    """Headless Chromium driven over its DevTools pipe (file descriptors 3 and 4), for what a
    reader does after a page has loaded: typing into the search box and waiting for results."""

    def __init__(self, folder: Path):
        browser = chromium_path()
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
        """The expression's value once it is truthy (asked again when the page it was asked of
        navigated meanwhile: a redirect page sends its reader on as it loads)."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            try:
                value = self.value(expression)
            except AssertionError as error:
                if "navigated or closed" not in str(error):
                    raise
                value = None
            if value:
                return value
            time.sleep(0.1)
        raise AssertionError(f"still false after {seconds} s: {expression}")

    def close(self) -> None:
        self.process.kill()
        self.process.wait()
        os.close(self._commands)
        os.close(self._replies)
