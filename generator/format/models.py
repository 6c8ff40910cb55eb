"""The document formats, declared once: case studies, guides, training modules, the
curated comparisons and the practices vocabulary, as pydantic models.

The validator checks files against them, and `generator/data/casestudy.schema.json`
is exported from them (reference.py; a test fails when the two disagree).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from generator.format import vocab
from generator.format.fields import (
    MAX_ALIASES,
    MAX_PERCENT,
    MAX_TAGS,
    PERCENT_UNITS,
    Among,
    Angle,
    Approx,
    Count,
    Country,
    Figure,
    FullDate,
    Level,
    Measure,
    ModerationMode,
    PartialDate,
    PlatformName,
    Population_,
    Practice,
    Slug,
    SourceKind,
    Status,
    Tag,
    Unit,
    Url,
    Year,
    fail,
    limited_text,
    list_of,
    shown,
)


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
    label: limited_text(200) | None = Field(None, title="libellé", description="Ce que mesure le chiffre, en clair.",
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
            raise fail("E313", f"part de {shown(self.value)} % hors limites : attendu un pourcentage "
                       f"entre 0 et {MAX_PERCENT}.")
        return self


class PlatformUse(_Model):
    """One platform the administration uses."""

    platform: PlatformName = Field(title="plateforme", description="Plateforme (liste fermée).",
        examples=["twitter"])
    account: limited_text(100) | None = Field(None, title="compte", description="Nom du compte, tel qu'affiché.",
        examples=["@exemple"])
    url: Url | None = Field(None, title="adresse", description="Adresse du compte ou de la plateforme (https://…).",
        examples=["https://www.exemple.fr/participer"])
    audience: list_of(AudienceFigure) = Field(
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

    levels: list_of(Level, 1) = Field(title="niveaux", description="Niveaux des administrations étudiées.",
        examples=[["commune"]])
    count: Count | None = Field(None, title="nombre d'administrations",
        description="Nombre d'administrations étudiées.",
        examples=[50])
    description: limited_text(300) | None = Field(None, title="description", description="Le groupe étudié, en clair.",
        examples=["les 50 plus grandes villes de France"])


class Source(_Model):
    """A publication the facts come from."""

    id: Slug = Field(title="identifiant", description="Identifiant court, cité par les chiffres et le récit ([^id]).",
        examples=["poncier-2010"])
    title: limited_text(300) = Field(title="titre", description="Titre de la publication.",
        examples=["Twitter et territoires, nouveau canal de relation pour les collectivités"])
    author: limited_text(200) | None = Field(None, title="auteur", description="Auteur (personne).",
        examples=["Anthony Poncier (cabinet IDRH)"])
    publisher: limited_text(200) | None = Field(None, title="éditeur", description="Éditeur ou organisme.",
        examples=["L'Atelier"])
    date: PartialDate | None = Field(title="date",
        description="Date de publication ; null seulement si la source n'est pas datée.",
        examples=["2010-07-05"])
    url: Url | None = Field(None, title="adresse", description="Adresse de la publication (https://…).",
        examples=["https://www.exemple.fr/article"])
    no_url: limited_text(300) | None = Field(None, title="sans adresse",
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
    note: limited_text(300) | None = Field(
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
    response: limited_text(300) | None = _clause("délai et horaires de réponse",
        "Délai de réponse et horaires annoncés.")
    removed: limited_text(300) | None = _clause("contenus retirés", "Ce que la charte retire ou interdit.")
    reporting: limited_text(300) | None = _clause("signalement",
        "Signalement à la plateforme, à Pharos ou à la justice.")
    personal_data: limited_text(300) | None = _clause("données personnelles",
        "Ce que la charte dit des données personnelles et de la vie privée.")
    elections: limited_text(300) | None = _clause("périodes électorales",
        "Ce que la charte prévoit en période électorale.")
    recourse: limited_text(300) | None = _clause("recours et contact",
        "Comment contester une modération, qui contacter.")


class CaseStudy(_Model):
    """The front matter of one case study (`casestudies/<slug>.md`)."""

    title: limited_text(150) = Field(title="titre", description="Titre de l'étude de cas.",
        examples=["Rennes : Twitter pour gagner en visibilité"])
    administration: limited_text(200) = Field(title="administration",
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
    dating: limited_text(300) | None = Field(None, title="datation",
        description="Ce que l'on sait de l'époque des faits quand les sources ne la donnent pas "
        "(affiché à côté de la période).",
        examples=["Analyse non datée ; elle cite des chiffres de 2010."])
    coverage: Coverage | None = Field(None, title="périmètre", description="Pour un panorama : ce qui est étudié.",
        examples=[{"levels": ["commune"], "count": 50}])
    platforms: list_of(PlatformUse, 1) = Field(title="plateformes", description="Plateformes utilisées.",
        examples=[[{"platform": "twitter"}]])
    angles: list_of(Angle, 1, max_length=len(vocab.ANGLES)) = Field(
        title="angles", description="Angles Social Media Gouvernance concernés.",
        examples=[["communication"]])
    practices: list_of(Practice) = Field([], title="pratiques", description="Pratiques, tirées du vocabulaire.",
        examples=[["visibilite-institutionnelle"]])
    summary: limited_text(500) = Field(title="résumé",
        description="Résumé en une ou deux phrases (500 caractères au plus).",
        examples=["En 2010, Rennes utilise Twitter pour accroître sa visibilité."])
    lessons: list_of(limited_text(500), 1) = Field(title="enseignements",
        description="Enseignements : bonnes pratiques retenues.",
        examples=[["Relayer le site de la ville par un compte municipal."]])
    sources: list_of(Source, 1) = Field(title="sources", description="Publications d'où viennent les faits.",
        examples=[[{"id": "poncier-2010", "title": "…", "author": "…", "date": "2010-07-05"}]])
    charter: Charter | None = Field(None, title="charte de modération",
        description="Pour une charte de modération : ce qu'elle dit, clause par clause (comparées sur "
        "la page des chartes).", examples=[{"source": "lievin-charte", "moderation": "a-posteriori"}])
    related: list_of(Slug) = Field([], title="études liées", description="Identifiants d'autres études de cas.",
        examples=[["nantes", "bordeaux"]])
    tags: list_of(Tag, max_length=MAX_TAGS) = Field([], title="mots-clés", description="Mots-clés libres.",
                                                  examples=[["Twitter", "grandes villes"]])
    status: Status = Field(title="statut", description="draft (brouillon), published (publiée) ou archived.",
        examples=["published"])
    last_reviewed: FullDate = Field(title="dernière relecture",
        description="Date de la dernière relecture (AAAA-MM-JJ).",
        examples=["2026-11-22"])
    contributors: list_of(limited_text(120)) = Field([], title="contributeurs",
        description="Personnes ou équipes contributrices.",
        examples=[["Service communication, Ville de Rennes"]])
    aliases: list_of(Slug, max_length=MAX_ALIASES) = Field([], title="anciens identifiants",
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
    title: limited_text(150) = Field(title="titre", description="Titre de la comparaison.")
    description: limited_text(500) | None = Field(None, title="description",
                                                  description="Ce que la comparaison montre.")
    cases: list_of(Slug, 2) = Field(title="études comparées",
        description="Identifiants des études de cas comparées (au moins 2).")
    platforms: list_of(PlatformName) = Field([], title="plateformes",
        description="Plateformes à montrer ; vide pour toutes.")


class ComparisonsFile(_Model):
    """`casestudies/comparaisons.yml`: the curated comparisons."""

    comparisons: list_of(Comparison, max_length=1000) = Field(title="comparaisons",
        description="Les comparaisons côte à côte.")


class PracticeTerm(_Model):
    """One term of the practices vocabulary (`generator/data/practices.yml`)."""

    term: Slug = Field(title="terme", description="Le terme, en minuscules, sans accents, mots séparés "
                       "par des tirets : c'est lui que les études de cas citent.")
    label: limited_text(80) = Field(title="libellé", description="Le nom affiché sur le site.")
    definition: limited_text(400) = Field(title="définition", description="Ce que recouvre la pratique, en une phrase.")


class PracticesFile(_Model):
    """`generator/data/practices.yml`: the practices vocabulary."""

    practices: list_of(PracticeTerm, 1, max_length=500) = Field(title="pratiques",
        description="Les termes du vocabulaire des pratiques.")


class Guide(_Model):
    """The front matter of a guide (`docs/guides/<slug>.md`)."""

    title: limited_text(150) = Field(title="titre", description="Titre du guide.",
                                     examples=["Twitter pour une collectivité"])
    description: limited_text(300) = Field(title="description", description="Le guide en une phrase.")
    angles: list_of(Angle, max_length=len(vocab.ANGLES)) = Field([], title="angles",
        description="Angles dont traite le guide.", examples=[["communication"]])
    practices: list_of(Practice) = Field([], title="pratiques", description="Pratiques dont traite le guide.",
                                       examples=[["comptes-thematiques"]])
    last_reviewed: FullDate = Field(title="dernière relecture",
        description="Date de la dernière relecture (AAAA-MM-JJ).")
    aliases: list_of(Slug, max_length=MAX_ALIASES) = Field([], title="anciens identifiants",
        description="Anciens identifiants du guide (redirections).")
    hide: list_of(limited_text(20)) = Field([], title="éléments masqués",
        description="Éléments de page masqués (option du thème).")


class Step(_Model):
    """One step of a training module: a guide or a case study to work on."""

    guide: Slug | None = Field(None, title="guide", description="Identifiant d'un guide (docs/guides/<id>.md).")
    case: Slug | None = Field(None, title="étude de cas", description="Identifiant d'une étude de cas.")
    duration: limited_text(40) | None = Field(None, title="durée",
        description="Durée indicative de l'étape, en minutes ou en heures (« 20 min », « 1 h », "
        "« 1 h 30 ») ; les durées des étapes s'additionnent pour donner celle du module.", examples=["20 min"])
    activity: limited_text(600) = Field(title="activité", description="Ce que font les participants à cette étape.")

    @model_validator(mode="after")
    def _one_target(self) -> Step:
        if (self.guide is None) == (self.case is None):
            raise fail("E302", "une étape renvoie soit à un guide (guide), soit à une étude de cas "
                       "(case), et à un seul.")
        return self


class Exercise(_Model):
    """One exercise question, with the answer a trainer expects (printed only in the answer key)."""

    question: limited_text(400) = Field(title="question", description="La question posée aux participants.")
    answer: limited_text(2000) = Field(title="réponse attendue",
                                description="La réponse attendue, pour le formateur : faits sourcés, "
                                "ce que l'on ne peut pas conclure, ce qui relève de l'expérience des participants.")


class Curriculum(_Model):
    """The front matter of a training module (`curricula/<slug>.md`)."""

    title: limited_text(150) = Field(title="titre", description="Titre du module.")
    description: limited_text(300) = Field(title="description", description="Le module en une phrase.")
    audience: limited_text(300) = Field(title="public", description="À qui s'adresse le module.")
    duration: limited_text(60) = Field(title="durée", description="Durée totale indicative (« 2 heures », "
        "« 120 minutes », « 1 h 30 »), égale à la somme de celles des étapes ; une précision peut "
        "suivre une virgule (« 2 heures, en salle »).", examples=["2 heures"])
    objectives: list_of(limited_text(300), 1) = Field(title="objectifs",
                                                      description="Ce que les participants sauront faire.")
    sequence: list_of(Step, 1) = Field(title="étapes", description="Les étapes, dans l'ordre.")
    exercises: list_of(Exercise) = Field([], title="exercices", description="Les questions des exercices et leurs "
                                       "réponses attendues (corrigé du formateur, absent du support des participants).")
    last_reviewed: FullDate = Field(title="dernière relecture",
        description="Date de la dernière relecture (AAAA-MM-JJ).")
    aliases: list_of(Slug, max_length=MAX_ALIASES) = Field([], title="anciens identifiants",
        description="Anciens identifiants du module (redirections).")


GUIDE_MODELS: dict[tuple[str, ...], type[BaseModel]] = {(): Guide}
CURRICULUM_MODELS: dict[tuple[str, ...], type[BaseModel]] = {(): Curriculum, ("sequence",): Step,
                                                             ("exercises",): Exercise}


PRACTICE_MODELS: dict[tuple[str, ...], type[BaseModel]] = {(): PracticesFile, ("practices",): PracticeTerm}
COMPARISON_MODELS: dict[tuple[str, ...], type[BaseModel]] = {
    (): ComparisonsFile,
    ("comparisons",): Comparison,
}


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
