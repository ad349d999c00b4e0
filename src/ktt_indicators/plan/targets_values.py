"""Values as a targets file writes them: numbers, percentages and years, and the mistake a
value makes (a stable code, see i18n)."""

from __future__ import annotations

import re
from typing import Any

from pydantic import ConfigDict
from pydantic_core import PydanticCustomError

from ..read import values as v

#: The models of a targets file: no unknown key, and no change once read.
STRICT = ConfigDict(extra="forbid", frozen=True)


def problem(code: str, english: str, **ctx: str) -> PydanticCustomError:
    """A targets-file mistake of this project's own, with a stable code (see i18n)."""
    return PydanticCustomError(f"ktt:{code}", english, ctx)


#: A percentage as written in a targets file: "60%", "12,5 %".
PERCENT_TEXT = r"^\s*([0-9]+(?:[.,][0-9]+)?)\s*%\s*$"
#: A number written as text (a quoted number), read as a census cell is: "1.250" is 1250
#: (a Vietnamese thousands separator), "1,5" and "1.5" are 1.5, "1.250,5" is 1250.5.
NUMBER_TEXT = (
    r"^\s*[+-]?(?:[0-9]+|[0-9]+[.,][0-9]+|[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?"
    r"|[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?)\s*$"
)
_PERCENT = re.compile(PERCENT_TEXT)
_NUMBER_TEXT = re.compile(NUMBER_TEXT)


def number_or_percent(value: Any) -> Any:
    """A number of a targets file: a number, a percentage ("60%" is 0.6) or a quoted number
    read as a census cell is ("1.250" is 1250, not 1.25). Anything else is left to
    pydantic, which refuses it."""
    if isinstance(value, bool):
        raise problem("not-a-number", "«{value}» is not a number", value=str(value))
    if isinstance(value, str):
        if m := _PERCENT.match(value):
            return float(m[1].replace(",", ".")) / 100
        if _NUMBER_TEXT.match(value):
            return v.parse_number(value)
        raise problem("not-a-number", "«{value}» is not a number", value=value)
    return value


def plain_number(value: Any) -> Any:
    """A number, or a quoted number (not a percentage)."""
    if isinstance(value, str) and _PERCENT.match(value):
        raise problem("not-a-number", "«{value}» is not a number", value=value)
    return number_or_percent(value)


_YEAR_TEXT = re.compile(r"^[0-9]{4}$")


def year_value(value: Any) -> Any:
    if isinstance(value, bool) or (isinstance(value, str) and not _YEAR_TEXT.match(value)):
        raise problem("not-a-year", "«{value}» is not a year", value=str(value))
    return value
