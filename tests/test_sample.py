"""The sample country is made by generator/sample/, deterministically, and data/ is its output."""

from __future__ import annotations

import hashlib

from generator.tools.sample import build_sample_country
from tests.conftest import SAMPLE_DATA


def digests(root):
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_data_folder_is_the_generators_output(tmp_path):
    build_sample_country(tmp_path / "a")
    assert digests(tmp_path / "a") == {
        path: digest for path, digest in digests(SAMPLE_DATA).items() if path != "README.md"
    }  # the staff guide, hand-written


def test_regenerating_the_sample_keeps_the_staff_guide(tmp_path):
    out = tmp_path / "data"
    build_sample_country(out, households=(5, 10))
    (out / "README.md").write_text("# Hướng dẫn\n", encoding="utf-8")
    build_sample_country(out, households=(5, 10))
    assert (out / "README.md").read_text(encoding="utf-8") == "# Hướng dẫn\n"


def test_sample_shape_meets_the_brief(tmp_path):
    folders = build_sample_country(tmp_path / "c", seed=7)
    depths = [len(f.relative_to(tmp_path / "c").parts) for f in folders]
    assert depths.count(1) == 1 and depths.count(2) >= 3 and depths.count(3) >= 6
    for folder in folders:
        text = (folder / "unit.yaml").read_text(encoding="utf-8")
        assert "sample: true" in text
