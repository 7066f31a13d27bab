from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest
from babel.numbers import format_decimal, format_percent
from hypothesis import given, settings
from hypothesis import strategies as st
from slugify import slugify

from generator.input.cells import ValueError_, convert, parse_number
from generator.model import formatting
from generator.model.schema import Field
from generator.model.slugs import heading_id, slug
from generator.model.text import fold, person_name_key, vietnamese_key
from generator.render.environment import escape_markdown


def test_vietnamese_alphabetical_order():
    words = ["Đào", "Dung", "Ân", "An", "Ăn", "Bình", "Ánh", "Ơn", "Ôn", "On", "Uyên", "Ưng"]
    assert sorted(words, key=vietnamese_key) == [
        "An",
        "Ánh",
        "Ăn",
        "Ân",
        "Bình",
        "Dung",
        "Đào",
        "On",
        "Ôn",
        "Ơn",
        "Uyên",
        "Ưng",
    ]


def test_people_sorted_by_given_name_then_the_rest():
    names = ["Trần Văn Bình", "Nguyễn Thị An", "Lê Văn An", "Phạm Thị Đào"]
    assert sorted(names, key=person_name_key) == [
        "Lê Văn An",
        "Nguyễn Thị An",
        "Trần Văn Bình",
        "Phạm Thị Đào",
    ]


def test_decomposed_text_sorts_and_folds_like_composed():
    composed, decomposed = "Nguyễn", "Nguye\u0302\u0303n"
    assert vietnamese_key(composed) == vietnamese_key(decomposed)
    assert fold("Họ tên chủ hộ") == fold("ho ten chu ho") == "hotenchuho"


def test_slugs_from_vietnamese_names():
    assert slug("Xã Đông Hòa") == "xa-dong-hoa"
    assert slug("Phường Ngã Tư Sở") == "phuong-nga-tu-so"
    assert slug("Xã Ia H'Drai") == "xa-ia-h-drai"
    assert heading_id("Ngân sách: 2025 – Dự toán") == "ngan-sach-2025-du-toan"


_VIETNAMESE = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
    "AĂÂĐÊÔƠƯÁÀẠỨỰ0123456789"
)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_VIETNAMESE + "  .,:;()/?!%+–-'&\"«»_ßøæ中", max_size=120))
def test_slug_shortcut_gives_what_slugify_gives(text):
    """slug() and heading_id() skip python-slugify for plain Vietnamese text; the URL must be the
    one slugify makes (a unit's URL never changes with the generator's version)."""
    assert slug(text) == slugify(text, lowercase=True, max_length=80, word_boundary=True)
    assert heading_id(text) == slugify(text, lowercase=True)
    assert heading_id(text, "_") == slugify(text, lowercase=True, separator="_")


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("1.234.567", Decimal(1234567)),
        ("1.234.567,5", Decimal("1234567.5")),
        ("1.234.567 đ", Decimal(1234567)),
        ("12,50", Decimal("12.50")),
        ("12.5", Decimal("12.5")),
        (1234, Decimal(1234)),
        ("1234567", Decimal(1234567)),
    ],
)
def test_numbers_written_the_vietnamese_way(raw, expected):
    assert parse_number(raw) == expected


def refusal(field: Field, raw) -> tuple[str, dict]:
    with pytest.raises(ValueError_) as caught:
        convert(field, raw)
    return caught.value.code, caught.value.params


def test_bad_values_are_refused_each_with_its_code():
    assert refusal(Field("amount", "Số tiền", type="number"), "một triệu") == (
        "cell-number-format",
        {},
    )
    assert refusal(Field("posted", "Ngày", type="date"), "31/02/2025") == ("cell-date-invalid", {})
    assert refusal(Field("name", "Tên", required=True), "  ") == ("cell-required", {})
    category = Field(
        "category", "Phân loại", categories=(("ngheo", "Hộ nghèo"), ("can-ngheo", "Hộ cận nghèo"))
    )
    assert convert(category, "hộ cận nghèo") == "can-ngheo"
    assert refusal(category, "giàu") == ("cell-category", {"choices": "«Hộ nghèo», «Hộ cận nghèo»"})


def test_babel_formats():
    assert formatting.money(1234567) == "1.234.567 đồng"
    assert formatting.date(dt.date(2025, 7, 14)) == "14/07/2025"
    assert formatting.percent(Decimal("0.1234")).replace("\u00a0", " ") == "12,3 %"
    assert formatting.hectares(Decimal("12.5")) == "12,50"
    assert formatting.signed(-3) == "−3"
    assert formatting.percent_change(Decimal("0.1036")).replace("\u00a0", " ") == "+10,4 %"
    assert formatting.percent_change(Decimal("-0.032")).replace("\u00a0", " ") == "−3,2 %"
    assert formatting.percent_change(None) == formatting.percent(None)


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        "| a | b |",
        "# heading",
        "[x](javascript:alert(1))",
        "![i](x.png)",
        "{{ 7*7 }}",
        "{% if %}",
        "{: onclick=alert(1) }",
        "**bold**",
        "- item",
        "<img src=x onerror=alert(1)>",
        "1. first",
        "`code`",
        "&amp; &lt;",
        "a\\|b",
        "_x_ ~~y~~",
        "<!-- c -->",
        "line\n# two",
    ],
)
def test_escaped_values_render_as_the_same_text(payload):
    import markdown
    from bs4 import BeautifulSoup

    extensions = ["tables", "attr_list", "md_in_html", "admonition", "def_list"]
    for source in (
        f"| a |\n|---|\n| {escape_markdown(payload)} |\n",
        f"Text {escape_markdown(payload)}\n",
    ):
        html = BeautifulSoup(markdown.markdown(source, extensions=extensions), "html.parser")
        cell = html.find("td") or html.find("p")
        assert cell.get_text().removeprefix("Text ") == " ".join(payload.split())
        assert cell.find() is None  # no element inside: the value stayed text


def test_number_formatting_shows_what_babel_shows():
    """Numbers are grouped and rounded by Python with Babel's symbols: the text must stay exactly
    Babel's format_decimal / format_percent for the value (half to even, negative zero, floats,
    large integers)."""
    rng = random.Random(7)
    values = [
        Decimal(rng.randint(-(10**9), 10**9)) / Decimal(rng.randint(1, 10**5)) for _ in range(3000)
    ]
    values += [
        Decimal("0.005"),
        Decimal("0.015"),
        Decimal("-0.005"),
        Decimal("-0.0005"),
        Decimal("1250000"),
        Decimal("1350000"),
        Decimal("-50000"),
        Decimal("-0.00"),
        0,
        7,
        2.675,
        -0.0049,
        0.125,
        10**17 + 1,
        -(10**15),
        1234567,
    ]
    for value in values:
        for digits in (0, 1, 2):
            pattern = "#,##0" + ("." + "0" * digits if digits else "") + " %"
            assert formatting.percent(value, digits) == format_percent(
                value, format=pattern, locale="vi_VN"
            ), (value, digits)
            decimals = "#,##0" + ("." + "0" * digits if digits else "")
            assert formatting.number(value, digits) == format_decimal(
                value, format=decimals, locale="vi_VN"
            )
        assert formatting.million(value) == format_decimal(
            Decimal(value) / Decimal(1_000_000), format="#,##0.0", locale="vi_VN"
        )
        assert formatting.hectares(value) == format_decimal(
            value, format="#,##0.00", locale="vi_VN"
        ), value


def test_left_out_end_tags_parse_to_the_same_table():
    """Long tables drop the </td>, </th> and </tr> that HTML lets them drop: a browser's parser
    (lxml here) sees the same rows and cells, links and header cells included."""
    from bs4 import BeautifulSoup

    from generator.render.html_blocks import omit_optional_end_tags

    full = (
        "<table data-ck-lines>\n"
        '<thead><tr><th scope="col">Mã</th><th scope="col">Nội dung</th></tr></thead>\n'
        '<tbody>\n<tr class="ck-group"><td>1</td><td class="ck-d0">Thu &#60;td&#62;</td></tr>\n'
        '<tr><th scope="row"><a href="../x/">Xã A</a></th><td></td></tr>\n'
        "<tr><td>2</td><td>Chi</td></tr>\n</tbody>\n"
        '<tfoot><tr><td></td><th scope="row">Tổng cộng</th></tr></tfoot>\n</table>'
    )
    short = omit_optional_end_tags(full)

    def cells(html):
        table = BeautifulSoup(html, "lxml").table
        return [
            (
                tr.parent.name,
                tr.get("class"),
                [
                    (c.name, c.get_text(), str(c.a) if c.a else None)
                    for c in tr.find_all(["td", "th"], recursive=False)
                ],
            )
            for tr in table.find_all("tr")
        ]

    assert "</td>" not in short and "</tr>" not in short and "</th>" not in short
    assert len(short) < len(full) * 0.8
    assert cells(short) == cells(full)
    assert cells(full)[1][2] == [("td", "1", None), ("td", "Thu <td>", None)]
