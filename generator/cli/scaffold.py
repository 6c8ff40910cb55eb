"""`smg new`: a new case-study file with every field present and placeholders marked.

Values typed by the contributor are written as YAML double-quoted strings, so
that any text (colons, quotes, `#`) stays a plain value.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import frontmatter
from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from slugify import slugify

from generator.check.addresses import reserved_slugs
from generator.errors import SmgError
from generator.format import vocab
from generator.format.fields import SLUG_RE
from generator.layout import CASES
from generator.load import load

MAX_SLUG = 60


class ScaffoldError(SmgError):
    """A case study cannot be created as asked (the message is for the user, in French)."""


def propose_slug(administration: str, cases_dir: Path | None = None) -> str:
    """'Ville de Rennes' -> 'ville-de-rennes': lowercase ASCII, hyphens, short enough; with
    `cases_dir`, the first of 'ville-de-rennes', 'ville-de-rennes-2'… that is free."""
    base = slugify(administration, max_length=MAX_SLUG, word_boundary=True) or "etude-de-cas"
    if cases_dir is None:
        return base
    aliases = alias_holders(cases_dir)  # read once for every candidate
    slug, number = base, 2
    while slug_problem(slug, cases_dir, aliases) is not None:
        slug, number = f"{base[:MAX_SLUG - 4]}-{number}", number + 1
    return slug


def slug_problem(slug: str, cases_dir: Path, aliases: dict[str, str] | None = None) -> str | None:
    """Why `slug` cannot name a new case study (in French), or None when it can.
    `aliases`: alias_holders(cases_dir), when the caller already has it."""
    if not SLUG_RE.fullmatch(slug):
        return (f"identifiant « {slug} » invalide : lettres minuscules sans accent, chiffres et tirets "
                "(par exemple « ville-de-rennes »).")
    if slug in reserved_slugs(CASES):
        return (f"identifiant « {slug} » réservé : l'adresse /{CASES}/{slug}/ est celle d'une page "
                "générée du site ; choisissez-en un autre.")
    target = cases_dir / f"{slug}.md"
    if target.exists():
        return (f"{target.as_posix()} existe déjà : choisissez un autre identifiant ; le fichier "
                "existant n'a pas été modifié.")
    holder = (alias_holders(cases_dir) if aliases is None else aliases).get(slug)
    if holder:
        return (f"identifiant « {slug} » déjà pris : c'est un ancien identifiant (alias) de {holder}, "
                "dont l'ancienne adresse mène à cette étude ; choisissez-en un autre.")
    return None


def alias_holders(cases_dir: Path) -> dict[str, str]:
    """Former identifiers (`aliases`) of the case studies -> the file that keeps each."""
    holders: dict[str, str] = {}
    for record in load.load_paths(sorted(cases_dir.glob("*.md"))) if cases_dir.is_dir() else []:
        aliases = record.data.get("aliases") if isinstance(record.data, dict) else None
        for alias in aliases if isinstance(aliases, list) else []:
            if isinstance(alias, str):
                holders.setdefault(alias, record.path.as_posix())
    return holders


def check_slug(slug: str, cases_dir: Path) -> Path:
    """The file the slug names, after checking it is valid, free and not reserved."""
    problem = slug_problem(slug, cases_dir)
    if problem is not None:
        raise ScaffoldError(problem)
    return cases_dir / f"{slug}.md"


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
        units=", ".join(vocab.UNITS), kinds=", ".join(vocab.SOURCE_KINDS))


def _quoted(text: str) -> str:
    # JSON strings are valid YAML double-quoted scalars.
    return json.dumps(" ".join(text.split()), ensure_ascii=False)


def create(cases_dir: Path, slug: str, **fields: str) -> Path:
    """Write the new file (never over an existing one) and return its path."""
    target = check_slug(slug, cases_dir)
    text = render_scaffold(slug, **fields)
    check_readable(text, fields)
    cases_dir.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as stream:
        stream.write(text)
    return target


def check_readable(text: str, fields: dict[str, str]) -> None:
    """Read the document back as `smg validate` will, and check it holds what was asked:
    a value the template failed to quote must stop here, not in the contributor's file."""
    try:
        post = frontmatter.loads(text, handler=load.HANDLER)
    except ValueError as error:
        raise ScaffoldError(f"le fichier produit serait illisible ({error}) ; rien n'a été écrit.") from None
    wrong = [key for key, value in fields.items() if post.get(key) != " ".join(value.split())]
    if wrong:
        raise ScaffoldError(f"le fichier produit ne relirait pas {', '.join(wrong)} tel que donné ; "
                            "rien n'a été écrit.")
