"""Field types of the document formats and their checks.

Checks that need a French message raise `PydanticCustomError` whose type is our
problem code (`fail`); the models (models.py) are built from these types.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

import pycountry
from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from generator.format import vocab
from generator.format.text import closest, describe, fold, french_number, suggestion

FIRST_YEAR = 1990  # before the web, no social-media case study
PLACEHOLDER = "À COMPLÉTER"
SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SLUG_PATTERN = f"^{SLUG_RE.pattern}$"  # file names and identifiers follow one rule
# Bounds on what one file may hold, far above what any real case study needs (the
# largest has 8 related studies, 7 tags, a 388-character summary): they keep every
# page, feed and export small, and refuse a file built to make the build run forever.
MAX_ITEMS = 100  # items of a list, unless the field says otherwise
MAX_TAGS = 50
MAX_ALIASES = 50
MAX_SLUG = 100  # characters of an identifier
MAX_URL = 2000  # characters of a web address
LARGEST_NUMBER = 10_000_000_000  # the largest number the loader reads: any figure of the format
MAX_FIGURE = LARGEST_NUMBER  # an audience or a count: ten billion, above the world's population
MAX_PERCENT = 100
MAX_POPULATION = 10_000_000_000
MAX_COUNT = 1_000_000  # administrations covered by one panorama
PERCENT_UNITS = ("pct-administrations", "pct-agents")


def fail(code: str, message: str) -> PydanticCustomError:
    """A validation error carrying our code and a ready French message."""
    return PydanticCustomError(code, "{message}", {"message": message})


def _vocabulary(terms: dict[str, Any] | Callable[[], dict[str, Any]], what: str) -> Any:
    """A string from a closed list; `terms` may be a function, read at each check, for a
    list that can change between two runs of one process (smg serve)."""
    current = terms if callable(terms) else (lambda: terms)

    def check(value: str) -> str:
        known = current()
        if value in known:
            return value
        choices = list(known)
        listed = ", ".join(choices) if len(choices) <= 14 else f"voir la liste des {what}"
        raise fail("E304", f"« {value} » n'est pas dans la liste des {what} ({listed})."
                   + suggestion(value, choices))

    return Annotated[str, AfterValidator(check), _Enum(current)]


@dataclass(frozen=True)
class _Enum:
    """The JSON Schema of a vocabulary, listed when the schema is exported, not at import."""

    terms: Callable[[], dict[str, Any]]

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.terms())}


def _none_as_empty(value: Any) -> Any:
    # `related:` with nothing after it reads as null; it means an empty list.
    return [] if value is None else value


def limited_text(max_length: int) -> Any:
    return Annotated[str, Field(min_length=1, max_length=max_length)]


def _check_year(value: int) -> int:
    last = dt.date.today().year + 1
    if not FIRST_YEAR <= value <= last:
        raise fail("E306", f"année {value} impossible : attendu une année entre {FIRST_YEAR} et {last}.")
    return value


_PARTIAL_DATE_RE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _check_partial_date(value: Any) -> str:
    text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    if not isinstance(text, str):
        raise fail("E303", f"type incorrect : trouvé {describe(value)}, attendu une date "
                   "AAAA-MM-JJ, AAAA-MM ou une année AAAA.")
    match = _PARTIAL_DATE_RE.fullmatch(text)
    if not match:
        raise fail("E306", f"« {text} » n'est pas une date : attendu AAAA-MM-JJ, AAAA-MM ou AAAA "
                   "(par exemple 2010-07-05).")
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        date = dt.date(year, month, day)
    except ValueError:
        raise fail("E306", f"date « {text} » impossible (ce jour n'existe pas).") from None
    _check_year(year)
    if date > dt.date.today():
        raise fail("E306", f"date « {text} » dans le futur.")
    return text


def _check_full_date(value: Any) -> str:
    text = _check_partial_date(value)
    if len(text) != 10:
        raise fail("E306", f"« {text} » est incomplète : attendu une date complète AAAA-MM-JJ.")
    return text


def _check_country(value: str) -> str:
    if value in vocab.countries():
        return value
    raise fail("E305", f"« {value} » n'est pas un code pays ISO 3166-1 à deux lettres majuscules "
               f"(FR, IS, US…).{_country_hint(value)}")


def _country_hint(value: str) -> str:
    codes = vocab.countries()
    if value.upper() in codes:
        return f" Vouliez-vous dire « {value.upper()} » ?"
    found = pycountry.countries.get(alpha_3=value.upper())
    if found is None:
        names = {fold(name): code for code, name in codes.items()}
        near = closest(value, list(names))
        return f" Vouliez-vous dire « {names[near]} » ({codes[names[near]]}) ?" if near else ""
    return f" Vouliez-vous dire « {found.alpha_2} » ?"


_URL_RE = re.compile(r"(?i:https?)://[^\s/?#]+(?:[/?#]\S*)?")


def _check_url(value: str) -> str:
    if not _URL_RE.fullmatch(value):
        raise fail("E310", f"« {value} » n'est pas une adresse web : attendu une adresse "
                   "commençant par https:// (ou http://).")
    return value


def _check_slug(value: str) -> str:
    if not SLUG_RE.fullmatch(value):
        raise fail("E311", f"« {value} » n'est pas un identifiant : attendu des lettres "
                   "minuscules sans accent, des chiffres et des tirets (par exemple « rennes »).")
    return value


_TAG_RE = re.compile(r"[\w][\w' .\-]*")


def _check_tag(value: str) -> str:
    # Tags become URLs and labels in the theme's own templates: keep them plain words.
    if not _TAG_RE.fullmatch(value):
        raise fail("E311", f"mot-clé « {value} » invalide : lettres, chiffres, espaces, tirets et "
                   "apostrophes seulement.")
    return value


def _check_figure(value: Any) -> int | float:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise fail("E303", f"type incorrect : trouvé {describe(value)}, attendu un nombre écrit "
                   "sans espace ni unité (par exemple 75000).")
    if isinstance(value, float) and not math.isfinite(value):
        raise fail("E313", "nombre trop grand, lu comme l'infini : attendu un nombre fini entre 0 "
                   f"et {french_number(MAX_FIGURE)}.")
    if value < 0:
        raise fail("E307", f"chiffre négatif ({value}) : une audience ou une part ne peut être "
                   "négative.")
    if value > MAX_FIGURE:
        raise fail("E313", f"nombre {shown(value)} hors limites : attendu un nombre entre 0 et "
                   f"{french_number(MAX_FIGURE)}.")
    return value


def shown(value: int | float) -> str:
    text = str(value)
    return text if len(text) <= 20 else f"de {len(str(int(value)))} chiffres"


def _in_range(low: int, high: int) -> Any:
    def check(value: int) -> int:
        if not low <= value <= high:
            raise fail("E313", f"nombre {shown(value)} hors limites : attendu un nombre entier entre "
                       f"{french_number(low)} et {french_number(high)}.")
        return value

    return Annotated[int, AfterValidator(check),
                     WithJsonSchema({"type": "integer", "minimum": low, "maximum": high})]


Year = Annotated[int, AfterValidator(_check_year)]
Tag = Annotated[str, Field(max_length=40), AfterValidator(_check_tag)]
Population_ = _in_range(1, MAX_POPULATION)
Count = _in_range(1, MAX_COUNT)
PartialDate = Annotated[
    Any, AfterValidator(_check_partial_date),
    WithJsonSchema({"type": ["string", "integer"], "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
                    "description": "AAAA-MM-JJ, AAAA-MM ou AAAA"}),
]
FullDate = Annotated[
    str, AfterValidator(_check_full_date),
    WithJsonSchema({"type": "string", "format": "date", "description": "AAAA-MM-JJ"}),
]
Country = Annotated[str, AfterValidator(_check_country),
                    WithJsonSchema({"type": "string", "enum": sorted(vocab.countries())})]
Url = Annotated[str, Field(max_length=MAX_URL), AfterValidator(_check_url),
                WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https?://",
                                "maxLength": MAX_URL})]
Slug = Annotated[str, Field(max_length=MAX_SLUG), AfterValidator(_check_slug),
                 WithJsonSchema({"type": "string", "pattern": SLUG_PATTERN, "maxLength": MAX_SLUG})]
Figure = Annotated[Any, AfterValidator(_check_figure),
                   WithJsonSchema({"type": "number", "minimum": 0, "maximum": MAX_FIGURE})]
Level = _vocabulary(vocab.LEVELS, "niveaux")
PlatformName = _vocabulary(vocab.PLATFORMS, "plateformes")
Angle = _vocabulary(vocab.ANGLES, "angles")
Practice = _vocabulary(vocab.practices, "pratiques (generator/data/practices.yml)")
Status = _vocabulary(vocab.STATUSES, "statuts")
Unit = _vocabulary(vocab.UNITS, "unités")
SourceKind = _vocabulary(vocab.SOURCE_KINDS, "types de source")
Among = _vocabulary(vocab.SHARE_BASES, "bases de calcul")
Measure = _vocabulary(vocab.MEASURES, "mesures")
ModerationMode = _vocabulary(vocab.MODERATION_MODES, "modes de modération")


def _check_approx(value: Any) -> bool | str:
    # One field, two forms (true, or the source's own word): one message for either mistake.
    if isinstance(value, bool) or (isinstance(value, str) and value in vocab.APPROX_WORDS):
        return value
    words = ", ".join(f"« {word} »" for word in vocab.APPROX_WORDS)
    hint = suggestion(value, list(vocab.APPROX_WORDS)) if isinstance(value, str) else ""
    raise fail("E303" if not isinstance(value, str) else "E304",
               f"trouvé {describe(value)} : attendu true (le site écrit « environ ») ou le mot de la source, "
               f"parmi {words}.{hint}")


Approx = Annotated[Any, AfterValidator(_check_approx),
                   WithJsonSchema({"anyOf": [{"type": "boolean"},
                                             {"type": "string", "enum": list(vocab.APPROX_WORDS)}]})]


def list_of(item: Any, min_length: int = 0, max_length: int = MAX_ITEMS) -> Any:
    return Annotated[list[item], BeforeValidator(_none_as_empty),
                     Field(min_length=min_length, max_length=max_length)]
