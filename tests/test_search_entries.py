"""The search entries read with regular expressions (pipeline/search_sections.py) are the ones
Material's search plugin makes with its HTML parser, for every generated page of the sample, but
for the spaces that keep words of neighbouring table cells apart."""

from __future__ import annotations

import re
from types import SimpleNamespace

import markdown
import yaml
from material.plugins.search.plugin import SearchIndex

from generator.model.pages import served_url
from generator.pipeline.mkdocs_config import BASE_CONFIG
from generator.pipeline.search_sections import search_entries, with_text
from generator.render.html_blocks import ASIDE_BLOCKS


def _extensions():
    config = yaml.load(BASE_CONFIG.read_text(encoding="utf-8"), Loader=yaml.FullLoader)
    names, settings = [], {}
    for entry in config["markdown_extensions"]:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        names.append(name)
        settings[name] = options or {}
    return names, settings


def _squeezed(entries):
    return [(e["location"], e["title"], re.sub(r"\s+", "", e["text"])) for e in entries]


def test_entries_are_materials_for_every_generated_page(sample_build):
    result, site = sample_build
    names, settings = _extensions()
    compared, spaced = 0, 0
    for unit in result.tree:
        docs = site.parent / "work" / "units" / unit.code / "docs"
        for source in sorted(docs.rglob("*.md")):
            text = source.read_text(encoding="utf-8")
            front, _, body = text.removeprefix("---\n").partition("\n---\n")
            title = yaml.safe_load(front)["title"]
            md = markdown.Markdown(extensions=names, extension_configs=settings)
            # as the aside-tables plugin leaves it, without the empty place of a printed head
            content = ASIDE_BLOCKS.sub("", md.convert(body)).lstrip()
            url = served_url(source.relative_to(docs).as_posix())
            theirs = SearchIndex()
            theirs.add_entry_from_context(
                SimpleNamespace(
                    content=content, toc=[], url=url, meta={"title": title}, title=title
                )
            )
            ours = search_entries(content, url, title)
            assert _squeezed(ours) == _squeezed(theirs.entries), source
            pairs = zip(ours, theirs.entries, strict=True)
            spaced += sum(len(o["text"]) > len(t["text"]) for o, t in pairs)
            compared += len(ours)
    assert compared > 500
    assert spaced > 50  # table cells apart


def test_kept_tags_entities_and_excluded_parts():
    html = (
        '<h1 id="top">Đầu &amp; cuối</h1><p>Một <strong>hai</strong></p>'
        "<table><tr><td>lúa</td><td>360,32</td></tr></table>"
        '<div data-search-exclude><p>ẩn</p></div><script>var x = "<p>"</script>'
        '<h2 id="b">Mục <code>B</code></h2><ul><li>&#60;img&#62;</li><li> </li></ul><p></p>'
    )
    assert search_entries(html, "a/", "Trang") == [
        {"location": "a/", "title": "Đầu &amp; cuối", "text": "<p>Một hai </p> lúa 360,32"},
        {
            "location": "a/#b",
            "title": "Mục <code>B</code>",
            "text": "<ul><li>&lt;img&gt;</li></ul>",
        },
    ]


def test_words_go_to_sections_in_page_order_even_under_one_heading():
    """Two villages of one name (after a merger): each list's names under its own section."""
    entries = search_entries(
        '<h1 id="t">Danh sách</h1><h2 id="a">Thôn Đông</h2><h2 id="b">Thôn Đông</h2>', "l/", "L"
    )
    given = with_text(entries, [["Thôn Đông", "Lê Văn A", 4], ["Thôn Đông", "Trần <Thị> B"]])
    assert [e["text"] for e in given] == ["", "<p>Lê Văn A</p>", "<p>Trần &lt;Thị&gt; B</p>"]
    assert [e.get("boost") for e in given] == [None, 4, None]


def test_words_without_a_heading_go_to_the_pages_own_entry():
    entries = search_entries(
        '<h1 id="t">Tổng hợp</h1><p>Mỗi dòng</p><h2 id="a">Tải dữ liệu</h2>', "l/", "L"
    )
    given = with_text(entries, [["", "Xã An Định; Xã Đông Hưng"]])
    assert [e["text"] for e in given] == [
        "<p>Mỗi dòng</p> <p>Xã An Định; Xã Đông Hưng</p>",
        "",
    ]
