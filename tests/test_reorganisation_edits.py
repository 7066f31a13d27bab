"""Staff editing the 2025 reform entries of a copy of the sample, right and wrong: what gets
built, what keeps its published pages, what the units above count, and what a hostile value in
an entry becomes on the pages."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

from generator.pipeline import mkdocs
from generator.pipeline.validate import validate_tree
from tests.conftest import build
from tests.pages import is_redirect, only_placeholders, page, rows, site_pages, soup
from tests.test_reorganisation import target_of

PROVINCE = "tinh-binh-son/"
MERGED = "tinh-binh-son/phuong-tan-an/"
HOSTILE = "Nghị quyết <script>alert(1)</script> \"' onload=x [y](javascript:z) {{ 7*7 }}"


def append(unit_yaml: Path, text: str) -> None:
    unit_yaml.write_text(unit_yaml.read_text(encoding="utf-8") + text, encoding="utf-8")


def rollup_row(site: Path, year: int, title: str) -> list[str] | None:
    doc = page(site, f"{PROVINCE}ho-ngheo/tong-hop-{year}")
    found = {r[0].replace("\u2003", "").strip(): r for r in rows(doc.find("article").find("table"))}
    return found.get(title)


def test_entries_without_a_folder_a_taken_address_and_an_old_district_named(data_copy, tmp_path):
    province = data_copy / "tinh-binh-son"
    # a commune that took in one with no data kept (no folder): it builds, says so, and every
    # page of the old one's address (its home too) leads to it; the resolution is hostile text
    append(
        province / "xa-xuan-loc" / "unit.yaml",
        "replaces:\n  - {code: '99288', type: xã, name: Hòa Bình, "
        "path: tinh-binh-son/huyen-cu/xa-hoa-binh, date: 01/07/2025, "
        f"resolution: {json.dumps(HOSTILE, ensure_ascii=False)}}}\n",
    )
    # an old address that is a current unit's: refused, and no redirect inside that unit's site
    append(
        province / "phuong-binh-minh" / "unit.yaml",
        "former_addresses:\n  - {path: tinh-binh-son/huyen-an-lac, date: 01/07/2025}\n",
    )
    # a 2024 decision of the district a merged ward was under
    meta = province / "phuong-tan-an/phuong-tan-phong/ho-ngheo/2024/thong-tin.yaml"
    meta.write_text(
        meta.read_text(encoding="utf-8").replace(
            "decision_issuer: Ủy ban nhân dân phường Tân Phong",
            "decision_issuer: Ủy ban nhân dân thị xã Phú Mỹ",
        ),
        encoding="utf-8",
    )
    assert "thị xã Phú Mỹ" in meta.read_text(encoding="utf-8")
    result = build(data_copy, tmp_path / "out")
    site = tmp_path / "out" / "site"
    assert list(result.failed) == ["99301"], result.failed
    assert [p.code for p in result.failed["99301"]] == ["unit-former-path-taken"]
    assert only_placeholders(site / "tinh-binh-son/phuong-binh-minh")  # never published before
    assert not (site / "tinh-binh-son/huyen-an-lac/ho-ngheo/2024").exists()
    old = "tinh-binh-son/huyen-cu/xa-hoa-binh/"
    assert target_of(site, old) == "tinh-binh-son/xa-xuan-loc/"
    assert target_of(site, f"{old}lien-he/") == "tinh-binh-son/xa-xuan-loc/lien-he/"
    assert target_of(site, f"{old}ho-ngheo/2025/") == "tinh-binh-son/xa-xuan-loc/ho-ngheo/2025/"
    home = page(site, "tinh-binh-son/xa-xuan-loc").find("article").get_text(" ", strip=True)
    assert "Xã Hòa Bình đã sáp nhập vào xã Xuân Lộc từ 01/07/2025" in home
    # hostile text is text wherever it lands: the redirect page, the home, the mapping page
    for path in (
        site / old / "index.html",
        site / "tinh-binh-son/xa-xuan-loc/index.html",
        site / PROVINCE / "sap-xep-don-vi/index.html",
    ):
        text = path.read_text(encoding="utf-8")
        assert "<script>alert(1)" not in text, path
        doc = soup(path)
        assert HOSTILE in doc.get_text(), path  # shown as the text it is, braces and all
        assert not [t for t in doc.find_all(True) if any(a.startswith("on") for a in t.attrs)]
        assert not doc.select('a[href^="javascript"]'), path
    # the province's search lists each page once, former units' pages with their own names
    docs = json.loads((site / PROVINCE / "search/search_index.json").read_text("utf-8"))["docs"]
    counts = Counter(d["location"] for d in docs)
    assert not [loc for loc, n in counts.items() if n > 1]
    titles = {d["location"]: d["title"] for d in docs}
    assert titles["phuong-tan-an/phuong-tan-phong/"] == "Phường Tân Phong"
    assert all(p.is_file() for p in site_pages(site / "tinh-binh-son/huyen-an-lac", "index.html"))


def test_a_merged_commune_whose_data_fails_keeps_its_pages_and_its_rows(data_copy, tmp_path):
    first = build(data_copy, tmp_path / "out")
    assert first.ok, first.failed
    site = tmp_path / "out" / "site"
    before = {year: rollup_row(site, year, "Phường Tân An") for year in (2024, 2025)}
    home_before = (site / MERGED / "index.html").read_bytes()
    meta = data_copy / MERGED / "ho-ngheo/2025/thong-tin.yaml"
    meta.write_text(
        meta.read_text(encoding="utf-8").replace('posted: "22/12/2025"', 'posted: "31/02/2025"'),
        encoding="utf-8",
    )
    second = build(data_copy, tmp_path / "out")
    assert list(second.failed) == ["99205"] and "99205" in second.kept, second.failed
    assert (site / MERGED / "index.html").read_bytes() == home_before
    # its row on the province's rollups is as published: its own 2025, its former units' 2024
    for year in (2024, 2025):
        assert rollup_row(site, year, "Phường Tân An") == before[year] is not None, year


def test_a_broken_unit_yaml_keeps_former_units_former(data_copy, tmp_path):
    first = build(data_copy, tmp_path / "out")
    assert first.ok, first.failed
    site = tmp_path / "out" / "site"
    before = rollup_row(site, 2024, "Phường Tân An")
    unit_yaml = data_copy / MERGED / "unit.yaml"
    unit_yaml.write_text(
        unit_yaml.read_text(encoding="utf-8").replace('date: "01/07/2025"', "date: 31/06/2025", 1),
        encoding="utf-8",
    )
    # and the province's entry moved by a day: the tree's top page says so on the next build
    province_yaml = data_copy / PROVINCE / "unit.yaml"
    province_yaml.write_text(
        province_yaml.read_text(encoding="utf-8").replace("01/07/2025", "02/07/2025"),
        encoding="utf-8",
    )
    # a moved commune's unit.yaml broken: it keeps its pages, and its old address still leads there
    append(data_copy / PROVINCE / "xa-xuan-loc" / "unit.yaml", "recepton: []\n")
    second = build(data_copy, tmp_path / "out")
    assert "99205" in second.failed and "99205" in second.kept
    assert "99204" in second.failed and "99204" in second.kept
    old = "tinh-binh-son/thi-xa-phu-my/xa-xuan-loc/"
    assert target_of(site, old) == "tinh-binh-son/xa-xuan-loc/"
    assert target_of(site, f"{old}lien-he/") == "tinh-binh-son/xa-xuan-loc/lien-he/"
    assert rollup_row(site, 2024, "Phường Tân Phong") is None  # still not a current commune
    assert rollup_row(site, 2024, "Phường Tân An") == before
    top = page(site, "").find("article").get_text(" ", strip=True)
    assert "Thị xã Phú Mỹ (trước 02/07/2025)" in top


def test_a_merged_commune_whose_site_fails_to_build_keeps_its_pages(
    data_copy, tmp_path, monkeypatch
):
    """MkDocs failing on the successor in the second pass: it is kept as published and counted,
    and the province above it is still built."""
    first = build(data_copy, tmp_path / "out")
    assert first.ok, first.failed
    site = tmp_path / "out" / "site"
    before = {year: rollup_row(site, year, "Phường Tân An") for year in (2024, 2025)}
    home_before = (site / MERGED / "index.html").read_bytes()
    # a change to the merged ward's data, so that it and the province are built again
    lists = data_copy / MERGED / "ho-ngheo/2025/danh-sach.csv"
    lists.write_text(lists.read_text(encoding="utf-8").rstrip("\n") + "\n", encoding="utf-8-sig")
    meta = data_copy / MERGED / "ho-ngheo/2025/thong-tin.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "# sửa\n", encoding="utf-8")
    real = mkdocs.build_site

    def failing(config, *args):
        if Path(config).parent.name == "99205":
            raise RuntimeError("hỏng giả lập")
        return real(config, *args)

    monkeypatch.setattr(mkdocs, "build_site", failing)
    second = build(data_copy, tmp_path / "out", jobs=1)
    assert list(second.failed) == ["99205"] and "99205" in second.kept, second.failed
    assert "99" in second.built  # the province was built after it
    assert (site / MERGED / "index.html").read_bytes() == home_before
    assert (site / MERGED / "phuong-tan-phong/index.html").is_file()  # its former units' pages
    for year in (2024, 2025):
        assert rollup_row(site, year, "Phường Tân An") == before[year] is not None, year


def test_a_former_address_inside_the_pages_of_another_site_is_refused(data_copy, tmp_path):
    """Redirect pages are never put among another unit's pages (its budget's next year, the
    guides, the search), nor anywhere inside another commune's site; a unit's folder is never
    named as a site's own folder."""
    province = data_copy / "tinh-binh-son"
    squatted = [
        "tinh-binh-son/phuong-my-loi/ngan-sach/2026",
        "huong-dan/gioi-thieu",
        "search",
        "tinh-binh-son/phuong-my-loi/zzz",
        "tinh-binh-son/lien-he/cu",
    ]
    append(
        province / "xa-xuan-loc" / "unit.yaml",
        "".join(f"  - {{path: {path}, date: 01/07/2025}}\n" for path in squatted),
    )
    # the sample's own entries still work beside a refused one elsewhere
    moved = province / "huyen-an-lac"
    commune = sorted(p for p in moved.iterdir() if (p / "unit.yaml").is_file())[0]
    slug_yaml = commune / "unit.yaml"
    append(slug_yaml, "slug: lien-he\n")
    result = build(data_copy, tmp_path / "out")
    site = tmp_path / "out" / "site"
    problems = {p.value: p for p in result.failed["99204"]}
    assert sorted(problems) == sorted(squatted), problems
    assert {p.code for p in problems.values()} == {"unit-former-path-reserved"}
    assert problems["search"].column.startswith("former_addresses, địa chỉ cũ thứ ")
    assert problems["tinh-binh-son/phuong-my-loi/zzz"].message.count("phuong-my-loi") >= 2
    for path in squatted:
        assert not (site / path / "index.html").is_file() or not is_redirect(
            site / path / "index.html"
        ), path
    assert not (site / "tinh-binh-son/phuong-my-loi/zzz").exists()
    reserved = [p for problems in result.failed.values() for p in problems]
    assert any(
        p.code == "unit-slug-reserved" and p.file.endswith(f"{commune.name}/unit.yaml")
        for p in reserved
    ), reserved
    # the refused commune keeps nothing half-made: its old address still leads home
    assert target_of(site, "tinh-binh-son/thi-xa-phu-my/phuong-my-loi/") is not None


def test_another_units_entry_never_takes_a_merged_units_address(data_copy, tmp_path):
    """A commune writing the address, or the code, of a ward merged into another: the writer is
    refused, and the ward's successor, untouched, builds and keeps its redirects."""
    province = data_copy / "tinh-binh-son"
    old = "tinh-binh-son/thi-xa-phu-my/phuong-tan-phong"
    append(
        province / "phuong-binh-minh" / "unit.yaml",
        f"former_addresses:\n  - {{path: {old}, date: 01/07/2025}}\n"
        "replaces:\n  - {code: '99201', type: phường, name: Tân Phong, date: 01/07/2025,"
        " resolution: NQ 1}\n",
    )
    result = build(data_copy, tmp_path / "out")
    site = tmp_path / "out" / "site"
    assert list(result.failed) == ["99301"], result.failed
    codes = {p.code: p for p in result.failed["99301"]}
    assert set(codes) == {"unit-former-path-duplicate", "unit-replaces-elsewhere"}
    assert codes["unit-replaces-elsewhere"].column == "replaces, đơn vị cũ thứ 1: code"
    assert "phuong-tan-an/phuong-tan-phong" in codes["unit-replaces-elsewhere"].message
    assert "phuong-tan-an/unit.yaml" in codes["unit-former-path-duplicate"].message
    assert target_of(site, f"{old}/") == "tinh-binh-son/phuong-tan-an/phuong-tan-phong/"


def test_data_of_a_year_after_a_merger_in_the_former_units_folder_is_refused(data_copy, tmp_path):
    """A 2026 folder copied into a merged ward's history (merged 01/07/2025): it belongs to the new
    ward (the review's attack published such data under the old ward). Its last accounts,
    approved after the merger by the new council, are its own."""
    former = data_copy / MERGED / "phuong-tan-phong" / "dong-gop"
    copy = former / "2026"
    shutil.copytree(former / "2024", copy)
    meta = copy / "thong-tin.yaml"
    meta.write_text(
        meta.read_text(encoding="utf-8")
        .replace("year: 2024", "year: 2026")
        .replace('decision_date: "30/12/2024"', 'decision_date: "30/12/2026"')
        .replace('posted: "03/01/2025"', 'posted: "05/01/2027"'),
        encoding="utf-8",
    )
    for table in copy.glob("*.csv"):
        table.write_text(table.read_text(encoding="utf-8").replace("/2024", "/2026"), "utf-8")
    # the 2024 data decided after the merger: accepted
    kept = former / "2024" / "thong-tin.yaml"
    kept.write_text(
        kept.read_text(encoding="utf-8")
        .replace('decision_date: "30/12/2024"', 'decision_date: "15/09/2025"')
        .replace('posted: "03/01/2025"', 'posted: "18/09/2025"'),
        encoding="utf-8",
    )
    problems = [p for p in validate_tree(data_copy).errors if p.file.startswith(MERGED)]
    assert [(p.code, p.file, p.column) for p in problems] == [
        (
            "dataset-after-former-end",
            f"{MERGED}phuong-tan-phong/dong-gop/2026/thong-tin.yaml",
            "year (Năm)",
        )
    ]
    assert "từ 01/07/2025" in problems[0].message
