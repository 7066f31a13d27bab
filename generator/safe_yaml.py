"""YAML from staff, loaded safely and within limits: no Python objects, no alias bombs,
no file so large that reading it exhausts memory."""

from __future__ import annotations

from pathlib import Path

import yaml

MAX_YAML_BYTES = 2 * 1024 * 1024
MAX_ALIASES = 200


class YamlProblem(Exception):
    """Why a YAML file cannot be read, in Vietnamese."""


class _LimitedLoader(yaml.SafeLoader):
    def __init__(self, stream):
        super().__init__(stream)
        self.aliases_seen = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self.aliases_seen += 1
            if self.aliases_seen > MAX_ALIASES:
                raise YamlProblem(f"tệp dùng quá nhiều tham chiếu (alias «*»), hơn {MAX_ALIASES}; "
                                  "hãy viết giá trị trực tiếp")
        return super().compose_node(parent, index)


def load_yaml(path: Path, max_bytes: int = MAX_YAML_BYTES):
    size = path.stat().st_size
    if size > max_bytes:
        raise YamlProblem(f"tệp quá lớn ({size:,} byte); giới hạn là {max_bytes:,} byte".replace(",", "."))
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise YamlProblem("tệp không ở bảng mã UTF-8; hãy lưu lại bằng UTF-8") from None
    try:
        return yaml.load(text, Loader=_LimitedLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"dòng {mark.line + 1}, cột {mark.column + 1}" if mark else "không rõ vị trí"
        raise YamlProblem(f"lỗi cú pháp YAML ở {where}: {error.problem}") from None
    except yaml.YAMLError as error:
        raise YamlProblem(f"lỗi cú pháp YAML: {error}") from None
    except RecursionError:
        raise YamlProblem("tệp lồng nhau quá sâu") from None
