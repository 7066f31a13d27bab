"""The staff's guide (docs/can-bo/): on the site beside the other guides, out of the citizens'
navigation and search, its pictures there, and its examples what the program says today."""

from __future__ import annotations

import json
import re

import yaml

from generator.model.problems import Problems
from tests.conftest import REPO

GUIDE = REPO / "docs" / "can-bo"


def test_the_guide_is_published_beside_the_others_and_out_of_citizens_way(sample_build):
    result, site = sample_build
    pages = sorted(GUIDE.glob("*.md"))
    assert len(pages) >= 6
    for page in pages:
        built = (
            site
            / "huong-dan"
            / "can-bo"
            / ("index.html" if page.stem == "index" else f"{page.stem}/index.html")
        )
        html = built.read_text(encoding="utf-8")
        for image in re.findall(r'<img alt="[^"]+" src="([^"]+)"', html):
            assert (built.parent / image).is_file(), (page.name, image)
    assert 'href="can-bo/"' in (site / "huong-dan" / "index.html").read_text(encoding="utf-8")
    for unit in result.tree:  # no unit's navigation, no search index leads there
        home = (site / unit.url_path / "index.html").read_text(encoding="utf-8")
        assert "can-bo" not in home, unit.code
        index = json.loads((site / unit.url_path / "search" / "search_index.json").read_bytes())
        assert not any("can-bo" in d["location"] for d in index["docs"])
    top = json.loads((site / "search" / "search_index.json").read_bytes())
    assert not any("can-bo" in d["location"] for d in top["docs"])
    assert (REPO / "docs" / "can-bo" / "anh").is_dir()
    assert "huong-dan/can-bo/" in (REPO / "data" / "README.md").read_text(encoding="utf-8")


def test_its_examples_are_what_the_program_says():
    text = (GUIDE / "doc-thong-bao-loi.md").read_text(encoding="utf-8")
    shown = re.search(r"```text\n(.*)\n```", text).group(1)
    problems = Problems()
    problems.add(
        "tinh-binh-son/huyen-an-lac/xa-an-dinh/ngan-sach/2025-du-toan/thu.csv",
        "cell-required",
        row=2,
        column="Số tiền (đồng)",
        place="ô",
    )
    assert shown == str(problems.items[0])
    messages = yaml.safe_load((REPO / "generator" / "model" / "messages.yaml").read_text("utf-8"))
    quoted = "có vẻ chứa số điện thoại cá nhân; không được công khai thông tin này"
    assert quoted in " ".join((GUIDE / "thong-tin-ca-nhan.md").read_text("utf-8").split())
    assert messages["personal-phone"].startswith(quoted)
    posting = (REPO / "generator" / "model" / "posting.py").read_text(encoding="utf-8")
    status = (GUIDE / "tinh-trang-niem-yet.md").read_text(encoding="utf-8")
    for words in ("Công khai muộn {", "Chưa công khai — quá hạn (hạn"):
        assert words in posting and words.split("{")[0].strip() in status
