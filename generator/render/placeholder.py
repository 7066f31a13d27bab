"""The page at the address of a unit whose data has never passed its checks: the units above link
to it, and a reader who follows the link learns why there is nothing yet, not a «not found»."""

from __future__ import annotations

from html import escape

PLACEHOLDER_MARK = "congkhai placeholder"  # what keep.py knows such a page by: never kept


def bare_page(title: str, head: str, body: str) -> str:
    """A page of its own, outside any site's frame: no script, nothing fetched (the strict
    policy), kept out of search engines; `title` is escaped, `head` and `body` are HTML."""
    return (
        "<!doctype html>\n"
        '<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "base-uri 'none'; form-action 'none'\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n'
        f"<title>{escape(title)}</title>\n{head}"
        "</head>\n<body>\n"
        f"{body}"
        "</body>\n</html>\n"
    )


def placeholder_html(title: str, up: str, up_title: str) -> str:
    """The page saying the unit's pages are not published yet, leading to the unit above."""
    name, link, above = escape(title), escape(up, quote=True), escape(up_title)
    return bare_page(
        f"{title}: chưa có trang",
        f'<meta name="generator" content="{PLACEHOLDER_MARK}">\n',
        f"<h1>{name}</h1>\n"
        f"<p>Trang công khai của {name} chưa được đăng: số liệu của đơn vị đang được cán bộ "
        "kiểm tra, sửa cho đúng. Trang sẽ có ngay khi số liệu đạt yêu cầu.</p>\n"
        f'<p><a href="{link}">Về trang của {above}</a></p>\n',
    )
