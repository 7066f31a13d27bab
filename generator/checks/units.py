"""Checks on what a unit.yaml publishes: the unit's folder name, its name, its office (but the
office's own phone, e-mail and address, public by design), its villages and its reception
schedule must hold no personal data."""

from __future__ import annotations

from generator.checks.personal_data import find_personal_data, problem_code
from generator.input.text_checks import invisible
from generator.model.problems import Problems
from generator.model.units import UNIT_FILE, Tree, Unit

# A commune's site holds no other unit's address (districts and provinces hold their units').
COMMUNE_TYPES = ("xã", "phường", "thị trấn", "đặc khu")

# The office's own contacts: public by design, never checked for personal data.
OFFICE_CONTACTS = ("address", "phone", "email")


def personal_data(unit: Unit, problems: Problems) -> None:
    """No text of a unit.yaml that reaches the site holds personal data, the office's own contacts
    aside; nor does the unit's folder name."""
    shown = f"{unit.shown_folder}/{UNIT_FILE}"
    # the folder's name reaches don-vi.csv and every page's address
    published = [("thư mục đơn vị", unit.shown_folder.rsplit("/", 1)[-1])]
    published += [("name (tên đơn vị)", unit.name)]
    published += [
        (f"office: {key}", value)
        for key, value in unit.office.items()
        if key not in OFFICE_CONTACTS and isinstance(value, str)
    ]
    published += [
        (f"villages, thôn thứ {n}: name", v.name) for n, v in enumerate(unit.villages, start=1)
    ]
    published += [
        (f"reception, dòng {n}: {key}", value)
        for n, entry in enumerate(unit.reception, start=1)
        for key, value in entry.items()
    ]
    folder = published[0][1]
    hidden = invisible(folder)
    if hidden:  # the folder's name is published in don-vi.csv, as staff typed it
        problems.add(
            shown,
            "text-invisible",
            column="thư mục đơn vị",
            value=folder,
            position=hidden[0],
            what=hidden[1],
        )
    for column, value in published:
        hit = find_personal_data(value) if value else None
        if hit:
            problems.add(shown, problem_code(hit[0]), column=column, value=hit[1])


UNIT_CHECKS = (personal_data,)


def _inside(
    path: tuple[str, ...], current: dict, unit: Unit, site_folders: frozenset[str]
) -> tuple[str, str] | None:
    """(whose site, its folder) when `path` lies in the pages of a current unit's site (or the
    tree's top): in a folder that site uses (a kind's, lien-he/, search/, huong-dan/), or
    anywhere inside a current commune's site but the declaring unit's own (a former unit's
    history site holds the old addresses of the units that were under it)."""
    for depth in range(len(path) - 1, -1, -1):
        owner = current.get(path[:depth])
        if depth and owner is None:
            continue
        folder = path[depth]
        if folder in site_folders:
            return (owner.shown_folder if owner else "trang gốc của cây trang", folder)
        if (
            owner is not None
            and owner.type in COMMUNE_TYPES
            and not owner.former
            and owner is not unit
        ):
            return (owner.shown_folder, folder)
        return None
    return None


def former_addresses(
    tree: Tree, problems: Problems, site_folders: frozenset[str] = frozenset()
) -> None:
    """Each former address leads to one place, and never where a current unit is published, nor
    inside the pages of a current unit's site (`site_folders`: the folders a site's pages use):
    its redirect pages would hide that unit's pages. A unit's folder is never named as one of
    those folders either. A former unit's name and type are those its successor gives it, so
    its history is labelled as the reform resolution names it. A unit whose unit.yaml breaks
    these is not built; what it published stays."""
    current = {unit.path: unit for unit in tree}
    # An address whose former unit's folder is in its successor's folder is that successor's,
    # whoever else writes it: another unit's entry never takes it.
    claimed: dict[tuple[str, ...], str] = {
        record.path: f"{unit.shown_folder}/{UNIT_FILE}"
        for unit in tree
        for record in unit.replaces
        if record.path and (former := tree.units.get(record.code)) and former.former is record
    }
    for unit in tree:
        shown = f"{unit.shown_folder}/{UNIT_FILE}"
        before = len(problems.errors)
        own: set[tuple[str, ...]] = set()
        entries = [
            (f"replaces, đơn vị cũ thứ {n}: path", f.path, tree.units.get(f.code))
            for n, f in enumerate(unit.replaces, start=1)
        ] + [
            (f"former_addresses, địa chỉ cũ thứ {n}: path", a.path, unit)
            for n, a in enumerate(unit.former_addresses, start=1)
        ]
        if unit.path and unit.path[-1] in site_folders:
            problems.add(
                shown,
                "unit-slug-reserved",
                column="slug (đường dẫn)",
                value=unit.path[-1],
                slug=unit.path[-1],
            )
        for column, path, owner in entries:
            if not path:
                continue
            inside = _inside(path, current, unit, site_folders)
            if inside is not None:
                problems.add(
                    shown,
                    "unit-former-path-reserved",
                    column=column,
                    value="/".join(path),
                    address="/".join(path),
                    other=inside[0],
                    folder=inside[1],
                )
                continue
            there = current.get(path)
            # a successor may keep a replaced unit's address (xã A and xã B become xã A)
            taken = there is not None and there not in (owner, unit)
            if not taken and path not in own and claimed.setdefault(path, shown) == shown:
                own.add(path)
                continue
            problems.add(
                shown,
                "unit-former-path-taken" if taken else "unit-former-path-duplicate",
                column=column,
                value="/".join(path),
                address="/".join(path),
                other=there.shown_folder if taken else claimed[path],
            )
        for number, record in enumerate(unit.replaces, start=1):
            former = tree.units.get(record.code)
            if former is not None and former.former is not record:
                # the unit of that code is current, or the history of another unit's merger
                problems.add(
                    shown,
                    "unit-replaces-elsewhere",
                    column=f"replaces, đơn vị cũ thứ {number}: code",
                    value=record.code,
                    code=record.code,
                    folder=former.shown_folder,
                )
                continue
            if (
                former is not None
                and former.former is record
                and ((former.type, former.name) != (record.type, record.name))
            ):
                problems.add(
                    shown,
                    "unit-replaces-mismatch",
                    column=f"replaces, đơn vị cũ thứ {number}",
                    value=record.in_text,
                    written=record.in_text,
                    found=former.in_text,
                    folder=former.shown_folder,
                )
        if unit.former and (unit.formers or unit.children):
            # a former unit's history site is a leaf: what sits in its folder would be lost
            problems.add(
                shown,
                "unit-former-holds-units",
                column="replaces" if unit.formers else "thư mục đơn vị",
                units=", ".join(tree.units[c].shown_folder for c in unit.children + unit.formers),
            )
        # not built, its published pages kept, as for any unit.yaml that does not read
        unit.broken = unit.broken or problems.errors[before:]
        if unit.former and unit.broken:  # and nothing inside a refused former unit either
            for inside in tree.descendants(unit):
                inside.broken = inside.broken or unit.broken
