"""Make the example census workbooks that ship with ktt, into this script's folder.

- census-can-tho-2025.xlsx: a realistic, synthetic 2025 census of the old Cần Thơ city
  (366 HTX, 1,409 THT, 4 LHHTX in 31 of the 32 communes in force that its 9 former districts
  became on 1 July 2025), calibrated to the published figures below. A census after the
  reform names communes only: there are no districts any more.
- census-can-tho-merged-2025.xlsx: the same city after its merger with Sóc Trăng and Hậu
  Giang on 1 July 2025 (745 HTX, 8 LHHTX), each organization of the former provinces in a
  commune in force of its former district.
- census-can-tho-2024.xlsx: the old city's census of 2024, before the reform: the same
  organizations but those founded or dissolved since, each in a commune and district of
  then (a predecessor of its commune in force), to compare with the 2025 census across the
  reform.
- units-can-tho.txt: the 103 communes of the city in force, with their codes, as the units
  that must report.
- census-findings.xlsx: each row plants one finding, named in its "Ghi chú" cell; the last
  rows are sloppy but valid and must produce none.
- findings/*.xlsx: one workbook per file-level finding (legacy-encoding.xlsx: typed in TCVN3;
  renamed-workbook.xls: an .xlsx named .xls), legacy-encoded-value.xlsx: a district
  pasted in TCVN3 into a Unicode list, and error-value.xlsx: a #N/A saved in a cell.

The published figures the examples are calibrated to (each with its public source):

- Old Cần Thơ: 300, 321 and 341 HTX on 30 June 2022, 2023 and 2024, 7 of them people's credit
  funds (Plans 185/KH-UBND 2022, 162/KH-UBND 2023, 166/KH-UBND 2024). Growing by about 20 a
  year, the city has about 355 active HTX at the end of 2025: 366 are listed, 11 of them
  suspended, being dissolved or dissolved.
- Old Cần Thơ, 2019: 1,409 THT with about 54,800 members, 39 per THT (baocantho.com.vn).
  The example lists 1,409 THT, a median of 35 members and a mean of 38.5.
- About 40 members per HTX in the old city (the 2023 plan's 13,400 HTX members for about 340
  HTX, 39, lienminhhtxtpct.vn): an ordinary HTX has a median of 26 members. The credit funds'
  own membership is not published; they are drawn at 250–700 members, so that the mean over
  all HTX stays about 40 (41 in the example).
- Merged Cần Thơ, February 2026: 745 HTX and 8 LHHTX (vietnam.vn). Sóc Trăng, 2023: 216 HTX
  with about 32,000 members, 1,244 THT with 29,613 members, 1 LHHTX (dantocmiennui.vn). Hậu
  Giang, November 2024: 282 HTX with 8,603 members, 803 THT with 11,575 members, 4 LHHTX
  with 70 member HTX (baohaugiang.com.vn). The 745 HTX are shared between the two former
  provinces in the proportion of their published counts, the LHHTX so that the city has 8,
  and members per organization follow each province's published figures.
- The as-of date is 14 December 2025, the end of the period Circular 09/2024/TT-BKHĐT sets
  (15 December of the year before to 14 December).
- The populations (1,263,000 for the old city, 4,199,824 for the merged one) are rounded
  official figures, not from the sources above; only population shares use them.

Everything is drawn from random.Random(2025) and the file timestamps are pinned, so reruns
give identical bytes. Rebuild with ktt's development environment (see docs/development.md):

    .venv/bin/python examples/make_examples.py
"""

from __future__ import annotations

import math
import random
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path

try:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.worksheet import Worksheet

    from ktt_indicators.census.unit_records import AdminUnit
    from ktt_indicators.census.units import load_units
    from ktt_indicators.core.text import fold
except ModuleNotFoundError:  # a python without ktt's dependencies: say which one has them
    import sys

    sys.exit(
        "make_examples.py needs ktt's development environment (openpyxl). From the repository:\n"
        "    python3 -m venv .venv && .venv/bin/pip install -e '.[dev]'\n"
        "    .venv/bin/python examples/make_examples.py"
    )

HERE = Path(__file__).parent
FIXED_TIME = datetime(2025, 12, 15)
INFO_SHEET = "Thông tin chung"
LIST_SHEET = "Danh sách tổ chức"
HEADERS = [
    "STT", "Mã số", "Tên tổ chức", "Loại hình", "Xã/phường", "Quận/huyện", "Tỉnh/thành cũ",
    "Lĩnh vực", "Tình trạng", "Ngày thành lập", "Số thành viên", "Số HTX thành viên",
    "Xếp loại", "Liên kết chuỗi giá trị", "Ứng dụng công nghệ cao", "Chuyển đổi số",
    "Giới tính giám đốc", "HTX kiểu mới", "Điển hình tiên tiến", "Sản phẩm chủ lực",
    "Vốn điều lệ (triệu đồng)", "Doanh thu (triệu đồng)", "Lợi nhuận (triệu đồng)",
    "Số lao động", "Ghi chú",
]  # fmt: skip
#: A census after 1 July 2025 names communes only: the district level was abolished.
CITY_HEADERS = [h for h in HEADERS if h != "Quận/huyện"]
YES = "x"  # the form convention: tick what applies, leave "no" empty
ACTIVE, SUSPENDED, PENDING, DISSOLVED = (
    "Đang hoạt động", "Tạm ngừng hoạt động", "Chờ giải thể", "Đã giải thể",
)  # fmt: skip
AG, CREDIT = "Nông nghiệp", "Tín dụng"
CN, TM = "Công nghiệp - tiểu thủ công nghiệp", "Thương mại - dịch vụ"
AS_OF = date(2025, 12, 14)  # the end of the period of Circular 09/2024/TT-BKHĐT
LAST_RATED = date(2024, 12, 14)  # founded later = under 12 months old on 14/12/2025: not rated
Row = dict[str, object]

# Former district -> (current communes, old place names used in organization names).
DISTRICTS: dict[str, tuple[list[str], list[str]]] = {
    "Ninh Kiều": (["Phường Ninh Kiều", "Phường Cái Khế", "Phường Tân An", "Phường An Bình"],
                  ["Tân An", "An Hòa", "Cái Khế", "An Khánh", "Hưng Lợi", "Xuân Khánh", "An Cư"]),
    "Bình Thủy": (["Phường Bình Thủy", "Phường Long Tuyền", "Phường Thới An Đông"],
                  ["Bình Thủy", "Long Hòa", "Long Tuyền", "Trà Nóc", "Thới An Đông", "Trà An"]),
    "Cái Răng": (["Phường Cái Răng", "Phường Hưng Phú"],
                 ["Lê Bình", "Hưng Phú", "Hưng Thạnh", "Ba Láng", "Thường Thạnh", "Phú Thứ"]),
    "Ô Môn": (["Phường Ô Môn", "Phường Phước Thới", "Phường Thới Long"],
              ["Châu Văn Liêm", "Thới Hòa", "Thới Long", "Long Hưng", "Phước Thới", "Trường Lạc"]),
    "Thốt Nốt": (["Phường Thốt Nốt", "Phường Trung Nhứt", "Phường Thuận Hưng", "Phường Tân Lộc"],
                 ["Thới Thuận", "Thuận An", "Thuận Hưng", "Trung Kiên", "Tân Lộc", "Thạnh Hòa"]),
    "Phong Điền": (["Xã Phong Điền", "Xã Nhơn Ái", "Xã Trường Long"],
                   ["Nhơn Ái", "Nhơn Nghĩa", "Mỹ Khánh", "Giai Xuân", "Tân Thới", "Trường Long"]),
    "Thới Lai": (["Xã Thới Lai", "Xã Đông Thuận", "Xã Trường Xuân", "Xã Trường Thành"],
                 ["Thới Thạnh", "Xuân Thắng", "Đông Bình", "Định Môn", "Trường Thắng", "Thới Tân"]),
    "Cờ Đỏ": (["Xã Cờ Đỏ", "Xã Đông Hiệp", "Xã Trung Hưng", "Xã Thới Hưng"],
              ["Trung An", "Trung Thạnh", "Thạnh Phú", "Thới Xuân", "Đông Thắng", "Thới Đông"]),
    "Vĩnh Thạnh": (["Xã Vĩnh Thạnh", "Xã Thạnh An", "Xã Thạnh Quới", "Xã Vĩnh Trinh"],
                   ["Thạnh Thắng", "Thạnh Lợi", "Thạnh Mỹ", "Thạnh Lộc", "Vĩnh Bình"]),
}  # fmt: skip
# Weights per district, in DISTRICTS order: agriculture sits in the rural districts.
AG_WEIGHTS = [2, 6, 7, 20, 20, 28, 32, 33, 31]
NONAG_WEIGHTS = [30, 16, 15, 10, 12, 6, 5, 6, 5]
# Non-agricultural exemplary HTX per district: 6 districts have 1-2, the other 3 none.
NONAG_EXEMPLARY = {"Ninh Kiều": 2, "Bình Thủy": 1, "Cái Răng": 2, "Ô Môn": 1, "Thốt Nốt": 1,
                   "Phong Điền": 1}  # fmt: skip
MOTTOS = ["Quyết Tiến", "Thành Công", "Hòa Bình", "Đoàn Kết", "Thắng Lợi", "Phát Đạt",
          "Hưng Thịnh", "Tiến Phát", "Hợp Lực", "Bình Minh", "Phương Nam", "Tây Đô",
          "Sông Hậu", "Cửu Long", "Toàn Thắng", "Thịnh Vượng", "Đồng Tâm", "Hiệp Lực"]  # fmt: skip

HTX_SECTORS = {AG: 192, CN: 26, "Vận tải": 51, TM: 36, "Xây dựng": 50, CREDIT: 7,
               "Môi trường": 2, "Khác": 2}  # fmt: skip
HTX_KINDS = {  # sector -> words that name what the cooperative does
    AG: ["Nông nghiệp", "Dịch vụ nông nghiệp", "Lúa gạo", "Sản xuất lúa giống", "Cây ăn trái",
         "Trái cây", "Sầu riêng", "Thủy sản", "Nuôi trồng thủy sản", "Rau an toàn", "Chăn nuôi",
         "Nấm rơm"],
    CN: ["Tiểu thủ công nghiệp", "Cơ khí", "Chế biến thực phẩm", "Đan lục bình", "Bánh tráng"],
    "Vận tải": ["Vận tải", "Vận tải thủy bộ", "Vận tải hành khách", "Vận tải hàng hóa"],
    TM: ["Thương mại dịch vụ", "Du lịch cộng đồng", "Dịch vụ tổng hợp", "Thương mại"],
    "Xây dựng": ["Xây dựng", "Xây dựng công trình", "Vật liệu xây dựng", "Xây dựng thương mại"],
    CREDIT: ["Quỹ tín dụng nhân dân"],
    "Môi trường": ["Vệ sinh môi trường", "Dịch vụ môi trường"],
    "Khác": ["Dịch vụ nước sạch", "Dịch vụ điện nước"],
}  # fmt: skip
THT_SECTORS = {AG: 86, CN: 5, TM: 4, "Xây dựng": 1, "Vận tải": 1, "Môi trường": 1, "Khác": 2}
THT_KINDS = {
    AG: ["trồng lúa", "sản xuất lúa giống", "trồng cây ăn trái", "trồng sầu riêng", "trồng bưởi",
         "trồng xoài", "trồng chôm chôm", "nuôi cá", "nuôi lươn", "nuôi ếch", "trồng rau an toàn",
         "chăn nuôi bò", "trồng nấm rơm", "trồng hoa kiểng", "sản xuất nông nghiệp"],
    CN: ["đan lục bình", "làm bánh tráng", "mây tre đan", "làm bánh dân gian"],
    TM: ["du lịch sinh thái", "dịch vụ ăn uống"], "Xây dựng": ["xây dựng dân dụng"],
    "Vận tải": ["đò ngang", "vận chuyển hàng hóa"], "Môi trường": ["thu gom rác"],
    "Khác": ["tiết kiệm vay vốn", "dịch vụ tổng hợp"],
}  # fmt: skip
# Key product named by a word of the organization's name; other farming names get "Khác".
PRODUCT_WORDS = {"Lúa gạo": ["lúa"], "Trái cây": ["trái", "sầu riêng", "bưởi", "xoài", "chôm"],
                 "Thủy sản": ["thủy sản", "cá", "lươn", "ếch"]}  # fmt: skip
LHHTX = [  # name, district, commune, sector, key product
    ("Liên hiệp HTX Lúa gạo Cần Thơ", "Thới Lai", "Xã Thới Lai", AG, "Lúa gạo"),
    ("Liên hiệp Hợp tác xã Trái cây Phong Điền", "Phong Điền", "Xã Phong Điền", AG, "Trái cây"),
    ("Liên hiệp HTX Vận tải Tây Đô", "Bình Thủy", "Phường Bình Thủy", "Vận tải", None),
    ("Liên hiệp HTX Thương mại - Dịch vụ Cần Thơ", "Ninh Kiều", "Phường Ninh Kiều", TM, None),
]


def unique(rng: random.Random, used: set[str], words: Sequence[str], places: Sequence[str]) -> str:
    """A name "<word> <place>" not used yet, drawn at random."""
    free = [f"{word} {place}" for word in words for place in places]
    free = [name for name in free if name not in used]
    if not free:
        raise RuntimeError(f"no unused name left for {words[0]!r}")
    name = rng.choice(free)
    used.add(name)
    return name


def tax_code(rng: random.Random, used: set[str], prefix: str = "18") -> str:
    """A unique 10-digit tax code (text); 5% are branch codes ("1801234567-001")."""
    code = prefix + "".join(rng.choices("0123456789", k=10 - len(prefix)))
    while code in used:
        code = prefix + "".join(rng.choices("0123456789", k=10 - len(prefix)))
    used.add(code)
    return f"{code}-{rng.randint(1, 9):03d}" if rng.random() < 0.05 else code


def founding_date(rng: random.Random, first: int, last: date) -> date:
    """A founding date, recent years weighted up (the HTX count grew ~20 a year since 2020)."""
    years = list(range(first, last.year + 1))
    year = rng.choices(years, weights=[6 if y >= 2020 else 3 if y >= 2013 else 2 for y in years])[0]
    start = date(year, 1, 1)
    span = (min(date(year, 12, 31), last) - start).days
    return start + timedelta(days=rng.randint(0, span))


def lognormal(rng: random.Random, median: float, sigma: float, lo: float, hi: float) -> float:
    """A lognormal draw with the given median, clamped to [lo, hi]."""
    return min(hi, max(lo, rng.lognormvariate(math.log(median), sigma)))


def money(rng: random.Random, row: Row, capital: float, revenue: float, empty: float) -> None:
    """Fill the money and labour columns; some cells stay empty, profit never exceeds revenue."""
    if rng.random() > empty:
        row["Vốn điều lệ (triệu đồng)"] = round(capital)
    if rng.random() > empty:
        rev = round(revenue, 1)
        row["Doanh thu (triệu đồng)"] = rev
        margin = rng.uniform(-0.15, 0) if rng.random() < 0.1 else rng.uniform(0.01, 0.2)
        row["Lợi nhuận (triệu đồng)"] = round(rev * margin, 1)


def yes(rng: random.Random, share: float) -> str | None:
    """'x' with probability `share`, else an empty cell."""
    return YES if rng.random() < share else None


def director(rng: random.Random) -> str | None:
    """Director gender: Nữ ~22%, unknown ~5%, Nam otherwise."""
    draw = rng.random()
    return "Nữ" if draw < 0.22 else None if draw < 0.27 else "Nam"


def product(rng: random.Random, sector: str, name: str) -> str | None:
    """Key product of a farming organization, from its name; a random one for generic names."""
    if sector != AG:
        return None
    words = f" {name.lower()} "
    for key_product, keys in PRODUCT_WORDS.items():
        if any(f" {key} " in words for key in keys):
            return key_product
    if "nông nghiệp" not in words:
        return "Khác"
    return rng.choices(["Lúa gạo", "Trái cây", "Thủy sản", "Khác"], [50, 25, 10, 15])[0]


def make_htx(rng: random.Random, names: set[str], codes: set[str]) -> list[Row]:
    """The cooperatives: fixed sector counts, districts weighted by sector."""
    rows: list[Row] = []
    for sector, count in HTX_SECTORS.items():
        weights = AG_WEIGHTS if sector in (AG, CREDIT) else NONAG_WEIGHTS
        for _ in range(count):
            district = rng.choices(list(DISTRICTS), weights)[0]
            communes, places = DISTRICTS[district]
            pool = places if sector in (AG, CREDIT) else places + MOTTOS
            name = unique(rng, names, HTX_KINDS[sector], pool)
            if sector == CREDIT:
                members = rng.randint(250, 700)
            else:  # the name's body is unique; "Hợp tác xã" and "HTX" are both written
                name = f"{'Hợp tác xã' if rng.random() < 0.7 else 'HTX'} {name}"
                members = round(lognormal(rng, 26, 0.7, 7, 300))
            row: Row = {
                "Mã số": tax_code(rng, codes), "Tên tổ chức": name, "Loại hình": "HTX",
                "Xã/phường": rng.choice(communes), "Quận/huyện": district, "Lĩnh vực": sector,
                "Tình trạng": ACTIVE, "Ngày thành lập": founding_date(rng, 1997, LAST_RATED),
                "Số thành viên": members, "Xếp loại": rng.choices(
                    ["Tốt", "Khá", "Trung bình", "Yếu", None], [12, 29, 34, 8, 17])[0],
                "Liên kết chuỗi giá trị": yes(rng, 0.4), "Chuyển đổi số": yes(rng, 0.35),
                "Giới tính giám đốc": director(rng),
                "Sản phẩm chủ lực": product(rng, sector, name),
                "Số lao động": round(members * rng.uniform(0.05, 0.4)) + rng.randint(2, 8),
            }  # fmt: skip
            if sector == CREDIT:
                row["Xếp loại"] = rng.choice(["Tốt", "Khá"])
                money(rng, row, rng.uniform(8000, 45000), rng.uniform(4000, 20000), 0.0)
            else:
                capital = lognormal(rng, 1500, 1.0, 50, 60000)
                money(rng, row, capital, lognormal(rng, 2500, 1.1, 20, 200000), 0.08)
            rows.append(row)
    return rows


def mark_htx(rng: random.Random, rows: list[Row], codes: set[str]) -> None:
    """Statuses, 2025 foundings, out-of-city codes and the counted flags, on chosen HTX."""
    ordinary = [r for r in rows if r["Lĩnh vực"] != CREDIT]
    chosen = rng.sample(ordinary, 29)
    for row, status in zip(chosen, [SUSPENDED] * 6 + [PENDING] * 3 + [DISSOLVED] * 2, strict=False):
        row["Tình trạng"] = status
        row["Ghi chú"] = {SUSPENDED: "Tạm ngừng hoạt động", PENDING: "Đang làm thủ tục giải thể",
                          DISSOLVED: "Đã giải thể năm 2025"}[status]  # fmt: skip
        row["Xếp loại"] = None if status == DISSOLVED else row["Xếp loại"]
    for row in chosen[11:]:  # 18 founded in 2025: too young to be rated
        row["Ngày thành lập"] = date(2025, 1, 1) + timedelta(days=rng.randint(0, 330))
        row["Xếp loại"] = None
        row["Ghi chú"] = "Thành lập năm 2025, chưa xếp loại"
    for row in rng.sample(ordinary, 20):  # codes registered elsewhere keep their leading zero
        row["Mã số"] = tax_code(rng, codes, rng.choice(["01", "03", "03"]))
    active = [r for r in rows if r["Tình trạng"] == ACTIVE and r not in chosen]
    active_ag = [r for r in active if r["Lĩnh vực"] == AG]
    high_tech = rng.sample(active_ag, 35)
    high_tech += rng.sample([r for r in active if r["Lĩnh vực"] not in (AG, CREDIT)], 3)
    for row in high_tech:
        row["Ứng dụng công nghệ cao"] = YES
    for row in high_tech[:3]:
        row.update({"HTX kiểu mới": YES, "Xếp loại": "Tốt", "Liên kết chuỗi giá trị": YES,
                    "Ghi chú": "HTX kiểu mới theo Kế hoạch 125/KH-UBND"})  # fmt: skip
    exemplary = rng.sample(active_ag, 6)
    for district, count in NONAG_EXEMPLARY.items():
        pool = [r for r in active if r["Quận/huyện"] == district and r["Lĩnh vực"] != AG]
        exemplary += rng.sample(pool, count)
    for row in exemplary:
        row.update({"Điển hình tiên tiến": YES, "Xếp loại": rng.choice(["Tốt", "Khá"])})


def make_lhhtx(rng: random.Random, codes: set[str]) -> list[Row]:
    """The four unions: all active and rated, 3-8 member cooperatives each."""
    rows: list[Row] = []
    for name, district, commune, sector, key_product in LHHTX:
        member_htx = rng.randint(3, 8)
        rows.append({
            "Mã số": tax_code(rng, codes), "Tên tổ chức": name, "Loại hình": "LHHTX",
            "Xã/phường": commune, "Quận/huyện": district, "Lĩnh vực": sector,
            "Tình trạng": ACTIVE, "Ngày thành lập": founding_date(rng, 2010, date(2022, 12, 31)),
            "Số thành viên": member_htx + rng.randint(0, 2), "Số HTX thành viên": member_htx,
            "Xếp loại": rng.choice(["Tốt", "Khá"]), "Liên kết chuỗi giá trị": YES,
            "Chuyển đổi số": yes(rng, 0.7), "Giới tính giám đốc": director(rng),
            "Sản phẩm chủ lực": key_product, "Số lao động": rng.randint(8, 30),
        })  # fmt: skip
        money(rng, rows[-1], rng.uniform(3000, 15000), rng.uniform(10000, 80000), 0.0)
    return rows


def make_tht(rng: random.Random, names: set[str], codes: set[str], count: int) -> list[Row]:
    """The cooperative groups: mostly agricultural, named after their hamlet."""
    rows: list[Row] = []
    sectors = rng.choices(list(THT_SECTORS), list(THT_SECTORS.values()), k=count)
    for sector in sectors:
        district = rng.choices(list(DISTRICTS), AG_WEIGHTS if sector == AG else NONAG_WEIGHTS)[0]
        communes, places = DISTRICTS[district]
        commune = rng.choice(communes)
        area = "khu vực" if commune.startswith("Phường") else "ấp"
        hamlets = [f"{area} {p}{s}" for p in places for s in ("", " A", " B", " 1", " 2", " 3")]
        name = unique(rng, names, [f"Tổ hợp tác {k}" for k in THT_KINDS[sector]], hamlets)
        row: Row = {
            "Mã số": tax_code(rng, codes) if rng.random() < 0.06 else None,
            "Tên tổ chức": name, "Loại hình": "THT", "Xã/phường": commune,
            "Quận/huyện": district, "Lĩnh vực": sector, "Tình trạng": ACTIVE,
            "Ngày thành lập": founding_date(rng, 2005, date(2025, 6, 30)),
            "Số thành viên": round(lognormal(rng, 35, 0.45, 3, 150)),
            "Liên kết chuỗi giá trị": yes(rng, 0.15), "Chuyển đổi số": yes(rng, 0.1),
            "Giới tính giám đốc": director(rng), "Sản phẩm chủ lực": product(rng, sector, name),
        }  # fmt: skip
        if rng.random() < 0.5:
            capital, revenue = lognormal(rng, 100, 0.8, 5, 2000), lognormal(rng, 500, 0.9, 10, 9000)
            money(rng, row, capital, revenue, 0.3)
        rows.append(row)
    for row in rng.sample(rows, 7):
        row.update({"Tình trạng": SUSPENDED, "Ghi chú": "Tạm ngừng hoạt động"})
    return rows


def by_place(rows: list[Row]) -> list[Row]:
    """Rows in district order, then commune and name, as a roll-up form lists them."""
    order = {name: i for i, name in enumerate(DISTRICTS)}
    return sorted(rows, key=lambda r: (order[str(r["Quận/huyện"])], str(r["Xã/phường"]),
                                       str(r["Tên tổ chức"])))  # fmt: skip


def new_workbook() -> tuple[Workbook, Worksheet]:
    """A workbook with fixed properties whose first sheet is the information sheet."""
    wb = Workbook()
    wb.properties.creator = "ktt examples/make_examples.py"
    wb.properties.created = wb.properties.modified = FIXED_TIME
    sheet = wb.active
    assert sheet is not None
    sheet.title = INFO_SHEET
    return wb, sheet


def write_workbook(
    path: Path,
    info: Sequence[tuple[str, object]],
    headers: Sequence[str] | None,
    rows: Sequence[Row] = (),
) -> None:
    """Write the information sheet and (unless headers is None) the list sheet."""
    wb, sheet = new_workbook()
    for label, value in info:
        sheet.append([label, value])
    sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width = 18, 40
    if headers is not None:
        sheet = wb.create_sheet(LIST_SHEET)
        sheet.append(list(headers))
        for number, row in enumerate(rows, start=1):
            sheet.append([number if h == "STT" else row.get(h) for h in headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for (cell,) in sheet.iter_rows(min_row=2, min_col=2, max_col=2):
            if isinstance(cell.value, str):
                cell.number_format = "@"  # codes are text: keep leading zeros
        sheet.freeze_panes = "A2"
        for column in sheet.iter_cols():
            values = [len(str(c.value)) for c in column if c.value is not None]
            sheet.column_dimensions[column[0].column_letter].width = min(48, max(values) + 2)
    for ws in wb.worksheets:
        for line in ws.iter_rows():
            for cell in line:
                if isinstance(cell.value, date | datetime):
                    cell.number_format = "dd/mm/yyyy"
    wb.save(path)
    pin_timestamps(path)


def pin_timestamps(path: Path) -> None:
    """Rewrite the zip with fixed entry times and core.xml 'modified' (openpyxl sets it to now)."""
    with zipfile.ZipFile(path) as archive:
        entries = [(info.filename, archive.read(info)) for info in archive.infolist()]
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries:
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, data)
            entry = zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
            archive.writestr(entry, data, compress_type=zipfile.ZIP_DEFLATED)


def make_census(rng: random.Random) -> list[Row]:
    """examples/census-can-tho-2025.xlsx; returns its rows."""
    names: set[str] = set()
    codes: set[str] = set()
    htx = make_htx(rng, names, codes)
    mark_htx(rng, htx, codes)
    rows = make_lhhtx(rng, codes) + by_place(htx) + by_place(make_tht(rng, names, codes, 1409))
    for row in rows:
        row["Tỉnh/thành cũ"] = "Cần Thơ"
    info = [("Đơn vị báo cáo", "Sở Tài chính thành phố Cần Thơ"), ("Năm báo cáo", 2025),
            ("Ngày số liệu", AS_OF), ("Địa bàn", "Thành phố Cần Thơ (cũ)"),
            ("Dân số", 1263000)]  # fmt: skip
    write_workbook(HERE / "census-can-tho-2025.xlsx", info, CITY_HEADERS, rows)
    return rows


#: Former districts of the two provinces merged into Cần Thơ on 1 July 2025.
MERGED = {
    "Sóc Trăng": ("22", ["Mỹ Tú", "Kế Sách", "Long Phú", "Trần Đề", "Mỹ Xuyên", "Ngã Năm",
                         "Thạnh Trị", "Vĩnh Châu", "Cù Lao Dung", "Châu Thành"]),
    "Hậu Giang": ("63", ["Vị Thanh", "Ngã Bảy", "Long Mỹ", "Phụng Hiệp", "Vị Thủy",
                         "Châu Thành A"]),
}  # fmt: skip
#: Organizations of each former province: the THT as published, the merged city's 745 HTX
#: less the old city's 366 shared as Sóc Trăng's 216 and Hậu Giang's 282, and 8 LHHTX in all.
MERGED_COUNTS = {"Sóc Trăng": {"HTX": 164, "THT": 1244, "LHHTX": 1},
                 "Hậu Giang": {"HTX": 215, "THT": 803, "LHHTX": 3}}  # fmt: skip
#: Members per organization as each province publishes them (see the module docstring).
MERGED_MEMBERS = {"Sóc Trăng": {"HTX": 32000 / 216, "THT": 29613 / 1244},
                  "Hậu Giang": {"HTX": 8603 / 282, "THT": 11575 / 803}}  # fmt: skip
#: Member cooperatives per union: Hậu Giang's 4 LHHTX have 70 (Sóc Trăng's is not published).
MERGED_MEMBER_HTX = {"Hậu Giang": 70 / 4}
#: The legal minimum members (a THT at least 2, an HTX at least 5; census-format.md).
MINIMUM = {"THT": 2, "HTX": 5}


def make_merged_city(rng: random.Random, old_city: list[Row]) -> None:
    """examples/census-can-tho-merged-2025.xlsx: the merged city after 1 July 2025.

    The old city's rows are kept as they are (former province Cần Thơ); the former Sóc
    Trăng and Hậu Giang get organizations shaped like the old city's active ones, their
    members scaled to each province's published members per organization, so the 2023
    plan's targets, scoped to the old city, give the same figures on this census.
    """
    rows = list(old_city)
    codes = {str(r["Mã số"]) for r in old_city if r.get("Mã số")}
    communes = communes_by_district()
    for province, (prefix, districts) in MERGED.items():
        for form, count in MERGED_COUNTS[province].items():
            pool = [r for r in old_city if r["Loại hình"] == form and r["Tình trạng"] == ACTIVE]
            drawn = [dict(rng.choice(pool)) for _ in range(count)]
            total = sum(int(str(r["Số thành viên"])) for r in drawn)
            scale = MERGED_MEMBERS[province].get(form, total / count) * count / total
            for n, row in enumerate(drawn):
                district = districts[n % len(districts)]
                row["Tên tổ chức"] = f"{row['Tên tổ chức']} - {district} {n + 1}"
                row["Quận/huyện"], row["Tỉnh/thành cũ"] = district, province
                own = communes[province, district]
                row["Xã/phường"] = own[n // len(districts) % len(own)]
                row["Mã số"] = tax_code(rng, codes, prefix) if row.get("Mã số") else None
                if form in MINIMUM:
                    members = round(int(str(row["Số thành viên"])) * scale)
                    row["Số thành viên"] = max(MINIMUM[form], members)
                elif province in MERGED_MEMBER_HTX:
                    member_htx = round(rng.gauss(MERGED_MEMBER_HTX[province], 3))
                    row["Số HTX thành viên"] = member_htx
                    row["Số thành viên"] = member_htx + rng.randint(0, 2)
                rows.append(row)
    info = [("Đơn vị báo cáo", "Sở Tài chính thành phố Cần Thơ"), ("Năm báo cáo", 2025),
            ("Ngày số liệu", AS_OF), ("Địa bàn", "Thành phố Cần Thơ (sau sáp nhập)"),
            ("Dân số", 4199824)]  # fmt: skip
    write_workbook(HERE / "census-can-tho-merged-2025.xlsx", info, CITY_HEADERS, rows)


def communes_by_district() -> dict[tuple[str, str], list[str]]:
    """(former province, former district) → the communes in force whose main predecessor
    lay in it, by code: what a former district's organizations are now in («Long Mỹ» is both
    the town and the rural district of that name)."""
    groups: dict[tuple[str, str], list[str]] = {}
    for district, units in load_units().rollup("92").items():
        province = district.old_province.removeprefix("Tỉnh ").removeprefix("Thành phố ")
        key = (province, district.short_name)
        groups.setdefault(key, []).extend(u.name for u in sorted(units, key=lambda u: u.code))
    by_name = {(p, fold(d)): names for (p, d), names in groups.items()}
    return {
        (province, name): by_name[province, fold(name)]
        for province, (_, names) in MERGED.items()
        for name in names
    }


def make_last_year(rng: random.Random, old_city: list[Row]) -> None:
    """examples/census-can-tho-2024.xlsx: the old city a year earlier, before the reform.

    The organizations of 2025 but those founded after 14 December 2024; those dissolved
    during 2025 were active; a rating needs 12 months, so those founded in the last year are
    not rated. Each is in a predecessor of its 2025 commune (drawn among them), in that
    commune's district of then.
    """
    units = load_units()
    as_of = date(2024, 12, 14)
    spelled = {fold(name): name for name in DISTRICTS}  # «Bình Thuỷ» as the city writes it
    rows = []
    for row in old_city:
        founded = row.get("Ngày thành lập")
        if isinstance(founded, date) and founded > as_of:
            continue
        row = dict(row)
        commune = units.resolve(str(row["Xã/phường"]), "92", level="commune").unit
        assert commune is not None, row["Xã/phường"]
        old: AdminUnit = rng.choice(units.crosswalk.predecessors(commune))
        row["Xã/phường"] = old.name
        district = old.district.split(" ", 1)[1]  # «Quận Ninh Kiều»: «Ninh Kiều»
        row["Quận/huyện"] = spelled.get(fold(district), district)
        if row["Tình trạng"] == DISSOLVED:
            row["Tình trạng"] = ACTIVE
        if isinstance(founded, date) and founded > date(2023, 12, 14) and row.get("Xếp loại"):
            row["Xếp loại"] = None
        rows.append(row)
    info = [("Đơn vị báo cáo", "Sở Kế hoạch và Đầu tư thành phố Cần Thơ"), ("Năm báo cáo", 2024),
            ("Ngày số liệu", as_of), ("Địa bàn", "Thành phố Cần Thơ"),
            ("Dân số", 1263000)]  # fmt: skip
    write_workbook(HERE / "census-can-tho-2024.xlsx", info, HEADERS, rows)


def make_units_list() -> None:
    """examples/units-can-tho.txt: the communes of the city in force, by code."""
    lines = [
        "# Các đơn vị phải báo cáo: 103 xã, phường của thành phố Cần Thơ (mã 92) từ ngày",
        "# 01/7/2025, như --expected 92; mỗi dòng một đơn vị, mã đơn vị trong ngoặc",
        "# ktt batch nop-bao-cao/ -o bao-cao/ --expected examples/units-can-tho.txt "
        "--deadline 2025-12-10",
        *(f"{u.name} ({u.code})" for u in load_units().communes_of("92")),
    ]
    (HERE / "units-can-tho.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


SMALL_INFO: list[tuple[str, object]] = [
    ("Đơn vị báo cáo", "UBND xã Phong Điền"), ("Năm báo cáo", 2025),
    ("Ngày số liệu", AS_OF), ("Địa bàn", "Xã Phong Điền"), ("Dân số", 50000),
]  # fmt: skip


def sample(number: int, form: str, note: str, changes: Row | None = None) -> Row:
    """A valid row of the given form ("HTX", "THT", "LHHTX"), then `changes`, then `note`."""
    row: Row = {
        "Mã số": f"18009{number:05d}", "Tên tổ chức": f"Hợp tác xã Mẫu số {number:02d}",
        "Loại hình": form, "Xã/phường": "Xã Phong Điền", "Quận/huyện": "Phong Điền",
        "Tỉnh/thành cũ": "Cần Thơ", "Lĩnh vực": AG, "Tình trạng": ACTIVE,
        "Ngày thành lập": date(2018, 3, 1), "Số thành viên": 30, "Xếp loại": "Khá",
        "Giới tính giám đốc": "Nam", "Sản phẩm chủ lực": "Trái cây",
        "Vốn điều lệ (triệu đồng)": 500, "Doanh thu (triệu đồng)": 1200,
        "Lợi nhuận (triệu đồng)": 80, "Số lao động": 6,
    }  # fmt: skip
    if form == "THT":
        row.update({"Mã số": None, "Tên tổ chức": f"Tổ hợp tác Mẫu số {number:02d}",
                    "Số thành viên": 15, "Xếp loại": None})  # fmt: skip
    if form == "LHHTX":
        row.update({"Tên tổ chức": f"Liên hiệp HTX Mẫu số {number:02d}", "Số thành viên": 4,
                    "Số HTX thành viên": 4})  # fmt: skip
    row.update(changes or {})
    row["Ghi chú"] = note
    return row


def findings_rows() -> list[Row]:
    """Valid rows, then one planted finding per row, then sloppy rows that must pass."""
    ok = "hợp lệ"
    planted: list[tuple[str, str, Row]] = [
        ("HTX", ok, {"Xếp loại": "Tốt", "Liên kết chuỗi giá trị": YES}),
        ("HTX", ok, {"Lĩnh vực": "Vận tải", "Xếp loại": "Trung bình", "Sản phẩm chủ lực": None}),
        ("THT", ok, {"Chuyển đổi số": YES}),
        ("LHHTX", ok, {}),
        ("THT", ok, {"Lĩnh vực": "Thương mại - dịch vụ", "Sản phẩm chủ lực": None}),
        ("HTX", ok, {"Lĩnh vực": "Xây dựng", "Xếp loại": None, "Sản phẩm chủ lực": None}),
        ("HTX", "lỗi missing-value: thiếu Tên tổ chức", {"Tên tổ chức": None}),
        ("HTX", "lỗi missing-value: HTX thiếu Mã số", {"Mã số": None}),
        ("HTX", "lỗi wrong-type: Số thành viên không phải số", {"Số thành viên": "mười"}),
        ("HTX", "lỗi wrong-type: ngày không tồn tại", {"Ngày thành lập": "32/13/2020"}),
        ("HTX", "lỗi wrong-type: không phải có/không", {"Chuyển đổi số": "có lẽ"}),
        ("HTX", "lỗi not-in-list: loại hình không hợp lệ", {"Loại hình": "Công ty"}),
        ("HTX", "lỗi not-in-list: xếp loại không hợp lệ", {"Xếp loại": "Xuất sắc"}),
        ("HTX", "lỗi not-in-list: lĩnh vực không hợp lệ", {"Lĩnh vực": "Nong nghiep x"}),
        ("HTX", "lỗi invalid-code: mã số 8 chữ số", {"Mã số": "18012345"}),
        ("HTX", "lỗi code-in-scientific-notation: mã số dạng 1.8E+09", {"Mã số": "1.8E+09"}),
        ("HTX", "lỗi negative-value: số thành viên âm", {"Số thành viên": -5}),
        ("HTX", "hợp lệ (mã số trùng với dòng dưới)", {"Mã số": "1800111222"}),
        ("HTX", "lỗi duplicate-code: trùng mã số với dòng trên", {"Mã số": "1800111222"}),
        ("HTX", "lỗi date-in-future", {"Ngày thành lập": date(2031, 5, 1), "Xếp loại": None}),
        ("HTX", "lỗi date-after-as-of", {"Ngày thành lập": date(2025, 12, 20), "Xếp loại": None}),
        ("LHHTX", "lỗi missing-member-cooperatives", {"Số HTX thành viên": None}),
        ("HTX", "cảnh báo below-legal-minimum: HTX dưới 5 thành viên", {"Số thành viên": 3}),
        ("THT", "cảnh báo below-legal-minimum: THT dưới 2 thành viên", {"Số thành viên": 1}),
        ("HTX", "cảnh báo rated-too-young: chưa đủ 12 tháng đã xếp loại",
         {"Ngày thành lập": date(2025, 6, 1), "Xếp loại": "Khá"}),
        ("HTX", "cảnh báo profit-exceeds-revenue",
         {"Doanh thu (triệu đồng)": 100, "Lợi nhuận (triệu đồng)": 250}),
        ("HTX", "cảnh báo dissolved-listed", {"Tình trạng": DISSOLVED, "Xếp loại": None}),
        ("HTX", "cảnh báo code-lost-leading-zero: 0312345678 nhập dạng số", {"Mã số": 312345678}),
        ("HTX", "hợp lệ (cách ghi tự do)", {
            "Loại hình": "hop tac xa", "Xếp loại": "kha", "Liên kết chuỗi giá trị": "Có",
            "Chuyển đổi số": "✓", "Vốn điều lệ (triệu đồng)": "1.250",
            "Ngày thành lập": "16/3/2023", "Lĩnh vực": unicodedata.normalize("NFD", AG)}),
        ("LHHTX", "hợp lệ (cách ghi tự do)", {
            "Loại hình": "Liên hiệp HTX", "Xếp loại": "TB", "Ứng dụng công nghệ cao": "1",
            "Doanh thu (triệu đồng)": "1.250,5", "Ngày thành lập": "16-03-2023"}),
        ("THT", "hợp lệ (cách ghi tự do)", {
            "Số thành viên": "12 người", "Liên kết chuỗi giá trị": "TRUE",
            "Chuyển đổi số": "Không", "Ngày thành lập": "2023-03-16"}),
        ("HTX", "hợp lệ (cách ghi tự do)", {"Ngày thành lập": "2019", "Chuyển đổi số": "Không"}),
        # openpyxl writes a formula with no saved value, as a file never recalculated would have.
        ("HTX", "lỗi formula-without-value: công thức chưa tính",
         {"Doanh thu (triệu đồng)": "=100*2"}),
        ("HTX", "cảnh báo unknown-area: tên xã gõ sai", {"Xã/phường": "Xã Phong Điềm"}),
        ("HTX", "cảnh báo ambiguous-area: hai huyện cũ cùng tên", {"Quận/huyện": "Châu Thành"}),
        ("HTX", "cảnh báo former-area: xã trước ngày 01/7/2025", {"Xã/phường": "Xã Mỹ Khánh"}),
    ]  # fmt: skip
    rows = [sample(n, form, note, changes) for n, (form, note, changes) in enumerate(planted, 1)]
    rows[0]["Ghi chu them"] = "cột không có trong mẫu"
    rows[1]["Ghi chu them"] = "cảnh báo unknown-column: cột thừa"
    return rows


def make_findings() -> None:
    """examples/census-findings.xlsx and examples/findings/*.xlsx."""
    rows = findings_rows()
    write_workbook(HERE / "census-findings.xlsx", SMALL_INFO, [*HEADERS, "Ghi chu them"], rows)
    folder = HERE / "findings"
    folder.mkdir(exist_ok=True)
    valid = rows[:3]
    write_workbook(folder / "no-list-sheet.xlsx", SMALL_INFO, None)
    without_sector = [h for h in HEADERS if h != "Lĩnh vực"]
    write_workbook(folder / "missing-column.xlsx", SMALL_INFO, without_sector, valid)
    no_year = [item for item in SMALL_INFO if item[0] != "Năm báo cáo"]
    write_workbook(folder / "missing-report-year.xlsx", no_year, HEADERS, valid)
    write_workbook(folder / "duplicate-column.xlsx", SMALL_INFO, [*HEADERS, "Tên tổ chức"], valid)
    old_year = [(k, 1990 if k == "Năm báo cáo" else v) for k, v in SMALL_INFO]
    write_workbook(folder / "out-of-range.xlsx", old_year, HEADERS, valid)
    (folder / "unreadable.xlsx").write_bytes(b"this is not a spreadsheet\n")
    # the information sheet filled, the list's header and no organization under it
    write_workbook(folder / "no-organizations.xlsx", SMALL_INFO, HEADERS, [])
    # an .xlsx named .xls, as a renamed download is: read for what it is, with a warning
    write_workbook(folder / "renamed-workbook.xls", SMALL_INFO, HEADERS, valid)
    # typed in TCVN3 with the .VnTime font, as some offices still do: read converted
    write_workbook(folder / "legacy-encoding.xlsx", SMALL_INFO, HEADERS, valid)
    in_tcvn3(folder / "legacy-encoding.xlsx")
    # a Unicode template with a district pasted from a TCVN3 file: read as typed, with a warning
    pasted = [dict(row) for row in valid]
    pasted[0]["Quận/huyện"] = tcvn3(str(pasted[0]["Quận/huyện"]))
    write_workbook(folder / "legacy-encoded-value.xlsx", SMALL_INFO, HEADERS, pasted)
    # a lookup that found nothing, saved as the error it shows (an error cell, not a text)
    looked_up = [dict(row) for row in valid]
    looked_up[1]["Số thành viên"] = "#N/A"
    write_workbook(folder / "error-value.xlsx", SMALL_INFO, HEADERS, looked_up)


#: TCVN3 (ABC), as the .VnTime font draws it: each Vietnamese letter's Windows-1252 place,
#: the vowels with their tones (none, sắc, huyền, hỏi, ngã, nặng), then đ and the capitals
#: TCVN3 has; a capital with a tone is typed as its lower-case letter's code.
_TCVN3 = dict(
    zip(
        "áàảãạăắằẳẵặâấầẩẫậéèẻẽẹêếềểễệíìỉĩịóòỏõọôốồổỗộơớờởỡợúùủũụưứừửữựýỳỷỹỵđĂÂÊÔƠƯĐ",
        "¸µ¶·¹¨¾»¼½Æ©ÊÇÈÉËÐÌÎÏÑªÕÒÓÔÖÝ×ØÜÞãßáâä«èåæçé¬íêëìîóïñòô\xadøõö÷ùýúûüþ®¡¢£¤¥¦§",
        strict=True,
    )
)


def tcvn3(text: str) -> str:
    """``text`` typed in TCVN3."""
    text = unicodedata.normalize("NFC", text)
    return "".join(_TCVN3.get(c) or _TCVN3.get(c.lower(), c) for c in text)


def in_tcvn3(path: Path) -> None:
    """Retype every text of the workbook at ``path`` in TCVN3, in the .VnTime font."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    for ws in wb.worksheets:
        for line in ws.iter_rows():
            for cell in line:
                if isinstance(cell.value, str) and not cell.value.startswith("="):
                    cell.value = tcvn3(cell.value)
                    cell.font = Font(name=".VnTime", bold=cell.font.bold)
    wb.save(path)
    pin_timestamps(path)


def make_official_form() -> None:
    """examples/census-official-form.xlsx: a district's submission laid out as an official form.

    A title block, a header over two rows (group labels merged across sub-columns, the
    rating as four tick columns), a row of column numbers, sections with sub-totals, a
    grand total, a signature block, a hidden sheet and an empty one. It plants two
    findings of its own: a grand total that does not add up and a row ticked twice.
    """
    wb, info = new_workbook()
    info.append(["THÔNG TIN CHUNG"])
    for label, value in [
        ("Đơn vị báo cáo:", "UBND huyện Phong Điền"),
        ("Năm báo cáo:", "2025"),
        ("Ngày số liệu:", "14/12/2025"),
        ("Dân số:", "102.000"),
    ]:
        info.append([label, value])
    ws = wb.create_sheet("Biểu 01")
    for line in (
        "UBND HUYỆN PHONG ĐIỀN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "DANH SÁCH TỔ CHỨC KINH TẾ TẬP THỂ",
        "(Số liệu đến ngày 14/12/2025)",
    ):
        ws.append([line])
    singles = [
        "STT",
        "Mã số",
        "Tên tổ chức",
        "Loại hình",
        "Xã/phường",
        "Quận/huyện",
        "Lĩnh vực",
        "Tình trạng",
        "Số thành viên",
    ]
    ratings = ["Tốt", "Khá", "Trung bình", "Yếu"]
    ws.append([*singles, "Xếp loại", None, None, None, "Liên kết chuỗi giá trị"])
    ws.append([None] * len(singles) + ratings)
    for col in range(1, len(singles) + 1):
        ws.merge_cells(start_row=5, start_column=col, end_row=6, end_column=col)
    last = len(singles) + len(ratings) + 1
    ws.merge_cells(
        start_row=5,
        start_column=len(singles) + 1,
        end_row=5,
        end_column=len(singles) + len(ratings),
    )
    ws.merge_cells(start_row=5, start_column=last, end_row=6, end_column=last)
    ws.append([f"({n})" for n in range(1, last + 1)])

    def org(
        n: int,
        code: str,
        name: str,
        form: str,
        sector: str,
        members: int,
        tick: str | None,
        chain: str | None = None,
    ) -> list[object]:
        ticks = [YES if r == tick else None for r in ratings]
        return [
            n,
            code,
            name,
            form,
            "Xã Phong Điền",
            "Phong Điền",
            sector,
            ACTIVE,
            members,
            *ticks,
            chain,
        ]

    ws.append(["I", None, "NÔNG NGHIỆP"])
    ws.append(org(1, "1800700101", "HTX Nông nghiệp Mỹ Khánh", "HTX", AG, 60, "Khá", YES))
    ws.append(org(2, "1800700102", "HTX Trái cây Nhơn Ái", "HTX", AG, 45, "Tốt"))
    ws.append(org(3, "", "Tổ hợp tác lúa ấp Thị Tứ", "THT", AG, 18, None))
    ws.append([None, None, "Cộng", None, None, None, None, None, 123])
    ws.append(["II", None, "PHI NÔNG NGHIỆP"])
    ws.append(org(4, "1800700104", "HTX Vận tải Phong Điền", "HTX", "Vận tải", 25, "Trung bình"))
    double = org(5, "1800700105", "HTX Dịch vụ Giai Xuân", "HTX", "Thương mại - dịch vụ", 12, "Tốt")
    double[len(singles) + 1] = YES  # lỗi several-ticked: both Tốt and Khá ticked
    ws.append(double)
    ws.append([None, None, "Cộng", None, None, None, None, None, 37])
    ws.append([None, None, "Tổng cộng", None, None, None, None, None, 170])  # cảnh báo: is 160
    ws.append([])
    ws.append([None, None, "Người lập biểu", None, None, None, None, "Thủ trưởng đơn vị"])
    ws.append([None, None, "(Ký, ghi rõ họ tên)", None, None, None, None, "(Ký tên, đóng dấu)"])
    hidden = wb.create_sheet("Năm 2024")
    hidden.append(["Tên tổ chức", "Loại hình", "Số thành viên"])
    hidden.append(["HTX cũ", "HTX", 7])
    hidden.sheet_state = "hidden"
    wb.create_sheet("Sheet3")
    wb.save(HERE / "census-official-form.xlsx")
    pin_timestamps(HERE / "census-official-form.xlsx")


def main() -> None:
    """Write every example workbook next to this script."""
    old_city = make_census(random.Random(2025))
    make_merged_city(random.Random(2026), old_city)
    make_last_year(random.Random(2024), old_city)
    make_units_list()
    make_findings()
    make_official_form()
    for path in sorted(HERE.rglob("*.xlsx")):
        print(path.relative_to(HERE))


if __name__ == "__main__":
    main()
