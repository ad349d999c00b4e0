"""Help texts and usage errors in the user's language.

typer 0.28 carries its own copy of click, whose messages are English f-strings (no gettext
to hook). So ktt translates at the two places they reach the user:

* help: before parsing, the language is read from the command line (``--lang`` wherever it
  stands, else ``KTT_LANG``); ktt's own help texts are swapped for their Vietnamese wording
  (:data:`HELP_VI`, keyed by the English text, and :data:`COMMAND_HELP_VI` by command), and
  the few words typer adds (``default:``, ``required``, section titles) go through typer's
  ``gettext`` hook, which typer.core still calls;
* usage errors: the message click formatted is matched against the small catalogue of its
  forms (:data:`USAGE_VI`) and said again in Vietnamese; a form not in the catalogue is
  left in English rather than guessed at.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from typing import Any

import typer
import typer.core
from typer import _click  # typer's own copy of click
from typer._click import _textwrap
from typer.core import TyperCommand, TyperGroup

from .i18n import Lang, text

#: The language of help and usage errors for the current run (set before parsing).
_ui: dict[str, Lang] = {"lang": "vi"}


def argv_lang(argv: Sequence[str]) -> Lang:
    """The language a command line asks for: ``--lang X`` anywhere before ``--``, else
    ``KTT_LANG``, else Vietnamese. The last ``--lang`` wins, as it does for the options."""
    found = os.environ.get("KTT_LANG")
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            found = argv[i + 1]
        elif arg.startswith("--lang="):
            found = arg.partition("=")[2]
    return "en" if (found or "").lower() == "en" else "vi"


def ui_lang() -> Lang:
    return _ui["lang"]


# ---------------------------------------------------------------------------- help texts

#: The words typer's help adds (through its gettext hook), in Vietnamese.
TYPER_VI = {
    "Arguments": "Đối số",
    "Options": "Tùy chọn",
    "Commands": "Lệnh",
    "required": "bắt buộc",
    "default: {default}": "mặc định: {default}",
    "env var: {var}": "biến môi trường: {var}",
    "(dynamic)": "(tùy lúc chạy)",
    "Aborted!": "Đã dừng.",
}

#: ktt's help texts of options and arguments, by their English wording.
HELP_VI = {
    "Also write a copy of FILE (one file) with every finding marked on its cell, as .xlsx.": "Ghi "
    "thêm một bản sao của FILE (một tệp) với từng lỗi được đánh dấu tại ô của nó, dạng .xlsx.",
    "The units that must report: a text file, one unit a line, or a CSV or workbook whose first "
    "column is the unit.": "Các đơn vị phải báo cáo: tệp văn bản mỗi dòng một đơn vị, hoặc tệp "
    "CSV hay bảng tính có cột đầu là đơn vị.",
    "List files modified after this date (YYYY-MM-DD) as late.": "Liệt kê các tệp sửa sau ngày "
    "này (YYYY-MM-DD) là gửi trễ hạn.",
    "Census workbooks (.xlsx, .xlsm, .xls, .ods), or folders of them.": "Các bảng tính điều tra "
    "(.xlsx, .xlsm, .xls, .ods), hoặc thư mục chứa chúng.",
    "Census workbooks, read as one census (default: the bundled example).": "Các bảng tính "
    "điều tra, đọc chung thành một cuộc điều tra (mặc định: ví dụ kèm theo).",
    "Folder of census workbooks (searched recursively).": "Thư mục chứa các bảng tính điều "
    "tra (tìm cả trong thư mục con).",
    "Folder to write the reports into.": "Thư mục để ghi các báo cáo.",
    "Indicator values of earlier years (YAML {target: {year: value}} or CSV "
    "target,year,value), for the status over time.": "Số liệu chỉ tiêu các năm trước (YAML "
    "{chỉ tiêu: {năm: giá trị}} hoặc CSV target,year,value), để đánh giá xu hướng.",
    "Language of messages and help: vi or en (default: KTT_LANG, else vi).": "Ngôn ngữ của "
    "thông báo và trợ giúp: vi hoặc en (mặc định: KTT_LANG, nếu không có thì vi).",
    "Leave rows with errors out of the figures, and say which.": "Bỏ các dòng lỗi ra khỏi "
    "số liệu và cho biết đó là những dòng nào.",
    "List the organizations a target's figure counted.": "Liệt kê các tổ chức được tính vào "
    "số liệu của một chỉ tiêu.",
    "Only the targets of this year.": "Chỉ các chỉ tiêu của năm này.",
    "Output format (default: from -o's suffix, else table).": "Định dạng kết quả (mặc định: "
    "theo đuôi tên tệp của -o, nếu không thì bảng).",
    "Output format.": "Định dạng kết quả.",
    "Output format: table or json (with --columns; the targets schema is JSON).": "Định "
    "dạng kết quả: table hoặc json (với --columns; lược đồ tệp chỉ tiêu luôn là JSON).",
    "Overwrite the file if it already exists.": "Ghi đè nếu tệp đã có.",
    "Pretend today is this ISO date.": "Coi hôm nay là ngày ISO này.",
    "Refuse a sheet that reaches beyond this column.": "Từ chối trang tính vượt quá cột này.",
    "Refuse a sheet that reaches beyond this row.": "Từ chối trang tính vượt quá dòng này.",
    "Refuse a sheet whose rows × columns exceed this.": "Từ chối trang tính có số dòng × số "
    "cột lớn hơn số này.",
    "Refuse a workbook that inflates to more megabytes than this.": "Từ chối bảng tính khi "
    "giải nén lớn hơn số megabyte này.",
    "Show every target in every area of this column.": "Hiện mọi chỉ tiêu ở từng địa bàn "
    "theo cột này.",
    "Show the reader's own words for an unreadable file, and a traceback for an internal "
    "error.": "Hiện nguyên văn lỗi của bộ đọc khi không đọc được tệp, và chi tiết lỗi nội bộ.",
    "Check the spreadsheets staged in git (without FILE; every tracked one when none is "
    "staged), their codes judged against every spreadsheet of the repository.": "Kiểm tra "
    "các bảng tính đã đưa vào git để commit (khi không nêu FILE; mọi bảng tính git theo dõi "
    "khi chưa đưa tệp nào), mã số được so với mọi bảng tính của kho.",
    "Where the installed targets schema is, for an editor.": "Nơi có lược đồ tệp chỉ tiêu "
    "đã cài, để trình soạn thảo trỏ tới.",
    "Show the version.": "Hiện phiên bản.",
    "Show this message and exit.": "Hiện trợ giúp này rồi thoát.",
    "Targets file, or the id of a bundled plan (ktt targets --list); default: the bundled "
    "Cần Thơ plan.": "Tệp chỉ tiêu, hoặc mã một kế hoạch có sẵn (ktt targets --list); mặc "
    "định: kế hoạch của Cần Thơ kèm theo.",
    "Also check the census columns this targets file (or plan id) declares.": "Kiểm tra cả "
    "các cột điều tra mà tệp chỉ tiêu (hoặc mã kế hoạch) này bổ sung.",
    "Add the census columns this targets file (or plan id) declares.": "Thêm các cột điều "
    "tra mà tệp chỉ tiêu (hoặc mã kế hoạch) này bổ sung.",
    "List the bundled plans, with their ids.": "Liệt kê các kế hoạch có sẵn, kèm mã.",
    "The census columns instead of the targets file.": "Các cột của mẫu điều tra thay cho "
    "tệp chỉ tiêu.",
    "The workbook to write (.xlsx).": "Bảng tính sẽ ghi (.xlsx).",
    "Write to this file.": "Ghi vào tệp này.",
    "Issuing body of the report document (.docx, .pdf); default: the targets file's "
    "plan.report.issuer.": "Cơ quan ban hành văn bản báo cáo (.docx, .pdf); mặc định: "
    "plan.report.issuer của tệp chỉ tiêu.",
    "The document's number (default: blank, to fill in).": "Số của văn bản (mặc định: để "
    "trống để điền).",
    "Signer's title, e.g. 'PHÓ GIÁM ĐỐC' (default: the targets file's plan.report).": "Chức "
    "vụ người ký, ví dụ 'PHÓ GIÁM ĐỐC' (mặc định: plan.report của tệp chỉ tiêu).",
    "Signer's name (default: the targets file's plan.report, else blank to sign by hand).": "Họ "
    "tên người ký (mặc định: plan.report của tệp chỉ tiêu, nếu không có thì để trống để ký "
    "tay).",
    "Write to this file (the format follows its suffix).": "Ghi vào tệp này (định dạng theo "
    "đuôi tên tệp).",
    "The place written before the date, e.g. 'Cần Thơ' (default: the targets file's "
    "plan.report).": "Địa danh ghi trước ngày tháng, ví dụ 'Cần Thơ' (mặc định: plan.report "
    "của tệp chỉ tiêu).",
    "A YAML file of the report document's issuer, place, signer… (the keys of plan.report), "
    "over the targets file's; the options above go over both.": "Tệp YAML ghi cơ quan ban "
    "hành, địa danh, người ký… của văn bản báo cáo (các khóa của plan.report), dùng thay cho "
    "tệp chỉ tiêu; các tùy chọn ở trên được ưu tiên hơn cả hai.",
}

#: ktt's command descriptions (their docstrings), by command; None is the program itself.
COMMAND_HELP_VI: dict[str | None, str] = {
    None: "Tiến độ của kinh tế tập thể (THT, HTX, LHHTX) so với chỉ tiêu kế hoạch, tính từ các "
    "bảng tính điều tra.\n\nThông báo bằng tiếng Việt; thêm --lang en (trước hoặc sau lệnh) "
    "để dùng tiếng Anh.",
    "check": "Kiểm tra các bảng tính điều tra theo mẫu điều tra và liệt kê mọi lỗi, cảnh "
    "báo.\n\nNhiều tệp được kiểm tra cùng nhau: một mã số dùng ở hai tệp là trùng. Với --git "
    "(hook pre-commit), các tệp là những tệp đã đưa vào git để commit, và mọi bảng tính "
    "khác của kho cũng được đọc để tìm mã số trùng. Với --targets, các cột mà kế hoạch bổ "
    "sung cũng được kiểm tra.\n\n"
    "Ví dụ: ktt check quan-ninh-kieu.xlsx quan-cai-rang.xlsx -o ket-qua.json",
    "gap": "Tiến độ so với từng chỉ tiêu: giá trị hiện tại, mục tiêu, còn thiếu, và mức cần "
    "đạt mỗi năm.\n\n-o bao-cao.docx ghi văn bản báo cáo để ký (Nghị định 30/2020/NĐ-CP), "
    "-o bao-cao.pdf ghi bản PDF của văn bản đó (bằng LibreOffice).\n\n"
    "Ví dụ: ktt gap dieu-tra-2025.xlsx --year 2030 -o tien-do-2030.json",
    "targets": "Liệt kê các chỉ tiêu của một tệp chỉ tiêu, kèm nguồn, hoặc các kế hoạch có "
    "sẵn.\n\nVí dụ: ktt targets --year 2030 --targets nq-20-tw-2022",
    "template": "Ghi mẫu bảng tính điều tra để điền: cả hai trang, danh sách chọn, ghi chú "
    "và hướng dẫn.\n\nMẫu bằng tiếng Việt. Điền đúng, mẫu qua được ktt check. Với "
    "--targets, các cột mà kế hoạch bổ sung đứng sau các cột của mẫu điều tra.\n\n"
    "Ví dụ: ktt template -o dieu-tra-2025.xlsx --targets qd-340-ttg-2021",
    "batch": "Kiểm tra mọi bảng tính trong một thư mục và ghi một báo cáo tổng hợp.\n\n"
    "Ghi gap.json, census.xlsx (các tệp hợp lệ gộp thành một cuộc điều tra), summary.json, "
    "summary.md, findings/<tệp>.json và, với tệp có lỗi hoặc cảnh báo, findings/<tệp>.xlsx (bảng "
    "tính của đơn vị với từng lỗi được đánh dấu tại ô của nó) vào thư mục kết quả.\n\n"
    "Ví dụ: ktt batch nop-bao-cao/ -o bao-cao-2025/",
    "schema": "In lược đồ JSON của tệp chỉ tiêu, hoặc các cột của mẫu điều tra.\n\nTệp chỉ "
    "tiêu có dòng đầu «# yaml-language-server: $schema=targets.schema.json» được gợi ý và "
    "kiểm tra ngay trong trình soạn thảo.\n\nVí dụ: ktt schema > targets.schema.json; "
    "ktt schema --columns --format table",
}


def _typer_gettext(message: str) -> str:
    return TYPER_VI.get(message, message) if ui_lang() == "vi" else message


# typer.core looks ``_`` up in its module at each call: its help words follow the run's language.
typer.core._ = _typer_gettext  # type: ignore[attr-defined]


class _WholeWords(_textwrap.TextWrapper):
    """click's help wrapper, but a line breaks only at spaces: at a hyphen it would cut
    file names (``targets-example-`` / ``province.yaml``) and ids in two."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["break_on_hyphens"] = False
        super().__init__(*args, **kwargs)


# click's wrap_text imports the wrapper from its module at each call.
_textwrap.TextWrapper = _WholeWords  # type: ignore[misc]


def translate_help(command: Any, lang: Lang, name: str | None = None) -> None:
    """Give ``command`` and its subcommands their help texts in ``lang`` (in place)."""
    if lang != "vi":
        return
    if name in COMMAND_HELP_VI or command.help:
        command.help = COMMAND_HELP_VI.get(name, command.help)
    for param in command.params:
        help_text = getattr(param, "help", None)
        if help_text:
            param.help = HELP_VI.get(help_text, help_text)
    for sub_name, sub in getattr(command, "commands", {}).items():
        translate_help(sub, lang, sub_name)


# ---------------------------------------------------------------------------- usage errors

_KINDS_VI = {"int": "một số nguyên", "integer": "một số nguyên", "int range": "một số nguyên",
             "float": "một số", "float range": "một số",
             "boolean": "đúng/sai (true/false)", "UUID": "một UUID"}  # fmt: skip


class _Pattern:
    """A regular expression compiled when first matched (by :mod:`re`'s own cache): the
    catalogue below is only needed once a usage error is to be said, not at every start."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern, self.flags = pattern, flags

    def fullmatch(self, text: str) -> re.Match[str] | None:
        return re.fullmatch(self.pattern, text, self.flags)


_DETAIL_VI: list[tuple[_Pattern, Any]] = [
    (_Pattern(r"'(?P<v>.*)' is not a valid (?P<kind>\w+(?: range)?)\.?"),
     lambda m: f"«{m['v']}» không phải là {_KINDS_VI.get(m['kind'], m['kind'])}."),
    (_Pattern(r"'(?P<v>.*)' is not one of (?P<choices>.*?)\.?"),
     lambda m: f"«{m['v']}» không phải là một trong: {m['choices'].replace(chr(39), '')}."),
    (_Pattern(r"(?P<v>.*) is not in the range (?P<range>.*?)\.?"),
     lambda m: f"{m['v']} nằm ngoài khoảng cho phép ({m['range']})."),
]  # fmt: skip


def _detail_vi(detail: str) -> str:
    for pattern, say in _DETAIL_VI:
        if m := pattern.fullmatch(detail):
            return str(say(m))
    return detail


def _param_vi(hint: str) -> str:
    return hint.replace("(env var: ", "(biến môi trường: ").replace(" / ", " hoặc ")


#: click's usage messages and their Vietnamese wording (anything else stays English).
USAGE_VI: list[tuple[_Pattern, Any]] = [
    (_Pattern(r"No such command '(?P<name>.*)'\.(?: Did you mean (?P<near>.*)\?)?"),
     lambda m: f"Không có lệnh «{m['name']}»."
     + (f" Có lẽ là: {m['near'].replace(chr(39), '')}?" if m["near"] else "")),
    (_Pattern(r"No such option: (?P<opt>\S+)(?: \(Possible options: (?P<near>.*)\))?"),
     lambda m: f"Không có tùy chọn {m['opt']}."
     + (f" Có lẽ là: {m['near']}?" if m["near"] else "")),
    (_Pattern(r"No such option: (?P<opt>\S+) Did you mean (?P<near>.*)\?"),
     lambda m: f"Không có tùy chọn {m['opt']}. Có lẽ là: {m['near']}?"),
    (_Pattern(r"Invalid value for (?P<param>'[^']*'(?: / '[^']*')*(?: \(env var: '[^']*'\))?)"
                r": (?P<detail>.*)", re.S),
     lambda m: f"Giá trị không hợp lệ cho {_param_vi(m['param'])}: {_detail_vi(m['detail'])}"),
    (_Pattern(r"Invalid value: (?P<detail>.*)", re.S),
     lambda m: f"Giá trị không hợp lệ: {_detail_vi(m['detail'])}"),
    (_Pattern(r"Missing option (?P<p>.*)\.(?P<rest>.*)", re.S),
     lambda m: f"Thiếu tùy chọn bắt buộc {_param_vi(m['p'])}.{_detail_vi(m['rest'])}"),
    (_Pattern(r"Missing argument (?P<p>.*)\.(?P<rest>.*)", re.S),
     lambda m: f"Thiếu đối số bắt buộc {_param_vi(m['p']).upper()}.{_detail_vi(m['rest'])}"),
    (_Pattern(r"Missing parameter (?P<p>.*)\."),
     lambda m: f"Thiếu tham số {_param_vi(m['p'])}."),
    (_Pattern(r"Option '(?P<o>.*)' requires an argument\."),
     lambda m: f"Tùy chọn {m['o']} cần một giá trị."),
    (_Pattern(r"Option '(?P<o>.*)' requires (?P<n>\d+) arguments\."),
     lambda m: f"Tùy chọn {m['o']} cần {m['n']} giá trị."),
    (_Pattern(r"Option '(?P<o>.*)' does not take a value\."),
     lambda m: f"Tùy chọn {m['o']} không nhận giá trị."),
    (_Pattern(r"Got unexpected extra argument(?:s|\(s\))? \((?P<a>.*)\)"),
     lambda m: f"Thừa đối số: {m['a']}"),
    (_Pattern(r"Missing command\."), lambda m: "Thiếu lệnh (xem danh sách lệnh ở trên)."),
]  # fmt: skip


def usage_message(message: str, lang: Lang) -> str:
    """click's message ``message`` in ``lang``."""
    if lang == "en":
        return message
    for pattern, say in USAGE_VI:
        if m := pattern.fullmatch(message):
            return str(say(m))
    return message


def show_usage_error(exc: Any, lang: Lang, argv: Sequence[str]) -> int:
    """Print a click exception as ktt does (one error line, usage and hint for a usage
    mistake); return its exit code."""
    err = sys.stderr
    if type(exc).__name__ == "NoArgsIsHelpError":
        print(exc.format_message(), file=sys.stdout)
        return 0
    if type(exc).__name__ == "NoSuchOption":
        # A file whose name starts with a dash was taken for an option.
        named = [a for a in argv if a.startswith("-") and a != "-" and os.path.lexists(a)]
        if named:
            print(f"{text('error', lang)}: {text('dash-file', lang, path=named[0])}", file=err)
            return int(exc.exit_code)
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        print(ctx.get_usage(), file=err)
        if ctx.command.get_help_option(ctx) is not None:
            hint = f"{ctx.command_path} {ctx.help_option_names[0]}"
            print(text("usage-hint", lang, command=hint), file=err)
        print(file=err)
    print(f"{text('error', lang)}: {usage_message(exc.format_message(), lang)}", file=err)
    return int(exc.exit_code)


# ---------------------------------------------------------------------------- commands


#: The usage line's placeholders that typer writes, in Vietnamese.
USAGE_PIECES_VI = {"[OPTIONS]": "[TÙY_CHỌN]", "COMMAND [ARGS]...": "LỆNH [ĐỐI_SỐ]..."}


def _usage_prefix() -> str:
    return "Cách dùng: " if ui_lang() == "vi" else "Usage: "


class _InLanguage:
    """The usage line and the help option's text in the run's language."""

    def format_usage(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        if ui_lang() == "vi":
            pieces = [USAGE_PIECES_VI.get(p, p) for p in pieces]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=_usage_prefix())

    def get_help_option(self, ctx: _click.Context) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None and ui_lang() == "vi":
            option.help = HELP_VI["Show this message and exit."]
        return option


class KttCommand(_InLanguage, TyperCommand):
    """A command of ``ktt``."""


class KttGroup(_InLanguage, TyperGroup):
    """The ``ktt`` program: reads the language first, so that help and usage errors are in
    it, and shows click's exceptions through :func:`show_usage_error`."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        lang = argv_lang(argv)
        _ui["lang"] = lang
        translate_help(self, lang)
        try:
            code = super().main(argv, prog_name, complete_var, standalone_mode=False, **extra)
        except _click.ClickException as exc:
            code = show_usage_error(exc, lang, argv)
        except typer.Abort:
            print(_typer_gettext("Aborted!"), file=sys.stderr)
            code = 130
        if standalone_mode:
            sys.exit(code if isinstance(code, int) else 0)
        return code

    def invoke(self, ctx: _click.Context) -> Any:
        """The command; Ctrl-C or SIGTERM, once everything it began is undone (children
        ended, temporary files removed), is one line and its exit code (typer would exit
        130 without a word)."""
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as exc:
            from .interrupt import exit_code

            print(text("interrupted", _ui["lang"]), file=sys.stderr)
            raise typer.Exit(exit_code(exc)) from None
