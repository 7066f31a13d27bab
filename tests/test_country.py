"""A country of several provinces, as `congkhai synth` makes for the benchmark: every province
its own site, the top page a heading for each, and a change inside one province rebuilding that
province only."""

from __future__ import annotations

import pytest

from generator.cli import main
from generator.model.problems import Problems
from generator.pipeline.tree import read_tree
from generator.tools.bench import provinces_for
from generator.tools.sample import build_sample_country
from tests.conftest import build
from tests.pages import soup


def test_synth_shares_communes_among_provinces_as_the_country_does(tmp_path, capsys):
    assert main(["synth", "--communes", "7", "--provinces", "3", "--out", str(tmp_path / "c")]) == 0
    assert "Đã tạo 7 xã giả lập thuộc 3 tỉnh" in capsys.readouterr().out
    problems = Problems()
    tree = read_tree(tmp_path / "c", problems)
    assert not problems.errors
    provinces = [tree.units[c] for c in tree.roots]
    assert sorted(p.code for p in provinces) == ["97", "98", "99"]
    assert sorted(len(p.children) for p in provinces) == [2, 2, 3]
    assert all(tree.units[c].is_leaf for p in provinces for c in p.children)
    offices = [u.office for u in tree]
    assert len({o["phone"] for o in offices}) == len(offices)
    for province in provinces:  # each province's units write from its own mail domain
        domain = province.office["email"].split("@")[1]
        assert all(tree.units[c].office["email"].endswith("@" + domain) for c in province.children)
    assert len({p.office["email"] for p in provinces}) == 3
    # By default a province for about every 98 communes: 3,321 communes in 34 provinces.
    assert [provinces_for(n) for n in (7, 100, 1000, 3321, 80_000)] == [1, 1, 10, 34, 74]
    with pytest.raises(SystemExit) as usage:
        main(["synth", "--communes", "7", "--provinces", "0", "--out", str(tmp_path / "d")])
    assert usage.value.code == 64  # a usage error, not the internal error's 2
    assert "cần một số nguyên từ 1 đến 74" in capsys.readouterr().err
    assert not (tmp_path / "d").exists()


@pytest.mark.parametrize("jobs", ["0", "-2", "hai", "257"])
def test_a_wrong_number_of_workers_is_refused_in_vietnamese(jobs, tmp_path, capsys):
    for command in (["build", "--data", str(tmp_path / "data")], ["merge", str(tmp_path / "w")]):
        with pytest.raises(SystemExit) as usage:
            main([*command, "--output", str(tmp_path / "site"), "-j", jobs])
        assert usage.value.code == 64
        assert "lỗi: tham số -j/--jobs: cần một số nguyên từ 1 đến 256" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


def test_a_country_of_provinces_builds_and_rebuilds_one_province(tmp_path):
    data = tmp_path / "data"
    build_sample_country(
        data,
        districts=0,
        communes_per_district=0,
        direct_communes=5,
        provinces=2,
        households=(30, 60),
        years=(2025,),
    )
    first = build(data, tmp_path / "out")
    assert first.ok, first.failed
    provinces = [first.tree.units[c] for c in first.tree.roots]
    top = soup(tmp_path / "out" / "site" / "index.html")
    headings = top.select("article h2")
    assert [h.get_text(strip=True) for h in headings] == [p.title for p in provinces]
    for heading, province in zip(headings, provinces, strict=True):
        assert heading.a["href"] == province.url_path
        assert heading.find_next("p").get_text(strip=True) == (
            f"Mã {province.code}; {len(province.children)} xã, phường, thị trấn."
        )
        listed = heading.find_next("table").select("tbody th a")
        assert [a["href"] for a in listed] == [
            u.url_path for u in [province, *first.tree.descendants(province)]
        ]
    assert [a.get_text(strip=True) for a in top.select("[data-md-type=toc] a")] == [
        p.title for p in provinces
    ]

    # One household more in a commune of the second province: that commune and its province only.
    commune = first.tree.units[provinces[1].children[0]]
    totals = next((commune.folder / "ho-ngheo").glob("*/so-ho-theo-thon.csv"))
    lines = totals.read_text(encoding="utf-8").splitlines()
    village, households = lines[1].split(",")
    lines[1] = f"{village},{int(households) + 1}"
    totals.write_text("\n".join(lines) + "\n", encoding="utf-8")
    again = build(data, tmp_path / "out")
    assert again.ok and sorted(again.built) == sorted([commune.code, provinces[1].code])


def test_a_worker_keeps_one_units_conversions_not_the_countrys():
    """Cell conversions are remembered while a unit loads (its villages and categories repeat
    from row to row), and let go when the next unit loads: a worker building a country's
    communes one after another does not fill up with every name it has ever read."""
    from generator.input.cells import _KEPT
    from generator.kinds.registry import all_kinds
    from tests import oracle
    from tests.conftest import SAMPLE_DATA

    kind = next(k for k in all_kinds() if k.folder == "ho-ngheo")
    names = kind.schema.tables["households"].field("head_name")
    first, second = [u for u in read_tree(SAMPLE_DATA, Problems()) if u.is_leaf][:2]

    def heads(unit):
        return {
            row["Họ tên chủ hộ"]
            for folder in oracle.datasets(unit.folder, "ho-ngheo")
            for row in oracle.read_csv(folder / "danh-sach.csv")
        }

    assert kind.load(first, Problems())
    assert heads(first) <= set(_KEPT.get(names, ()))
    assert kind.load(second, Problems())
    only_first = heads(first) - heads(second)
    assert only_first and not only_first & set(_KEPT.get(names, ()))
    assert heads(second) <= set(_KEPT.get(names, ()))
