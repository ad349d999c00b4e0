"""User-facing words in Vietnamese (default) and English.

Library objects carry language-neutral data (codes, keys, numbers); this
module turns them into sentences. Only renderers and the command line call it.
"""

from __future__ import annotations

from typing import Literal

Lang = Literal["vi", "en"]
LANGS: tuple[Lang, ...] = ("vi", "en")

#: Words used inside messages, by key.
VOCAB: dict[str, dict[Lang, str]] = {
    "whole-number": {"vi": "một số nguyên", "en": "a whole number"},
    "number": {"vi": "một số", "en": "a number"},
    "date": {"vi": "một ngày (ngày/tháng/năm)", "en": "a date (day/month/year)"},
    "yes-no": {"vi": "Có/Không (hoặc x để đánh dấu)", "en": "yes/no (or x to tick)"},
    "year": {"vi": "một năm từ 2000 đến 2100", "en": "a year from 2000 to 2100"},
    "population": {"vi": "một số nguyên lớn hơn 0", "en": "a whole number above 0"},
    "code": {
        "vi": '10 chữ số, hoặc 10 chữ số + "-" + 3 chữ số',
        "en": '10 digits, or 10 digits + "-" + 3 digits',
    },
    "choice": {"vi": "một giá trị trong danh sách", "en": "a value from the list"},
    "text": {"vi": "chữ", "en": "text"},
}

#: Sentences of the command line, by key; ``{name}`` fields are filled by ``format``.
TEXTS: dict[str, dict[Lang, str]] = {
    "error": {"vi": "Lỗi", "en": "Error"},
    "usage-hint": {"vi": "Xem trợ giúp: {command}", "en": "Try '{command}' for help."},
    "warning": {"vi": "Cảnh báo", "en": "Warning"},
    "file-not-found": {"vi": "Không tìm thấy tệp: {path}", "en": "File not found: {path}"},
    "not-a-file": {"vi": "Không phải là tệp: {path}", "en": "Not a file: {path}"},
    "targets-invalid": {
        "vi": "Tệp chỉ tiêu {path} không hợp lệ:",
        "en": "The targets file {path} is not valid:",
    },
    "mark-up-one-file": {
        "vi": "--mark-up đánh dấu một bảng tính mỗi lần, nhưng có {files} tệp; chạy riêng "
        "từng tệp, ví dụ: ktt check xa-a.xlsx --mark-up xa-a-danh-dau.xlsx",
        "en": "--mark-up marks one workbook at a time, but {files} files are given; run one "
        "file at a time, e.g. ktt check commune-a.xlsx --mark-up commune-a-marked.xlsx",
    },
    "mark-up-suffix": {
        "vi": "Bản đánh dấu được ghi dạng .xlsx; hãy đặt tên tệp có đuôi .xlsx (không phải "
        "«{path}»)",
        "en": "The marked-up copy is an .xlsx workbook; give the file a .xlsx name (not «{path}»)",
    },
    "bad-date": {
        "vi": "{name}: «{value}» không phải là một ngày dạng năm-tháng-ngày (ví dụ 2025-12-31)",
        "en": "{name}: «{value}» is not a date as year-month-day (e.g. 2025-12-31)",
    },
    "units-no-units": {
        "vi": "danh sách không có đơn vị nào (mỗi dòng, hoặc cột đầu tiên, là một đơn vị)",
        "en": "the list names no unit (one a line, or in the first column)",
    },
    "units-not-utf8": {
        "vi": "tệp không phải là văn bản UTF-8; hãy lưu lại với bảng mã UTF-8",
        "en": "the file is not UTF-8 text; save it again as UTF-8",
    },
    "unknown-plan": {
        "vi": "Không có tệp chỉ tiêu hay kế hoạch có sẵn nào tên «{name}»",
        "en": "There is no targets file or bundled plan named «{name}»",
    },
    "see-plans": {
        "vi": "Xem các kế hoạch có sẵn: ktt targets --list",
        "en": "See the bundled plans: ktt targets --list",
    },
    "targets-unreadable": {
        "vi": "Không đọc được tệp chỉ tiêu {path}: {reason}",
        "en": "Cannot read the targets file {path}: {reason}",
    },
    "unknown-target": {
        "vi": "Không có chỉ tiêu «{id}». Có lẽ là: {near}",
        "en": "No target «{id}». Did you mean: {near}",
    },
    "no-targets-for-year": {
        "vi": "Không có chỉ tiêu nào cho năm {year}. Các năm có chỉ tiêu: {years}",
        "en": "No targets for year {year}. Years with targets: {years}",
    },
    "unknown-format": {
        "vi": "Định dạng không hỗ trợ: {format}. Chọn một trong: {choices}",
        "en": "Unsupported format: {format}. Choose one of: {choices}",
    },
    "same-file-twice": {
        "vi": "{path} được nêu nhiều lần; chỉ đọc một lần",
        "en": "{path} is given more than once; it is read once",
    },
    "output-is-folder": {
        "vi": "-o {path} là một thư mục; hãy cho tên tệp, ví dụ -o {example}",
        "en": "-o {path} is a folder; give a file name, e.g. -o {example}",
    },
    "format-suffix": {
        "vi": (
            "-o {path} có đuôi {suffix} nhưng --format là {format}; bỏ --format để ghi theo "
            "đuôi tệp, hoặc đặt tên tệp là {name}"
        ),
        "en": (
            "-o {path} has the suffix {suffix} but --format is {format}; drop --format to "
            "write what the suffix says, or name the file {name}"
        ),
    },
    "schema-is-json": {
        "vi": (
            "Lược đồ tệp chỉ tiêu chỉ có dạng JSON; --format table dùng với --columns "
            "(ktt schema --columns --format table)"
        ),
        "en": (
            "The schema of targets files is JSON only; --format table goes with --columns "
            "(ktt schema --columns --format table)"
        ),
    },
    "explain-format": {
        "vi": "--explain ghi được dạng table, json hoặc csv (không phải {format})",
        "en": "--explain writes table, json or csv (not {format})",
    },
    "census-invalid": {
        "vi": (
            "Điều tra có {errors} lỗi trong {files} tệp: không tính chỉ tiêu. "
            "Chạy «ktt check» để xem chi tiết, hoặc dùng --skip-invalid để bỏ qua các dòng lỗi."
        ),
        "en": (
            "The census has {errors} errors in {files} file(s): no indicators computed. "
            "Run «ktt check» for details, or use --skip-invalid to leave the bad rows out."
        ),
    },
    "report-settings-unreadable": {
        "vi": "Không đọc được tệp thiết lập văn bản {path}: {reason}",
        "en": "Cannot read the report settings file {path}: {reason}",
    },
    "report-settings-syntax": {
        "vi": "Tệp thiết lập văn bản {path} sai cú pháp YAML ở dòng {line}",
        "en": "The report settings file {path} is not valid YAML at line {line}",
    },
    "report-settings-not-mapping": {
        "vi": "Tệp thiết lập văn bản {path} phải là các dòng «khóa: giá trị», ví dụ "
        "«issuer: Sở Tài chính»",
        "en": "The report settings file {path} must hold «key: value» lines, e.g. "
        "«issuer: Department of Finance»",
    },
    "report-settings-unknown-key": {
        "vi": "Tệp thiết lập văn bản {path}: khóa «{setting}» không dùng được; các khóa là: "
        "{known}",
        "en": "The report settings file {path}: «{setting}» is not a setting; the settings are: "
        "{known}",
    },
    "report-settings-bad-value": {
        "vi": "Tệp thiết lập văn bản {path}: «{setting}» phải là chữ (recipients: một danh sách)",
        "en": "The report settings file {path}: «{setting}» must be text (recipients: a list)",
    },
    "history-invalid": {
        "vi": "Tệp số liệu các năm trước {path} không hợp lệ:",
        "en": "The history file {path} is not valid:",
    },
    "not-a-repository": {
        "vi": "--git cần chạy trong một kho git: {reason}",
        "en": "--git needs a git repository: {reason}",
    },
    "no-spreadsheet-in-repository": {
        "vi": "Kho git không có bảng tính nào để kiểm tra.",
        "en": "The git repository has no spreadsheet to check.",
    },
    "github-summary": {
        "vi": "{path}: {errors} lỗi, {warnings} cảnh báo. GitHub chỉ hiện {shown} lỗi và "
        "{shown} cảnh báo mỗi bước; nhật ký (log) của bước này có đủ tất cả, hoặc chạy "
        "«ktt check {path}».",
        "en": "{path}: {errors} errors, {warnings} warnings. GitHub shows only {shown} errors "
        "and {shown} warnings a step; this step's log has them all, or run «ktt check {path}».",
    },
    "nothing-to-count": {
        "vi": "Không còn tệp nào để tính chỉ tiêu: mọi tệp đều bị bỏ qua cả tệp "
        "(không đọc được, thiếu năm báo cáo, thiếu cột bắt buộc hoặc không có tổ chức nào). "
        "Chạy «ktt check» để xem.",
        "en": "No file is left to count: every file is left out whole (unreadable, without a "
        "reporting year, missing a required column or with no organization). "
        "Run «ktt check» to see why.",
    },
    "no-year": {
        "vi": "Không xác định được năm báo cáo của điều tra (thiếu «Năm báo cáo»).",
        "en": "The census has no reporting year («Năm báo cáo» is missing).",
    },
    "stray-argument": {
        "vi": (
            "Không có tệp «{value}»; một con số ở chỗ này có lẽ là đối số thừa (mỗi tùy chọn "
            "nhận một giá trị, ví dụ --year 2030)"
        ),
        "en": (
            "There is no file «{value}»; a bare number here is probably a stray argument (each "
            "option takes one value, e.g. --year 2030)"
        ),
    },
    "output-folder": {
        "vi": "Không tạo được thư mục {folder} để ghi {path}: {reason}",
        "en": "Cannot make the folder {folder} to write {path}: {reason}",
    },
    "output-is-input": {
        "vi": "Không ghi đè lên tệp đầu vào: {path}",
        "en": "Will not overwrite an input file: {path}",
    },
    "docx-needs-output": {
        "vi": "Văn bản báo cáo cần tên tệp: thêm -o bao-cao.docx",
        "en": "The report document needs a file name: add -o report.docx",
    },
    "pdf-needs-output": {
        "vi": "Báo cáo PDF cần tên tệp: thêm -o bao-cao.pdf",
        "en": "A PDF report needs a file name: add -o report.pdf",
    },
    "pdf-no-engine": {
        "vi": "Cần LibreOffice để tạo PDF: cài gói {package} (apt-get install {package}), "
        "hoặc ghi -o bao-cao.docx",
        "en": "Making a PDF needs LibreOffice: install the package {package} "
        "(apt-get install {package}), or write -o report.docx",
    },
    "pdf-failed": {
        "vi": "LibreOffice không tạo được PDF: {detail}",
        "en": "LibreOffice made no PDF: {detail}",
    },
    "xlsx-needs-output": {
        "vi": "Báo cáo Excel cần tên tệp: thêm -o bao-cao.xlsx",
        "en": "An Excel report needs a file name: add -o report.xlsx",
    },
    "batch-not-a-folder": {"vi": "Không phải là thư mục: {path}", "en": "Not a folder: {path}"},
    "batch-no-workbooks": {
        "vi": "Không có bảng tính nào trong {path}",
        "en": "No workbooks in {path}",
    },
    "batch-not-writable": {
        "vi": "Không ghi được vào {path}",
        "en": "Cannot write to {path}",
    },
    "batch-output-is-input": {
        "vi": "Không ghi đè lên tệp đầu vào: {path}",
        "en": "Will not overwrite an input file: {path}",
    },
    "batch-summary": {
        "vi": "{files} tệp, {valid} hợp lệ, {bad} có lỗi -> {outdir}",
        "en": "{files} files, {valid} valid, {bad} with errors -> {outdir}",
    },
    "written": {"vi": "Đã ghi {path}", "en": "Wrote {path}"},
    "interrupted": {
        "vi": "Đã dừng theo yêu cầu; không có tệp nào bị ghi dở.",
        "en": "Stopped on request; no file was left half-written.",
    },
    "dash-file": {
        "vi": (
            "«{path}» bắt đầu bằng dấu gạch ngang nên bị hiểu là một tùy chọn; hãy viết "
            "./{path} hoặc đặt -- trước tên tệp"
        ),
        "en": (
            "«{path}» starts with a dash and was taken for an option; write ./{path} or put -- "
            "before the file name"
        ),
    },
    "internal-error": {
        "vi": "ktt gặp lỗi nội bộ ({kind}); chạy lại với «ktt --debug …» để xem chi tiết",
        "en": "ktt hit an internal error ({kind}); run again as «ktt --debug …» for details",
    },
    "output-exists": {
        "vi": "Tệp {path} đã có; dùng --force để ghi đè.",
        "en": "{path} already exists; use --force to overwrite it.",
    },
    "template-suffix": {
        "vi": "Mẫu được ghi dạng .xlsx; hãy đặt tên tệp có đuôi .xlsx (không phải «{suffix}»).",
        "en": "The template is an .xlsx workbook; give the file a .xlsx name (not «{suffix}»).",
    },
    "template-next": {
        "vi": "Điền mẫu (xem trang «Hướng dẫn») rồi kiểm tra bằng: ktt check {path}",
        "en": "Fill it in (see the «Hướng dẫn» sheet), then check it with: ktt check {path}",
    },
    "skipped-rows": {
        "vi": "Đã bỏ qua {rows} dòng lỗi và {files} tệp không đọc được khi tính chỉ tiêu:",
        "en": "Left out {rows} rows with errors and {files} unusable file(s) from the figures:",
    },
    "valid": {"vi": "hợp lệ", "en": "valid"},
    "invalid": {"vi": "không hợp lệ", "en": "invalid"},
    "file-summary": {
        "vi": "{path}: {status} — {orgs} tổ chức, {errors} lỗi, {warnings} cảnh báo",
        "en": "{path}: {status} — {orgs} organizations, {errors} errors, {warnings} warnings",
    },
    "file-summary-rows": {
        "vi": "{path}: {status} — {rows} dòng tổ chức ({orgs} không lỗi, {bad} có lỗi), "
        "{errors} lỗi, {warnings} cảnh báo",
        "en": "{path}: {status} — {rows} organization rows ({orgs} without errors, {bad} with "
        "errors), {errors} errors, {warnings} warnings",
    },
    "probably": {"vi": "có lẽ là «{value}»", "en": "did you mean «{value}»?"},
    "probably-legacy": {
        "vi": "có lẽ là «{value}» gõ bằng bảng mã {encoding}: hãy chuyển các ô này sang Unicode "
        "(Unikey: Công cụ chuyển mã)",
        "en": "probably «{value}» typed in the {encoding} encoding: convert these cells to "
        "Unicode (Unikey: its converter tool)",
    },
    "probably-legacy-read": {
        "vi": "có lẽ là «{read}» (tức «{value}») gõ bằng bảng mã {encoding}: hãy chuyển các ô "
        "này sang Unicode (Unikey: Công cụ chuyển mã)",
        "en": "probably «{read}» (that is, «{value}») typed in the {encoding} encoding: convert "
        "these cells to Unicode (Unikey: its converter tool)",
    },
    "explain-title": {
        "vi": "{id}: các tổ chức được tính ({n})",
        "en": "{id}: organizations counted ({n})",
    },
    "explain-numerator": {"vi": "Tử số", "en": "Numerator"},
    "explain-denominator": {"vi": "Mẫu số", "en": "Denominator"},
    "explain-info": {
        "vi": "Lấy từ trang thông tin: {key} = {value}",
        "en": "From the information sheet: {key} = {value}",
    },
}


#: What the operating system said, by errno name, in both languages.
OS_REASONS: dict[str, dict[Lang, str]] = {
    "ENOENT": {"vi": "không có tệp hay thư mục này", "en": "no such file or folder"},
    "EACCES": {"vi": "không có quyền truy cập", "en": "permission denied"},
    "EPERM": {"vi": "không được phép", "en": "operation not permitted"},
    "EISDIR": {"vi": "đây là một thư mục", "en": "this is a folder"},
    "ENOTDIR": {"vi": "một phần của đường dẫn không phải là thư mục",
                "en": "part of the path is not a folder"},
    "ENOSPC": {"vi": "ổ đĩa đã đầy", "en": "the disk is full"},
    "EDQUOT": {"vi": "đã hết hạn mức dung lượng", "en": "the disk quota is used up"},
    "EROFS": {"vi": "ổ đĩa chỉ cho đọc", "en": "the disk is read-only"},
    "ENAMETOOLONG": {"vi": "tên tệp quá dài", "en": "the file name is too long"},
    "EEXIST": {"vi": "tệp đã có", "en": "the file already exists"},
    "EBUSY": {"vi": "tệp đang được dùng", "en": "the file is in use"},
}  # fmt: skip


def os_reason(exc: OSError, lang: Lang) -> str:
    """Why the operating system refused, in ``lang`` (its own words for a rare errno)."""
    import errno

    name = errno.errorcode.get(exc.errno or -1, "")
    if name in OS_REASONS:
        return OS_REASONS[name][lang]
    return str(exc.strerror or exc)


def count(n: int, lang: Lang) -> str:
    """A whole number as the tables write it: 1.749 (vi), 1,749 (en)."""
    return f"{n:,}".replace(",", "." if lang == "vi" else ",")


def text(key: str, lang: Lang, **fields: object) -> str:
    """The sentence ``key`` in ``lang``, with ``fields`` filled in."""
    return TEXTS[key][lang].format(**fields)


def word(key: str, lang: Lang) -> str:
    """A vocabulary word in ``lang``; an unknown key is returned as it is."""
    entry = VOCAB.get(key)
    return entry[lang] if entry else key


#: Column headings and short labels of the rendered reports.
LABELS: dict[str, dict[Lang, str]] = {
    "id": {"vi": "Mã chỉ tiêu", "en": "Target id"},
    "target-title": {"vi": "Chỉ tiêu", "en": "Target"},
    "year": {"vi": "Năm", "en": "Year"},
    "current": {"vi": "Hiện tại", "en": "Current"},
    "target": {"vi": "Mục tiêu", "en": "Target value"},
    "progress": {"vi": "Tiến độ", "en": "Progress"},
    "gap": {"vi": "Còn thiếu", "en": "Gap"},
    "met": {"vi": "Đạt", "en": "Met"},
    "per-year": {"vi": "Cần mỗi năm", "en": "Needed per year"},
    "yes": {"vi": "Đạt", "en": "Met"},
    "no": {"vi": "Chưa đạt", "en": "Not met"},
    "true": {"vi": "Có", "en": "yes"},
    "false": {"vi": "Không", "en": "no"},
    "unknown": {"vi": "Chưa tính được", "en": "Cannot tell"},
    "above-range": {"vi": "vượt khoảng", "en": "above the range"},
    "area": {"vi": "Địa bàn", "en": "Area"},
    "no-area": {"vi": "(không ghi)", "en": "(not given)"},
    "areas-met": {"vi": "{met}/{total} địa bàn đạt", "en": "{met}/{total} areas met"},
    "file": {"vi": "Tệp", "en": "File"},
    "sheet": {"vi": "Trang", "en": "Sheet"},
    "cell": {"vi": "Ô", "en": "Cell"},
    "column": {"vi": "Cột", "en": "Column"},
    "value": {"vi": "Giá trị", "en": "Value"},
    "code": {"vi": "Mã lỗi", "en": "Code"},
    "severity": {"vi": "Mức", "en": "Severity"},
    "message": {"vi": "Nội dung", "en": "Message"},
    "source": {"vi": "Nguồn", "en": "Source"},
    "comparison": {"vi": "So sánh", "en": "Comparison"},
    "measure": {"vi": "Cách tính", "en": "Measure"},
    "row": {"vi": "Dòng", "en": "Row"},
    "org-code": {"vi": "Mã số", "en": "Code"},
    "org-name": {"vi": "Tên tổ chức", "en": "Name"},
    "org-form": {"vi": "Loại hình", "en": "Form"},
    "commune": {"vi": "Xã/phường", "en": "Commune"},
    "district": {"vi": "Quận/huyện", "en": "District"},
    "in-numerator": {"vi": "Ở tử số", "en": "In numerator"},
    "gap-title": {
        "vi": "Tiến độ thực hiện chỉ tiêu — số liệu năm {census_year}",
        "en": "Progress against targets — census of {census_year}",
    },
    "gap-caption": {
        "vi": "{orgs} tổ chức đọc được từ {files} tệp · {plan}",
        "en": "{orgs} organizations read from {files} file(s) · {plan}",
    },
    "check-title": {"vi": "Kết quả kiểm tra", "en": "Check results"},
    "no-findings": {"vi": "Không có lỗi hay cảnh báo.", "en": "No errors or warnings."},
    "overdue": {"vi": "đã quá hạn", "en": "overdue"},
    "no-areas": {
        "vi": "không có địa bàn nào để đánh giá",
        "en": "no area to judge it in",
    },
    "missing-info": {
        "vi": "thiếu {key} trên trang thông tin",
        "en": "no {key} on the information sheet",
    },
    "empty-denominator": {"vi": "mẫu số bằng 0", "en": "the denominator is 0"},
    "status": {"vi": "Xu hướng", "en": "Status"},
    "columns-title": {"vi": "Các cột của danh sách tổ chức", "en": "Columns of the list sheet"},
    "required": {"vi": "Bắt buộc", "en": "Required"},
    "required-always": {"vi": "có", "en": "yes"},
    "required-never": {"vi": "không", "en": "no"},
    "required-HTX+LHHTX": {"vi": "với HTX, LHHTX", "en": "for HTX, LHHTX"},
    "required-LHHTX": {"vi": "với LHHTX", "en": "for LHHTX"},
    "key": {"vi": "Khóa", "en": "Key"},
    "type": {"vi": "Kiểu dữ liệu", "en": "Type"},
    "trend-pace": {
        "vi": "tốc độ tăng từ {since} bằng {share} tốc độ cần có để đạt chỉ tiêu",
        "en": "the growth rate since {since} is {share} of the rate the target needs",
    },
    "trend-rule-on-track": {
        "vi": "đúng tiến độ là từ {share} trở lên",
        "en": "on track means at least {share}",
    },
    "trend-rule-needs-acceleration": {
        "vi": "cần từ {share} để đúng tiến độ",
        "en": "on track needs at least {share}",
    },
    "trend-rule-limited-progress": {
        "vi": "dưới {share} là tiến triển hạn chế",
        "en": "below {share} is limited progress",
    },
    "trend-rule-away": {"vi": "đang xa dần chỉ tiêu", "en": "moving away from the target"},
    "trend-pace-areas": {
        "vi": "tỷ lệ địa bàn đạt tăng từ {since} bằng {share} tốc độ cần có để mọi địa bàn đạt",
        "en": "the share of areas meeting it has grown since {since} at {share} of the rate "
        "needed for all to meet it",
    },
    "trend-reason-zero-base": {
        "vi": "số liệu năm gốc {since} bằng 0 nên không tính được tốc độ tăng",
        "en": "the figure of the base year {since} is 0, so no growth rate can be worked out",
    },
    "trend-reason-required-zero": {
        "vi": "năm gốc {since} đứng đúng ở ngưỡng chỉ tiêu mà chưa đạt nên tốc độ cần có bằng 0; "
        "đánh giá theo chiều đi của số liệu",
        "en": "the base year {since} stands at the target's threshold without meeting it, so "
        "the rate needed is 0; judged by the way the figure moves",
    },
    "trend-reason-different-signs": {
        "vi": "số liệu đổi dấu giữa năm gốc {since} và năm nay nên không tính được tốc độ tăng",
        "en": "the figures change sign between the base year {since} and now, so no growth "
        "rate can be worked out",
    },
    "trend-reason-target-year-not-after-base": {
        "vi": "năm của chỉ tiêu không sau năm gốc {since}",
        "en": "the target's year is not after the base year {since}",
    },
    "trend-reason-base-year-after-series": {
        "vi": "năm gốc của phương pháp đánh giá sau mọi năm có số liệu",
        "en": "the method's base year is after every year with a figure",
    },
    "trend-reason-history-per-area": {
        "vi": "số liệu các năm trước trong tệp lịch sử là của toàn địa bàn, không cho biết bao "
        "nhiêu địa bàn đạt; cần các cuộc điều tra các năm trước",
        "en": "the history file's figures are city-wide and cannot say how many areas met it; "
        "the censuses of earlier years are needed",
    },
    "trend-projected-areas": {
        "vi": "theo xu hướng hiện nay {value} số địa bàn đạt vào {year} (chỉ tiêu: mọi địa bàn)",
        "en": "on the current trend {value} of the areas meet it by {year} (target: all of them)",
    },
    "trend-lost": {
        "vi": "năm {since} đã đạt chỉ tiêu, nay không còn đạt",
        "en": "the target was met in {since} and is not now",
    },
    "trend-so-far": {
        "vi": "bình quân {change}/năm từ {since}",
        "en": "{change} a year since {since}",
    },
    "trend-needed": {"vi": "từ nay cần {change}/năm", "en": "{change} a year needed from now"},
    "trend-projected": {
        "vi": "theo xu hướng hiện nay đạt {value} vào {year} (chỉ tiêu: {target})",
        "en": "on the current trend {value} by {year} (target: {target})",
    },
    "areas-behind": {"vi": "đang tụt lại ở {areas}", "en": "falling behind in {areas}"},
    "area-behind": {
        "vi": "{area} ({status}, {base} → {latest} từ {since})",
        "en": "{area} ({status}, {base} → {latest} since {since})",
    },
    # A status over time inside a sentence (an area's, in the report document).
    "trend-word-achieved": {"vi": "đã đạt", "en": "target achieved"},
    "trend-word-on_track": {"vi": "đúng tiến độ", "en": "on track"},
    "trend-word-needs_acceleration": {"vi": "cần đẩy nhanh", "en": "needs acceleration"},
    "trend-word-limited_progress": {"vi": "tiến triển hạn chế", "en": "limited progress"},
    "trend-word-deterioration": {"vi": "đi xuống", "en": "deterioration"},
    "trend-word-insufficient_data": {"vi": "chưa đủ số liệu", "en": "insufficient data"},
    "trend-word-not_available": {"vi": "không đánh giá được", "en": "not available"},
    "achieved": {"vi": "Đã đạt", "en": "Target achieved"},
    "on_track": {"vi": "Đúng tiến độ", "en": "On track"},
    "needs_acceleration": {"vi": "Cần đẩy nhanh", "en": "Needs acceleration"},
    "limited_progress": {"vi": "Tiến triển hạn chế", "en": "Limited progress"},
    "deterioration": {"vi": "Đi xuống", "en": "Deterioration"},
    "insufficient_data": {"vi": "Chưa đủ số liệu", "en": "Insufficient data"},
    "not_available": {"vi": "Không đánh giá được", "en": "Not available"},
    # Readings a plan names (targets.py, Readings) and columns it declares.
    "reading-trong_do": {"vi": "Cách hiểu «trong đó»", "en": "Reading of «trong đó»"},
    "reading-operating_efficiently": {
        "vi": "Cách hiểu «hoạt động hiệu quả»",
        "en": "Reading of «operating efficiently»",
    },
    "reading-of_all": {
        "vi": "trên tổng số tổ chức (không xét xếp loại)",
        "en": "of all organizations (whatever their rating)",
    },
    "reading-of_good_fair": {
        "vi": "trên số tổ chức xếp loại tốt, khá",
        "en": "of the organizations rated good or fair",
    },
    "reading-good_fair_of_rated": {
        "vi": "xếp loại tốt, khá, trên số tổ chức đã được xếp loại",
        "en": "rated good or fair, of the organizations that were rated",
    },
    "reading-good_fair_of_all": {
        "vi": "xếp loại tốt, khá, trên tổng số tổ chức (kể cả chưa xếp loại)",
        "en": "rated good or fair, of all organizations (rated or not)",
    },
    "reading-used-by": {"vi": "dùng cho", "en": "used by"},
    "declared-columns": {
        "vi": "Cột điều tra kế hoạch bổ sung",
        "en": "Census columns the plan adds",
    },
    "progress-method": {"vi": "Cách đánh giá tiến độ", "en": "Progress method"},
    "method-thresholds-open_sdg": {
        "vi": "ngưỡng của Open SDG (đúng tiến độ khi tốc độ tăng từ {high} tốc độ cần có, cần "
        "đẩy nhanh từ {med}, tiến triển hạn chế từ {low})",
        "en": "Open SDG's thresholds (on track from {high} of the growth rate needed, needs "
        "acceleration from {med}, limited progress from {low})",
    },
    "method-thresholds-unsd": {
        "vi": "ngưỡng của Cơ quan Thống kê Liên hợp quốc (đúng tiến độ khi tốc độ tăng từ "
        "{high} tốc độ cần có, cần đẩy nhanh từ {med}, tiến triển hạn chế từ {low})",
        "en": "the UN Statistics Division's thresholds (on track from {high} of the growth "
        "rate needed, needs acceleration from {med}, limited progress from {low})",
    },
    "method-thresholds-custom": {
        "vi": "ngưỡng riêng của kế hoạch (đúng tiến độ khi tốc độ tăng từ {high} tốc độ cần "
        "có, cần đẩy nhanh từ {med}, tiến triển hạn chế từ {low})",
        "en": "the plan's own thresholds (on track from {high} of the growth rate needed, "
        "needs acceleration from {med}, limited progress from {low})",
    },
    "method-base-earliest": {
        "vi": "năm gốc là năm sớm nhất có số liệu",
        "en": "the base is the earliest year with a figure",
    },
    "method-base-year": {
        "vi": "năm gốc là năm đầu tiên từ {year} có số liệu",
        "en": "the base is the first year from {year} with a figure",
    },
    "method-zeros-linear": {
        "vi": "khi không tính được tốc độ tăng (gốc hoặc chỉ tiêu bằng 0 hay âm, số liệu đổi "
        "dấu) thì so mức tăng bình quân mỗi năm",
        "en": "where no growth rate can be worked out (a base or target of 0 or below, "
        "values changing sign) the changes per year are compared",
    },
    "method-zeros-open_sdg": {
        "vi": "gốc hoặc chỉ tiêu bằng 0 được thay bằng 0,001; số liệu đổi dấu thì không đánh "
        "giá được",
        "en": "a base or target of 0 is taken as 0.001; values changing sign give no status",
    },
    "method-growth": {
        "vi": "chỉ tiêu không có con số: đúng tiến độ khi tăng từ {high}/năm, cần đẩy nhanh từ "
        "{med}, tiến triển hạn chế từ {low}",
        "en": "targets with no number: on track from {high} a year, needs acceleration from "
        "{med}, limited progress from {low}",
    },
    "plans-title": {"vi": "Các kế hoạch có sẵn", "en": "Bundled plans"},
    "territory": {"vi": "Địa bàn", "en": "Territory"},
    "targets-count": {"vi": "Số chỉ tiêu", "en": "Targets"},
    "plan-id": {"vi": "Mã kế hoạch", "en": "Plan id"},
    # The summary of ktt batch (batch.py).
    "batch-title": {"vi": "Tổng hợp điều tra", "en": "Census batch summary"},
    "batch-generated": {"vi": "Thời điểm lập", "en": "Generated at"},
    "batch-files": {"vi": "Số tệp", "en": "Files"},
    "batch-valid": {"vi": "hợp lệ", "en": "valid"},
    "batch-invalid": {"vi": "có lỗi", "en": "with errors"},
    "batch-left-out": {
        "vi": "Không đưa vào tổng hợp (có lỗi)",
        "en": "Left out of the consolidated census (errors)",
    },
    "batch-header": {
        "vi": "| Tệp | Hợp lệ | Lỗi | Cảnh báo | Dòng tổ chức | Không lỗi | Tính vào báo cáo |",
        "en": "| File | Valid | Errors | Warnings | Organization rows | Without errors "
        "| Counted in the report |",
    },
    "batch-yes": {"vi": "có", "en": "yes"},
    "batch-no": {"vi": "không", "en": "no"},
    "batch-counts": {
        "vi": "Dòng tổ chức: số dòng tổ chức đọc được trong tệp; Không lỗi: những dòng không có "
        "lỗi; Tính vào báo cáo: số tổ chức được tính vào gap.json và census.xlsx (tệp có lỗi bị "
        "bỏ qua cả tệp).",
        "en": "Organization rows: the organization rows read from the file; Without errors: "
        "those with no error; Counted in the report: the organizations gap.json and census.xlsx "
        "count (a file with errors is left out whole).",
    },
    "batch-no-gap": {
        "vi": "Không có tệp hợp lệ có năm báo cáo: không tính gap.json và census.xlsx.",
        "en": "No valid file with a reporting year: gap.json and census.xlsx not written.",
    },
    # The consolidated census workbook of ktt batch (census_xlsx.py): its sources sheet.
    "census-sources": {"vi": "Tệp nguồn", "en": "Source files"},
    "source-file": {"vi": "Tệp nộp", "en": "Submission file"},
    "source-unit": {"vi": "Đơn vị báo cáo", "en": "Reporting unit"},
    "source-population": {"vi": "Dân số", "en": "Population"},
    "source-organizations": {"vi": "Số tổ chức", "en": "Organizations"},
    "source-first-row": {"vi": "Từ dòng", "en": "First row"},
    "source-last-row": {"vi": "Đến dòng", "en": "Last row"},
    # The annual reports (report_html.py, report_xlsx.py).
    "sheet-summary": {"vi": "Tổng hợp", "en": "Summary"},
    "annex": {"vi": "Phụ lục", "en": "Annex"},
    "annex-short": {"vi": "PL", "en": "A"},
    "page": {"vi": "Trang", "en": "Page"},
    "sheet-findings": {"vi": "Phát hiện", "en": "Findings"},
    "sheet-provenance": {"vi": "Nguồn gốc", "en": "Provenance"},
    "summary": {"vi": "Bảng tổng hợp", "en": "Summary"},
    "notes": {"vi": "Ghi chú", "en": "Notes"},
    "provenance": {"vi": "Nguồn số liệu", "en": "Provenance"},
    "inputs": {"vi": "Tệp đầu vào", "en": "Inputs"},
    "input": {"vi": "Tệp điều tra", "en": "Census file"},
    "targets-file": {"vi": "Tệp chỉ tiêu", "en": "Targets file"},
    "history": {"vi": "Số liệu các năm trước", "en": "History"},
    "history-file": {"vi": "Tệp số liệu các năm trước", "en": "History file"},
    "tool-version": {"vi": "Phiên bản ktt", "en": "ktt version"},
    "generated-at": {"vi": "Thời điểm tạo", "en": "Generated at"},
    "unreadable": {"vi": "(không đọc được)", "en": "(cannot be read)"},
    "series": {"vi": "Diễn biến qua các năm", "en": "Values by year"},
    "projection": {"vi": "dự báo", "en": "projected"},
    "left-out": {"vi": "Bị loại khỏi số liệu", "en": "Left out of the figures"},
    "whole-file": {"vi": "cả tệp", "en": "whole file"},
    "rows": {"vi": "dòng", "en": "rows"},
    "target-high": {"vi": "Mục tiêu (cận trên)", "en": "Target (high end)"},
    "plan": {"vi": "Kế hoạch", "en": "Plan"},
    "kind": {"vi": "Loại", "en": "Kind"},
    "path": {"vi": "Đường dẫn", "en": "Path"},
    "about": {"vi": "khoảng", "en": "about"},
    "more_than": {"vi": "trên", "en": "more than"},
    "at_least": {"vi": "ít nhất", "en": "at least"},
    "between": {"vi": "từ", "en": "from"},
    "all": {"vi": "tất cả", "en": "all"},
    "at_most": {"vi": "không quá", "en": "at most"},
    "less_than": {"vi": "dưới", "en": "less than"},
    "increase": {"vi": "tăng", "en": "increase"},
    "decrease": {"vi": "giảm", "en": "decrease"},
    "to": {"vi": "đến", "en": "to"},
    # The report document (report_docx.py) and the head of the HTML report: Decree 30/2020.
    "doc-motto-1": {
        "vi": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "en": "SOCIALIST REPUBLIC OF VIETNAM",
    },
    "doc-motto-2": {
        "vi": "Độc lập - Tự do - Hạnh phúc",
        "en": "Independence - Freedom - Happiness",
    },
    "doc-number": {"vi": "Số: {number}/{symbol}", "en": "No.: {number}/{symbol}"},
    "doc-date": {
        "vi": "{place}ngày {day} tháng {month} năm {year}",
        "en": "{place}{day} {month} {year}",
    },
    "doc-type": {"vi": "BÁO CÁO", "en": "REPORT"},
    "doc-title": {
        "vi": "Kết quả thực hiện các chỉ tiêu phát triển kinh tế tập thể năm {year}",
        "en": "Results against the collective-economy targets in {year}",
    },
    "doc-translation": {
        "vi": "",
        "en": "Working translation. The Vietnamese document is the one that is signed.",
    },
    "doc-intro": {
        "vi": "Thực hiện {plan}, {issuer} báo cáo kết quả thực hiện các chỉ tiêu phát triển "
        "kinh tế tập thể năm {year} như sau:",
        "en": "Under {plan}, {issuer} reports the results against the collective-economy "
        "targets in {year} as follows:",
    },
    "doc-intro-no-issuer": {
        "vi": "Thực hiện {plan}, kết quả thực hiện các chỉ tiêu phát triển kinh tế tập thể năm "
        "{year} được báo cáo như sau:",
        "en": "Under {plan}, the results against the collective-economy targets in {year} are "
        "reported as follows:",
    },
    "doc-basis": {"vi": "CƠ SỞ SỐ LIỆU", "en": "WHAT THE FIGURES REST ON"},
    "doc-files": {
        "vi": "Số liệu được tổng hợp từ {n} tệp điều tra:",
        "en": "The figures are drawn from {n} census file(s):",
    },
    "doc-file": {
        "vi": "{unit} (số liệu đến ngày {as_of}; {orgs} tổ chức)",
        "en": "{unit} (figures as of {as_of}; {orgs} organizations)",
    },
    "doc-census-of": {"vi": "Số liệu điều tra của {unit}", "en": "The census of {unit}"},
    "doc-census-nth": {
        "vi": "Tệp điều tra thứ {n} (không ghi đơn vị báo cáo)",
        "en": "Census file {n} (no reporting unit given)",
    },
    "doc-orgs": {
        "vi": "Tổng số tổ chức đọc được: {total} ({forms}); trong đó đang hoạt động: {active}.",
        "en": "Organizations read: {total} ({forms}); of which active: {active}.",
    },
    "doc-universe": {
        "vi": "Các chỉ tiêu chỉ tính tổ chức có {conditions}; {excluded} tổ chức khác "
        "(giải thể, tạm ngừng hoạt động…) không được tính.",
        "en": "The targets count only organizations with {conditions}; {excluded} others "
        "(dissolved, suspended…) are not counted.",
    },
    "doc-left-out-rows": {
        "vi": "{file}: {n} dòng có lỗi không được tính (dòng {rows}).",
        "en": "{file}: {n} rows with errors are not counted (rows {rows}).",
    },
    "doc-left-out-file": {
        "vi": "{file}: không dùng được, không được tính.",
        "en": "{file}: cannot be used and is not counted.",
    },
    "doc-nothing-left-out": {
        "vi": "Không có dòng hay tệp nào bị loại khỏi số liệu.",
        "en": "No row or file was left out of the figures.",
    },
    "doc-results": {"vi": "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", "en": "RESULTS AGAINST THE TARGETS"},
    "doc-group-count": {
        "vi": "Chỉ tiêu đến năm {year} về số lượng tổ chức và thành viên",
        "en": "Targets for {year}: organizations and members",
    },
    "doc-group-share": {
        "vi": "Chỉ tiêu đến năm {year} về chất lượng hoạt động",
        "en": "Targets for {year}: quality of operation",
    },
    "doc-target": {
        "vi": "Chỉ tiêu: {target} vào năm {year} ({source}).",
        "en": "Target: {target} by {year} ({source}).",
    },
    "doc-result": {
        "vi": "Kết quả đến ngày {as_of}: {value}{parts}, bằng {progress} chỉ tiêu.",
        "en": "Result as of {as_of}: {value}{parts}, {progress} of the target.",
    },
    "doc-result-none": {
        "vi": "Kết quả: chưa tính được ({why}).",
        "en": "Result: cannot be computed ({why}).",
    },
    "doc-met": {"vi": "Đánh giá: đã đạt chỉ tiêu.", "en": "Assessment: the target is met."},
    "doc-met-above": {
        "vi": "Đánh giá: đã đạt, vượt khoảng chỉ tiêu.",
        "en": "Assessment: met, above the range of the target.",
    },
    "doc-unmet": {
        "vi": "Đánh giá: chưa đạt; còn thiếu {gap}, bình quân mỗi năm cần {verb} {per_year} "
        "để đạt vào năm {year}.",
        "en": "Assessment: not met; {gap} short, {per_year} a year must be {verb} "
        "to meet it by {year}.",
    },
    "doc-unmet-overdue": {
        "vi": "Đánh giá: chưa đạt, đã quá hạn (năm {year}); còn thiếu {gap}.",
        "en": "Assessment: not met and overdue (due {year}); {gap} short.",
    },
    "doc-unmet-areas": {
        "vi": "Đánh giá: chưa đạt; còn thiếu {gap} ở các địa bàn chưa đạt.",
        "en": "Assessment: not met; {gap} short in the areas that fall short.",
    },
    "doc-unknown": {"vi": "Đánh giá: chưa đánh giá được.", "en": "Assessment: cannot tell."},
    "doc-increase": {"vi": "tăng", "en": "added"},
    "doc-decrease": {"vi": "giảm", "en": "removed"},
    "doc-change": {
        "vi": "So với năm {year} ({before}): {change}.",
        "en": "Compared with {year} ({before}): {change}.",
    },
    "doc-change-up": {"vi": "tăng {x}", "en": "up {x}"},
    "doc-change-down": {"vi": "giảm {x}", "en": "down {x}"},
    "doc-change-same": {"vi": "không đổi", "en": "unchanged"},
    "doc-points": {"vi": "{x} điểm phần trăm", "en": "{x} percentage points"},
    "doc-points-short": {"vi": "{x} điểm\u00a0%", "en": "{x} pp"},
    "doc-no-change": {
        "vi": "Chưa có số liệu năm trước để so sánh.",
        "en": "No figure of an earlier year to compare with.",
    },
    "doc-trend": {"vi": "Xu hướng: {text}.", "en": "Trend: {text}."},
    "doc-areas": {"vi": "Theo địa bàn: {verdict}.", "en": "By area: {verdict}."},
    "doc-areas-met": {"vi": "đạt: {areas}", "en": "met: {areas}"},
    "doc-areas-unmet": {"vi": "chưa đạt: {areas}", "en": "not met: {areas}"},
    "doc-areas-shown": {"vi": "không xét: {areas}", "en": "not judged: {areas}"},
    "doc-areas-behind": {
        "vi": "Địa bàn đang tụt lại: {areas}.",
        "en": "Areas falling behind: {areas}.",
    },
    "doc-note": {"vi": "Ghi chú: {text}", "en": "Note: {text}"},
    "doc-summary": {"vi": "BẢNG TỔNG HỢP", "en": "SUMMARY TABLE"},
    "doc-col-no": {"vi": "TT", "en": "No."},
    "doc-col-result": {"vi": "Kết quả năm {year}", "en": "Result {year}"},
    "doc-col-progress": {"vi": "Tỷ lệ đạt", "en": "Progress"},
    "doc-col-assessment": {"vi": "Đánh giá", "en": "Assessment"},
    "doc-changes": {"vi": "BIẾN ĐỘNG SO VỚI NĂM {year}", "en": "CHANGES SINCE {year}"},
    "doc-changes-intro": {
        "vi": "So sánh danh sách tổ chức năm {year} với năm {previous} theo mã số:",
        "en": "The lists of {year} and {previous} compared by code:",
    },
    "doc-change-new": {"vi": "Thành lập mới", "en": "New"},
    "doc-change-dissolved": {"vi": "Giải thể, ngừng hoạt động", "en": "Dissolved or stopped"},
    "doc-change-vanished": {
        "vi": "Không còn trong danh sách nhưng chưa ghi giải thể",
        "en": "Gone from the list without being marked dissolved",
    },
    "doc-change-other": {"vi": "Thay đổi tình trạng khác", "en": "Other changes of status"},
    "doc-col-form": {"vi": "Loại hình", "en": "Form"},
    "doc-col-total": {"vi": "Cộng", "en": "Total"},
    "doc-vanished-list": {
        "vi": "Các tổ chức không còn trong danh sách nhưng chưa ghi giải thể, cần kiểm tra lại: "
        "{names}.",
        "en": "Organizations gone from the list without being marked dissolved, to be checked: "
        "{names}.",
    },
    "doc-units": {
        "vi": "TÌNH HÌNH GỬI SỐ LIỆU CỦA CÁC ĐƠN VỊ",
        "en": "WHICH UNITS SENT THEIR FIGURES",
    },
    "doc-units-sent": {"vi": "Đã gửi ({n}): {names}.", "en": "Sent ({n}): {names}."},
    "doc-units-missing": {"vi": "Chưa gửi ({n}): {names}.", "en": "Not sent ({n}): {names}."},
    "doc-units-none-missing": {
        "vi": "Tất cả các đơn vị đã gửi số liệu.",
        "en": "Every unit sent its figures.",
    },
    "doc-recipients": {"vi": "Nơi nhận:", "en": "Recipients:"},
    "doc-archive": {"vi": "Lưu: VT.", "en": "Archived: records office."},
    "doc-annex": {"vi": "PHỤ LỤC", "en": "ANNEX"},
    "doc-annex-title": {
        "vi": "Mã chỉ tiêu, nguồn và tệp số liệu của báo cáo",
        "en": "Target ids, sources and data files of the report",
    },
    "doc-annex-changes": {"vi": "Danh sách tổ chức biến động", "en": "Organizations that changed"},
    "doc-col-counted": {"vi": "Số tổ chức được tính", "en": "Organizations counted"},
    "doc-col-change": {"vi": "Biến động", "en": "Change"},
    "doc-page": {"vi": "Trang", "en": "Page"},
}


def label(name: str, lang: Lang, **fields: object) -> str:
    """A column heading or short label in ``lang``."""
    return LABELS[name][lang].format(**fields)


#: Vietnamese wording of targets-file problems, by code (English comes with the problem).
TARGET_PROBLEMS_VI: dict[str, str] = {
    "ktt:bad-value": "«{value}» không phải là giá trị của cột {column}",
    "ktt:unknown-column": "không có cột «{column}» trong mẫu điều tra",
    "ktt:not-numeric-column": "gt/gte/lt/lte chỉ dùng được với cột số",
    "ktt:not-date-column": "from/to (một khoảng thời gian) chỉ dùng được với cột ngày",
    "ktt:direction-value": "chỉ tiêu '{comparison}' không có số; bỏ value",
    "ktt:column-choices": "cột 'choice' cần choices:, các loại cột khác thì không",
    "ktt:column-header-taken": "tiêu đề «{header}» là của cột {column} trong mẫu điều tra",
    "ktt:reading-missing": "chỉ tiêu {id} dùng cách hiểu «{reading}» mà plan.readings chưa nêu",
    "ktt:reading-mismatch": (
        "cách tính của chỉ tiêu {id} không đúng cách hiểu «{reading}» là {how} (plan.readings)"
    ),
    "ktt:not-summable": "không thể cộng cột «{column}»; dùng một trong: {columns}",
    "ktt:list-value": "giá trị dạng danh sách là [thấp, cao], dành cho chỉ tiêu 'between'",
    "ktt:between-value": "chỉ tiêu 'between' cần value: [thấp, cao] với thấp ≤ cao",
    "ktt:all-needs-share": "chỉ tiêu 'all' cần cách tính share (tỷ lệ)",
    "ktt:all-value": "chỉ tiêu 'all' nghĩa là 100%; bỏ value hoặc ghi 1",
    "ktt:one-number": "chỉ tiêu '{comparison}' cần value là một số",
    "ktt:not-a-number": "«{value}» không phải là một số",
    "ktt:not-a-year": "«{value}» không phải là một năm",
    "ktt:share-fraction": "chỉ tiêu tỷ lệ là một số từ 0 đến 1 (hoặc phần trăm, '60%')",
    "ktt:areas-need-group-by": "areas: cần có group_by:",
    "ktt:no-targets": "tệp chỉ tiêu cần ít nhất một chỉ tiêu",
    "ktt:duplicate-id": "mã chỉ tiêu «{id}» bị dùng hai lần",
    "measure": "cần một trong: count:, sum: (kèm where:), share: hoặc ratio:",
    "quantity": "cần một trong: count:, sum: (kèm where:) hoặc info:",
    "missing": "thiếu mục bắt buộc «{field}»",
    "extra_forbidden": "khóa «{key}» không có trong định dạng tệp chỉ tiêu",
    "float_parsing": "phải là một số",
    "float_type": "phải là một số",
    "int_parsing": "phải là một số nguyên",
    "int_type": "phải là một số nguyên",
    "int_from_float": "phải là một số nguyên",
    "string_type": "phải là chữ",
    "bool_parsing": "phải là true hoặc false",
    "bool_type": "phải là true hoặc false",
    "literal_error": "phải là một trong: {expected}",
    "enum": "phải là một trong: {expected}",
    "greater_than_equal": "phải lớn hơn hoặc bằng {ge}",
    "less_than_equal": "phải nhỏ hơn hoặc bằng {le}",
    "less_than": "phải nhỏ hơn {lt}",
    "string_pattern_mismatch": "chỉ dùng chữ thường không dấu, chữ số và dấu gạch dưới",
    "dict_type": "phải là một bảng «khóa: giá trị»",
    "model_type": "phải là một bảng «khóa: giá trị»",
    "model_attributes_type": "phải là một bảng «khóa: giá trị»",
    "tuple_type": "phải là một danh sách [...]",
    "list_type": "phải là một danh sách [...]",
    "file-not-found": "không tìm thấy tệp",
    "not-a-file": "đây không phải là tệp (có thể là thư mục)",
    "permission-denied": "không có quyền đọc tệp",
    "not-utf8": "tệp không phải là văn bản UTF-8",
    "unreadable": "không đọc được tệp: {reason}",
    "yaml-too-large": "tệp lớn hơn {limit} MB, quá lớn đối với một tệp chỉ tiêu",
    "yaml-too-deep": "tệp lồng nhau sâu hơn {limit} cấp",
    "yaml-too-many": "tệp có hơn {limit} giá trị khi khai triển các bí danh (alias)",
    "yaml-recursive": "bí danh *{anchor} trỏ về chính nó",
    "yaml-tag": "không được dùng thẻ {tag} (chỉ dùng giá trị thường)",
    "not-a-mapping": "cần một bảng có plan: và targets:",
}


#: A YAML syntax error, by the kind targets._syntax finds (``other``: any the table lacks).
YAML_SYNTAX: dict[str, dict[Lang, str]] = {
    "unclosed-brace": {
        "vi": "dấu «{» mở ở đây không được đóng bằng «}»",
        "en": "the «{» opened here is not closed by «}»",
    },
    "unclosed-bracket": {
        "vi": "dấu «[» mở ở đây không được đóng bằng «]»",
        "en": "the «[» opened here is not closed by «]»",
    },
    "unclosed-quote": {
        "vi": "dấu nháy mở ở đây không được đóng",
        "en": "the quote opened here is not closed",
    },
    "tab": {
        "vi": "thụt lề bằng phím Tab; YAML chỉ nhận dấu cách",
        "en": "indented with a tab; YAML takes spaces only",
    },
    "missing-colon": {
        "vi": "thiếu dấu «:» sau khóa (viết «khóa: giá trị»)",
        "en": "a key lacks its «:» (write «key: value»)",
    },
    "colon-in-value": {
        "vi": "giá trị có «: » ở giữa; hãy đặt giá trị trong dấu nháy, ví dụ 'a: b'",
        "en": "a value holds «: »; put the value in quotes, e.g. 'a: b'",
    },
    "missing-value": {"vi": "thiếu một giá trị ở đây", "en": "a value is missing here"},
    "indentation": {
        "vi": "thụt lề không khớp với các dòng trên",
        "en": "the indentation does not match the lines above",
    },
    "other": {"vi": "không đúng cú pháp YAML", "en": "not valid YAML"},
}


def yaml_syntax(params: dict[str, str], lang: Lang) -> str:
    """A YAML syntax error in ``lang``: ``lỗi cú pháp YAML: thiếu dấu «:» sau khóa``."""
    wording = YAML_SYNTAX.get(params.get("kind", ""))
    if wording is None:  # a kind this table lacks: PyYAML's words, in English only
        return (
            f"YAML syntax error: {params.get('problem', '')}"
            if lang == "en"
            else ("lỗi cú pháp YAML")
        )
    return ("lỗi cú pháp YAML: " if lang == "vi" else "YAML syntax error: ") + wording[lang]


def target_problem(path: str, code: str, params: dict[str, str], english: str, lang: Lang) -> str:
    """One targets-file problem as a line ``path: message`` in ``lang``.

    Codes without a Vietnamese wording fall back to the English message.
    """
    if code == "yaml-syntax":
        if "line" in params:
            line_word, column_word = ("dòng", "cột") if lang == "vi" else ("line", "column")
            path = f"{line_word} {params['line']}, {column_word} {params['column']}"
        elif path == "(file)" and lang == "vi":
            path = "(tệp)"
        return f"{path}: {yaml_syntax(params, lang)}"
    if lang == "en" or code not in TARGET_PROBLEMS_VI:
        if "line" in params:
            return f"line {params['line']} ({path}): {english}"
        return f"{path}: {english}"
    fields = {k: x.replace(" or ", " hoặc ") if k == "expected" else x for k, x in params.items()}
    message = TARGET_PROBLEMS_VI[code].format_map(_Blank(fields))
    if params.get("choices"):
        message += f" (một trong: {params['choices']})"
    if params.get("near"):
        message += "; " + text("probably", lang, value=params["near"])
    if "line" in params:
        path = f"dòng {params['line']} ({path})"
    elif path == "(file)":
        path = "(tệp)"
    return f"{path}: {message}"


class _Blank(dict[str, str]):
    """A format map that leaves an unknown field empty rather than failing."""

    def __missing__(self, key: str) -> str:
        return ""


#: Vietnamese wording of history-file problems, by code (English comes with the problem);
#: a file that cannot be read is worded as a targets file's is.
HISTORY_PROBLEMS_VI: dict[str, str] = {
    "unknown-target": "không có chỉ tiêu «{id}» trong tệp chỉ tiêu",
    "bad-point": "cần một năm và một số, nhưng có {year}: {value}",
    "year-twice": "năm {year} được ghi hai lần cho {id}",
    "not-year-map": "cần một bảng «năm: giá trị»",
    "not-a-mapping": "cần một bảng «mã chỉ tiêu: {năm: giá trị}»",
    "csv-columns": "các cột phải là target,year,value (thiếu: {missing})",
}


def history_problem(
    line: int | None, where: str, code: str, params: dict[str, str], english: str, lang: Lang
) -> str:
    """One history-file problem as a line ``place: message`` in ``lang``:
    ``line 2: unknown target «htx_count_203»; did you mean «htx_count_2030»?``."""
    line_word, file_word = ("line", "(file)") if lang == "en" else ("dòng", "(tệp)")
    if code == "yaml-syntax":
        message = yaml_syntax(params, lang)
    elif lang == "en":
        message = english
    else:
        wording = HISTORY_PROBLEMS_VI.get(code) or TARGET_PROBLEMS_VI.get(code)
        message = wording.format_map(_Blank(params)) if wording else english
        if params.get("near"):
            message += "; " + text("probably", lang, value=params["near"])
    if line is None:
        place = file_word if where == "(file)" else where
    else:
        place = f"{line_word} {line}" + (f" ({where})" if where else "")
    return f"{place}: {message}"
