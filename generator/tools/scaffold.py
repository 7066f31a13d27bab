"""`congkhai new`: a new unit folder with a unit.yaml to fill in and the Excel templates."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.input.units import read_unit
from generator.kinds.registry import all_kinds
from generator.model.problems import Problems
from generator.model.slugs import slug
from generator.model.units import UNIT_FILE, UNIT_TYPES
from generator.tools.excel_templates import write_kind_templates

TEMPLATES_FOLDER = "_mau-nhap-lieu"  # no unit.yaml and no kind folder name: never loaded as data

UNIT_TEMPLATE = """\
# Thông tin đơn vị. Sửa các dòng dưới đây rồi chạy: make validate
code: "{code}"          # mã đơn vị: 2 chữ số (tỉnh), 3 (huyện) hoặc 5 (xã)
type: {type}            # {types}
name: {name}            # tên, không kèm chữ chỉ loại đơn vị
villages:               # thôn, bản, tổ dân phố (chỉ với xã, phường, thị trấn)
  - {{code: T01, type: thôn, name: Thôn Một}}
office:
  name: Ủy ban nhân dân {title}
  address: {title}       # sửa thành địa chỉ trụ sở
  phone: ""              # số điện thoại cơ quan (được phép công khai)
  email: ""              # thư điện tử cơ quan
reception:              # lịch tiếp công dân
  - day: Thứ Năm hằng tuần
    time: "7:30 – 11:00"
    place: Trụ sở Ủy ban nhân dân
    host: Chủ tịch Ủy ban nhân dân
# owners:               # tài khoản GitHub duyệt thay đổi thư mục này, rồi chạy: make codeowners
#   - "@ten-tai-khoan"
"""


class ScaffoldProblem(Exception):
    """Why the unit cannot be created, in Vietnamese."""


def _data_root(folder: Path) -> Path:
    """The data folder holding `folder`: the folder above the highest unit above it."""
    root = folder.resolve()
    while (root / UNIT_FILE).is_file() and root.parent != root:
        root = root.parent
    return root


def _code_in_use(parent: Path, code: str) -> Path | None:
    """The folder of the unit of the data tree that already has this code, if any."""
    root = _data_root(parent)
    for path in sorted(root.rglob(UNIT_FILE)):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, yaml.YAMLError):
            continue
        if isinstance(data, dict) and str(data.get("code", "")).strip() == code.strip():
            return path.parent
    return None


def new_unit(parent: Path, code: str, unit_type: str, name: str) -> Path:
    if unit_type not in UNIT_TYPES:
        raise ScaffoldProblem("loại đơn vị phải là một trong: " + ", ".join(UNIT_TYPES))
    if not parent.is_dir():
        raise ScaffoldProblem(f"không có thư mục {parent}")
    taken = _code_in_use(parent, code)
    if taken is not None:
        raise ScaffoldProblem(f"mã {code} đã là mã của đơn vị trong {taken}; hãy kiểm tra lại mã")
    title = f"{unit_type} {name}"
    folder = parent / slug(title)
    if folder.exists():
        raise ScaffoldProblem(f"thư mục {folder} đã có; hãy chọn tên khác")
    folder.mkdir()
    (folder / UNIT_FILE).write_text(
        UNIT_TEMPLATE.format(
            code=code, type=unit_type, name=name, title=title, types=", ".join(UNIT_TYPES)
        ),
        encoding="utf-8",
    )
    unit = read_unit(folder, parent, Problems())  # the template's villages go into the drop-downs
    for kind in all_kinds():
        write_kind_templates(kind, unit, folder / TEMPLATES_FOLDER / kind.folder)
    return folder
