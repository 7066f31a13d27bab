"""Bad data never deletes what was published, and an interrupted build never leaves a mix."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import shutil
import signal
import subprocess
import sys

import pytest

from tests.conftest import REPO, build, rename_in_datasets
from tests.oracle import read_csv
from tests.pages import only_placeholders, page, row_by_label


def digests(root):
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def own_files(site, unit, tree):
    """A unit's published files, without its children's sites."""
    children = {tree.units[c].slug for c in unit.children}
    root = site / unit.url_path
    return {k: v for k, v in digests(root).items() if k.split("/")[0] not in children}


def two_communes(tree):
    district = next(u for u in tree if u.depth == 2 and len(u.children) >= 2)
    return tree.units[district.children[0]], tree.units[district.children[1]]


def rename_first_household(unit, new_name):
    listing = sorted((unit.folder / "ho-ngheo").glob("*/danh-sach.csv"))[-1]
    lines = listing.read_text(encoding="utf-8").splitlines()
    old_name = lines[1].split(",")[0]
    lines[1] = lines[1].replace(old_name, new_name, 1)
    listing.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return listing


def break_budget(unit):
    revenue = sorted((unit.folder / "ngan-sach").glob("*/thu.csv"))[0]
    revenue.write_text(
        revenue.read_text(encoding="utf-8").replace("\n1,", "\n1,Sai số,", 1), encoding="utf-8"
    )


@pytest.mark.parametrize(
    "damage",
    [
        "bad data file",
        "broken unit.yaml",
        "broken unit.yaml, build folder lost",
        "bad data file, published before there was a list of units, build folder lost",
    ],
)
def test_broken_commune_keeps_its_site_while_sibling_is_rebuilt(
    small_country_with_sibling, tmp_path, damage
):
    first = build(small_country_with_sibling, tmp_path)
    assert first.ok
    site = tmp_path / "site"
    broken, sibling = two_communes(first.tree)
    rollup_before = poverty_rollup(site, first.tree, broken)
    before_broken = own_files(site, broken, first.tree)
    before_sibling = own_files(site, sibling, first.tree)
    listing = rename_first_household(sibling, "Nguyễn Văn Mớiđổi")
    if damage.startswith("bad data file"):
        break_budget(broken)
    else:
        (broken.folder / "unit.yaml").write_text("code: [không đóng ngoặc\n", encoding="utf-8")
    if "list of units" in damage:
        (site / "don-vi.csv").unlink()
    if damage.endswith("build folder lost"):
        for stage in (tmp_path / "work" / "stage").iterdir():
            if stage.name == broken.code:
                import shutil

                shutil.rmtree(stage)
            elif stage.name.startswith(f"{broken.code}."):  # its figures went with the folder
                stage.unlink()
    second = build(small_country_with_sibling, tmp_path)
    assert not second.ok
    assert broken.code in second.failed and broken.code in second.kept
    assert sibling.code in second.built
    assert own_files(site, broken, first.tree) == before_broken
    assert own_files(site, sibling, first.tree) != before_sibling
    year = listing.parent.name
    listed = site / sibling.url_path / "ho-ngheo" / f"danh-sach-{year}" / "index.html"
    assert "Mớiđổi" in listed.read_text(encoding="utf-8")
    # Its district rolls up the broken commune's figures as they are published; with nothing staged
    # (its pages kept from the output tree), it shows «—», says why, and its total leaves it out.
    rollup_after = poverty_rollup(site, first.tree, broken)
    if damage.endswith("build folder lost"):
        assert set(rollup_after["row"][1:]) == {"—"}
        assert rollup_after["total"] != rollup_before["total"]
        assert (
            f"Chưa có số liệu năm {rollup_after['year']} (dấu «—»): {broken.title}."
            in rollup_after["note"]
        )
    else:
        assert rollup_after == rollup_before
        assert "—" not in rollup_after["row"]


@pytest.mark.parametrize(
    "mistake",
    [
        "unit.yaml renamed unit.yml",
        "unit.yaml saved as unit.yaml.txt",
        "unit.yaml deleted",
        "dataset folder renamed",
    ],
)
def test_a_renamed_file_or_folder_keeps_what_was_published(
    small_country_with_sibling, tmp_path, mistake
):
    """A renamed unit.yaml or dataset folder used to take the unit's site, or a whole section,
    off the published tree without a word."""
    first = build(small_country_with_sibling, tmp_path)
    assert first.ok
    site = tmp_path / "site"
    broken, sibling = two_communes(first.tree)
    before = own_files(site, broken, first.tree)
    if mistake == "dataset folder renamed":
        (broken.folder / "ho-ngheo").rename(broken.folder / "Ho ngheo")
        expected = (
            broken.shown_folder,
            "thư mục «Ho ngheo» không phải thư mục dữ liệu nên số liệu trong đó "
            "không được đọc: có phải «ho-ngheo»? Hãy đổi tên thư mục",
        )
    elif mistake == "unit.yaml deleted":
        (broken.folder / "unit.yaml").unlink()
        expected = (
            f"{broken.shown_folder}/unit.yaml",
            "không tìm thấy unit.yaml: thư mục này là một đơn vị ở lần "
            "xây dựng trước; hãy đặt lại tệp unit.yaml (trang đã đăng của đơn vị được giữ nguyên)",
        )
    else:
        name = mistake.rsplit(" ", 1)[1]
        (broken.folder / "unit.yaml").rename(broken.folder / name)
        expected = (
            f"{broken.shown_folder}/unit.yaml",
            f"không tìm thấy unit.yaml, chỉ thấy «{name}»: hãy đổi tên "
            "tệp thành unit.yaml (Notepad hay thêm đuôi .txt; hãy bật hiện đuôi tệp để thấy)",
        )
    rename_first_household(sibling, "Nguyễn Văn Mớiđổi")
    second = build(small_country_with_sibling, tmp_path)
    assert broken.code in second.failed and broken.code in second.kept
    assert [(str(p.file), p.message) for p in second.failed[broken.code]] == [expected]
    assert own_files(site, broken, first.tree) == before
    assert sibling.code in second.built


def test_a_commune_renamed_as_its_data_breaks_keeps_its_pages_at_its_new_address(
    small_country_with_sibling, tmp_path
):
    """On a runner without the build folder, a commune renamed in the commit that broke its data
    lost its pages: they were looked for at its new address only. The published list of units
    (don-vi.csv) says where a unit's pages are by its code."""
    first = build(small_country_with_sibling, tmp_path)
    assert first.ok
    site = tmp_path / "site"
    commune, _ = two_communes(first.tree)
    before = own_files(site, commune, first.tree)
    unit_yaml = commune.folder / "unit.yaml"
    unit_yaml.write_text(
        unit_yaml.read_text(encoding="utf-8").replace(f"name: {commune.name}\n", "name: Tân Mới\n"),
        encoding="utf-8",
    )
    break_budget(commune)
    shutil.rmtree(tmp_path / "work")
    second = build(small_country_with_sibling, tmp_path)
    renamed = second.tree.units[commune.code]
    assert renamed.url_path != commune.url_path and renamed.url_path.endswith("-tan-moi/")
    assert commune.code in second.failed and commune.code in second.kept
    assert own_files(site, renamed, second.tree) == before
    assert not (site / commune.url_path).exists()
    listed = {row["Mã đơn vị"]: row["Đường dẫn"] for row in read_csv(site / "don-vi.csv")}
    assert listed[commune.code] == renamed.url_path


def test_a_commune_renamed_in_a_one_unit_build_keeps_its_pages(
    small_country_with_sibling, tmp_path
):
    """`build --only` does not rebuild the top site, so the published list still gives the old
    address: the pages are then looked for at the unit's address now."""
    first = build(small_country_with_sibling, tmp_path)
    site = tmp_path / "site"
    commune, _ = two_communes(first.tree)
    unit_yaml = commune.folder / "unit.yaml"
    unit_yaml.write_text(
        unit_yaml.read_text(encoding="utf-8").replace(f"name: {commune.name}\n", "name: Tân Mới\n"),
        encoding="utf-8",
    )
    alone = build(small_country_with_sibling, tmp_path, only=commune.code)
    renamed = alone.tree.units[commune.code]
    assert alone.built == [commune.code]
    listed = {row["Mã đơn vị"]: row["Đường dẫn"] for row in read_csv(site / "don-vi.csv")}
    assert listed[commune.code] == commune.url_path != renamed.url_path  # the list is the old one
    before = own_files(site, renamed, alone.tree)
    break_budget(commune)
    shutil.rmtree(tmp_path / "work")
    second = build(small_country_with_sibling, tmp_path)
    assert commune.code in second.kept
    assert own_files(site, renamed, second.tree) == before


def test_a_failed_commune_never_takes_another_units_pages(small_country_with_sibling, tmp_path):
    """Two communes swap names and one's data breaks, with no build folder: its address now is
    where the other's pages were published; it keeps its own, found by its code."""
    first = build(small_country_with_sibling, tmp_path)
    site = tmp_path / "site"
    one, other = two_communes(first.tree)
    own_before, other_before = own_files(site, one, first.tree), own_files(site, other, first.tree)
    for unit, name in ((one, other.name), (other, one.name)):
        unit_yaml = unit.folder / "unit.yaml"
        unit_yaml.write_text(
            unit_yaml.read_text(encoding="utf-8").replace(
                f"name: {unit.name}\n", f"name: {name}\n"
            ),
            encoding="utf-8",
        )
        rename_in_datasets(unit.folder, unit.in_text, f"{unit.type} {name}")
    break_budget(one)
    shutil.rmtree(tmp_path / "work")
    second = build(small_country_with_sibling, tmp_path)
    assert one.code in second.kept and other.code in second.built
    assert second.tree.units[one.code].url_path == other.url_path
    assert own_files(site, second.tree.units[one.code], second.tree) == own_before
    assert own_files(site, second.tree.units[other.code], second.tree) != other_before


def poverty_rollup(site, tree, commune) -> dict:
    """The commune's row, the total row and the note of its district's latest poverty rollup."""
    district = tree.units[commune.parent]
    year = max(
        int(p.name.removeprefix("tong-hop-"))
        for p in (site / district.url_path / "ho-ngheo").glob("tong-hop-*")
    )
    doc = page(site, f"{district.url_path}ho-ngheo/tong-hop-{year}")
    table = doc.find("table", attrs={"data-ck-rollup": True})
    note = table.find_next("p")
    return {
        "year": year,
        "row": row_by_label(table, commune.title),
        "total": row_by_label(table, "Tổng cộng"),
        "note": note.get_text(" ", strip=True) if note else "",
    }


def test_build_command_reports_kept_units_and_fails(small_country_with_sibling, tmp_path):
    command = [
        sys.executable,
        "-m",
        "generator",
        "build",
        "--data",
        str(small_country_with_sibling),
        "--output",
        str(tmp_path / "site"),
        "--work",
        str(tmp_path / "work"),
        "-j",
        "2",
    ]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    assert subprocess.run(command, capture_output=True, env=env).returncode == 0
    first = build(small_country_with_sibling, tmp_path / "probe", jobs=1, only=None)
    broken, _ = two_communes(first.tree)
    break_budget(broken)
    outcome = subprocess.run(command, capture_output=True, text=True, env=env)
    assert outcome.returncode == 1
    assert "1 đơn vị giữ nguyên bản đã đăng trước đó, 1 đơn vị lỗi" in outcome.stdout
    assert (
        f"- {broken.title} ({broken.code}) (giữ nguyên trang đã đăng trước đó):" in outcome.stdout
    )
    assert "Traceback" not in outcome.stdout + outcome.stderr


# Where a rebuild of one changed commune is killed, in the order a build reaches them (each kill
# leaves the work folder as it was at that moment, for the next build to start from).
KILL_POINTS = [
    ("open", "danh-sach.csv", "old"),  # reading the data
    ("open", "/stage/{code}.new/", "old"),  # MkDocs writing the commune's site
    ("ctypes.dlsym", "/stage/{code}", "old"),  # swapping its staged site in
    ("os.remove", "site.prev", "old"),  # removing its old pages from the spare tree
    ("os.link", "site.prev", "old"),  # placing its new pages in the spare tree
    ("ctypes.dlsym", "site.prev", "old"),  # swapping the output tree
    ("open", "units.json w", "new"),  # after the swap, remembering the units
]


def test_killed_build_leaves_old_or_new_tree_never_a_mix(data_copy, tmp_path):
    """A build killed anywhere leaves the published tree as it was or as the build made it, and
    the next build finishes it. Each kill lands at a named point (an audit event the build
    raises), not at a time that may fall before the build starts or after it ends."""
    from generator.model.problems import Problems
    from generator.pipeline.tree import read_tree

    options = ["build", "--data", str(data_copy), "--output", str(tmp_path / "site")]
    options += ["--work", str(tmp_path / "work"), "-j", "2"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    killer = [sys.executable, str(REPO / "tests" / "kill_at.py")]
    assert subprocess.run(killer + ["none", "none", "--", *options], env=env).returncode == 0
    old = digests(tmp_path / "site")
    _, sibling = two_communes(read_tree(data_copy, Problems()))  # the tree a build reads
    rename_first_household(sibling, "Trần Thị Giữachừng")
    seen = []
    for event, text, expected in KILL_POINTS:
        point = [event, *text.format(code=sibling.code).split()]
        ended = subprocess.run(
            killer + [*point, "--", *options],
            env=env,
            capture_output=True,
            start_new_session=True,
        )
        assert ended.returncode == -signal.SIGKILL, (point, ended.stderr.decode()[-2000:])
        seen.append((event, text, expected, digests(tmp_path / "site")))
    assert subprocess.run(killer + ["none", "none", "--", *options], env=env).returncode == 0
    new = digests(tmp_path / "site")
    assert new != old
    lists = (tmp_path / "site" / sibling.url_path).rglob("*.html")
    assert any("Trần Thị Giữachừng" in p.read_text(encoding="utf-8") for p in lists)
    for event, text, expected, tree in seen:
        assert tree == {"old": old, "new": new}[expected], (event, text)
    # A build that is not killed, after all that, publishes what a clean build does.
    clean = tmp_path / "clean"
    assert (
        subprocess.run(
            [sys.executable, "-m", "generator", *options[:3], "--output", str(clean / "site")]
            + ["--work", str(clean / "work")],
            env=env,
            capture_output=True,
        ).returncode
        == 0
    )
    assert digests(clean / "site") == new


def test_a_unit_taken_out_of_the_data_is_unpublished_and_the_build_says_so(
    small_country_with_sibling, tmp_path, capsys
):
    """A commune's folder deleted (merged away, or by mistake) took its pages off the published
    tree without a word in the build's summary."""
    from generator.cli import main

    command = [
        "build",
        "--data",
        str(small_country_with_sibling),
        "--output",
        str(tmp_path / "site"),
        "--work",
        str(tmp_path / "work"),
    ]
    first = build(small_country_with_sibling, tmp_path)
    commune, sibling = two_communes(first.tree)
    shutil.rmtree(commune.folder)
    assert main(command) == 0
    out = capsys.readouterr().out
    assert (
        f"Đã gỡ trang của 1 đơn vị không còn trong {small_country_with_sibling}/ (nếu thư mục "
        "của đơn vị bị xóa hay chuyển ra ngoài do nhầm lẫn, hãy đặt lại rồi xây dựng lại để "
        "đăng lại):\n"
        f"- {commune.title} (mã {commune.code}), trước ở {commune.url_path}\n"
    ) in out
    site = tmp_path / "site"
    assert (
        not (site / commune.url_path).exists()
        and (site / sibling.url_path / "index.html").is_file()
    )
    assert main(command) == 0
    assert "Đã gỡ" not in capsys.readouterr().out  # said once, when it happened


def test_a_damaged_list_of_units_never_stops_the_build(small_country_with_sibling, tmp_path):
    """A stray quote in the published list (about 280 KB for the country) made one field of it
    larger than the csv module reads: every later build stopped with an internal error."""
    first = build(small_country_with_sibling, tmp_path)
    listing = tmp_path / "site" / "don-vi.csv"
    lines = listing.read_text(encoding="utf-8-sig").splitlines()
    listing.write_text(
        "\n".join([lines[0], '"' + lines[1], *lines[2:]] + ["x" * 200_000]), encoding="utf-8"
    )
    break_budget(two_communes(first.tree)[0])
    second = build(small_country_with_sibling, tmp_path)
    assert set(second.failed) == {two_communes(first.tree)[0].code} and second.removed == []


def test_a_unit_whose_unit_yaml_breaks_keeps_its_pages_without_the_work_folder(
    small_country_with_sibling, tmp_path
):
    """Without build/ (its memory of the units) a unit whose unit.yaml no longer reads was not in
    the tree: its pages went off the site, reported as a folder taken out of the data. The
    published list says who it was."""
    first = build(small_country_with_sibling, tmp_path)
    site = tmp_path / "site"
    commune, sibling = two_communes(first.tree)
    before = own_files(site, commune, first.tree)
    (commune.folder / "unit.yaml").write_text("code: [không đóng ngoặc\n", encoding="utf-8")
    shutil.rmtree(tmp_path / "work")
    second = build(small_country_with_sibling, tmp_path)
    assert commune.code in second.failed and commune.code in second.kept and second.removed == []
    assert own_files(site, commune, first.tree) == before


@pytest.mark.parametrize("work_folder", ["kept", "lost"])
def test_a_unit_moved_to_another_level_with_bad_data_says_why_its_pages_go(
    small_country_with_sibling, tmp_path, work_folder
):
    """Pages built for one depth link to the theme and to other units relatively: kept at
    another depth they were unstyled and their links broken. They are not kept, and the unit's
    failure says so."""
    first = build(small_country_with_sibling, tmp_path)
    commune, _ = two_communes(first.tree)
    province = first.tree.units[first.tree.units[commune.parent].parent]
    moved = province.folder / commune.folder.name
    commune.folder.rename(moved)
    break_budget(dataclasses.replace(commune, folder=moved))
    if work_folder == "lost":
        shutil.rmtree(tmp_path / "work")
    second = build(small_country_with_sibling, tmp_path)
    assert second.tree.units[commune.code].depth == commune.depth - 1
    assert commune.code in second.failed and commune.code not in second.kept
    at = f" ở {commune.url_path}" if work_folder == "lost" else ""
    assert (
        f"trang đã đăng{at} không giữ được vì đơn vị đã chuyển sang cấp khác; hãy sửa lỗi "
        "ở trên để trang được xây dựng lại ở địa chỉ mới"
    ) in second.failed[commune.code]
    assert only_placeholders(tmp_path / "site" / second.tree.units[commune.code].url_path)
    # Its province does not count figures whose pages are gone, in this build or the next.
    moved_commune = second.tree.units[commune.code]
    assert set(poverty_rollup(tmp_path / "site", second.tree, moved_commune)["row"][1:]) == {"—"}
    third = build(small_country_with_sibling, tmp_path)
    assert set(poverty_rollup(tmp_path / "site", third.tree, moved_commune)["row"][1:]) == {"—"}


def test_a_copied_commune_folder_never_blocks_the_commune_it_was_copied_from(data_copy, tmp_path):
    """Staff add a commune by copying one (data/README, 7.4) and forget its code: the copy, not
    the commune that published under the code, is refused, even when the copy is read first."""
    province = data_copy / "tinh-binh-son"
    first = build(data_copy, tmp_path / "out")
    assert first.ok, first.failed
    site = tmp_path / "out" / "site"
    original = province / "xa-xuan-loc"
    copy = province / "xa-a-moi"  # before it in name order
    shutil.copytree(original, copy)
    findings = original / "giam-sat" / "2025" / "ket-qua.csv"
    text = findings.read_text(encoding="utf-8-sig")
    first_row = text.splitlines()[1]
    changed = first_row.replace(first_row.split(",")[1], "Nội dung đã sửa lần hai", 1)
    findings.write_text(text.replace(first_row, changed, 1), encoding="utf-8")
    second = build(data_copy, tmp_path / "out")
    assert "99204" in second.built, (second.built, second.failed)
    refused = [p for p in second.problems.errors if p.code == "unit-code-duplicate"]
    assert [(p.file, p.value) for p in refused] == [("tinh-binh-son/xa-a-moi/unit.yaml", "99204")]
    assert "tinh-binh-son/xa-xuan-loc" in refused[0].message
    assert "Nội dung đã sửa lần hai" in (
        site / "tinh-binh-son/xa-xuan-loc/giam-sat/2025/index.html"
    ).read_text(encoding="utf-8")
    assert not (site / "tinh-binh-son/xa-a-moi").exists()


def test_a_name_typed_with_its_type_or_a_renamed_unit_is_told(data_copy, tmp_path):
    """«Phường Bình Minh» as a ward's name is refused (it would read «Phường Phường Bình Minh» at
    a new address); a real rename is built and warned about: its old pages go unless its old
    address is given."""
    unit_yaml = data_copy / "tinh-binh-son" / "phuong-binh-minh" / "unit.yaml"
    text = unit_yaml.read_text(encoding="utf-8")
    first = build(data_copy, tmp_path / "out")
    assert first.ok, first.failed
    site = tmp_path / "out" / "site"
    unit_yaml.write_text(text.replace("name: Bình Minh", "name: Phường Bình Minh"), "utf-8")
    second = build(data_copy, tmp_path / "out")
    problems = [p for p in second.problems.errors if p.code == "unit-name-has-type"]
    assert [(p.column, p.value) for p in problems] == [("name (tên đơn vị)", "Phường Bình Minh")]
    assert "hãy ghi name: Bình Minh" in problems[0].message
    assert (site / "tinh-binh-son/phuong-binh-minh/index.html").is_file()
    assert not (site / "tinh-binh-son/phuong-phuong-binh-minh").exists()
    unit_yaml.write_text(text.replace("name: Bình Minh", "name: Bình Minh Mới"), "utf-8")
    third = build(data_copy, tmp_path / "out")
    warned = [p for p in third.problems.warnings if p.code == "unit-address-changed"]
    assert [dict(p.details) for p in warned] == [
        {
            "old": "tinh-binh-son/phuong-binh-minh",
            "new": "tinh-binh-son/phuong-binh-minh-moi",
        }
    ]
    assert (site / "tinh-binh-son/phuong-binh-minh-moi/index.html").is_file()


@pytest.mark.parametrize("cut", ["units.json", "stage/99101/.congkhai-sha256"])
def test_a_work_file_cut_short_by_a_killed_build_is_made_again(small_country, tmp_path, cut):
    """A build killed while writing the units' memory or a staged site's digests left an empty
    file that every later build failed on (the review's attack, with strace)."""
    first = build(small_country, tmp_path / "out")
    assert first.ok, first.failed
    site = tmp_path / "out" / "site"
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    (tmp_path / "out" / "work" / cut).write_bytes(b"")
    second = build(small_country, tmp_path / "out")
    assert second.ok, second.failed
    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before


def test_a_work_folder_older_than_the_published_tree_never_brings_back_older_pages(
    small_country, tmp_path
):
    """A build cache restored from an older run (CI restores the last saved one): a commune that
    fails keeps what is published, not the older pages its stale stage holds (the review's
    attack: a count went back from 640 to 540 on the commune's page)."""
    counts = next(small_country.rglob("ho-ngheo/2025/so-ho-theo-thon.csv"))
    text = counts.read_text(encoding="utf-8-sig")
    line = next(row for row in text.splitlines() if row.startswith("T01,"))
    old, new = line.split(",")[1], str(int(line.split(",")[1]) + 100)
    first = build(small_country, tmp_path / "out")
    assert first.ok, first.failed
    stale = tmp_path / "stale-work"
    shutil.copytree(tmp_path / "out" / "work", stale)  # the cache saved after that first run
    counts.write_text(text.replace(line, f"T01,{new}"), encoding="utf-8")
    second = build(small_country, tmp_path / "out")
    assert second.ok, second.failed
    site = tmp_path / "out" / "site"
    published = next(site.rglob("ho-ngheo/2025-so-ho-theo-thon.csv"))
    assert f",{new}" in published.read_text(encoding="utf-8-sig")
    # the next run's data breaks, and it starts from the older cache
    counts.write_text(text.replace(line, f"T01,{new}") + "T99,abc\n", encoding="utf-8")
    shutil.rmtree(tmp_path / "out" / "work")
    shutil.copytree(stale, tmp_path / "out" / "work")
    third = build(small_country, tmp_path / "out")
    assert third.failed and third.kept, (third.failed, third.kept)
    kept = published.read_text(encoding="utf-8-sig")
    assert f",{new}" in kept and f",{old}\r" not in kept and not kept.endswith(f",{old}\n")
