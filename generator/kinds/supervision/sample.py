"""Results of supervision in each sample commune, one dataset a year: the People's Inspection
Board on the commune's own work, the Community Investment Supervision Board on the projects of
the commune's register (read back from the files the projects' sample wrote, through the
reference this kind's schema declares), and now and then on a work finished the year before.

Dates follow each other: a supervision ends before its recommendation's deadline, a resolved one
is resolved before the year's report is posted; what is not resolved by then is overdue or not
as its deadline says, and «Quá hạn» is written only where it is.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

from generator.tools.sample.days import after, between, vn
from generator.tools.sample.files import dataset_folder, kind_schema, write_table, write_yaml
from generator.tools.sample.metadata import Decision, decision_number, metadata
from generator.tools.sample.units import SampleOptions, SampleUnit

KIND = "supervision"
LEGAL_BASIS = (
    "Luật Thực hiện dân chủ ở cơ sở 10/2022/QH15, Điều 11 khoản 10; "
    "Nghị định 29/2021/NĐ-CP (giám sát đầu tư của cộng đồng)"
)
# (subject, finding, recommendation, response): the People's Inspection Board's work.
INSPECTIONS = (
    (
        "Việc thu, chi quỹ phòng, chống thiên tai năm {year}",
        "Việc thu quỹ đúng đối tượng, đúng mức; chứng từ chi một số khoản chưa đủ chữ ký.",
        "Đề nghị Ủy ban nhân dân xã bổ sung chứng từ chi và công khai kết quả thu, chi quỹ.",
        "Đã bổ sung chứng từ và niêm yết kết quả thu, chi quỹ tại trụ sở và nhà văn hóa các thôn.",
    ),
    (
        "Việc công khai dự toán ngân sách xã năm {year}",
        "Dự toán được niêm yết đúng thời hạn; chưa đăng trên trang thông tin điện tử của xã.",
        "Đề nghị đăng tải dự toán trên trang thông tin điện tử của xã.",
        "Đã đăng tải dự toán ngân sách trên trang thông tin điện tử của xã.",
    ),
    (
        "Việc thực hiện chính sách hỗ trợ tiền điện cho hộ nghèo",
        "Danh sách hỗ trợ đúng đối tượng; chi trả quý II chậm so với kế hoạch.",
        "Đề nghị chi trả kịp thời tiền hỗ trợ tiền điện hằng quý cho các hộ.",
        "Đã chi trả đủ tiền hỗ trợ quý II và quý III cho các hộ trong danh sách.",
    ),
    (
        "Việc giải quyết đơn kiến nghị của công dân về ranh giới đất tại {village}",
        "Đơn được tiếp nhận, xác minh đúng trình tự; thời gian giải quyết quá hạn 12 ngày.",
        "Đề nghị Ủy ban nhân dân xã trả lời công dân bằng văn bản và rút kinh nghiệm về thời hạn.",
        "Ủy ban nhân dân xã đã trả lời bằng văn bản; hai bên thống nhất ranh giới.",
    ),
    (
        "Việc quản lý, sử dụng nhà văn hóa {village}",
        "Nhà văn hóa được sử dụng đúng mục đích; sổ theo dõi tài sản chưa cập nhật.",
        "Đề nghị Ban công tác Mặt trận thôn cập nhật sổ theo dõi tài sản.",
        "Đã cập nhật sổ theo dõi tài sản của nhà văn hóa.",
    ),
)
# (finding, recommendation, response) for a work under construction or just finished.
WORKS = (
    (
        "Công trình thi công đúng thiết kế được duyệt; vật liệu đúng chủng loại, có biên bản "
        "nghiệm thu từng phần.",
        "Đề nghị chủ đầu tư tiếp tục giám sát chặt chẽ chất lượng thi công.",
        "Chủ đầu tư đã giao cán bộ kỹ thuật giám sát thường xuyên tại công trình.",
    ),
    (
        "Một số đoạn rãnh thoát nước thi công chưa đúng cao độ thiết kế; biển báo công trình "
        "chưa đầy đủ.",
        "Đề nghị chủ đầu tư yêu cầu nhà thầu sửa lại rãnh thoát nước và bổ sung biển báo.",
        "Nhà thầu đã sửa lại rãnh thoát nước và bổ sung biển báo, được Ban giám sát kiểm tra.",
    ),
    (
        "Nhà thầu để vật liệu lấn chiếm lòng đường, gây bụi cho các hộ dân hai bên đường.",
        "Đề nghị chủ đầu tư yêu cầu nhà thầu thu gọn vật liệu, tưới nước giảm bụi.",
        "Nhà thầu đã thu gọn vật liệu và tưới nước hai lần mỗi ngày.",
    ),
    (
        "Tiến độ thi công chậm so với hợp đồng do thiếu nhân lực.",
        "Đề nghị chủ đầu tư yêu cầu nhà thầu bổ sung nhân lực, bảo đảm tiến độ.",
        "Nhà thầu đã bổ sung một tổ thi công.",
    ),
)
AFTER_USE = (
    "Sau khi đưa vào sử dụng, mặt công trình có vết nứt nhỏ tại một số vị trí.",
    "Đề nghị chủ đầu tư yêu cầu nhà thầu sửa chữa trong thời gian bảo hành.",
    "Nhà thầu đã sửa chữa các vết nứt trong thời gian bảo hành.",
)


def _label(field_name: str, value: str) -> str:
    spec = next(
        f for f in kind_schema(KIND)["tables"]["results"]["fields"] if f["name"] == field_name
    )
    return next(c["label"] for c in spec["categories"] if c["value"] == value)


def _projects_of(unit_folder: Path, year: int) -> list[dict]:
    """The projects of the unit's register of the year, as the projects' sample wrote them: the
    kind and table this kind's schema says its project column names."""
    reference = kind_schema(KIND)["references"]["project"]
    schema = kind_schema(reference["kind"])
    path = (
        unit_folder
        / schema["folder"]
        / str(year)
        / f"{schema['tables'][reference['table']]['file']}.csv"
    )
    if not path.is_file():
        return []
    fields = {f["title"]: f["name"] for f in schema["tables"][reference["table"]]["fields"]}
    with path.open(encoding="utf-8", newline="") as handle:
        return [{fields[k]: v for k, v in row.items()} for row in csv.DictReader(handle)]


def _day(text: str) -> dt.date:
    day, month, year = (int(part) for part in text.split("/"))
    return dt.date(year, month, day)


def write_province(province: SampleUnit, out_dir: Path, options: SampleOptions) -> None:
    for unit in province.walk():
        if unit.level == "commune":
            write(unit, unit.folder(out_dir), options.years, options.seed)


def write(unit: SampleUnit, unit_folder: Path, years: tuple[int, ...], seed: int) -> None:
    rng = random.Random(f"{seed}/{unit.code}/{KIND}")
    for year in years:
        decision = Decision(
            decision_number(rng, "BC-MTTQ", "commune"),
            between(rng, dt.date(year, 12, 10), dt.date(year, 12, 20)),
            f"Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam {unit.full_name}",
        )
        posted = after(rng, decision.date, 1, 4)
        rows = _inspections(rng, unit, year, posted) + _works(rng, unit, unit_folder, year, posted)
        rows.sort(key=lambda r: (r["start"], r["subject"]))
        folder = dataset_folder(unit_folder, KIND, str(year))
        write_yaml(
            folder / "thong-tin.yaml",
            metadata(
                title=f"Công khai kết quả giám sát, thanh tra nhân dân {unit.full_name} năm {year}",
                own={"year": year},
                legal_basis=LEGAL_BASIS,
                posted=posted,
                office=f"Ủy ban Mặt trận Tổ quốc Việt Nam {unit.full_name}",
                decision=decision,
                forms=("tru-so", "nha-van-hoa", "loa"),
                place=f"Bảng tin trụ sở Ủy ban nhân dân {unit.full_name} và nhà văn hóa các "
                + (", ".join(dict.fromkeys(v.type for v in unit.villages)) or "thôn"),
                responsible="Trưởng Ban thanh tra nhân dân",
            ),
        )
        write_table(
            folder,
            KIND,
            "results",
            [
                {
                    **r,
                    "start": vn(r["start"]),
                    "end": vn(r["end"]),
                    "deadline": vn(r["deadline"]),
                    "resolved": vn(r["resolved"]) if r["resolved"] else None,
                }
                for r in rows
            ],
        )


def _result(
    rng: random.Random,
    body: str,
    subject: str,
    texts: tuple[str, str, str],
    authority: str,
    window: tuple[dt.date, dt.date],
    posted: dt.date,
    project: str | None = None,
) -> dict:
    start = between(rng, *window)
    end = after(rng, start, 3, 25)
    deadline = after(rng, end, 15, 45)
    finding, recommendation, response = texts
    resolved = None
    if rng.random() < 0.7:  # resolved, on time or a little late, before the report is posted
        day = after(rng, deadline, -12, 20)
        if end < day < posted:
            resolved = day
    if resolved:
        status = "da-giai-quyet"
    elif posted > deadline and rng.random() < 0.5:
        status = "qua-han"  # as staff write it; «Đang giải quyết» past its deadline is overdue too
    else:
        status = "dang-giai-quyet"
    return {
        "body": _label("body", body),
        "subject": subject,
        "start": start,
        "end": end,
        "project": project,
        "findings": finding,
        "recommendations": recommendation,
        "authority": authority,
        "deadline": deadline,
        "response": response if resolved else None,
        "status": _label("status", status),
        "resolved": resolved,
    }


def _inspections(rng: random.Random, unit: SampleUnit, year: int, posted: dt.date) -> list[dict]:
    rows = []
    for n, (subject, *texts) in enumerate(rng.sample(INSPECTIONS, rng.randint(1, 3))):
        village = rng.choice(unit.villages).name
        # late in the year too: some are still awaiting their answer when the report is posted
        late = n == 0 and rng.random() < 0.4
        window = (
            (dt.date(year, 10, 15), posted - dt.timedelta(days=40))
            if late
            else (dt.date(year, 3, 1), min(dt.date(year, 11, 20), posted - dt.timedelta(days=30)))
        )
        rows.append(
            _result(
                rng,
                "ban-thanh-tra-nhan-dan",
                subject.format(year=year, village=village[:1].lower() + village[1:]),
                tuple(texts),
                f"Ủy ban nhân dân {unit.full_name}",
                window,
                posted,
            )
        )
    return rows


def _works(
    rng: random.Random, unit: SampleUnit, unit_folder: Path, year: int, posted: dt.date
) -> list[dict]:
    """The investment board's supervisions: of works being built in the year, and sometimes of a
    work the year before's register lists and this year's no longer does."""
    listed = _projects_of(unit_folder, year)
    building = [p for p in listed if p["start_date"] and _day(p["start_date"]).year <= year]
    building = [p for p in building if _day(p["start_date"]) < dt.date(year, 10, 1)]
    rows = []
    for project in rng.sample(building, min(len(building), rng.randint(1, 2))):
        begun = max(_day(project["start_date"]), dt.date(year, 1, 5))
        rows.append(
            _result(
                rng,
                "ban-giam-sat-dau-tu",
                f"Giám sát thi công công trình {_lower_first(project['name'])}",
                rng.choice(WORKS),
                project["investor"],
                (begun, min(dt.date(year, 10, 31), begun + dt.timedelta(days=150))),
                posted,
                project["code"],
            )
        )
    codes = {p["code"] for p in listed}
    earlier = [p for p in _projects_of(unit_folder, year - 1) if p["code"] not in codes]
    if earlier and rng.random() < 0.5:
        project = rng.choice(earlier)
        rows.append(
            _result(
                rng,
                "ban-giam-sat-dau-tu",
                f"Giám sát chất lượng công trình {_lower_first(project['name'])} "
                "sau khi đưa vào sử dụng",
                AFTER_USE,
                project["investor"],
                (dt.date(year, 3, 1), dt.date(year, 9, 30)),
                posted,
                project["code"],
            )
        )
    return rows


def _lower_first(name: str) -> str:
    """A work's name inside a sentence: «công trình cầu thôn Phú Xuân»."""
    return name[:1].lower() + name[1:]
