"""Name and place data for the synthetic citizens: Vietnamese names with their real frequencies.

Family-name weights follow the commonly cited shares (Nguyễn ≈ 38 %, Trần ≈ 11 %, Lê ≈ 9.5 %, …);
Hoàng is northern and Huỳnh its southern/central spelling. Central Highlands minorities (Ê Đê,
M'nông, Gia Rai) are named as they are registered: Ê Đê and M'nông men "Y …", women "H'…", the
clan name last; Gia Rai the clan name first.
"""

from __future__ import annotations

__all__ = [
    "BUSINESS_LINES",
    "EDE_CLANS",
    "ETHNICITY_DAKLAK",
    "FAMILY_NAMES",
    "GIVEN_FEMALE",
    "GIVEN_MALE",
    "JRAI_CLANS",
    "LEGACY_DAKLAK",
    "MIDDLE_FEMALE",
    "MIDDLE_MALE",
    "MIGRANT_PREFIXES",
    "MINORITY_GIVEN",
    "MNONG_CLANS",
    "OCCUPATIONS",
    "RELIGION",
    "STREETS",
    "VILLAGE_PREFIXES",
]

# (family name, weight in per-mille)
FAMILY_NAMES: tuple[tuple[str, int], ...] = (
    ("Nguyễn", 380), ("Trần", 110), ("Lê", 95), ("Phạm", 71), ("Hoàng", 30), ("Huỳnh", 21), ("Phan", 45),
    ("Vũ", 22), ("Võ", 17), ("Đặng", 21), ("Bùi", 20), ("Đỗ", 14), ("Hồ", 13), ("Ngô", 13), ("Dương", 10),
    ("Lý", 5), ("Đào", 4), ("Đinh", 4), ("Trương", 4), ("Lâm", 3), ("Mai", 3), ("Trịnh", 3), ("Lương", 3),
    ("Tạ", 2), ("Cao", 2), ("Chu", 2), ("Hà", 2), ("Tô", 1), ("Châu", 1), ("Quách", 1),
)  # fmt: skip

MIDDLE_MALE = ("Văn", "Văn", "Văn", "Hữu", "Đức", "Minh", "Quang", "Công", "Thanh", "Xuân", "Ngọc", "Duy",
               "Quốc", "Đình", "Tuấn", "Hoàng", "Trọng", "Gia")  # fmt: skip
MIDDLE_FEMALE = ("Thị", "Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Minh", "Bích", "Hồng", "Thùy",
                 "Phương", "Mai", "Diệu", "Khánh", "Thảo", "Mỹ")  # fmt: skip

GIVEN_MALE = ("Anh", "Bảo", "Bình", "Cường", "Dũng", "Đức", "Dương", "Hải", "Hiếu", "Hoàng", "Hùng", "Huy",
              "Khang", "Khánh", "Khoa", "Kiên", "Long", "Lâm", "Minh", "Nam", "Nghĩa", "Nhân", "Phong", "Phúc",
              "Quân", "Quang", "Sơn", "Tài", "Thắng", "Thành", "Thịnh", "Tiến", "Toàn", "Trung", "Tuấn", "Tùng",
              "Việt", "Vinh", "Vũ", "Lộc", "Đạt", "Hưng")  # fmt: skip
GIVEN_FEMALE = ("An", "Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hồng", "Huệ",
                "Hương", "Lan", "Liên", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Ngọc", "Nhung", "Oanh",
                "Phương", "Quyên", "Tâm", "Thảo", "Thu", "Trang", "Trinh", "Tuyết", "Uyên", "Vân", "Vy", "Yến",
                "Nhi", "Hậu", "Thủy", "Xuân")  # fmt: skip

EDE_CLANS = ("Niê", "Mlô", "Êban", "Byă", "Hđơk", "Ksơr", "Adrơng", "Êya", "Mdrang", "Ayŭn", "Buôn Yă", "Knul")
MNONG_CLANS = ("Liêng", "Bon", "Điểu", "Đinh", "Lơ Mu", "Ka")
JRAI_CLANS = ("Ksor", "Rơ Châm", "Siu", "Rah Lan", "Kpă", "Nay", "Rơ Mah", "Rơ Ô")
MINORITY_GIVEN = ("Bih", "Hen", "Blơi", "Thu", "Ngôn", "Jút", "Khuê", "Sao", "Dhong", "Linh", "Nga", "Tuyn",
                  "Wơn", "Bri", "Juê", "Drin", "Mai", "Lưk", "Phu", "Huê")  # fmt: skip

STREETS = ("Lê Duẩn", "Nguyễn Tất Thành", "Phan Bội Châu", "Hùng Vương", "Trần Phú", "Ngô Quyền", "Lý Thường Kiệt",
           "Hai Bà Trưng", "Y Jút", "Mai Hắc Đế", "Phan Chu Trinh", "Lê Hồng Phong", "Nguyễn Văn Cừ", "Hà Huy Tập",
           "Trường Chinh", "Điện Biên Phủ", "Quang Trung", "Nguyễn Trãi", "Lê Thánh Tông", "Y Ngông")  # fmt: skip
VILLAGE_PREFIXES = ("Thôn", "Thôn", "Tổ dân phố", "Buôn", "Khối")

# (occupation, minimum age)
OCCUPATIONS = (("Nông dân", 18), ("Giáo viên", 22), ("Công nhân", 18), ("Kinh doanh", 20), ("Nội trợ", 20),
               ("Công chức", 22), ("Lao động tự do", 18), ("Kỹ sư", 22), ("Bác sĩ", 25), ("Tài xế", 20))  # fmt: skip

MIGRANT_PREFIXES = ("040", "038", "036", "034", "042", "046", "051", "001")

# Đắk Lắk: Kinh, Ê Đê, Nùng, Tày, M'nông, Gia Rai, Thái, Mường, Dao, Mông, Ba Na, Chăm, then any other group.
ETHNICITY_DAKLAK = (
    ("01", 660),
    ("12", 170),
    ("07", 30),
    ("02", 30),
    ("20", 25),
    ("10", 20),
    ("03", 12),
    ("06", 10),
    ("09", 8),
    ("08", 8),
    ("13", 5),
    ("17", 4),
)

RELIGION = {
    "01": (("none", 80), ("buddhism", 10), ("catholicism", 7), ("protestantism", 2), ("cao_dai", 1)),
    "12": (("protestantism", 45), ("catholicism", 20), ("none", 35)),
}

LEGACY_DAKLAK = (  # real pre-2025 wards; the ones the unit table cannot convert are skipped at build time
    ("Phường Tân Lợi", "Thành phố Buôn Ma Thuột"),
    ("Xã Hòa Thắng", "Thành phố Buôn Ma Thuột"),
    ("Thị trấn Buôn Trấp", "Huyện Krông Ana"),
    ("Phường An Lạc", "Thị xã Buôn Hồ"),
    ("Thị trấn Phước An", "Huyện Krông Pắc"),
    ("Xã Ea Tu", "Thành phố Buôn Ma Thuột"),
    ("Phường Tự An", "Thành phố Buôn Ma Thuột"),
    ("Xã Ea Kao", "Thành phố Buôn Ma Thuột"),
    ("Phường Thành Công", "Thành phố Buôn Ma Thuột"),
    ("Xã Cư Êbur", "Thành phố Buôn Ma Thuột"),
    ("Xã Ea BHốk", "Huyện Cư Kuin"),  # split between two 2025 communes: conversion must ask the citizen
)

BUSINESS_LINES = (
    ("4711", "Bán lẻ lương thực, thực phẩm, đồ uống trong cửa hàng kinh doanh tổng hợp"),
    ("5610", "Nhà hàng và các dịch vụ ăn uống phục vụ lưu động"),
    ("0126", "Trồng cây cà phê"),
    ("4520", "Bảo dưỡng, sửa chữa ô tô và xe có động cơ khác"),
    ("9602", "Cắt tóc, làm đầu, gội đầu"),
    ("4773", "Bán lẻ hàng hóa khác mới"),
)
