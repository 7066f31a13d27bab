"""A page's entries in the site search index, as Material's search plugin makes them, read from
the page's HTML with regular expressions instead of an HTML parser calling back for every tag
(a third of what MkDocs and Material spent on a commune).

Each heading with an id starts a section (the page's first heading, its h1, does not: its
section is the page itself); an entry is the section's address, its heading and its text. Text
keeps the few tags the theme's search results show (paragraphs, lists, code), escaped as
Material escapes it, and a space where a table cell or any other element ends, so that words in
neighbouring cells are found apart ("lúa" in «Đất trồng lúa | 360,32»)."""

from __future__ import annotations

import html
import re

_HEADING = re.compile(r"<h[1-6]\b([^>]*)>(.*?)</h[1-6]>", re.S | re.I)
_ID = re.compile(r'(?:^|\s)id="([^"]*)"')
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>|<!--.*?-->", re.S)
_SKIPPED = re.compile(
    r"<(script|style|object)\b.*?</\1>|<(\w+)\b[^>]*\bdata-search-exclude\b[^>]*>.*?</\2>",
    re.S | re.I,
)
_SPACES = re.compile(r"\s+")
_EMPTY = re.compile(r"<(p|code|pre|li|ol|ul|sub|sup)>\s*</\1>")
KEPT = frozenset(("p", "code", "pre", "li", "ol", "ul", "sub", "sup"))


def _text(fragment: str) -> str:
    """Text of an HTML fragment: entities decoded then escaped again, whitespace collapsed, the
    kept tags bare and every other tag a space."""
    out = []
    position = 0
    for tag in _TAG.finditer(fragment):
        out.append(html.escape(html.unescape(fragment[position : tag.start()]), quote=False))
        name = (tag.group(2) or "").lower()
        out.append(f"<{tag.group(1)}{name}>" if name in KEPT else " ")
        position = tag.end()
    out.append(html.escape(html.unescape(fragment[position:]), quote=False))
    text = _SPACES.sub(" ", "".join(out))
    while True:
        shorter = _EMPTY.sub("", text)
        if shorter == text:
            return text.strip()
        text = shorter


def search_entries(content: str, url: str, title: str) -> list[dict[str, str]]:
    """The index entries of a page served at `url` with the title `title`, whose article HTML is
    `content`: what comes before its first heading (when anything does), then one a heading."""
    content = _SKIPPED.sub(" ", content)
    pieces = []  # (anchor, heading, body)
    anchor, heading, start = None, "", 0
    for match in _HEADING.finditer(content):
        found = _ID.search(match.group(1))
        if found is None:
            continue
        level_one = match.group(0)[2] == "1"
        if pieces or content[start : match.start()].strip() or not level_one:
            pieces.append((anchor, heading, content[start : match.start()]))
        anchor, heading, start = found.group(1), _text(match.group(2)), match.end()
    pieces.append((anchor, heading, content[start:]))
    return [
        {
            "location": f"{url}#{anchor}" if n else url,
            "title": heading or title,
            "text": _text(body),
        }
        for n, (anchor, heading, body) in enumerate(pieces)
    ]


def with_text(entries: list[dict[str, str]], extra) -> list[dict[str, str]]:
    """`entries` with the words `extra` gives sections ([heading as written, words] or [heading,
    words, boost], in page order: two villages may share a name) added to their text, escaped as
    the rest of it: words of a table kept out of the page's own entries. Each goes to the next
    entry after the last one given words whose title is its heading (an empty heading: that
    next entry, the page's own first); a boost ranks that section above pages that merely share
    a word (household names: «nguyen» finds a household first)."""
    at = 0
    for heading, words, *boost in extra:
        title = html.escape(str(heading), quote=False)
        for n in range(at, len(entries)):
            if not title or entries[n]["title"] == title:
                added = html.escape(_SPACES.sub(" ", str(words)), quote=False)
                entries[n]["text"] = f"{entries[n]['text']} <p>{added}</p>".strip()
                if boost:
                    entries[n]["boost"] = boost[0]
                at = n + 1
                break
    return entries
