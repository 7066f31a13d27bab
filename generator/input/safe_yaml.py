"""YAML from staff, loaded safely and within limits: no Python objects, no alias bombs,
no file so large that reading it exhausts memory."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from generator.model.formatting import number
from generator.model.problems import Coded

MAX_YAML_BYTES = 2 * 1024 * 1024
MAX_ALIASES = 200
# values once aliases are written out; a few aliases nest into billions
MAX_EXPANDED_NODES = 1_000_000
# values a file may hold (a 12,000-row table of six columns; larger tables belong in CSV or Excel
# files): loading is then bounded to seconds and a few hundred MB, where a 20 MB file of tiny
# values would take minutes and gigabytes
MAX_NODES = 150_000

# PyYAML's usual complaints, said in Vietnamese (matched on the start of its English text).
_PROBLEMS = (
    (
        "mapping values are not allowed",
        "dấu «:» không được đặt ở đây; nếu giá trị có dấu hai chấm, "
        "hãy đặt cả giá trị trong dấu nháy kép; nếu dòng trên là một mục, "
        "sau dấu «:» của nó cần một dấu cách",
    ),
    ("could not find expected ':'", "thiếu dấu «:» sau tên mục"),
    ("found character '\\t'", "có ký tự Tab; hãy thụt lề bằng dấu cách"),
    ("found unexpected end of stream", "dấu nháy chưa được đóng"),
    ("found undefined alias", "tham chiếu «*» chưa được khai báo"),
    (
        "expected <block end>, but found '<scalar>'",
        "thụt lề không đúng, hoặc có dấu nháy kép nằm bên trong một "
        "giá trị đặt trong dấu nháy kép (hãy dùng «» hoặc nháy đơn)",
    ),
    ("expected <block end>", "thụt lề không đúng"),
    ("expected ',' or ']'", "thiếu dấu «]» đóng danh sách"),
    ("expected ',' or '}'", "thiếu dấu «}» đóng nhóm"),
    (
        "could not determine a constructor",
        "có thẻ «!» không được phép; hãy viết giá trị bình thường",
    ),
    (
        "found unknown escape character",
        "có ký tự «\\» không hợp lệ trong dấu nháy kép; hãy dùng dấu nháy đơn",
    ),
    ("found unhashable key", "tên mục phải là chữ, không phải danh sách hay nhóm mục"),
    (
        "found character '@' that cannot start",
        "giá trị bắt đầu bằng «@» cần đặt trong dấu nháy kép",
    ),
    (
        "found character '`' that cannot start",
        "giá trị bắt đầu bằng «`» cần đặt trong dấu nháy kép",
    ),
    (
        "found character",
        "có ký tự không được đứng đầu giá trị; hãy đặt cả giá trị trong dấu nháy kép",
    ),
    ("expected the node content", "thiếu giá trị, hoặc dấu «[» hay «{» chưa được đóng"),
    ("but found another document", "có dòng «---» hoặc «...» giữa tệp; hãy xóa dòng đó"),
    ("expected a single document", "có dòng «---» hoặc «...» giữa tệp; hãy xóa dòng đó"),
    (
        "unacceptable character",
        "có ký tự điều khiển không nhìn thấy (thường do dán từ nơi khác); hãy gõ lại dòng đó",
    ),
    (
        "sequence entries are not allowed",
        "dấu «-» đầu dòng không đúng chỗ: danh sách phải thụt lề dưới mục của "
        "nó; giá trị bắt đầu bằng «-» cần đặt trong dấu nháy kép",
    ),
)


class YamlProblem(Coded):
    """Why a YAML file cannot be read (its code), and where."""


def _in_vietnamese(problem: str | None) -> str:
    problem = problem or ""
    for start, vietnamese in _PROBLEMS:
        if problem.startswith(start):
            return vietnamese
    return "không đọc được; hãy kiểm tra dòng này so với mẫu" if problem else "không đọc được"


def _expanded_size(node, sizes: dict, active: set) -> int:
    """Nodes of the document once every alias is written out (an anchor shared by several
    aliases counts each time); raises as soon as that passes MAX_EXPANDED_NODES."""
    key = id(node)
    if key in sizes:
        return sizes[key]
    if key in active:  # an anchor that refers to itself: PyYAML builds it once
        return 1
    active.add(key)
    if isinstance(node, yaml.SequenceNode):
        children = node.value
    elif isinstance(node, yaml.MappingNode):
        children = [part for pair in node.value for part in pair]
    else:
        children = ()
    total = 1
    for child in children:
        total += _expanded_size(child, sizes, active)
        if total > MAX_EXPANDED_NODES:
            raise YamlProblem("yaml-aliases-expand", limit=number(MAX_EXPANDED_NODES))
    active.discard(key)
    sizes[key] = total
    return total


class _Checks:
    """Construction checks shared by both loaders."""

    def construct_mapping(self, node, deep=False):
        # PyYAML keeps the last of two equal keys without a word; staff then wonder where the
        # first value went.
        seen: dict = {}
        for key_node, _ in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is not None and key in seen:
                mark = key_node.start_mark
                raise YamlProblem(
                    "yaml-key-twice",
                    at_line=mark.line + 1,
                    at_column=mark.column + 1,
                    key=key,
                    first=seen[key],
                )
            seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep)

    def construct_object(self, node, deep=False):
        # PyYAML turns 2025-02-30 into a date and 5000 digits into an int, and lets the
        # ValueError through; say where it is instead.
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError):
            shown = str(node.value)[:40] if isinstance(node, yaml.ScalarNode) else ""
            code = (
                "yaml-date-invalid"
                if node.tag.endswith(":timestamp")
                else "yaml-number-too-long"
                if node.tag.endswith(":int")
                else "yaml-value-unreadable"
            )
            mark = node.start_mark
            raise YamlProblem(
                code,
                at_line=mark.line + 1,
                at_column=mark.column + 1,
                shown=f" (giá trị: «{shown}»)" if shown else "",
            ) from None


# YAML 1.1 reads «time: 7:30» as the number 450 (base 60), «code: 00106» as 70 (octal) and
# «name: No» as false. Staff mean the text: only plain decimal numbers and true/false are read
# as numbers and booleans, as YAML 1.2 does.
_INT, _FLOAT, _BOOL = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool"
_PLAIN_RESOLVERS = (
    (_INT, re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")),
    (
        _FLOAT,
        re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"),
        list("-+0123456789."),
    ),
    (_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")),
)


def _plain_scalars(loader: type) -> type:
    loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in entries if tag not in (_INT, _FLOAT, _BOOL)]
        for first, entries in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    for tag, regexp, first in _PLAIN_RESOLVERS:
        loader.add_implicit_resolver(tag, regexp, first)
    return loader


@_plain_scalars
class _FastLoader(_Checks, yaml.CSafeLoader):
    """libyaml's parser, for text with no anchors or aliases (so no alias limits are needed):
    ten times faster on the unit files every build reads."""


@_plain_scalars
class _LimitedLoader(_Checks, yaml.SafeLoader):
    def __init__(self, stream):
        super().__init__(stream)
        self.aliases_seen = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self.aliases_seen += 1
            if self.aliases_seen > MAX_ALIASES:
                raise YamlProblem("yaml-aliases", limit=MAX_ALIASES)
        return super().compose_node(parent, index)

    def compose_document(self):
        node = super().compose_document()
        if self.aliases_seen and node is not None:
            _expanded_size(node, {}, set())
        return node


def _count_nodes(text: str) -> None:
    """Refuse, before loading it, a text of more values than MAX_NODES: counted by libyaml's
    parser, which streams (a 20 MB file of «- {a: 1}» lines would take minutes and gigabytes to
    load). Syntax errors are left for the loaders to name."""
    nodes = 0
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(
                event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)
            ):
                nodes += 1
                if nodes > MAX_NODES:
                    raise YamlProblem("yaml-too-many-values", limit=number(MAX_NODES))
    except yaml.YAMLError:
        return


def load_yaml(path: Path, max_bytes: int = MAX_YAML_BYTES, data: bytes | None = None):
    """The data of a YAML file (its bytes given as `data` when already read), or YamlProblem."""
    size = path.stat().st_size if data is None else len(data)
    if size > max_bytes:
        raise YamlProblem("yaml-too-large", size=number(size), limit=number(max_bytes))
    try:
        text = (path.read_bytes() if data is None else data).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise YamlProblem("yaml-encoding") from None
    if len(text) > MAX_NODES * 4:  # a value takes at least four characters: «- 0» and a line end
        _count_nodes(text)
    if "&" not in text and "*" not in text:
        try:
            return yaml.load(text, Loader=_FastLoader)  # noqa: S506 - a CSafeLoader subclass
        except (yaml.YAMLError, RecursionError, ValueError):
            pass  # the pure-Python loader below says where and why, in the words we translate
    try:
        return yaml.load(text, Loader=_LimitedLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        if mark is None:
            raise YamlProblem(
                "yaml-syntax-unplaced", reason=_in_vietnamese(error.problem)
            ) from None
        raise YamlProblem(
            "yaml-syntax",
            at_line=mark.line + 1,
            at_column=mark.column + 1,
            reason=_in_vietnamese(error.problem),
        ) from None
    except yaml.YAMLError as error:
        raise YamlProblem("yaml-syntax-unplaced", reason=_in_vietnamese(str(error))) from None
    except RecursionError:
        raise YamlProblem("yaml-too-deep") from None
    except ValueError:
        # a number Python will not read (over 4,300 digits) or a date that does not exist
        raise YamlProblem("yaml-value-invalid") from None
