"""Reading the tree of units: every `unit.yaml` under the data folder, each checked and placed
under the nearest unit folder above it."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from generator.input.cells import ValueError_, convert
from generator.input.safe_yaml import YamlProblem, load_yaml
from generator.input.sources import sha256
from generator.model.problems import Problems
from generator.model.schema import Field
from generator.model.slugs import is_valid_slug, slug
from generator.model.text import clean, vietnamese_key
from generator.model.units import (
    UNIT_FILE,
    UNIT_TYPES,
    VILLAGE_TYPES,
    FormerAddress,
    FormerUnit,
    Tree,
    Unit,
    Village,
    is_staff_own,
)

_CODE = re.compile(r"^\d{2}$|^\d{3}$|^\d{5}$")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")
# Who may change a unit's folder, as GitHub's CODEOWNERS names them: @user, @org/team or an email
_OWNER = re.compile(
    r"^@[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(?:/[A-Za-z0-9][A-Za-z0-9_.-]*)?$"
)


_TEXT = Field("text", "", required=True)
_OPTIONAL_TEXT = Field("text", "")
_FLAG = Field("flag", "", type="boolean")
_DATE = Field("date", "", type="date", required=True)


def _text(data: dict, key: str, title: str, shown: str, problems: Problems, required=True) -> str:
    try:
        value = convert(_TEXT if required else _OPTIONAL_TEXT, data.get(key))
    except ValueError_ as error:
        raw = data.get(key)
        # shown dd/mm/yyyy
        problems.add_raised(
            shown,
            error,
            column=title,
            place="mục",
            value=raw if isinstance(raw, (dt.date, dt.time)) else None,
        )
        return ""
    if value is not None and not isinstance(data.get(key), (str, int)):
        problems.add(shown, "unit-text-expected", column=title, value=data.get(key))
        return ""
    return value or ""


UNIT_KEYS = (
    "code",
    "type",
    "name",
    "slug",
    "sample",
    "villages",
    "office",
    "reception",
    "owners",
    "replaces",
    "former_addresses",
)
FORMER_UNIT_KEYS = ("code", "type", "name", "path", "date", "resolution")
FORMER_ADDRESS_KEYS = ("path", "date", "resolution")
OFFICE_KEYS = ("name", "address", "phone", "email")
VILLAGE_KEYS = ("code", "type", "name")
RECEPTION_KEYS = ("day", "time", "place", "host")


def _known_keys(
    data: dict, allowed: tuple[str, ...], shown: str, problems: Problems, prefix: str = ""
) -> None:
    """A misspelt key («recepton») would otherwise be dropped without a word, and with it the
    schedule; so would the rest of a value cut at a comma in {…} («name: Thôn A, B»)."""
    for key in data:
        if key not in allowed:
            problems.add(
                shown,
                "unit-key-unknown",
                column=f"{prefix}{key}",
                key=key,
                allowed=", ".join(allowed),
            )


def read_yaml_file(path: Path):
    """A YAML file's data and the SHA-256 of its bytes, from one read."""
    data = path.read_bytes()
    return load_yaml(path, data=data), sha256(data)


def read_unit(
    folder: Path, data_root: Path, problems: Problems, load=read_yaml_file
) -> Unit | None:
    """The unit a folder's unit.yaml describes, or None when it cannot be read (problems say why).
    `load` reads a YAML file into (data, SHA-256 of its bytes)."""
    shown_folder = folder.relative_to(data_root).as_posix()
    shown = f"{shown_folder}/{UNIT_FILE}"
    if (folder / UNIT_FILE).is_symlink():
        problems.add(shown, "unit-file-symlink")
        return None
    try:
        data, file_sha256 = load(folder / UNIT_FILE)
    except YamlProblem as error:
        problems.add_raised(shown, error)
        return None
    except OSError as error:
        problems.add(shown, "file-unreadable", reason=error.strerror)
        return None
    if not isinstance(data, dict):
        problems.add(shown, "unit-not-mapping")
        return None
    before = len(problems.errors)
    _known_keys(data, UNIT_KEYS, shown, problems)
    code = _text(data, "code", "code (mã đơn vị)", shown, problems)
    if code and not _CODE.fullmatch(code):
        problems.add(shown, "unit-code-format", column="code (mã đơn vị)", value=code)
    unit_type = _text(data, "type", "type (loại đơn vị)", shown, problems).lower()
    if unit_type and unit_type not in UNIT_TYPES:
        problems.add(
            shown,
            "unit-type-unknown",
            column="type (loại đơn vị)",
            value=unit_type,
            types=", ".join(UNIT_TYPES),
        )
    name = _text(data, "name", "name (tên đơn vị)", shown, problems)
    # «Phường Bình Minh» as the name gives «Phường Phường Bình Minh» and a new address
    if unit_type and name.lower().startswith(unit_type + " "):
        problems.add(
            shown,
            "unit-name-has-type",
            column="name (tên đơn vị)",
            value=name,
            type=unit_type,
            bare=name[len(unit_type) + 1 :].strip(),
        )
    unit_slug = _text(data, "slug", "slug (đường dẫn)", shown, problems, required=False)
    unit_slug = unit_slug or slug(f"{unit_type} {name}")
    if not is_valid_slug(unit_slug):
        problems.add(shown, "unit-slug-format", column="slug (đường dẫn)", value=unit_slug)
    try:
        sample = bool(convert(_FLAG, data.get("sample")))
    except ValueError_ as error:  # «sample: không» is text, and any text read as true once
        problems.add_raised(
            shown, error, column="sample (dữ liệu mẫu)", value=data.get("sample"), place="mục"
        )
        sample = False
    villages = _read_villages(data.get("villages") or [], shown, problems)
    office = data.get("office") or {}
    if not isinstance(office, dict):
        problems.add(shown, "unit-office-shape", column="office")
        office = {}
    _known_keys(office, OFFICE_KEYS, shown, problems, "office.")
    office_clean = {
        key: _text(
            office, key, f"office.{key}", shown, problems, required=key in ("name", "address")
        )
        for key in ("name", "address", "phone", "email")
    }
    if office_clean["email"] and not _EMAIL.fullmatch(office_clean["email"]):
        problems.add(shown, "unit-email-format", column="office.email", value=office_clean["email"])
    reception = _read_reception(data.get("reception") or [], shown, problems)
    owners = _read_owners(data.get("owners") or [], shown, problems)
    replaces = _read_replaced(data.get("replaces") or [], shown, problems)
    former_addresses = _read_former_addresses(data.get("former_addresses") or [], shown, problems)
    if len(problems.errors) > before:
        return None
    return Unit(
        code=code,
        type=unit_type,
        name=name,
        slug=unit_slug,
        folder=folder,
        shown_folder=shown_folder,
        sample=sample,
        villages=villages,
        office=office_clean,
        reception=reception,
        owners=owners,
        replaces=replaces,
        former_addresses=former_addresses,
        file_sha256=file_sha256,
    )


def _date(item: dict, column: str, shown: str, problems: Problems) -> dt.date | None:
    try:
        return convert(_DATE, item.get("date"))
    except ValueError_ as error:
        problems.add_raised(shown, error, column=column, value=item.get("date"), place="mục")
        return None


def _address(raw, column: str, shown: str, problems: Problems) -> tuple[str, ...] | None:
    """A former address as staff copy it from the old site: «tinh-a/huyen-b/xa-c», slashes
    around it allowed; never a web address, whose host and folder the build cannot know."""
    text = raw.strip().strip("/") if isinstance(raw, str) else ""
    parts = tuple(text.split("/")) if text else ()
    if not parts or not all(is_valid_slug(p) for p in parts):
        problems.add(shown, "unit-former-path-format", column=column, value=raw)
        return None
    return parts


def _mappings(
    items, key: str, each: str, codes: tuple[str, str], allowed, shown: str, problems: Problems
) -> list[tuple[str, dict]]:
    """(column, entry) of each «key: value» entry of a unit.yaml list, the column naming it as
    staff count («villages, thôn thứ 2»). `codes`: the problems of a value that is not a list
    and of an entry that is not a mapping; an entry's unknown keys are told as everywhere."""
    if not isinstance(items, list):
        problems.add(shown, codes[0], column=key)
        return []
    found = []
    for number, item in enumerate(items, start=1):
        column = f"{key}, {each} {number}"
        if not isinstance(item, dict):
            problems.add(shown, codes[1], column=column)
            continue
        _known_keys(item, allowed, shown, problems, f"{column}: ")
        found.append((column, item))
    return found


def _read_replaced(items, shown: str, problems: Problems) -> tuple[FormerUnit, ...]:
    """The units merged into this one, or dissolved into it (`replaces:`)."""
    found, codes = [], set()
    shapes = ("unit-replaces-shape", "unit-replaces-entry-shape")
    for column, item in _mappings(
        items, "replaces", "đơn vị cũ thứ", shapes, FORMER_UNIT_KEYS, shown, problems
    ):
        code = _text(item, "code", f"{column}: code", shown, problems)
        if code and not _CODE.fullmatch(code):
            problems.add(shown, "unit-code-format", column=f"{column}: code", value=code)
        if code in codes:
            problems.add(shown, "unit-replaces-duplicate", column=f"{column}: code", value=code)
        codes.add(code)
        kind = _text(item, "type", f"{column}: type", shown, problems).lower()
        if kind and kind not in UNIT_TYPES:
            problems.add(
                shown,
                "unit-type-unknown",
                column=f"{column}: type",
                value=kind,
                types=", ".join(UNIT_TYPES),
            )
        name = _text(item, "name", f"{column}: name", shown, problems)
        path = ()
        if item.get("path") is not None:
            path = _address(item.get("path"), f"{column}: path", shown, problems) or ()
        date = _date(item, f"{column}: date", shown, problems)
        resolution = _text(item, "resolution", f"{column}: resolution", shown, problems)
        if date is not None:
            found.append(FormerUnit(code, kind, name, path, date, resolution))
    return tuple(found)


def _read_former_addresses(items, shown: str, problems: Problems) -> tuple[FormerAddress, ...]:
    """Where the unit itself was published before it was moved or renamed."""
    found = []
    shapes = ("unit-former-addresses-shape", "unit-former-address-shape")
    for column, item in _mappings(
        items, "former_addresses", "địa chỉ cũ thứ", shapes, FORMER_ADDRESS_KEYS, shown, problems
    ):
        path = _address(item.get("path"), f"{column}: path", shown, problems)
        date = _date(item, f"{column}: date", shown, problems)
        resolution = _text(
            item, "resolution", f"{column}: resolution", shown, problems, required=False
        )
        if path and date is not None:
            found.append(FormerAddress(path, date, resolution))
    return tuple(found)


def _read_owners(items, shown: str, problems: Problems) -> tuple[str, ...]:
    """The GitHub accounts or teams that may change the unit's folder (`congkhai codeowners`)."""
    if not isinstance(items, list):
        problems.add(shown, "unit-owners-shape", column="owners")
        return ()
    owners = []
    for number, item in enumerate(items, start=1):
        text = item.strip() if isinstance(item, str) else ""
        if not (_OWNER.fullmatch(text) or _EMAIL.fullmatch(text)):
            problems.add(shown, "unit-owner-format", column=f"owners, mục thứ {number}", value=item)
            continue
        owners.append(text)
    return tuple(owners)


def _read_villages(items, shown: str, problems: Problems) -> tuple[Village, ...]:
    villages, codes = [], {}
    shapes = ("unit-villages-shape", "unit-village-shape")
    for column, item in _mappings(
        items, "villages", "thôn thứ", shapes, VILLAGE_KEYS, shown, problems
    ):
        code = _text(item, "code", f"{column}: code", shown, problems)
        kind = _text(item, "type", f"{column}: type", shown, problems).lower()
        name = _text(item, "name", f"{column}: name", shown, problems)
        if kind and kind not in VILLAGE_TYPES:
            problems.add(
                shown,
                "unit-village-type",
                column=f"{column}: type",
                value=kind,
                types=", ".join(VILLAGE_TYPES),
            )
        # datasets name a village by its code or its name, in any case (Unit.village): each
        # must lead to one village
        code_key, name_key = clean(code).casefold(), clean(name).casefold()
        if code_key in codes:
            problems.add(shown, "unit-village-duplicate", column=f"{column}: code", value=code)
        elif name_key in codes and name_key != code_key:
            problems.add(
                shown,
                "unit-village-name-duplicate",
                column=f"{column}: name",
                value=name,
                other=codes[name_key],
            )
        codes.setdefault(code_key, f"{column}: {code}")
        codes.setdefault(name_key, f"{column}: {name}")
        villages.append(Village(code, kind, name))
    return tuple(villages)


def _read_reception(items, shown: str, problems: Problems) -> tuple[dict, ...]:
    entries = []
    shapes = ("unit-reception-shape", "unit-reception-entry-shape")
    for column, item in _mappings(
        items, "reception", "dòng", shapes, RECEPTION_KEYS, shown, problems
    ):
        entries.append(
            {
                key: _text(item, key, f"{column}: {key}", shown, problems, required=key != "host")
                for key in RECEPTION_KEYS
            }
        )
    return tuple(entries)


def discover(
    data_root: Path,
    problems: Problems,
    dataset_folders: frozenset[str],
    known: dict | None = None,
    load=read_yaml_file,
    checks=(),
) -> Tree:
    """Every unit under data_root, linked to its parent; bad unit.yaml files become problems.

    `dataset_folders` are the kinds' folder names: a unit's datasets, never units. `known` maps a
    unit folder (as staff name it) to the identity it had in the last good build (see
    `remembered_units`). A unit whose unit.yaml is now broken keeps that identity, marked
    `broken`, so its published site and its children's stay where they are. `load` reads a
    unit.yaml (pipeline.cache.ParsedYaml.load keeps them between builds). Each of `checks` is
    called with a unit read and the problems: an error it adds makes the unit.yaml unreadable.
    """
    walk = _Walk(data_root, problems, dataset_folders, known or {}, load, checks)
    if data_root.is_dir():
        walk.visit(data_root, None)
    else:
        problems.add(str(data_root), "data-folder-missing")
    units, roots = walk.units, walk.roots
    for unit in units.values():
        unit.children.sort(key=lambda c: vietnamese_key(units[c].name))
        unit.formers.sort(key=lambda c: vietnamese_key(units[c].name))
    roots.sort(key=lambda c: vietnamese_key(units[c].name))
    tree = Tree(units, roots)
    _also_named(tree)
    return tree


def _also_named(tree: Tree) -> None:
    """The units a unit's datasets may name besides its own lineage, after the 2025 reform: the
    units above its former addresses, or above a former unit's (a 2024 decision of the district
    it has left), the units merged into it and, for a former unit, those merged with it."""
    by_path = {unit.path: unit.in_text for unit in tree}
    by_path |= {f.path: f.in_text for unit in tree for f in unit.replaces if f.path}
    for unit in tree:
        addresses = [a.path for a in unit.former_addresses]
        addresses += [unit.former.path] if unit.former and unit.former.path else []
        names = [
            by_path[path[:n]]
            for path in addresses
            for n in range(1, len(path))
            if path[:n] in by_path
        ]
        names += [f.in_text for f in unit.replaces]
        successor = tree.successor(unit)
        if successor is not None:
            names += [f.in_text for f in successor.replaces]
        unit.also_named = tuple(dict.fromkeys(n for n in names if n not in unit.lineage))


class _Walk:
    """One walk of the data folder, for discover (an object, not a recursive closure: a closure
    that calls itself is a reference cycle, which keeps `load` and all it read until a full
    collection)."""

    def __init__(
        self,
        data_root: Path,
        problems: Problems,
        dataset_folders: frozenset[str],
        known: dict,
        load,
        checks,
    ):
        self.data_root, self.problems, self.dataset_folders = data_root, problems, dataset_folders
        self.known, self.load, self.checks = known, load, checks
        self.units: dict[str, Unit] = {}
        self.roots: list[str] = []

    def _newcomer(self, placed: Unit, unit: Unit) -> bool:
        """Whether `placed`, holding no unit, is new under `unit`'s code, which the last good
        build knew in `unit`'s folder."""
        remembered = self.known.get(unit.shown_folder) or {}
        before = self.known.get(placed.shown_folder) or {}
        return (
            remembered.get("code") == unit.code
            and before.get("code") != unit.code
            and not placed.children
            and not placed.formers
        )

    def _address_changed(self, unit: Unit) -> None:
        """Warn when a unit's address changed since the last good build (its name or slug
        edited) with no former address to forward its old pages' readers."""
        before = (self.known.get(unit.shown_folder) or {}).get("slug")
        if not before or before == unit.slug or unit.broken:
            return
        old = unit.path[:-1] + (before,)
        if any(a.path == old for a in unit.former_addresses):
            return
        self.problems.add(
            f"{unit.shown_folder}/{UNIT_FILE}",
            "unit-address-changed",
            column="name (tên đơn vị)",
            value=unit.name,
            old="/".join(old),
            new="/".join(unit.path),
        )

    def _unplace(self, placed: Unit) -> None:
        """Take a unit out of the tree being walked."""
        del self.units[placed.code]
        parent = self.units.get(placed.parent) if placed.parent else None
        for siblings in (parent.children, parent.formers) if parent else (self.roots,):
            if placed.code in siblings:
                siblings.remove(placed.code)

    def visit(self, folder: Path, parent: Unit | None) -> None:
        data_root, problems, known, units, roots = (
            self.data_root,
            self.problems,
            self.known,
            self.units,
            self.roots,
        )
        unit = None
        missing = (
            folder != data_root
            and not (folder / UNIT_FILE).is_file()
            and _lost_unit_file(folder, data_root, known)
        )
        if (folder / UNIT_FILE).is_file() or missing:
            errors_before = len(problems.errors)
            if missing:  # it was a unit, or looks like one: say so, keep what it published
                problems.add(
                    f"{folder.relative_to(data_root).as_posix()}/{UNIT_FILE}",
                    missing[0],
                    **missing[1],
                )
            else:
                unit = read_unit(folder, data_root, problems, self.load)
                for check in self.checks if unit is not None else ():
                    check(unit, problems)
                if len(problems.errors) > errors_before:
                    unit = None
            if unit is not None:
                clash = units.get(unit.code)
                if clash and self._newcomer(clash, unit):
                    # a copied folder (staff add a commune by copying one) walked first: the
                    # copy is refused, not the unit that published under this code
                    problems.add(
                        f"{clash.shown_folder}/{UNIT_FILE}",
                        "unit-code-duplicate",
                        column="code",
                        value=clash.code,
                        other=unit.shown_folder,
                    )
                    self._unplace(clash)
                    clash = None
                sibling_slugs = {
                    units[c].slug for c in (parent.children + parent.formers if parent else roots)
                }
                if clash:
                    problems.add(
                        f"{unit.shown_folder}/{UNIT_FILE}",
                        "unit-code-duplicate",
                        column="code",
                        value=unit.code,
                        other=clash.shown_folder,
                    )
                    unit = None
                elif unit.slug in sibling_slugs:
                    problems.add(
                        f"{unit.shown_folder}/{UNIT_FILE}",
                        "unit-slug-duplicate",
                        column="slug",
                        value=unit.slug,
                    )
                    unit = None
            if unit is None:
                unit = _remembered(folder, data_root, known, units, problems.errors[errors_before:])
            if unit is None:
                return  # a new unit that cannot be read: its subtree cannot be placed
            unit.parent = parent.code if parent else None
            unit.path = (parent.path if parent else ()) + (unit.slug,)
            unit.lineage = (parent.lineage if parent else ()) + (unit.in_text,)
            units[unit.code] = unit
            self._address_changed(unit)
            # a unit its parent says it replaced keeps its history there, not as a current unit
            replaced = parent.replaces if parent else ()
            unit.former = next((f for f in replaced if f.code == unit.code), None)
            if unit.former:
                parent.formers.append(unit.code)
            else:
                (parent.children if parent else roots).append(unit.code)
            stray = _stray_folders(folder, data_root, known, self.dataset_folders)
            # a renamed dataset folder would drop a whole section: the unit keeps its pages
            if stray:
                before = len(problems.errors)
                for code, details in stray:
                    problems.add(unit.shown_folder, code, **details)
                unit.broken = unit.broken or problems.errors[before:]
        for sub in sorted(p for p in folder.iterdir() if p.is_dir() and not is_staff_own(p.name)):
            if unit is not None and sub.name in self.dataset_folders:
                continue  # a unit's datasets; units are never placed inside them
            if sub.is_symlink():
                if (sub / UNIT_FILE).exists():
                    problems.add(sub.relative_to(data_root).as_posix(), "unit-folder-symlink")
                continue
            self.visit(sub, unit or parent)


def _lost_unit_file(folder: Path, data_root: Path, known: dict) -> tuple | None:
    """Why a folder without unit.yaml is taken for a unit whose file went missing (it was a unit
    in the last good build, or holds a file named like one: «unit.yml», «unit.yaml.txt»), as a
    problem's (code, details), or None."""
    lookalikes = sorted(
        p.name
        for p in folder.iterdir()
        if p.is_file()
        and p.name != UNIT_FILE
        and p.name.lower().replace(" ", "").startswith("unit.")
    )
    if lookalikes:
        return "unit-file-misnamed", {"unit_file": UNIT_FILE, "found": lookalikes[0]}
    if folder.relative_to(data_root).as_posix() in known:
        return "unit-file-lost", {"unit_file": UNIT_FILE}
    return None


def holds_a_unit(data_root: Path) -> bool:
    """A unit.yaml somewhere discover reads (not in staff's own folders)."""
    for _, folders, files in os.walk(data_root):
        if UNIT_FILE in files:
            return True
        folders[:] = [f for f in folders if not is_staff_own(f)]
    return False


def _stray_folders(
    folder: Path, data_root: Path, known: dict, dataset_folders: set[str]
) -> list[tuple]:
    """Problems (code, details) of a unit's subfolders that are neither datasets nor units (nor
    hold units): a dataset folder renamed by hand (capitals, spaces for hyphens) would otherwise
    take the whole section off the site. Folders starting with "_" or "." are staff's own
    (templates, notes)."""
    found = []
    for sub in sorted(p for p in folder.iterdir() if p.is_dir() and not p.is_symlink()):
        if sub.name in dataset_folders or is_staff_own(sub.name):
            continue
        if (
            (sub / UNIT_FILE).is_file()
            or _lost_unit_file(sub, data_root, known)
            or any(sub.rglob(UNIT_FILE))
        ):
            continue
        meant = next((f for f in sorted(dataset_folders) if slug(sub.name) == f), None)
        if meant:
            found.append(("folder-misnamed", {"folder": sub.name, "meant": meant}))
        else:
            found.append(
                (
                    "folder-unknown",
                    {
                        "folder": sub.name,
                        "folders": ", ".join(sorted(dataset_folders)),
                        "unit_file": UNIT_FILE,
                    },
                )
            )
    return found


def _remembered(
    folder: Path, data_root: Path, known: dict, units: dict, errors: list
) -> Unit | None:
    shown_folder = folder.relative_to(data_root).as_posix()
    identity = known.get(shown_folder)
    if not identity or identity["code"] in units:
        return None
    return Unit(
        code=identity["code"],
        type=identity["type"],
        name=identity["name"],
        slug=identity["slug"],
        folder=folder,
        shown_folder=shown_folder,
        # its former units stay former while its unit.yaml does not read (not current communes)
        replaces=tuple(
            f for f in map(_former_from_memory, identity.get("replaces") or ()) if f is not None
        ),
        # and its redirects stay: its old addresses
        former_addresses=tuple(
            a
            for a in map(_address_from_memory, identity.get("former_addresses") or ())
            if a is not None
        ),
        broken=list(errors),
    )


def _former_to_memory(former: FormerUnit) -> list:
    return [
        former.code,
        former.type,
        former.name,
        "/".join(former.path),
        former.date.isoformat(),
        former.resolution,
    ]


def _address_from_memory(kept) -> FormerAddress | None:
    """A former address as the memory kept it, or None from a damaged memory."""
    try:
        path, date, resolution = kept
        return FormerAddress(tuple(path.split("/")), dt.date.fromisoformat(date), resolution)
    except (TypeError, ValueError, AttributeError):
        return None


def _former_from_memory(kept) -> FormerUnit | None:
    """A former unit as the memory kept it, or None from a damaged memory."""
    try:
        code, kind, name, path, date, resolution = kept
        path = tuple(path.split("/")) if path else ()
        return FormerUnit(code, kind, name, path, dt.date.fromisoformat(date), resolution)
    except (TypeError, ValueError, AttributeError):
        return None


def remembered_units(tree: Tree, known: dict | None = None) -> dict:
    """Identities to remember for the next build: this build's good units, and for broken ones
    what was remembered before."""
    memory = {}
    for unit in tree:
        if unit.broken:
            if known and unit.shown_folder in known:
                memory[unit.shown_folder] = known[unit.shown_folder]
        else:
            memory[unit.shown_folder] = {
                "code": unit.code,
                "type": unit.type,
                "name": unit.name,
                "slug": unit.slug,
            }
            if unit.replaces:
                memory[unit.shown_folder]["replaces"] = [
                    _former_to_memory(f) for f in unit.replaces
                ]
            if unit.former_addresses:
                memory[unit.shown_folder]["former_addresses"] = [
                    ["/".join(a.path), a.date.isoformat(), a.resolution]
                    for a in unit.former_addresses
                ]
    return memory
