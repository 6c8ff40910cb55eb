"""Checks of what a case study says, beyond its format: control characters, template
placeholders, sources cited by figures, the review date, approximate figures, vendor
sources and open periods."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from generator.check.messages import at, place
from generator.format import vocab
from generator.format.documents import Record
from generator.format.fields import MAX_ITEMS, PLACEHOLDER
from generator.format.models import AudienceFigure, CaseStudy
from generator.format.reference import field_name
from generator.format.text import suggestion
from generator.problems import Problem, problem

# Control characters (Unicode Cc), lone surrogates, and the non-characters (U+FDD0 to
# U+FDEF, the last two code points of each plane), which the W3C checker and XML refuse:
# none can reach a feed, a page or a terminal. The narrative keeps tab and new line
# (carriage returns are already turned into new lines when the file is read).
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}"
                                           for plane in range(0, 0x110000, 0x10000))
_NONCHARACTER_RE = re.compile(f"[{_NONCHARACTERS}]")
_FIELD_CONTROL_RE = re.compile(f"[\x00-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}]")
_BODY_CONTROL_RE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}]")


def control_problems(record: Record, name: str) -> Iterator[Problem]:
    """E312: control characters in front-matter strings (only YAML escapes such as "\\0"
    or "\\e" can put them there: the raw text was checked when read) and in the body."""
    if "\\" in record.front_matter or _NONCHARACTER_RE.search(record.front_matter):
        for loc, char in _matches_in_strings(record.data, _FIELD_CONTROL_RE):
            fix = "supprimez-le" if _NONCHARACTER_RE.fullmatch(char) else "retirez la séquence « \\… » qui le produit"
            yield at(record, name, loc, "E312", f"{place(loc) or 'champ'} : {_control_name(char)} "
                     f"interdit dans un champ (il casserait le flux Atom, les pages ou les exports) ; {fix}.")
    for match in _BODY_CONTROL_RE.finditer(record.body):
        offset = match.start()
        line = record.body.count("\n", 0, offset) + record.body_line
        column = offset - (record.body.rfind("\n", 0, offset) + 1) + 1
        yield problem(name, line, column, "E312", f"{_control_name(match.group())} interdit dans le "
                      "récit (seuls la tabulation et le saut de ligne sont permis) ; supprimez-le (il "
                      "vient souvent d'un copier-coller).")


def _control_name(char: str) -> str:
    if char == "\n":
        return "saut de ligne (U+000A)"
    if _NONCHARACTER_RE.fullmatch(char):
        return f"non-caractère Unicode U+{ord(char):04X}"
    return f"caractère de contrôle U+{ord(char):04X}"


def _strings(value: Any, loc: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """(location, text) of every string in parsed front matter, keys of mappings apart."""
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, loc + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, loc + (index,))


def _matches_in_strings(value: Any, pattern: re.Pattern) -> Iterator[tuple[tuple, str]]:
    """(location, first match) of `pattern` in every string of `value`."""
    for loc, text in _strings(value):
        found = pattern.search(text)
        if found:
            yield loc, found.group()


# --- placeholders, references, review ------------------------------------------

# "À COMPLÉTER" however typed: any case, accents or not (composed or combining), spaces,
# hyphens or underscores between the words. A regex keeps the check linear on long lines.
PLACEHOLDER_RE = re.compile(r"[aà]\u0300?[\s_-]+compl[eé]\u0301?t[eé]\u0301?r", re.IGNORECASE)


def may_hold_placeholder(text: str) -> bool:
    # A plain substring test first: the case-insensitive pattern scans slowly.
    return "compl" in text.lower()


def _has_placeholder(text: str) -> bool:
    return may_hold_placeholder(text) and PLACEHOLDER_RE.search(text) is not None


def placeholder_problems(record: Record, name: str) -> Iterator[Problem]:
    if not _has_placeholder(record.front_matter):
        return
    for loc, _ in _matches_in_strings(record.data, PLACEHOLDER_RE):
        yield at(record, name, loc, "E601",
                 f"{place(loc) or 'champ'} : texte « {PLACEHOLDER} » du modèle à remplacer "
                 "par l'information réelle (ou retirez le champ s'il est facultatif).")


def source_ids(data: Any) -> set[str] | None:
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
        return None
    return {s["id"] for s in items(data, "sources") if isinstance(s, dict) and isinstance(s.get("id"), str)}


def reference_problems(record: Record, name: str) -> Iterator[Problem]:
    """Figures citing a source absent from `sources`, and source ids used twice.

    Works on the raw data so that it runs even when other fields are invalid.
    """
    ids = [s.get("id") for s in items(record.data, "sources") if isinstance(s, dict)]
    if len(ids) > MAX_ITEMS:
        return  # too many sources: the schema says so (E314), listing them would not help
    declared = [i for i in ids if isinstance(i, str)]
    known = set(declared)
    for loc, cited in _figure_sources(record.data):
        if cited not in known:
            yield at(record, name, loc, "E309",
                     f"{place(loc)} : source « {cited} » absente de « sources » (identifiants "
                     f"déclarés : {', '.join(declared) or 'aucun'}).{suggestion(cited, declared)}")
    seen: set[str] = set()
    for index, source_id in enumerate(ids):
        if not isinstance(source_id, str):
            continue
        if source_id in seen:
            yield at(record, name, ("sources", index, "id"), "E401",
                     f"{place(('sources', index, 'id'))} : identifiant de source « {source_id} » en double.")
        seen.add(source_id)


def items(data: Any, key: str) -> list:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, list) else []


def _figure_sources(data: Any) -> Iterator[tuple[tuple, str]]:
    """Every field that names a source: figures, the population and the charter."""
    for p_index, platform in enumerate(items(data, "platforms")):
        for f_index, figure in enumerate(items(platform, "audience")):
            cited = figure.get("source") if isinstance(figure, dict) else None
            if isinstance(cited, str):
                yield ("platforms", p_index, "audience", f_index, "source"), cited
    for key in ("population", "charter"):
        block = data.get(key) if isinstance(data, dict) else None
        if isinstance(block, dict) and isinstance(block.get("source"), str):
            yield (key, "source"), block["source"]




def overdue(last_reviewed: str, today: dt.date, years: int) -> bool:
    """Whether a review of `last_reviewed` is more than `years` years old: the one test the
    warning (W701) and the review page (/contribuer/relecture/) share."""
    return dt.date.fromisoformat(last_reviewed) < today - dt.timedelta(days=round(365.25 * years))


def review_problems(record: Record, name: str, meta: CaseStudy, today: dt.date,
                    years: int) -> Iterator[Problem]:
    if overdue(meta.last_reviewed, today, years):
        yield at(record, name, ("last_reviewed",), "W701",
                 f"{place(('last_reviewed',))} : relue le {meta.last_reviewed}, il y a plus de "
                 f"{years} an{'s' if years > 1 else ''} ; relisez l'étude et mettez la date à jour.")


# Words by which a text says a figure is an order of magnitude, not a count.
APPROX_WORDS = tuple(vocab.APPROX_WORDS)
_APPROX_RE = "|".join(word.replace(" ", r"\s+") for word in APPROX_WORDS)
# Any figure after an approximating word: texts without one need no pattern per figure,
# and compiling those patterns was most of `smg validate`'s time on a large base.
_ANY_APPROX_NUMBER = re.compile(rf"(?<!\w)(?:{_APPROX_RE})\s+\d", re.IGNORECASE)


def _number_pattern(value: float) -> re.Pattern:
    """The figure after an approximating word, as a text may write it: 75000, 75 000 (any
    space, \\s covers the no-break ones), 75.000; 1,5 or 1.5 — and not part of a longer number."""
    exact = isinstance(value, int) or value.is_integer()
    whole, _, decimals = (str(int(value)), "", "") if exact else repr(value).partition(".")
    groups = [whole[max(0, end - 3):end] for end in range(len(whole), 0, -3)][::-1]
    digits = r"[\s.]?".join(groups) + (f"[,.]{decimals}" if decimals else "")
    return re.compile(rf"(?<!\w)(?:{_APPROX_RE})\s+{digits}(?![\d]|[,.]\d)", re.IGNORECASE)


def approx_problems(record: Record, name: str, meta: CaseStudy) -> Iterator[Problem]:
    """E315: a figure the texts call approximate (« près de 75 000 ») printed as exact."""
    texts = [(f"le {place(('title',))}", meta.title), (f"le {place(('summary',))}", meta.summary)]
    shared_hint = any(_ANY_APPROX_NUMBER.search(text or "") for _, text in texts)
    for p_index, platform in enumerate(meta.platforms):
        for f_index, figure in enumerate(platform.audience):
            if figure.approx or not (shared_hint or _ANY_APPROX_NUMBER.search(figure.label or "")):
                continue
            loc = ("platforms", p_index, "audience", f_index)
            pattern = _number_pattern(figure.value)
            for where, text in [(f"le {field_name(AudienceFigure, 'label')}", figure.label), *texts]:
                found = pattern.search(text or "")
                if found:
                    yield at(record, name, loc, "E315",
                             f"{place(loc)} : « {found.group()} » dans {where}, mais le chiffre "
                             "n'est pas marqué approximatif ; ajoutez le mot de la source "
                             "(« approx: près de », « approx: plus de »…) pour que le site l'écrive "
                             "devant lui.")
                    break


def vendor_problems(record: Record, name: str, meta: CaseStudy) -> Iterator[Problem]:
    """W704: every source is a vendor's or a consultant's page; the page says so too."""
    if all(source.kind == vocab.VENDOR_KIND for source in meta.sources):
        yield at(record, name, ("sources",), "W704",
                 f"{place(('sources',))} : toutes les sources sont des pages de prestataires ou de "
                 "consultants ; ajoutez si possible une publication de l'administration, une étude "
                 "ou un article de presse (la fiche l'indiquera à ses lecteurs).")


def open_period_problems(record: Record, name: str, meta: CaseStudy) -> Iterator[Problem]:
    """W703: a period left open (still running) that no source dated after its start
    backs: a text of the start year cannot show that the situation goes on."""
    period = meta.period
    if period is None or period.end is not None:
        return
    later = [s.date for s in meta.sources if s.date and int(s.date[:4]) > period.start]
    if later:
        return
    yield at(record, name, ("period",), "W703",
             f"{place(('period',))} : période ouverte depuis {period.start} (fin vide : la situation "
             f"se poursuivrait), mais aucune source n'est datée après {period.start} ; fermez la "
             "période (end : la dernière année que montrent les sources) ou citez une source plus "
             "récente qui montre que la situation continue.")
