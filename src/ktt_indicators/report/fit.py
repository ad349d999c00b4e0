"""Tables that fit the width they are given, and never cut a word, an id, a number or a bar.

A rich table squeezed below the length of its longest word folds that word across lines
(``value_chain_share_203│0``). :class:`Fitted` decides at render time, from the width the
console offers: each column gets at least its longest word; what is left goes to the columns
whose text would wrap most. When even the longest words do not fit side by side, the table
becomes one block per row: the row's heading, then its other cells as «heading: value»
pieces packed onto lines, with nothing left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Literal

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

Cell = str | Text
Justify = Literal["left", "right", "center"]

#: Cells in a block line are set apart by this much space.
GAP = "   "


def _text(cell: Cell) -> Text:
    """A cell as rich text; a plain string is never read as markup."""
    return cell if isinstance(cell, Text) else Text(cell)


class Fitted:
    """A table laid out for the width it gets at render time: columns, or blocks.

    ``head``: the columns that make a row's heading in the block layout (joined with « · »);
    ``bare``: columns whose value speaks for itself there (shown without its heading);
    ``inline``: rows whose block is one packed line (their heading first), such as the
    area rows under a target; ``keep``: columns whose cells are never wrapped at all (a
    status, a number): when they cannot have their full width, the table becomes blocks.
    """

    def __init__(
        self,
        headers: Sequence[str],
        rows: Iterable[Sequence[Cell]],
        *,
        justify: Sequence[Justify] | None = None,
        title: str | None = None,
        caption: str | None = None,
        title_justify: Justify = "center",
        head: Sequence[int] = (0,),
        bare: Sequence[int] = (),
        inline: Sequence[bool] | None = None,
        keep: Sequence[int] = (),
    ) -> None:
        self.headers = [_text(h) for h in headers]
        self.rows = [[_text(c) for c in row] for row in rows]
        self.justify: list[Justify] = list(justify or ["left"] * len(self.headers))
        self.title, self.caption, self.title_justify = title, caption, title_justify
        self.head, self.bare = tuple(head), set(bare)
        self.inline = list(inline or [False] * len(self.rows))
        self.keep = set(keep)
        self.wraps = False  # whether the last columns laid out wrap a cell

    # ------------------------------------------------------------------ columns

    def widths(self, console: Console, options: ConsoleOptions, width: int) -> list[int] | None:
        """The width of each column (padding and borders aside) in a table ``width`` wide,
        or None when the longest words of the columns cannot stand side by side."""
        n = len(self.headers)
        room = width - (3 * n + 1)  # a space either side of each cell, and n + 1 borders
        lows, highs = [], []
        for i in range(n):
            header = Measurement.get(console, options, self.headers[i])
            sizes = [Measurement.get(console, options, row[i]) for row in self.rows]
            longest = max([header.maximum, *(m.maximum for m in sizes)])
            if i in self.keep:  # the heading may wrap between words, the cells not at all
                lows.append(max([header.minimum, *(m.maximum for m in sizes)]))
            else:
                lows.append(max([header.minimum, *(m.minimum for m in sizes)]))
            highs.append(max(longest, lows[-1]))
        if sum(lows) > room:
            return None
        self.wraps = sum(highs) > room
        if not self.wraps:
            return highs
        # What is left after every longest word goes first to the columns that need the
        # least to show each cell on one line, so that short cells are whole and prose wraps.
        spare, extra = room - sum(lows), [0] * n
        for i in sorted(range(n), key=lambda i: highs[i] - lows[i]):
            extra[i] = min(highs[i] - lows[i], spare)
            spare -= extra[i]
        return [lo + x for lo, x in zip(lows, extra, strict=True)]

    def table(self, widths: Sequence[int]) -> Table:
        table = Table(title=self.title, caption=self.caption, title_justify=self.title_justify)
        for header, justify, width in zip(self.headers, self.justify, widths, strict=True):
            table.add_column(header, justify=justify, width=width, overflow="fold")
        for row in self.rows:
            table.add_row(*row)
        return table

    # ------------------------------------------------------------------ blocks

    def _pieces(self, row: Sequence[Text]) -> list[Text]:
        pieces = []
        for i, cell in enumerate(row):
            if i in self.head or not cell.plain.strip():
                continue
            if i in self.bare:
                pieces.append(cell.copy())
            else:
                pieces.append(Text(f"{self.headers[i].plain}: ") + cell)
        return pieces

    def _heading(self, row: Sequence[Text]) -> Text:
        parts = [row[i] for i in self.head if row[i].plain.strip()]
        return Text(" · ").join(parts) if parts else Text("")

    @staticmethod
    def _pack(
        pieces: Sequence[Text], width: int, indent: str = "  ", hang: str | None = None
    ) -> Text:
        """``pieces`` on as few lines as they fit, in order, each line indented (the lines
        after the first by ``hang``, where given); a piece wider than the line stands alone
        on it, where rich wraps it between words."""
        lines: list[Text] = []
        for piece in pieces:
            piece = Text(" ").join(part for part in piece.split("\n"))
            if lines and lines[-1].cell_len + len(GAP) + piece.cell_len <= width:
                lines[-1].append(GAP)
                lines[-1].append_text(piece)
            else:
                lines.append(Text(indent if not lines or hang is None else hang) + piece)
        return Text("\n").join(lines)

    def blocks(self, width: int) -> Iterator[RenderableType]:
        if self.title:
            yield Text(self.title, style="bold")
        for row, inline in zip(self.rows, self.inline, strict=True):
            heading = self._heading(row)
            if inline:
                # A line it wraps onto is indented past its heading's own indent, so that
                # it reads as the row's, not as the block above it.
                lead = len(heading.plain) - len(heading.plain.lstrip())
                hang = "  " + " " * (lead + 2)
                yield self._pack([heading, *self._pieces(row)], width, hang=hang)
                continue
            yield Text("")
            yield heading
            pieces = self._pieces(row)
            if pieces:
                yield self._pack(pieces, width)
        if self.caption:
            yield Text("")
            yield Text(self.caption, style="dim")

    # ------------------------------------------------------------------ rich

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        widths = self.widths(console, options, options.max_width)
        if widths is None:
            yield from self.blocks(options.max_width)
            return
        table = self.table(widths)
        if not self.wraps:
            yield table
            return

        # A squeezed table can take more lines than its blocks: then blocks read better.
        # Each is laid out once, and the shorter is printed as laid out.
        def lines(parts: Iterable[RenderableType]) -> list[list[Segment]]:
            return [line for p in parts for line in console.render_lines(p, options, pad=False)]

        blocks, squeezed = lines(self.blocks(options.max_width)), lines([table])
        newline = Segment.line()
        for line in blocks if len(blocks) < len(squeezed) else squeezed:
            yield from line
            yield newline
