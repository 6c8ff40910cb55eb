"""`smg new`: a new case-study file with every field present and placeholders marked.

Values typed by the contributor are written as YAML double-quoted strings, so
that any text (colons, quotes, `#`) stays a plain value.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from slugify import slugify

from . import vocab
from .addresses import CASES, reserved_slugs
from .errors import SmgError
from .load import SLUG_RE

MAX_SLUG = 60


class ScaffoldError(SmgError):
    """A case study cannot be created as asked (the message is for the user, in French)."""


def propose_slug(administration: str) -> str:
    """'Ville de Rennes' -> 'ville-de-rennes': lowercase ASCII, hyphens, short enough."""
    return slugify(administration, max_length=MAX_SLUG, word_boundary=True) or "etude-de-cas"


def check_slug(slug: str, cases_dir: Path) -> Path:
    """The file the slug names, after checking it is valid, free and not reserved."""
    if not SLUG_RE.fullmatch(slug) or slug in reserved_slugs(CASES):
        raise ScaffoldError(f"identifiant « {slug} » invalide : lettres minuscules sans accent, "
                            "chiffres et tirets (par exemple « ville-de-rennes »).")
    target = cases_dir / f"{slug}.md"
    if target.exists():
        raise ScaffoldError(f"{target.as_posix()} existe déjà : choisissez un autre identifiant "
                            "(option --slug) ; le fichier existant n'a pas été modifié.")
    return target


def render_scaffold(slug: str, title: str, administration: str, level: str, country: str,
                    today: dt.date | None = None) -> str:
    """The text of the new case-study file."""
    env = SandboxedEnvironment(loader=FileSystemLoader(str(vocab.DATA_DIR.parent / "templates")),
                               undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                               keep_trailing_newline=True)
    return env.get_template("scaffold.md.j2").render(
        slug=slug, title=_quoted(title), administration=_quoted(administration), level=level,
        country=country, today=(today or dt.date.today()).isoformat(),
        levels=", ".join(vocab.LEVELS), platforms=", ".join(vocab.PLATFORMS),
        units=", ".join(vocab.UNITS))


def _quoted(text: str) -> str:
    # JSON strings are valid YAML double-quoted scalars.
    return json.dumps(" ".join(text.split()), ensure_ascii=False)


def create(cases_dir: Path, slug: str, **fields: str) -> Path:
    """Write the new file (never over an existing one) and return its path."""
    target = check_slug(slug, cases_dir)
    cases_dir.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as stream:
        stream.write(render_scaffold(slug, **fields))
    return target
