"""Every kind of failure a fuzzing campaign found, rebuilt from bytes made here: each ends
as a clean refusal or finding that names the file, within 20 s and 1 GB, and a folder of
them is checked file by file.

Each check runs ``ktt`` in a new interpreter under an address-space limit of 1 GB (what a
reader that allocates without bound would pass) and a 20-second clock."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest

import hostile as h
from ktt_indicators.read.kinds import sniff
from ktt_indicators.read.workbook import Sheet, read_workbook

SRC = str(Path(__file__).resolve().parents[2] / "src")
GIGABYTE = 1024**3
SECONDS = 20


def _limited() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (GIGABYTE, GIGABYTE))


def ktt(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``ktt args`` in a new interpreter limited to 1 GB of address space and 20 s."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KTT_")}
    env.update(PYTHONPATH=SRC, COLUMNS="200")
    code = "from ktt_indicators.cli.app import main; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args], cwd=cwd, env=env, capture_output=True, text=True,
        timeout=SECONDS, preexec_fn=_limited, check=False,
    )  # fmt: skip


#: name → (builder, what the refusal says in Vietnamese, and in English).
REFUSED: dict[str, tuple[Callable[[Path], Path], str, str]] = {
    "name-mismatch.xlsx": (h.local_name_mismatch, "mang một tên khác", "goes by another name"),
    "strong-encryption.xlsx": (h.strong_encryption, "mật khẩu", "password-protected"),
    "unknown-encoding.xlsx": (h.unknown_encoding, "x-no-such-encoding", "does not exist"),
    "mulblank-past-end.xls": (
        lambda p: h.xls_record_past_end(p, 0x00BE, 40, b"\0\0"),
        "vượt quá cuối",
        "runs past",
    ),
    "number-past-end.xls": (
        lambda p: h.xls_record_past_end(p, 0x0203, 14, b"\1"),
        "vượt quá cuối",
        "runs past",
    ),
    "dimensions-past-end.xls": (
        lambda p: h.xls_record_past_end(p, 0x0200, 14, b"\0" * 4),
        "vượt quá cuối",
        "runs past",
    ),
    "unique-count.xlsx": (h.shared_string_count, "4294967295 chuỗi", "4294967295 shared"),
    "long-reference.xlsx": (h.long_reference, "--max-columns", "--max-columns"),
    "one-part-1000-sheets.xlsx": (h.one_part_many_sheets, "1000 trang", "1000 sheets"),
    **{
        f"one-part-1000-sheets-{encoding}.xlsx": (
            partial(h.one_part_many_sheets, encoding=encoding),
            "1000 trang",
            "1000 sheets",
        )
        for encoding in ("UTF-7", "GBK", "UTF-16")  # the guard reads them as calamine does
    },
    "ods-dense.ods": (h.ods_dense, "--max-cells", "--max-cells"),
    "ods-dense-text.ods": (
        lambda p: h.ods_dense(p, "x" * 100),
        "--max-uncompressed-mb",
        "--max-uncompressed-mb",
    ),
    "shared-text.xlsx": (h.shared_text_bomb, "mỗi ô một bản sao", "a copy for each cell"),
}


def build(folder: Path) -> list[str]:
    folder.mkdir(exist_ok=True)
    for name, (make, _, _) in REFUSED.items():
        make(folder / name)
    return list(REFUSED)


@pytest.mark.parametrize("name", list(REFUSED))
def test_each_kind_is_a_clean_refusal_naming_the_file(tmp_path: Path, name: str) -> None:
    make, vietnamese, english = REFUSED[name]
    make(tmp_path / name)
    for lang, words in (("vi", vietnamese), ("en", english)):
        run = ktt("--lang", lang, "check", name, cwd=tmp_path)
        said = run.stdout + run.stderr
        assert run.returncode == 2, said
        line = next((x for x in run.stderr.splitlines() if name in x), "")
        assert words in line, said
        assert "lỗi nội bộ" not in said and "internal error" not in said
        assert "Traceback" not in said


def test_a_header_search_under_thousands_of_merged_ranges_ends(tmp_path: Path) -> None:
    """3,000 merged ranges over the candidate header rows of a sheet 3,000 columns wide: a
    finding (no list sheet), not a search of every range for every cell of 30 rows."""
    h.many_merges(tmp_path / "merges.xlsx")
    run = ktt("check", "merges.xlsx", cwd=tmp_path)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "Không tìm thấy trang danh sách" in run.stdout


def test_ten_cells_far_from_a1_are_ten_cells(tmp_path: Path) -> None:
    """The grid a reader allocates starts at the first cell used: ten cells at FOO100000
    are read, not refused as 100,000 rows × 4,461 columns."""
    path = h.far_cells(tmp_path / "far.xlsx")
    notes = read_workbook(path)[2]
    assert (notes.top, notes.left, len(notes.rows), len(notes.rows[0])) == (99_999, 4_460, 1, 10)
    run = ktt("check", "far.xlsx", cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.parametrize("given", ["folder", "files"])
def test_a_folder_of_them_reports_every_file_and_checks_the_good_ones(
    tmp_path: Path, given: str
) -> None:
    """``ktt check mixed/`` (the folder itself, its subfolders included) and ``ktt check
    mixed/*``: one line for each unreadable file, the good ones still checked. In the
    folder, Excel's lock file and what is no spreadsheet are passed over, as batch does."""
    folder = tmp_path / "mixed"
    names = build(folder)
    h.census(folder / "good-1.xlsx")
    (folder / "sub").mkdir()
    h.census(folder / "sub" / "good-2.xlsx", [h.ROWS[0], h.BAD_ROW])
    (folder / "~$good-1.xlsx").write_bytes(b"\x00" * 165)  # Excel's lock file: not a workbook
    (folder / "ghi-chu.txt").write_text("không phải bảng tính\n", encoding="utf-8")
    if given == "folder":
        run = ktt("check", "mixed", cwd=tmp_path)
    else:
        files = sorted(str(p.relative_to(tmp_path)) for p in folder.rglob("*.xls*"))
        files += [str(p.relative_to(tmp_path)) for p in folder.glob("*.ods")]
        run = ktt("check", *[f for f in files if "~$" not in f], cwd=tmp_path)
    said = run.stdout + run.stderr
    assert run.returncode == 2, said
    unreadable = [x for x in run.stderr.splitlines() if "Không đọc được" in x]
    for name in names:
        assert sum(f"mixed/{name}:" in x for x in unreadable) == 1, name
    assert len(unreadable) == len(names), said  # neither the lock file nor the text
    assert "~$" not in said and "ghi-chu.txt" not in said
    assert "lỗi nội bộ" not in said and "Traceback" not in said
    assert "mixed/good-1.xlsx: hợp lệ" in said
    assert "mixed/sub/good-2.xlsx" in said and "mười" in said  # the bad row's value, found
    if given == "folder":  # in the order of their paths, as batch reads them
        order = [x.split(":")[1].strip().removeprefix("mixed/") for x in unreadable]
        assert order == sorted(names)


def test_a_folder_without_a_spreadsheet_is_a_usage_mistake(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "ghi-chu.txt").write_text("x\n", encoding="utf-8")
    run = ktt("check", "empty", "--lang", "en", cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr == "Error: No workbooks in empty (.xlsx, .xlsm, .xls, .ods)\n"


def test_a_merged_value_is_its_ranges_top_left_as_a_search_would_find_it() -> None:
    rows = [[f"{r}{c}" for c in "abcdef"] for r in range(6)]
    merged = ((1, 1, 2, 3), (0, 4, 5, 4), (4, 0, 4, 1), (3, 5, 3, 9))
    sheet = Sheet("S", True, rows, top=1, left=2, merged=merged)
    for i in range(6):
        for j in range(7):
            r, c = i + 1, j + 2
            cover = next((m for m in merged if m[0] <= r <= m[2] and m[1] <= c <= m[3]), None)
            if cover is None:
                expected = rows[i][j] if j < 6 else ""
            else:
                i0, j0 = cover[0] - 1, cover[1] - 2
                expected = rows[i0][j0] if 0 <= i0 < 6 and 0 <= j0 < 6 else ""
            assert sheet.merged_value(i, j) == expected, (i, j)


def test_csv_is_told_the_same_wherever_the_window_ends() -> None:
    """UTF-8 text whose 8 KB window cuts a character in two is still text."""
    text = "Tên tổ chức,Loại hình,Xã phường\nHTX Một,HTX,Ninh Kiều\n".encode() * 200
    kinds = {sniff(text[:n]) for n in range(4000, 8193)}
    assert kinds == {"text"}
    assert sniff(b"HTX\xff\xfe" + b"x" * 100) == "unknown-content"  # not UTF-8 at all


def test_a_csv_file_is_told_to_be_saved_as_xlsx(tmp_path: Path) -> None:
    (tmp_path / "list.csv").write_text("Tên tổ chức,Loại hình\nHTX Một,HTX\n", encoding="utf-8")
    run = ktt("check", "list.csv", cwd=tmp_path)
    assert run.returncode == 2
    assert "CSV" in run.stderr and "lưu thành .xlsx" in run.stderr
