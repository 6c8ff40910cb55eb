"""Long lists cut into pages that stay small, each complete without JavaScript.

At 10,000 case studies, one table of every case weighs megabytes: a reader on a slow
network would download all of it to see the first rows. Lists are cut into pages of a
fixed number of rows; the first page keeps the list's address, the next ones sit
beside it (`cas/pages/2.md`, `comparaisons/plateformes/2.md`), and each page links to
every other with the range of titles it holds. The open data files keep the whole list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from generator import layout

LABEL_LENGTH = 40  # characters of a title shown in the pager's ranges


@dataclass(frozen=True)
class Page:
    """One page of a list: its number (from 1), where it is written, its rows."""

    number: int
    src: str
    items: Sequence[Any]
    first: str
    last: str


def paginate(src: str, items: Sequence[Any], size: int, label: Callable[[Any], str]) -> list[Page]:
    """`items` in pages of `size`; an empty list still has its (empty) first page."""
    chunks = [items[start:start + size] for start in range(0, len(items), size)] or [items[:0]]
    return [Page(number, layout.list_page(src, number), chunk, _short(label(chunk[0])) if chunk else "",
                 _short(label(chunk[-1])) if chunk else "")
            for number, chunk in enumerate(chunks, 1)]


def _short(text: str) -> str:
    return text if len(text) <= LABEL_LENGTH else text[:LABEL_LENGTH - 1].rstrip() + "…"
