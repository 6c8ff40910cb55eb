"""The home page and the contributors' reference pages drawn from the code: fields of
the format, commands of smg, and the case studies due for review."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from .. import clidoc, home, layout, vocab
from .. import context as ctx
from ..schema import field_reference

if TYPE_CHECKING:
    from .renderer import Renderer


def pages(r: Renderer) -> Iterator[tuple[str, str]]:
    """The home page, the field and command references and the review list."""
    yield layout.HOME, r.page("home.md.j2", layout.HOME, **home.values(r.site))
    yield layout.FIELDS, r.page("fields.md.j2", layout.FIELDS, sections=field_reference(),
                                practices=vocab.practices())
    yield layout.COMMANDS, r.page("commands.md.j2", layout.COMMANDS, commands=clidoc.command_reference())
    years = r.config.review_years
    yield layout.REVIEW, r.page("review.md.j2", layout.REVIEW, overdue=ctx.overdue(r.site, years), years=years)
