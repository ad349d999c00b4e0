"""Results as pandas DataFrames for analysts: rows of plain values made into a frame.

Every result of the library (a census's organizations and findings, a gap report, a trace)
becomes a list of dicts of plain values (str, int, float, bool, date, None): one dict a row,
the same keys in every row. Each stage makes its own rows (:mod:`.census_records`,
:mod:`.progress_records`); :func:`to_frame` makes a DataFrame of them. It is the only place
pandas is imported, and pandas is an optional extra (``ktt-indicators[pandas]``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

Record = dict[str, Any]


def to_frame(records: Sequence[Record], columns: Sequence[str] | None = None) -> pd.DataFrame:
    """A pandas DataFrame of ``records`` (``columns`` name them when there are no rows).

    Raises ImportError, saying what to install, where pandas is not installed.
    """
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "DataFrames need pandas: pip install 'ktt-indicators[pandas]'", name="pandas"
        ) from exc
    if not records and columns is not None:
        return pd.DataFrame(columns=list(columns))
    return pd.DataFrame.from_records(list(records), columns=list(columns) if columns else None)
