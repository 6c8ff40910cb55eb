"""« Citer cette page »: a French reference, BibTeX and CSL-JSON for a page.

Each format carries the page's permanent URL and the date of its last review,
so that a citation stays checkable years later.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from markupsafe import Markup

from generator.context.french import date_fr

DEFAULT_AUTHOR = "Équipe Social Media Gouvernance"
_BIBTEX_SPECIALS = re.compile(r"([\\{}$&#^_%~])")


@dataclass(frozen=True)
class Citable:
    """What a citation needs to know about a page."""

    key: str
    title: str
    url: str
    reviewed: str  # AAAA-MM-JJ
    site_name: str
    authors: tuple[str, ...] = ()
    described: str = ""  # the time a case study describes ("2010", "non datée par les sources")

    @property
    def names(self) -> tuple[str, ...]:
        return self.authors or (DEFAULT_AUTHOR,)


def french(item: Citable) -> str:
    """« Auteurs, « Titre », Site, vérifié le 22 novembre 2026, URL. »"""
    described = f"situation décrite : {item.described}, " if item.described else ""
    return (f"{', '.join(item.names)}, « {item.title} », {item.site_name}, {described}"
            f"relu contre ses sources le {date_fr(item.reviewed)}, {item.url}")


def _note(item: Citable) -> str:
    described = f"Situation décrite : {item.described}. " if item.described else ""
    return f"{described}Relu contre ses sources le {item.reviewed}"


def bibtex(item: Citable) -> str:
    """A BibTeX @misc entry; corporate authors braced so they are not split into names."""
    authors = " and ".join("{" + _bibtex(name) + "}" for name in item.names)
    year, month, _ = item.reviewed.split("-")
    fields = [("author", authors), ("title", "{" + _bibtex(item.title) + "}"),
              ("howpublished", "\\url{" + item.url + "}"), ("url", item.url),
              ("organization", _bibtex(item.site_name)), ("year", year), ("month", str(int(month))),
              ("urldate", item.reviewed), ("note", _bibtex(_note(item))),
              ("language", "french")]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{smg-{item.key},\n{body}\n}}"


def _bibtex(text: str) -> str:
    return _BIBTEX_SPECIALS.sub(r"\\\1", " ".join(text.split()))


def csl_json(item: Citable) -> str:
    """A CSL-JSON item (Zotero, Pandoc and most reference managers read it)."""
    year, month, day = (int(part) for part in item.reviewed.split("-"))
    data = {
        "id": f"smg-{item.key}",
        "type": "webpage",
        "title": item.title,
        "author": [{"literal": name} for name in item.names],
        "container-title": item.site_name,
        "URL": item.url,
        "issued": {"date-parts": [[year, month, day]]},
        "note": _note(item),
        "language": "fr-FR",
    }
    # One field a line, each value on one line (dates included), as CSL-JSON is usually
    # written; json.dumps without indent also keeps to Python's fast C encoder.
    fields = ",\n".join(f"    {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}"
                        for key, value in data.items())
    return f"[\n  {{\n{fields}\n  }}\n]"


def code_block(language: str, text: str) -> Markup:
    """A fenced code block whose fence no line of `text` can close early."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return Markup("\n".join([f"{fence}{language}", *text.splitlines(), fence]))
