"""Pools of invented Vietnamese names: places, villages, people.

All combinations are synthetic. Real province names are left out of the place pool so that a
sample commune is never mistaken for a real province.
"""

from __future__ import annotations

import random

PROVINCE_NAME = "Bình Sơn"

# District names in a fixed order, so the default sample always starts with huyện An Lạc.
DISTRICT_NAMES = (
    "An Lạc",
    "Phú Mỹ",
    "Thanh Bình",
    "Đông Hòa",
    "Tân Lập",
    "Vĩnh Xuân",
    "Hòa Thịnh",
    "Quảng Lợi",
    "Long Hưng",
    "Xuân Trường",
    "Gia Phong",
    "Nghĩa Hưng",
)

# Names that sound like communes, in a fixed order so the default sample keeps its names
# (xã An Định is always there); then the syllable combinations below, shuffled by the seed.
COMMUNE_NAMES = (
    "An Định",
    "Thanh Xuân",
    "Đông Hưng",
    "Phú Lộc",
    "Tân Phong",
    "Hòa An",
    "Mỹ Lợi",
    "Xuân Lộc",
    "Quảng Thành",
    "Vĩnh Hòa",
    "Hưng Đạo",
    "Minh Khai",
    "Kim Liên",
    "Cẩm Thạch",
    "Hải Ninh",
    "Phước Hiệp",
    "Thái Hòa",
    "Trung Nghĩa",
    "Yên Lập",
    "Sơn Thủy",
    "Đức Phong",
    "Nghĩa Trung",
    "Hồng Phong",
    "Liên Châu",
    "Tam Hiệp",
    "Gia Khánh",
    "Long Thạnh",
)
# Communes directly under the province are mostly new wards; they start from this list.
WARD_NAMES = (
    "Bình Minh",
    "Thống Nhất",
    "Tân Tiến",
    "Hòa Lạc",
    "Phú Thịnh",
    "Trung Sơn",
    "Đông Xuyên",
)
_FIRST = (
    "An",
    "Bình",
    "Đông",
    "Tây",
    "Nam",
    "Bắc",
    "Phú",
    "Tân",
    "Thanh",
    "Hòa",
    "Hưng",
    "Quảng",
    "Vĩnh",
    "Xuân",
    "Đức",
    "Long",
    "Minh",
    "Nghĩa",
    "Thái",
    "Trung",
    "Hồng",
    "Kim",
    "Cẩm",
    "Hải",
    "Phước",
    "Mỹ",
    "Thịnh",
    "Lộc",
    "Gia",
    "Yên",
    "Thạch",
    "Sơn",
    "Hiệp",
    "Tam",
    "Liên",
    "Châu",
    "Quang",
    "Hương",
    "Định",
    "Phong",
)
_SECOND = (
    "Lạc",
    "Bình",
    "Hòa",
    "Mỹ",
    "Lập",
    "Định",
    "Thịnh",
    "Phú",
    "Hưng",
    "Lợi",
    "Thành",
    "Phong",
    "Sơn",
    "Hải",
    "An",
    "Lộc",
    "Tiến",
    "Phát",
    "Thuận",
    "Khánh",
    "Ninh",
    "Long",
    "Quang",
    "Trung",
    "Hiệp",
    "Tân",
    "Xuân",
    "Hà",
    "Điền",
    "Tường",
    "Đức",
    "Nghĩa",
    "Vinh",
    "Hạnh",
    "Châu",
    "Yên",
    "Cường",
    "Thái",
    "Hồng",
    "Kiều",
)
_DIRECTIONS = ("Đông", "Tây", "Nam", "Bắc", "Thượng", "Trung", "Hạ")
_REAL_PROVINCES = {
    "Bình Định",
    "Phú Yên",
    "Thái Bình",
    "Long An",
    "Quảng Ninh",
    "Ninh Bình",
    "Tây Ninh",
    "Hà Nam",
    "Nam Định",
    "Hưng Yên",
    "Bắc Ninh",
    "Quảng Nam",
    "Vĩnh Long",
    "Hòa Bình",
    "Bình Thuận",
    "Ninh Thuận",
    "Quảng Bình",
    "Khánh Hòa",
    "Hải Dương",
    "Sơn La",
    "Yên Bái",
}


def place_names(rng: random.Random):
    """Endless-enough stream of distinct commune names (about 10,000)."""
    combos = [f"{a} {b}" for a in _FIRST for b in _SECOND if a != b]
    reserved = _REAL_PROVINCES | set(COMMUNE_NAMES) | set(DISTRICT_NAMES) | set(WARD_NAMES)
    combos = [n for n in combos if n not in reserved]
    curated = list(COMMUNE_NAMES)
    rng.shuffle(combos)
    yield from curated
    yield from combos
    for direction in _DIRECTIONS:  # "An Lạc Đông": how big communes were split in the past
        yield from (f"{n} {direction}" for n in curated + combos)


# -- villages ------------------------------------------------------------------------------------

THON_NAMES = (
    "Đông",
    "Tây",
    "Nam",
    "Bắc",
    "Trung",
    "Thượng",
    "Hạ",
    "Đoài",
    "Phú Lộc",
    "An Hòa",
    "Tân Phú",
    "Lạc Thiện",
    "Yên Thái",
    "Đồng Tâm",
    "Quyết Tiến",
    "Thắng Lợi",
    "Đoàn Kết",
    "Tiền Phong",
    "Phú Xuân",
    "Vĩnh An",
    "Cầu Đá",
    "Gò Mít",
    "Bàu Sen",
    "Đồng Lớn",
    "Xóm Mới",
    "Mỹ Lợi",
    "Phước Thạnh",
    "Kim Ngọc",
    "Hưng Long",
    "Bến Đò",
)
TO_DAN_PHO_NAMES = (
    "Bắc Sơn",
    "Nam Sơn",
    "Trần Phú",
    "Lê Lợi",
    "Quang Trung",
    "Hùng Vương",
    "Chợ",
    "Ga",
    "Bến Xe",
    "Đồng Xoài",
    "Tân Tiến",
    "Hòa Bình",
    "Thống Nhất",
    "Độc Lập",
)
# Tày and Thái place words (Nà = field, Huổi = stream, Nậm = river, Phiêng = flat, Pá = cliff).
_BAN_FIRST = ("Nà", "Huổi", "Nậm", "Phiêng", "Pá", "Co", "Khau", "Bó", "Khuổi")
_BAN_SECOND = (
    "Sài",
    "Lạn",
    "Hin",
    "Mòn",
    "Cang",
    "Pục",
    "Lếch",
    "Khoang",
    "Tòng",
    "Phày",
    "Lướng",
    "Mạ",
    "Sản",
    "Pàu",
)


def ban_names(rng: random.Random, count: int) -> list[str]:
    pool = [f"{a} {b}" for a in _BAN_FIRST for b in _BAN_SECOND]
    return rng.sample(pool, count)


# -- people ------------------------------------------------------------------------------------

# Family names with their rough share of the population, in per mille.
FAMILY_NAMES = {
    "Nguyễn": 380,
    "Trần": 110,
    "Lê": 95,
    "Phạm": 71,
    "Hoàng": 30,
    "Huỳnh": 21,
    "Phan": 45,
    "Vũ": 25,
    "Võ": 14,
    "Đặng": 21,
    "Bùi": 20,
    "Đỗ": 14,
    "Hồ": 13,
    "Ngô": 13,
    "Dương": 10,
    "Lý": 5,
    "Đinh": 8,
    "Trịnh": 6,
    "Đào": 6,
    "Mai": 5,
    "Lương": 5,
    "Cao": 4,
    "Hà": 4,
    "Tạ": 3,
    "Lưu": 3,
    "Chu": 3,
    "Lâm": 3,
    "Tô": 2,
    "Quách": 2,
}
# In mountain communes (bản) many families are Tày or Thái.
MOUNTAIN_FAMILY_NAMES = {
    "Lò": 120,
    "Lường": 80,
    "Hà": 90,
    "Vi": 60,
    "Cầm": 50,
    "Quàng": 40,
    "Sầm": 30,
    "Nông": 70,
    "Hoàng": 80,
    "Lục": 40,
    "Triệu": 40,
    "Nguyễn": 120,
    "Lương": 50,
}
MALE_MIDDLE = {
    "Văn": 50,
    "Đức": 8,
    "Minh": 6,
    "Hữu": 6,
    "Quang": 5,
    "Thanh": 4,
    "Công": 5,
    "Xuân": 4,
    "Ngọc": 3,
    "Đình": 5,
    "Bá": 2,
    "Duy": 2,
    "Tiến": 2,
    "Trọng": 3,
    "Mạnh": 2,
}
FEMALE_MIDDLE = {
    "Thị": 70,
    "Ngọc": 5,
    "Thanh": 5,
    "Thu": 4,
    "Kim": 4,
    "Minh": 2,
    "Hồng": 3,
    "Bích": 2,
    "Mỹ": 2,
    "Phương": 2,
}
MALE_GIVEN = (
    "An",
    "Anh",
    "Bảo",
    "Bình",
    "Cường",
    "Chiến",
    "Công",
    "Dũng",
    "Duy",
    "Dương",
    "Đạt",
    "Định",
    "Đông",
    "Đức",
    "Giang",
    "Hải",
    "Hậu",
    "Hiếu",
    "Hiệp",
    "Hòa",
    "Hoàng",
    "Huy",
    "Hùng",
    "Hưng",
    "Khải",
    "Khánh",
    "Khoa",
    "Kiên",
    "Lâm",
    "Lộc",
    "Lợi",
    "Long",
    "Luân",
    "Mạnh",
    "Minh",
    "Nam",
    "Nghĩa",
    "Nhân",
    "Phát",
    "Phong",
    "Phúc",
    "Phương",
    "Quân",
    "Quang",
    "Quý",
    "Sơn",
    "Tài",
    "Tâm",
    "Thắng",
    "Thành",
    "Thanh",
    "Thịnh",
    "Tiến",
    "Toàn",
    "Trung",
    "Trường",
    "Tú",
    "Tuấn",
    "Tùng",
    "Vinh",
    "Việt",
    "Vũ",
)
FEMALE_GIVEN = (
    "An",
    "Anh",
    "Bích",
    "Châu",
    "Chi",
    "Cúc",
    "Dung",
    "Duyên",
    "Đào",
    "Giang",
    "Hà",
    "Hạnh",
    "Hằng",
    "Hiền",
    "Hoa",
    "Hồng",
    "Huệ",
    "Hương",
    "Huyền",
    "Khánh",
    "Lan",
    "Liên",
    "Liễu",
    "Linh",
    "Loan",
    "Lụa",
    "Mai",
    "My",
    "Nga",
    "Ngân",
    "Nguyệt",
    "Nhàn",
    "Nhung",
    "Oanh",
    "Phượng",
    "Quyên",
    "Quỳnh",
    "Sen",
    "Tâm",
    "Thảo",
    "Thắm",
    "Thu",
    "Thủy",
    "Thúy",
    "Thư",
    "Trang",
    "Trinh",
    "Tuyết",
    "Uyên",
    "Vân",
    "Xuân",
    "Yến",
)
_SECOND_MIDDLE = ("Thu", "Thanh", "Kim", "Ngọc", "Minh", "Bích", "Hồng")


class NamePicker:
    """Draws full names; the weighted pools are prepared once because communes draw thousands."""

    def __init__(self, mountain: bool = False):
        families = MOUNTAIN_FAMILY_NAMES if mountain else FAMILY_NAMES
        self._families = (list(families), _cumulative(families.values()))
        self._male = (list(MALE_MIDDLE), _cumulative(MALE_MIDDLE.values()))
        self._female = (list(FEMALE_MIDDLE), _cumulative(FEMALE_MIDDLE.values()))

    def full_name(self, rng: random.Random, female: bool) -> str:
        family = _pick(rng, self._families)
        middle = _pick(rng, self._female if female else self._male)
        given = rng.choice(FEMALE_GIVEN if female else MALE_GIVEN)
        if female and middle == "Thị" and rng.random() < 0.15:
            middle = f"Thị {rng.choice(_SECOND_MIDDLE)}"  # "Nguyễn Thị Thu Hà"
        while given == middle.split()[-1]:  # no "Thị Thu Thu"
            given = rng.choice(FEMALE_GIVEN if female else MALE_GIVEN)
        return f"{family} {middle} {given}"


def _cumulative(weights) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


def _pick(rng: random.Random, pool: tuple[list[str], list[float]]) -> str:
    values, cumulative = pool
    return rng.choices(values, cum_weights=cumulative)[0]
