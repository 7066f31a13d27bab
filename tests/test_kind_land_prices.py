"""Land price frames (bảng giá đất), held once by the province and shown commune by commune: every
figure on the built pages against the province's CSV files read with tests/oracle.py, each
commune's page holding exactly its own rows, the downloads, the Excel template, incremental builds
after a price changes, and a corpus of broken frames."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator.model.text import without_marks
from generator.pipeline.validate import validate_tree
from tests import oracle
from tests.conftest import REPO, SAMPLE_DATA, build
from tests.pages import number, page, rows, table_after
from tests.test_bad_files import (
    ANY,
    COMMUNE,
    PROVINCE,
    Commune,
    Expected,
    assert_problems,
    has_details,
)
from tests.test_incremental import digests

FOLDER = "bang-gia-dat"
FRAMES = ("2024", "2026")
CODE, COMMUNE_COLUMN, ROAD, FROM, TO, POSITION, PRICE, NOTES = (
    "Mã loại đất",
    "Đơn vị cấp xã",
    "Tên đường, khu vực",
    "Đoạn từ",
    "Đến",
    "Vị trí",
    "Giá đất (đồng/m²)",
    "Ghi chú",
)
NAMES = {  # written here from the land-type list, not read from the generator
    "LUA": "Đất trồng lúa",
    "HNK": "Đất trồng cây hằng năm khác",
    "CLN": "Đất trồng cây lâu năm",
    "RSX": "Đất rừng sản xuất",
    "NTS": "Đất nuôi trồng thủy sản",
    "ONT": "Đất ở tại nông thôn",
    "ODT": "Đất ở tại đô thị",
}
FRAME = f"{PROVINCE}/{FOLDER}/2026/gia-dat.csv"
OLD_FRAME = f"{PROVINCE}/{FOLDER}/2024/gia-dat.csv"


def grouped(amount) -> str:
    return f"{int(amount):,}".replace(",", ".")


def frame_rows(province_folder: Path, frame: str) -> list[dict]:
    return oracle.read_csv(province_folder / FOLDER / frame / "gia-dat.csv")


def full_name(meta: dict) -> str:
    return f"{meta['type']} {meta['name']}"


def commune_rows(province_folder: Path, frame: str, meta: dict) -> list[dict]:
    return [r for r in frame_rows(province_folder, frame) if r[COMMUNE_COLUMN] == full_name(meta)]


def shown(row: dict) -> list[str]:
    """A frame row as the commune's page shows it (after its running number)."""
    return [
        f"{NAMES[row[CODE]]} ({row[CODE]})",
        row[ROAD],
        row[FROM] or "—",
        row[TO] or "—",
        row[POSITION],
        grouped(oracle.vi_number(row[PRICE])),
    ]


@pytest.fixture(scope="module")
def sample(sample_build):
    result, site = sample_build
    province = result.tree.units[result.tree.roots[0]]
    metas = {folder: meta for folder, meta in oracle.units(SAMPLE_DATA)}
    return result, site, province, metas


def frames_of(unit, province, metas) -> list[str]:
    """The frames with rows of a commune: both, or the one of its time for a commune the 2025
    reform merged (2024) or made (2026); none for a unit with no rows of its own."""
    return [
        f for f in FRAMES if unit.is_leaf and commune_rows(province.folder, f, metas[unit.folder])
    ]


# -- the built pages ------------------------------------------------------------------------------


def test_the_frame_is_held_by_the_province_alone():
    held = sorted(p.relative_to(SAMPLE_DATA).as_posix() for p in SAMPLE_DATA.rglob(FOLDER))
    assert held == [f"{PROVINCE}/{FOLDER}"]
    assert [p.name for p in oracle.datasets(SAMPLE_DATA / PROVINCE, FOLDER)] == list(FRAMES)


def test_each_commune_page_holds_exactly_its_own_rows(sample):
    result, site, province, metas = sample
    checked = 0
    for unit in (u for u in result.tree if u.is_leaf):
        for frame in frames_of(unit, province, metas):
            mine = commune_rows(province.folder, frame, metas[unit.folder])
            assert len(mine) >= 30  # roads, segments, positions and farm land
            doc = page(site, f"{unit.url_path}{FOLDER}/{frame}")
            table = rows(table_after(doc, "Các mức giá"))
            assert [r[1:] for r in table] == [shown(r) for r in mine]
            assert [r[0] for r in table] == [str(n) for n in range(1, len(mine) + 1)]
            text = " ".join(doc.find("article").get_text(" ").split())
            assert f"Trang này trích {len(mine)} mức giá áp dụng tại {unit.in_text}" in text
            meta = oracle.metadata(province.folder / FOLDER / frame)
            assert f"số {meta['decision_number']} ngày {meta['decision_date']}" in text
            assert f"từ ngày {meta['valid_from']}" in text
            if meta.get("valid_to"):
                assert f"đến ngày {meta['valid_to']}" in text
            # no other commune's road segment is on it
            others = {
                (r[ROAD], r[FROM], r[TO])
                for r in frame_rows(province.folder, frame)
                if r[COMMUNE_COLUMN] != full_name(metas[unit.folder])
            } - {(r[ROAD], r[FROM], r[TO]) for r in mine}
            cells = {(r[2], r[3], r[4]) for r in table}
            assert others and not cells & {(a, b or "—", c or "—") for a, b, c in others}
            by_type(doc, mine)
            checked += 1
    assert checked == sum(len(frames_of(u, province, metas)) for u in result.tree) >= 17


def by_type(doc, rows_: list[dict]) -> None:
    """The «Theo loại đất» table: each land type's count, lowest and highest price."""
    prices: dict[str, list[Decimal]] = {}
    for r in rows_:
        prices.setdefault(r[CODE], []).append(oracle.vi_number(r[PRICE]))
    table = {r[0]: r for r in rows(table_after(doc, "Theo loại đất"))}
    assert set(table) == set(prices)
    for code, found in prices.items():
        assert table[code][1] == NAMES[code]
        assert [number(c) for c in table[code][2:5]] == [len(found), min(found), max(found)]


def test_the_province_page_stays_light_and_offers_the_whole_frame(sample):
    result, site, province, _ = sample
    for frame in FRAMES:
        everything = frame_rows(province.folder, frame)
        path = site / province.url_path / FOLDER / frame / "index.html"
        doc = page(site, f"{province.url_path}{FOLDER}/{frame}")
        text = " ".join(doc.find("article").get_text(" ").split())
        assert f"Bảng giá gồm {len(everything)} mức giá" in text
        assert not [h for h in doc.find_all("h2") if h.get_text(strip=True) == "Các mức giá"]
        assert len(doc.find("article").find_all("tr")) < 20 < len(everything)
        assert path.stat().st_size < 60_000
        by_type(doc, everything)
        download = oracle.read_csv(site / province.url_path / FOLDER / f"{frame}-gia-dat.csv")
        assert same_rows(download, everything)


def same_rows(got: list[dict], want: list[dict]) -> bool:
    assert len(got) == len(want)
    for a, b in zip(got, want, strict=True):
        for column, value in b.items():
            if column == PRICE:
                assert oracle.vi_number(a[column]) == oracle.vi_number(value)
            else:
                assert a.get(column, "") == value, (column, a, b)
    return True


def test_commune_downloads_hold_its_rows_only(sample):
    result, site, province, metas = sample
    for unit in (u for u in result.tree if u.is_leaf):
        for frame in frames_of(unit, province, metas):
            download = oracle.read_csv(site / unit.url_path / FOLDER / f"{frame}-gia-dat.csv")
            assert same_rows(download, commune_rows(province.folder, frame, metas[unit.folder]))


def residential(rows_: list[dict]) -> list[Decimal]:
    return [oracle.vi_number(r[PRICE]) for r in rows_ if r[CODE] in ("ONT", "ODT")]


def card(site, unit) -> Decimal:
    home = page(site, unit.url_path)
    label = f"Giá đất ở cao nhất, bảng giá đất {FRAMES[-1]}"
    link = next(a for a in home.find_all("a") if a.get_text(strip=True) == label)
    return number(link.find_next("span", class_="ck-figure").get_text())


def test_home_cards_and_the_index(sample):
    result, site, province, metas = sample
    for unit in result.tree:
        if unit.is_leaf:
            mine = commune_rows(province.folder, FRAMES[-1], metas[unit.folder])
            if not mine:  # a former unit: no rows in the newest frame
                newest = f"Giá đất ở cao nhất, bảng giá đất {FRAMES[-1]}"
                assert newest not in page(site, unit.url_path).get_text()
                continue
        else:
            below = [d.folder for d in oracle.counted(result.tree, unit)]
            names = {full_name(metas[f]) for f in below}
            mine = [
                r
                for r in frame_rows(province.folder, FRAMES[-1])
                if r[COMMUNE_COLUMN] in names or unit is province
            ]
        assert card(site, unit) == max(residential(mine))
    for unit in (u for u in result.tree if u.is_leaf):
        if not frames_of(unit, province, metas):
            continue
        index = {r[0]: r for r in rows(page(site, f"{unit.url_path}{FOLDER}").find("table"))}
        for frame in frames_of(unit, province, metas):
            meta = oracle.metadata(province.folder / FOLDER / frame)
            row = index[f"Năm {frame}"]
            count = len(commune_rows(province.folder, frame, metas[unit.folder]))
            assert row[1:4] == [
                meta["decision_number"],
                meta["valid_from"],
                meta.get("valid_to", "—"),
            ]
            assert number(row[4]) == count and row[5] == meta["posted"]


def test_the_section_pages_of_the_province_and_a_district(sample):
    """The province's section lists its frames with the whole frame's count and links to each
    year's rollup; a district's, holding no frame, only the rollups."""
    result, site, province, _ = sample
    doc = page(site, f"{province.url_path}{FOLDER}")
    table = {r[0]: r for r in rows(doc.find("article").find("table"))}
    assert sorted(table) == sorted(f"Năm {frame}" for frame in FRAMES)
    for frame in FRAMES:
        meta = oracle.metadata(province.folder / FOLDER / frame)
        count = len(frame_rows(province.folder, frame))
        assert table[f"Năm {frame}"][1:] == [
            meta["decision_number"],
            meta["valid_from"],
            meta.get("valid_to", "—"),
            grouped(count),
            meta["posted"],
        ]
    for unit in (u for u in result.tree if not u.is_leaf):
        path = site / unit.url_path / FOLDER / "index.html"
        doc = page(site, f"{unit.url_path}{FOLDER}")
        links = {a.get_text(strip=True): a["href"] for a in doc.find("article").find_all("a")}
        for frame in FRAMES:
            target = (path.parent / links[f"Tổng hợp {frame}"]).resolve()
            assert target == (site / unit.url_path / FOLDER / f"tong-hop-{frame}").resolve()
        if unit is not province:
            text = " ".join(doc.find("article").get_text(" ").split())
            assert doc.find("article").find("table") is None
            assert f"số mức giá áp dụng tại từng đơn vị cấp xã thuộc {unit.in_text}" in text
            assert not (site / unit.url_path / FOLDER / FRAMES[-1]).exists()


def test_rollups_count_each_communes_rows_and_link_to_its_page(sample):
    result, site, province, metas = sample
    tree = result.tree
    checked = 0
    for parent in (u for u in tree if not u.is_leaf):
        for frame in FRAMES:
            path = site / parent.url_path / FOLDER / f"tong-hop-{frame}" / "index.html"
            doc = page(site, f"{parent.url_path}{FOLDER}/tong-hop-{frame}")
            table = doc.find("article").find("table")
            by_name = {r[0].replace("\u2003", "").strip(): r for r in rows(table)}
            for unit in [*oracle.rows_below(tree, parent), None]:
                group = oracle.counted(tree, unit or parent)
                names = {full_name(metas[d.folder]) for d in group}
                mine = [r for r in frame_rows(province.folder, frame) if r[COMMUNE_COLUMN] in names]
                row = by_name[unit.title if unit else "Tổng cộng"]
                homes = residential(mine)
                assert [number(c) for c in row[1:4]] == [len(mine), len(homes), max(homes)], row
                checked += 1
            for a in table.find_all("a", string="Xem các mức giá"):
                target = (path.parent / a["href"]).resolve() / "index.html"
                assert target.is_file() and "Các mức giá" in target.read_text(encoding="utf-8")
                checked += 1
    assert checked > 40


# -- incremental builds ----------------------------------------------------------------------------


def put_frame(data: Path) -> None:
    """The sample's 2026 frame, cut to the communes the small country keeps."""
    kept = {full_name(meta) for _, meta in oracle.leaf_units(data)}
    source = SAMPLE_DATA / PROVINCE / FOLDER / "2026"
    target = data / PROVINCE / FOLDER / "2026"
    target.mkdir(parents=True)
    shutil.copy(source / "thong-tin.yaml", target)
    lines = (source / "gia-dat.csv").read_text(encoding="utf-8").splitlines()
    mine = [lines[0], *(line for line in lines[1:] if line.split(",")[1] in kept)]
    (target / "gia-dat.csv").write_text("\n".join(mine) + "\n", encoding="utf-8")


def test_a_changed_frame_rebuilds_the_communes_and_a_communes_own_change_only_it(
    small_country_with_sibling, tmp_path
):
    data = small_country_with_sibling
    put_frame(data)
    site = tmp_path / "inc" / "site"
    first = build(data, tmp_path / "inc")
    assert first.ok, first.failed
    assert build(data, tmp_path / "inc").built == []
    metas = {folder: meta for folder, meta in oracle.leaf_units(data)}
    commune = next(u for u in first.tree if u.folder == data / COMMUNE)
    sibling = next(u for u in first.tree if u.is_leaf and u is not commune)
    name = full_name(metas[commune.folder])

    # a price of the commune changes in the province's frame
    frame = data / PROVINCE / FOLDER / "2026" / "gia-dat.csv"
    lines = frame.read_text(encoding="utf-8").splitlines()
    at = next(n for n, line in enumerate(lines) if line.split(",")[1] == name)
    old_price = int(lines[at].rsplit(",", 1)[1])
    new_price = old_price + 123_000
    lines[at] = f"{lines[at].rsplit(',', 1)[0]},{new_price}"
    frame.write_text("\n".join(lines) + "\n", encoding="utf-8")
    sibling_before = rows(
        table_after(page(site, f"{sibling.url_path}{FOLDER}/2026"), "Các mức giá")
    )
    sibling_csv_before = (site / sibling.url_path / FOLDER / "2026-gia-dat.csv").read_bytes()
    changed = build(data, tmp_path / "inc")
    # every unit below the province reads its frame: each is surveyed again, and rebuilt
    assert changed.ok and sorted(changed.built) == sorted(u.code for u in first.tree)
    shown_page = page(site, f"{commune.url_path}{FOLDER}/2026")
    prices = [r[-1] for r in rows(table_after(shown_page, "Các mức giá"))]
    assert grouped(new_price) in prices and grouped(old_price) not in prices
    download = oracle.read_csv(site / commune.url_path / FOLDER / "2026-gia-dat.csv")
    assert oracle.vi_number(download[0][PRICE]) == new_price
    # the sibling's rows are unchanged, and so is its download, whose SHA-256 its page shows
    sibling_page = page(site, f"{sibling.url_path}{FOLDER}/2026")
    assert rows(table_after(sibling_page, "Các mức giá")) == sibling_before
    sibling_csv = (site / sibling.url_path / FOLDER / "2026-gia-dat.csv").read_bytes()
    assert sibling_csv == sibling_csv_before
    shown = sibling_page.get_text(" ")
    assert "2026-gia-dat.csv (" in shown and hashlib.sha256(sibling_csv).hexdigest() in shown

    # the frame's decision is renumbered: every commune's page says so
    meta = data / PROVINCE / FOLDER / "2026" / "thong-tin.yaml"
    old_number = oracle.metadata(meta.parent)["decision_number"]
    meta.write_text(
        meta.read_text(encoding="utf-8").replace(old_number, "1999/2025/QĐ-UBND"),
        encoding="utf-8",
    )
    renumbered = build(data, tmp_path / "inc")
    assert renumbered.ok and sorted(renumbered.built) == sorted(u.code for u in first.tree)
    for unit in (commune, sibling):
        text = page(site, f"{unit.url_path}{FOLDER}/2026").find("article").get_text(" ")
        assert "1999/2025/QĐ-UBND" in text and old_number not in text

    # a change of the sibling's own data, of another kind, rebuilds the sibling alone (and the
    # province, whose open data joins its communes' tables)
    before = digests(site / commune.url_path)
    listing = sorted((sibling.folder / "ho-ngheo").glob("*/danh-sach.csv"))[-1]
    text = listing.read_text(encoding="utf-8").splitlines()
    text[1] = text[1].replace(text[1].split(",")[0], "Đinh Thị Thay Đổi", 1)
    listing.write_text("\n".join(text) + "\n", encoding="utf-8")
    other = build(data, tmp_path / "inc")
    province = next(u for u in first.tree if u.parent is None)
    assert other.ok and sorted(other.built) == sorted([sibling.code, province.code])
    assert digests(site / commune.url_path) == before
    clean = build(data, tmp_path / "clean")
    assert clean.ok
    assert digests(site) == digests(tmp_path / "clean" / "site")


# -- the bad-file corpus ---------------------------------------------------------------------------


@dataclass(frozen=True)
class At(Expected):
    """An expected problem whose file is named from the data root (the province's, or any)."""

    def matches(self, problem) -> bool:
        return (
            problem.code == self.code
            and problem.file == self.file
            and (self.row is ANY or problem.row == self.row)
            and problem.column == self.column
            and (self.value is ANY or problem.value == self.value)
            and problem.severity == self.severity
            and has_details(problem, self.details)
        )


def light_copy(root: Path) -> None:
    """Every unit.yaml of the sample and the province's frames: what the frames are checked with."""
    for unit_file in SAMPLE_DATA.rglob("unit.yaml"):
        target = root / unit_file.relative_to(SAMPLE_DATA)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(unit_file, target)
    shutil.copytree(SAMPLE_DATA / PROVINCE / FOLDER, root / PROVINCE / FOLDER)


@pytest.fixture(scope="module")
def pristine_frames(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("frames") / "data"
    light_copy(root)
    assert list(validate_tree(root)) == []
    return root


@pytest.fixture
def data(pristine_frames, tmp_path) -> Commune:
    """The light copy as tests/test_bad_files.py's helpers edit it, paths from the data root."""
    root = tmp_path / "data"
    shutil.copytree(pristine_frames, root)
    copy = Commune(root)
    copy.dir = root
    return copy


def below_the_province(root: Path) -> list[str]:
    """Every unit under the province, districts too: a district's pages count its communes'
    rows, so they read the frame as well."""
    return sorted(
        f.relative_to(root).as_posix() for f, _ in oracle.units(root) if f != root / PROVINCE
    )


def and_each_commune(root: Path, expected: list) -> list:
    """A frame with an error stops the build of every unit below the province too (each keeps
    its published pages), each told so once."""
    return [*expected, *(At(u, "dataset-held-broken") for u in below_the_province(root))]


CASES: dict[str, object] = {}


def case(name: str):
    def register(function):
        assert name not in CASES, name
        CASES[name] = function
        return function

    return register


def a_line(c: Commune, commune: str = "xã An Định", code: str = "ONT", position: str = "1") -> int:
    found = c.rows(FRAME)
    return next(
        n
        for n, r in enumerate(found, 1)
        if n > 1 and r[1] == commune and r[0] == code and r[5] == position
    )


@case("commune-not-in-the-province")
def _(c):
    line = a_line(c)
    c.set_cell(FRAME, line, COMMUNE_COLUMN, "xã An Bình")
    return and_each_commune(
        c.root,
        [
            At(
                FRAME,
                "land_prices.commune-unknown",
                row=line,
                column=COMMUNE_COLUMN,
                value="xã An Bình",
            )
        ],
    )


@case("a-district-named-as-a-commune")
def _(c):
    line = a_line(c)
    c.set_cell(FRAME, line, COMMUNE_COLUMN, "huyện An Lạc")
    return and_each_commune(
        c.root,
        [
            At(
                FRAME,
                "land_prices.commune-unknown",
                row=line,
                column=COMMUNE_COLUMN,
                value="huyện An Lạc",
                details={"count": 0, "holder": "tỉnh Bình Sơn"},
            )
        ],
    )


@case("the-frame-copied-into-a-commune")
def _(c):
    shutil.copytree(c.root / PROVINCE / FOLDER, c.root / COMMUNE / FOLDER)
    return [At(f"{COMMUNE}/{FOLDER}", "dataset-held-above")]


@case("a-row-twice")
def _(c):
    line = a_line(c)
    copy = c.append(FRAME, c.rows(FRAME)[line - 1])
    return and_each_commune(
        c.root,
        [
            At(
                FRAME,
                "key-duplicate",
                row=copy,
                column=COMMUNE_COLUMN,  # the key's first column
                value=" / ".join(
                    ["xã An Định", "Đường trục xã", "Ngã ba thôn Bến Đò", "Cầu thôn Yên Thái"]
                    + ["1", "ONT"]
                ),
                details={"first": line},
            )
        ],
    )


@case("a-place-twice-written-another-way")
def _(c):
    """The review's attack: the same place by the commune's code, its road without marks and
    with a full stop, at another price: two prices for one place."""
    line = a_line(c)
    row = c.rows(FRAME)[line - 1]
    copy = c.append(FRAME, [row[0], "99101", without_marks(row[2]) + ".", *row[3:6], "5200000"])
    return and_each_commune(
        c.root,
        [
            At(
                FRAME,
                "land_prices.place-twice",
                row=copy,
                column=PRICE,
                value="5200000",
                details={"line": line},
            )
        ],
    )


@case("alleys-numbered-apart-are-two-places")
def _(c):
    """«Hẻm 12/3» and «Hẻm 123» are two alleys (the review's case): both prices stand."""
    line = a_line(c)
    row = c.rows(FRAME)[line - 1]
    c.append(FRAME, [row[0], row[1], "Hẻm 12/3", "", "", row[5], "2100000"])
    c.append(FRAME, [row[0], row[1], "Hẻm 123", "", "", row[5], "2300000"])
    return []


@case("fraction-of-a-dong")
def _(c):
    line = a_line(c)
    c.set_cell(FRAME, line, PRICE, "1.250.000,5")
    return and_each_commune(
        c.root, [At(FRAME, "cell-number-fraction", row=line, column=PRICE, value="1.250.000,5")]
    )


@case("a-price-typed-in-thousands")
def _(c):
    line = a_line(c)
    c.set_cell(FRAME, line, PRICE, "1.250")
    return and_each_commune(
        c.root, [At(FRAME, "land_prices.price-thousands", row=line, column=PRICE, value="1250")]
    )


@case("a-price-too-low-for-any-land")
def _(c):
    line = a_line(c, code="LUA")
    c.set_cell(FRAME, line, PRICE, "500")
    return and_each_commune(
        c.root, [At(FRAME, "cell-below-minimum", row=line, column=PRICE, value="500")]
    )


@case("a-price-with-digits-too-many")
def _(c):
    line = a_line(c)
    c.set_cell(FRAME, line, PRICE, "55.270.000.000")
    return and_each_commune(
        c.root, [At(FRAME, "cell-above-maximum", row=line, column=PRICE, value="55.270.000.000")]
    )


@case("english-thousands")
def _(c):
    line = a_line(c)
    c.set_cell(FRAME, line, PRICE, "1,250,000")
    return and_each_commune(
        c.root,
        [
            At(
                FRAME,
                "cell-number-comma-thousands",
                row=line,
                column=PRICE,
                value="1,250,000",
                details={"grouped": "1.250.000"},
            )
        ],
    )


@case("position-two-dearer-than-position-one")
def _(c):
    first = a_line(c)
    second = a_line(c, position="2")
    price = oracle.vi_number(c.cell(FRAME, first, PRICE)) + 1000
    c.set_cell(FRAME, second, PRICE, str(price))
    # a warning: the frame is the province's decision, published as decided
    return [
        At(
            FRAME,
            "land_prices.position-order",
            row=second,
            column=PRICE,
            value=str(price),
            severity="warning",
            details={"before_line": first},
        )
    ]


@case("in-force-until-before-it-starts")
def _(c):
    meta = f"{PROVINCE}/{FOLDER}/2024/thong-tin.yaml"
    c.set_meta(meta, "valid_to", '"31/12/2023"')
    return and_each_commune(
        c.root,
        [
            At(
                meta,
                "land_prices.period-order",
                column="valid_to (Áp dụng đến ngày)",
                value="31/12/2023",
                details={"start": "01/01/2024"},
            )
        ],
    )


@case("year-other-than-the-start")
def _(c):
    meta = f"{PROVINCE}/{FOLDER}/2026/thong-tin.yaml"
    c.set_meta(meta, "valid_from", '"01/07/2025"')
    return and_each_commune(
        c.root,
        [
            At(
                meta,
                "land_prices.period-year",
                column="year (Năm bắt đầu áp dụng)",
                value="2026",
                details={"start": "01/07/2025"},
            )
        ],
    )


@case("unknown-land-code")
def _(c):
    line = a_line(c)
    c.set_cell(FRAME, line, CODE, "OTN")
    return and_each_commune(
        c.root, [At(FRAME, "land_prices.code-unknown", row=line, column=CODE, value="OTN")]
    )


@case("zero-width-space-in-a-road")
def _(c):
    line = a_line(c)
    c.set_cell(FRAME, line, ROAD, "Đường\u200b trục xã")
    shown_value = "Đường<U+200B> trục xã"  # as messages show what a reader cannot see
    return and_each_commune(
        c.root, [At(FRAME, "text-invisible", row=line, column=ROAD, value=shown_value)]
    )


@case("a-phone-number-in-the-notes")
def _(c):
    line = a_line(c)
    found = c.rows(FRAME)
    found = [[*r, NOTES if n == 0 else ""] for n, r in enumerate(found)]
    found[line - 1][-1] = "Hộ ông Nguyễn Văn Bình đề nghị xem lại, điện thoại 0912345678"
    c.write_rows(FRAME, found)
    return and_each_commune(
        c.root, [At(FRAME, "personal-phone", row=line, column=NOTES, value="0912345678")]
    )


@case("a-total-row")
def _(c):
    line = c.append(FRAME, ["ONT", "xã An Định", "Tổng cộng", "", "", "1", "99.000.000"])
    return and_each_commune(
        c.root, [At(FRAME, "table-total-row", row=line, column=ROAD, value="Tổng cộng")]
    )


@case("price-in-words")
def _(c):
    line = a_line(c)
    c.set_cell(FRAME, line, PRICE, "hai triệu")
    return and_each_commune(
        c.root, [At(FRAME, "cell-number-format", row=line, column=PRICE, value="hai triệu")]
    )


@case("a-negative-price")
def _(c):
    line = a_line(c, code="ODT", commune="phường Bình Minh")
    c.set_cell(FRAME, line, PRICE, "-1.250.000")
    return and_each_commune(
        c.root, [At(FRAME, "cell-below-minimum", row=line, column=PRICE, value="-1.250.000")]
    )


@case("a-price-left-empty")
def _(c):
    line = a_line(c, code="LUA")
    c.set_cell(FRAME, line, PRICE, "")
    return and_each_commune(c.root, [At(FRAME, "cell-required", row=line, column=PRICE, value="")])


@case("position-five")
def _(c):
    line = a_line(c, position="3")
    c.set_cell(FRAME, line, POSITION, "5")
    return and_each_commune(
        c.root, [At(FRAME, "cell-above-maximum", row=line, column=POSITION, value="5")]
    )


@case("position-written-as-a-word")
def _(c):
    line = a_line(c, position="2")
    c.set_cell(FRAME, line, POSITION, "VT2")
    return and_each_commune(
        c.root, [At(FRAME, "cell-number-format", row=line, column=POSITION, value="VT2")]
    )


@case("a-segment-without-its-start")
def _(c):
    line = a_line(c)
    end = c.cell(FRAME, line, TO)
    c.set_cell(FRAME, line, FROM, "")
    return and_each_commune(
        c.root,
        [At(FRAME, "land_prices.segment-no-start", row=line, column=FROM, value=end)],
    )


@case("a-segment-ending-where-it-starts")
def _(c):
    line = a_line(c)
    start = c.cell(FRAME, line, FROM)
    c.set_cell(FRAME, line, TO, start.upper())
    return and_each_commune(
        c.root,
        [
            At(
                FRAME,
                "land_prices.segment-same-ends",
                row=line,
                column=TO,
                value=start.upper(),
                details={"place": start},
            )
        ],
    )


@case("a-frame-with-no-valid-from")
def _(c):
    meta = f"{PROVINCE}/{FOLDER}/2026/thong-tin.yaml"
    c.set_meta(meta, "valid_from", '""')
    column = "valid_from (Áp dụng từ ngày)"
    return and_each_commune(c.root, [At(meta, "cell-required", column=column, value="")])


def test_corpus_is_large_enough():
    assert len(CASES) >= 10


@pytest.mark.parametrize("name", list(CASES))
def test_bad_frame(data, name):
    expected = CASES[name](data)
    assert_problems(validate_tree(data.root), expected)


def test_two_communes_of_one_name_must_be_named_by_code(data):
    """Two communes named alike in one province (before 2025 each district had its own): a row
    naming one by name is refused, by code it is taken."""
    c = data
    twin = next(f for f, meta in oracle.leaf_units(c.root) if meta["name"] == "Xuân Lộc")
    unit_file = twin / "unit.yaml"
    unit_file.write_text(
        unit_file.read_text(encoding="utf-8").replace("name: Xuân Lộc", "name: An Định"),
        encoding="utf-8",
    )
    expected = []
    for frame in (OLD_FRAME, FRAME):
        for n, r in enumerate(c.rows(frame), 1):
            if n > 1 and r[1] in ("xã An Định", "xã Xuân Lộc"):
                code = "commune-ambiguous" if r[1] == "xã An Định" else "commune-unknown"
                expected.append(
                    At(frame, f"land_prices.{code}", row=n, column=COMMUNE_COLUMN, value=r[1])
                )
    assert_problems(validate_tree(c.root), and_each_commune(c.root, expected))


def test_a_commune_whose_unit_file_does_not_read_does_not_stop_the_frame(data):
    """A commune's broken unit.yaml, never read well before, leaves it out of the tree: rows
    naming it are told as warnings, and the frame with every other commune goes on."""
    c = data
    folder = f"{PROVINCE}/huyen-an-lac/thi-tran-phu-loc"
    unit_file = c.root / folder / "unit.yaml"
    unit_file.write_text(
        unit_file.read_text(encoding="utf-8").replace("type: thị trấn", "type: làng"),
        encoding="utf-8",
    )
    expected = [
        At(f"{folder}/unit.yaml", "unit-type-unknown", column="type (loại đơn vị)", value="làng")
    ]
    for frame in (OLD_FRAME, FRAME):
        for n, r in enumerate(c.rows(frame), 1):
            if n > 1 and r[1] == "thị trấn Phú Lộc":
                expected.append(
                    At(
                        frame,
                        "land_prices.commune-unread",
                        row=n,
                        column=COMMUNE_COLUMN,
                        value=r[1],
                        severity="warning",
                        details={"folders": folder},
                    )
                )
    assert len(expected) > 40
    problems = [p for p in validate_tree(c.root) if p.code != "unit-village-type"]
    assert_problems(problems, expected)


def test_ordinary_frames_raise_no_false_alarm(data, tmp_path):
    """Rows naming the commune by its code and by its name in other letters' case, a
    kilometre-marked road, a segment given by its start alone, equal prices at two positions, a
    road called «Tổng Cộng», a note with a decision's number and date: all taken, and each shown
    on the commune's page."""
    c = data
    road = "Quốc lộ 1A (km 12+300 đến km 13+500)"
    note = "Điều chỉnh theo Quyết định số 12/2026/QĐ-UBND ngày 15/03/2026"
    added = [
        ["odt", "99101", road, "Ngã tư Cộng Hòa", "", "1", "2.400.000", note],
        ["ONT", "an định", road, "Ngã tư Cộng Hòa", "", "2", "2.400.000", ""],
        ["LUA", "XÃ AN ĐỊNH", "Cánh đồng Tổng Cộng", "", "", "1", "65.000", ""],
    ]
    found = [[*r, NOTES if n == 0 else ""] for n, r in enumerate(c.rows(FRAME))]
    c.write_rows(FRAME, [*found, *added])
    problems = validate_tree(c.root)
    assert not list(problems), [str(p) for p in problems]
    result = build(c.root, tmp_path / "out")
    assert result.ok, result.failed
    commune = next(u for u in result.tree if u.folder == c.root / COMMUNE)
    doc = page(tmp_path / "out" / "site", f"{commune.url_path}{FOLDER}/2026")
    shown_rows = rows(table_after(doc, "Các mức giá"))
    assert [r[1:] for r in shown_rows[-3:]] == [
        ["Đất ở tại đô thị (ODT)", road, "Ngã tư Cộng Hòa", "—", "1", "2.400.000"],
        ["Đất ở tại nông thôn (ONT)", road, "Ngã tư Cộng Hòa", "—", "2", "2.400.000"],
        ["Đất trồng lúa (LUA)", "Cánh đồng Tổng Cộng", "—", "—", "1", "65.000"],
    ]
    mine = [r for r in found[1:] if r[1] == "xã An Định"]
    assert len(shown_rows) == len(mine) + 3


# -- the Excel template ----------------------------------------------------------------------------


def test_excel_template_filled_with_a_valid_row_validates_clean(data, tmp_path):
    out = tmp_path / "templates"
    done = subprocess.run(
        [sys.executable, "-m", "generator", "template", FOLDER, "--unit", "99", "--data"]
        + [str(data.root), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert done.returncode == 0, done.stderr
    target = data.root / PROVINCE / FOLDER / "2030"
    shutil.copytree(out / FOLDER, target)
    meta = target / "thong-tin.yaml"
    text = meta.read_text(encoding="utf-8").replace('year: "2026"', 'year: "2030"')
    meta.write_text(
        text.replace('"01/01/2026"', '"01/01/2030"').replace("31/12/2026", "31/12/2030")
    )
    errors = validate_tree(data.root).errors
    assert [p.file.rsplit("/", 1)[1] for p in errors if p.row == 2] == ["gia-dat.xlsx"]
    book = load_workbook(target / "gia-dat.xlsx")
    sheet = book.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    for title, value in {
        COMMUNE_COLUMN: "xã Đông Hưng",
        ROAD: "Đường liên xã",
        PRICE: 2_150_000,
    }.items():
        sheet.cell(row=2, column=headers.index(title) + 1, value=value)
    book.save(target / "gia-dat.xlsx")
    problems = validate_tree(data.root)
    assert not list(problems), [str(p) for p in problems]


def test_a_correction_of_the_frame_stays_the_provinces(small_country_with_sibling, tmp_path):
    """The province re-publishes its frame with one price corrected: each commune still shows
    only its own rows (the corrected price among them) and no history of its own; the
    province's page links the history, which lists the change."""
    data = small_country_with_sibling
    put_frame(data)
    dataset = data / PROVINCE / FOLDER / "2026"
    first = dataset / "cac-ban-truoc" / "1"
    first.mkdir(parents=True)
    for f in dataset.iterdir():
        if f.is_file():
            shutil.copy2(f, first / f.name)
    metas = {folder: meta for folder, meta in oracle.leaf_units(data)}
    name = full_name(metas[data / COMMUNE])
    frame = dataset / "gia-dat.csv"
    lines = frame.read_text(encoding="utf-8").splitlines()
    at = next(n for n, line in enumerate(lines) if line.split(",")[1] == name)
    new_price = int(lines[at].rsplit(",", 1)[1]) + 7_000
    lines[at] = f"{lines[at].rsplit(',', 1)[0]},{new_price}"
    frame.write_text("\n".join(lines) + "\n", encoding="utf-8")
    meta = dataset / "thong-tin.yaml"
    text = meta.read_text(encoding="utf-8")
    posted = oracle.metadata(first)["posted"]
    meta.write_text(
        text.replace(f'posted: "{posted}"', 'posted: "05/01/2026"')
        + "correction_reason: Sửa giá một đoạn đường\n",
        encoding="utf-8",
    )
    result = build(data, tmp_path / "out")
    assert result.ok, result.failed
    site = tmp_path / "out" / "site"
    commune = next(u for u in result.tree if u.folder == data / COMMUNE)
    doc = page(site, f"{commune.url_path}{FOLDER}/2026")
    mine = commune_rows(data / PROVINCE, "2026", metas[data / COMMUNE])
    assert len(rows(table_after(doc, "Các mức giá"))) == len(mine)
    assert grouped(new_price) in [r[-1] for r in rows(table_after(doc, "Các mức giá"))]
    assert not doc.find("a", href=lambda h: h and "lich-su" in h)
    assert not (site / commune.url_path / FOLDER / "2026-lich-su").exists()
    province = page(site, f"{PROVINCE}/{FOLDER}/2026")
    assert province.find("a", href="../2026-lich-su/")
    history = page(site, f"{PROVINCE}/{FOLDER}/2026-lich-su")
    assert [r[0] for r in rows(table_after(history, "Bảng giá đất"))] == ["Sửa"]
