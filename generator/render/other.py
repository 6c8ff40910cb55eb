"""The home page and the contributors' reference pages drawn from the code: fields of
the format, commands of smg, and the case studies due for review."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from generator import layout
from generator.context import site as ctx
from generator.format import vocab
from generator.format.reference import field_reference
from generator.render import home
from generator.render.core import RendererCore as Renderer


# The commands page's data, read from the Click commands by cli/clidoc.py.
@dataclass(frozen=True)
class OptionDoc:
    names: str  # "--format" or "--offline / --no-offline"
    value: str  # what it takes: "text | json | github", "texte", or "" for a flag
    help: str
    default: str


@dataclass(frozen=True)
class CommandDoc:
    name: str
    usage: str
    help: tuple[str, ...]  # paragraphs
    example: str  # the command line after « Exemple : »
    options: tuple[OptionDoc, ...]


def pages(r: Renderer) -> Iterator[tuple[str, str]]:
    """The home page, the field and command references and the review list."""
    yield layout.HOME, r.page("home.md.j2", layout.HOME, **home.values(r.site))
    yield layout.FIELDS, r.page("fields.md.j2", layout.FIELDS, sections=field_reference(),
                                practices=vocab.practices())
    yield layout.COMMANDS, r.page("commands.md.j2", layout.COMMANDS, commands=r.commands)
    years = r.config.review_years
    yield layout.REVIEW, r.page("review.md.j2", layout.REVIEW, overdue=ctx.overdue(r.site, years), years=years)
