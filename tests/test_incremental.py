"""Incremental builds: only what changed is rebuilt, and the result equals a clean build."""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import time

from generator.pipeline import cache as build_cache
from tests.conftest import SAMPLE_DATA, build
from tests.pages import number, only_placeholders
from tests.test_rollups import poverty_counts, rollup_rows


def digests(root):
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_one_commune_change_rebuilds_it_and_its_ancestors_only(
    small_country_with_sibling, tmp_path
):
    first = build(small_country_with_sibling, tmp_path / "inc")
    assert first.ok and len(first.built) == len(list(first.tree))
    again = build(small_country_with_sibling, tmp_path / "inc")
    assert again.built == [] and "_root" in again.unchanged
    commune = next(u for u in first.tree if u.depth == 3)
    listing = sorted((commune.folder / "ho-ngheo").glob("*/danh-sach.csv"))[-1]
    lines = listing.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(lines[1].split(",")[0], "Đinh Thị Thay Đổi", 1)
    listing.write_text("\n".join(lines) + "\n", encoding="utf-8")
    renamed = build(small_country_with_sibling, tmp_path / "inc")
    # a name is on the commune's pages only, not in rollups; the province (the tree's top unit)
    # joins its communes' tables into its open data, so it is made again from their new files
    province = next(u for u in first.tree if u.parent is None)
    assert sorted(renamed.built) == sorted([commune.code, province.code])
    totals = listing.with_name("so-ho-theo-thon.csv")
    lines = totals.read_text(encoding="utf-8").splitlines()
    village, households = lines[1].split(",")
    lines[1] = f"{village},{int(households) + 7}"
    totals.write_text("\n".join(lines) + "\n", encoding="utf-8")
    recounted = build(
        small_country_with_sibling, tmp_path / "inc"
    )  # the rollups above it show the new total
    ancestors = [a.code for a in first.tree.ancestors(commune)]
    assert sorted(recounted.built) == sorted([commune.code, *ancestors]) and len(ancestors) == 2
    clean = build(small_country_with_sibling, tmp_path / "clean")
    assert clean.ok
    assert digests(tmp_path / "inc" / "site") == digests(tmp_path / "clean" / "site")


def test_generator_change_invalidates_every_unit(small_country, tmp_path, monkeypatch):
    first = build(small_country, tmp_path)
    template = tmp_path / "pretend-template.md.j2"
    template.write_text("một", encoding="utf-8")
    monkeypatch.setattr(
        build_cache, "FINGERPRINT_SOURCES", [*build_cache.FINGERPRINT_SOURCES, template]
    )
    changed_template = build(small_country, tmp_path)
    assert sorted(changed_template.built) == sorted(u.code for u in first.tree)
    monkeypatch.setattr("generator.__version__", "99.0.0")
    changed_version = build(small_country, tmp_path)
    assert sorted(changed_version.built) == sorted(u.code for u in first.tree)
    # a library that shapes the pages, upgraded (Python-Markdown here)
    installed = build_cache.version
    monkeypatch.setattr(
        build_cache, "version", lambda name: "99.0" if name == "markdown" else installed(name)
    )
    changed_library = build(small_country, tmp_path)
    assert sorted(changed_library.built) == sorted(u.code for u in first.tree)


def test_a_guide_edit_rebuilds_the_top_site_only(small_country, tmp_path, monkeypatch):
    import shutil

    from generator.render import site_pages

    guides = tmp_path / "docs"
    shutil.copytree(site_pages.SHARED_DOCS, guides)
    monkeypatch.setattr(site_pages, "SHARED_DOCS", guides)
    first = build(small_country, tmp_path / "inc")
    glossary = guides / "thuat-ngu.md"
    glossary.write_text(
        glossary.read_text(encoding="utf-8") + "\nMột dòng sửa trong hướng dẫn.\n", encoding="utf-8"
    )
    edited = build(small_country, tmp_path / "inc")
    assert edited.ok and edited.built == [] and "_root" not in edited.unchanged
    assert sorted(edited.unchanged) == sorted(u.code for u in first.tree)
    page = tmp_path / "inc" / "site" / "huong-dan" / "thuat-ngu" / "index.html"
    assert "Một dòng sửa trong hướng dẫn." in page.read_text(encoding="utf-8")
    assert build(small_country, tmp_path / "clean").ok
    assert digests(tmp_path / "inc" / "site") == digests(tmp_path / "clean" / "site")


def test_shards_merged_equal_the_full_build(data_copy, tmp_path, capsys):
    from generator.cli import main

    full = build(data_copy, tmp_path / "full")
    assert full.ok
    leaves = {u.code for u in full.tree if not u.needs_below}  # built in shards
    shards = []
    for k in (1, 2, 3):
        work = tmp_path / f"shard-{k}"
        assert (
            main(
                [
                    "build",
                    "--data",
                    str(data_copy),
                    "--work",
                    str(work),
                    "--shard",
                    f"{k}/3",
                    "-j",
                    "1",
                ]
            )
            == 0
        )
        shards.append({p.stem for p in (work / "stage").glob("*.key")})
        assert not (tmp_path / "site").exists()  # a shard publishes nothing by itself
    assert set().union(*shards) == leaves and sum(map(len, shards)) == len(leaves)  # each leaf once
    assert all(shards)
    merged_site = tmp_path / "merged" / "site"
    assert (
        main(
            [
                "merge",
                *[str(tmp_path / f"shard-{k}") for k in (1, 2, 3)],
                "--data",
                str(data_copy),
                "--output",
                str(merged_site),
                "--work",
                str(tmp_path / "merged" / "work"),
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    parents = len(full.tree.units) - len(leaves)
    assert f"Đã nhận {len(leaves)} đơn vị từ 3 phần." in out
    assert f"Tổng kết: {parents} đơn vị xây dựng mới, {len(leaves)} đơn vị không đổi" in out
    assert digests(merged_site) == digests(tmp_path / "full" / "site")


def test_a_merge_takes_from_each_shard_only_the_communes_it_was_given(
    small_country_with_sibling, tmp_path, capsys
):
    """A shard's cached work folder still holds communes it built before the split moved them to
    another shard. A commune whose data is now bad keeps its last pages: those of the shard it
    was given to, never the older ones, whatever the order of the shards."""
    from generator.cli import main
    from tests.test_last_good import break_budget

    def shard(spec, work):
        assert (
            main(
                [
                    "build",
                    "--data",
                    str(small_country_with_sibling),
                    "--work",
                    str(work),
                    "--shard",
                    spec,
                    "-j",
                    "1",
                ]
            )
            == 0
        )

    first, second = tmp_path / "shard-1", tmp_path / "shard-2"
    shard("1/1", first)  # an earlier run with one shard: every commune is in shard-1's folder
    tree = build(small_country_with_sibling, tmp_path / "full").tree
    moved = next(
        u for u in tree if u.is_leaf and u.code in _given(small_country_with_sibling, "2/2")
    )
    listing = rename_household(moved, "Đinh Thị Mớinhất")
    shard("1/2", first)
    shard("2/2", second)
    break_budget(moved)  # bad data when the merge reads it
    merged = tmp_path / "merged"
    assert (
        main(
            [
                "merge",
                str(second),
                str(first),
                "--data",
                str(small_country_with_sibling),
                "--output",
                str(merged / "site"),
                "--work",
                str(merged / "work"),
                "-j",
                "1",
            ]
        )
        == 1
    )
    leaves = sum(u.is_leaf for u in tree)
    assert f"Đã nhận {leaves} đơn vị từ 2 phần." in capsys.readouterr().out  # each once
    page = (
        merged
        / "site"
        / moved.url_path
        / "ho-ngheo"
        / f"danh-sach-{listing.parent.name}"
        / "index.html"
    )
    assert "Đinh Thị Mớinhất" in page.read_text(encoding="utf-8")


def _given(data, spec):
    from generator.model.problems import Problems
    from generator.pipeline.shards import parse_shard, shard_leaves
    from generator.pipeline.tree import read_tree

    return shard_leaves([u for u in read_tree(data, Problems()) if u.is_leaf], *parse_shard(spec))


def rename_household(unit, name):
    listing = sorted((unit.folder / "ho-ngheo").glob("*/danh-sach.csv"))[-1]
    lines = listing.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(lines[1].split(",")[0], name, 1)
    listing.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return listing


def test_shards_with_no_communes_and_a_shard_in_the_merge_work_folder(
    small_country, tmp_path, capsys
):
    from generator.cli import main

    full = build(small_country, tmp_path / "full")
    leaves = sum(u.is_leaf for u in full.tree)
    n = leaves + 2  # more shards than communes: the last ones are given none, and say so
    works = [tmp_path / f"shard-{k}" for k in range(1, n + 1)]
    for k, work in enumerate(works, 1):
        assert (
            main(
                [
                    "build",
                    "--data",
                    str(small_country),
                    "--work",
                    str(work),
                    "--shard",
                    f"{k}/{n}",
                    "-j",
                    "1",
                ]
            )
            == 0
        )
    assert "Phần 1/" in capsys.readouterr().out
    # `make shard` then `make merge`: the merge's work folder is one of the shards.
    assert (
        main(
            [
                "merge",
                *map(str, works),
                "--data",
                str(small_country),
                "--output",
                str(tmp_path / "site"),
                "--work",
                str(works[0]),
                "-j",
                "1",
            ]
        )
        == 0
    )
    assert f"Đã nhận {leaves} đơn vị từ {n} phần." in capsys.readouterr().out
    assert digests(tmp_path / "site") == digests(tmp_path / "full" / "site")
    assert (
        main(
            [
                "merge",
                str(tmp_path / "full" / "work"),
                "--data",
                str(small_country),
                "--output",
                str(tmp_path / "x"),
            ]
        )
        == 64
    )
    assert (
        "(cần thư mục --work của lệnh build --shard, có tệp shard.json)" in capsys.readouterr().err
    )


def test_a_commune_with_bad_data_keeps_its_figures_through_shards_and_merge(
    small_country_with_sibling, tmp_path, capsys
):
    from generator.cli import main
    from tests.test_last_good import break_budget, poverty_rollup, two_communes

    full = build(small_country_with_sibling, tmp_path / "full")
    broken, _ = two_communes(full.tree)
    before = poverty_rollup(tmp_path / "full" / "site", full.tree, broken)
    shards = [tmp_path / f"shard-{k}" for k in (1, 2)]
    for k, work in enumerate(shards, 1):
        assert (
            main(
                [
                    "build",
                    "--data",
                    str(small_country_with_sibling),
                    "--work",
                    str(work),
                    "--shard",
                    f"{k}/2",
                    "-j",
                    "1",
                ]
            )
            == 0
        )
    break_budget(broken)
    codes = [
        main(
            [
                "build",
                "--data",
                str(small_country_with_sibling),
                "--work",
                str(work),
                "--shard",
                f"{k}/2",
                "-j",
                "1",
            ]
        )
        for k, work in enumerate(shards, 1)
    ]
    assert sorted(codes) == [
        0,
        1,
    ]  # the broken commune's shard says so, and still hands over its work
    merged = tmp_path / "merged"
    assert (
        main(
            [
                "merge",
                *map(str, shards),
                "--data",
                str(small_country_with_sibling),
                "--output",
                str(merged / "site"),
                "--work",
                str(merged / "work"),
                "-j",
                "1",
            ]
        )
        == 1
    )
    assert "(giữ nguyên trang đã đăng trước đó)" in capsys.readouterr().out
    assert poverty_rollup(merged / "site", full.tree, broken) == before


def test_shards_are_balanced_by_data_size(tmp_path):
    from generator.model.problems import Problems
    from generator.pipeline.shards import data_size, parse_shard, shard_leaves
    from generator.pipeline.tree import read_tree
    from generator.tools.sample import build_sample_country

    build_sample_country(
        tmp_path,
        districts=0,
        communes_per_district=0,
        direct_communes=12,
        households=(100, 1500),
        years=(2025,),
    )
    leaves = [u for u in read_tree(tmp_path, Problems()) if u.is_leaf]
    sizes = {u.code: data_size(u) for u in leaves}
    shares = [shard_leaves(leaves, k, 3) for k in (1, 2, 3)]
    assert shares == [shard_leaves(list(reversed(leaves)), k, 3) for k in (1, 2, 3)]  # order-free
    loads = [sum(sizes[c] for c in share) for share in shares]
    assert max(loads) - min(loads) <= max(sizes.values())  # greedy bound: within one unit's size
    assert parse_shard("2/3") == (2, 3)
    for bad in ("0/3", "4/3", "a/b", "2"):
        try:
            parse_shard(bad)
        except ValueError as error:
            assert "k/n" in str(error) or "k phải" in str(error)
        else:
            raise AssertionError(bad)


def test_an_edited_unit_file_is_read_again_when_files_are_old(small_country, tmp_path):
    """unit.yaml files are parsed once and kept while unchanged (build_cache.ParsedYaml); with
    data files old enough to be kept, an edit of the same size is still seen."""
    old = time.time() - 3600
    for path in small_country.rglob("*"):
        os.utime(path, (old, old))
    time.sleep(build_cache.RACY_SECONDS)  # setting a time changes the ctime, which must be old too
    first = build(small_country, tmp_path / "inc")
    assert first.ok and (tmp_path / "inc" / "work" / "unit-files.pickle").is_file()
    commune = next(u for u in first.tree if u.depth == 3)
    unit_file = commune.folder / "unit.yaml"
    text = unit_file.read_text(encoding="utf-8")
    renamed = commune.name[:-1] + ("A" if commune.name[-1] != "A" else "B")
    unit_file.write_text(
        text.replace(f"name: {commune.name}\n", f"name: {renamed}\n", 1), encoding="utf-8"
    )
    assert unit_file.stat().st_size == len(text.encode("utf-8"))
    os.utime(unit_file, (old + 60, old + 60))  # old again, but not the time the cache holds
    again = build(small_country, tmp_path / "inc")
    assert again.ok and again.tree.units[commune.code].name == renamed
    assert commune.code in again.built
    now = again.tree.units[commune.code]  # a new name, a new address (its slug follows the name)
    home = (tmp_path / "inc" / "site" / now.url_path / "index.html").read_text(encoding="utf-8")
    assert renamed in now.title and now.title in home
    moved = commune.folder.with_name(commune.folder.name + "-moi")
    commune.folder.rename(moved)  # staff move a folder: the old path's entry is not kept
    time.sleep(build_cache.RACY_SECONDS)  # the edit's ctime is recent
    build(small_country, tmp_path / "inc")
    _, kept = pickle.loads((tmp_path / "inc" / "work" / "unit-files.pickle").read_bytes())
    assert set(kept) == {str(p) for p in small_country.rglob("unit.yaml")}


def test_an_edit_that_puts_the_old_time_back_is_seen(small_country, tmp_path):
    """cp -p, rsync -t or an unpacked archive write a file and give it back its old modified
    time; of the same size, only the file's ctime says it changed (as in git's index)."""
    old = time.time() - 3600
    for path in small_country.rglob("*"):
        os.utime(path, (old, old))
    time.sleep(build_cache.RACY_SECONDS)
    first = build(small_country, tmp_path / "inc")
    commune = next(u for u in first.tree if u.depth == 3)
    listing = sorted((commune.folder / "ho-ngheo").glob("*/danh-sach.csv"))[-1]
    before = listing.stat()
    text = listing.read_text(encoding="utf-8")
    name = text.splitlines()[1].split(",")[0]
    listing.write_text(
        text.replace(name, name[:-1] + ("A" if name[-1] != "A" else "B"), 1), encoding="utf-8"
    )
    os.utime(listing, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = listing.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size,
        before.st_mtime_ns,
        before.st_ino,
    )
    time.sleep(build_cache.RACY_SECONDS)
    again = build(small_country, tmp_path / "inc")
    province = next(u for u in first.tree if u.parent is None)  # its open data: see above
    assert sorted(again.built) == sorted([commune.code, province.code])


def test_an_empty_dataset_folder_is_seen(small_country, tmp_path):
    """A year folder made before its files are copied in is an error in a clean build, and must
    be in an incremental one."""
    first = build(small_country, tmp_path / "inc")
    commune = next(u for u in first.tree if u.depth == 3)
    (commune.folder / "ho-ngheo" / "2026").mkdir()
    again = build(small_country, tmp_path / "inc")
    assert not again.ok and commune.code in again.failed
    assert again.failed == build(small_country, tmp_path / "clean").failed


def test_a_build_killed_before_its_swap_leaves_nothing_that_misleads_the_next(
    small_country, tmp_path
):
    """Killed after a unit's pages were checksummed, before they replaced the old ones: the
    half-made stage keeps its hidden checksum list (MkDocs cleans a site folder but keeps hidden
    files), which listed files the next build no longer makes."""
    from generator.pipeline.checksums import STAGE_SUMS

    first = build(small_country, tmp_path / "inc")
    commune = next(u for u in first.tree if u.depth == 3)
    left = tmp_path / "inc" / "work" / "stage" / f"{commune.code}.new"
    left.mkdir()
    (left / STAGE_SUMS).write_text('{"trang-da-bo/index.html": "00"}', encoding="utf-8")
    rename_household(commune, "Đinh Thị Saukhidừng")
    again = build(small_country, tmp_path / "inc")
    assert again.ok and commune.code in again.built
    assert build(small_country, tmp_path / "clean").ok
    assert digests(tmp_path / "inc" / "site") == digests(tmp_path / "clean" / "site")


def test_a_freed_code_never_brings_back_the_old_units_pages(small_country, tmp_path):
    """A commune given another code frees its old one; a new commune given that code, with bad
    data, has nothing published to keep, and its district does not count the old one's figures."""
    from generator.model.problems import Problems
    from generator.pipeline.tree import read_tree
    from tests.test_last_good import break_budget

    first = build(small_country, tmp_path / "inc")
    commune = next(u for u in first.tree if u.depth == 3)
    unit_file = commune.folder / "unit.yaml"
    unit_file.write_text(
        unit_file.read_text(encoding="utf-8").replace(f'code: "{commune.code}"', 'code: "99199"'),
        encoding="utf-8",
    )
    moved = build(small_country, tmp_path / "inc")
    assert moved.ok and "99199" in moved.tree.units and commune.code not in moved.tree.units
    newcomer = commune.folder.with_name("xa-moi-lap")
    shutil.copytree(commune.folder, newcomer)
    (newcomer / "unit.yaml").write_text(
        (newcomer / "unit.yaml")
        .read_text(encoding="utf-8")
        .replace('code: "99199"', f'code: "{commune.code}"')
        .replace(f"name: {commune.name}\n", "name: Mới Lập\n"),
        encoding="utf-8",
    )
    new_unit = next(u for u in read_tree(small_country, Problems()) if u.folder == newcomer)
    assert new_unit.code == commune.code and new_unit.name == "Mới Lập"
    break_budget(new_unit)
    after = build(small_country, tmp_path / "inc")
    assert commune.code in after.failed and commune.code not in after.kept
    site = tmp_path / "inc" / "site"
    assert only_placeholders(site / new_unit.url_path)
    # The newcomer holds a copy of the renamed commune's households: counted, they would double.
    renamed, district = after.tree.units["99199"], after.tree.units[new_unit.parent]
    year = max(int(p.name) for p in (renamed.folder / "ho-ngheo").iterdir() if p.name.isdigit())
    total = rollup_rows(site, district, "ho-ngheo", year)["Tổng cộng"]
    assert number(total[2]) == poverty_counts(renamed, year)["poor"] > 0


def test_the_sample_banner_follows_the_data(small_country, tmp_path):
    build(small_country, tmp_path / "inc")
    for unit_file in small_country.rglob("unit.yaml"):
        text = unit_file.read_text(encoding="utf-8")
        assert "sample: true" in text
        unit_file.write_text(text.replace("sample: true", "sample: false"), encoding="utf-8")
    assert build(small_country, tmp_path / "inc").ok
    site = tmp_path / "inc" / "site"
    assert not [p for p in site.rglob("*.html") if "Dữ liệu mẫu" in p.read_text(encoding="utf-8")]


def test_a_renamed_district_leaves_no_empty_folder(small_country_with_sibling, tmp_path):
    first = build(small_country_with_sibling, tmp_path / "inc")
    district = next(u for u in first.tree if u.depth == 2 and u.children)
    unit_file = district.folder / "unit.yaml"
    unit_file.write_text(
        unit_file.read_text(encoding="utf-8").replace(
            f"name: {district.name}\n", "name: Tân Lập\n"
        ),
        encoding="utf-8",
    )
    assert build(small_country_with_sibling, tmp_path / "inc").ok
    assert not (tmp_path / "inc" / "site" / district.url_path).exists()
    assert build(small_country_with_sibling, tmp_path / "clean").ok
    folders = {
        p.relative_to(tmp_path / "inc" / "site")
        for p in (tmp_path / "inc" / "site").rglob("*")
        if p.is_dir()
    }
    assert folders == {
        p.relative_to(tmp_path / "clean" / "site")
        for p in (tmp_path / "clean" / "site").rglob("*")
        if p.is_dir()
    }


def test_two_builds_in_one_work_folder_take_turns(small_country, tmp_path):
    """The second waits for the first instead of overwriting its stages."""
    import subprocess
    import sys

    from generator.pipeline.lock import exclusive

    work = tmp_path / "inc" / "work"
    command = [
        sys.executable,
        "-m",
        "generator",
        "build",
        "--data",
        str(small_country),
        "--output",
        str(tmp_path / "inc" / "site"),
        "--work",
        str(work),
        "-j",
        "1",
    ]
    with exclusive(work):
        waiting = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        time.sleep(3)
        assert waiting.poll() is None  # it waits while this build holds the folder
    out, err = waiting.communicate(timeout=300)
    assert waiting.returncode == 0, err
    assert f"Một lần xây dựng khác đang dùng thư mục {work}; đang chờ lần đó xong…" in err
    assert "Tổng kết: 3 đơn vị xây dựng mới" in out  # every unit of the small country


def test_a_worker_left_by_a_killed_build_does_not_hold_the_folder(tmp_path):
    """Forked workers outlive a main process killed by the OOM killer or `kill -9`; the lock is
    the main process's alone, so the next build does not wait for them forever."""
    import signal
    import subprocess
    import sys

    work = tmp_path / "work"
    take = (
        "from pathlib import Path\nfrom generator.pipeline.lock import exclusive\n"
        f"with exclusive(Path({str(work)!r})):\n"
    )
    killed = subprocess.run(
        [
            sys.executable,
            "-c",
            take
            + (
                "    import os, time\n    pid = os.fork()\n"
                "    if pid == 0:\n        os.close(1)\n        os.close(2)\n"
                "        time.sleep(60)\n        os._exit(0)\n"
                "    print(pid, flush=True)\n    os._exit(0)\n"
            ),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    worker = int(killed.stdout)
    try:
        os.kill(worker, 0)  # still alive, with the lock file open
        # waits, and fails the test, if the worker still held it
        after = subprocess.run(
            [sys.executable, "-c", take + "    print('ok')\n"],
            capture_output=True,
            text=True,
            timeout=20,
        )
        assert after.stdout == "ok\n" and "đang chờ" not in after.stderr
    finally:
        os.kill(worker, signal.SIGKILL)


def test_workers_of_a_killed_build_end_with_it(data_copy, tmp_path):
    """Workers of a build killed outright waited for jobs forever, idle, holding their memory."""
    import signal
    import subprocess
    import sys

    from generator.tools.bench import process_tree

    def running(pid):
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
                return stat.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has ended
        except OSError:
            return False

    build = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator",
            "build",
            "--data",
            str(data_copy),
            "--output",
            str(tmp_path / "site"),
            "--work",
            str(tmp_path / "work"),
            "-j",
            "2",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while len(workers := process_tree(build.pid)[1:]) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert len(workers) >= 2
    build.send_signal(signal.SIGKILL)
    build.wait()
    deadline = time.monotonic() + 10
    while any(map(running, workers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in workers if running(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left


def test_theme_listing_kept_while_the_generator_is_unchanged(tmp_path):
    """The theme's static files are listed once and kept in the work folder; a new fingerprint
    (another theme or Material version) or a moved file lists them again."""
    import json

    from generator.pipeline.mkdocs import theme_files

    cache = tmp_path / "theme-files.json"
    fresh = theme_files()
    assert len(fresh) > 40 and any(uri == "assets/stylesheets/congkhai.css" for uri, _ in fresh)
    assert theme_files(cache, "one") == fresh and cache.is_file()
    stored = json.loads(cache.read_text(encoding="utf-8"))
    stored["files"] = stored["files"][:3]  # a listing this build did not make: kept while it holds
    cache.write_text(json.dumps(stored), encoding="utf-8")
    assert len(theme_files(cache, "one")) == 3
    assert theme_files(cache, "two") == fresh  # the generator changed: listed again
    stored = json.loads(cache.read_text(encoding="utf-8"))
    assert stored["fingerprint"] == "two"
    stored["files"][0][1] = str(tmp_path / "gone.css")
    cache.write_text(json.dumps(stored), encoding="utf-8")
    assert theme_files(cache, "two") == fresh  # a listed file is gone: listed again
    # cut short by a killed build
    cache.write_text('{"fingerprint": "two", "files": [', encoding="utf-8")
    assert theme_files(cache, "two") == fresh


def test_a_worker_keeps_no_trace_of_each_unit_it_built(tmp_path):
    """A worker builds many units with one theme environment: a unit's plugin must not stay
    reachable from it (each unit used to wrap the last unit's script_tag filter: a chain of every
    unit built, so a worker's memory grew with the number of communes)."""
    import gc
    import weakref

    from mkdocs.utils.templates import script_tag_filter

    from generator.pipeline import mkdocs as mkdocs_build

    plugins = []
    original_init = mkdocs_build.SharedThemeFiles.__init__

    def remember(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        plugins.append(weakref.ref(self))

    mkdocs_build.SharedThemeFiles.__init__ = remember
    try:
        # in this process: its environment is inspectable
        result = build(SAMPLE_DATA, tmp_path, jobs=1)
    finally:
        mkdocs_build.SharedThemeFiles.__init__ = original_init
    assert result.ok and len(plugins) == len(list(result.tree)) + 1  # every unit and the top page
    gc.collect()
    alive = [i for i, ref in enumerate(plugins) if ref() is not None]
    # Only a fixed few: the last unit's (in the filters until the next unit replaces them) and,
    # when this process made the environment, the first's (Jinja keeps the globals a cached
    # template was first loaded with).
    assert set(alive) <= {0, len(plugins) - 1}
    for env in mkdocs_build._THEME_ENVS.values():
        assert env.filters["script_tag"].wrapped is script_tag_filter
