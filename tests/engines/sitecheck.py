"""Read a built site with a real HTML parser and compare it with the MkDocs build.

`read_site` parses every page of a built site (html.parser, the standard library's
HTML tokenizer): its element ids, its links, its edit link and the marks that the
theme overrides of generator/theme/ leave (classes `smg-…`, `data-smg-…`,
`data-pagefind-body`). `compare` lists every difference between two sites, and
`broken_links` every internal link of a site that leads nowhere (no file, or no
element with that id). Each difference is a `Difference(check, page, detail)`;
`accepted.yml` beside this file lists the known ones, each with its reason.
"""

from __future__ import annotations

import fnmatch
import json
import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

# The sections every published case study has (generator/templates/case.md.j2).
CASE_ANCHORS = ("fiche", "recit", "enseignements", "sources")
THEME_ATTRIBUTES = ("data-pagefind-body",)
LINK_ATTRIBUTES = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src",
                   "iframe": "src"}


@dataclass(frozen=True)
class Difference:
    """One way a site differs from the reference build, or one broken link."""

    check: str  # pages, redirects, anchors, edit-links, theme, links
    page: str  # the page's address, relative to the site root
    detail: str

    def __str__(self) -> str:
        return f"[{self.check}] /{self.page} : {self.detail}"


@dataclass
class Page:
    """What the checks read from one HTML file."""

    ids: set[str] = field(default_factory=set)
    headings: set[str] = field(default_factory=set)  # ids of h1-h6
    links: list[str] = field(default_factory=list)  # href/src values, in order
    edit_links: list[str] = field(default_factory=list)
    theme_marks: set[str] = field(default_factory=set)
    refresh: str | None = None  # <meta http-equiv="refresh"> target, for redirect pages


class _PageParser(HTMLParser):
    def __init__(self, repo_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.edit_prefix = repo_url.rstrip("/") + "/edit/"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name in ("id", "name") if tag == "a" else ("id",):
            if values.get(name):
                self.page.ids.add(values[name])
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6") and values.get("id"):
            self.page.headings.add(values["id"])
        attribute = LINK_ATTRIBUTES.get(tag)
        if attribute and attribute in values:
            link = values[attribute]
            self.page.links.append(link)
            if tag == "a" and link.startswith(self.edit_prefix):
                self.page.edit_links.append(link)
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.page.refresh = values.get("content", "").partition("=")[2].strip() or None
        self.page.theme_marks |= {f"class:{name}" for name in values.get("class", "").split()
                                  if name.startswith("smg-")}
        self.page.theme_marks |= {f"attr:{name}" for name in values
                                  if name.startswith("data-smg") or name in THEME_ATTRIBUTES}

    handle_startendtag = handle_starttag


@dataclass
class Site:
    """A built site: its pages by address, its manifest and where it is published."""

    root: Path
    pages: dict[str, Page]  # "cas/rennes/index.html" -> Page
    manifest: dict
    base_path: str  # "/base-de-connaissances/", from the manifest's site_url

    def page_at(self, address: str) -> str | None:
        """The file that serves `address` (relative to the site root), if there is one."""
        address = address.lstrip("/")
        if address == "" or address.endswith("/"):
            candidate = address + "index.html"
        else:
            candidate = address
        if (self.root / candidate).is_file():
            return candidate
        if (self.root / candidate / "index.html").is_file():
            return candidate + "/index.html"
        return None


def read_site(root: Path, repo_url: str) -> Site:
    manifest = json.loads((root / "urls.json").read_text(encoding="utf-8"))
    pages = {}
    for path in sorted(root.rglob("*.html")):
        parser = _PageParser(repo_url)
        parser.feed(path.read_text(encoding="utf-8"))
        parser.close()
        pages[path.relative_to(root).as_posix()] = parser.page
    return Site(root, pages, manifest, urlsplit(manifest["site_url"]).path or "/")


def _address(file: str) -> str:
    """cas/rennes/index.html -> cas/rennes/ (the address a report names)."""
    return file[: -len("index.html")] if file.endswith("index.html") else file


def broken_links(site: Site, reference: Site | None = None) -> list[Difference]:
    """Every link of every page that stays inside the site and leads to no file, or to
    no element with its #fragment. With a `reference` site, a broken link that is the
    reference's own link with one more `../` in front says so."""
    found = []
    for file, page in site.pages.items():
        if page.refresh is not None:
            continue  # redirect pages are checked by `compare`
        theirs = set(reference.pages[file].links) if reference and file in reference.pages else set()
        for link in page.links:
            problem = _link_problem(site, file, link)
            if problem and link.startswith("../") and link[3:] in theirs:
                problem = f"un ../ de plus que MkDocs ({link[3:]}), {problem}"
            if problem:
                found.append(Difference("links", _address(file), f"{link} : {problem}"))
    return found


def _link_problem(site: Site, file: str, link: str) -> str | None:
    parts = urlsplit(link)
    if parts.scheme in ("mailto", "tel", "javascript", "data"):
        return None
    origin = urlsplit(site.manifest["site_url"])
    if parts.scheme or parts.netloc:
        if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc):
            return None  # another host: not an internal link
    if not parts.path and not parts.scheme:
        target = file  # "#section": this page
    else:
        path = unquote(parts.path)
        if path.startswith("/"):
            if not path.startswith(site.base_path):
                return "hors du site"
            resolved = path[len(site.base_path):]
        else:
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(file), path))
            if resolved.startswith(".."):
                return "au-dessus de la racine du site"
            resolved = "" if resolved == "." else resolved
            resolved += "/" if path.endswith("/") and resolved else ""
        target = site.page_at(resolved)
        if target is None:
            return "aucun fichier"
    fragment = unquote(parts.fragment)
    if fragment and target.endswith(".html"):
        if target not in site.pages or fragment not in site.pages[target].ids:
            return f"aucun élément id=« {fragment} »"
    return None


def compare(reference: Site, other: Site) -> list[Difference]:
    """Every way `other` differs from `reference`, page by page."""
    return (_page_differences(reference, other) + _redirect_differences(other)
            + _per_page(reference, other))


def _page_differences(reference: Site, other: Site) -> list[Difference]:
    found = []
    wanted, got = set(reference.manifest["pages"]), set(other.manifest["pages"])
    found += [Difference("pages", page, "absente de urls.json") for page in sorted(wanted - got)]
    found += [Difference("pages", page, "en plus dans urls.json") for page in sorted(got - wanted)]
    for address in sorted(wanted):
        if reference.page_at(address) and other.page_at(address) is None:
            found.append(Difference("pages", address, "page absente du site construit"))
    extra = set(other.pages) - set(reference.pages)
    missing = set(reference.pages) - set(other.pages)
    found += [Difference("pages", _address(f), "fichier HTML en plus") for f in sorted(extra)]
    found += [Difference("pages", _address(f), "fichier HTML absent") for f in sorted(missing)]
    return found


def _redirect_differences(site: Site) -> list[Difference]:
    """Every redirect of the manifest is a page that sends the reader to its target."""
    found = []
    for old, new in sorted(site.manifest["redirects"].items()):
        file = site.page_at(old)
        page = site.pages.get(file or "")
        if page is None or page.refresh is None:
            found.append(Difference("redirects", old, f"pas de page de redirection vers /{new}"))
            continue
        target = posixpath.normpath(posixpath.join(posixpath.dirname(file), page.refresh))
        if target.rstrip("/") != new.rstrip("/"):
            found.append(Difference("redirects", old, f"redirige vers {page.refresh}, pas vers /{new}"))
    return found


def _per_page(reference: Site, other: Site) -> list[Difference]:
    found = []
    for file in sorted(set(reference.pages) & set(other.pages)):
        mine, theirs = reference.pages[file], other.pages[file]
        address = _address(file)
        wanted = mine.headings | (mine.ids & set(CASE_ANCHORS))
        got = theirs.headings | (theirs.ids & set(CASE_ANCHORS))
        found += [Difference("anchors", address, f"#{name} absente") for name in sorted(wanted - got)]
        found += [Difference("anchors", address, f"#{name} en plus") for name in sorted(got - wanted)]
        if mine.edit_links != theirs.edit_links:
            found.append(Difference("edit-links", address, f"{theirs.edit_links} au lieu de {mine.edit_links}"))
        found += [Difference("theme", address, f"{mark} absente") for mark in sorted(mine.theme_marks
                                                                                       - theirs.theme_marks)]
        found += [Difference("theme", address, f"{mark} en plus") for mark in sorted(theirs.theme_marks
                                                                                      - mine.theme_marks)]
    return found


# --- the accepted differences -----------------------------------------------------------

@dataclass(frozen=True)
class Accepted:
    """A known difference of one engine: `check`, and glob patterns on the page and the detail."""

    engine: str
    check: str
    page: str
    detail: str
    reason: str

    def matches(self, engine: str, difference: Difference) -> bool:
        return (engine == self.engine and difference.check == self.check
                and fnmatch.fnmatchcase(difference.page, self.page)
                and fnmatch.fnmatchcase(difference.detail, self.detail))


def read_accepted(path: Path) -> list[Accepted]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    accepted = []
    for entry in entries:
        reason = str(entry.get("reason", "")).strip()
        assert reason, f"{path.name}: every accepted difference needs its reason: {entry}"
        accepted.append(Accepted(entry["engine"], entry["check"], entry.get("page", "*"),
                                 entry.get("detail", "*"), reason))
    return accepted


def report(engine: str, differences: list[Difference], accepted: list[Accepted], limit: int = 8) -> str:
    """A short report: per check, how many differences, accepted or not, and a few examples."""
    lines = [f"{engine} : {len(differences)} différence(s) avec MkDocs"]
    checks = sorted({d.check for d in differences})
    for check in checks:
        items = [d for d in differences if d.check == check]
        known = [d for d in items if any(a.matches(engine, d) for a in accepted)]
        lines.append(f"  {check} : {len(items)} ({len(known)} acceptée(s))")
        for item in items[:limit]:
            mark = "acceptée" if item in known else "NON LISTÉE"
            lines.append(f"    {mark} {item}")
        if len(items) > limit:
            lines.append(f"    … et {len(items) - limit} autre(s)")
    return "\n".join(lines)
