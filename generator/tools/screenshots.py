"""The screenshots in the staff guide (docs/can-bo/anh/): pages of the built sample as staff will
see them, taken with headless Chromium. Run after `make site`: `make screenshots`."""

from __future__ import annotations

import argparse
import functools
import http.server
import subprocess
import tempfile
import threading
from pathlib import Path

from generator.tools.browser import chromium_path

COMMUNE = "tinh-binh-son/huyen-an-lac/xa-an-dinh/"
YEAR = 2025


def shots() -> dict[str, tuple[str, int, int]]:
    """File name -> (page, window width, height): a year of the kind that lists named people
    (its posting status at the top) and that list."""
    from generator.kinds.registry import all_kinds

    kind = next(
        k
        for k in all_kinds()
        if any(f.person_name for t in k.schema.tables.values() for f in t.fields)
    )
    return {
        "tinh-trang-niem-yet.png": (f"{COMMUNE}{kind.folder}/{YEAR}/", 900, 640),
        "danh-sach-ho.png": (f"{COMMUNE}{kind.folder}/danh-sach-{YEAR}/", 900, 640),
    }


def take(site: Path, out: Path) -> list[Path]:
    """Each of shots() from `site` served on a loopback port, into `out`."""
    browser = chromium_path()
    assert browser, "Chromium is needed (apt install chromium)"
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    out.mkdir(parents=True, exist_ok=True)
    made = []
    try:
        with tempfile.TemporaryDirectory() as profile:
            for name, (page, width, height) in shots().items():
                subprocess.run(
                    [browser, "--headless", "--no-sandbox", "--disable-gpu",
                     f"--user-data-dir={profile}", "--hide-scrollbars",
                     f"--window-size={width},{height}", f"--screenshot={out / name}",
                     f"http://127.0.0.1:{server.server_port}/{page}"],
                    check=True, capture_output=True, timeout=60,
                )  # fmt: skip
                made.append(out / name)
    finally:
        server.shutdown()
    return made


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument("--out", type=Path, default=Path("docs/can-bo/anh"))
    args = parser.parse_args(argv)
    for path in take(args.site, args.out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
