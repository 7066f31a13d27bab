"""`congkhai serve` / `make serve UNIT=…`: a commune's preview is built again when staff change a
data file, and a bad edit is reported in the terminal while the page stays as it was."""

from __future__ import annotations

import re
import threading
import time
import urllib.request

from generator.pipeline.build import BuildOptions
from generator.tools.serve import serve
from tests.conftest import TEST_DAY


def _wait(condition, seconds: float = 60.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError("timed out")


def test_a_change_to_the_data_is_built_and_a_bad_one_reported(small_country_with_sibling, tmp_path):
    small_country = small_country_with_sibling
    commune = next(
        p.parent
        for p in sorted(small_country.rglob("unit.yaml"))
        if len(p.parts) - len(small_country.parts) == 4
    )
    code = re.search(r'code: "(\d+)"', (commune / "unit.yaml").read_text("utf-8")).group(1)
    options = BuildOptions(
        data_root=small_country,
        output=tmp_path / "site",
        work=tmp_path / "work",
        jobs=1,
        as_of=TEST_DAY,
        only=code,
    )
    said: list[str] = []
    stop = threading.Event()
    thread = threading.Thread(target=serve, args=(options, 0, stop, said.append, 0.2))
    thread.start()
    try:
        address = _wait(lambda: next((s.split()[3] for s in said if "http://" in s), None))

        def page() -> str:
            with urllib.request.urlopen(address + "lien-he/", timeout=10) as answer:
                return answer.read().decode("utf-8")

        assert "Thứ Tư hằng tuần" in page()
        unit_file = commune / "unit.yaml"
        text = unit_file.read_text("utf-8")
        unit_file.write_text(text.replace("Thứ Tư hằng tuần", "Thứ Sáu hằng tuần"), "utf-8")
        _wait(lambda: "Thứ Sáu hằng tuần" in page())
        assert any("Đã xây dựng lại trang" in s for s in said[1:])

        # a misspelt key: refused in the terminal with its code and place, the page unchanged
        before = len(said)
        unit_file.write_text(text.replace("reception:", "recepton:"), "utf-8")
        _wait(lambda: len(said) > before)
        told = "\n".join(said[before:])
        assert "Chưa xây dựng lại được" in told, told
        assert f"{commune.name}/unit.yaml, cột «recepton»" in told
        assert told.count("không có trong mẫu unit.yaml") == 1
        assert "Thứ Sáu hằng tuần" in page()

        # another commune's bad file is not this one's: its edit is built, nothing else said
        sibling = next(
            p for p in commune.parent.iterdir() if p != commune and (p / "unit.yaml").is_file()
        )
        broken = (sibling / "unit.yaml").read_text("utf-8").replace("office:", "ofice:")
        (sibling / "unit.yaml").write_text(broken, "utf-8")
        before = len(said)
        unit_file.write_text(text.replace("Thứ Tư hằng tuần", "Thứ Bảy hằng tuần"), "utf-8")
        _wait(lambda: len(said) > before)
        told = "\n".join(said[before:])
        assert "Đã xây dựng lại trang" in told and sibling.name not in told, told
        _wait(lambda: "Thứ Bảy hằng tuần" in page())
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not thread.is_alive()
