"""A province's open data: every table its communes offer, joined per kind, table and year, row
for row as each commune publishes it; never a list of named people; a dictionary of columns."""

from __future__ import annotations

import csv
import io

from tests import oracle
from tests.conftest import build
from tests.pages import page

FOLDER = "du-lieu-mo"


def _rows(path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(raw[3:].decode("utf-8"))))


def test_each_joined_table_is_its_communes_tables_row_for_row(sample_build):
    result, site = sample_build
    province = next(u for u in result.tree if u.parent is None)
    communes = [u for u in result.tree.descendants(province) if u.is_leaf]
    joined_files = sorted((site / province.url_path / FOLDER).glob("*.csv"))
    assert len(joined_files) >= 20
    for joined in joined_files:
        rows = _rows(joined)
        header = rows[0]
        assert header[:3] == ["Mã đơn vị", "Đơn vị", "Đơn vị cấp trên"]
        expected = []
        for commune in communes:
            kind_folder, table, year = _parts(joined.stem, commune, site)
            own = site / commune.url_path / kind_folder / f"{year}-{table}.csv"
            if not own.is_file():
                continue
            own_rows = _rows(own)
            parent = result.tree.units[commune.parent].title
            if commune.former:  # a former ward's rows: the district it was under (2025 reform)
                parent = next(u.title for u in result.tree if u.path == commune.former.path[:-1])
            for row in own_rows[1:]:
                cells = dict(zip(own_rows[0], row, strict=True))
                expected.append(
                    [commune.code, commune.title, parent]
                    + [cells.get(column, "") for column in header[3:]]
                )
        assert rows[1:] == expected, joined.name
    # the tables the issue names: budget lines, households per village, land rows, reform
    names = {p.name for p in joined_files}
    for wanted in (
        "ngan-sach-chi-2025",
        "ho-ngheo-so-ho-theo-thon-2025",
        "dat-dai-loai-dat-2025",
        "cai-cach-hanh-chinh-mot-cua-2025",
        "dong-gop-khoan-dong-gop-2025",
        "du-an-dau-tu-du-an-2025",
        "giam-sat-ket-qua-2025",
        "phi-le-phi-so-thu-2025",
    ):
        assert f"{wanted}.csv" in names, wanted  # fmt: skip


def _parts(stem: str, commune, site) -> tuple[str, str, str]:
    """(kind folder, table file, year) of a joined file's stem: its folder is the longest of the
    commune's site folders it begins with."""
    year = stem.rsplit("-", 1)[1]
    folders = [p.name for p in (site / commune.url_path).iterdir() if p.is_dir()]
    folder = max((f for f in folders if stem.startswith(f + "-")), key=len)
    return folder, stem[len(folder) + 1 : -len(year) - 1], year


def test_no_list_of_named_people_and_no_frame_of_the_province_is_joined(sample_build):
    result, site = sample_build
    province = next(u for u in result.tree if u.parent is None)
    joined = [p for p in (site / province.url_path / FOLDER).iterdir() if p.is_file()]
    assert joined and not [p for p in joined if "danh-sach" in p.name or "gia-dat" in p.name]
    heads = {
        h["Họ tên chủ hộ"]
        for commune in result.tree
        if commune.is_leaf
        for dataset in oracle.datasets(commune.folder, "ho-ngheo")
        for h in oracle.read_csv(dataset / "danh-sach.csv")
    }
    texts = " ".join(p.read_text(encoding="utf-8-sig") for p in joined if p.suffix != ".xlsx")
    assert len(heads) > 100 and not [h for h in heads if h in texts]


def test_the_dictionary_explains_every_column_of_every_joined_table(sample_build):
    result, site = sample_build
    province = next(u for u in result.tree if u.parent is None)
    doc = page(site, f"{province.url_path}{FOLDER}/tu-dien-du-lieu")
    text = doc.find("article").get_text(" ")
    for joined in (site / province.url_path / FOLDER).glob("*.csv"):
        assert joined.name in text
        for column in _rows(joined)[0]:
            assert column in text, (joined.name, column)
    assert "số nguyên" in text and "Mã đơn vị hành chính" in text
    index = page(site, f"{province.url_path}{FOLDER}")
    assert index.find("a", string="Từ điển dữ liệu") is not None


def test_a_communes_new_figure_reaches_its_provinces_open_data(small_country, tmp_path):
    first = build(small_country, tmp_path / "out")
    assert first.ok, first.failed
    site = tmp_path / "out" / "site"
    province = next(u for u in first.tree if u.parent is None)
    commune = next(u for u in first.tree if u.is_leaf)
    stage = sorted((commune.folder / "ngan-sach").glob("*-du-toan"))[-1]
    year = stage.name.split("-")[0]
    lines = (stage / "chi.csv").read_text(encoding="utf-8").splitlines()
    code, name, parent, amount = next(csv.reader([lines[2]]))
    renamed = f"{name} (tên mới)"  # a line's name: no total or figure of the commune changes
    lines[2] = ",".join(f'"{v}"' if "," in v else v for v in (code, renamed, parent, amount))
    (stage / "chi.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    again = build(small_country, tmp_path / "out")
    assert again.ok and province.code in again.built, again.failed
    joined = _rows(site / province.url_path / FOLDER / f"ngan-sach-chi-{year}.csv")
    name_column = joined[0].index("Nội dung")
    row = next(r for r in joined if r[0] == commune.code and r[3] == code)
    assert renamed in row[name_column]  # the year page names a line as its newest stage does


def test_communes_columns_join_in_their_order_and_types_widen():
    """One commune posted the estimate and six months, another the three months too; one has
    whole amounts, another decimals."""
    from generator.pipeline.open_data import JoinedTable, _merge_columns

    joined = JoinedTable("Ngân sách", "ngan-sach", "chi", "Chi", "2025", [], {}, [])
    _merge_columns(
        joined,
        [
            {"name": "Mã số", "type": "string"},
            {"name": "Dự toán", "type": "integer"},
            {"name": "Thực hiện 6 tháng", "type": "integer"},
        ],
    )
    _merge_columns(
        joined,
        [
            {"name": "Mã số", "type": "string"},
            {"name": "Dự toán", "type": "number"},
            {"name": "Thực hiện 3 tháng", "type": "integer"},
            {"name": "Thực hiện 6 tháng", "type": "integer"},
            {"name": "Ghi chú", "type": "string"},
        ],
    )
    assert joined.columns == [
        "Mã số",
        "Dự toán",
        "Thực hiện 3 tháng",
        "Thực hiện 6 tháng",
        "Ghi chú",
    ]
    assert joined.types["Dự toán"] == "number" and joined.types["Thực hiện 6 tháng"] == "integer"
