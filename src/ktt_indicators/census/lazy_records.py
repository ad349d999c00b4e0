"""The records of one file as a sequence counted at once and built when first used."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import overload

from .schema import Organization


class Records(Sequence[Organization]):
    """The records of one file, counted at once and built when first used: ``ktt check``
    only counts them, and a national census holds hundreds of thousands."""

    def __init__(
        self, count: int = 0, build: Callable[[], list[Organization]] | None = None
    ) -> None:
        self._parts: list[Sequence[Organization] | Callable[[], list[Organization]]] = []
        self._count = 0
        self._built: list[Organization] | None = None
        if build is not None:
            self._parts.append(build)
            self._count = count

    def add(self, records: Sequence[Organization]) -> None:
        """Append the records of one more sheet (built or not)."""
        if isinstance(records, Records):
            self._parts += records._parts
        else:
            self._parts.append(records)
        self._count += len(records)
        self._built = None

    def _all(self) -> list[Organization]:
        if self._built is None:
            built: list[Organization] = []
            for part in self._parts:
                built += part() if callable(part) else part
            self._built, self._parts = built, [built]
        return self._built

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Organization: ...
    @overload
    def __getitem__(self, index: slice) -> list[Organization]: ...
    def __getitem__(self, index: int | slice) -> Organization | list[Organization]:
        return self._all()[index]

    def __iter__(self) -> Iterator[Organization]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[type[list[Organization]], tuple[list[Organization]]]:
        return (list, (self._all(),))  # sent between processes as the plain list it is
