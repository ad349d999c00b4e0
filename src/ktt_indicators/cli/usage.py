"""Help texts and usage errors in the user's language.

typer 0.28 carries its own copy of click, whose messages are English f-strings (no gettext
to hook). So ktt translates at the two places they reach the user:

* help: before parsing, the language is read from the command line (``--lang`` wherever it
  stands, else ``KTT_LANG``); ktt's own help texts are swapped for their Vietnamese wording
  (the phrase book's ``help.<English text>`` and ``command-help.<command>``), and
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

from ..core.i18n import Lang, catalogue, phrase

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


def _typer_gettext(message: str) -> str:
    """typer's own help words (``Options``, ``default: {default}``), in the run's language."""
    return vi_or_english("typer", message) if ui_lang() == "vi" else message


def vi_or_english(namespace: str, english: str) -> str:
    """The Vietnamese of ``english`` under ``namespace`` (keyed by the English), or ``english``
    where the phrase book has none."""
    key = f"{namespace}.{english}"
    return phrase(key, "vi") if key in catalogue("vi") else english


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
    key = f"command-help.{name or 'ktt'}"
    if key in catalogue("vi"):
        command.help = phrase(key, "vi")
    for param in command.params:
        help_text = getattr(param, "help", None)
        if help_text:
            param.help = vi_or_english("help", help_text)
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
            print(
                f"{phrase('text.error', lang)}: {phrase('text.dash-file', lang, path=named[0])}",
                file=err,
            )
            return int(exc.exit_code)
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        print(ctx.get_usage(), file=err)
        if ctx.command.get_help_option(ctx) is not None:
            hint = f"{ctx.command_path} {ctx.help_option_names[0]}"
            print(phrase("text.usage-hint", lang, command=hint), file=err)
        print(file=err)
    print(f"{phrase('text.error', lang)}: {usage_message(exc.format_message(), lang)}", file=err)
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
            option.help = phrase("help.Show this message and exit.", "vi")
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
            from ..core.interrupt import exit_code

            print(phrase("text.interrupted", _ui["lang"]), file=sys.stderr)
            raise typer.Exit(exit_code(exc)) from None
