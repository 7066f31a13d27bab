"""A page's first load as a reader on a cheap phone and a slow network gets it: headless Chromium
throttled as DevTools's «Slow 4G» (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up) with 4x
CPU slowdown, cache off, the site served over loopback gzip-compressed as a web server would.
Reported by `make bench`, never asserted as a timing."""

from __future__ import annotations

import functools
import gzip
import http.server
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from generator.tools.browser import DrivenBrowser, chromium_path

COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".csv", ".txt"}
SLOW_4G = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1.6e6 / 8,
    "uploadThroughput": 750e3 / 8,
}
CPU_SLOWDOWN = 4
MEASURED = """(() => {
  const paint = performance.getEntriesByName('first-contentful-paint')[0];
  const entries = [...performance.getEntriesByType('navigation'),
                   ...performance.getEntriesByType('resource')];
  return paint && document.readyState === 'complete'
    ? [paint.startTime, entries.reduce((sum, e) => sum + e.transferSize, 0), entries.length]
    : null;
})()"""


@dataclass(frozen=True)
class ColdLoad:
    transferred_kb: float  # every response's bytes on the wire, headers included
    first_paint_ms: float  # first contentful paint
    requests: int


class _Gzipped(http.server.SimpleHTTPRequestHandler):
    """Text files gzip-compressed when the browser accepts it, as nginx's gzip_static serves."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix not in COMPRESSED or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        if not path.is_file():
            self.send_error(404)
            return None
        body = gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)

    def log_message(self, *args):
        pass


class _Body:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *_):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


def cold_load(site: Path, page: str) -> ColdLoad | None:
    """The cold load of `page` (a path below the site's top); None without Chromium."""
    if chromium_path() is None:
        return None
    handler = functools.partial(_Gzipped, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with tempfile.TemporaryDirectory() as folder:
        browser = DrivenBrowser(Path(folder))
        try:
            browser.open("about:blank")
            browser.call("Network.enable")
            browser.call("Network.setCacheDisabled", cacheDisabled=True)
            browser.call("Network.emulateNetworkConditions", **SLOW_4G)
            browser.call("Emulation.setCPUThrottlingRate", rate=CPU_SLOWDOWN)
            browser.call(
                "Emulation.setDeviceMetricsOverride",
                width=375,
                height=800,
                deviceScaleFactor=2,
                mobile=True,
            )
            browser.open(f"http://127.0.0.1:{server.server_port}/{page}")
            paint, transferred, requests = browser.wait_for(MEASURED, seconds=120)
        finally:
            browser.close()
            server.shutdown()
    return ColdLoad(transferred / 1024, paint, requests)
