"""Budget (ngân sách): revenue and spending lines for every unit, year and stage.

Amounts are drawn for leaf lines only; each group line is then the exact sum of its members, as
the budget check requires. Execution stages scale the year's estimate line by line, and next
year's estimate grows from this year's, so the stages of a unit tell one consistent story.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from generator.tools.sample.days import after, between, vn
from generator.tools.sample.files import dataset_folder, write_table, write_yaml
from generator.tools.sample.metadata import Decision, decision_number, metadata
from generator.tools.sample.shares import split
from generator.tools.sample.units import SampleOptions, SampleUnit

KIND = "budget"
OPTIONAL = "optional"  # a line some units leave out, so tables differ a little between units

# (name, weight[, OPTIONAL]) for a line with an amount, (name, (members...)) for a group line.
# Weights are rough shares of the total; "{upper}" is the level that tops the budget up. Names are
# those of lines in published commune and district budget tables, down to a third level.
# tests/test_bad_files.py edits xã An Định's revenue lines 1.1, 1.2 and 2 as plain amounts and adds
# a line "6": keep those three lines without members and at most five top-level revenue lines.
COMMUNE_REVENUE = (
    (
        "Thu thuế, phí, lệ phí",
        (
            ("Thuế sử dụng đất phi nông nghiệp", 1.5),
            ("Lệ phí môn bài thu từ cá nhân, hộ kinh doanh", 0.5),
            (
                "Thu từ khu vực công thương nghiệp ngoài quốc doanh",
                (
                    ("Thuế giá trị gia tăng", 1.8),
                    ("Thuế thu nhập doanh nghiệp", 0.4, OPTIONAL),
                    ("Thuế tiêu thụ đặc biệt", 0.1, OPTIONAL),
                    ("Thuế tài nguyên", 0.3, OPTIONAL),
                ),
            ),
            (
                "Thuế thu nhập cá nhân",
                (
                    ("Thuế thu nhập cá nhân từ hộ, cá nhân kinh doanh", 0.8),
                    ("Thuế thu nhập cá nhân từ chuyển nhượng bất động sản", 0.6),
                ),
            ),
            ("Lệ phí trước bạ nhà, đất", 2.5),
            (
                "Phí, lệ phí",
                (
                    ("Lệ phí hộ tịch", 0.3),
                    ("Phí chứng thực", 0.5),
                    ("Phí sử dụng tạm thời lòng đường, hè phố", 0.2, OPTIONAL),
                    ("Phí, lệ phí khác", 0.5),
                ),
            ),
        ),
    ),
    ("Thu từ quỹ đất công ích và hoa lợi công sản", 3),
    ("Thu tiền sử dụng đất", 6, OPTIONAL),
    (
        "Thu khác ngân sách",
        (
            (
                "Thu đóng góp tự nguyện của tổ chức, cá nhân",
                (
                    ("Đóng góp xây dựng cơ sở hạ tầng", 0.6),
                    ("Đóng góp tự nguyện khác", 0.4),
                ),
            ),
            ("Thu từ hoạt động kinh tế và sự nghiệp", 0.3, OPTIONAL),
            ("Thu phạt vi phạm hành chính", 0.5, OPTIONAL),
            ("Thu thanh lý tài sản", 0.2, OPTIONAL),
            ("Thu hồi các khoản chi năm trước", 0.1, OPTIONAL),
            ("Thu khác", 0.8),
        ),
    ),
    (
        "Thu bổ sung từ ngân sách {upper}",
        (
            ("Thu bổ sung cân đối ngân sách", 55),
            (
                "Thu bổ sung có mục tiêu",
                (
                    ("Bổ sung vốn đầu tư xây dựng cơ bản", 4),
                    ("Bổ sung thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới", 4),
                    (
                        "Bổ sung thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững",
                        2,
                        OPTIONAL,
                    ),
                    ("Bổ sung kinh phí thực hiện chính sách an sinh xã hội", 4),
                    ("Bổ sung kinh phí thực hiện cải cách tiền lương", 3),
                    ("Bổ sung kinh phí phòng, chống thiên tai", 0.5, OPTIONAL),
                ),
            ),
        ),
    ),
)
COMMUNE_SPENDING = (
    (
        "Chi đầu tư phát triển",
        (
            (
                "Chi đầu tư xây dựng cơ bản",
                (
                    ("Công trình giao thông", 5),
                    ("Công trình trường học", 2.5),
                    ("Công trình thủy lợi", 1.5, OPTIONAL),
                    ("Công trình văn hóa, thể thao", 1.5),
                    ("Công trình nước sạch, vệ sinh môi trường", 1, OPTIONAL),
                    ("Công trình khác", 1.5),
                ),
            ),
            ("Chi đầu tư từ nguồn thu tiền sử dụng đất", 6, OPTIONAL),
        ),
    ),
    (
        "Chi thường xuyên",
        (
            (
                "Chi sự nghiệp giáo dục",
                (
                    ("Hỗ trợ giáo dục mầm non", 1.2),
                    ("Trung tâm học tập cộng đồng", 0.6),
                    ("Hỗ trợ hoạt động khuyến học", 0.7),
                    ("Phổ cập giáo dục, xóa mù chữ", 0.3),
                ),
            ),
            ("Chi sự nghiệp y tế", 1, OPTIONAL),
            (
                "Chi sự nghiệp văn hóa, thông tin",
                (
                    ("Hoạt động văn hóa, văn nghệ", 0.7),
                    ("Phong trào Toàn dân đoàn kết xây dựng đời sống văn hóa", 0.5),
                    ("Tuyên truyền, phổ biến, giáo dục pháp luật", 0.3),
                ),
            ),
            ("Chi sự nghiệp phát thanh", 0.6, OPTIONAL),
            ("Chi sự nghiệp thể dục thể thao", 0.8),
            (
                "Chi sự nghiệp kinh tế",
                (
                    ("Sự nghiệp giao thông", 2),
                    ("Sự nghiệp nông nghiệp, lâm nghiệp, thủy sản", 1.5),
                    ("Sự nghiệp thủy lợi", 1),
                    ("Kiến thiết thị chính", 0.8),
                    ("Sự nghiệp tài nguyên, đo đạc địa chính", 0.4),
                ),
            ),
            (
                "Chi sự nghiệp bảo vệ môi trường",
                (
                    ("Thu gom, vận chuyển rác thải", 1.4),
                    ("Vệ sinh môi trường công cộng", 0.6),
                ),
            ),
            (
                "Chi đảm bảo xã hội",
                (
                    ("Trợ cấp hằng tháng cho cán bộ xã nghỉ việc", 1.5),
                    ("Hỗ trợ đối tượng bảo trợ xã hội", 1.5),
                    ("Thăm hỏi, tặng quà gia đình chính sách, người có công", 1.2),
                    ("Thăm hỏi, hỗ trợ hộ nghèo, hộ cận nghèo dịp Tết", 0.8),
                    ("Cứu trợ đột xuất", 0.4, OPTIONAL),
                    ("Hỗ trợ chi phí mai táng", 0.3, OPTIONAL),
                ),
            ),
            (
                "Chi quản lý nhà nước, Đảng, đoàn thể",
                (
                    ("Hội đồng nhân dân", 3),
                    ("Ủy ban nhân dân", 14),
                    ("Phụ cấp người hoạt động không chuyên trách ở thôn, tổ dân phố", 4),
                    ("Đảng ủy", 6),
                    ("Ủy ban Mặt trận Tổ quốc Việt Nam", 3),
                    ("Đoàn Thanh niên Cộng sản Hồ Chí Minh", 1.5),
                    ("Hội Liên hiệp Phụ nữ", 1.5),
                    ("Hội Nông dân", 1.5),
                    ("Hội Cựu chiến binh", 1.5),
                    ("Hội Người cao tuổi", 0.3, OPTIONAL),
                    ("Hội Chữ thập đỏ", 0.3, OPTIONAL),
                ),
            ),
            (
                "Chi quốc phòng",
                (
                    ("Dân quân tự vệ", 2.5),
                    ("Tuyển quân, giao quân", 0.5),
                    ("Công tác quốc phòng khác", 1),
                ),
            ),
            (
                "Chi an ninh, trật tự an toàn xã hội",
                (
                    ("Hỗ trợ lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở", 2),
                    ("Phong trào toàn dân bảo vệ an ninh Tổ quốc", 0.6),
                    ("Phòng, chống tội phạm, ma túy, tệ nạn xã hội", 0.4),
                ),
            ),
            ("Chi khác", 0.8),
        ),
    ),
    (
        "Chi thực hiện các chương trình mục tiêu quốc gia",
        (
            ("Chương trình mục tiêu quốc gia xây dựng nông thôn mới", 3),
            ("Chương trình mục tiêu quốc gia giảm nghèo bền vững", 1.5, OPTIONAL),
            (
                "Chương trình mục tiêu quốc gia phát triển kinh tế – xã hội vùng đồng bào "
                "dân tộc thiểu số và miền núi",
                1,
                OPTIONAL,
            ),
        ),
    ),
    ("Chi dự phòng ngân sách", 2.5),
)
UPPER_REVENUE = (
    (
        "Thu nội địa",
        (
            (
                "Thu từ doanh nghiệp nhà nước",
                (
                    ("Thuế giá trị gia tăng", 3),
                    ("Thuế thu nhập doanh nghiệp", 2),
                    ("Thuế tiêu thụ đặc biệt", 0.5, OPTIONAL),
                    ("Thuế tài nguyên", 0.5, OPTIONAL),
                ),
            ),
            (
                "Thu từ doanh nghiệp có vốn đầu tư nước ngoài",
                (
                    ("Thuế giá trị gia tăng", 1.5),
                    ("Thuế thu nhập doanh nghiệp", 1.5),
                ),
            ),
            (
                "Thu từ khu vực công thương nghiệp ngoài quốc doanh",
                (
                    ("Thuế giá trị gia tăng", 7),
                    ("Thuế thu nhập doanh nghiệp", 3.5),
                    ("Thuế tiêu thụ đặc biệt", 0.5, OPTIONAL),
                    ("Thuế tài nguyên", 1, OPTIONAL),
                ),
            ),
            (
                "Thuế thu nhập cá nhân",
                (
                    ("Thuế thu nhập cá nhân từ tiền lương, tiền công", 2),
                    ("Thuế thu nhập cá nhân từ hộ, cá nhân kinh doanh", 1.5),
                    ("Thuế thu nhập cá nhân từ chuyển nhượng bất động sản", 1.5),
                ),
            ),
            ("Thuế bảo vệ môi trường", 2, OPTIONAL),
            (
                "Lệ phí trước bạ",
                (
                    ("Lệ phí trước bạ nhà, đất", 1.5),
                    ("Lệ phí trước bạ phương tiện", 2.5),
                ),
            ),
            (
                "Thu phí, lệ phí",
                (
                    ("Lệ phí môn bài", 0.6),
                    ("Phí bảo vệ môi trường đối với khai thác khoáng sản", 0.3, OPTIONAL),
                    ("Phí, lệ phí khác", 1.1),
                ),
            ),
            ("Thuế sử dụng đất phi nông nghiệp", 0.5),
            (
                "Thu tiền sử dụng đất",
                (
                    ("Thu từ đấu giá quyền sử dụng đất", 9),
                    ("Thu từ giao đất, chuyển mục đích sử dụng đất", 6),
                ),
            ),
            ("Thu tiền thuê đất, thuê mặt nước", 2, OPTIONAL),
            ("Thu tiền cấp quyền khai thác khoáng sản", 0.8, OPTIONAL),
            ("Thu từ quỹ đất công ích và hoa lợi công sản", 0.3),
            (
                "Thu khác ngân sách",
                (
                    ("Thu phạt vi phạm hành chính", 0.6),
                    ("Thu tịch thu", 0.2, OPTIONAL),
                    ("Thu khác", 0.7),
                ),
            ),
        ),
    ),
    (
        "Thu bổ sung từ ngân sách {upper}",
        (
            ("Thu bổ sung cân đối ngân sách", 35),
            (
                "Thu bổ sung có mục tiêu",
                (
                    ("Bổ sung vốn đầu tư thực hiện các chương trình, dự án", 4),
                    ("Bổ sung thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới", 3),
                    (
                        "Bổ sung thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững",
                        2,
                        OPTIONAL,
                    ),
                    ("Bổ sung kinh phí thực hiện các chế độ, chính sách", 3),
                ),
            ),
        ),
    ),
)
UPPER_SPENDING = (
    (
        "Chi đầu tư phát triển",
        (
            (
                "Chi đầu tư xây dựng cơ bản tập trung",
                (
                    ("Giao thông", 5),
                    ("Giáo dục, đào tạo", 3),
                    ("Y tế", 1.5),
                    ("Nông nghiệp, thủy lợi", 2.5),
                    ("Văn hóa, thể thao", 1.5),
                ),
            ),
            ("Chi đầu tư từ nguồn thu tiền sử dụng đất", 10),
            ("Chi đầu tư từ nguồn bổ sung có mục tiêu", 5, OPTIONAL),
            ("Chi đầu tư từ nguồn thu xổ số kiến thiết", 1.5, OPTIONAL),
        ),
    ),
    (
        "Chi thường xuyên",
        (
            (
                "Chi sự nghiệp giáo dục, đào tạo và dạy nghề",
                (
                    ("Giáo dục mầm non", 6),
                    ("Giáo dục tiểu học", 8),
                    ("Giáo dục trung học cơ sở", 7),
                    ("Đào tạo, bồi dưỡng và dạy nghề", 2),
                    ("Sự nghiệp giáo dục khác", 2),
                ),
            ),
            (
                "Chi sự nghiệp y tế, dân số và gia đình",
                (
                    ("Y tế dự phòng", 1.5),
                    ("Mua thẻ bảo hiểm y tế cho các đối tượng", 3),
                    ("Dân số và gia đình", 0.5),
                ),
            ),
            ("Chi sự nghiệp khoa học và công nghệ", 0.5, OPTIONAL),
            (
                "Chi sự nghiệp văn hóa, thông tin",
                (
                    ("Hoạt động văn hóa, văn nghệ", 0.8),
                    ("Bảo tồn di tích, lễ hội truyền thống", 0.4, OPTIONAL),
                    ("Thông tin, tuyên truyền", 0.3),
                ),
            ),
            ("Chi sự nghiệp phát thanh, truyền hình", 0.5),
            ("Chi sự nghiệp thể dục thể thao", 0.6, OPTIONAL),
            (
                "Chi sự nghiệp kinh tế",
                (
                    ("Sự nghiệp giao thông", 2),
                    ("Sự nghiệp nông nghiệp, lâm nghiệp, thủy sản", 1.5),
                    ("Sự nghiệp thủy lợi", 1),
                    ("Kiến thiết thị chính", 0.8),
                    ("Sự nghiệp tài nguyên", 0.5),
                    ("Xúc tiến thương mại, du lịch", 0.2, OPTIONAL),
                ),
            ),
            (
                "Chi sự nghiệp bảo vệ môi trường",
                (
                    ("Thu gom, vận chuyển, xử lý rác thải", 2.2),
                    ("Quan trắc, xử lý ô nhiễm môi trường", 0.8),
                ),
            ),
            (
                "Chi đảm bảo xã hội",
                (
                    ("Trợ cấp xã hội hằng tháng cho đối tượng bảo trợ xã hội", 2.5),
                    ("Chăm sóc người có công với cách mạng", 1),
                    ("Hỗ trợ hộ nghèo, hộ cận nghèo", 0.8),
                    ("Cứu trợ đột xuất", 0.4, OPTIONAL),
                    ("Hỗ trợ chi phí mai táng", 0.3),
                ),
            ),
            (
                "Chi quản lý nhà nước, Đảng, đoàn thể",
                (
                    ("Quản lý nhà nước", 6),
                    ("Đảng Cộng sản Việt Nam", 2.5),
                    ("Mặt trận Tổ quốc Việt Nam", 0.5),
                    ("Đoàn Thanh niên Cộng sản Hồ Chí Minh", 0.3),
                    ("Hội Liên hiệp Phụ nữ Việt Nam", 0.3),
                    ("Hội Nông dân Việt Nam", 0.3),
                    ("Hội Cựu chiến binh Việt Nam", 0.3),
                    ("Hỗ trợ các hội đặc thù", 0.3, OPTIONAL),
                ),
            ),
            (
                "Chi quốc phòng",
                (
                    ("Dân quân tự vệ", 0.7),
                    ("Huấn luyện, diễn tập", 0.5),
                    ("Tuyển quân, giao quân", 0.3),
                ),
            ),
            (
                "Chi an ninh, trật tự an toàn xã hội",
                (
                    ("Bảo đảm an ninh, trật tự", 0.6),
                    ("Phòng, chống tội phạm, ma túy", 0.4),
                ),
            ),
            ("Chi khác", 0.5),
        ),
    ),
    (
        "Chi bổ sung cho ngân sách cấp dưới",
        (
            ("Bổ sung cân đối ngân sách", 11),
            ("Bổ sung có mục tiêu", 8),
        ),
    ),
    ("Chi dự phòng ngân sách", 2),
)

ESTIMATE = "du-toan"
# A finished year has every stage; the last one is under way. Ten a unit, as the country-scale
# brief asks (five stages a year for two years).
EARLIER_YEAR_STAGES = (
    ESTIMATE,
    "thuc-hien-3-thang",
    "thuc-hien-6-thang",
    "thuc-hien-9-thang",
    "thuc-hien-12-thang",
    "quyet-toan",
)
LAST_YEAR_STAGES = (ESTIMATE, "thuc-hien-3-thang", "thuc-hien-6-thang", "thuc-hien-9-thang")
MONTHS = {
    "thuc-hien-3-thang": 3,
    "thuc-hien-6-thang": 6,
    "thuc-hien-9-thang": 9,
    "thuc-hien-12-thang": 12,
}
# Share of the year's estimate collected or spent by the end of each stage.
RATES = {3: (0.2, 0.3), 6: (0.4, 0.55), 9: (0.65, 0.8), 12: (0.95, 1.1)}
GROWTH = (1.03, 1.12)  # next year's estimate against this year's
MILLION, THOUSAND = 1_000_000, 1_000


@dataclass(frozen=True)
class Line:
    code: str
    name: str
    parent: str | None
    weight: float | None  # None for a group line, whose amount is the sum of its members


def _lines(rng: random.Random, spec: tuple, upper: str) -> list[Line]:
    optional = sorted(_optional_names(spec))
    dropped = set(rng.sample(optional, rng.randint(0, min(2, len(optional)))))
    lines: list[Line] = []

    def walk(items, parent):
        number = 0
        for name, body, *_ in items:
            if name in dropped:
                continue
            number += 1
            code = f"{parent}.{number}" if parent else str(number)
            name = name.replace("{upper}", upper)
            if isinstance(body, tuple):
                lines.append(Line(code, name, parent, None))
                walk(body, code)
            else:
                lines.append(Line(code, name, parent, body * rng.uniform(0.6, 1.4)))

    walk(spec, None)
    return lines


def _optional_names(spec) -> set[str]:
    found = set()
    for name, body, *flags in spec:
        if isinstance(body, tuple):
            found |= _optional_names(body)
        elif OPTIONAL in flags:
            found.add(name)
    return found


def _with_groups(lines: list[Line], leaves: dict[str, int]) -> dict[str, int]:
    """Leaf amounts plus group amounts, each group exactly the sum of its members."""
    amounts = dict(leaves)
    for line in reversed(lines):  # members come after their group, so walk backwards
        if line.weight is None:
            amounts[line.code] = sum(amounts[m.code] for m in lines if m.parent == line.code)
    return amounts


def _leaves(lines: list[Line]) -> list[Line]:
    return [line for line in lines if line.weight is not None]


def _estimate(lines: list[Line], total: int) -> dict[str, int]:
    leaves = _leaves(lines)
    parts = split(total // MILLION, [line.weight for line in leaves], minimum=1)
    return {line.code: part * MILLION for line, part in zip(leaves, parts, strict=True)}


def _grown(rng: random.Random, lines: list[Line], previous: dict[str, int]) -> dict[str, int]:
    return {
        line.code: round(previous[line.code] * rng.uniform(*GROWTH) / MILLION) * MILLION
        for line in _leaves(lines)
    }


def _balance(spending: dict[str, int], total: int) -> dict[str, int]:
    """A council approves a balanced estimate: the largest spending line takes the difference."""
    largest = max(spending, key=lambda code: (spending[code], code))
    return {**spending, largest: spending[largest] + total - sum(spending.values())}


def _executed(
    rng: random.Random, estimate: dict[str, int], low: float, high: float
) -> dict[str, int]:
    return {
        code: round(amount * rng.uniform(low, high) / THOUSAND) * THOUSAND
        for code, amount in estimate.items()
    }


def _total_amount(rng: random.Random, unit: SampleUnit) -> int:
    billions = {"province": (800, 2500), "district": (60, 200)}.get(
        unit.level, (8, 20) if unit.urban else (5, 14)
    )
    return rng.randint(billions[0] * 1000, billions[1] * 1000) * MILLION


class _UnitBudget:
    """One unit's lines and the leaf amounts of every year and stage."""

    def __init__(self, rng: random.Random, unit: SampleUnit):
        self.rng = rng
        commune = unit.level == "commune"
        upper = "trung ương" if unit.level == "province" else "cấp trên"
        self.revenue = _lines(rng, COMMUNE_REVENUE if commune else UPPER_REVENUE, upper)
        self.spending = _lines(rng, COMMUNE_SPENDING if commune else UPPER_SPENDING, upper)
        self.first_total = _total_amount(rng, unit)
        self.estimates: tuple[dict, dict] | None = None

    def next_estimate(self) -> tuple[dict, dict]:
        if self.estimates is None:
            revenue = _estimate(self.revenue, self.first_total)
            spending = _estimate(self.spending, self.first_total)
        else:
            revenue = _grown(self.rng, self.revenue, self.estimates[0])
            spending = _balance(
                _grown(self.rng, self.spending, self.estimates[1]), sum(revenue.values())
            )
        self.estimates = (revenue, spending)
        return self.estimates

    def execution(self, months: int) -> tuple[dict, dict]:
        low, high = RATES[months]
        span = high - low
        # Revenue tends to come in faster than money is spent: draw from the upper and lower part.
        revenue = _executed(self.rng, self.estimates[0], low + 0.3 * span, high)
        spending = _executed(self.rng, self.estimates[1], low, low + 0.7 * span)
        return revenue, self.within(revenue, spending)

    def settled(self, year_end: tuple[dict, dict]) -> tuple[dict, dict]:
        """Final accounts: the full-year execution with small corrections."""
        revenue, spending = (_executed(self.rng, part, 0.995, 1.005) for part in year_end)
        return revenue, self.within(revenue, spending)

    def within(self, revenue: dict[str, int], spending: dict[str, int]) -> dict[str, int]:
        """Executed spending stays below revenue collected: scale it down when it is not."""
        if sum(spending.values()) > sum(revenue.values()):
            factor = sum(revenue.values()) / sum(spending.values()) * self.rng.uniform(0.95, 0.99)
            spending = _executed(self.rng, spending, factor, factor)
        return spending


def write_province(province: SampleUnit, out_dir: Path, options: SampleOptions) -> None:
    """Write every unit's budgets: the communes', the districts' and the province's."""
    for unit in province.walk():
        write(unit, unit.folder(out_dir), options.years, options.seed)


def write(unit: SampleUnit, unit_folder: Path, years: tuple[int, ...], seed: int) -> None:
    rng = random.Random(f"{seed}/{unit.code}/{KIND}")
    budget = _UnitBudget(rng, unit)
    for year in years:
        estimate = budget.next_estimate()
        stages = LAST_YEAR_STAGES if year == years[-1] else EARLIER_YEAR_STAGES
        year_end = None
        for stage in stages:
            if stage == ESTIMATE:
                amounts = estimate
            elif stage == "quyet-toan":
                amounts = budget.settled(year_end)
            else:
                amounts = budget.execution(MONTHS[stage])
                if MONTHS[stage] == 12:
                    year_end = amounts
            folder = dataset_folder(unit_folder, KIND, f"{year}-{stage}")
            write_yaml(folder / "thong-tin.yaml", _metadata(rng, unit, year, stage))
            write_table(folder, KIND, "revenue", _rows(budget.revenue, amounts[0]))
            write_table(folder, KIND, "spending", _rows(budget.spending, amounts[1]))


def _rows(lines: list[Line], leaves: dict[str, int]) -> list[dict]:
    amounts = _with_groups(lines, leaves)
    return [
        {"code": line.code, "name": line.name, "parent": line.parent, "amount": amounts[line.code]}
        for line in lines
    ]


# -- metadata ------------------------------------------------------------------------------------


def _metadata(rng: random.Random, unit: SampleUnit, year: int, stage: str) -> dict:
    name = unit.full_name
    council = f"Hội đồng nhân dân {name}"
    decision, notes = None, None
    if stage == ESTIMATE:
        title = f"Công khai dự toán ngân sách {name} năm {year}"
        # The council approves the estimate in late December; it is posted within 30 days.
        decision = Decision(
            decision_number(rng, "NQ-HĐND", unit.level),
            between(rng, dt.date(year - 1, 12, 15), dt.date(year - 1, 12, 24)),
            council,
        )
        posted = between(rng, dt.date(year, 1, 2), dt.date(year, 1, 9))
    elif stage == "quyet-toan":
        title = f"Công khai quyết toán ngân sách {name} năm {year}"
        decision = Decision(
            decision_number(rng, "NQ-HĐND", unit.level),
            between(rng, dt.date(year + 1, 4, 1), dt.date(year + 1, 6, 10)),
            council,
        )
        posted = after(rng, decision.date, 5, 20)
    else:
        months = MONTHS[stage]
        period = f"năm {year}" if months == 12 else f"{months} tháng đầu năm {year}"
        title = f"Công khai tình hình thực hiện dự toán ngân sách {name} {period}"
        end = (
            dt.date(year, 12, 31)
            if months == 12
            else dt.date(year, months + 1, 1) - dt.timedelta(days=1)
        )
        posted = after(rng, end, 5, 13)  # within 15 days of the end of the period
        notes = f"Số liệu thực hiện đến hết ngày {vn(end)}."
    return metadata(
        title=title,
        own={"year": year, "stage": stage},
        legal_basis=legal_basis(year),
        posted=posted,
        office=_office(unit),
        decision=decision,
        notes=notes,
        place=f"Bảng tin trụ sở Ủy ban nhân dân {unit.full_name}",
        responsible="Công chức Tài chính – Kế toán" if unit.level == "commune" else None,
    )


def legal_basis(year: int) -> str:
    # Circular 26/2026/TT-BTC replaced Circular 343/2016/TT-BTC from budget year 2026.
    if year >= 2026:
        return "Luật Ngân sách nhà nước 89/2025/QH15; Thông tư 26/2026/TT-BTC"
    return "Luật Ngân sách nhà nước 83/2015/QH13; Thông tư 343/2016/TT-BTC"


def _office(unit: SampleUnit) -> str:
    if unit.level == "province":
        return f"Sở Tài chính {unit.full_name}"
    if unit.level == "district":
        return f"Phòng Tài chính – Kế hoạch, Ủy ban nhân dân {unit.full_name}"
    return f"Bộ phận Tài chính – Kế toán, Ủy ban nhân dân {unit.full_name}"
