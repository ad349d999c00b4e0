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
            "no-organizations",
            E,
            ("Không có tổ chức nào", "No organization"),
            (
                "Trang danh sách «{sheet}» không có dòng tổ chức nào dưới dòng tiêu đề: điều tra "
                "không có số liệu để tính (nếu địa bàn thật sự không có tổ chức nào, hãy ghi rõ "
                "trong công văn gửi kèm)",
                "The list sheet «{sheet}» has no organization row under its header: the census "
                "has nothing to count (if the territory really has no organization, say so in "
                "the letter sent with it)",
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
            "renamed-workbook",
            W,
            ("Đuôi tệp không đúng", "Wrong file suffix"),
            (
                "Tệp mang đuôi «{suffix}» nhưng thực ra là bảng tính {kind}; đã đọc như bảng tính "
                "{kind}, nên đổi đuôi tệp thành {kind}",
                "The file is named «{suffix}» but is really an {kind} workbook; it was read as "
                "one, and should be renamed to {kind}",
            ),
        ),
        _kind(
            "legacy-encoding",
            W,
            ("Bảng mã cũ", "Legacy encoding"),
            (
                "Trang «{sheet}» được gõ bằng bảng mã {encoding} (phông {fonts}); ktt đã "
                "chuyển sang Unicode để đọc{unicode}, nhưng nên chuyển tệp sang Unicode (Unikey: "
                "Công cụ chuyển mã, từ {encoding} sang Unicode)",
                "Sheet «{sheet}» is typed in the {encoding} encoding (fonts {fonts}); ktt read it "
                "converted to Unicode{unicode}, but the file should be converted to Unicode "
                "(Unikey: Công cụ chuyển mã, the conversion tool, from {encoding} to Unicode)",
            ),
        ),
        _kind(
            "legacy-encoded-value",
            W,
            ("Giá trị gõ bằng bảng mã cũ", "Value in a legacy encoding"),
            (
                "«{value}» ở cột «{column}» được đọc như đã gõ",
                "«{value}» in column «{column}» is read as typed",
            ),
        ),
        _kind(
            "vanished-since-last-year",
            W,
            ("Tổ chức biến mất so với năm trước", "Vanished since last year"),
            (
                "«{name}» (mã số {code}, {commune}) có trong danh sách năm trước ({last_file} › "
                "{last_sheet} › dòng {last_row}) nhưng không có trong danh sách năm nay và không "
                "được ghi là «Đã giải thể»; nếu tổ chức đã giải thể, hãy liệt kê với tình trạng "
                "«Đã giải thể», nếu còn hoạt động, hãy bổ sung vào danh sách",
                "«{name}» (code {code}, {commune}) is in last year's list ({last_file} › "
                "{last_sheet} › row {last_row}) but not in this year's, and is not marked "
                "«Đã giải thể» (dissolved); if it was dissolved, list it as dissolved, if it is "
                "still active, add it to the list",
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
    "kept-unicode": {
        "vi": " (trừ {kept} ô đã gõ bằng Unicode, được giữ nguyên như đã gõ)",
        "en": " (but for {kept} text cells already typed in Unicode, kept as typed)",
    },
    "HTX": {"vi": "Hợp tác xã", "en": "A cooperative"},
    "THT": {"vi": "Tổ hợp tác", "en": "A cooperative group"},
    "LHHTX": {"vi": "Liên hiệp HTX", "en": "A union of cooperatives"},
    "members": {"vi": "thành viên", "en": "members"},
    "member-cooperatives": {"vi": "HTX thành viên", "en": "member cooperatives"},
    "required-for-HTX": {"vi": " đối với HTX", "en": " for a cooperative (HTX)"},
    "required-for-LHHTX": {"vi": " đối với liên hiệp HTX", "en": " for a union (LHHTX)"},
    # Why a file cannot be read (unreadable-file's {reason}; see guard.py and workbook.py).
    "file-not-found": {"vi": "không tìm thấy tệp", "en": "file not found"},
    "not-a-file": {
        "vi": "đây không phải là tệp (có thể là thư mục)",
        "en": "not a file (a folder?)",
    },
    "not-regular": {
        "vi": "đây không phải là tệp thông thường (có thể là thiết bị hoặc đường ống)",
        "en": "not an ordinary file (a device or a pipe?)",
    },
    "symlink-loop": {
        "vi": "đường dẫn là một vòng liên kết tượng trưng (liên kết trỏ về chính nó)",
        "en": "the path is a loop of symbolic links",
    },
    "broken-link": {
        "vi": "liên kết tượng trưng trỏ tới một tệp không tồn tại",
        "en": "a symbolic link to a file that does not exist",
    },
    "permission-denied": {
        "vi": "không có quyền đọc tệp",
        "en": "no permission to read the file",
    },
    "os-error": {
        "vi": "hệ điều hành không cho đọc tệp ({detail})",
        "en": "the operating system could not read the file ({detail})",
    },
    "empty-file": {"vi": "tệp rỗng (0 byte)", "en": "the file is empty (0 bytes)"},
    "unsupported-suffix": {
        "vi": "không đọc tệp có đuôi «{suffix}»; ktt đọc các tệp {choices}",
        "en": "files ending in «{suffix}» are not read; ktt reads {choices}",
    },
    "xlsb": {
        "vi": "không hỗ trợ bảng tính Excel nhị phân (.xlsb); hãy mở bằng Excel và lưu thành .xlsx",
        "en": "binary Excel workbooks (.xlsb) are not supported; open it in Excel and save it "
        "as .xlsx",
    },
    "pdf": {
        "vi": "đây là tài liệu PDF, không phải bảng tính",
        "en": "this is a PDF document, not a spreadsheet",
    },
    "html": {
        "vi": "đây là trang web (HTML) mang tên bảng tính; hãy mở bằng Excel rồi lưu thành .xlsx",
        "en": "this is a web page (HTML) named like a spreadsheet; open it in Excel and save it "
        "as .xlsx",
    },
    "xml": {
        "vi": "đây là tệp XML, không phải .xlsx; hãy mở bằng Excel rồi lưu thành .xlsx",
        "en": "this is an XML file, not an .xlsx; open it in Excel and save it as .xlsx",
    },
    "text": {
        "vi": "đây là tệp văn bản (có thể là CSV) mang tên bảng tính; hãy mở bằng Excel rồi lưu "
        "thành .xlsx",
        "en": "this is a text file (perhaps CSV) named like a spreadsheet; open it in Excel and "
        "save it as .xlsx",
    },
    "csv": {
        "vi": "đây là tệp CSV (văn bản, các cột cách nhau bằng dấu phẩy), không phải bảng tính; "
        "ktt đọc các tệp {choices}: hãy mở bằng Excel hoặc LibreOffice rồi lưu thành .xlsx",
        "en": "this is a CSV file (text, columns separated by commas), not a workbook; ktt reads "
        "{choices}: open it in Excel or LibreOffice and save it as .xlsx",
    },
    "unknown-content": {
        "vi": "nội dung tệp không phải là bảng tính (không nhận ra định dạng)",
        "en": "the content is not a spreadsheet (unknown format)",
    },
    "encrypted": {
        "vi": "bảng tính được bảo vệ bằng mật khẩu (đã mã hóa); hãy lưu một bản không đặt mật khẩu",
        "en": "the workbook is password-protected (encrypted); save a copy without a password",
    },
    "xls-renamed": {
        "vi": "đây là bảng tính Excel 97-2003 (.xls) nhưng mang đuôi «{suffix}»; hãy đổi đuôi "
        "thành .xls hoặc lưu lại thành .xlsx",
        "en": "this is an Excel 97-2003 workbook (.xls) named «{suffix}»; rename it to .xls or "
        "save it as .xlsx",
    },
    "ole-document": {
        "vi": "đây là tệp Office cũ (OLE2) không chứa bảng tính (có thể là tài liệu Word .doc); "
        "hãy gửi đúng tệp bảng tính",
        "en": "this is an older Office file (OLE2) that holds no workbook (perhaps a Word .doc "
        "document); send the workbook itself",
    },
    "old-excel": {
        "vi": "đây là bảng tính Excel {excel} (định dạng BIFF{biff}), quá cũ để đọc; hãy mở bằng "
        "Excel hoặc LibreOffice rồi lưu thành .xlsx",
        "en": "this is an Excel {excel} workbook (BIFF{biff} format), too old to be read; open it "
        "in Excel or LibreOffice and save it as .xlsx",
    },
    "spreadsheetml": {
        "vi": "đây là bảng tính «XML Spreadsheet 2003» (Bảng tính XML 2003 của Excel), không phải "
        ".xlsx; hãy mở bằng Excel hoặc LibreOffice rồi lưu thành .xlsx",
        "en": "this is an «XML Spreadsheet 2003» workbook (Excel 2003 XML), not an .xlsx; open it "
        "in Excel or LibreOffice and save it as .xlsx",
    },
    "fods": {
        "vi": "đây là bảng tính OpenDocument phẳng (.fods, một tệp XML), không phải .ods; hãy mở "
        "bằng LibreOffice rồi lưu thành .ods hoặc .xlsx",
        "en": "this is a flat OpenDocument spreadsheet (.fods, one XML file), not an .ods; open "
        "it in LibreOffice and save it as .ods or .xlsx",
    },
    "sylk": {
        "vi": "đây là tệp SYLK (Symbolic Link, định dạng trao đổi cũ), không phải bảng tính ktt "
        "đọc được; hãy mở bằng Excel hoặc LibreOffice rồi lưu thành .xlsx",
        "en": "this is a SYLK file (Symbolic Link, an old exchange format), not a workbook ktt "
        "reads; open it in Excel or LibreOffice and save it as .xlsx",
    },
    "dif": {
        "vi": "đây là tệp DIF (Data Interchange Format, định dạng trao đổi cũ), không phải bảng "
        "tính ktt đọc được; hãy mở bằng Excel hoặc LibreOffice rồi lưu thành .xlsx",
        "en": "this is a DIF file (Data Interchange Format, an old exchange format), not a "
        "workbook ktt reads; open it in Excel or LibreOffice and save it as .xlsx",
    },
    "unicode-text": {
        "vi": "đây là tệp «Văn bản Unicode» (UTF-16, các cột cách nhau bằng dấu tab) mà Excel "
        "xuất ra, không phải bảng tính; hãy mở bằng Excel rồi lưu thành .xlsx",
        "en": "this is a «Unicode Text» file (UTF-16, columns separated by tabs) as Excel exports "
        "it, not a workbook; open it in Excel and save it as .xlsx",
    },
    "xlm-macros": {
        "vi": "bảng tính có trang macro Excel 4.0 (XLM), một cách phát tán mã độc thường gặp, nên "
        "không được mở; đừng bật macro khi mở tệp này, hãy chép số liệu sang một bảng tính mới "
        "không có macro và lưu thành .xlsx",
        "en": "the workbook holds an Excel 4.0 macro sheet (XLM macros, a common way to spread "
        "malware), so it is not opened; do not enable its macros: copy the data into a new "
        "workbook without macros and save it as .xlsx",
    },
    "lock-file": {
        "vi": "đây là tệp khóa (~$…) mà Excel tạo ra khi bảng tính đang mở, không phải bảng tính "
        "điều tra; hãy gửi chính tệp bảng tính (tên không có «~$»)",
        "en": "this is Excel's lock file (~$…), present while the workbook is open in Excel, not "
        "the census; send the workbook itself (its name has no «~$»)",
    },
    "word-document": {
        "vi": "đây là một tài liệu Word (.docx) mang tên của một bảng tính, không phải bảng "
        "tính điều tra; hãy gửi chính tệp bảng tính (.xlsx)",
        "en": "this is a Word document (.docx) named like a spreadsheet, not the census; send "
        "the workbook itself (.xlsx)",
    },
    "presentation": {
        "vi": "đây là một bản trình chiếu PowerPoint (.pptx) mang tên của một bảng tính, không "
        "phải bảng tính điều tra; hãy gửi chính tệp bảng tính (.xlsx)",
        "en": "this is a PowerPoint presentation (.pptx) named like a spreadsheet, not the "
        "census; send the workbook itself (.xlsx)",
    },
    "not-a-workbook": {
        "vi": "tệp nén không chứa bảng tính (có thể là tài liệu Word hoặc tệp nén khác)",
        "en": "the archive holds no workbook (perhaps a Word document or another archive)",
    },
    "truncated": {
        "vi": "tệp bị cắt cụt (có thể tải về hoặc sao chép chưa xong)",
        "en": "the file is cut short (perhaps an unfinished download or copy)",
    },
    "damaged": {
        "vi": "tệp bị hỏng hoặc không đúng định dạng mà đuôi tệp cho biết",
        "en": "the file is damaged or not in the format its name says",
    },
    "zip-names-differ": {
        "vi": "phần «{part}» của tệp nén mang một tên khác ở chính phần đó («{local}»); tệp bị "
        "hỏng hoặc bị làm giả",
        "en": "part «{part}» of the archive goes by another name in its own header («{local}»); "
        "the file is damaged or forged",
    },
    "xml-encoding": {
        "vi": "phần «{part}» khai báo bảng mã «{encoding}», một bảng mã không có thật; tệp bị hỏng",
        "en": "part «{part}» declares the character encoding «{encoding}», which does not "
        "exist; the file is damaged",
    },
    "xls-records": {
        "vi": "một bản ghi trong tệp .xls vượt quá cuối dữ liệu bảng tính (tệp bị cắt hoặc "
        "hỏng); hãy mở bằng Excel hoặc LibreOffice rồi lưu lại thành .xlsx",
        "en": "a record of the .xls runs past the end of the workbook's data (cut short or "
        "damaged); open it in Excel or LibreOffice and save it as .xlsx",
    },
    "shared-sheet-part": {
        "vi": "cùng một phần dữ liệu «{part}» được khai báo cho {count} trang («{first}», "
        "«{second}»…), điều Excel không bao giờ làm; tệp bị hỏng hoặc bị làm giả",
        "en": "one part «{part}» is listed for {count} sheets («{first}», «{second}»…), which "
        "Excel never does; the file is damaged or forged",
    },
    "shared-string-count": {
        "vi": "phần «{part}» khai báo {actual} chuỗi dùng chung nhưng chỉ chứa được nhiều nhất "
        "{most}; tệp bị hỏng hoặc bị làm giả",
        "en": "part «{part}» declares {actual} shared strings but can hold at most {most}; the "
        "file is damaged or forged",
    },
    "limit-text": {
        "vi": "chữ trong các ô của trang «{part}», mỗi ô một bản sao, vượt giới hạn {limit} MB "
        "(ít nhất {actual} MB; đổi giới hạn bằng --max-uncompressed-mb)",
        "en": "the text of the cells of sheet «{part}», a copy for each cell, exceeds the limit "
        "of {limit} MB (at least {actual} MB; change the limit with --max-uncompressed-mb)",
    },
    "forged-sizes": {
        "vi": "kích thước khai báo của phần «{part}» trong tệp nén không khớp với dữ liệu (tệp "
        "hỏng hoặc bị làm giả)",
        "en": "the size declared for part «{part}» of the archive does not match its data "
        "(damaged or forged)",
    },
    "xml-dtd": {
        "vi": "phần «{part}» chứa khai báo DTD hoặc thực thể XML, điều bảng tính không bao giờ có",
        "en": "part «{part}» holds an XML DTD or entity declarations, which a spreadsheet "
        "never has",
    },
    "too-many-parts": {
        "vi": "tệp nén có {actual} phần, quá nhiều đối với một bảng tính (tối đa {limit})",
        "en": "the archive has {actual} parts, too many for a workbook (at most {limit})",
    },
    "limit-uncompressed": {
        "vi": "dữ liệu khi giải nén vượt giới hạn {limit} MB (ít nhất {actual} MB; đổi giới hạn "
        "bằng --max-uncompressed-mb)",
        "en": "uncompressed, the data exceeds the limit of {limit} MB (at least {actual} MB; "
        "change the limit with --max-uncompressed-mb)",
    },
    "limit-rows": {
        "vi": "trang «{part}» có dữ liệu tới dòng {actual}, vượt giới hạn {limit} dòng (đổi giới "
        "hạn bằng --max-rows)",
        "en": "sheet «{part}» reaches row {actual}, above the limit of {limit} rows (change the "
        "limit with --max-rows)",
    },
    "limit-columns": {
        "vi": "trang «{part}» có dữ liệu tới cột {actual}, vượt giới hạn {limit} cột (đổi giới "
        "hạn bằng --max-columns)",
        "en": "sheet «{part}» reaches column {actual}, above the limit of {limit} columns "
        "(change the limit with --max-columns)",
    },
    "limit-cells": {
        "vi": "trang «{part}» trải trên {rows} dòng × {columns} cột = {actual} ô, vượt giới hạn "
        "{limit} ô (đổi giới hạn bằng --max-cells)",
        "en": "sheet «{part}» spans {rows} rows × {columns} columns = {actual} cells, above the "
        "limit of {limit} cells (change the limit with --max-cells)",
    },
    "xls-damaged": {
        "vi": "cấu trúc bên trong của tệp .xls bị hỏng (chuỗi dữ liệu lặp vòng hoặc trỏ ra ngoài "
        "tệp); hãy mở bằng Excel hoặc LibreOffice rồi lưu lại thành .xlsx",
        "en": "the inner structure of the .xls is broken (a chain of sectors loops or points "
        "outside the file); open it in Excel or LibreOffice and save it as .xlsx",
    },
    "parser-crash": {
        "vi": "trình đọc bảng tính gặp lỗi với tệp này (tệp có thể bị hỏng); hãy mở bằng Excel "
        "hoặc LibreOffice rồi lưu lại thành .xlsx",
        "en": "the spreadsheet reader failed on this file (it is probably damaged); open it in "
        "Excel or LibreOffice and save it as .xlsx",
    },
    "parser-memory": {
        "vi": "đọc tệp này cần hơn {limit} MB bộ nhớ (tệp hỏng hoặc khai báo kích thước sai); hãy "
        "mở bằng Excel hoặc LibreOffice rồi lưu lại thành .xlsx",
        "en": "reading this file needs more than {limit} MB of memory (it is damaged or "
        "declares a wrong size); open it in Excel or LibreOffice and save it as .xlsx",
    },
    "parser-time": {
        "vi": "đọc tệp này mất hơn {limit} giây (tệp hỏng); hãy mở bằng Excel hoặc LibreOffice "
        "rồi lưu lại thành .xlsx",
        "en": "reading this file took more than {limit} seconds (it is damaged); open it in "
        "Excel or LibreOffice and save it as .xlsx",
    },
    "limit-cells-reader": {
        "vi": "một trang trải trên quá nhiều ô để đọc",
        "en": "a sheet spans too many cells to be read",
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

    def title(self, lang: Lang = "vi") -> str:
        """What kind of finding this is, in ``lang`` («Thiếu giá trị»): what people read
        where machines read :attr:`code` (``missing-value``)."""
        return CATALOG[self.code].title[lang]

    def message(self, lang: Lang = "vi") -> str:
        """The finding as a sentence in ``lang``, with what was probably meant."""
        fields = {
            "value": self.value or "",
            "column": self.column or "",
            "sheet": self.sheet or "",
            "why": "",
            "where": "",
            "unicode": "",
        }
        for key, value in self.params.items():
            if key == "expected":
                fields[key] = word(value, lang)
            elif value in _PHRASES:  # a phrase may name the finding's other params
                fields[key] = _PHRASES[value][lang].format_map(_Blank(self.params))
            else:
                fields[key] = value
        message = CATALOG[self.code].template[lang].format(**fields)
        if self.suggestion and "legacy" in self.params:  # «Kh¸»: Khá typed in TCVN3
            read = self.params.get("read")  # «Tæ hîp t¸c»: «Tổ hợp tác», that is THT
            message += "; " + text("probably-legacy-read" if read else "probably-legacy", lang,
                                   value=self.suggestion, read=read or "",
                                   encoding=self.params["legacy"])  # fmt: skip
        elif self.suggestion:
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


class _Blank(dict[str, str]):
    """Params for a phrase: a field the finding does not have is left empty."""

    def __missing__(self, key: str) -> str:
        return ""


def severity_of(code: str) -> Severity:
    """The severity of a finding code from the catalog."""
    return CATALOG[code].severity
