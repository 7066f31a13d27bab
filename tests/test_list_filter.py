"""The household list's filter box (theme_overrides/assets/javascripts/congkhai.js): typed words
match names and villages whatever their case and diacritics. Run under Node, as a browser would."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "theme_overrides" / "assets" / "javascripts" / "congkhai.js"


def run_filter(calls: list[list[str]]) -> list:
    node = shutil.which("node") or shutil.which("nodejs")
    assert node, "Node.js is needed to test the list filter (apt install nodejs)"
    program = (f"const f = require({json.dumps(str(SCRIPT))});"
               f"console.log(JSON.stringify({json.dumps(calls)}.map(([fn, ...args]) => f[fn](...args))));")
    done = subprocess.run([node, "-e", program], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_typed_words_match_whatever_the_diacritics():
    row = run_filter([["fold", "Thôn Đông Hưng Nguyễn Văn Đức 4 Hộ nghèo"]])[0]
    assert row == "thon dong hung nguyen van duc 4 ho ngheo"
    cases = [("nguyen van", True), ("NGUYỄN ĐỨC", True), ("duc dong", True), ("đức hưng", True),
             ("ngu va", True), ("van an", False), ("nguyen binh", False), ("   ", True)]
    results = run_filter([["matches", typed, row] for typed, _ in cases])
    assert results == [expected for _, expected in cases]
