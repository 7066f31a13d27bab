"""The words staff read: this file pins the wording; the corpus (test_bad_files.py) asserts codes
and positions. Each case here is a real bad file or value going through the generator, and pins the
exact Vietnamese of a representative problem as staff see it (mostly as `validate` prints it:
severity, file, row, column, message, value). A change of wording is meant to fail here, not in the
corpus.

Also: every message of the corpus is NFC-normalised Vietnamese with no placeholder left unfilled."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
from openpyxl import Workbook

from generator.pipeline.validate import validate_tree
from tests.conftest import SAMPLE_DATA
from tests.test_bad_files import (
    APOLOGIES,
    BUDGET,
    BUDGET_META,
    CASES,
    COMMUNE,
    DISTRICT,
    LAND_META,
    LIST,
    POVERTY,
    PROJECTS,
    PROVINCE,
    REFORM,
    THU,
    UNIT,
    Commune,
)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    """The corpus's commune, xã An Định, with its province's and district's unit.yaml only."""
    root = tmp_path_factory.mktemp("pristine") / "data"
    shutil.copytree(SAMPLE_DATA / COMMUNE, root / COMMUNE)
    for ancestor in (PROVINCE, DISTRICT):
        shutil.copy(SAMPLE_DATA / ancestor / "unit.yaml", root / ancestor / "unit.yaml")
    return root


@pytest.fixture
def commune(pristine, tmp_path) -> Commune:
    root = tmp_path / "data"
    shutil.copytree(pristine, root)
    return Commune(root)


def problems(c) -> list:
    return list(validate_tree(c.root))


def only(c):
    found = problems(c)
    assert len(found) == 1, [str(p) for p in found]
    return found[0]


def said(c) -> str:
    """The one problem of the commune's copy, as `validate` prints it, but the code it ends with
    (checked here: «[mã lỗi: cell-required]»)."""
    problem = only(c)
    suffix = f" [mã lỗi: {problem.code}]"
    assert str(problem).endswith(suffix), str(problem)
    return str(problem).removesuffix(suffix)


def message(c) -> str:
    return only(c).message


def where(rel: str, row: int | None = None, column: str | None = None) -> str:
    return ", ".join(
        [f"{COMMUNE}/{rel}"]
        + ([f"dòng {row}"] if row else [])
        + ([f"cột «{column}»"] if column else [])
    )


def book(path, rows) -> Workbook:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return workbook


# -- cells -----------------------------------------------------------------------------------------


def test_a_required_cell_left_empty(commune):
    line = commune.line_of(THU, "Mã số", "2")
    commune.set_cell(THU, line, "Số tiền (đồng)", "")
    assert (
        said(commune)
        == f"LỖI: {where(THU, line, 'Số tiền (đồng)')}: ô này bắt buộc, không được để trống"
    )


def test_a_required_yaml_entry_left_out_is_called_a_muc(commune):
    commune.set_meta(LAND_META, "posted", None)
    assert said(commune) == (
        f"LỖI: {where(LAND_META, column='posted (Ngày công khai)')}: "
        "mục này bắt buộc, không được để trống"
    )


def test_an_amount_with_an_english_thousands_comma(commune):
    line = commune.line_of(THU, "Mã số", "2")
    commune.set_cell(THU, line, "Số tiền (đồng)", "259,000")
    assert said(commune) == (
        f"LỖI: {where(THU, line, 'Số tiền (đồng)')}: số «259,000» không rõ: dấu phẩy trước đúng ba "
        "chữ số có thể là dấu ngăn cách hàng nghìn kiểu tiếng Anh; cột này cần số nguyên, nếu là "
        "259.000 hãy viết «259.000» hoặc «259000» (dấu chấm ngăn cách hàng nghìn) (giá trị: "
        "«259,000»)"
    )


def test_a_code_excel_turned_into_a_date(commune):
    rows = commune.rows(THU)
    assert rows[3][0] == "1.2"
    typed = [rows[0]] + [[r[0], r[1], r[2] or None, int(r[3])] for r in rows[1:]]
    # «1.2» typed into a General cell, in a date-minded locale
    typed[3][0] = dt.datetime(2026, 2, 1)
    book(commune.path(f"{BUDGET}/thu.xlsx"), typed)
    commune.path(THU).unlink()
    assert said(commune) == (
        f"LỖI: {where(f'{BUDGET}/thu.xlsx', 4, 'Mã số')}: cần chữ nhưng giá trị được đọc thành "
        "ngày giờ (Excel tự đổi chữ như «1.2», «3/4» thành ngày, YAML đọc 2025-01-02 là ngày): "
        "trong Excel, hãy định dạng cột là «Văn bản» (Text) rồi gõ lại; trong tệp YAML, hãy đặt "
        "giá trị trong dấu nháy (giá trị: «01/02/2026»)"
    )


def test_dates_excel_read_month_first(commune):
    # typed 05/06/2025
    book(
        commune.path(f"{REFORM}/thu-xin-loi.xlsx"),
        [
            ["Ngày xin lỗi", "Thủ tục hành chính", "Lý do trễ hạn", "Ngày hẹn trả mới"],
            [dt.datetime(2025, 5, 6), "Đăng ký khai sinh", "Chờ xác minh", "20/06/2025"],
        ],
    )
    commune.path(APOLOGIES).unlink()
    assert message(commune) == (
        "Excel đã đọc ô này theo kiểu tháng trước, ngày sau (máy đặt «Định dạng khu vực» kiểu Mỹ), "
        "nên ngày và tháng có thể đã bị đảo: gõ 05/06/2025 (ngày 5 tháng 6) bị đọc thành ngày 6 "
        "tháng 5; dòng 2 ghi «20/06/2025» vẫn là chữ vì Excel không đọc được. Hãy định dạng các "
        "cột ngày là «Văn bản» (Text) rồi gõ lại các ngày theo dạng ngày/tháng/năm"
    )


def test_a_score_typed_as_a_percentage_names_the_excel_menu(commune):
    workbook = book(
        commune.path(f"{REFORM}/chi-so.xlsx"),
        [
            ["Chỉ số", "Điểm", "Thang điểm", "Xếp hạng", "Trên tổng số"],
            ["par-index", 0.7856, 100, 2, 34],
        ],
    )
    workbook.active["B2"].number_format = "0.00%"  # «78,56 %» typed, 0.7856 stored
    workbook.save(commune.path(f"{REFORM}/chi-so.xlsx"))
    assert message(commune) == (
        "ô định dạng phần trăm (%) trong Excel: «78,56 %» được lưu trong tệp là 0,7856; hãy chọn "
        "định dạng «Chung» (General) hoặc «Số» (Number) cho ô rồi ghi số không kèm dấu %, ví dụ "
        "78,56"
    )


def test_a_code_that_lost_its_last_zero_says_how_to_keep_it(commune):
    commune.path(THU).unlink()
    commune.write(
        f"{BUDGET}/thu.yaml",
        "- {Mã số: '1', Nội dung: Thu khác, Số tiền (đồng): 2000}\n"
        "- {Mã số: '1.1', Nội dung: Thu phí, Thuộc mục: '1', Số tiền (đồng): 1000}\n"
        "- {Mã số: 1.10, Nội dung: Thu lệ phí, Thuộc mục: '1', Số tiền (đồng): 1000}\n",
    )
    assert said(commune) == (
        f"LỖI: {where(f'{BUDGET}/thu.yaml', 4, 'Mã số')}: trùng Mã số với dòng 3; một trong hai ô "
        "là số: nếu đã gõ số 0 ở cuối (như «1.10»), số 0 đó đã mất («1.1»), hãy định dạng cột là "
        "«Văn bản» (Text) rồi gõ lại (trong tệp YAML: đặt giá trị trong dấu nháy) (giá trị: «1.1»)"
    )


def test_an_excel_error_value_names_the_paste_special_menu(commune):
    commune.set_cell(PROJECTS, 2, "Địa điểm", "#REF!")
    assert message(commune) == (
        "ô có lỗi công thức Excel #REF!: hãy sửa công thức hoặc dán giá trị "
        "(Dán đặc biệt > Giá trị) rồi lưu lại"
    )


# -- text ------------------------------------------------------------------------------------------


def test_a_name_typed_in_a_legacy_font(commune):
    commune.set_cell(LIST, 8, "Họ tên chủ hộ", "NguyÔn V¨n Hµ")
    assert said(commune) == (
        f"LỖI: {where(LIST, 8, 'Họ tên chủ hộ')}: chữ bị lỗi phông: có vẻ được gõ bằng bảng mã "
        "TCVN3 (ABC) (ký tự «¨» ở vị trí 9); hãy chuyển sang Unicode (ví dụ dùng chức năng chuyển "
        "mã của Unikey) rồi lưu lại (giá trị: «NguyÔn V¨n Hµ»)"
    )


def test_a_lookalike_letter(commune):
    commune.set_cell(LIST, 7, "Họ tên chủ hộ", "Nguуễn Văn Dương")  # Cyrillic у
    assert message(commune) == (
        "có chữ chỉ trông giống chữ Latinh, thuộc bảng chữ khác (Kirin): «у» ở vị trí 4 (chữ "
        "Kirin); hãy xóa và gõ lại các chữ đó bằng bàn phím tiếng Việt"
    )


def test_text_from_an_ansi_csv_names_the_excel_menu(commune):
    commune.set_cell(LIST, 3, "Họ tên chủ hộ", "Nguy?n H?u B?o")
    assert message(commune) == (
        "có dấu ? giữa các chữ («Nguy?n»): tệp có thể đã bị lưu sai bảng mã (ANSI); hãy lưu "
        "lại bằng CSV UTF-8 (Excel: Tệp > Lưu thành > CSV UTF-8)"
    )


def test_a_name_opened_in_the_wrong_encoding(commune):
    commune.set_cell(LIST, 3, "Họ tên chủ hộ", "Nguyá»…n Há»¯u Báº£o")
    assert message(commune) == (
        "chữ bị lỗi bảng mã: «á»…» ở vị trí 5 là chữ «ễ» của tệp UTF-8 bị mở nhầm bảng mã Windows; "
        "hãy mở lại tệp gốc với bảng mã UTF-8 (Excel: Dữ liệu > Từ văn bản/CSV, chọn 65001: "
        "Unicode (UTF-8)) rồi lưu lại"
    )


def test_personal_data_says_what_was_found_and_what_the_law_asks(commune):
    commune.set_cell(LIST, 2, "Họ tên chủ hộ", "Trần Văn Cường (khuyết tật nặng)")
    commune.set_cell(LIST, 3, "Họ tên chủ hộ", "Lường Văn Em - DTTS")
    commune.set_cell(APOLOGIES, 2, "Lý do trễ hạn", "Chờ xác minh thẻ BHYT GD4797931234567")
    commune.set_cell(APOLOGIES, 3, "Lý do trễ hạn", "12345678901")  # a CCCD kept in a number cell
    law = (
        "không được công khai thông tin này. "
        "Chỉ ghi họ tên và thôn như pháp luật yêu cầu, hãy xóa phần đó"
    )
    assert {(p.file.rsplit("/", 1)[1], p.row): p.message for p in problems(commune)} == {
        (
            "danh-sach.csv",
            2,
        ): f"có vẻ chứa thông tin về sức khỏe, khuyết tật (dữ liệu nhạy cảm); {law}",
        ("danh-sach.csv", 3): f"có vẻ chứa thông tin về dân tộc (dữ liệu nhạy cảm); {law}",
        ("thu-xin-loi.csv", 2): f"có vẻ chứa số thẻ bảo hiểm y tế; {law}",
        (
            "thu-xin-loi.csv",
            3,
        ): f"có vẻ chứa số căn cước đã mất số 0 ở đầu (Excel bỏ số 0 của ô kiểu số); {law}",
    }


# -- a kind's checks -------------------------------------------------------------------------------


def test_a_budget_group_that_does_not_add_up_shows_the_sum_grouped(commune):
    line = commune.append(
        THU,
        ["6", "Thu khác", "", "1234570"],
        ["6.1", "Thu phạt vi phạm hành chính", "6", "1000000"],
        ["6.2", "Thu tịch thu", "6", "234567"],
    )
    assert said(commune) == (
        f"LỖI: {where(THU, line, 'Số tiền (đồng)')}: số tiền của dòng nhóm phải bằng tổng các "
        "dòng thuộc nhóm (1.234.567 đồng) (giá trị: «1234570»)"
    )


def test_a_late_posting_is_a_warning_citing_the_rule(commune):
    commune.set_meta(BUDGET_META, "decision_date", '"18/12/2024"')
    commune.set_meta(BUDGET_META, "posted", '"28/01/2025"')
    assert said(commune) == (
        f"CẢNH BÁO: {where(BUDGET_META, column='posted (Ngày công khai)')}: công khai sau ngày "
        "quyết định 41 ngày, quá hạn 17/01/2025; Thông tư 343/2016/TT-BTC (ngân sách xã); Luật "
        "Thực hiện dân chủ ở cơ sở 10/2022/QH15, Điều 13 yêu cầu công khai trong 30 ngày kể từ "
        "ngày quyết định (giá trị: «28/01/2025»)"
    )


# -- YAML ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key, damaged, why",
    [
        ("title", "title: @Kế hoạch", "cột 8: giá trị bắt đầu bằng «@» cần đặt trong dấu nháy kép"),
        (
            "title",
            'title: "Công khai "kế hoạch" năm 2025"',
            (
                "cột 20: thụt lề không đúng, hoặc có dấu nháy kép nằm bên trong một giá trị đặt "
                "trong dấu nháy kép (hãy dùng «» hoặc nháy đơn)"
            ),
        ),
        (
            "legal_basis",
            "legal_basis: Luật Đất đai: Điều 75",
            (
                "cột 26: dấu «:» không được đặt ở đây; nếu giá trị có dấu hai chấm, hãy đặt cả giá "
                "trị trong dấu nháy kép; nếu dòng trên là một mục, sau dấu «:» của nó cần một dấu "
                "cách"
            ),
        ),
        ("year", "\tyear: 2025", "cột 1: có ký tự Tab; hãy thụt lề bằng dấu cách"),
    ],
    ids=["at-sign", "quotes-in-quotes", "colon", "tab"],
)
def test_a_yaml_syntax_error_says_where_and_why_in_vietnamese(commune, key, damaged, why):
    lines = commune.text(LAND_META).splitlines()
    number = next(n for n, text in enumerate(lines, start=1) if text.startswith(f"{key}:"))
    lines[number - 1] = damaged
    commune.write(LAND_META, "\n".join(lines) + "\n")
    assert said(commune) == f"LỖI: {where(LAND_META, row=number)}: lỗi cú pháp YAML ở {why}"


def test_an_unclosed_list_in_unit_yaml(commune):
    commune.replace(UNIT, "name: An Định", "name: [An Định")
    line = commune.text(UNIT).splitlines().index("name: [An Định") + 1
    assert said(commune) == (
        f"LỖI: {where(UNIT, row=line + 1)}: lỗi cú pháp YAML ở cột 7: thiếu dấu «]» đóng danh sách"
    )


def test_an_impossible_date_in_yaml_shows_it_and_how_to_quote(commune):
    commune.set_meta(BUDGET_META, "posted", "2025-02-30")
    lines = commune.text(BUDGET_META).splitlines()
    assert said(commune) == (
        f"LỖI: {where(BUDGET_META, row=len(lines))}: lỗi ở cột 9: ngày không có thật; hãy viết "
        'ngày dd/mm/yyyy trong dấu nháy kép, ví dụ "14/07/2025" (giá trị: «2025-02-30»)'
    )


def test_an_unknown_unit_yaml_entry_lists_the_valid_ones(commune):
    commune.replace(UNIT, "reception:", "recepton:")
    assert said(commune) == (
        f"LỖI: {where(UNIT, column='recepton')}: mục «recepton» không có trong mẫu unit.yaml; các "
        "mục hợp lệ ở đây: code, type, name, slug, sample, villages, office, reception, owners, "
        "replaces, former_addresses. "
        "Nếu một giá trị trong {…} có dấu phẩy, hãy đặt giá trị đó trong dấu nháy kép"
    )


# -- files and folders -----------------------------------------------------------------------------


def test_a_table_in_a_format_not_read_yet(commune):
    commune.path(LIST).rename(commune.path(f"{POVERTY}/danh-sach.xls"))
    assert said(commune) == (
        f"LỖI: {COMMUNE}/{POVERTY}/danh-sach.xls: tệp .xls (Excel cũ) chưa đọc được: hãy mở "
        "bằng Excel và lưu lại dạng .xlsx"
    )


def test_two_files_for_one_table(commune):
    book(commune.path(f"{POVERTY}/danh-sach.xlsx"), commune.rows(LIST))
    assert said(commune) == (
        f"LỖI: {COMMUNE}/{LIST}: có hai tệp cho cùng một bảng: danh-sach.csv và "
        "danh-sach.xlsx; hãy giữ một tệp"
    )


def test_a_stray_folder_in_a_unit(commune):
    (commune.dir / "Ngan sach").mkdir()
    (commune.dir / "bien-ban").mkdir()
    assert [str(p) for p in problems(commune)] == [
        (
            f"LỖI: {COMMUNE}: thư mục «Ngan sach» không phải thư mục dữ liệu nên số liệu trong đó "
            "không được đọc: có phải «ngan-sach»? Hãy đổi tên thư mục [mã lỗi: folder-misnamed]"
        ),
        (
            f"LỖI: {COMMUNE}: thư mục «bien-ban» không phải thư mục dữ liệu nên số liệu trong đó "
            "không được đọc: tên thư mục dữ liệu phải là một trong: bang-gia-dat, "
            "cai-cach-hanh-chinh, dat-dai, dong-gop, du-an-dau-tu, giam-sat, ho-ngheo, ngan-sach, "
            "phi-le-phi; nếu là đơn vị trực thuộc thì cần có unit.yaml; thư mục riêng của cán bộ "
            "hãy đặt tên bắt đầu bằng «_» [mã lỗi: folder-unknown]"
        ),
    ]


# -- every message of the corpus -------------------------------------------------------------------

PLACEHOLDER = re.compile(r"\{[A-Za-z_]\w*\}")  # a template's {name} left as it is


def vietnamese(text: str) -> bool:
    """At least one letter with a Vietnamese mark (đ, or a letter with a diacritic)."""
    return any(unicodedata.normalize("NFD", ch)[1:] or ch in "đĐ" for ch in text if ch.isalpha())


@pytest.mark.parametrize("name", list(CASES))
def test_every_corpus_message_is_nfc_vietnamese_with_nothing_left_to_fill(commune, name):
    CASES[name](commune)
    for problem in problems(commune):
        text = problem.message
        assert unicodedata.is_normalized("NFC", text), (name, text)
        assert vietnamese(text), (name, text)
        assert not PLACEHOLDER.search(text), (name, text)
