"""Table-Schema-like descriptions of data files, and conversion of raw cell values.

A schema file (YAML) describes a dataset's metadata fields and each of its tables, following
the Frictionless Table Schema: fields with `name`, `title`, `type`, `description`, `constraints`
(`required`, `minimum`, `maximum`, `pattern`) and `categories` (allowed values with labels).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

from generator.text import clean, fold
from generator.text_checks import TextProblem, check_text

TYPE_NAMES = {
    "string": "chữ",
    "integer": "số nguyên",
    "number": "số",
    "date": "ngày (dd/mm/yyyy)",
    "boolean": "có/không",
}
_VI_GROUPED = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")
_VI_DECIMAL = re.compile(r"^-?\d+(,\d+)?$")
# A phone or identity number typed into a number column would be published as an amount.
_PERSONAL_NUMBER = re.compile(r"^(\+84|0)[\d.]{8,}$")
_POINT_DECIMAL = re.compile(r"^-?\d+\.\d+$")
# "0.875": a thousands group cannot follow a leading 0, so this is a decimal typed the English way
# (or a mistake); reading it as 875 would publish a thousand times the figure.
_ZERO_GROUPED = re.compile(r"^-?0\d*(\.\d{3})+(,\d+)?$")
# "259,000" in an integer column: a comma before exactly three digits is an English thousands
# separator as often as a Vietnamese decimal comma; reading it as 259 loses three zeros.
_COMMA_THOUSANDS = re.compile(r"^-?(\d{1,3}(,\d{3})+|[\d.]*\d,\d{3})$")
_CURRENCY = re.compile(r"\s*(đồng|đ|vnđ|vnd)\s*$", re.IGNORECASE)
_TRUE = {"co", "x", "yes", "true", "1"}
_FALSE = {"khong", "no", "false", "0", ""}
# A text cell that Excel turned into a date, time or duration ("1.2", "3/4", "25:30"), or unquoted in YAML.
TEXT_READ_AS_DATE = ("cần chữ nhưng giá trị được đọc thành ngày giờ (Excel tự đổi chữ như «1.2», «3/4» thành ngày, "
                     "YAML đọc 2025-01-02 là ngày): trong Excel, hãy định dạng cột là «Văn bản» (Text) rồi gõ lại; "
                     "trong tệp YAML, hãy đặt giá trị trong dấu nháy")
CONVERTED_KEPT = 4096  # per field and unit; a very large unit's unique values stop being kept
MAX_NUMBER = Decimal(10) ** 18  # far above any public budget in đồng; larger is a typing mistake


class ValueError_(Exception):
    """A value that cannot be read; the message is Vietnamese and says what to write instead."""


def parse_number(raw, integer: bool = False) -> Decimal:
    """A number typed the Vietnamese way (1.234.567,5). integer: the column holds whole numbers
    (amounts in đồng, counts), where «259,000» is ambiguous and refused."""
    if isinstance(raw, bool):
        raise ValueError_("cần một số")
    if isinstance(raw, int) and raw.bit_length() > 64:
        raise ValueError_("số quá lớn; hãy kiểm tra lại, có thể bị thừa chữ số")
    if isinstance(raw, (int, float, Decimal)):
        return _checked(Decimal(str(raw)))
    text = _CURRENCY.sub("", clean(str(raw))).replace(" ", "").replace("\u00a0", "")
    if _PERSONAL_NUMBER.match(text):
        raise ValueError_("trông như số điện thoại hoặc số căn cước (bắt đầu bằng 0), không phải một số liệu; "
                          "không được công khai thông tin này")
    if _ZERO_GROUPED.match(text):
        fix = (f"nếu là số thập phân hãy viết «{text.replace('.', ',')}» (dấu phẩy trước phần thập phân)"
               if "," not in text and text.count(".") == 1 else "hãy kiểm tra lại số; phần thập phân viết sau dấu phẩy")
        raise ValueError_(f"số «{text}» không rõ: dấu chấm là dấu ngăn cách hàng nghìn, không thể đứng ngay sau "
                          f"số 0 ở đầu; {fix}")
    if integer and _COMMA_THOUSANDS.match(text):
        whole = text.replace(".", "").replace(",", "")
        grouped = f"{int(whole):,}".replace(",", ".")
        raise ValueError_(f"số «{text}» không rõ: dấu phẩy trước đúng ba chữ số có thể là dấu ngăn cách hàng nghìn "
                          f"kiểu tiếng Anh; cột này cần số nguyên, nếu là {grouped} hãy viết «{grouped}» hoặc «{whole}» "
                          "(dấu chấm ngăn cách hàng nghìn)")
    if _VI_GROUPED.match(text) or _VI_DECIMAL.match(text):
        text = text.replace(".", "").replace(",", ".")
    elif not _POINT_DECIMAL.match(text):
        raise ValueError_("cần một số, viết như 1.234.567 hoặc 12,5")
    try:
        return _checked(Decimal(text))
    except InvalidOperation as error:  # pragma: no cover - the patterns above rule this out
        raise ValueError_("cần một số") from error


def _checked(number: Decimal) -> Decimal:
    """No NaN or infinity (a spreadsheet or YAML float can hold them), no absurdly long numbers."""
    if not number.is_finite():
        raise ValueError_("cần một số, viết như 1.234.567 hoặc 12,5")
    if abs(number) >= MAX_NUMBER:
        raise ValueError_("số quá lớn; hãy kiểm tra lại, có thể bị thừa chữ số")
    return number


EARLIEST_YEAR, LATEST_YEAR = 1990, 2100


def parse_date(raw) -> dt.date:
    if isinstance(raw, dt.datetime):
        value = raw.date()
    elif isinstance(raw, dt.date):
        value = raw
    else:
        text = clean(str(raw))
        for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
            try:
                value = dt.datetime.strptime(text, pattern).date()
                break
            except ValueError:
                continue
        else:
            raise ValueError_("cần một ngày có thật, viết dd/mm/yyyy, ví dụ 14/07/2025")
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValueError_(f"năm {value.year} không hợp lý; hãy kiểm tra lại ngày (dd/mm/yyyy)")
    return value


@dataclass(frozen=True)
class Field:
    name: str
    title: str
    type: str = "string"
    description: str = ""
    example: str = ""
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    pattern: str | None = None
    categories: tuple[tuple[str, str], ...] = ()  # (value, Vietnamese label)
    whole: bool = False  # a number in whole units (amounts in đồng): «259,000» is refused as ambiguous
    person_name: bool = False  # a person's name: a date, an ethnicity or a health word in it is refused

    @classmethod
    def from_dict(cls, data: dict) -> "Field":
        constraints = data.get("constraints", {})
        categories = tuple(
            (str(c["value"]), c.get("label", str(c["value"]))) for c in data.get("categories", [])
        )
        return cls(
            name=data["name"],
            title=data.get("title", data["name"]),
            type=data.get("type", "string"),
            description=data.get("description", ""),
            example=str(data.get("example", "")),
            required=bool(constraints.get("required", False)),
            minimum=constraints.get("minimum"),
            maximum=constraints.get("maximum"),
            pattern=constraints.get("pattern"),
            categories=categories,
            whole=bool(data.get("whole", False)),
            person_name=bool(data.get("person_name", False)),
        )

    def __post_init__(self):
        # Cell text -> (value, error): villages, categories, counts and budget lines repeat across
        # a unit's rows and tables, and converting is a pure function of the text. Kept for one
        # unit at a time (see forget_conversions): kept across units, every field slowly filled
        # with names, amounts and dates that never came back (a worker grew 23 KB a commune).
        object.__setattr__(self, "_converted", {})
        object.__setattr__(self, "_labels", dict(self.categories))  # label() runs for every category cell

    def forget_conversions(self) -> None:
        self._converted.clear()

    def __getstate__(self):  # the kept conversions stay in this process
        return {k: v for k, v in self.__dict__.items() if k != "_converted"}

    def __setstate__(self, state):
        self.__dict__.update(state)
        object.__setattr__(self, "_converted", {})

    def label(self, value) -> str:
        return self._labels.get(value, value)

    def convert(self, raw):
        """Raw cell -> typed value (None when empty). Raises ValueError_ with a Vietnamese reason."""
        if type(raw) is not str:
            return self._convert(raw)
        known = self._converted.get(raw)
        if known is None:
            try:
                known = (self._convert(raw), None)
            except ValueError_ as error:
                known = (None, str(error))
            if len(self._converted) < CONVERTED_KEPT:
                self._converted[raw] = known
        if known[1] is not None:
            raise ValueError_(known[1])
        return known[0]

    def _convert(self, raw):
        if isinstance(raw, str):
            raw = clean(raw)  # once here; the steps below take clean text
        if raw is None or raw == "":
            if self.required:
                raise ValueError_("ô này bắt buộc, không được để trống")
            return None
        if isinstance(raw, (list, tuple, dict, set)):  # from YAML: a list or nested mapping
            raise ValueError_("cần một giá trị đơn (chữ, số hoặc ngày), không phải danh sách hay nhóm mục")
        value = self._typed(raw)
        if self.categories:
            value = self._category(value)
        if self.minimum is not None and value < self.minimum:
            raise ValueError_(f"không được nhỏ hơn {self.minimum}")
        if self.maximum is not None and value > self.maximum:
            raise ValueError_(f"không được lớn hơn {self.maximum}")
        if self.pattern and not re.fullmatch(self.pattern, str(value)):
            raise ValueError_(f"không đúng dạng quy định ({self.description or self.pattern})")
        return value

    def _typed(self, raw):
        if self.type == "string":
            if isinstance(raw, (dt.date, dt.time, dt.timedelta)):  # published as "2026-02-01 00:00:00" otherwise
                raise ValueError_(TEXT_READ_AS_DATE)
            text = raw if isinstance(raw, str) else clean(str(raw))
            try:
                check_text(text)
            except TextProblem as problem:
                raise ValueError_(str(problem)) from None
            return text
        if self.type == "integer":
            number = parse_number(raw, integer=True)
            if number != number.to_integral_value():
                raise ValueError_("cần một số nguyên, không có phần thập phân")
            return int(number)
        if self.type == "number":
            return parse_number(raw, integer=self.whole)
        if self.type == "date":
            return parse_date(raw)
        if self.type == "boolean":
            if isinstance(raw, bool):
                return raw
            folded = fold(str(raw))
            if folded in _TRUE:
                return True
            if folded in _FALSE:
                return False
            raise ValueError_("cần ghi «có» hoặc «không»")
        raise ValueError_(f"kiểu dữ liệu không rõ: {self.type}")  # pragma: no cover

    def _category(self, value):
        wanted = fold(str(value))
        for allowed, label in self.categories:
            if wanted in (fold(allowed), fold(label)):
                return allowed
        choices = ", ".join(f"«{label}»" for _, label in self.categories)
        raise ValueError_(f"giá trị không hợp lệ; chỉ được ghi một trong: {choices}")


@dataclass(frozen=True)
class TableSchema:
    name: str
    file: str  # file name stem inside the dataset folder, e.g. "thu" for thu.csv
    title: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...] = ()
    required: bool = True

    @classmethod
    def from_dict(cls, name: str, data: dict) -> "TableSchema":
        key = data.get("primaryKey", ())
        return cls(
            name=name,
            file=data.get("file", name),
            title=data.get("title", name),
            fields=tuple(Field.from_dict(f) for f in data["fields"]),
            primary_key=tuple([key] if isinstance(key, str) else key),
            required=bool(data.get("required", True)),
        )

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def header_map(self) -> dict[str, Field]:
        """Folded header text -> field: a header may be the field name or its Vietnamese title."""
        mapping = {}
        for f in self.fields:
            mapping[fold(f.name)] = f
            mapping[fold(f.title)] = f
        return mapping


@dataclass(frozen=True)
class KindSchema:
    """Everything a dataset kind's schema.yaml says: metadata fields and tables."""

    metadata: tuple[Field, ...]
    tables: dict[str, TableSchema] = field(default_factory=dict)
    key: tuple[str, ...] = ()  # metadata fields that identify a dataset within a unit

    @classmethod
    def load(cls, path: Path, common_metadata: tuple[Field, ...] = ()) -> "KindSchema":
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        own = tuple(Field.from_dict(f) for f in data.get("metadata", {}).get("fields", []))
        tables = {name: TableSchema.from_dict(name, t) for name, t in data.get("tables", {}).items()}
        return cls(metadata=own + common_metadata, tables=tables, key=tuple(data.get("key", ())))

    def metadata_field(self, name: str) -> Field:
        return next(f for f in self.metadata if f.name == name)

    def forget_conversions(self) -> None:
        for f in (*self.metadata, *(f for table in self.tables.values() for f in table.fields)):
            f.forget_conversions()


def load_fields(path: Path) -> tuple[Field, ...]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tuple(Field.from_dict(f) for f in data["fields"])
