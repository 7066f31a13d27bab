"""The output tree: one MkDocs site per unit, shared theme files, nothing from other hosts,
identical bytes on every build, and new communes appearing without code changes."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import subprocess
import unicodedata
from itertools import pairwise

import pytest
import yaml

from generator.kinds.registry import all_kinds
from tests import oracle
from tests.conftest import build, rename_in_datasets
from tests.pages import is_redirect, page, site_pages, soup


def digest_tree(root):
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_each_unit_is_its_own_site_with_its_own_search(sample_build):
    """A unit's index holds its own pages, and a parent's the titles of its communes' pages."""
    result, site = sample_build
    for unit in result.tree:
        root = site / unit.url_path
        docs = json.loads((root / "search" / "search_index.json").read_text(encoding="utf-8"))[
            "docs"
        ]
        assert docs[0]["title"] == unit.title
        pages = {d["location"].split("#")[0] for d in docs}
        for location in pages:  # every search hit is a page of this unit's own site
            assert (root / location / "index.html").is_file() or (root / location).is_file(), (
                location
            )
        # a page of a unit below is found by its title only (pipeline/search_below.py): its text
        # is searched on its own site
        below = [d for d in docs if d["location"].split("/")[0] in _child_folders(unit, result)]
        assert all(d["text"] == "" and "#" not in d["location"] for d in below)
        if unit.is_leaf:
            assert not below


def _child_folders(unit, result) -> set[str]:
    return {result.tree.units[code].slug for code in unit.children}


def test_theme_files_are_stored_once(sample_build):
    result, site = sample_build
    bundles = [p for p in site.rglob("bundle.*.min.js")]
    assert len(bundles) == 1 and bundles[0].parent.parent.parent.name == "_theme"
    for unit in result.tree:
        assert not (site / unit.url_path / "assets").exists()
    commune = next(u for u in result.tree if u.depth == 3)
    doc = page(site, f"{commune.url_path}ngan-sach")
    base = site / commune.url_path / "ngan-sach"
    for link in doc.find_all("link", rel="stylesheet") + doc.find_all("script", src=True):
        target = (base / (link.get("href") or link.get("src"))).resolve()
        assert target.is_file(), target


def test_pages_are_vietnamese_and_load_nothing_from_other_hosts(sample_build):
    _, site = sample_build
    pages = site_pages(site)
    assert len(pages) > 100
    for path in pages:
        text = path.read_text(encoding="utf-8")
        doc = soup(path)
        assert doc.html.get("lang") == "vi"
        for tag, attr in (
            ("script", "src"),
            ("link", "href"),
            ("img", "src"),
            ("iframe", "src"),
            ("use", "href"),
        ):
            for element in doc.find_all(tag):
                value = element.get(attr) or ""
                assert not re.match(r"^(https?:)?//", value), (path, value)
        assert "fonts.googleapis" not in text and "Content-Security-Policy" in text
        assert "Dữ liệu mẫu" in doc.select_one(".md-banner").get_text(), path
        # the theme's own words are Vietnamese too (Material's Vietnamese leaves this one in
        # English)
        assert (
            doc.select_one(".md-search-result__meta").get_text(strip=True)
            == "Đang chuẩn bị tìm kiếm"
        ), path
        assert doc.select_one(".md-top").get_text(strip=True) == "Lên đầu trang", path
        for logo in doc.select(".md-logo"):  # named by its link; the image adds no English "logo"
            assert logo["aria-label"] and logo.img["alt"] == "", path


def contrast(colour: str, other: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""

    def luminance(value):
        channels = [int(value[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(colour), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_header_and_link_colours_meet_wcag_aa(sample_build):
    """White header text on the primary colour, links (primary) and hovered links (accent) on
    white: at least 4.5:1, as the page's stylesheets, in order, finally set them."""
    _, site = sample_build
    home = site / "index.html"
    doc = soup(home)
    wanted = {
        "--md-primary-fg-color": f"[data-md-color-primary={doc.body['data-md-color-primary']}]",
        "--md-accent-fg-color": f"[data-md-color-accent={doc.body['data-md-color-accent']}]",
    }
    found = {}
    for link in doc.find_all("link", rel="stylesheet"):
        css = (home.parent / link["href"]).read_text(encoding="utf-8")
        for selectors, block in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
            for name, selector in wanted.items():
                value = re.search(re.escape(name) + r"\s*:\s*(#[0-9a-fA-F]{6})\b", block)
                if selector in selectors and value:
                    found[name] = value.group(1)
    assert set(found) == set(wanted)
    for name, colour in found.items():
        assert contrast(colour, "#ffffff") >= 4.5, (name, colour)


def test_the_one_not_found_page_is_vietnamese_and_leads_to_the_list_of_units(sample_build):
    _, site = sample_build
    assert [p.relative_to(site).as_posix() for p in site.rglob("404.html")] == ["404.html"]
    doc = soup(site / "404.html")
    assert doc.select_one("article h1").get_text(strip=True) == "Không tìm thấy trang"
    back = doc.select_one("article a")
    assert back["href"] == "/" and back.get_text(strip=True) == "Về danh sách các đơn vị"
    assert "Not found" not in doc.get_text()


def test_a_tree_served_under_a_project_path_has_a_working_404_page(tmp_path, capsys):
    """GitHub Pages serves a repository's site under /<repo>/: with --site-url the 404 page, served
    at any address, loads its styles and leads back from there; pages get canonical links."""
    from generator.cli import main
    from tests.conftest import SAMPLE_DATA

    site = tmp_path / "site"
    assert (
        main(
            [
                "build",
                "--data",
                str(SAMPLE_DATA),
                "--output",
                str(site),
                "--work",
                str(tmp_path / "work"),
                "-j",
                "2",
                "--site-url",
                "https://canbo.github.io/cong-khai",
            ]
        )
        == 0
    )
    missing = soup(site / "404.html")
    links = [
        e.get("href") or e.get("src")
        for e in missing.find_all(["link", "script", "img", "a"])
        if (e.get("href") or e.get("src") or "").startswith("/")
    ]
    assert links and all(link.startswith("/cong-khai/") for link in links), links
    assert missing.select_one("article a")["href"] == "/cong-khai/"
    # its script suggests the closest unit from the tree's list, read under the project path
    assert missing.select_one("[data-ck-closest]")["data-ck-closest"] == "/cong-khai/don-vi.json"
    assert (site / "don-vi.json").is_file()
    home = soup(site / "tinh-binh-son" / "index.html")
    assert (
        home.find("link", rel="canonical")["href"]
        == "https://canbo.github.io/cong-khai/tinh-binh-son/"
    )
    with pytest.raises(SystemExit):
        main(["build", "--data", str(SAMPLE_DATA), "--site-url", "canbo.github.io/cong-khai"])
    assert "cần một địa chỉ web bắt đầu bằng https://" in capsys.readouterr().err
    # an address that would end a quoted value in a page, a sitemap or nginx's configuration
    for address in ('https://x.gov.vn/a"b/', "https://x.gov.vn/<b>/", "https://x gov.vn/"):
        with pytest.raises(SystemExit):
            main(["build", "--data", str(SAMPLE_DATA), "--site-url", address])
        assert "chỉ gồm chữ không dấu" in capsys.readouterr().err


def test_the_frame_around_each_page_holds_no_repeated_icons_guides_or_credits(sample_build):
    """Every page repeats its frame; what the frame repeats is fetched once instead."""
    result, site = sample_build
    for unit in result.tree:
        for path in (site / unit.url_path).glob("*/index.html"):
            if is_redirect(path):  # a former address's page, nothing of the site's frame
                continue
            doc = soup(path)
            icons = doc.find_all("svg")
            assert {use["href"].split("#")[1] for svg in icons for use in svg.find_all("use")} == {
                "menu",
                "search",
                "previous",
                "close",
                "top",
            }, path
            assert not [svg for svg in icons if svg.find("path")], path
            sprite_url = icons[0].use["href"].split("#")[0]
            sprite = soup(path.parent / sprite_url)
            assert all(
                sprite.find("symbol", id=use["href"].split("#")[1])
                for svg in icons
                for use in svg("use")
            )
            assert doc.find("footer") is None and "__tabbed_" not in path.read_text(
                encoding="utf-8"
            ), path
            guides = [
                a
                for a in doc.select(".md-nav--primary a")
                if a.get_text(strip=True).startswith("Hướng dẫn")
            ]
            if unit.depth:
                assert (
                    len(guides) == 1
                    and (path.parent / guides[0]["href"]).resolve() == site / "huong-dan"
                ), path
    index = page(site, "huong-dan")
    listed = {a.get_text(strip=True): a["href"] for a in index.select("article a")}
    assert set(listed) == {
        "Cách đọc bảng ngân sách",
        "Giới thiệu trang công khai",
        "Thuật ngữ",
        "Hướng dẫn cho cán bộ",  # docs/can-bo/, out of every unit's navigation
    }
    assert all((site / "huong-dan" / href / "index.html").is_file() for href in listed.values())


def test_numbers_and_dates_in_vietnamese_format(sample_build):
    result, site = sample_build
    commune = next(u for u in result.tree if u.depth == 3)
    text = page(site, f"{commune.url_path}ngan-sach").get_text(" ")
    assert re.search(r"\b\d{1,3}(\.\d{3}){2,}\b", text)  # 1.234.567
    assert re.search(r"\b\d{2}/\d{2}/20\d{2}\b", text)  # 14/07/2025


def test_two_builds_are_byte_identical(sample_build, tmp_path):
    _, site = sample_build
    from tests.conftest import SAMPLE_DATA

    again = build(SAMPLE_DATA, tmp_path, jobs=1)
    assert again.ok
    assert digest_tree(tmp_path / "site") == digest_tree(site)


def _add_commune(parent_folder, template_folder, code, name):
    target = parent_folder / f"xa-moi-{code}"
    shutil.copytree(template_folder, target)
    unit_file = target / "unit.yaml"
    data = yaml.safe_load(unit_file.read_text(encoding="utf-8"))
    rename_in_datasets(target, f"{data['type']} {data['name']}", f"{data['type']} {name}")
    data.update(code=code, name=name)
    unit_file.write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return target


def test_copied_commune_appears_under_district_and_province(small_country, tmp_path):
    units = sorted(small_country.rglob("unit.yaml"))
    province = min(units, key=lambda p: len(p.parts)).parent
    commune = next(p.parent for p in units if len(p.relative_to(small_country).parts) == 4)
    district = commune.parent
    _add_commune(district, commune, "99990", "Đồng Tâm Mới")
    direct_folder = _add_commune(province, commune, "99991", "Hòa Bình Mới")
    # directly under the province now: its decisions are no longer the district's
    rename_in_datasets(direct_folder, "huyện An Lạc", "tỉnh Bình Sơn")
    result = build(small_country, tmp_path / "out")
    assert result.ok, result.failed
    site = tmp_path / "out" / "site"
    by_code = result.tree.units
    under_district = by_code["99990"]
    direct = by_code["99991"]
    assert (
        under_district.parent
        == by_code[next(c for c in by_code if by_code[c].folder == district)].code
    )
    assert direct.parent == by_code[next(c for c in by_code if by_code[c].folder == province)].code
    for unit in (under_district, direct):
        assert page(site, unit.url_path).find("h1").get_text(strip=True) == unit.title
        parent = by_code[unit.parent]
        rollup = page(site, f"{parent.url_path}ho-ngheo/tong-hop-2025").get_text(" ")
        assert unit.title in rollup
    assert under_district.url_path.endswith("-dong-tam-moi/")
    assert direct.url_path.endswith("-hoa-binh-moi/") and direct.depth == 2
    listed = page(site, "").get_text(" ")
    assert under_district.title in listed and direct.title in listed


def test_build_one_unit_or_a_subtree(small_country, tmp_path):
    from generator.pipeline.build import BuildOptions
    from generator.publish.run import run

    district = next(
        p.parent
        for p in sorted(small_country.rglob("unit.yaml"))
        if len(p.relative_to(small_country).parts) == 3
    )
    code = yaml.safe_load((district / "unit.yaml").read_text(encoding="utf-8"))["code"]
    options = dict(
        data_root=small_country, output=tmp_path / "site", work=tmp_path / "work", jobs=1, only=code
    )
    one = run(BuildOptions(**options))
    assert one.built == [code]
    subtree = run(BuildOptions(**options, with_subtree=True))
    expected = [u.code for u in subtree.tree.subtree(code)]
    assert sorted(subtree.built + subtree.unchanged) == sorted(expected) and len(expected) > 1
    # built again: its search now holds the pages of the communes built with it
    assert code in subtree.built
    again = run(BuildOptions(**options, with_subtree=True))
    assert again.built == [] and sorted(again.unchanged) == sorted(expected)
    for unit_code in expected:
        assert (tmp_path / "site" / subtree.tree.units[unit_code].url_path / "index.html").is_file()


def test_the_list_of_units_is_published_as_open_data(sample_build):
    result, site = sample_build
    rows = oracle.read_csv(site / "don-vi.csv")
    assert [tuple(r.values()) for r in rows] == [
        (u.code, u.title, u.type, u.name, u.parent or "", u.url_path, u.shown_folder)
        for u in result.tree
    ]
    assert list(rows[0]) == [
        "Mã đơn vị",
        "Tên đơn vị",
        "Loại",
        "Tên",
        "Mã đơn vị cấp trên",
        "Đường dẫn",
        "Thư mục dữ liệu",
    ]
    for row in rows:
        assert page(site, row["Đường dẫn"]).find("h1").get_text(strip=True) == row["Tên đơn vị"]
    top = page(site, "")
    link = top.find("a", string="Tải danh sách đơn vị (CSV)")
    assert link["href"] == "don-vi.csv"


def test_the_top_page_says_each_units_newest_year_of_each_kind(sample_build):
    """A column a registered kind, read against the sample's dataset folders (an inspector's first
    question: who has published what)."""
    result, site = sample_build
    top = page(site, "")
    kinds = [(kind.title, kind.folder) for kind in all_kinds()]
    assert kinds[:4] == [
        ("Ngân sách", "ngan-sach"),
        ("Hộ nghèo, hộ cận nghèo", "ho-ngheo"),
        ("Kế hoạch sử dụng đất", "dat-dai"),
        ("Cải cách hành chính", "cai-cach-hanh-chinh"),
    ]
    province = result.tree.units[result.tree.roots[0]]
    seen = 0
    for table in top.find_all("table"):
        header = [th.get_text(strip=True) for th in table.find("thead").find_all("th")]
        assert header == ["Đơn vị", "Mã", *(title for title, _ in kinds)]
        for row in table.find("tbody").find_all("tr"):
            cells = [cell.get_text(strip=True) for cell in row.find_all(["th", "td"])]
            unit = result.tree.units[cells[1]]
            # a former unit (the 2025 reform) says until when it was one
            ended = f"(trước {unit.former.date:%d/%m/%Y})" if unit.former else ""
            assert cells[0] == unit.title + ended
            for (_, folder), cell in zip(kinds, cells[2:], strict=True):
                holder = unit.folder
                if folder == "bang-gia-dat":  # held by the province, shown by each commune
                    holder = province.folder if unit.is_leaf or unit is province else None
                found = oracle.datasets(holder, folder) if holder else []
                if folder == "bang-gia-dat" and unit.is_leaf:  # the frames that list it
                    found = [
                        d
                        for d in found
                        if any(
                            r["Đơn vị cấp xã"] == unit.in_text
                            for r in oracle.read_csv(d / "gia-dat.csv")
                        )
                    ]
                years = [oracle.metadata(d)["year"] for d in found]
                assert cell == (str(max(years)) if years else "—"), (unit.title, folder)
            seen += 1
    assert seen == len(result.tree.units)
    assert "—" in top.get_text()  # the province keeps no household list


def test_manifest_lists_every_published_file_with_its_sha256(sample_build):
    _, site = sample_build
    listed = {}
    for line in (site / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        listed[name] = digest
    actual = {k: v for k, v in digest_tree(site).items() if k != "SHA256SUMS"}
    assert listed == actual and len(listed) > 300
    check = subprocess.run(
        ["sha256sum", "--check", "--quiet", "SHA256SUMS"], cwd=site, capture_output=True
    )
    assert check.returncode == 0, check.stdout


def test_stylesheets_load_nothing_from_other_hosts(sample_build):
    _, site = sample_build
    sheets = list(site.rglob("*.css"))
    assert sheets
    for sheet in sheets:
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", sheet.read_text(encoding="utf-8")):
            assert not re.match(r"^(https?:)?//", url), (sheet, url)
        assert not re.search(
            r"@import\s+(url\()?['\"]?(https?:)?//", sheet.read_text(encoding="utf-8")
        ), sheet


def test_search_finds_names_and_lines_not_the_tables_figures(sample_build):
    """Household lists and budget tables are not indexed whole: each household's name is, under
    its village on the list page, and each budget line's name under its table, without the
    figures; the downloads' digests are shown for checking, never searched."""
    result, site = sample_build
    unit = next(u for u in result.tree if u.villages)
    index = (site / unit.url_path / "search" / "search_index.json").read_text(encoding="utf-8")
    docs = json.loads(index)["docs"]
    locations = {d["location"].split("#")[0] for d in docs}
    dataset = oracle.datasets(unit.folder, "ho-ngheo")[-1]
    households = oracle.read_csv(dataset / "danh-sach.csv")
    listed = f"ho-ngheo/danh-sach-{dataset.name}/"
    assert listed in locations and f"ho-ngheo/{dataset.name}/" in locations
    villages = {v.code: v.name for v in unit.villages}
    for household in households:
        village = villages.get(household["Thôn"], household["Thôn"])
        where = [
            d for d in docs if d["location"].startswith(listed + "#") and d["title"] == village
        ]
        assert where and household["Họ tên chủ hộ"] in where[0]["text"], household
    members = {h["Số nhân khẩu"] for h in households}
    village_texts = " ".join(d["text"] for d in docs if d["location"].startswith(listed + "#"))
    assert not any(f" {m}," in village_texts for m in members if len(m) > 1)  # names, no figures
    budget = oracle.datasets(unit.folder, "ngan-sach")[-1]
    lines = oracle.read_csv(budget / "chi.csv")
    year = budget.name.split("-")[0]
    texts = " ".join(d["text"] for d in docs if d["location"].startswith(f"ngan-sach/{year}/"))
    assert len(lines) > 30 and all(line["Nội dung"] in texts for line in lines)
    amounts = [line[c] for line in lines for c in line if c not in ("Mã số", "Nội dung")]
    assert sum(a in texts for a in amounts if len(a) > 6) <= len(amounts) // 20
    # the digest of each download is shown for checking, not searched
    digest = hashlib.sha256(
        (site / unit.url_path / "ngan-sach" / f"{year}-chi.csv").read_bytes()
    ).hexdigest()
    assert digest in (site / unit.url_path / "ngan-sach" / year / "index.html").read_text(
        encoding="utf-8"
    )
    assert digest not in index and "SHA-256" not in index


def test_generated_html_lands_whole_and_outside_headings(sample_build):
    """Tables and lists the generator writes as HTML replace their placeholders on every page,
    and never end up inside a heading (a heading holds text and inline links only)."""
    _, site = sample_build
    for path in site_pages(site):
        text = path.read_text(encoding="utf-8")
        assert "data-ck-fragment=" not in text and "data-ck-content=" not in text, path
        for heading in soup(path).find_all(["h1", "h2", "h3", "h4", "h5", "h6"]):
            assert not heading.find(["ul", "ol", "table", "div", "p"]), (path, str(heading)[:200])


def test_headings_never_skip_a_level(sample_build):
    """Screen readers list a page by its headings: each page's article has one h1 first, and no
    heading is more than one level below the one before it."""
    _, site = sample_build
    for path in site_pages(site, "index.html"):
        levels = [
            int(h.name[1])
            for h in soup(path).select("article h1, article h2, article h3, article h4")
        ]
        assert levels[:1] == [1] and levels.count(1) == 1, (path, levels)
        assert all(b <= a + 1 for a, b in pairwise(levels)), (path, levels)


def test_unit_names_inside_sentences_keep_the_type_in_lower_case(sample_build):
    """Decree 30/2020/NĐ-CP: "của xã Đông Hưng", not "của Xã Đông Hưng" (a heading keeps "Xã")."""
    result, site = sample_build
    capitalised = re.compile(r"của (Xã|Phường|Thị trấn|Thị xã|Huyện|Quận|Tỉnh|Thành phố|Đặc khu) ")
    for unit in result.tree:
        doc = page(site, unit.url_path)
        assert doc.select_one("article h1").get_text(strip=True) == unit.title
        assert f"Trang công khai thông tin của {unit.in_text} theo Luật" in doc.get_text(
            " ", strip=True
        )
    for path in site_pages(site, "index.html"):
        article = soup(path).select_one("article")
        assert not capitalised.search(article.get_text(" ", strip=True)), path


def test_search_finds_land_projects_and_a_parent_lists_its_children(sample_build):
    """Medium tables written as HTML (land projects) stay searchable; a parent's home page links
    every unit directly under it."""
    result, site = sample_build
    unit = next(u for u in result.tree if u.is_leaf and oracle.datasets(u.folder, "dat-dai"))
    land = oracle.datasets(unit.folder, "dat-dai")[-1]
    projects = [r["Tên công trình, dự án"] for r in oracle.read_csv(land / "cong-trinh.csv")]
    index = json.loads(
        (site / unit.url_path / "search" / "search_index.json").read_text(encoding="utf-8")
    )
    texts = " ".join(
        d["text"] for d in index["docs"] if d["location"].startswith(f"dat-dai/{land.name}/")
    )
    assert projects and all(p in texts for p in projects)
    parent = next(u for u in result.tree if u.children and u.code)
    doc = page(site, parent.url_path)
    heading = next(h for h in doc.find_all("h2") if h.get_text(strip=True) == "Đơn vị trực thuộc")
    listed = [a.get_text(strip=True) for a in heading.find_next("ul").find_all("a")]
    assert listed == [result.tree.units[c].title for c in parent.children]
    for link in heading.find_next("ul").find_all("a"):
        assert (site / parent.url_path / link["href"] / "index.html").is_file(), link["href"]


def test_heading_anchors_keep_the_d_of_dj(sample_build):
    """A section link a citizen shares reads like its heading: 'Tổ dân phố Đồng Xoài' is
    #to-dan-pho-dong-xoai (Python-Markdown's own slugs drop the đ: #to-dan-pho-ong-xoai)."""
    result, site = sample_build
    unit = next(u for u in result.tree if any("Đ" in v.name for v in u.villages))
    dataset = oracle.datasets(unit.folder, "ho-ngheo")[-1]
    doc = page(site, f"{unit.url_path}ho-ngheo/danh-sach-{dataset.name}")
    listed = {h.get_text(strip=True): h["id"] for h in doc.find_all("h2")}
    villages = [v.name for v in unit.villages if v.name in listed]
    assert any("Đ" in name for name in villages)
    for name in villages:
        expected = name.lower().replace("đ", "d")
        expected = re.sub(
            r"\s+", "-", unicodedata.normalize("NFD", expected).encode("ascii", "ignore").decode()
        )
        assert listed[name] == expected
        assert doc.find("a", href=f"#{expected}"), name  # the table of contents links it


def test_staff_own_folders_are_never_read(small_country, tmp_path):
    """A folder starting with «_» is staff's own anywhere in the data: an old copy of a commune
    kept in a district's `_cu/` was read as a unit (its code then clashed with the commune's), and
    one inside a dataset folder was read as a dataset."""
    clean = build(small_country, tmp_path / "clean")
    assert clean.ok
    commune = next(u for u in clean.tree if u.is_leaf and u.depth == 3)
    shutil.copytree(commune.folder, commune.folder.parent / "_cu" / commune.folder.name)
    year = sorted((commune.folder / "ho-ngheo").iterdir())[-1]
    shutil.copytree(year, commune.folder / "ho-ngheo" / "_ban-nhap")
    (commune.folder / "_ghi-chu").mkdir()
    (commune.folder / "_ghi-chu" / "unit.yaml").write_text("code: [hỏng\n", encoding="utf-8")
    again = build(small_country, tmp_path / "again")
    assert again.ok, again.failed
    assert sorted(again.tree.units) == sorted(clean.tree.units)
    assert digest_tree(tmp_path / "again" / "site") == digest_tree(tmp_path / "clean" / "site")


def test_every_page_404_included_runs_only_the_scripts_its_policy_names(sample_build):
    """No page's policy allows 'unsafe-inline' scripts: each inline script is allowed by its
    SHA-256, the 404 page's (a static template) as every other's."""
    _, site = sample_build
    pages = sorted(site.rglob("*.html"))
    assert site / "404.html" in pages
    for path in pages:
        text = path.read_text(encoding="utf-8")
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', text)
        if policy is None:  # a page without a policy must hold no script at all
            assert "<script" not in text, path
            continue
        rule = re.search(r"script-src ([^;]*)", policy.group(1))
        if rule is None:  # default-src 'none' (a former address's page): no script at all
            assert "default-src 'none'" in policy.group(1) and "<script" not in text, path
            continue
        scripts = rule.group(1).split()
        assert "'unsafe-inline'" not in scripts, path
        for body in re.findall(r"<script>(.*?)</script>", text, re.S):
            digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in scripts, path
