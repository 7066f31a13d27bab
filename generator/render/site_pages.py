"""The pages every site has besides its datasets: home, contacts, guides, the tree's top page."""

from __future__ import annotations

import shutil
from html import escape
from pathlib import Path

from generator.model.facts import Figure
from generator.model.pages import Download, PageSpec
from generator.model.posting import PostingRecord
from generator.model.units import Tree, Unit
from generator.render.reorganisation import moved_sentence
from generator.render.unit_index import UNIT_INDEX, unit_index

SHARED_DOCS = Path(__file__).resolve().parents[2] / "docs"
GUIDES_FOLDER = "huong-dan"
CONTACTS_PAGE = "lien-he.md"
GUIDES_INDEX, GUIDES_INDEX_TITLE = f"{GUIDES_FOLDER}/index.md", "Các hướng dẫn"
STAFF_FOLDER = "can-bo"  # docs/can-bo/: the staff's guide, at huong-dan/can-bo/
LATEST_DISCLOSURES = 10


def shared_guides() -> list[tuple[str, str]]:
    """(title, file name) of the hand-written pages in docs/, in file-name order."""
    guides = []
    for path in sorted(SHARED_DOCS.glob("*.md")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        guides.append((first.lstrip("# ").strip(), path.name))
    return guides


def home_page(
    unit: Unit,
    tree: Tree,
    figures: list[Figure],
    disclosures: list[PostingRecord],
    sections: list[tuple[str, str]],
    topics: list[str],
) -> PageSpec:
    """A unit's home page: its place in the tree, its cards, its latest disclosures, its sections,
    its units below and how to reach its office. `topics`: every kind, as a sentence names it."""
    ancestors = [(a.title, a) for a in tree.ancestors(unit)]
    children = [tree.units[c] for c in unit.children]
    current = [d for d in disclosures if not d.superseded]
    latest = sorted(current, key=lambda d: (d.posted, d.title), reverse=True)[:LATEST_DISCLOSURES]
    return PageSpec(
        "index.md",
        "home.md.j2",
        {
            "unit": unit,
            "figures": figures,
            "latest": latest,
            "sections": sections,
            "ancestors": ancestors,
            "children": children,
            "tree": tree,
            "topics": ", ".join(topics),
            "moved": [moved_sentence(unit, a, tree) for a in unit.former_addresses],
        },
        "Trang chủ",
        # the site search finds every unit below by its name, not only those listed on the page
        meta={
            "hide": ["navigation"],
            "search_text": [
                ["Đơn vị trực thuộc", ", ".join(u.title for u in tree.descendants(unit)), 4]
            ]
            if children
            else [],
        },
    )


def contacts_page(unit: Unit) -> PageSpec:
    return PageSpec(CONTACTS_PAGE, "contacts.md.j2", {"unit": unit}, "Liên hệ, tiếp công dân")


def guides_page() -> PageSpec:
    """The guides' own index in the tree's top site: every unit's nav has one link to it, not
    one per guide (a nav is repeated on every page of every unit)."""
    return PageSpec(
        GUIDES_INDEX,
        "guides.md.j2",
        {"guides": shared_guides()},
        GUIDES_INDEX_TITLE,
        title="Hướng dẫn",
    )


def guides_nav(docs: Path | None, depth: int):
    """The nav's guides entry. The guides live once, in the tree's top site (`docs` given: they
    are copied there, beside their index); every unit's nav links to that index."""
    if docs is None:
        return "../" * depth + f"{GUIDES_FOLDER}/"
    (docs / GUIDES_FOLDER).mkdir(parents=True, exist_ok=True)
    nav = [{GUIDES_INDEX_TITLE: GUIDES_INDEX}]
    for title, name in shared_guides():
        shutil.copyfile(SHARED_DOCS / name, docs / GUIDES_FOLDER / name)
        nav.append({title: f"{GUIDES_FOLDER}/{name}"})
    # the staff's guide: beside the others, out of the citizens' navigation and search
    shutil.copytree(SHARED_DOCS / STAFF_FOLDER, docs / GUIDES_FOLDER / STAFF_FOLDER)
    return nav


def tree_page(
    tree: Tree,
    columns: list[str],
    latest: dict[str, tuple],
    topics: list[str],
    site_url: str = "",
) -> PageSpec:
    """The tree's top page: every unit, by province, with a column for each kind (`columns`, its
    title) saying the newest year the unit has figures of it (`latest`, by unit code); beside it
    robots.txt and, when the tree's address `site_url` is known, a sitemap index of every site's
    sitemap."""
    return PageSpec(
        "index.md",
        "tree.md.j2",
        {
            "tree": tree,
            "roots": [tree.units[c] for c in tree.roots],
            "unit_index": UNIT_INDEX,
            "columns": columns,
            "latest": latest,
            "topics": spoken_list(topics),
        },
        "Danh sách đơn vị",
        downloads=[unit_index(tree), robots_txt(site_url)]
        + ([sitemap_index(tree, site_url)] if site_url else []),
        meta={"hide": ["navigation"]},
    )


SITEMAP_INDEX = "sitemap-index.xml"


def robots_txt(site_url: str) -> Download:
    """Every page may be crawled; the household lists' files (CSV, JSON, XLSX) and the site
    search's index (which holds their names) may not: their pages say `noindex`, which these
    files cannot. Read by crawlers only at a host's root."""
    lines = [
        "# Cổng công khai thông tin cấp xã. Danh sách hộ nghèo, hộ cận nghèo được công khai cho",
        "# người dân trong xã, không cho máy tìm kiếm: trang danh sách mang thẻ noindex và không",
        "# có trong sitemap; tệp danh sách (CSV, JSON, Excel) và chỉ mục tìm kiếm của trang (có",
        "# họ tên) không được thu thập.",
        "User-agent: *",
        "Disallow: /*-danh-sach.",
        "Disallow: /*search/search_index.json",
    ]
    if site_url:
        lines.append(f"Sitemap: {site_url}{SITEMAP_INDEX}")
    return Download("", "robots.txt", made=("\n".join(lines) + "\n").encode())


def sitemap_index(tree: Tree, site_url: str) -> Download:
    """The sitemap of each unit's site and the top page's, as one sitemap index."""
    sitemaps = [f"{site_url}sitemap.xml"] + [f"{site_url}{u.url_path}sitemap.xml" for u in tree]
    body = "".join(f"<sitemap><loc>{escape(url)}</loc></sitemap>" for url in sitemaps)
    return Download(
        "",
        SITEMAP_INDEX,
        made=(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}'
            "</sitemapindex>\n"
        ).encode(),
    )


def spoken_list(items: list[str]) -> str:
    """Items as a sentence lists them: 'a, b và c'."""
    return " và ".join(filter(None, (", ".join(items[:-1]), *items[-1:])))
