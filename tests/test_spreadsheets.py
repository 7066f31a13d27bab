"""Workbooks as staff really make them: several sheets, hidden rows and sheets, merged cells, a
forgotten example row of the template, two files for one table, and formats not read yet."""

from __future__ import annotations

import csv
import datetime
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from generator.input.tables import read_table
from generator.kinds.registry import all_kinds
from generator.model.problems import Problems
from generator.pipeline.validate import validate_tree
from tests.conftest import REPO, SAMPLE_DATA
from tests.test_bad_files import has_details

COMMUNE = "tinh-binh-son/huyen-an-lac/xa-an-dinh"
POVERTY = f"{COMMUNE}/ho-ngheo/2025"
XLSX = f"{POVERTY}/danh-sach.xlsx"


def schema():
    return next(k for k in all_kinds() if k.name == "poverty").schema.tables["households"]


def sample_rows() -> list[list]:
    with open(SAMPLE_DATA / POVERTY / "danh-sach.csv", encoding="utf-8", newline="") as source:
        return [[int(c) if c.isdigit() else c for c in row] for row in csv.reader(source)]


def expected_rows(rows: list[list]) -> list[dict]:
    """The rows read_table gives for the first lines of the sample CSV (`rows` is a prefix of
    it)."""
    assert rows == sample_rows()[: len(rows)]
    table = read_table(SAMPLE_DATA / POVERTY / "danh-sach.csv", schema(), Problems(), "x")
    return table.rows[: len(rows) - 1]


def save(book: Workbook, data: Path, *, keep_csv: bool = False) -> Path:
    target = data / XLSX
    book.save(target)
    if not keep_csv:
        (data / POVERTY / "danh-sach.csv").unlink()
    return target


def fill(sheet, rows) -> None:
    for row in rows:
        sheet.append(row)


def placed(problem) -> tuple:
    return problem.file, problem.row, problem.column, problem.code


def errors(data: Path) -> list[tuple]:
    return [placed(p) for p in validate_tree(data).errors]


def only_error(data: Path):
    found = validate_tree(data).errors
    assert len(found) == 1, [str(p) for p in found]
    return found[0]


def test_sample_still_validates_cleanly():
    assert errors(SAMPLE_DATA) == []
    outcome = subprocess.run(
        [sys.executable, "-m", "generator", "validate", "--data", str(SAMPLE_DATA)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert outcome.returncode == 0 and "0 lỗi" in outcome.stdout, outcome.stdout + outcome.stderr


# -- sheets ----------------------------------------------------------------------------------------


def test_two_sheets_with_data_are_refused_naming_both(small_country):
    rows = sample_rows()
    book = Workbook()
    old = book.active
    old.title = "Năm 2024"
    fill(old, rows[:1] + [[r[0], r[1], r[2] + 1, r[3], r[4]] for r in rows[1:6]])
    fill(book.create_sheet("Năm 2025"), rows)
    save(book, small_country)
    problem = only_error(small_country)
    assert placed(problem) == (XLSX, None, None, "xlsx-sheets-with-data")
    assert has_details(problem, {"sheets": "«Năm 2024», «Năm 2025»"})


def test_instructions_sheet_beside_the_data_sheet_is_skipped(small_country):
    rows = sample_rows()
    book = Workbook()
    guide = book.active
    guide.title = "Hướng dẫn"
    fill(
        guide,
        [
            ["Cách điền bảng"],
            ["Mỗi dòng là một hộ; ghi số nhân khẩu bằng chữ số"],
            ["Người lập: Nguyễn Văn B"],
        ],
    )
    data_sheet = book.create_sheet("Số liệu")
    fill(data_sheet, [["DANH SÁCH HỘ NGHÈO"], []] + rows[:8])
    path = save(book, small_country)
    problems = Problems()
    table = read_table(path, schema(), problems, "x.xlsx")
    assert not problems.items
    assert table.rows == expected_rows(rows[:8])
    assert table.line_numbers == list(range(4, 11))  # the header on row 3 of «Số liệu»
    assert errors(small_country) == []


def test_header_only_sheet_beside_the_data_sheet_reads_the_data(small_country):
    rows = sample_rows()
    book = Workbook()
    fill(book.active, rows[:1])  # a copy of the template, never filled
    fill(book.create_sheet("Năm 2025"), rows[:5])
    problems = Problems()
    table = read_table(save(book, small_country), schema(), problems, "x.xlsx")
    assert not problems.items and table.rows == expected_rows(rows[:5])


def test_sheet_named_after_the_table_is_read_as_before(small_country):
    rows = sample_rows()
    book = Workbook()
    fill(book.active, rows[:1] + rows[10:14])
    book.active.title = "Năm 2024"
    fill(book.create_sheet(schema().title[:31]), rows[:6])
    problems = Problems()
    table = read_table(save(book, small_country), schema(), problems, "x.xlsx")
    assert not problems.items and table.rows == expected_rows(rows[:6])


def test_no_header_names_the_sheets_read(small_country):
    book = Workbook()
    book.active.title = "Hướng dẫn"
    fill(book.active, [["Cách điền bảng"]])
    fill(book.create_sheet("Trang 2"), [["Tên", "Số"], ["A", 1]])
    save(book, small_country)
    problem = only_error(small_country)
    assert placed(problem) == (XLSX, 1, None, "header-missing")
    assert "trang tính «Hướng dẫn», «Trang 2»" in problem.message


def test_hidden_sheet_is_never_read(small_country):
    rows = sample_rows()
    book = Workbook()
    fill(book.active, rows[:5])
    hidden = book.create_sheet("Cũ")
    fill(hidden, rows[:1] + rows[20:30])
    hidden.sheet_state = "hidden"
    problems = Problems()
    table = read_table(save(book, small_country), schema(), problems, "x.xlsx")
    assert not problems.items and table.rows == expected_rows(rows[:5])


def test_only_sheet_hidden_is_said(small_country):
    book = Workbook()
    book.active.title = "Danh sách"
    fill(book.active, sample_rows()[:5])
    path = save(book, small_country)
    with zipfile.ZipFile(path) as source:
        items = [(item, source.read(item.filename)) for item in source.infolist()]
    with zipfile.ZipFile(path, "w") as target:
        for item, content in items:
            if item.filename == "xl/workbook.xml":
                content = content.replace(b'state="visible"', b'state="hidden"')
            target.writestr(item, content)
    problem = only_error(small_country)
    assert placed(problem) == (XLSX, None, None, "xlsx-sheets-hidden")
    assert has_details(problem, {"sheets": "«Danh sách»"})


# -- rows and cells --------------------------------------------------------------------------------


def test_hidden_row_with_data_is_refused(small_country):
    book = Workbook()
    fill(book.active, sample_rows()[:10])
    book.active.row_dimensions[7].hidden = True
    save(book, small_country)
    problem = only_error(small_country)
    assert placed(problem) == (XLSX, 7, None, "row-hidden")
    assert has_details(problem, {"line": 7, "sheet": ""})


def test_hidden_row_names_the_sheet_when_there_are_several(small_country):
    book = Workbook()
    book.active.title = "Hướng dẫn"
    fill(book.active, [["Cách điền bảng"]])
    data_sheet = book.create_sheet("Năm 2025")
    fill(data_sheet, sample_rows()[:10])
    data_sheet.row_dimensions[4].hidden = True
    save(book, small_country)
    problem = only_error(small_country)
    assert placed(problem) == (XLSX, 4, None, "row-hidden")
    assert has_details(problem, {"line": 4}) and "«Năm 2025»" in problem.message


def test_merged_cells_are_named_not_called_empty(small_country):
    rows = sample_rows()[:10]
    rows[3][1] = rows[2][1]  # the same village on rows 3 and 4, merged into one cell
    book = Workbook()
    fill(book.active, rows)
    book.active.merge_cells("B3:B4")
    save(book, small_country)
    assert errors(small_country) == [(XLSX, 4, "Thôn", "cell-merged")]


# -- what Excel makes of codes typed into General cells --------------------------------------------

BUDGET = f"{COMMUNE}/ngan-sach/2025-du-toan"


def budget_book(data: Path) -> tuple[Workbook, list[list]]:
    """The sample's revenue table in a workbook, its dotted codes as Excel keeps them: numbers
    where they look like one (1.1), text otherwise (1.3.1)."""
    with open(data / BUDGET / "thu.csv", encoding="utf-8", newline="") as source:
        rows = list(csv.reader(source))
    book = Workbook()
    for row in rows:
        code = row[0]
        number = float(code) if code.count(".") == 1 else int(code) if code.isdigit() else code
        book.active.append([number, *row[1:3], int(row[3]) if row[3].isdigit() else row[3]])
    (data / BUDGET / "thu.csv").unlink()
    return book, rows


def test_a_code_excel_turned_into_a_date_is_refused_not_published_as_one(small_country):
    book, rows = budget_book(small_country)
    assert rows[3][0] == "1.2"
    book.active["A4"] = datetime.datetime(2026, 2, 1)  # «1.2» in a date-minded locale
    book.save(small_country / BUDGET / "thu.xlsx")
    found = validate_tree(small_country).errors
    assert [(p.file, p.row, p.column, p.code, p.value) for p in found] == [
        (f"{BUDGET}/thu.xlsx", 4, "Mã số", "cell-text-read-as-date", "01/02/2026")
    ]  # the words: test_wording.py


def test_a_code_that_lost_its_last_zero_in_a_number_cell_says_why(small_country):
    book, rows = budget_book(small_country)
    book.active.append([1.10, "Thu khác", "1", 5_000_000])  # typed 1.10, kept as the number 1.1
    book.active.append(["1.2", "Thu khác nữa", "1", 5_000_000])  # text now, the number 1.2 before
    # text both times: a plain duplicate
    book.active.append(["1.3.1", "Thu lặp lại", "1.3", 5_000_000])
    book.save(small_country / BUDGET / "thu.xlsx")
    assert rows[2][0] == "1.1" and rows[3][0] == "1.2" and rows[5][0] == "1.3.1"
    file, end = f"{BUDGET}/thu.xlsx", len(rows)
    found = validate_tree(small_country).errors
    assert [(p.file, p.row, p.column, p.code) for p in found] == [
        (file, end + 1, "Mã số", "key-duplicate-number"),
        (file, end + 2, "Mã số", "key-duplicate-number"),
        (file, end + 3, "Mã số", "key-duplicate"),
    ]
    assert [
        has_details(p, {"first": first}) for p, first in zip(found, (3, 4, 6), strict=True)
    ] == [True] * 3


def test_the_same_in_a_yaml_table_and_a_true_duplicate_without_the_hint(small_country):
    with open(small_country / BUDGET / "thu.csv", encoding="utf-8", newline="") as source:
        rows = list(csv.DictReader(source))
    lines = [
        f"- {{Mã số: '{r['Mã số']}', Nội dung: '{r['Nội dung']}', Thuộc mục: '{r['Thuộc mục']}', "
        f"Số tiền (đồng): {r['Số tiền (đồng)']}}}"
        for r in rows
    ]
    lines += [
        "- {Mã số: 1.10, Nội dung: Thu khác, Thuộc mục: '1', Số tiền (đồng): 1000}",
        "- {Mã số: '1.2', Nội dung: Thu khác nữa, Thuộc mục: '1', Số tiền (đồng): 1000}",
    ]
    (small_country / BUDGET / "thu.csv").unlink()
    (small_country / BUDGET / "thu.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = validate_tree(small_country).errors
    assert {p.row: p.code for p in found} == {
        len(rows) + 2: "key-duplicate-number",
        len(rows) + 3: "key-duplicate",
    }
    assert [has_details(p, {"first": first}) for p, first in zip(found, (3, 4), strict=True)] == [
        True,
        True,
    ]


def test_a_duration_or_time_in_a_text_column_is_refused_too(small_country):
    """«25:30» typed into a General cell is a duration (published as «1 day, 1:30:00»), «7:30» a
    time."""
    apologies = next(k for k in all_kinds() if k.name == "reform").schema.tables["apologies"]
    for value, cell_format in (
        (datetime.timedelta(hours=25, minutes=30), "[h]:mm"),
        (datetime.time(7, 30), "h:mm"),
    ):
        book = Workbook()
        fill(
            book.active,
            [
                ["Ngày xin lỗi", "Thủ tục hành chính", "Lý do trễ hạn", "Ngày hẹn trả mới"],
                [
                    datetime.datetime(2025, 3, 16),
                    "Đăng ký khai sinh",
                    value,
                    datetime.datetime(2025, 3, 21),
                ],
            ],
        )
        book.active["C2"].number_format = cell_format
        book.save(small_country / "thu-xin-loi.xlsx")
        problems = Problems()
        table = read_table(small_country / "thu-xin-loi.xlsx", apologies, problems, "x")
        assert [(p.row, p.column, p.code) for p in problems.errors] == [
            (2, "Lý do trễ hạn", "cell-text-read-as-date")
        ]
        assert table.rows == []


def test_an_unquoted_date_in_unit_yaml_is_shown_with_how_to_quote_it(small_country):
    from generator.pipeline.tree import read_tree

    unit_file = next(small_country.rglob("xa-an-dinh/unit.yaml"))
    unit_file.write_text(
        unit_file.read_text(encoding="utf-8").replace("name: An Định", "name: 2026-01-05"),
        encoding="utf-8",
    )
    problems = Problems()
    read_tree(small_country, problems)
    assert [(p.column, p.code, p.value) for p in problems.errors] == [
        ("name (tên đơn vị)", "cell-text-read-as-date", "05/01/2026")
    ]


APOLOGY_HEADER = ["Ngày xin lỗi", "Thủ tục hành chính", "Lý do trễ hạn", "Ngày hẹn trả mới"]


def apologies_read(path: Path, rows: list[list]) -> list[tuple]:
    """The problems of the rows as (row, column, value, code); a month-first date counts only if its
    message names SIGN, the date Excel could not read, as what shows the swap."""
    apologies = next(k for k in all_kinds() if k.name == "reform").schema.tables["apologies"]
    book = Workbook()
    fill(book.active, [APOLOGY_HEADER, *rows])
    book.save(path)
    problems = Problems()
    read_table(path, apologies, problems, "x")
    return [
        (p.row, p.column, p.value, p.code)
        for p in problems.errors
        if p.code != "date-month-first" or has_details(p, SIGN)
    ]


SIGN = {"line": 2, "text": "20/06/2025"}  # the date left as text that shows Excel read month first


def test_dates_excel_read_month_first_are_refused_when_the_sheet_shows_it(tmp_path):
    """On an English Windows, «05/06/2025» (5 June) becomes 6 May and «20/06/2025» stays text."""
    found = apologies_read(
        tmp_path / "thu-xin-loi.xlsx",
        [
            [datetime.datetime(2025, 5, 6), "Đăng ký khai sinh", "Chờ xác minh", "20/06/2025"],
            [
                "13/06/2025",
                "",
                "Chờ xác minh",
                "25/06/2025",
            ],  # refused for its own reason: listed in its place
            [
                datetime.datetime(2025, 7, 7),
                "Đăng ký kết hôn",
                "Chờ xác minh",
                datetime.datetime(2025, 9, 7),
            ],
        ],
    )
    assert found == [
        (2, "Ngày xin lỗi", "06/05/2025", "date-month-first"),
        (3, "Thủ tục hành chính", None, "cell-required"),
        (4, "Ngày hẹn trả mới", "07/09/2025", "date-month-first"),
    ]


def test_one_letter_a_year_shows_it_across_its_two_dates(tmp_path):
    found = apologies_read(
        tmp_path / "thu-xin-loi.xlsx",
        [[datetime.datetime(2025, 5, 6), "Đăng ký khai sinh", "Chờ xác minh", "20/06/2025"]],
    )
    assert found == [(2, "Ngày xin lỗi", "06/05/2025", "date-month-first")]


@pytest.mark.parametrize(
    "rows",
    [
        [
            [
                datetime.datetime(2025, 6, 5),
                "Đăng ký khai sinh",
                "Chờ xác minh",
                datetime.datetime(2025, 6, 20),
            ],
            [
                datetime.datetime(2025, 6, 13),
                "Đăng ký kết hôn",
                "Chờ xác minh",
                datetime.datetime(2025, 6, 20),
            ],
        ],
        [["05/06/2025", "Đăng ký khai sinh", "Chờ xác minh", "20/06/2025"]],
        # a day over 12 that Excel read: it reads day first, whatever was pasted as text
        [
            [
                datetime.datetime(2025, 6, 5),
                "Đăng ký khai sinh",
                "Chờ xác minh",
                datetime.datetime(2025, 6, 20),
            ],
            ["13/06/2025", "Đăng ký kết hôn", "Chờ xác minh", datetime.datetime(2025, 6, 25)],
        ],
        # 2025-06-13 is read by Excel in any setting: no sign
        [[datetime.datetime(2025, 5, 6), "Đăng ký khai sinh", "Chờ xác minh", "2025-06-13"]],
    ],
    ids=["all-read", "all-text", "day-over-12-read", "iso-text"],
)
def test_dates_that_cannot_have_been_swapped_are_fine(tmp_path, rows):
    assert apologies_read(tmp_path / "thu-xin-loi.xlsx", rows) == []


def test_a_forgotten_example_row_is_no_sign_of_swapped_dates(tmp_path):
    """The template's example dates (15/03/2025, 20/03/2025) are text; the row is refused as an
    example."""
    outcome = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "template",
            "cai-cach-hanh-chinh",
            "--unit",
            "99101",
            "--data",
            str(SAMPLE_DATA),
            "--out",
            str(tmp_path / "mau"),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert outcome.returncode == 0, outcome.stderr
    path = tmp_path / "mau" / "cai-cach-hanh-chinh" / "thu-xin-loi.xlsx"
    book = load_workbook(path)
    example = [c.value for c in book.worksheets[0][2]]
    assert [example[0], example[3]] == ["15/03/2025", "20/03/2025"]
    book.worksheets[0].append(
        [
            datetime.datetime(2025, 5, 6),
            "Đăng ký khai sinh",
            "Chờ xác minh",
            datetime.datetime(2025, 5, 9),
        ]
    )
    book.save(path)
    apologies = next(k for k in all_kinds() if k.name == "reform").schema.tables["apologies"]
    problems = Problems()
    read_table(path, apologies, problems, "x")
    assert [(p.row, p.code) for p in problems.errors] == [(2, "row-example")]


INDICES = "tinh-binh-son/huyen-an-lac/cai-cach-hanh-chinh/2025"
INDEX_ROWS = [
    ["Chỉ số", "Điểm", "Thang điểm", "Xếp hạng", "Trên tổng số"],
    ["par-index", 78.67, 100, 2, 2],
    ["sipas", 78.56, 100, 1, 2],
]


def save_indices(data: Path, book: Workbook) -> Path:
    (data / INDICES / "chi-so.csv").unlink(missing_ok=True)
    book.save(data / INDICES / "chi-so.xlsx")
    return data / INDICES / "chi-so.xlsx"


def test_a_score_typed_as_a_percentage_is_refused_with_what_excel_stored(small_country):
    """«78,56 %» in a percent-formatted cell is stored as 0.7856: published as a score of 0,79 of
    100."""
    book = Workbook()
    fill(book.active, INDEX_ROWS)
    book.active["B3"] = 0.7856
    book.active["B3"].number_format = "0.00%"
    save_indices(small_country, book)
    problem = only_error(small_country)
    assert placed(problem) == (f"{INDICES}/chi-so.xlsx", 3, "Điểm", "cell-percent-number")
    assert has_details(problem, {"typed": "78,56", "stored": "0,7856"})
    book.active["B3"].number_format = "General"
    book.active["B3"] = 78.56
    save_indices(small_country, book)
    assert errors(small_country) == []


@pytest.mark.parametrize("cell_format", ['0.00" %"', '0.00"%"', "0.00\\%"])
def test_a_percent_sign_only_printed_after_the_number_is_not_a_percentage(
    small_country, cell_format
):
    book = Workbook()
    fill(book.active, INDEX_ROWS)
    book.active["B3"].number_format = cell_format  # shows «78,56 %», stores 78.56
    save_indices(small_country, book)
    assert errors(small_country) == []


def test_a_cell_whose_style_the_workbook_lacks_is_read_as_before(small_country):
    """Some export tools write a cell style (s=) that styles.xml does not define; openpyxl reads the
    value all the same, and so does the percent check."""
    book = Workbook()
    fill(book.active, INDEX_ROWS)
    book.active["B3"].number_format = "0.000"
    path = save_indices(small_country, book)
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    assert 'r="B3" s="1"' in sheet
    parts["xl/worksheets/sheet1.xml"] = sheet.replace('r="B3" s="1"', 'r="B3" s="9"').encode()
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    assert errors(small_country) == []


def test_a_percentage_in_a_text_column_is_to_be_typed_as_text(small_country):
    apologies = next(k for k in all_kinds() if k.name == "reform").schema.tables["apologies"]
    book = Workbook()
    fill(
        book.active,
        [
            ["Ngày xin lỗi", "Thủ tục hành chính", "Lý do trễ hạn", "Ngày hẹn trả mới"],
            [
                datetime.datetime(2025, 3, 16),
                "Đăng ký khai sinh",
                0.05,
                datetime.datetime(2025, 3, 21),
            ],
        ],
    )
    book.active["C2"].number_format = "0%"
    book.save(small_country / "thu-xin-loi.xlsx")
    problems = Problems()
    read_table(small_country / "thu-xin-loi.xlsx", apologies, problems, "x")
    assert [
        (p.code, has_details(p, {"typed": "5", "stored": "0,05"})) for p in problems.errors
    ] == [("cell-percent-text", True)]


# -- the template's example row --------------------------------------------------------------------


@pytest.fixture
def template(tmp_path):
    outcome = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "template",
            "ho-ngheo",
            "--unit",
            "99101",
            "--data",
            str(SAMPLE_DATA),
            "--out",
            str(tmp_path / "mau"),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert outcome.returncode == 0, outcome.stderr
    return tmp_path / "mau" / "ho-ngheo" / "danh-sach.xlsx"


def test_forgotten_example_row_of_the_template_is_refused(small_country, template):
    book = load_workbook(template)
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[2]][:4] == ["Nguyễn Văn An", "Thôn Yên Thái", "4", "Hộ nghèo"]
    for row in sample_rows()[1:6]:
        sheet.append(row)
    save(book, small_country)
    assert errors(small_country) == [(XLSX, 2, None, "row-example")]


def test_filled_template_without_the_example_row_validates(small_country, template):
    book = load_workbook(template)
    sheet = book.worksheets[0]
    sheet.delete_rows(2)
    for row in sample_rows()[1:]:
        sheet.append(row)
    path = save(book, small_country)
    assert errors(small_country) == []
    assert read_table(path, schema(), Problems(), "x").rows == expected_rows(sample_rows())


def test_the_template_keeps_text_columns_as_typed(template):
    """Excel stores what is typed into a Text-formatted column as text: «1.10» stays 1.10, «3/4» no
    date. Text columns are so formatted, as a whole and in the example row; number columns not."""
    sheet = load_workbook(template).worksheets[0]
    formats = {
        f.name: (
            sheet.column_dimensions[chr(ord("A") + i)].number_format,
            sheet.cell(2, i + 1).number_format,
        )
        for i, f in enumerate(schema().fields)
    }
    assert formats["head_name"] == formats["village"] == ("@", "@")
    assert {name: f for name, f in formats.items() if "@" in f} == {
        f.name: ("@", "@") for f in schema().fields if f.type == "string"
    }
    assert any(f.type != "string" for f in schema().fields)


def test_a_row_like_the_schema_examples_in_other_files_is_data(small_country):
    """Only a workbook that records its template's example row is checked for it: a real row may
    match the schema's examples by chance (one of a synthetic 1,000 communes' land projects did)."""
    listing = small_country / POVERTY / "danh-sach.csv"
    with open(listing, "a", encoding="utf-8") as target:
        target.write("Nguyễn Văn An,T01,4,Hộ nghèo,Giữ nguyên\n")
    assert errors(small_country) == []


# -- which file is the table -----------------------------------------------------------------------


def test_two_files_for_one_table_are_refused(small_country):
    book = Workbook()
    fill(book.active, sample_rows())
    save(book, small_country, keep_csv=True)
    problem = only_error(small_country)
    assert placed(problem) == (f"{POVERTY}/danh-sach.csv", None, None, "table-two-files")
    assert has_details(problem, {"first": "danh-sach.csv", "last": "danh-sach.xlsx"})


def test_csv_and_yaml_for_one_table_are_refused(small_country):
    (small_country / POVERTY / "danh-sach.yaml").write_text("- {}\n", encoding="utf-8")
    problem = only_error(small_country)
    assert placed(problem) == (f"{POVERTY}/danh-sach.csv", None, None, "table-two-files")
    assert has_details(problem, {"first": "danh-sach.csv", "last": "danh-sach.yaml"})


def test_old_excel_file_gets_its_own_message(small_country):
    listing = small_country / POVERTY / "danh-sach.csv"
    listing.rename(listing.with_suffix(".xls"))
    assert errors(small_country) == [
        (f"{POVERTY}/danh-sach.xls", None, None, "file-format-unsupported")
    ]


def test_upper_case_csv_extension_is_read(small_country):
    listing = small_country / POVERTY / "danh-sach.csv"
    listing.rename(listing.with_suffix(".CSV"))
    assert errors(small_country) == []
    table = read_table(listing.with_suffix(".CSV"), schema(), Problems(), "x")
    assert table.rows == expected_rows(sample_rows())


def test_a_hidden_column_is_refused(small_country):
    """What staff cannot see they cannot check: a hidden column is refused as a hidden row is."""
    rows = sample_rows()
    book = Workbook()
    fill(book.active, rows[:5])
    book.active.column_dimensions["C"].hidden = True
    problems = Problems()
    read_table(save(book, small_country), schema(), problems, "x.xlsx")
    assert [(p.code, p.row, p.column) for p in problems.errors] == [
        ("column-hidden", 1, rows[0][2])
    ]
    assert "cột C đang bị ẩn" in problems.errors[0].message


def test_a_formula_saved_without_its_result_is_said_so(small_country):
    """A workbook written by a program (not Excel) keeps a formula with no result: it is no
    empty cell, and staff are told to open and save it in Excel."""
    rows = sample_rows()
    book = Workbook()
    fill(book.active, rows[:5])
    book.active["C3"] = "=1+2"  # the members of the second household
    problems = Problems()
    read_table(save(book, small_country), schema(), problems, "x.xlsx")
    assert [(p.code, p.row, p.column) for p in problems.errors] == [
        ("cell-formula-no-value", 3, rows[0][2])
    ]
    assert "mở tệp bằng Excel rồi lưu lại" in problems.errors[0].message


def test_a_formula_whose_result_is_empty_text_is_an_empty_cell(small_country):
    """Excel saves =IF(…;"";…) giving "" as a text result with an empty <v/>: a saved result,
    read as an empty cell, never refused as a formula without one (the review's case)."""
    rows = sample_rows()
    book = Workbook()
    fill(book.active, [[*rows[0], "Mã hộ"], *[[*r, None] for r in rows[1:5]]])
    book.active["F3"] = '=IF(TRUE,"","x")'
    path = save(book, small_country)
    with zipfile.ZipFile(path) as source:
        items = [(item, source.read(item.filename)) for item in source.infolist()]
    with zipfile.ZipFile(path, "w") as target:
        for item, content in items:
            if item.filename == "xl/worksheets/sheet1.xml":
                text = content.decode()
                start = text.index('<c r="F3"')
                end = text.index("</c>", start) + len("</c>")
                cell = '<c r="F3" t="str"><f>IF(TRUE,"","x")</f><v></v></c>'
                content = (text[:start] + cell + text[end:]).encode()
            target.writestr(item, content)
    problems = Problems()
    table = read_table(path, schema(), problems, "x.xlsx")
    assert not problems.items, [str(p) for p in problems.items]
    assert len(table.rows) == 4 and table.rows[1].get("household_code") is None
