"""Every page of a unit's site says where it sits, from the province down, and each step leads
to the page it names."""

from __future__ import annotations

from tests.pages import page, site_pages, soup


def steps(doc):
    nav = doc.select_one("article nav.ck-crumbs")
    return [(li.get_text(strip=True), li.a["href"] if li.a else None) for li in nav.find_all("li")]


def test_a_communes_year_page_sits_under_its_province_district_commune_and_section(
    sample_build,
):
    result, site = sample_build
    commune = next(u for u in result.tree if u.depth == 3 and (u.folder / "ngan-sach").is_dir())
    here = site / commune.url_path / "ngan-sach" / "2025"
    trail = steps(page(site, f"{commune.url_path}ngan-sach/2025"))
    above = result.tree.ancestors(commune)
    assert [title for title, _ in trail] == [
        *(a.title for a in above),
        commune.title,
        "Ngân sách",
        "Năm 2025",
    ]
    assert trail[-1][1] is None  # the page itself
    targets = [(here / href).resolve() for _, href in trail[:-1]]
    assert targets == [
        *((site / a.url_path).resolve() for a in above),
        (site / commune.url_path).resolve(),
        (site / commune.url_path / "ngan-sach").resolve(),
    ]


def test_every_page_of_every_unit_has_its_steps_ending_with_itself(sample_build):
    result, site = sample_build
    checked = 0
    for unit in result.tree:
        for path in site_pages(site / unit.url_path, "index.html"):
            if any(
                (site / other.url_path).resolve() in path.parents and other is not unit
                for other in result.tree.descendants(unit)
            ):
                continue  # a page of a unit below
            trail = steps(soup(path))
            below = path.parent.relative_to(site / unit.url_path).parts  # ('ngan-sach', '2025')
            assert len(trail) == unit.depth + len(below), path
            assert trail[-1][1] is None and all(href for _, href in trail[:-1]), path
            checked += 1
    assert checked > 300
