"""Checks across the case studies: identifiers unique across files and aliases, no
document taking another page's address, `related` pointing at real case studies."""

from __future__ import annotations

from collections.abc import Iterator

from generator import layout
from generator.check import addresses
from generator.check.content import items
from generator.check.messages import at, place
from generator.format.documents import Record
from generator.format.fields import MAX_TAGS
from generator.format.models import COMPARISON_MODELS
from generator.format.text import suggestion, tag_slug
from generator.problems import Problem, problem


def check_collection(records: list[Record], known_slugs: set[str] | None,
                     reserved: dict[str, str] | None = None) -> Iterator[Problem]:
    """Identifiers unique across files and aliases, none taking another page's address;
    `related` pointing at real case studies."""
    owners: dict[str, str] = {}
    for record in records:
        owners.setdefault(record.slug, record.name)
    yield from _duplicate_slugs(records)
    yield from _alias_problems(records, owners)
    taken = addresses.reserved() if reserved is None else reserved
    yield from addresses.problems(document_claims(records, layout.CASES), taken)
    yield from addresses.problems(keyword_claims(records), taken)
    yield from _keyword_limit(records)
    known = set(owners) | (known_slugs or set())
    former = renamed(records)
    for record in records:
        yield from _related_problems(record, known, former)


def _duplicate_slugs(records: list[Record]) -> Iterator[Problem]:
    first: dict[str, str] = {}
    for record in records:
        if record.slug in first and first[record.slug] != record.name:
            yield problem(record.name, 1, 1, "E401", f"identifiant « {record.slug} » déjà utilisé "
                          f"par {first[record.slug]} ; renommez l'un des deux fichiers.")
        first.setdefault(record.slug, record.name)


def renamed(records: list[Record]) -> dict[str, str]:
    """Former identifiers (`aliases`) -> the current identifier of the case study that
    keeps each: a reference to a renamed case names the identifier to write now."""
    found: dict[str, str] = {}
    for record in records:
        for _, alias in _slugs(record, "aliases"):
            found.setdefault(alias, record.slug)
    return found


def former_identifier(old: str, current: str) -> str:
    """Why `old` cannot be cited, worded to follow « old »."""
    return f"est l'ancien identifiant (alias) de l'étude de cas « {current} » ; écrivez « {current} »"


def _slugs(record: Record, key: str) -> Iterator[tuple[int, str]]:
    for index, value in enumerate(items(record.data, key)):
        if isinstance(value, str):
            yield index, value


def _alias_problems(records: list[Record], owners: dict[str, str]) -> Iterator[Problem]:
    claimed: dict[str, str] = {}
    for record in records:
        for index, alias in _slugs(record, "aliases"):
            other = owners.get(alias) if alias != record.slug else None
            if other is None and alias in claimed and claimed[alias] != record.name:
                other = f"un alias de {claimed[alias]}"
            if other is not None:
                yield at(record, record.name, ("aliases", index), "E401",
                         f"{place(('aliases', index))} : « {alias} » désigne déjà {other} ; un ancien "
                         "identifiant ne peut mener qu'à une seule étude de cas.")
            claimed.setdefault(alias, record.name)


def document_claims(records: list[Record], folder: str, group: str = "case") -> Iterator[addresses.Claim]:
    """The addresses documents of `folder` take: their own (from the file name) and a
    module's handout first, then those of their aliases. Slugs and aliases of different
    files of one group are checked against each other by the E401 checks, not here."""
    for record in records:
        pages = [layout.page_address(folder, record.slug)]
        pages += [pages[0] + "support/"] if folder == layout.MODULES else []
        for page in pages:
            yield addresses.Claim(page, record.name, f"le nom de fichier « {record.path.name} »",
                                  lambda message, r=record: problem(r.name, 1, 1, "E403", message), group)
    for record in records:
        for index, alias in _slugs(record, "aliases"):
            yield addresses.Claim(layout.page_address(folder, alias), record.name,
                                  f"{place(('aliases', index))} : l'alias « {alias} »",
                                  lambda message, r=record, i=index: at(r, r.name, ("aliases", i), "E403", message),
                                  group)


# Each distinct keyword has its page: beyond this many, keywords no longer help a reader
# find cases (and 5,000 of them made a site of 233 MB). The base has fewer than 200.
MAX_KEYWORDS = 1000


def _keyword_limit(records: list[Record]) -> Iterator[Problem]:
    """E314 at the first keyword of each file that brings the base past MAX_KEYWORDS
    distinct keywords (files in name order: the first ones keep theirs)."""
    seen: set[str] = set()
    for record in sorted(records, key=lambda r: r.name):
        if len(items(record.data, "tags")) > MAX_TAGS:
            continue  # a list too long already has its own E314
        for index, name in _slugs(record, "tags"):
            if name in seen:
                continue
            seen.add(name)
            if len(seen) > MAX_KEYWORDS:
                yield at(record, record.name, ("tags", index), "E314",
                         f"{place(('tags', index))} : le mot-clé « {name} » dépasserait les {MAX_KEYWORDS} "
                         "mots-clés distincts de la base ; reprenez un mot-clé existant (liste : page "
                         "« Par mot-clé »).")
                break  # one problem per file: its other new keywords are past the limit too


def keyword_claims(records: list[Record]) -> Iterator[addresses.Claim]:
    """The address of each keyword's page (/cas/etiquettes/<slug>/); one keyword on many
    case studies shares its page, so only an address of another page is a conflict."""
    for record in records:
        seen: set[str] = set()
        for index, name in _slugs(record, "tags"):
            url = layout.address(layout.tag(tag_slug(name)))
            if url in seen:
                continue
            seen.add(url)
            yield addresses.Claim(url, record.name,
                                  f"{place(('tags', index))} : le mot-clé « {name} »",
                                  lambda message, r=record, i=index: at(r, r.name, ("tags", i), "E403", message),
                                  group="tags", advice="Choisissez un autre mot-clé.")


def comparison_claims(record: Record) -> Iterator[addresses.Claim]:
    """The address each curated comparison takes (/comparaisons/<id>/), read from the raw
    data so that it is checked even when other fields are invalid. An id given twice
    claims once: the second is already reported as a duplicate (E401)."""
    seen: set[str] = set()
    for index, entry in enumerate(items(record.data, "comparisons")):
        slug = entry.get("id") if isinstance(entry, dict) else None
        if not isinstance(slug, str) or slug in seen:
            continue
        seen.add(slug)
        loc = ("comparisons", index, "id")
        yield addresses.Claim(layout.page_address(layout.COMPARISONS, slug),
                              f"la comparaison « {slug} »",
                              f"{place(loc, COMPARISON_MODELS)} : l'identifiant « {slug} »",
                              lambda message, where=loc: at(record, record.name, where, "E403", message))


def _related_problems(record: Record, known: set[str], former: dict[str, str]) -> Iterator[Problem]:
    for index, slug in _slugs(record, "related"):
        if slug in known and slug != record.slug:
            continue
        if slug == record.slug or former.get(slug) == record.slug:
            reason = "une étude de cas ne peut pas se citer elle-même."
        elif slug in former:
            reason = f"« {slug} » {former_identifier(slug, former[slug])}."
        else:
            reason = (f"aucune étude de cas « {slug} » dans casestudies/."
                      f"{suggestion(slug, sorted(known - {record.slug}))}")
        yield at(record, record.name, ("related", index), "E402", f"{place(('related', index))} : {reason}")
