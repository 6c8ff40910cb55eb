"""The case-study format, declared once.

The pydantic models below are the single definition of the front matter: the
validator checks files against them, and `generator/data/casestudy.schema.json`
is exported from them (a test fails when the two disagree). Checks that need a
French message raise `PydanticCustomError` whose type is our problem code.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

import pycountry
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from generator.format import vocab

SCHEMA_FILE = vocab.DATA_DIR / "casestudy.schema.json"
# The committed file's address: where the site of mkdocs.yml publishes it (a test checks
# it against site_url); a published copy takes its own site's address (generator/render/exports.py).
SCHEMA_ID = "https://social-media-gouvernance.github.io/base-de-connaissances/donnees/casestudy.schema.json"
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


def fold(text: str) -> str:
    """Lowercase, accents removed, spaces as hyphens: how users mistype vocabulary."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[\s_]+", "-", plain)


def closest(found: str, choices: list[str]) -> str | None:
    """The valid choice nearest to what was typed, if any is near enough."""
    folded = {fold(choice): choice for choice in choices}
    if fold(found) in folded:
        return folded[fold(found)]
    match = difflib.get_close_matches(fold(found), list(folded), n=1, cutoff=0.6)
    return folded[match[0]] if match else None


def suggestion(found: str, choices: list[str]) -> str:
    """' Vouliez-vous dire « x » ?' or nothing."""
    near = closest(found, choices)
    return f" Vouliez-vous dire « {near} » ?" if near else ""


def describe(value: Any) -> str:
    """What a YAML value looks like to a contributor, in French."""
    if value is None:
        return "une valeur vide"
    if isinstance(value, bool):
        return f"le booléen {'true' if value else 'false'}"
    if isinstance(value, (int, float)):
        return f"le nombre {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:39] + "…"
        return f"le texte « {shown} »"
    if isinstance(value, list):
        return "une liste"
    if isinstance(value, dict):
        return "un bloc de champs"
    return "une valeur"


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


def french_number(value: int) -> str:
    """10000000000 -> '10 000 000 000', as the messages and the reference print limits."""
    return f"{value:,}".replace(",", "\u202f")


def _text(max_length: int) -> Any:
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
        raise fail("E313", f"nombre {_shown(value)} hors limites : attendu un nombre entre 0 et "
                   f"{french_number(MAX_FIGURE)}.")
    return value


def _shown(value: int | float) -> str:
    text = str(value)
    return text if len(text) <= 20 else f"de {len(str(int(value)))} chiffres"


def _in_range(low: int, high: int) -> Any:
    def check(value: int) -> int:
        if not low <= value <= high:
            raise fail("E313", f"nombre {_shown(value)} hors limites : attendu un nombre entier entre "
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


def _list(item: Any, min_length: int = 0, max_length: int = MAX_ITEMS) -> Any:
    return Annotated[list[item], BeforeValidator(_none_as_empty),
                     Field(min_length=min_length, max_length=max_length)]


class _Model(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class _Approximate(_Model):
    """A number a source may round (a figure, a population): `approx` says how."""

    @property
    def approx_word(self) -> str:
        """The word the site writes before the number ('' when it is exact)."""
        return "environ" if self.approx is True else (self.approx or "")


class Period(_Model):
    """Years the case study documents."""

    start: Year = Field(title="début", description="Première année documentée (AAAA).",
        examples=[2010])
    end: Year | None = Field(None, title="fin", description="Dernière année documentée, vide si en cours.",
        examples=[2011])

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end is not None and self.end < self.start:
            raise fail("E306", f"période impossible : fin {self.end} avant début {self.start}.")
        return self


class AudienceFigure(_Approximate):
    """One audience figure, always dated and sourced."""

    value: Figure = Field(title="valeur", description="Nombre positif ou nul (sans espace ni unité).",
        examples=[75000])
    unit: Unit = Field(title="unité", description="Unité du chiffre.",
        examples=["fans"])
    as_of: PartialDate | None = Field(title="date du chiffre",
        description="Date du chiffre (AAAA-MM-JJ, AAAA-MM ou AAAA) ; null seulement si la "
        "source ne le date pas.", examples=["2011", "2010-07-05"])
    source: Slug = Field(title="source", description="Identifiant (`id`) de la source, dans `sources`.",
        examples=["poncier-2010"])
    label: _text(200) | None = Field(None, title="libellé", description="Ce que mesure le chiffre, en clair.",
        examples=["fans de la page Facebook de la ville"])
    level: Level | None = Field(None, title="niveau mesuré",
        description="Pour un panorama qui étudie plusieurs niveaux : le niveau des administrations que "
        "compte ce chiffre (region pour « 96 % des régions »).", examples=["region"])
    among: Among | None = Field(None, title="parmi",
        description="Quand la part n'est pas calculée sur toutes les administrations étudiées : "
        "presentes (parmi celles déjà présentes sur les médias sociaux).", examples=["presentes"])
    measure: Measure | None = Field(None, title="mesure",
        description="Quand une part d'administrations ne mesure pas leur présence sur la plateforme : "
        "community-manager, ou autre (le libellé dit quoi).", examples=["community-manager"])
    approx: Approx = Field(False, title="approximatif",
        description="Quand la source donne un ordre de grandeur : son mot (« près de », « environ », "
        "« plus de », « moins de », « au moins »), que le site écrit devant le chiffre ; true vaut "
        "« environ ».", examples=["près de", True])

    @model_validator(mode="after")
    def _percent(self) -> AudienceFigure:
        if self.unit in PERCENT_UNITS and self.value > MAX_PERCENT:
            raise fail("E313", f"part de {_shown(self.value)} % hors limites : attendu un pourcentage "
                       f"entre 0 et {MAX_PERCENT}.")
        return self


class PlatformUse(_Model):
    """One platform the administration uses."""

    platform: PlatformName = Field(title="plateforme", description="Plateforme (liste fermée).",
        examples=["twitter"])
    account: _text(100) | None = Field(None, title="compte", description="Nom du compte, tel qu'affiché.",
        examples=["@exemple"])
    url: Url | None = Field(None, title="adresse", description="Adresse du compte ou de la plateforme (https://…).",
        examples=["https://www.exemple.fr/participer"])
    audience: _list(AudienceFigure) = Field(
        [], title="chiffres d'audience", description="Chiffres d'audience datés et sourcés.",
        examples=[[{"value": 75000, "unit": "fans", "as_of": None, "source": "smk-da12"}]])


class Population(_Approximate):
    """How many inhabitants, as a cited source gives it."""

    value: Population_ = Field(title="nombre d'habitants", description="Nombre d'habitants, sans espace.",
        examples=[31000])
    as_of: PartialDate | None = Field(None, title="date", description="Année (ou date) du chiffre, si la "
        "source la donne.", examples=[2021])
    source: Slug = Field(title="source", description="Identifiant (`id`) de la source qui le donne, dans "
        "`sources`.", examples=["insee-2021"])
    approx: Approx = Field(False, title="approximatif", description="Le mot de la source quand elle "
        "arrondit (« près de », « environ », « plus de ») ; true vaut « environ ».", examples=["près de"])


class Coverage(_Model):
    """What a panorama covers."""

    levels: _list(Level, 1) = Field(title="niveaux", description="Niveaux des administrations étudiées.",
        examples=[["commune"]])
    count: Count | None = Field(None, title="nombre d'administrations",
        description="Nombre d'administrations étudiées.",
        examples=[50])
    description: _text(300) | None = Field(None, title="description", description="Le groupe étudié, en clair.",
        examples=["les 50 plus grandes villes de France"])


class Source(_Model):
    """A publication the facts come from."""

    id: Slug = Field(title="identifiant", description="Identifiant court, cité par les chiffres et le récit ([^id]).",
        examples=["poncier-2010"])
    title: _text(300) = Field(title="titre", description="Titre de la publication.",
        examples=["Twitter et territoires, nouveau canal de relation pour les collectivités"])
    author: _text(200) | None = Field(None, title="auteur", description="Auteur (personne).",
        examples=["Anthony Poncier (cabinet IDRH)"])
    publisher: _text(200) | None = Field(None, title="éditeur", description="Éditeur ou organisme.",
        examples=["L'Atelier"])
    date: PartialDate | None = Field(title="date",
        description="Date de publication ; null seulement si la source n'est pas datée.",
        examples=["2010-07-05"])
    url: Url | None = Field(None, title="adresse", description="Adresse de la publication (https://…).",
        examples=["https://www.exemple.fr/article"])
    no_url: _text(300) | None = Field(None, title="sans adresse",
        description="Pourquoi la source n'a pas d'adresse, quand `url` est vide (par exemple : texte "
        "conservé sans son adresse d'origine).",
        examples=["Texte conservé dans le corpus du projet, sans son adresse d'origine."])
    consulted: FullDate | None = Field(None, title="consultée le",
        description="Date à laquelle la source a été lue (AAAA-MM-JJ) ; obligatoire avec une adresse.",
        examples=["2026-12-07"])
    kind: SourceKind = Field(title="type de source",
        description="administration (publication d'une administration), etude (étude, enquête, "
        "baromètre, rapport), presse, prestataire (page d'un éditeur de logiciel, d'une agence ou "
        "d'un consultant), blog (blog ou tribune).", examples=["administration"])
    note: _text(300) | None = Field(
        None, title="note", description="Précision utile au lecteur (par exemple : billet non signé "
        "rapportant une étude d'un autre organisme).",
        examples=["Billet non signé qui rapporte une étude de GovWin IQ (Deltek)."])

    @model_validator(mode="after")
    def _credited(self) -> Source:
        if not (self.author or self.publisher or self.note):
            raise fail("E302", "source sans auteur ni éditeur : renseignez « author » ou "
                       "« publisher » (ou, pour une source non signée, expliquez-le dans « note »).")
        return self

    @model_validator(mode="after")
    def _traceable(self) -> Source:
        if self.url is None and self.no_url is None:
            raise fail("E302", "source sans adresse : renseignez « url » ou, si la source n'en a pas, "
                       "dites pourquoi dans « no_url ».")
        if self.url is not None and self.no_url is not None:
            raise fail("E302", "source avec une adresse et « no_url » : gardez l'un des deux.")
        if self.url is not None and self.consulted is None:
            raise fail("E302", "source en ligne sans date de consultation : renseignez « consulted » "
                       "(AAAA-MM-JJ, le jour où vous l'avez lue).")
        return self


def _clause(title: str, description: str) -> Any:
    return Field(None, title=title, description=description)


class Charter(_Model):
    """What a moderation charter says, clause by clause, in the contributor's words."""

    source: Slug = Field(title="source", description="Identifiant (`id`) de la source qui donne la charte.",
        examples=["lievin-charte"])
    moderation: ModerationMode | None = Field(None, title="moment de la modération",
        description="a-priori (avant publication), a-posteriori (après) ou mixte ; vide si la charte "
        "ne le dit pas.", examples=["a-posteriori"])
    response: _text(300) | None = _clause("délai et horaires de réponse",
        "Délai de réponse et horaires annoncés.")
    removed: _text(300) | None = _clause("contenus retirés", "Ce que la charte retire ou interdit.")
    reporting: _text(300) | None = _clause("signalement",
        "Signalement à la plateforme, à Pharos ou à la justice.")
    personal_data: _text(300) | None = _clause("données personnelles",
        "Ce que la charte dit des données personnelles et de la vie privée.")
    elections: _text(300) | None = _clause("périodes électorales",
        "Ce que la charte prévoit en période électorale.")
    recourse: _text(300) | None = _clause("recours et contact",
        "Comment contester une modération, qui contacter.")


class CaseStudy(_Model):
    """The front matter of one case study (`casestudies/<slug>.md`)."""

    title: _text(150) = Field(title="titre", description="Titre de l'étude de cas.",
        examples=["Rennes : Twitter pour gagner en visibilité"])
    administration: _text(200) = Field(title="administration",
        description="Nom de l'administration, ou du groupe étudié.",
        examples=["Ville de Rennes"])
    level: Level | None = Field(title="niveau", description="Niveau d'administration ; « panorama » pour une étude "
                                "couvrant plusieurs administrations ; laissez vide si aucune source ne dit "
                                "quel organisme a agi.", examples=["commune"])
    country: Country = Field(title="pays", description="Code pays ISO 3166-1 alpha-2, en majuscules.",
        examples=["FR"])
    population: Population | None = Field(None, title="population",
        description="Nombre d'habitants, avec sa source, seulement si une source le donne.",
        examples=[{"value": 31000, "as_of": 2021, "source": "insee-2021"}])
    period: Period | None = Field(
        None, title="période", description="Années documentées ; laissez vide si aucune source ne date les faits.",
        examples=[{"start": 2010, "end": None}])
    dating: _text(300) | None = Field(None, title="datation",
        description="Ce que l'on sait de l'époque des faits quand les sources ne la donnent pas "
        "(affiché à côté de la période).",
        examples=["Analyse non datée ; elle cite des chiffres de 2010."])
    coverage: Coverage | None = Field(None, title="périmètre", description="Pour un panorama : ce qui est étudié.",
        examples=[{"levels": ["commune"], "count": 50}])
    platforms: _list(PlatformUse, 1) = Field(title="plateformes", description="Plateformes utilisées.",
        examples=[[{"platform": "twitter"}]])
    angles: _list(Angle, 1, max_length=len(vocab.ANGLES)) = Field(
        title="angles", description="Angles Social Media Gouvernance concernés.",
        examples=[["communication"]])
    practices: _list(Practice) = Field([], title="pratiques", description="Pratiques, tirées du vocabulaire.",
        examples=[["visibilite-institutionnelle"]])
    summary: _text(500) = Field(title="résumé",
        description="Résumé en une ou deux phrases (500 caractères au plus).",
        examples=["En 2010, Rennes utilise Twitter pour accroître sa visibilité."])
    lessons: _list(_text(500), 1) = Field(title="enseignements",
        description="Enseignements : bonnes pratiques retenues.",
        examples=[["Relayer le site de la ville par un compte municipal."]])
    sources: _list(Source, 1) = Field(title="sources", description="Publications d'où viennent les faits.",
        examples=[[{"id": "poncier-2010", "title": "…", "author": "…", "date": "2010-07-05"}]])
    charter: Charter | None = Field(None, title="charte de modération",
        description="Pour une charte de modération : ce qu'elle dit, clause par clause (comparées sur "
        "la page des chartes).", examples=[{"source": "lievin-charte", "moderation": "a-posteriori"}])
    related: _list(Slug) = Field([], title="études liées", description="Identifiants d'autres études de cas.",
        examples=[["nantes", "bordeaux"]])
    tags: _list(Tag, max_length=MAX_TAGS) = Field([], title="mots-clés", description="Mots-clés libres.",
                                                  examples=[["Twitter", "grandes villes"]])
    status: Status = Field(title="statut", description="draft (brouillon), published (publiée) ou archived.",
        examples=["published"])
    last_reviewed: FullDate = Field(title="dernière relecture",
        description="Date de la dernière relecture (AAAA-MM-JJ).",
        examples=["2026-11-22"])
    contributors: _list(_text(120)) = Field([], title="contributeurs",
        description="Personnes ou équipes contributrices.",
        examples=[["Service communication, Ville de Rennes"]])
    aliases: _list(Slug, max_length=MAX_ALIASES) = Field([], title="anciens identifiants",
        description="Anciens identifiants (redirections).",
        examples=[["ville-de-rennes"]])

    @property
    def is_public(self) -> bool:
        """Listed, indexed and exported; a draft is only reachable at its own address."""
        return self.status != "draft"

    @property
    def sources_by_id(self) -> dict[str, Source]:
        """Each source under its id, as citations and figures name it."""
        return {source.id: source for source in self.sources}

    @model_validator(mode="after")
    def _panorama_coverage(self) -> CaseStudy:
        if self.level == "panorama" and self.coverage is None:
            raise fail("E302", "un panorama doit décrire ce qu'il couvre dans « coverage » "
                       "(niveaux, nombre d'administrations).")
        return self


class Comparison(_Model):
    """A side-by-side comparison of chosen case studies."""

    id: Slug = Field(title="identifiant", description="Identifiant : l'adresse sera /comparaisons/<id>/.")
    title: _text(150) = Field(title="titre", description="Titre de la comparaison.")
    description: _text(500) | None = Field(None, title="description", description="Ce que la comparaison montre.")
    cases: _list(Slug, 2) = Field(title="études comparées",
        description="Identifiants des études de cas comparées (au moins 2).")
    platforms: _list(PlatformName) = Field([], title="plateformes",
        description="Plateformes à montrer ; vide pour toutes.")


class ComparisonsFile(_Model):
    """`casestudies/comparaisons.yml`: the curated comparisons."""

    comparisons: _list(Comparison, max_length=1000) = Field(title="comparaisons",
        description="Les comparaisons côte à côte.")


class PracticeTerm(_Model):
    """One term of the practices vocabulary (`generator/data/practices.yml`)."""

    term: Slug = Field(title="terme", description="Le terme, en minuscules, sans accents, mots séparés "
                       "par des tirets : c'est lui que les études de cas citent.")
    label: _text(80) = Field(title="libellé", description="Le nom affiché sur le site.")
    definition: _text(400) = Field(title="définition", description="Ce que recouvre la pratique, en une phrase.")


class PracticesFile(_Model):
    """`generator/data/practices.yml`: the practices vocabulary."""

    practices: _list(PracticeTerm, 1, max_length=500) = Field(title="pratiques",
        description="Les termes du vocabulaire des pratiques.")


class Guide(_Model):
    """The front matter of a guide (`docs/guides/<slug>.md`)."""

    title: _text(150) = Field(title="titre", description="Titre du guide.", examples=["Twitter pour une collectivité"])
    description: _text(300) = Field(title="description", description="Le guide en une phrase.")
    angles: _list(Angle, max_length=len(vocab.ANGLES)) = Field([], title="angles",
        description="Angles dont traite le guide.", examples=[["communication"]])
    practices: _list(Practice) = Field([], title="pratiques", description="Pratiques dont traite le guide.",
                                       examples=[["comptes-thematiques"]])
    last_reviewed: FullDate = Field(title="dernière relecture",
        description="Date de la dernière relecture (AAAA-MM-JJ).")
    aliases: _list(Slug, max_length=MAX_ALIASES) = Field([], title="anciens identifiants",
        description="Anciens identifiants du guide (redirections).")
    hide: _list(_text(20)) = Field([], title="éléments masqués",
        description="Éléments de page masqués (option du thème).")


class Step(_Model):
    """One step of a training module: a guide or a case study to work on."""

    guide: Slug | None = Field(None, title="guide", description="Identifiant d'un guide (docs/guides/<id>.md).")
    case: Slug | None = Field(None, title="étude de cas", description="Identifiant d'une étude de cas.")
    duration: _text(40) | None = Field(None, title="durée",
        description="Durée indicative de l'étape, en minutes ou en heures (« 20 min », « 1 h », "
        "« 1 h 30 ») ; les durées des étapes s'additionnent pour donner celle du module.", examples=["20 min"])
    activity: _text(600) = Field(title="activité", description="Ce que font les participants à cette étape.")

    @model_validator(mode="after")
    def _one_target(self) -> Step:
        if (self.guide is None) == (self.case is None):
            raise fail("E302", "une étape renvoie soit à un guide (guide), soit à une étude de cas "
                       "(case), et à un seul.")
        return self


class Exercise(_Model):
    """One exercise question, with the answer a trainer expects (printed only in the answer key)."""

    question: _text(400) = Field(title="question", description="La question posée aux participants.")
    answer: _text(2000) = Field(title="réponse attendue",
                                description="La réponse attendue, pour le formateur : faits sourcés, "
                                "ce que l'on ne peut pas conclure, ce qui relève de l'expérience des participants.")


class Curriculum(_Model):
    """The front matter of a training module (`curricula/<slug>.md`)."""

    title: _text(150) = Field(title="titre", description="Titre du module.")
    description: _text(300) = Field(title="description", description="Le module en une phrase.")
    audience: _text(300) = Field(title="public", description="À qui s'adresse le module.")
    duration: _text(60) = Field(title="durée", description="Durée totale indicative (« 2 heures », "
        "« 120 minutes », « 1 h 30 »), égale à la somme de celles des étapes ; une précision peut "
        "suivre une virgule (« 2 heures, en salle »).", examples=["2 heures"])
    objectives: _list(_text(300), 1) = Field(title="objectifs", description="Ce que les participants sauront faire.")
    sequence: _list(Step, 1) = Field(title="étapes", description="Les étapes, dans l'ordre.")
    exercises: _list(Exercise) = Field([], title="exercices", description="Les questions des exercices et leurs "
                                       "réponses attendues (corrigé du formateur, absent du support des participants).")
    last_reviewed: FullDate = Field(title="dernière relecture",
        description="Date de la dernière relecture (AAAA-MM-JJ).")
    aliases: _list(Slug, max_length=MAX_ALIASES) = Field([], title="anciens identifiants",
        description="Anciens identifiants du module (redirections).")


GUIDE_MODELS: dict[tuple[str, ...], type[BaseModel]] = {(): Guide}
CURRICULUM_MODELS: dict[tuple[str, ...], type[BaseModel]] = {(): Curriculum, ("sequence",): Step,
                                                             ("exercises",): Exercise}


PRACTICE_MODELS: dict[tuple[str, ...], type[BaseModel]] = {(): PracticesFile, ("practices",): PracticeTerm}
COMPARISON_MODELS: dict[tuple[str, ...], type[BaseModel]] = {
    (): ComparisonsFile,
    ("comparisons",): Comparison,
}


def field_name(model: type[BaseModel], name: str) -> str:
    """A field as messages show it: its French label beside its key, 'résumé (summary)'.

    The label is the field's `title`; a field whose label is its key shows the key once.
    """
    info = model.model_fields.get(name)
    label = info.title if info is not None else None
    return f"{label} ({name})" if label and label != name else name


# Each model of the case-study format: its section of the field reference, and the data
# path where it is found once list indexes are dropped (for messages about unknown or
# missing fields).
_FORMAT_MODELS: tuple[tuple[str, tuple[str, ...], type[BaseModel]], ...] = (
    ("En-tête d'une étude de cas", (), CaseStudy),
    ("period : période documentée", ("period",), Period),
    ("coverage : périmètre d'un panorama", ("coverage",), Coverage),
    ("platforms : chaque plateforme", ("platforms",), PlatformUse),
    ("audience : chaque chiffre", ("platforms", "audience"), AudienceFigure),
    ("sources : chaque source", ("sources",), Source),
    ("population : nombre d'habitants", ("population",), Population),
    ("charter : charte de modération", ("charter",), Charter),
)
REFERENCE_SECTIONS: tuple[tuple[str, type[BaseModel]], ...] = tuple((title, model)
                                                              for title, _, model in _FORMAT_MODELS)
MODELS_BY_PATH: dict[tuple[str, ...], type[BaseModel]] = {path: model for _, path, model in _FORMAT_MODELS}


def field_reference() -> list[tuple[str, list[dict[str, Any]]]]:
    """Every field of the format with its rule, for the generated contributor reference."""
    sections = []
    for title, model in REFERENCE_SECTIONS:
        properties = model.model_json_schema()["properties"]
        rows = [{"name": name, "label": info.title or name, "required": info.is_required(),
                 "description": info.description or "",
                 "kind": _kind_of(properties[name])}
                for name, info in model.model_fields.items()]
        sections.append((title, rows))
    return sections


def _kind_of(prop: dict[str, Any]) -> str:
    options = prop.get("anyOf", [prop])
    kinds = [_simple_kind(option) for option in options if option.get("type") != "null"]
    return " ou ".join(dict.fromkeys(k for k in kinds if k)) or "valeur"


def _simple_kind(prop: dict[str, Any]) -> str:
    kind = _bare_kind(prop)
    if "maxItems" in prop:
        return f"{kind}, {prop['maxItems']} éléments au plus"
    if "maxLength" in prop and kind == "texte":
        return f"texte, {prop['maxLength']} caractères au plus"
    if "maximum" in prop and kind:
        return f"{kind} de {french_number(prop.get('minimum', 0))} à {french_number(prop['maximum'])}"
    return kind


def _bare_kind(prop: dict[str, Any]) -> str:
    if "$ref" in prop:
        return "bloc de champs"
    kind = prop.get("type")
    if kind == "array":
        item = _simple_kind(prop.get("items", {}))
        return f"liste ({item})" if item else "liste"
    if "enum" in prop and len(prop["enum"]) <= 20:
        return "une valeur parmi : " + ", ".join(f"`{v}`" for v in prop["enum"])
    names = {"string": "texte", "integer": "nombre entier", "number": "nombre"}
    if prop.get("format") == "date":
        return "date AAAA-MM-JJ"
    if isinstance(kind, list):
        return "date (AAAA-MM-JJ, AAAA-MM ou AAAA)"
    if "enum" in prop:
        return "code de la liste officielle (voir la description)"
    return names.get(kind, "")


def json_schema(schema_id: str = SCHEMA_ID) -> dict[str, Any]:
    """The JSON Schema of the front matter, as committed in the repository (or, with
    another `schema_id`, as a site publishes it)."""
    schema = CaseStudy.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": schema_id} | schema


def json_schema_text(schema_id: str = SCHEMA_ID) -> str:
    """The schema file's exact text."""
    return json.dumps(json_schema(schema_id), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
