"""What a document is between the stages: a file as read (`Record`), then a file
whose front matter its model accepted (`Document`), whatever its kind."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from generator import layout
from generator.format.models import CaseStudy, Curriculum, Guide
from generator.problems import Problem

# A citation of a source in the narrative: [^source-id] (not a footnote definition).
CITATION_RE = re.compile(r"\[\^([^\]\s]+)\](?!:)")


@dataclass
class Record:
    """One document file as read: its front matter data and its body."""

    path: Path
    slug: str
    name: str = ""  # the path as shown in messages
    data: Any = None
    front_matter: str = ""
    front_matter_line: int = 2
    body: str = ""
    body_line: int = 1
    problems: list[Problem] = field(default_factory=list)


def page_of(record: Record) -> str:
    """The generated page a document's body goes into (relative links start there)."""
    return layout.page_of_file(record.path.parent.name, record.slug)


Meta = TypeVar("Meta", bound=BaseModel)


@dataclass(frozen=True)
class Document(Generic[Meta]):
    """A valid document (case study, guide or training module): its record and its
    checked front matter."""

    record: Record
    meta: Meta

    @property
    def slug(self) -> str:
        return self.record.slug

    @property
    def src(self) -> str:
        """The document's page (layout.py): what links to it are written with."""
        return page_of(self.record)


Case = Document[CaseStudy]
GuideDocument = Document[Guide]
ModuleDocument = Document[Curriculum]
