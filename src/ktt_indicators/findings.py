"""Findings: the catalog of everything ``ktt check`` can report, and the finding record.

Each kind has a stable kebab-case code, a severity and a message template in
each language. Findings are data: the reader appends them and goes on; only an
unreadable file stops the reading of that file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from .i18n import Lang, text, word


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class FindingKind:
    """One kind of finding: its code, severity, title and message templates.

    Templates may use ``{value}``, ``{column}``, ``{expected}`` and the
    finding's own ``params``.
    """

    code: str
    severity: Severity
    title: dict[Lang, str]
    template: dict[Lang, str]


def _kind(
    code: str, severity: Severity, title: tuple[str, str], template: tuple[str, str]
) -> FindingKind:
    return FindingKind(
        code, severity, {"vi": title[0], "en": title[1]}, {"vi": template[0], "en": template[1]}
    )


E, W = Severity.ERROR, Severity.WARNING

CATALOG: dict[str, FindingKind] = {
    k.code: k
    for k in (
        _kind(
            "unreadable-file",
            E,
            ("Không đọc được tệp", "Unreadable file"),
            (
                "Không đọc được tệp như một bảng tính: {reason}",
                "The file cannot be read as a spreadsheet: {reason}",
            ),
        ),
        _kind(
            "no-list-sheet",
            E,
            ("Không có trang danh sách", "No list sheet"),
            (
                "Không tìm thấy trang danh sách tổ chức (cần dòng tiêu đề có «Tên tổ chức», "
                "«Loại hình»…). Các trang có: {sheets}",
                "No organization list sheet found (a header row with «Tên tổ chức», «Loại hình»… "
                "is needed). Sheets present: {sheets}",
            ),
        ),
        _kind(
            "missing-column",
            E,
            ("Thiếu cột bắt buộc", "Required column missing"),
            ("Thiếu cột bắt buộc «{column}»", "Required column «{column}» is missing"),
        ),
        _kind(
            "duplicate-column",
            E,
            ("Cột bị lặp", "Duplicate column"),
            (
                "Cột «{column}» xuất hiện hai lần (ô {other}); chỉ dùng cột đầu tiên",
                "Column «{column}» appears twice (cell {other}); only the first is used",
            ),
        ),
        _kind(
            "missing-value",
            E,
            ("Thiếu giá trị bắt buộc", "Required value missing"),
            (
                "Ô «{column}» bị bỏ trống nhưng là bắt buộc{why}",
                "«{column}» is empty but required{why}",
            ),
        ),
        _kind(
            "wrong-type",
            E,
            ("Sai kiểu dữ liệu", "Wrong type"),
            ("«{value}» không phải là {expected}", "«{value}» is not {expected}"),
        ),
        _kind(
            "not-in-list",
            E,
            ("Giá trị ngoài danh sách", "Value not in the list"),
            (
                "«{value}» không có trong danh sách của «{column}»: {choices}",
                "«{value}» is not in the list for «{column}»: {choices}",
            ),
        ),
        _kind(
            "out-of-range",
            E,
            ("Giá trị ngoài phạm vi", "Value out of range"),
            ("«{value}» phải là {expected}", "«{value}» must be {expected}"),
        ),
        _kind(
            "invalid-code",
            E,
            ("Mã số không hợp lệ", "Invalid code"),
            ("Mã số «{value}» phải gồm {expected}", "The code «{value}» must be {expected}"),
        ),
        _kind(
            "code-in-scientific-notation",
            E,
            ("Mã số dạng số mũ", "Code in scientific notation"),
            (
                "Mã số «{value}» bị Excel đổi sang dạng số mũ nên đã mất chữ số; hãy nhập lại mã "
                "dưới dạng văn bản",
                "The code «{value}» was turned into scientific notation and lost digits; type it "
                "again as text",
            ),
        ),
        _kind(
            "formula-without-value",
            E,
            ("Công thức chưa có giá trị", "Formula without a saved value"),
            (
                "Ô chứa công thức nhưng tệp không lưu giá trị tính được; hãy mở tệp bằng Excel "
                "hoặc LibreOffice, để bảng tính tính lại rồi lưu",
                "The cell holds a formula but the file has no saved value for it; open the file "
                "in Excel or LibreOffice, let it recalculate, and save",
            ),
        ),
        _kind(
            "several-ticked",
            E,
            ("Đánh dấu nhiều ô", "Several ticks"),
            (
                "Đánh dấu cả «{first}» và «{column}»; chỉ được chọn một",
                "Both «{first}» and «{column}» are ticked; tick only one",
            ),
        ),
        _kind(
            "negative-value",
            E,
            ("Số âm", "Negative number"),
            ("«{column}» không được âm: «{value}»", "«{column}» cannot be negative: «{value}»"),
        ),
        _kind(
            "duplicate-code",
            E,
            ("Mã số trùng", "Duplicate code"),
            ("Mã số «{value}» đã có ở {other}", "The code «{value}» is already used at {other}"),
        ),
        _kind(
            "date-in-future",
            E,
            ("Ngày trong tương lai", "Date in the future"),
            (
                "Ngày «{value}» ở trong tương lai (hôm nay là {today})",
                "The date «{value}» is in the future (today is {today})",
            ),
        ),
        _kind(
            "date-after-as-of",
            E,
            ("Ngày sau ngày số liệu", "Date after the as-of date"),
            (
                "Ngày «{value}» sau ngày số liệu {as_of}",
                "The date «{value}» is after the as-of date {as_of}",
            ),
        ),
        _kind(
            "missing-member-cooperatives",
            E,
            ("Liên hiệp thiếu số HTX thành viên", "Union without member cooperatives"),
            (
                "Liên hiệp HTX phải ghi «Số HTX thành viên»",
                "A union of cooperatives needs «Số HTX thành viên» (member cooperatives)",
            ),
        ),
        _kind(
            "missing-report-year",
            E,
            ("Thiếu năm báo cáo", "Reporting year missing"),
            (
                "Trang thông tin chung không có «Năm báo cáo»{where}",
                "The information sheet has no «Năm báo cáo» (reporting year){where}",
            ),
        ),
        _kind(
            "hidden-sheet",
            W,
            ("Trang bị ẩn", "Hidden sheet"),
            (
                "Trang «{sheet}» bị ẩn nên không được đọc; nếu có số liệu, hãy bỏ ẩn trang",
                "Sheet «{sheet}» is hidden and is not read; unhide it if it holds data",
            ),
        ),
        _kind(
            "empty-sheet",
            W,
            ("Trang trống", "Empty sheet"),
            ("Trang «{sheet}» không có dữ liệu", "Sheet «{sheet}» is empty"),
        ),
        _kind(
            "totals-mismatch",
            W,
            ("Dòng cộng không khớp", "Totals row does not add up"),
            (
                "Dòng cộng ghi «{value}» nhưng tổng các dòng phía trên là {sum}",
                "The totals row says «{value}» but the rows above add up to {sum}",
            ),
        ),
        _kind(
            "unknown-column",
            W,
            ("Cột không xác định", "Unknown column"),
            (
                "Cột «{value}» không thuộc mẫu điều tra và sẽ bị bỏ qua",
                "Column «{value}» is not part of the census form and is ignored",
            ),
        ),
        _kind(
            "below-legal-minimum",
            W,
            ("Dưới số thành viên tối thiểu", "Below the legal minimum"),
            (
                "{form} có {value} {what}, ít hơn mức tối thiểu {minimum} theo Luật HTX 2023",
                "{form} has {value} {what}, below the minimum of {minimum} under the 2023 Law",
            ),
        ),
        _kind(
            "rated-too-young",
            W,
            ("Xếp loại khi chưa đủ 12 tháng", "Rated before 12 months"),
            (
                "Được xếp loại «{value}» nhưng thành lập ngày {founded}, chưa đủ 12 tháng tính đến "
                "{as_of}",
                "Rated «{value}» but founded on {founded}, under 12 months before {as_of}",
            ),
        ),
        _kind(
            "profit-exceeds-revenue",
            W,
            ("Lợi nhuận lớn hơn doanh thu", "Profit above revenue"),
            (
                "Lợi nhuận {value} lớn hơn doanh thu {revenue}",
                "Profit {value} is above revenue {revenue}",
            ),
        ),
        _kind(
            "dissolved-listed",
            W,
            ("Tổ chức đã giải thể", "Dissolved organization listed"),
            (
                "Tổ chức đã giải thể vẫn có trong danh sách; không được tính vào chỉ tiêu",
                "A dissolved organization is still listed; it is kept out of the counts",
            ),
        ),
        _kind(
            "code-lost-leading-zero",
            W,
            ("Mã số mất số 0 đầu", "Code lost its leading zero"),
            (
                "Mã số «{value}» chỉ có 9 chữ số, có lẽ mất số 0 đầu khi nhập dạng số; đã đọc là "
                "«{fixed}». Hãy định dạng cột là Văn bản",
                "The code «{value}» has 9 digits and probably lost its leading zero when typed as "
                "a number; read as «{fixed}». Format the column as Text",
            ),
        ),
    )
}

#: Words a finding's params may name, put into the message in the reader's language.
_PHRASES: dict[str, dict[Lang, str]] = {
    "HTX": {"vi": "Hợp tác xã", "en": "A cooperative"},
    "THT": {"vi": "Tổ hợp tác", "en": "A cooperative group"},
    "LHHTX": {"vi": "Liên hiệp HTX", "en": "A union of cooperatives"},
    "members": {"vi": "thành viên", "en": "members"},
    "member-cooperatives": {"vi": "HTX thành viên", "en": "member cooperatives"},
    "required-for-HTX": {"vi": " đối với HTX", "en": " for a cooperative (HTX)"},
    "required-for-LHHTX": {"vi": " đối với liên hiệp HTX", "en": " for a union (LHHTX)"},
    "file-not-found": {"vi": "không tìm thấy tệp", "en": "file not found"},
    "not-a-file": {
        "vi": "đây không phải là tệp (có thể là thư mục)",
        "en": "not a file (a folder?)",
    },
    "no-info-sheet": {
        "vi": " (không tìm thấy trang thông tin chung)",
        "en": " (no information sheet was found)",
    },
}


@dataclass(frozen=True)
class Finding:
    """One finding at one place in one file.

    ``cell`` is the A1 address as the user sees it in the sheet (None for a
    finding about the whole file or sheet); ``value`` is the value as typed.
    """

    code: str
    severity: Severity
    file: str
    sheet: str | None = None
    cell: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    suggestion: str | None = None
    params: dict[str, str] = field(default_factory=dict)

    def place(self, *, with_file: bool = True) -> str:
        """Where the finding is, as a person reads it: "file › sheet › cell"."""
        parts = (self.file if with_file else None, self.sheet, self.cell)
        return " › ".join(part for part in parts if part)

    def message(self, lang: Lang = "vi") -> str:
        """The finding as a sentence in ``lang``, with what was probably meant."""
        fields = {
            "value": self.value or "",
            "column": self.column or "",
            "sheet": self.sheet or "",
            "why": "",
            "where": "",
        }
        for key, value in self.params.items():
            if key == "expected":
                fields[key] = word(value, lang)
            else:
                fields[key] = _PHRASES[value][lang] if value in _PHRASES else value
        message = CATALOG[self.code].template[lang].format(**fields)
        if self.suggestion:
            message += "; " + text("probably", lang, value=self.suggestion)
        return message

    def as_dict(self, lang: Lang = "vi") -> dict[str, object]:
        """A JSON-ready dict: the location, the value as typed and the message."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "file": self.file,
            "sheet": self.sheet,
            "cell": self.cell,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "suggestion": self.suggestion,
            "message": self.message(lang),
        }


def severity_of(code: str) -> Severity:
    """The severity of a finding code from the catalog."""
    return CATALOG[code].severity
