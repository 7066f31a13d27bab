"""Generated tables as raw HTML blocks inside a page's Markdown, so that every page is complete by
itself: any engine that reads Markdown (MkDocs, Zensical) builds it with its tables.

A template writes `{% call html_block() %}<table>…</table>{% endcall %}`: the HTML (escaped like
any output) between two marker comments on lines of their own. Python-Markdown would pass such a
block through untouched anyway, but its raw-HTML parser reads every cell to find where the block
ends: the `HtmlBlocks` extension (mkdocs.yml, markdown_extensions) stores each marked block whole
instead. Blocks the site search should not index (`searchable=False`: long lists, budget lines,
rollups, the «Thông tin công khai» box, the data files' digests, a printed notice's head and
foot) keep their markers in the page's HTML, where pipeline.mkdocs.AsideTables takes them out
of the search plugin's way and puts them back in the finished page; they also leave out the end
tags HTML lets a cell and a row leave out (a fifth of a long list's bytes), which Material's
search parser, expecting every end tag, is never given. Data cannot forge a marker: it is escaped.
"""

from __future__ import annotations

import re

from markdown import Extension
from markdown.preprocessors import Preprocessor
from markupsafe import Markup

# The words a page gives the site search for the tables it keeps out of it (docs path ->
# [[section heading, words], …] in page order), in a docs file MkDocs does not publish.
SEARCH_TEXT = ".search-text.json"
# Entries of the pages of the communes below a district or province (pipeline/search_below.py),
# added to its index as they are.
SEARCH_BELOW = ".search-below.json"

BLOCK, BLOCK_END = "<!--ck-html-->", "<!--/ck-html-->"  # searchable: the markers go
ASIDE, ASIDE_END = "<!--ck-aside-->", "<!--/ck-aside-->"  # out of the search: the markers stay
ASIDE_BLOCKS = re.compile(re.escape(ASIDE) + r"\n(.*?)\n" + re.escape(ASIDE_END), re.S)

_CELL_END = re.compile(r"</t[dh]>(?=<t[dh][ >]|</tr>)")
_ROW_END = re.compile(r"</tr>\n?(?=<tr[ >]|</tbody>|</thead>|</tfoot>)")


def omit_optional_end_tags(html: str) -> str:
    return _ROW_END.sub("", _CELL_END.sub("", html))


def html_block(caller, searchable: bool = False) -> Markup:
    """The Jinja global: the block's HTML between its markers. Python-Markdown never parses the
    HTML's cells, so its links must be final URLs (html_link), and it sets its own alignment (no
    classes on <table>: Material styles only tables without one)."""
    html = str(caller()).strip("\n")
    if searchable:
        return Markup(f"\n{BLOCK}\n{html}\n{BLOCK_END}\n")
    return Markup(f"\n{ASIDE}\n{omit_optional_end_tags(html)}\n{ASIDE_END}\n")


class _StoreBlocks(Preprocessor):
    """Each marked block stored whole in the HTML stash, before the raw-HTML parser runs."""

    def run(self, lines: list[str]) -> list[str]:
        if BLOCK not in lines and ASIDE not in lines:
            return lines
        out, block, end = [], None, None
        for line in lines:
            if block is None:
                if line == BLOCK:
                    block, end = [], BLOCK_END
                elif line == ASIDE:
                    block, end = [ASIDE], ASIDE_END
                else:
                    out.append(line)
            elif line == end:
                if end == ASIDE_END:
                    block.append(ASIDE_END)
                out.extend(["", self.md.htmlStash.store("\n".join(block)), ""])
                block = None
            else:
                block.append(line)
        if block is not None:  # no end marker: the lines as they were
            out.extend([BLOCK if end == BLOCK_END else ASIDE, *block[end == ASIDE_END :]])
        return out


class HtmlBlocks(Extension):
    """Python-Markdown extension: marked HTML blocks pass through whole, unparsed."""

    def extendMarkdown(self, md):
        # After whitespace is normalised (30), before the raw-HTML parser (20).
        md.preprocessors.register(_StoreBlocks(md), "congkhai_html_blocks", 25)


def makeExtension(**kwargs):
    return HtmlBlocks(**kwargs)
