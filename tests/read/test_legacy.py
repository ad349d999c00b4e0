"""Censuses typed in the legacy Vietnamese encodings TCVN3 (.VnTime) and VNI-Windows.

The encoded workbooks are written by small encoders of this file's own, made from the
published tables (not by running :mod:`ktt_indicators.read.legacy` backwards): TCVN3 from the
TCVN table of the XFree86 X-TrueType server, VNI from its rules (a base letter, then one
mark for the tone, or for the circumflex or breve with the tone).
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from ktt_indicators.census.reader import read_census_file
from ktt_indicators.cli.app import app
from ktt_indicators.read.legacy import tcvn3_to_unicode, vni_to_unicode
from ktt_indicators.report.markup import mark_up

from conftest import TODAY, write_census

runner = CliRunner(env={"KTT_LANG": None, "KTT_TARGETS": None, "COLUMNS": "200"})
DAY = ["--today", TODAY.isoformat()]

# --------------------------------------------------------------------------- encoders

#: Bytes 0xA0–0xFF of TCVN 5712 as the XFree86 X-TrueType server lists them
#: (xc/extras/X-TrueType/TCVN/TCVNtoUCS2.c), one Unicode code point a byte, 0020 unused.
#: Its capitals with tones and combining marks are VN1's; the ABC fonts (VN3, "TCVN3") have
#: only the lower-case letters and the capitals Ă Â Ê Ô Ơ Ư Đ at 0xA1–0xA7.
X11_TCVN_A0 = """
0020 0102 00c2 00ca 00d4 01a0 01af 0110 0103 00e2 00ea 00f4 01a1 01b0 0111 1eb0
0300 0309 0303 0301 0323 00e0 1ea3 00e3 00e1 1ea1 1eb2 1eb1 1eb3 1eb5 1eaf 1eb4
1eae 1ea6 1ea8 1eaa 1ea4 1ec0 1eb7 1ea7 1ea9 1eab 1ea5 1ead 00e8 1ec2 1ebb 1ebd
00e9 1eb9 1ec1 1ec3 1ec5 1ebf 1ec7 00ec 1ec9 1ec4 1ebe 1ed2 0129 00ed 1ecb 00f2
1ed4 1ecf 00f5 00f3 1ecd 1ed3 1ed5 1ed7 1ed1 1ed9 1edd 1edf 1ee1 1edb 1ee3 00f9
1ed6 1ee7 0169 00fa 1ee5 1eeb 1eed 1eef 1ee9 1ef1 1ef3 1ef7 1ef9 00fd 1ef5 1ed0
"""


def _tcvn3_codes() -> dict[str, str]:
    codes = {}
    for n, cp in enumerate(X11_TCVN_A0.split()):
        letter, byte = chr(int(cp, 16)), chr(0xA0 + n)
        if unicodedata.category(letter) == "Ll" or 0xA1 <= ord(byte) <= 0xA7:
            codes[letter] = byte
    return codes


TCVN3_CODES = _tcvn3_codes()


def to_tcvn3(text: str) -> str:
    """``text`` as TCVN3 stores it; a capital with no code of its own is typed as its
    lower-case letter's code (and shown in capitals by a capitals font, .VnTimeH)."""
    return "".join(TCVN3_CODES.get(c) or TCVN3_CODES.get(c.lower(), c) for c in text)


_VNI_TONE = {"": "", "\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
_VNI_HAT = {"": "â", "\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}
_VNI_BREVE = {"": "ê", "\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"}
_VNI_I = {"\u0301": "í", "\u0300": "ì", "\u0309": "æ", "\u0303": "ó", "\u0323": "ò"}


def _vni_letter(letter: str) -> str:
    if letter in "đĐ":
        return "ñ" if letter == "đ" else "Ñ"
    base, *marks = unicodedata.normalize("NFD", letter)
    if not marks or not base.isascii():
        return letter
    tone = next((m for m in marks if m in _VNI_TONE and m), "")
    low = base.lower()
    if low == "i":
        vni = _VNI_I[tone]
    elif low == "y" and tone == "\u0323":
        vni = "î"
    elif "\u031b" in marks:  # the horn: ơ, ư
        vni = {"o": "ô", "u": "ö"}[low] + _VNI_TONE[tone]
    elif "\u0302" in marks:
        vni = low + _VNI_HAT[tone]
    elif "\u0306" in marks:
        vni = low + _VNI_BREVE[tone]
    else:
        vni = low + _VNI_TONE[tone]
    return vni.upper() if base.isupper() else vni


def to_vni(text: str) -> str:
    return "".join(map(_vni_letter, unicodedata.normalize("NFC", text)))


# --------------------------------------------------------------------------- tables

#: Hand-typed: every vowel with every tone, in syllables, then a sentence with đ and Đ.
SYLLABLES = (
    "ba bá bà bả bã bạ, săn sắn sằn sẳn sẵn sặn, cân cấn cần cẩn cẫn cận, be bé bè bẻ bẽ bẹ, "
    "bên bến bền bển bễn bện, bi bí bì bỉ bĩ bị, co có cò cỏ cõ cọ, cô cố cồ cổ cỗ cộ, "
    "cơ cớ cờ cở cỡ cợ, cu cú cù củ cũ cụ, cư cứ cừ cử cữ cự, ky ký kỳ kỷ kỹ kỵ"
)
SENTENCE = "Đội trưởng đã được xếp loại Khá; Hợp tác xã Nông nghiệp Thạnh Phú, Cờ Đỏ, Ô Môn"


def _all_letters() -> set[str]:
    """The 134 Vietnamese letters that are not ASCII, both cases, composed independently."""
    vowels = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"]
    tones = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]
    lower = {unicodedata.normalize("NFC", v + t) for v in vowels for t in tones} | {"đ"}
    lower = {c for c in lower if not c.isascii()}
    return lower | {c.upper() for c in lower}


def test_the_words_hold_every_letter() -> None:
    letters = _all_letters()
    assert len(letters) == 134
    assert letters <= set(SYLLABLES + SYLLABLES.upper() + SENTENCE)


@pytest.mark.parametrize(
    "text", [SYLLABLES, SYLLABLES.upper(), SENTENCE, SENTENCE.upper()], ids=str.split
)
def test_tcvn3_round_trip(text: str) -> None:
    typed = to_tcvn3(text)
    assert typed != text
    assert tcvn3_to_unicode(typed) == text


@pytest.mark.parametrize(
    "text",
    [SYLLABLES, SYLLABLES.upper(), SYLLABLES.title(), SENTENCE, SENTENCE.upper()],
    ids=str.split,
)
def test_vni_round_trip(text: str) -> None:
    typed = to_vni(text)
    assert typed != text
    assert vni_to_unicode(typed) == text


def test_every_letter_alone() -> None:
    for letter in _all_letters():
        assert vni_to_unicode(to_vni(letter)) == letter
        if letter.islower() or letter in "ĂÂÊÔƠƯĐ":  # the letters TCVN3 has a code for
            assert tcvn3_to_unicode(to_tcvn3(letter)) == letter


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("Hîp t¸c x· N«ng nghiÖp", "Hợp tác xã Nông nghiệp"),
        ("HîP T¸C X·", "HỢP TÁC XÃ"),  # a cell in capitals (.VnTimeH)
        ("Hîp t¸c x· N«NG NGHIÖP", "Hợp tác xã NÔNG NGHIỆP"),  # a word in capitals
        ("ñY ban", "ỦY ban"),  # a word that does not start with its one capital
        ("Tæ hîp t¸c", "Tổ hợp tác"),  # one capital first: a title
        ("¸p Míi", "áp Mới"),  # no capital: lower case, as documented
        ("§¾k L¾k", "Đắk Lắk"),
        ("HTX Cê §á", "HTX Cờ Đỏ"),  # an acronym is no sign of capitals
        ("X· A", "Xã A"),
        ("HTX THñY S¶N", "HTX THỦY SẢN"),
        ("Kh¸", "Khá"),
    ],
)
def test_tcvn3_capitals(typed: str, read: str) -> None:
    assert tcvn3_to_unicode(typed) == read


def test_converted_text_is_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Hîp t¸c x·")  # î, ¸ and the like decompose
    assert decomposed != "Hîp t¸c x·"
    assert tcvn3_to_unicode(decomposed) == "Hợp tác xã"
    assert unicodedata.is_normalized("NFC", vni_to_unicode(to_vni(SENTENCE)))


# --------------------------------------------------------------------------- censuses

ROWS: list[dict[str, Any]] = [
    {"ten": "HTX Nông nghiệp Thạnh Phú", "quan_huyen": "Cờ Đỏ", "xep_loai": "Khá",
     "chuoi_gia_tri": "Có", "gioi_tinh_giam_doc": "Nữ"},
    {"ten": "HTX THỦY SẢN ĐÔNG THUẬN", "linh_vuc": "Thương mại - dịch vụ", "xep_loai": "Tốt",
     "quan_huyen": "Ô Môn", "cong_nghe_cao": "x", "gioi_tinh_giam_doc": "Nam"},
    {"ten": "Tổ hợp tác Rau sạch", "loai_hinh": "Tổ hợp tác", "so_thanh_vien": 12,
     "xa_phuong": "Phường Thới An"},
    {"ten": "Liên hiệp HTX Lúa gạo", "loai_hinh": "Liên hiệp HTX", "ma_so": "1800000104",
     "so_thanh_vien": 4, "so_htx_thanh_vien": 3, "xep_loai": "Trung bình",
     "san_pham_chu_luc": "Lúa gạo"},
    {"ten": "HTX Vận tải", "linh_vuc": "Vận tải", "tinh_trang": "Tạm ngừng hoạt động"},
]  # fmt: skip
INFO = {"don_vi_bao_cao": "Phòng Tài chính - Kế hoạch", "nam_bao_cao": 2025,
        "ngay_so_lieu": "14/12/2025", "dia_ban": "Huyện Cờ Đỏ", "dan_so": 120000}  # fmt: skip


def encoded(path: Path, out: Path, encode: Any, sheets: tuple[str, ...] | None = None) -> Path:
    """A copy of the workbook at ``path`` with every text cell of ``sheets`` (default: all)
    typed in another encoding; sheet names stay (a tab is drawn in the system's font)."""
    wb = openpyxl.load_workbook(path)
    for ws in wb:
        if sheets is not None and ws.title not in sheets:
            continue
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.value = encode(cell.value)
    wb.save(out)
    return out


@pytest.fixture
def unicode_census(tmp_path: Path) -> Path:
    return write_census(tmp_path / "unicode.xlsx", ROWS, info=INFO)


def ktt(*args: object) -> Any:
    result = runner.invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.output
    return result


def check_json(path: Path, *extra: str) -> dict[str, Any]:
    result = ktt("check", path, "--format", "json", *DAY, *extra)
    assert result.exit_code == 0, result.output
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def gap_json(path: Path) -> dict[str, Any]:
    result = ktt("gap", path, "--format", "json", *DAY)
    assert result.exit_code == 0, result.output
    report: dict[str, Any] = json.loads(result.stdout)
    report.pop("files")
    report.pop("inputs", None)
    return report


ENCODERS = {"TCVN3": to_tcvn3, "VNI-Windows": to_vni}


@pytest.mark.parametrize("name", list(ENCODERS))
def test_encoded_census_reads_as_unicode(unicode_census: Path, tmp_path: Path, name: str) -> None:
    legacy = encoded(unicode_census, tmp_path / f"{name}.xlsx", ENCODERS[name])
    report = check_json(legacy)
    (file,) = report["files"]
    assert file["valid"] and file["errors"] == []
    # One warning per encoded sheet, then those of the census itself.
    legacy_warnings = [(w["code"], w["sheet"]) for w in file["warnings"][:2]]
    assert legacy_warnings == [
        ("legacy-encoding", "Thông tin chung"),
        ("legacy-encoding", "Danh sách tổ chức"),
    ]
    assert all(name in w["message"] for w in file["warnings"][:2])
    assert not any(w["code"] == "legacy-encoding" for w in file["warnings"][2:])
    assert file["organizations"] == len(ROWS)
    # The same organizations as the census typed in Unicode, name by name.
    as_typed = read_census_file(unicode_census, today=TODAY, label="x")
    read = read_census_file(legacy, today=TODAY, label="x")
    assert [o.ten for o in read.organizations] == [r["ten"] for r in ROWS]
    assert list(read.organizations) == list(as_typed.organizations)
    assert read.info == as_typed.info
    assert [f for f in read.findings if f.code != "legacy-encoding"] == as_typed.findings
    assert gap_json(legacy) == gap_json(unicode_census)


def test_the_warning_in_english(unicode_census: Path, tmp_path: Path) -> None:
    legacy = encoded(unicode_census, tmp_path / "t.xlsx", to_tcvn3, ("Danh sách tổ chức",))
    (vi,) = [
        w for w in check_json(legacy)["files"][0]["warnings"] if w["code"] == "legacy-encoding"
    ]
    (en,) = [
        w for w in check_json(legacy, "--lang", "en")["files"][0]["warnings"]
        if w["code"] == "legacy-encoding"
    ]  # fmt: skip
    assert vi["message"].startswith("Trang «Danh sách tổ chức» được gõ bằng bảng mã TCVN3")
    assert "Unikey" in vi["message"]
    assert en["message"].startswith("Sheet «Danh sách tổ chức» is typed in the TCVN3 encoding")


def test_only_the_encoded_sheet_is_converted(unicode_census: Path, tmp_path: Path) -> None:
    """A Unicode information sheet beside a TCVN3 list keeps its text as typed."""
    info = {**INFO, "don_vi_bao_cao": "UBND xã Hòa ¸ ö"}
    path = write_census(tmp_path / "u.xlsx", ROWS, info=info)
    legacy = encoded(path, tmp_path / "t.xlsx", to_tcvn3, ("Danh sách tổ chức",))
    read = read_census_file(legacy, today=TODAY)
    assert [(f.code, f.sheet) for f in read.findings if f.code == "legacy-encoding"] == [
        ("legacy-encoding", "Danh sách tổ chức")
    ]
    assert read.info.don_vi_bao_cao == "UBND xã Hòa ¸ ö"


def test_a_unicode_census_is_never_converted(tmp_path: Path) -> None:
    """Characters TCVN3 and VNI use are ordinary text in a Unicode sheet, and a sheet with no
    census header is not converted for holding them."""
    rows = [{**ROWS[0], "ten": "HTX Hôïp ¸ Müller ö"}, ROWS[1]]
    path = write_census(tmp_path / "u.xlsx", rows, info=INFO)
    wb = openpyxl.load_workbook(path)
    notes = wb.create_sheet("Ghi chú")
    notes.append(["Ghi chú", "Giá ¸ ö", "Müller", "Hôïp taùc", "x· ®éi"])
    wb.save(path)
    read = read_census_file(path, today=TODAY)
    assert not any(f.code == "legacy-encoding" for f in read.findings)
    assert [o.ten for o in read.organizations] == ["HTX Hôïp ¸ Müller ö", ROWS[1]["ten"]]


def test_the_notes_sheet_of_an_encoded_file_is_not_a_list(tmp_path: Path) -> None:
    """The sheet whose header is found converted is the list; a TCVN3 sheet with no census
    header stays as it is, and no warning names it."""
    path = write_census(tmp_path / "u.xlsx", ROWS, info=INFO)
    wb = openpyxl.load_workbook(path)
    wb.create_sheet("Ghi chú").append([to_tcvn3("Ghi chú của đơn vị")])
    wb.save(path)
    legacy = encoded(path, tmp_path / "t.xlsx", to_tcvn3, ("Danh sách tổ chức",))
    read = read_census_file(legacy, today=TODAY)
    assert [f.sheet for f in read.findings if f.code == "legacy-encoding"] == ["Danh sách tổ chức"]


@pytest.mark.parametrize("name", list(ENCODERS))
def test_an_error_in_an_encoded_file_is_at_its_cell(tmp_path: Path, name: str) -> None:
    rows = [ROWS[0], {**ROWS[1], "xep_loai": "Xuất sắc"}]
    path = write_census(tmp_path / "u.xlsx", rows, info=INFO)
    legacy = encoded(path, tmp_path / "e.xlsx", ENCODERS[name])
    result = ktt("check", legacy, "--format", "json", *DAY)
    assert result.exit_code == 1
    (file,) = json.loads(result.stdout)["files"]
    (error,) = file["errors"]
    assert error["code"] == "not-in-list"
    assert (error["sheet"], error["column"], error["value"]) == (
        "Danh sách tổ chức", "Xếp loại", "Xuất sắc"
    )  # fmt: skip
    header = openpyxl.load_workbook(path)["Danh sách tổ chức"][1]
    column = next(c.column_letter for c in header if c.value == "Xếp loại")
    assert error["cell"] == f"{column}3"
    assert file["organizations"] == 1


def test_an_encoded_file_gets_its_marked_up_copy(unicode_census: Path, tmp_path: Path) -> None:
    rows = [ROWS[0], {**ROWS[1], "xep_loai": "Xuất sắc"}]
    path = write_census(tmp_path / "u.xlsx", rows, info=INFO)
    legacy = encoded(path, tmp_path / "e.xlsx", to_tcvn3)
    before = legacy.read_bytes()
    out = tmp_path / "marked.xlsx"
    result = ktt("check", legacy, "--mark-up", out, *DAY)
    assert result.exit_code == 1, result.output
    assert legacy.read_bytes() == before  # nothing is written to the input
    wb = openpyxl.load_workbook(out)
    error = read_census_file(legacy, today=TODAY).errors[0]
    assert error.cell is not None
    note = wb["Danh sách tổ chức"][error.cell].comment
    assert note is not None and "Xuất sắc" in note.text
    # The original's text is kept as typed (its font shows it), not rewritten.
    assert wb["Danh sách tổ chức"]["B2"].value == to_tcvn3(ROWS[0]["ten"])
    # The sheet's legacy-encoding warning is noted on its first cell.
    first = wb["Danh sách tổ chức"]["A1"].comment
    assert first is not None and "TCVN3" in first.text


def test_mark_up_reads_the_sheets_converted(tmp_path: Path) -> None:
    """A finding of the whole file is noted on the information sheet, found by its labels
    once converted, though its name does not say what it is and it is not the first sheet."""
    path = write_census(tmp_path / "u.xlsx", ROWS, info=INFO)
    wb = openpyxl.load_workbook(path)
    wb["Thông tin chung"].title = "Trang 1"
    wb.move_sheet("Trang 1", offset=1)
    wb.save(path)
    legacy = encoded(path, tmp_path / "t.ods", to_tcvn3)  # an .xlsx named .ods: a finding
    read = read_census_file(legacy, today=TODAY)
    assert read.info == read_census_file(path, today=TODAY).info
    assert [(f.code, f.sheet) for f in read.findings if f.sheet is None] == [
        ("renamed-workbook", None)
    ]
    copy = tmp_path / "marked.xlsx"
    copy.write_bytes(mark_up(legacy, read))
    noted = [
        ws.title
        for ws in openpyxl.load_workbook(copy)
        for row in ws.iter_rows()
        for c in row
        if c.comment is not None and ".xlsx" in c.comment.text
    ]
    assert noted == ["Trang 1"]


@pytest.mark.parametrize("name", list(ENCODERS))
def test_legacy_values_under_a_unicode_header_are_named_at_their_cells(
    tmp_path: Path, name: str
) -> None:
    """A Unicode template filled from an old file: the header reads, so the sheet is not
    converted, and each pasted value is an error that says what it probably is."""
    encode = ENCODERS[name]
    rows = [{"ten": "HTX A", "xep_loai": encode("Khá")},
            {"ten": "HTX B", "chuoi_gia_tri": encode("Có")},
            {"ten": "HTX C", "xep_loai": "Xuất sắc"}]  # fmt: skip
    path = write_census(tmp_path / "pasted.xlsx", rows, info=INFO)
    result = ktt("check", path, "--format", "json", *DAY)
    assert result.exit_code == 1, result.output
    (report,) = json.loads(result.stdout)["files"]
    errors = [(e["code"], e["value"], e["suggestion"]) for e in report["errors"]]
    assert errors == [("not-in-list", encode("Khá"), "Khá"),
                      ("wrong-type", encode("Có"), "Có"),
                      ("not-in-list", "Xuất sắc", None)]  # fmt: skip
    first, second, third = (e["message"] for e in report["errors"])
    assert first.endswith(f"có lẽ là «Khá» gõ bằng bảng mã {name}: hãy chuyển các ô này sang "
                          "Unicode (Unikey: Công cụ chuyển mã)")  # fmt: skip
    assert f"«Có» gõ bằng bảng mã {name}" in second
    assert "bảng mã" not in third  # an ordinary wrong value gets no such hint
    english = ktt("check", path, "--format", "json", "--lang", "en", *DAY)
    message = json.loads(english.stdout)["files"][0]["errors"][0]["message"]
    assert f"probably «Khá» typed in the {name} encoding" in message


@pytest.mark.parametrize(("tab", "form"), [("Tæ hîp t¸c", "THT"),  # TCVN3
                                           ("Danh saùch toå hôïp taùc", "THT"),  # VNI
                                           ("Danh s¸ch HTX", "HTX")])  # fmt: skip
def test_a_tab_named_in_a_legacy_encoding_gives_its_legal_form(
    tmp_path: Path, tab: str, form: str
) -> None:
    """A sheet with no «Loại hình» column takes the legal form its tab names; a tab typed in
    TCVN3 or VNI names it too (sheet names are not converted with the sheet's cells)."""
    rows = [{"ten": "Tổ A", "ma_so": "1800000201"}, {"ten": "Tổ B", "ma_so": "1800000202"}]
    path = write_census(tmp_path / "tab.xlsx", rows, info=INFO,
                        headers=["ten", "ma_so", "xa_phuong", "linh_vuc", "tinh_trang",
                                 "so_thanh_vien"])  # fmt: skip
    wb = openpyxl.load_workbook(path)
    wb["Danh sách tổ chức"].title = tab
    wb.save(path)
    census = read_census_file(path, today=TODAY)
    assert [o.loai_hinh.value for o in census.organizations] == [form, form]


# --------------------------------------------------------------------------- mixed sheets


def _put(ws: Any, row: int, key: str, value: object) -> None:
    """Set the cell of column ``key`` (found by its header, typed in any encoding) in ``row``."""
    from ktt_indicators.census.schema import COLUMNS_BY_KEY

    header = [tcvn3_to_unicode(c.value) if isinstance(c.value, str) else c.value for c in ws[1]]
    ws.cell(row, header.index(COLUMNS_BY_KEY[key].header) + 1).value = value


def test_unicode_cells_of_a_converted_sheet_are_kept_as_typed(
    unicode_census: Path, tmp_path: Path
) -> None:
    """An old TCVN3 file that later got cells typed in Unicode, in NFC or NFD: each such
    cell reads as typed, not converted again into nonsense, and the warning counts them."""
    legacy = encoded(unicode_census, tmp_path / "t.xlsx", to_tcvn3)
    wb = openpyxl.load_workbook(legacy)
    ws = wb["Danh sách tổ chức"]
    nfd = unicodedata.normalize
    _put(ws, 3, "ten", "HTX Thủy sản Đông Thuận")  # NFC, with letters above U+00FF
    _put(ws, 3, "quan_huyen", nfd("NFD", "Ô Môn"))  # NFD: combining marks
    _put(ws, 2, "xep_loai", "Khá")  # Latin-1 only, but a rating as typed: «Khỏ» is none
    _put(ws, 2, "linh_vuc", nfd("NFD", "Nông nghiệp"))
    _put(ws, 4, "chuoi_gia_tri", "Có")  # a yes/no spelling: «Cú» is none
    _put(ws, 5, "xep_loai", to_tcvn3("Khá"))  # TCVN3: converted, as the rest
    _put(ws, 6, "chuoi_gia_tri", to_tcvn3("Có"))
    wb.save(legacy)
    read = read_census_file(legacy, today=TODAY)
    assert read.valid, read.findings
    orgs = list(read.organizations)
    assert orgs[1].ten == "HTX Thủy sản Đông Thuận" and orgs[1].quan_huyen == "Quận Ô Môn"
    first = (orgs[0].xep_loai, orgs[0].linh_vuc, orgs[0].quan_huyen)
    assert first == ("Khá", "Nông nghiệp", "Huyện Cờ Đỏ")
    assert orgs[2].chuoi_gia_tri is True and orgs[4].chuoi_gia_tri is True
    assert orgs[3].xep_loai == "Khá"
    # «Phường Thới An», a ward before the reform, is counted in the one it went into
    listed = [f for f in read.findings if f.sheet == "Danh sách tổ chức"]
    (warning,) = [f for f in listed if f.code != "former-area"]
    assert warning.code == "legacy-encoding"
    assert "trừ 5 ô đã gõ bằng Unicode, được giữ nguyên như đã gõ" in warning.message()
    assert "but for 5 text cells already typed in Unicode, kept as typed" in warning.message("en")
    (info,) = [f for f in read.findings if f.sheet == "Thông tin chung"]
    assert "Unicode, được giữ" not in info.message()  # nothing was kept there


def test_the_findings_example_typed_in_tcvn3_reads_as_the_original(tmp_path: Path) -> None:
    """examples/census-findings.xlsx holds a value in NFD, and «Khá», «Có», «Không»: typed in
    TCVN3, it gives the same organizations and findings, and the sheets' warnings."""
    example = Path(__file__).resolve().parents[2] / "examples" / "census-findings.xlsx"
    legacy = encoded(example, tmp_path / "t.xlsx", to_tcvn3)
    original = read_census_file(example, today=TODAY, label="x")
    read = read_census_file(legacy, today=TODAY, label="x")
    assert len(read.organizations) == len(original.organizations) == 20
    assert list(read.organizations) == list(original.organizations)
    assert [f for f in read.findings if f.code != "legacy-encoding"] == original.findings
    assert [f.sheet for f in read.findings if f.code == "legacy-encoding"] == [
        "Thông tin chung", "Danh sách tổ chức"
    ]  # fmt: skip


# --------------------------------------------------------------------------- the marked-up copy


def _default_font(path: Path, font: str) -> None:
    """Make ``font`` the default font (font 0) of the workbook at ``path``, as an old TCVN3
    workbook has .VnTime."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as old:
        parts = {item.filename: old.read(item) for item in old.infolist()}
    styles = parts["xl/styles.xml"].decode()
    first = styles.index("<font>")
    styles = styles[:first] + re.sub(r'<name val="[^"]*"/>', f'<name val="{font}"/>',
                                     styles[first:], count=1)  # fmt: skip
    parts["xl/styles.xml"] = styles.encode()
    with zipfile.ZipFile(path, "w") as new:
        for name, data in parts.items():
            new.writestr(name, data)


def test_what_ktt_writes_in_the_copy_names_a_unicode_font(tmp_path: Path) -> None:
    """The results sheet and the notes of a marked-up copy name a Unicode font: a TCVN3
    workbook's default font (.VnTime) would draw their Unicode text as nonsense."""
    import zipfile

    rows = [ROWS[0], {**ROWS[1], "xep_loai": "Xuất sắc"}]
    path = write_census(tmp_path / "u.xlsx", rows, info=INFO)
    legacy = encoded(path, tmp_path / "e.xlsx", to_tcvn3)
    _default_font(legacy, ".VnTime")
    assert openpyxl.load_workbook(legacy)["Danh sách tổ chức"]["B2"].font.name == ".VnTime"
    copy = tmp_path / "marked.xlsx"
    copy.write_bytes(mark_up(legacy, read_census_file(legacy, today=TODAY)))
    wb = openpyxl.load_workbook(copy)
    results = wb["Kết quả kiểm tra"]
    cells = [c for row in results.iter_rows() for c in row if c.value is not None]
    assert len(cells) > 20
    assert {c.font.name for c in cells} == {"Arial"}
    assert results["A1"].font.bold
    # The original's cells keep their font (their text is TCVN3); ktt's notes name Arial.
    assert wb["Danh sách tổ chức"]["B2"].font.name == ".VnTime"
    with zipfile.ZipFile(copy) as archive:
        notes = [archive.read(n).decode() for n in archive.namelist() if "comments" in n]
    assert notes and all('<rFont val="Arial"/>' in n for n in notes)


# --------------------------------------------------------------------------- areas, hints


def test_an_area_typed_in_a_legacy_encoding_is_a_warning_at_its_cell(tmp_path: Path) -> None:
    """«Cê §á» (TCVN3 for «Cờ Đỏ») under a Unicode header would be an area of its own: it
    is read as typed, with a warning that says what it reads as."""
    rows = [{**ROWS[0], "quan_huyen": to_tcvn3("Cờ Đỏ")},
            {**ROWS[1], "xa_phuong": to_vni("Phường Thới An")},
            {**ROWS[2], "quan_huyen": "Ô Môn", "xa_phuong": "Phường Thới An"},
            *([{"ten": f"HTX {k}", "quan_huyen": "Cờ Đỏ", "xa_phuong": "Xã Thới Lai"}
               for k in range(40)])]  # fmt: skip
    path = write_census(tmp_path / "pasted.xlsx", rows, info=INFO)
    report = check_json(path)
    (file,) = report["files"]
    assert file["valid"]
    warned = [w for w in file["warnings"] if w["code"] == "legacy-encoded-value"]
    assert [(w["column"], w["value"], w["suggestion"]) for w in warned] == [
        ("Quận/huyện", to_tcvn3("Cờ Đỏ"), "Cờ Đỏ"),
        ("Xã/phường", to_vni("Phường Thới An"), "Phường Thới An"),
    ]
    header = [c.value for c in openpyxl.load_workbook(path)["Danh sách tổ chức"][1]]
    column = openpyxl.utils.get_column_letter(header.index("Quận/huyện") + 1)
    assert warned[0]["cell"] == f"{column}2"
    assert warned[0]["message"] == (
        f"«{to_tcvn3('Cờ Đỏ')}» ở cột «Quận/huyện» không phải chữ Unicode; có lẽ là «Cờ Đỏ» gõ "
        "bằng bảng mã TCVN3: hãy chuyển các ô này sang Unicode (Unikey: Công cụ chuyển mã)"
    )
    english = check_json(path, "--lang", "en")["files"][0]["warnings"]
    assert any("probably «Phường Thới An» typed in the VNI-Windows encoding" in w["message"]
               for w in english)  # fmt: skip
    read = read_census_file(path, today=TODAY)
    # read as the unit it names once converted
    assert read.organizations[0].quan_huyen == "Huyện Cờ Đỏ"


def test_an_area_of_a_converted_sheet_is_no_legacy_value(unicode_census: Path, tmp_path: Path):
    legacy = encoded(unicode_census, tmp_path / "t.xlsx", to_tcvn3)
    read = read_census_file(legacy, today=TODAY)
    assert not any(f.code == "legacy-encoded-value" for f in read.findings)


def test_the_hint_names_the_text_typed_when_it_is_not_the_category(tmp_path: Path) -> None:
    rows = [{"ten": "T", "loai_hinh": to_tcvn3("Tổ hợp tác"), "so_thanh_vien": 12},
            {"ten": "H", "xep_loai": to_tcvn3("TỐT")}]  # fmt: skip
    path = write_census(tmp_path / "pasted.xlsx", rows, info=INFO)
    result = ktt("check", path, "--format", "json", *DAY)
    first, second = json.loads(result.stdout)["files"][0]["errors"]
    assert first["suggestion"] == "THT"
    assert "; có lẽ là «Tổ hợp tác» (tức «THT») gõ bằng bảng mã TCVN3: hãy" in first["message"]
    assert "; có lẽ là «Tốt» gõ bằng bảng mã TCVN3" in second["message"]  # only its case
    english = ktt("check", path, "--format", "json", "--lang", "en", *DAY)
    message = json.loads(english.stdout)["files"][0]["errors"][0]["message"]
    assert "probably «Tổ hợp tác» (that is, «THT») typed in the TCVN3 encoding" in message


@pytest.mark.parametrize("name", list(ENCODERS))
def test_a_declared_choice_column_gives_the_legacy_hint(name: str) -> None:
    from ktt_indicators.plan.plan_columns import _ChoiceParser
    from ktt_indicators.read.values import CellError

    parse = _ChoiceParser(("Trung cấp", "Đại học"))
    with pytest.raises(CellError) as caught:
        parse(ENCODERS[name]("Đại học"))
    assert (caught.value.suggestion, caught.value.extra) == ("Đại học", {"legacy": name})
    with pytest.raises(CellError) as plain:
        parse("Tiến sĩ")
    assert "legacy" not in plain.value.extra


def test_the_legacy_only_characters_are_those_of_the_tables() -> None:
    from ktt_indicators.read.legacy import ENCODINGS
    from ktt_indicators.read.values import LEGACY_FOREIGN

    found = {chr(c) for c in range(0x80, 0x100) for e in ENCODINGS if e.foreign.match(chr(c))}
    assert "".join(sorted(found)) == LEGACY_FOREIGN
