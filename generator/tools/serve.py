"""`congkhai serve`: the preview staff keep open while they edit. One unit's site is built, served
on a loopback port, and built again whenever a file of its data changes (its folder, or the
unit.yaml of a unit above it); each build's problems are printed in the terminal in Vietnamese.
A build that fails leaves the page as it was, as publishing does."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import os
import threading
from collections.abc import Callable
from pathlib import Path

from generator.model.problems import Problems
from generator.model.units import UNIT_FILE, Tree
from generator.pipeline.build import BuildOptions, BuildResult
from generator.pipeline.tree import read_tree
from generator.publish.run import run


def snapshot(tree: Tree, code: str) -> frozenset[tuple[str, int, int]]:
    """(path, modification time, size) of every file the unit's pages are made from."""
    unit = tree.units[code]
    paths = [os.path.join(f, n) for f, _, names in os.walk(unit.folder) for n in names]
    paths += [str(above.folder / UNIT_FILE) for above in tree.ancestors(unit)]
    found = set()
    for path in paths:
        try:
            stat = os.stat(path)
        except OSError:  # an editor's lock or temporary file, gone already
            continue
        found.add((path, stat.st_mtime_ns, stat.st_size))
    return frozenset(found)


def report(result: BuildResult, code: str, places: tuple[str, ...] = ()) -> list[str]:
    """What one build says to the person editing: its time, then its problems or that it worked.
    `places`: the unit's folder and the unit.yaml files above it, as problems name them (another
    unit's problems are not this one's); empty: every problem of the build."""
    now = dt.datetime.now().strftime("%H:%M:%S")

    def mine(problems) -> list:
        return [p for p in problems if not places or p.file.startswith(places)]

    lines = []
    # a unit's problems are both its own and the build's
    problems = dict.fromkeys(
        str(p) for p in [*result.failed.get(code, []), *mine(result.problems.errors)]
    )
    if problems:
        lines.append(f"{now} Chưa xây dựng lại được: trang vẫn như lần trước. Cần sửa:")
        lines.extend(f"  {p}" for p in problems)
    else:
        lines.append(f"{now} Đã xây dựng lại trang.")
    warnings = mine(result.problems.warnings)
    if warnings:
        lines.append("Cảnh báo (không chặn việc xây dựng):")
        lines.extend(f"  {p}" for p in warnings)
    return lines


def _build(options: BuildOptions, code: str, places: tuple[str, ...]) -> list[str]:
    try:
        return report(run(options), code, places)
    except Exception as error:  # noqa: BLE001  the preview goes on; the next save tries again
        return [f"Lỗi khi xây dựng ({type(error).__name__}: {error}); lưu lại tệp để thử lại."]


def serve(
    options: BuildOptions,
    port: int,
    stop: threading.Event | None = None,
    say: Callable[[str], None] = print,
    interval: float = 1.0,
) -> None:
    """Build `options.only`, serve the output tree on 127.0.0.1:`port` (0: any free port) and
    build again on every change of its data, until `stop` is set (or Ctrl+C)."""
    stop = stop or threading.Event()
    code = options.only
    tree = read_tree(options.data_root, Problems())
    unit = tree.units[code]
    places = (
        f"{unit.shown_folder}/",
        *(f"{above.shown_folder}/{UNIT_FILE}" for above in tree.ancestors(unit)),
    )
    for line in _build(options, code, places):
        say(line)
    handler = functools.partial(_QuietHandler, directory=str(Path(options.output).resolve()))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"http://127.0.0.1:{server.server_port}/{unit.url_path}"
    say(f"Xem trước tại {address} (Ctrl+C để dừng). Trang tự xây dựng lại khi dữ liệu thay đổi.")
    seen = snapshot(tree, code)
    try:
        while not stop.wait(interval):
            now = snapshot(tree, code)
            if now != seen:
                seen = now
                for line in _build(options, code, places):
                    say(line)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # the terminal is for the data's problems
        pass
