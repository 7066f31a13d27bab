"""The sample country's published tree, byte for byte: a refactoring must leave it as it was.

`tests/fixtures/sample-site.sha256sums` is the SHA256SUMS of the sample built at the last change
that altered published bytes on purpose. After such a change, check the difference this test
prints, then record the new tree with `CONGKHAI_RECORD_SITE=1 pytest tests/test_published_bytes.py`.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

RECORDED = Path(__file__).parent / "fixtures" / "sample-site.sha256sums"


def test_sample_site_bytes_are_as_recorded(sample_build):
    _, site = sample_build
    built = (site / "SHA256SUMS").read_text(encoding="utf-8")
    if os.environ.get("CONGKHAI_RECORD_SITE"):
        RECORDED.write_text(built, encoding="utf-8")
    recorded = RECORDED.read_text(encoding="utf-8")
    changed = [
        line
        for line in difflib.unified_diff(
            recorded.splitlines(), built.splitlines(), "recorded", "built", lineterm="", n=0
        )
        if line[:1] in "+-"
    ]
    assert built == recorded, "published files changed:\n" + "\n".join(changed[:40])
