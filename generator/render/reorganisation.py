"""What the 2025 reform leaves on the sites: the sentence at a former address, the notice on
every page of a former unit's history, and the province's table of former and current units."""

from __future__ import annotations

from html import escape

from generator.model.pages import PageSpec
from generator.model.units import FormerAddress, FormerUnit, Tree, Unit
from generator.render.placeholder import bare_page

MAPPING_PAGE = "sap-xep-don-vi/index.md"
MAPPING_TITLE = "Sắp xếp đơn vị hành chính"
# successors above a former unit's level: it was dissolved into them, not merged
_UPPER = {"tỉnh": 0, "thành phố": 0, "huyện": 1, "quận": 1, "thị xã": 1}


def day(value) -> str:
    return value.strftime("%d/%m/%Y")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def dissolved(former: FormerUnit, successor: Unit) -> bool:
    """A district ended with its communes placed under the province, not merged into a peer."""
    return _UPPER.get(successor.type, 2) < _UPPER.get(former.type, 2)


def former_sentence(former: FormerUnit, successor: Unit) -> str:
    """«Xã An Định đã sáp nhập vào xã Tân An từ 01/07/2025 theo Nghị quyết …»."""
    basis = f" theo {former.resolution}" if former.resolution else ""
    if dissolved(former, successor):
        return (
            f"{_capital(former.in_text)} đã kết thúc hoạt động từ {day(former.date)}{basis}; "
            f"các đơn vị cấp xã của {former.in_text} nay trực thuộc {successor.in_text}."
        )
    return (
        f"{_capital(former.in_text)} đã sáp nhập vào {successor.in_text} "
        f"từ {day(former.date)}{basis}."
    )


def founded_sentence(unit: Unit) -> str:
    """«Phường Tân An được thành lập từ 01/07/2025 trên cơ sở sáp nhập phường Tân Phong, phường
    Hòa An.», or nothing for a unit that only took in a dissolved one."""
    merged = [f for f in unit.replaces if not dissolved(f, unit)]
    if not merged:
        return ""
    first = min(f.date for f in merged)
    names = ", ".join(f.in_text for f in merged)
    return f"{unit.title} được thành lập từ {day(first)} trên cơ sở sáp nhập {names}."


def former_notice(tree: Tree, unit: Unit | None) -> dict | None:
    """What every page of a former unit's history site says first, and the link to where its
    area is published now (the site one level up)."""
    successor = tree.successor(unit) if unit is not None else None
    if successor is None:
        return None
    return {
        "text": f"{former_sentence(unit.former, successor)} Đây là số liệu {unit.in_text} đã "
        f"công khai trước ngày {day(unit.former.date)}.",
        "link": f"Xem trang của {successor.in_text}",
    }


def moved_sentence(unit: Unit, address: FormerAddress, tree: Tree) -> str:
    """«Phường Hòa An trực thuộc tỉnh Bình Sơn từ 01/07/2025 theo …; trang có địa chỉ mới.»"""
    basis = f" theo {address.resolution}" if address.resolution else ""
    parent = tree.units.get(unit.parent) if unit.parent else None
    where = f"trực thuộc {parent.in_text}" if parent else "có địa chỉ trang mới"
    return f"{_capital(unit.in_text)} {where} từ {day(address.date)}{basis}."


def mapping_rows(tree: Tree, top: Unit) -> list[dict]:
    """Every former unit and former address below `top`, with the current unit it leads to."""
    rows = []
    for unit in tree.subtree(top.code):
        for former in unit.replaces:
            rows.append(
                {
                    "former": former.title,
                    "former_in_text": former.in_text,
                    "code": former.code,
                    "address": "/".join(former.path),
                    "now": unit,
                    "history": tree.units.get(former.code),
                    "change": "Giải thể" if dissolved(former, unit) else "Sáp nhập",
                    "date": former.date,
                    "resolution": former.resolution,
                }
            )
        for address in unit.former_addresses:
            rows.append(
                {
                    "former": unit.title,
                    "former_in_text": unit.in_text,
                    "code": unit.code,
                    "address": "/".join(address.path),
                    "now": unit,
                    "history": None,
                    "change": "Chuyển nơi trực thuộc hoặc đổi tên",
                    "date": address.date,
                    "resolution": address.resolution,
                }
            )
    return sorted(rows, key=lambda r: (r["date"], r["address"], r["former"]))


def mapping_page(tree: Tree, top: Unit) -> PageSpec | None:
    """The province's table of former units and where each now is, or None without any."""
    rows = mapping_rows(tree, top)
    if not rows:
        return None
    return PageSpec(
        MAPPING_PAGE,
        "reorganisation.md.j2",
        {"rows": rows, "tree": tree},
        MAPPING_TITLE,
        # a former unit's name typed in the search box («an dinh») finds its section first,
        # above the pages of its history, which all carry its name too
        meta={
            "search_text": [
                [f"{r['former']} ({r['code']})", f"{r['former']} → {r['now'].title}", 10]
                for r in rows
            ]
        },
    )


def mapping_key(tree: Tree, top: Unit) -> tuple:
    """What the mapping page of `top` shows, for its site's key."""
    return tuple(
        (r["former"], r["code"], r["address"], r["now"].url_path, r["date"], r["resolution"])
        + (r["history"].url_path if r["history"] else "",)
        for r in mapping_rows(tree, top)
    )


def redirect_html(target: str, canonical: str, sentence: str) -> str:
    """A former address's page: it sends the reader on at once (a refresh needs no script, so
    the strict policy holds), and says why and where to anyone whose browser does not follow."""
    to, text = escape(target, quote=True), escape(sentence)
    return bare_page(
        sentence,
        f'<link rel="canonical" href="{escape(canonical, quote=True)}">\n'
        f'<meta http-equiv="refresh" content="0; url={to}">\n',
        f'<p>{text}</p>\n<p>Trang này nay ở địa chỉ mới: <a href="{to}">{to}</a></p>\n',
    )
