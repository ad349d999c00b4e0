"""The words of an official report's head and foot (Decree 30/2020): place and date, number
and symbol, the signature block. The Word and the HTML report write them alike."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.i18n import Lang, phrase

if TYPE_CHECKING:
    from .official import DocumentHeader


_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")  # fmt: skip


def doc_date(header: DocumentHeader, lang: Lang, year: int) -> str:
    """ "Cần Thơ, ngày 05 tháng 02 năm 2026": the decree writes days below 10 and months
    below 3 with a leading zero. Without a date, day and month are left blank to fill in."""
    place = f"{header.place}, " if header.place else ""
    d = header.dated
    if lang == "en":
        if d is None:
            return phrase("label.doc-date", lang, place=place, day="….", month="….", year=year)
        return phrase("label.doc-date", lang, place=place, day=d.day, month=_MONTHS_EN[d.month - 1],
                  year=d.year)  # fmt: skip
    if d is None:
        return phrase("label.doc-date", lang, place=place, day="     ", month="     ", year=year)
    day = f"{d.day:02d}" if d.day < 10 else str(d.day)
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return phrase("label.doc-date", lang, place=place, day=day, month=month, year=d.year)


def doc_number(header: DocumentHeader, lang: Lang) -> str:
    """ "Số: 12/BC-STC", or "Số:      /BC-STC" for the records office to fill in."""
    return phrase(
        "label.doc-number", lang, number=header.number or "       ", symbol=header.symbol or "BC"
    )


def signature_lines(header: DocumentHeader) -> list[str]:
    """The signature block above the signature: authority (KT., TM.) and title."""
    return [x for x in (header.signer_authority, header.signer_title) if x]
