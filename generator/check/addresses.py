"""Every page's address, decided before rendering.

The site generates pages of its own (the case-study indexes, the comparisons, the
open data…) and copies the hand-written pages of docs/; case studies, comparisons,
guides and training modules then take addresses from their identifiers and aliases.
Two of them on one address would make one page replace the other (an alias
`par-niveau` would turn the « Par niveau » index into a redirect), so `smg validate`
checks every claim here, against every other page, and names the file and the line
of the value that takes an address already taken (E403).

The generated addresses are those of `layout.FIXED_PAGES`, the pages every site has; a
test compares them with the pages the renderer writes for an empty site.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.layout import FIXED_PAGES, GUIDES, address, page_address
from generator.load.files import folder_problem, walk
from generator.problems import Problem, problem


@dataclass(frozen=True)
class Claim:
    """A value that gives a page its address, and how to report it if taken."""

    url: str
    owner: str  # who holds the address, as messages name it
    what: str  # the value, as messages name it: « l'alias « x » »
    report: Callable[[str], Problem]  # a problem at the value's file and line
    group: str = ""  # claims of one group are checked against each other elsewhere (E401)
    advice: str = "Choisissez un autre identifiant."


def reserved(docs_dir: Path | None = None) -> dict[str, str]:
    """Address -> the page that holds it: generated pages and the hand-written pages of
    `docs_dir` (guides excepted: each one claims its own address)."""
    taken = {address(src): f"la page générée {src}" for src in FIXED_PAGES if src.endswith(".md")}
    for rel in hand_written_names(docs_dir):
        taken.setdefault(address(rel), f"la page écrite à la main docs/{rel}")
    return taken


def reserved_slugs(folder: str) -> frozenset[str]:
    """Identifiers a document of `folder` cannot take (`new` refuses them up front)."""
    prefix = folder + "/"
    names = {url[len(prefix):-1] for url in reserved() if url.startswith(prefix) and url.count("/") == 2}
    return frozenset(name for name in names | {"index"} if page_address(folder, name) in reserved())


def hand_written_names(docs_dir: Path | None) -> list[str]:
    """The hand-written pages of docs/ that are copied as they are (guides are rendered)."""
    if docs_dir is None or folder_problem(docs_dir, "docs") is not None or not docs_dir.is_dir():
        return []
    return [rel for rel in walk(docs_dir)[0] if rel.endswith(".md") and not is_guide(rel)]


def is_guide(rel: str) -> bool:
    """A path of docs/ that names a guide (docs/guides/<slug>.md is rendered, not copied)."""
    folder, _, name = rel.rpartition("/")
    return folder == GUIDES and name != "index.md"


def hand_written_problems(docs_dir: Path) -> Iterator[Problem]:
    """E403 for hand-written pages of docs/ on the address of a generated page or of
    another hand-written page (docs/a.md and docs/a/index.md are both a/)."""
    generated = {address(src): f"la page générée {src}" for src in FIXED_PAGES if src.endswith(".md")}
    claims = [Claim(address(rel), f"docs/{rel}", "cette page",
                    lambda message, rel=rel: problem(f"docs/{rel}", 1, 1, "E403", message),
                    advice="Renommez ou déplacez la page.")
              for rel in hand_written_names(docs_dir)]
    yield from problems(claims, generated)


def problems(claims: Iterable[Claim], taken: dict[str, str]) -> Iterator[Problem]:
    """E403 for each claim of an address already taken by another page."""
    holders: dict[str, Claim] = {}
    for claim in claims:
        if claim.url in taken:
            yield claim.report(_message(claim, taken[claim.url]))
            continue
        first = holders.setdefault(claim.url, claim)
        if first is claim or (claim.group and claim.group == first.group and claim.owner != first.owner):
            continue
        yield claim.report(_message(claim, f"{first.owner} ({first.what})"))


def _message(claim: Claim, holder: str) -> str:
    return (f"{claim.what} donnerait à {claim.owner} l'adresse {claim.url} du site, déjà prise par "
            f"{holder} : l'une des deux pages remplacerait l'autre. {claim.advice}")
