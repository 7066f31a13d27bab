"""Corrections (Law 10/2022 Art. 14): a dataset re-published keeps its earlier versions in
cac-ban-truoc/N/; its history page lists each version and the rows each correction changed, and
every earlier version stays downloadable. The expected changes are written here from the edits
the test makes, not from the generator."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from tests import oracle
from tests.conftest import SMALL_COUNTRY, build
from tests.pages import download_link, page, rows, table_after

COMMUNE = SMALL_COUNTRY[2]
POVERTY = f"{COMMUNE}/ho-ngheo/2025"


def _read(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def _write(path: Path, table: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(table)
    path.write_text(out.getvalue(), encoding="utf-8")


def _set_meta(meta: Path, key: str, value: str) -> None:
    lines = [
        line
        for line in meta.read_text(encoding="utf-8").splitlines()
        if not line.startswith(f"{key}:")
    ]
    lines.append(f'{key}: "{value}"')
    meta.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _keep_first_version(dataset: Path) -> Path:
    first = dataset / "cac-ban-truoc" / "1"
    first.mkdir(parents=True)
    for f in dataset.iterdir():
        if f.is_file():
            shutil.copy2(f, first / f.name)
    return first


@pytest.fixture
def corrected(small_country):
    """The commune's 2025 poverty list re-published on 15/01/2026: one household's members
    changed, one removed, one added."""
    dataset = small_country / POVERTY
    first = _keep_first_version(dataset)
    table = _read(dataset / "danh-sach.csv")
    header, body = table[0], table[1:]
    members = header.index("Số nhân khẩu")
    changed = body[0]
    before_members = changed[members]
    after_members = str(int(before_members) + 3)
    changed[members] = after_members
    removed = body.pop(1)
    added = [
        "Hà Văn Tùng" if col == "Họ tên chủ hộ" else value
        for col, value in zip(header, removed, strict=True)
    ]
    body.append(added)
    _write(dataset / "danh-sach.csv", [header, *body])
    meta = dataset / "thong-tin.yaml"
    _set_meta(meta, "posted", "15/01/2026")
    _set_meta(meta, "correction_reason", "Sửa số nhân khẩu một hộ, bỏ một hộ đã chuyển đi")
    return {
        "data": small_country,
        "first": first,
        "changed": (changed[0], changed[1], before_members, after_members),
        "removed": (removed[0], removed[1]),
        "added": (added[0], added[1]),
        "first_posted": oracle.metadata(first)["posted"],
    }


def test_the_history_page_lists_each_version_and_the_rows_a_correction_changed(corrected, tmp_path):
    result = build(corrected["data"], tmp_path / "out")
    assert result.ok, result.failed
    site = tmp_path / "out" / "site"
    history = page(site, f"{COMMUNE}/ho-ngheo/2025-lich-su")
    versions = table_after(history, "Lịch sử công khai, đính chính")
    got = rows(versions)
    assert [r[:3] for r in got] == [
        ["1", corrected["first_posted"], "Công khai lần đầu"],
        ["2", "15/01/2026", "Sửa số nhân khẩu một hộ, bỏ một hộ đã chuyển đi"],
    ]
    assert "thêm 1, bỏ 1, sửa 1 dòng" in got[1][3]
    changes = rows(table_after(history, "Danh sách hộ"))
    name, village, before, after = corrected["changed"]
    by_state = {}
    for r in changes:
        by_state.setdefault(r[0], []).append(r)
    assert len(by_state["Sửa"]) == 1
    fix = by_state["Sửa"][0]
    assert name in fix[1] and village in fix[1]
    assert fix[2:] == ["Số nhân khẩu", before, after]
    assert len(by_state["Bỏ"]) == 1 and corrected["removed"][0] in by_state["Bỏ"][0][1]
    assert len(by_state["Thêm"]) == 1 and corrected["added"][0] in by_state["Thêm"][0][1]


def test_an_earlier_version_downloads_as_it_was_published(corrected, tmp_path):
    result = build(corrected["data"], tmp_path / "out")
    assert result.ok, result.failed
    site = tmp_path / "out" / "site"
    history = page(site, f"{COMMUNE}/ho-ngheo/2025-lich-su")
    link = download_link(history, "Danh sách hộ (bản 1")  # the earlier list, offered
    old = _read(site / f"{COMMUNE}/ho-ngheo/2025-lich-su" / link)
    typed = _read(corrected["first"] / "danh-sach.csv")
    names = {r[0] for r in old[1:]}
    assert names == {r[0] for r in typed[1:]}
    assert corrected["removed"][0] in names and corrected["added"][0] not in names
    listed = page(site, f"{COMMUNE}/ho-ngheo/danh-sach-2025").find("article").get_text(" ")
    assert corrected["added"][0] in listed and corrected["removed"][0] not in listed
    current = page(site, f"{COMMUNE}/ho-ngheo/2025")
    about = current.find("a", href="../2025-lich-su/")
    assert about is not None, "the dataset page links its history"
    assert about.parent.get_text().startswith("Đính chính: công khai lại lần 1 (Sửa số nhân")


def test_the_register_marks_the_correction(corrected, tmp_path):
    result = build(corrected["data"], tmp_path / "out")
    assert result.ok, result.failed
    site = tmp_path / "out" / "site"
    register = page(site, f"{COMMUNE}/cong-khai/so-theo-doi-2026-quy-1")
    listed = [r[1] for r in rows(register.find("article").find("table"))]
    assert any("(đính chính lần 1)" in title for title in listed)


@pytest.mark.parametrize(
    ("edit", "code", "file"),
    [
        ("no-reason", "correction-reason-missing", "thong-tin.yaml"),
        ("bad-folder", "version-folder-name", None),
        ("not-later", "version-posted-order", "thong-tin.yaml"),
    ],
)
def test_a_correction_that_cannot_be_told_apart_is_refused(corrected, edit, code, file):
    dataset = corrected["data"] / POVERTY
    meta = dataset / "thong-tin.yaml"
    if edit == "no-reason":
        lines = meta.read_text(encoding="utf-8").splitlines()
        meta.write_text(
            "\n".join(x for x in lines if not x.startswith("correction_reason")) + "\n",
            encoding="utf-8",
        )
    elif edit == "bad-folder":
        corrected["first"].rename(corrected["first"].parent / "ban-dau")
    else:
        _set_meta(meta, "posted", corrected["first_posted"])
    from generator.pipeline.validate import validate_tree

    problems = [p for p in validate_tree(corrected["data"]) if p.code == code]
    assert len(problems) == 1, [p.as_dict() for p in validate_tree(corrected["data"])]
    found = problems[0]
    if file:
        assert found.file == f"{POVERTY}/{file}"
    else:
        assert found.file.startswith(f"{POVERTY}/cac-ban-truoc")
