"""Where every page of the site is written, and what its address is: decided here only.

A page has a *name*, the path that links to it are written with (`cas/rennes.md`,
`guides/video-institutions.md`, `contribuer/format.md`: what contributors write in
their Markdown), and an *address*, the folder URL readers see (`cas/rennes/`).

Every page the generator writes goes to the `index.md` of its address
(`cas/rennes.md` is written as `cas/rennes/index.md`): the source file then sits in
the folder of its URL, so a relative link printed as raw HTML means the same whether
an engine reads it from the page's address (MkDocs, ProperDocs) or from its source
file (Zensical). The hand-written pages of docs/ keep their own files; their links to
generated pages are pointed at the written files when they are copied
(`Layout.hand_written_text`).

Templates and modules never spell a page path: they ask this module, or print a
document's own `src`.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from functools import cache

# Folders of the generated tree, one per kind of document.
CASES = "cas"
COMPARISONS = "comparaisons"
GUIDES = "guides"
MODULES = "formations"
CONTRIBUTE = "contribuer"
DATA = "donnees"
# Where the documents' own files live in the project (edit links, error messages).
CASE_FILES = "casestudies"
MODULE_FILES = "curricula"
DOCS_FILES = "docs"  # hand-written pages and guides
TEMPLATE_FILES = "generator/templates"

# The facets' folders in cas/: each value of a facet has its page there.
LEVEL_FACET = "par-niveau"
COUNTRY_FACET = "par-pays"
PLATFORM_FACET = "par-plateforme"
ANGLE_FACET = "par-angle"
PRACTICE_FACET = "par-pratique"
YEAR_FACET = "par-annee"

HOME = "index.md"
CASES_INDEX = f"{CASES}/index.md"
TAGS = f"{CASES}/etiquettes.md"
COMPARISONS_INDEX = f"{COMPARISONS}/index.md"
PLATFORMS_MATRIX = f"{COMPARISONS}/plateformes.md"
ANGLES_MATRIX = f"{COMPARISONS}/angles-pratiques.md"
AUDIENCES = f"{COMPARISONS}/audiences.md"
ADOPTION = f"{COMPARISONS}/adoption.md"
STATE_VS_LOCAL = f"{COMPARISONS}/ministeres-collectivites.md"
CHARTERS = f"{COMPARISONS}/chartes.md"
CHRONOLOGY = f"{CASES}/chronologie.md"
GLOSSARY = "glossaire.md"
BIBLIOGRAPHY = "sources.md"
ABOUT = "a-propos.md"  # hand-written
GUIDES_INDEX = f"{GUIDES}/index.md"
MODULES_INDEX = f"{MODULES}/index.md"
DATA_INDEX = f"{DATA}/index.md"
FEED = f"{DATA}/flux.xml"
CASES_JSON = f"{DATA}/etudes-de-cas.json"
CASES_CSV = f"{DATA}/etudes-de-cas.csv"
FIGURES_CSV = f"{DATA}/figures.csv"
EXPORT_SCHEMA = f"{DATA}/etudes-de-cas.schema.json"
CONTRIBUTOR_SCHEMA = f"{DATA}/casestudy.schema.json"
DATAPACKAGE = f"{DATA}/datapackage.json"
CONTRIBUTE_INDEX = f"{CONTRIBUTE}/index.md"
FORMAT = f"{CONTRIBUTE}/format.md"  # hand-written
FIELDS = f"{CONTRIBUTE}/champs.md"
COMMANDS = f"{CONTRIBUTE}/commandes.md"
REVIEW = f"{CONTRIBUTE}/relecture.md"


def address(name: str) -> str:
    """The address of a page: 'cas/rennes.md' -> 'cas/rennes/', 'index.md' -> ''."""
    if name == "index.md" or name.endswith("/index.md"):
        return name[: -len("index.md")]
    return name[: -len(".md")] + "/" if name.endswith(".md") else name


def page_address(folder: str, slug: str) -> str:
    """The address of the document `slug` in `folder` (its page or its redirect)."""
    return address(document(folder, slug))


def document(folder: str, slug: str) -> str:
    """The page of the document `slug` of `folder` (a case study, guide or module)."""
    return f"{folder}/{slug}.md"


def case(slug: str) -> str:
    return document(CASES, slug)


def case_slug(name: str) -> str | None:
    """The identifier of the case study whose page is `name`, if it is one's."""
    folder, _, file = name.rpartition("/")
    return file[: -len(".md")] if folder == CASES and file.endswith(".md") and file != "index.md" else None


def guide(slug: str) -> str:
    return document(GUIDES, slug)


def module(slug: str) -> str:
    return document(MODULES, slug)


def handout(slug: str) -> str:
    """A training module's printable handout."""
    return f"{MODULES}/{slug}/support.md"


def answer_key(slug: str) -> str:
    """A training module's answer key for trainers."""
    return f"{MODULES}/{slug}/corrige.md"


def comparison(key: str) -> str:
    """A comparison page (`comparaisons.yml` entries and the generated ones)."""
    return document(COMPARISONS, key)


def facet_index(facet: str) -> str:
    """The index of a facet: 'par-niveau' -> 'cas/par-niveau/index.md'."""
    return f"{CASES}/{facet}/index.md"


def facet_value(facet: str, value: str) -> str:
    """The page of one value of a facet: ('par-pays', 'FR') -> 'cas/par-pays/fr.md'."""
    return f"{CASES}/{facet}/{value.lower()}.md"


# The facets whose values each have an Atom feed of their case studies.
FEED_FACETS = (ANGLE_FACET, LEVEL_FACET)


def facet_feed(facet: str, value: str) -> str:
    """The Atom feed of one value of a facet, in its page's folder (as donnees/flux.xml is in
    that of /donnees/): ('par-angle', 'participation') -> 'cas/par-angle/participation/flux.xml'."""
    return address(facet_value(facet, value)) + "flux.xml"


def tag(slug: str) -> str:
    """The page of one keyword: 'twitter' -> 'cas/etiquettes/twitter.md', beside the
    keyword index (`TAGS`)."""
    return f"{address(TAGS)}{slug}.md"


def state_local_group(key: str) -> str:
    """Every case study of one group of the State and local authorities comparison
    ('etat', 'collectivites'), when the comparison itself is too long to list them."""
    return f"{address(STATE_VS_LOCAL)}{key}.md"


def audience_group(platform: str, unit: str) -> str:
    """Every figure of one platform and unit, when the audiences page lists only the largest."""
    return f"{COMPARISONS}/audiences/{platform}-{unit}.md"


def list_page(name: str, number: int) -> str:
    """Page `number` of the list first shown at `name`: beside it, in its own folder
    ('cas/index.md', 2 -> 'cas/pages/2.md'; 'comparaisons/plateformes.md', 2 ->
    'comparaisons/plateformes/2.md')."""
    if number == 1:
        return name
    folder, file = posixpath.split(name)
    stem = file.removesuffix(".md")
    if stem == "index":
        return posixpath.join(folder, "pages", f"{number}.md")
    return posixpath.join(folder, stem, f"{number}.md")


def case_file(slug: str) -> str:
    """A case study's file in the project (its edit link)."""
    return f"{CASE_FILES}/{slug}.md"


def guide_file(slug: str) -> str:
    """A guide's file in the project: the engine sees only its generated copy."""
    return f"{DOCS_FILES}/{guide(slug)}"


def module_file(slug: str) -> str:
    return f"{MODULE_FILES}/{slug}.md"


def template_file(template: str) -> str:
    """The project file of a page template, as edit links name it."""
    return f"{TEMPLATE_FILES}/{template}"


def page_of_file(folder: str, slug: str) -> str:
    """The page a document file of the project becomes: its folder ('guides',
    'curricula', 'casestudies') names the kind."""
    if folder == GUIDES:
        return guide(slug)
    if folder == MODULE_FILES:
        return module(slug)
    return case(slug)


def written(name: str) -> str:
    """The file of the generated tree a generated page (or data file) is written to."""
    return address(name) + "index.md" if name.endswith(".md") else name


def names(files: list[str]) -> set[str]:
    """The names links may use for the pages of these files of the generated tree:
    each file's own path, and for a page written in its address's folder, its name."""
    found = set(files)
    found |= {address(path)[:-1] + ".md" for path in files if path.endswith("/index.md")}
    return found


@dataclass(frozen=True)
class Layout:
    """The written files of one site: generated pages in their address's folder, and
    the hand-written pages of docs/ (names relative to docs/) where they are."""

    hand_written: frozenset[str] = field(default_factory=frozenset)

    def file(self, name: str) -> str:
        """The file of the generated tree that holds the page `name`."""
        return name if name in self.hand_written else written(name)

    def link(self, from_name: str, to_name: str) -> str:
        """A relative Markdown link between two pages, to the file the engine reads (it
        checks and rewrites it into the target's URL)."""
        return _markdown_link(posixpath.dirname(self.file(from_name)), self.file(to_name))

    def hand_written_text(self, name: str, text: str, generated: set[str]) -> str:
        """A hand-written page's Markdown with its links to the `generated` pages (their
        names) pointed at their written files. Code, inline or fenced, is left as it
        is, and so is a link to no page: the engine names it as it was written."""
        return _rewrite_links(text, lambda target: self._written_target(name, target, generated))

    def _written_target(self, name: str, target: str, generated: set[str]) -> str | None:
        path, mark, rest = target.partition("#")
        if not path.endswith(".md") or "://" in path or path.startswith("/"):
            return None
        page = posixpath.normpath(posixpath.join(posixpath.dirname(name), path))
        if page not in generated or self.file(page) == page:
            return None
        return self.link(name, page) + mark + rest


def href(from_name: str, to_name: str) -> str:
    """A relative link between two pages for raw HTML, which engines leave alone or read
    from the source file's folder (the same folder, see above): from the page's
    address up to the site root, then down to the target's address."""
    return "../" * address(from_name).count("/") + address(to_name) or "./"


@cache
def _markdown_link(from_dir: str, to_file: str) -> str:
    # posixpath.relpath for paths already relative to one root, without its abspath
    # calls (this runs for every link of every page).
    to_parts = [p for p in to_file.split("/") if p]
    from_parts = [p for p in from_dir.split("/") if p]
    common = 0
    while common < min(len(to_parts), len(from_parts)) and to_parts[common] == from_parts[common]:
        common += 1
    return "/".join([".."] * (len(from_parts) - common) + to_parts[common:]) or "."


# A Markdown inline link's target, `](target` or `](<target>`, and a reference definition's.
_INLINE_TARGET = re.compile(r"(\]\(\s*<?)([^\s)>]+)")
_REFERENCE_TARGET = re.compile(r"^( {0,3}\[[^\]]+\]:\s*<?)(\S+?)(>?(?:\s|$))", re.MULTILINE)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+).*?\1", re.DOTALL)


def _rewrite_links(text: str, new_target) -> str:
    def replace(match: re.Match) -> str:
        target = new_target(match.group(2))
        if target is None:
            return match.group(0)
        return match.group(1) + target + match.group(0)[match.end(2) - match.start():]

    def change(part: str) -> str:
        return _REFERENCE_TARGET.sub(replace, _INLINE_TARGET.sub(replace, part))

    out, fence = [], None
    for line in text.splitlines(keepends=True):
        opened = _FENCE.match(line)
        if fence is not None:
            fence = None if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence) else fence
            out.append(line)
        elif opened:
            fence = opened.group(1)
            out.append(line)
        else:
            out.append(_outside_code(line, change))
    return "".join(out)


def _outside_code(line: str, change) -> str:
    parts, last = [], 0
    for span in _CODE_SPAN.finditer(line):
        parts += [change(line[last:span.start()]), span.group(0)]
        last = span.end()
    return "".join(parts + [change(line[last:])])


FACETS = (ANGLE_FACET, YEAR_FACET, LEVEL_FACET, COUNTRY_FACET, PLATFORM_FACET, PRACTICE_FACET)
# The pages every site has, whatever its content: the addresses no case study, guide,
# module or comparison may take (check/addresses.py). A test renders an empty site and
# compares (tests/render/test_layout.py), so a new generated page cannot be forgotten here.
FIXED_PAGES = tuple(sorted((
    HOME, BIBLIOGRAPHY, CASES_INDEX, CHRONOLOGY, TAGS, *map(facet_index, FACETS),
    COMPARISONS_INDEX, ADOPTION, ANGLES_MATRIX, AUDIENCES, CHARTERS, STATE_VS_LOCAL, PLATFORMS_MATRIX,
    FIELDS, COMMANDS, REVIEW,
    DATA_INDEX, FEED, CASES_JSON, CASES_CSV, FIGURES_CSV, EXPORT_SCHEMA, CONTRIBUTOR_SCHEMA, DATAPACKAGE,
)))
