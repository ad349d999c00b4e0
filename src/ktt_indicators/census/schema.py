"""The census contract: categories, columns, the information sheet, the record.

This module is the one place that knows the census columns. The reader uses
it to match headers and parse cells; the targets file uses it to check that a
filter names a real column and a real category value; the docs and
``ktt schema`` list it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, Literal, NamedTuple

from ..read import values as v


class LegalForm(StrEnum):
    """Legal form under the Law on Cooperatives 2023."""

    THT = "THT"
    HTX = "HTX"
    LHHTX = "LHHTX"


class Sector(StrEnum):
    AGRICULTURE = "Nông nghiệp"
    INDUSTRY = "Công nghiệp - tiểu thủ công nghiệp"
    CONSTRUCTION = "Xây dựng"
    TRADE = "Thương mại - dịch vụ"
    TRANSPORT = "Vận tải"
    CREDIT = "Tín dụng"
    ENVIRONMENT = "Môi trường"
    OTHER = "Khác"


class Status(StrEnum):
    ACTIVE = "Đang hoạt động"
    SUSPENDED = "Tạm ngừng hoạt động"
    DISSOLVING = "Chờ giải thể"
    DISSOLVED = "Đã giải thể"


class Rating(StrEnum):
    GOOD = "Tốt"
    FAIR = "Khá"
    AVERAGE = "Trung bình"
    WEAK = "Yếu"
    UNRATED = "Chưa xếp loại"


class Gender(StrEnum):
    MALE = "Nam"
    FEMALE = "Nữ"


class Product(StrEnum):
    RICE = "Lúa gạo"
    FRUIT = "Trái cây"
    FISHERY = "Thủy sản"
    OTHER = "Khác"


#: The short forms of the words of categories that forms and officers use: «CN - TTCN»,
#: «TM-DV», «Tạm ngưng HĐ». A value is read with each of them written out, so that «Công
#: nghiệp - TTCN» is the industry and handicraft sector, not a misspelt «Nông nghiệp».
ABBREVIATIONS = {
    "TTCN": "tiểu thủ công nghiệp",
    "CN": "công nghiệp",
    "NN": "nông nghiệp",
    "NLTS": "nông lâm thủy sản",
    "TM": "thương mại",
    "DV": "dịch vụ",
    "TMDV": "thương mại dịch vụ",
    "XD": "xây dựng",
    "VT": "vận tải",
    "GTVT": "giao thông vận tải",
    "TD": "tín dụng",
    "MT": "môi trường",
    "HĐ": "hoạt động",
    "HTX": "hợp tác xã",
    "THT": "tổ hợp tác",
    "LHHTX": "liên hiệp hợp tác xã",
    "LH": "liên hiệp",
    "QTDND": "quỹ tín dụng nhân dân",
    "TB": "trung bình",
    "XL": "xếp loại",
}

parse_legal_form = v.choice_parser(
    LegalForm,
    {
        "Tổ hợp tác": LegalForm.THT,
        "Hợp tác xã": LegalForm.HTX,
        "Quỹ tín dụng nhân dân": LegalForm.HTX,
        "QTDND": LegalForm.HTX,
        "Liên hiệp hợp tác xã": LegalForm.LHHTX,
        "Liên hiệp HTX": LegalForm.LHHTX,
        "LH HTX": LegalForm.LHHTX,
    },
    ABBREVIATIONS,
)
parse_sector = v.choice_parser(
    Sector,
    {
        "NN": Sector.AGRICULTURE,
        "Nông lâm thủy sản": Sector.AGRICULTURE,
        "Công nghiệp": Sector.INDUSTRY,
        "Tiểu thủ công nghiệp": Sector.INDUSTRY,
        "CN-TTCN": Sector.INDUSTRY,
        "CN - TTCN": Sector.INDUSTRY,
        "Thương mại": Sector.TRADE,
        "Dịch vụ": Sector.TRADE,
        "Thương mại dịch vụ": Sector.TRADE,
        "TM-DV": Sector.TRADE,
        "Giao thông vận tải": Sector.TRANSPORT,
        "Quỹ tín dụng nhân dân": Sector.CREDIT,
    },
    ABBREVIATIONS,
)
parse_status = v.choice_parser(
    Status,
    {
        "Hoạt động": Status.ACTIVE,
        "Đang HĐ": Status.ACTIVE,
        "Tạm ngừng": Status.SUSPENDED,
        "Tạm ngưng": Status.SUSPENDED,
        "Tạm ngưng hoạt động": Status.SUSPENDED,
        "Tạm dừng": Status.SUSPENDED,
        "Tạm dừng hoạt động": Status.SUSPENDED,
        "Đang giải thể": Status.DISSOLVING,
        "Giải thể": Status.DISSOLVED,
    },
    ABBREVIATIONS,
)
_parse_rating = v.choice_parser(
    Rating,
    {
        "TB": Rating.AVERAGE,
        "Kém": Rating.WEAK,
        "Chưa XL": Rating.UNRATED,
        "Không xếp loại": Rating.UNRATED,
    },
    ABBREVIATIONS,
)
parse_gender = v.choice_parser(
    Gender, {"M": Gender.MALE, "Male": Gender.MALE, "F": Gender.FEMALE, "Female": Gender.FEMALE}
)
parse_product = v.choice_parser(
    Product,
    {"Lúa": Product.RICE, "Gạo": Product.RICE, "Cây ăn trái": Product.FRUIT, "TS": Product.FISHERY},
)


def parse_rating(raw: Any) -> Rating:
    """A rating; an empty cell means not rated (Chưa xếp loại)."""
    return _parse_rating(raw) or Rating.UNRATED


Requirement = Literal["always", "never", "HTX+LHHTX", "LHHTX"]


@dataclass(frozen=True)
class Column:
    """One column of the list sheet."""

    key: str
    header: str
    english: str
    parse: Callable[[Any], Any]
    kind: Literal["text", "code", "choice", "count", "number", "date", "yes-no"]
    required: Requirement = "never"
    aliases: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    #: The unit of a number column, shown in brackets after the header ("triệu đồng").
    unit: str = ""
    #: What the column holds, in Vietnamese (the template's note on the header).
    note: str = ""

    @property
    def full_header(self) -> str:
        """The header with its unit, as the template writes it: "Vốn điều lệ (triệu đồng)"."""
        return f"{self.header} ({self.unit})" if self.unit else self.header


def _choices(enum: type[StrEnum]) -> tuple[str, ...]:
    return tuple(m.value for m in enum)


COLUMNS: tuple[Column, ...] = (
    Column(
        "stt",
        "STT",
        "row number",
        v.parse_text,
        "text",
        aliases=("TT", "Số TT"),
        note="Số thứ tự của dòng; ktt không đọc cột này.",
    ),
    Column(
        "ma_so",
        "Mã số",
        "cooperative code (tax code)",
        v.parse_code,
        "code",
        "HTX+LHHTX",
        ("Mã số HTX", "Mã số thuế", "MST", "Mã HTX", "Mã số doanh nghiệp"),
        note="Mã số hợp tác xã (mã số thuế); không được trùng trong một lần điều tra.",
    ),
    Column(
        "ten",
        "Tên tổ chức",
        "name",
        v.parse_text,
        "text",
        "always",
        ("Tên", "Tên HTX", "Tên THT", "Tên hợp tác xã", "Tên tổ hợp tác", "Tên đơn vị"),
        note="Tên đầy đủ của tổ hợp tác, hợp tác xã hoặc liên hiệp hợp tác xã.",
    ),
    Column(
        "loai_hinh",
        "Loại hình",
        "legal form",
        parse_legal_form,
        "choice",
        "always",
        ("Loại hình tổ chức", "Loại"),
        _choices(LegalForm),
        note=(
            "Loại hình tổ chức: THT là tổ hợp tác, HTX là hợp tác xã (kể cả quỹ tín dụng "
            "nhân dân), LHHTX là liên hiệp hợp tác xã."
        ),
    ),
    Column(
        "xa_phuong",
        "Xã/phường",
        "commune",
        v.parse_text,
        "text",
        "always",
        ("Xã, phường", "Phường/xã", "Phường, xã", "Xã", "Địa bàn xã"),
        note="Xã hoặc phường (đơn vị hành chính cấp xã hiện nay) nơi tổ chức đặt trụ sở.",
    ),
    Column(
        "quan_huyen",
        "Quận/huyện",
        "former district",
        v.parse_text,
        "text",
        aliases=("Quận, huyện", "Huyện/quận", "Huyện", "Quận/huyện cũ"),
        note="Quận hoặc huyện cũ (trước ngày 01/7/2025) nơi tổ chức đặt trụ sở.",
    ),
    Column(
        "tinh_cu",
        "Tỉnh/thành cũ",
        "former province",
        v.parse_text,
        "text",
        aliases=("Tỉnh cũ", "Tỉnh/thành phố cũ", "Tỉnh, thành cũ"),
        note="Tỉnh/thành cũ (trước ngày 01/7/2025): Cần Thơ, Sóc Trăng hoặc Hậu Giang.",
    ),
    Column(
        "linh_vuc",
        "Lĩnh vực",
        "sector",
        parse_sector,
        "choice",
        "always",
        ("Lĩnh vực hoạt động", "Ngành nghề"),
        _choices(Sector),
        note="Lĩnh vực hoạt động chính của tổ chức.",
    ),
    Column(
        "tinh_trang",
        "Tình trạng",
        "status",
        parse_status,
        "choice",
        "always",
        ("Tình trạng hoạt động", "Trạng thái"),
        _choices(Status),
        note="Tình trạng hoạt động tại ngày số liệu.",
    ),
    Column(
        "ngay_thanh_lap",
        "Ngày thành lập",
        "founding date",
        v.parse_date,
        "date",
        aliases=("Ngày thành lập/đăng ký", "Năm thành lập", "Ngày đăng ký"),
        note="Ngày thành lập hoặc đăng ký; không được sau ngày số liệu.",
    ),
    Column(
        "so_thanh_vien",
        "Số thành viên",
        "members",
        v.parse_count,
        "count",
        "always",
        ("Số TV", "Thành viên", "Tổng số thành viên"),
        note="Số thành viên chính thức (cá nhân hoặc pháp nhân).",
    ),
    Column(
        "so_htx_thanh_vien",
        "Số HTX thành viên",
        "member cooperatives",
        v.parse_count,
        "count",
        "LHHTX",
        ("Số hợp tác xã thành viên", "HTX thành viên"),
        note="Số hợp tác xã thành viên của liên hiệp; để trống với THT và HTX.",
    ),
    Column(
        "xep_loai",
        "Xếp loại",
        "rating",
        parse_rating,
        "choice",
        aliases=("Phân loại", "Xếp loại HTX", "Kết quả xếp loại"),
        choices=_choices(Rating),
        note=(
            "Kết quả xếp loại; để trống là Chưa xếp loại. Tổ chức thành lập chưa đủ "
            "12 tháng thì chưa xếp loại."
        ),
    ),
    Column(
        "chuoi_gia_tri",
        "Liên kết chuỗi giá trị",
        "in a value chain",
        v.parse_yes_no,
        "yes-no",
        aliases=("Chuỗi giá trị", "Liên kết chuỗi", "Tham gia chuỗi giá trị"),
        note="Tổ chức có tham gia liên kết chuỗi giá trị không.",
    ),
    Column(
        "cong_nghe_cao",
        "Ứng dụng công nghệ cao",
        "applies high technology",
        v.parse_yes_no,
        "yes-no",
        aliases=("Công nghệ cao", "ƯDCNC", "UDCNC"),
        note="Tổ chức có ứng dụng công nghệ cao trong sản xuất, chế biến hoặc tiêu thụ không.",
    ),
    Column(
        "chuyen_doi_so",
        "Chuyển đổi số",
        "digital transformation",
        v.parse_yes_no,
        "yes-no",
        aliases=("Ứng dụng công nghệ", "CĐS"),
        note="Tổ chức có ứng dụng công nghệ, chuyển đổi số trong sản xuất kinh doanh không.",
    ),
    Column(
        "gioi_tinh_giam_doc",
        "Giới tính giám đốc",
        "director's gender",
        parse_gender,
        "choice",
        aliases=("Giới tính GĐ", "Giám đốc nữ", "Giới tính chủ nhiệm"),
        choices=_choices(Gender),
        note="Giới tính của giám đốc (HTX, LHHTX) hoặc tổ trưởng (THT).",
    ),
    Column(
        "kieu_moi",
        "HTX kiểu mới",
        "new-model cooperative",
        v.parse_yes_no,
        "yes-no",
        aliases=("Kiểu mới", "Mô hình HTX kiểu mới"),
        note="Đã hoàn thành mô hình HTX kiểu mới (Kế hoạch 125/KH-UBND) chưa.",
    ),
    Column(
        "dien_hinh",
        "Điển hình tiên tiến",
        "exemplary",
        v.parse_yes_no,
        "yes-no",
        aliases=("Điển hình", "Điển hình tiêu biểu"),
        note="Tổ chức có được công nhận điển hình tiên tiến không.",
    ),
    Column(
        "san_pham_chu_luc",
        "Sản phẩm chủ lực",
        "key product",
        parse_product,
        "choice",
        aliases=("SP chủ lực",),
        choices=_choices(Product),
        note="Sản phẩm chủ lực của thành phố mà tổ chức sản xuất, kinh doanh.",
    ),
    Column(
        "von_dieu_le",
        "Vốn điều lệ",
        "charter capital (million VND)",
        v.parse_amount,
        "number",
        aliases=("Vốn", "Vốn điều lệ (tr.đ)"),
        unit="triệu đồng",
        note="Vốn điều lệ của tổ chức.",
    ),
    Column(
        "doanh_thu",
        "Doanh thu",
        "revenue (million VND)",
        v.parse_amount,
        "number",
        aliases=("Tổng doanh thu",),
        unit="triệu đồng",
        note="Doanh thu của năm báo cáo.",
    ),
    Column(
        "loi_nhuan",
        "Lợi nhuận",
        "profit (million VND)",
        v.parse_signed_amount,
        "number",
        aliases=("Lãi", "Lợi nhuận sau thuế"),
        unit="triệu đồng",
        note="Lợi nhuận của năm báo cáo; lỗ thì ghi số âm.",
    ),
    Column(
        "so_lao_dong",
        "Số lao động",
        "workers",
        v.parse_count,
        "count",
        aliases=("Lao động", "Số LĐ"),
        note="Số người lao động làm việc thường xuyên tại tổ chức.",
    ),
    Column(
        "ghi_chu",
        "Ghi chú",
        "remarks",
        v.parse_text,
        "text",
        aliases=("Ghi chú khác",),
        note="Ghi chú thêm; ktt không dùng cột này để tính chỉ tiêu.",
    ),
)
COLUMNS_BY_KEY: dict[str, Column] = {c.key: c for c in COLUMNS}

#: Whole columns (not a 'units' text column) that a ``sum`` in a target may add up.
SUMMABLE = frozenset(c.key for c in COLUMNS if c.kind in ("count", "number"))

#: Minimum members under the Law on Cooperatives 2023 (for a union: member cooperatives).
LEGAL_MINIMUM: dict[LegalForm, tuple[str, int]] = {
    LegalForm.THT: ("so_thanh_vien", 2),
    LegalForm.HTX: ("so_thanh_vien", 5),
    LegalForm.LHHTX: ("so_htx_thanh_vien", 3),
}


#: The reporting years a census may have (inclusive).
FIRST_YEAR, LAST_YEAR = 2000, 2100


def parse_year(raw: Any) -> int | None:
    """A reporting year: a whole number from 2000 to 2100 ("2025", 2025.0)."""
    value = v.parse_number(raw, whole=True)
    if value is None:
        return None
    if not FIRST_YEAR <= value <= LAST_YEAR:
        raise v.CellError("out-of-range", "year")
    return int(value)


def parse_population(raw: Any) -> int | None:
    """A population: a whole number > 0 ("1.263.000")."""
    value = v.parse_number(raw, whole=True)
    if value is None:
        return None
    if value <= 0:
        raise v.CellError("out-of-range", "population")
    return int(value)


@dataclass(frozen=True)
class InfoField:
    """One labelled value of the information sheet."""

    key: str
    label: str
    english: str
    parse: Callable[[Any], Any]
    required: bool = False
    aliases: tuple[str, ...] = ()
    #: What the field holds, in Vietnamese (the template's note on the label).
    note: str = ""


INFO_FIELDS: tuple[InfoField, ...] = (
    InfoField(
        "don_vi_bao_cao",
        "Đơn vị báo cáo",
        "reporting unit",
        v.parse_text,
        True,
        ("Đơn vị", "Tên đơn vị", "Cơ quan báo cáo"),
        note="Tên đơn vị lập báo cáo, ví dụ: UBND xã Thới Lai.",
    ),
    InfoField(
        "nam_bao_cao",
        "Năm báo cáo",
        "reporting year",
        parse_year,
        True,
        ("Năm",),
        note="Năm của số liệu.",
    ),
    InfoField(
        "ngay_so_lieu",
        "Ngày số liệu",
        "as-of date",
        v.parse_date,
        False,
        ("Số liệu đến ngày", "Ngày chốt số liệu"),
        note="Ngày chốt số liệu; để trống là ngày 14/12 của năm báo cáo (TT 09/2024/TT-BKHĐT).",
    ),
    InfoField(
        "dia_ban",
        "Địa bàn",
        "territory",
        v.parse_text,
        False,
        ("Phạm vi",),
        note="Địa bàn mà báo cáo bao quát (xã, phường hoặc tỉnh, thành phố).",
    ),
    InfoField(
        "dan_so",
        "Dân số",
        "population",
        parse_population,
        False,
        ("Dân số (người)", "Tổng dân số"),
        note="Dân số của địa bàn (người), dùng cho chỉ tiêu tỷ lệ dân số tham gia.",
    ),
)
INFO_BY_KEY: dict[str, InfoField] = {f.key: f for f in INFO_FIELDS}


class RowRef(NamedTuple):
    """Where an organization was read: file, sheet and 1-based row number."""

    file: str
    sheet: str
    row: int


class Organization(NamedTuple):
    """One validated organization: a row of the list sheet with no errors.

    Field names are the census column keys; every value has been validated by its
    column's parser. A named tuple, because a national census holds hundreds of
    thousands of them and the reader builds them column by column. The fields a
    record cannot lack come first; the others default to "not given".
    """

    source: RowRef
    ten: str
    loai_hinh: LegalForm
    xa_phuong: str
    linh_vuc: Sector
    tinh_trang: Status
    so_thanh_vien: int
    ma_so: str | None = None
    quan_huyen: str | None = None
    tinh_cu: str | None = None
    ngay_thanh_lap: date | None = None
    so_htx_thanh_vien: int | None = None
    xep_loai: Rating = Rating.UNRATED
    chuoi_gia_tri: bool = False
    cong_nghe_cao: bool = False
    chuyen_doi_so: bool = False
    gioi_tinh_giam_doc: Gender | None = None
    kieu_moi: bool = False
    dien_hinh: bool = False
    san_pham_chu_luc: Product | None = None
    von_dieu_le: float | None = None
    doanh_thu: float | None = None
    loi_nhuan: float | None = None
    so_lao_dong: int | None = None
    ghi_chu: str | None = None
    #: The code of the commune in force ``xa_phuong`` is or went into (:mod:`.area_units`).
    ma_xa: str | None = None
    #: Values of the columns a targets file declares (``x_…`` keys), when it declares any.
    extra: dict[str, Any] | None = None


def period_end(year: int) -> date:
    """The last day a reporting year's figures cover: 14 December. Circular 09/2024/TT-BKHĐT
    (in force 1 July 2024) has each organization update its data by 15 December for the
    period from 15 December of the previous year to 14 December of the reporting year. The
    same day is taken for earlier years, whose period the earlier regime did not state."""
    return date(year, 12, 14)


@dataclass(frozen=True)
class CensusInfo:
    """The information sheet of one census file."""

    don_vi_bao_cao: str | None = None
    nam_bao_cao: int | None = None
    ngay_so_lieu: date | None = None
    dia_ban: str | None = None
    dan_so: int | None = None

    @property
    def as_of(self) -> date | None:
        """The as-of date: the one given, else the end of the reporting period the rule in
        force sets (:func:`period_end`)."""
        if self.ngay_so_lieu is not None:
            return self.ngay_so_lieu
        return period_end(self.nam_bao_cao) if self.nam_bao_cao else None
