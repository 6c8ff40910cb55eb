"""Search for the published site: Pagefind indexes the built site, in French.

Which pages are indexed is decided by the generator: pages whose meta sets
`pagefind: true` (case studies, guides, training modules, comparisons) get their
content wrapped in `data-pagefind-body` by the theme (`generator/theme/main.html`);
Pagefind then leaves out every other page (facet, index, redirect and data pages).
The filters (level, country, platform, angle, practice, decade) are attributes of the
case-study fact sheet (`generator/templates/fiche.html.j2`).

French elision: Pagefind keeps "l’État" as one word, so "etat" alone would not find
it. Pagefind does index both the whole and the parts of a hyphenated word, so the
copy of each page that Pagefind reads gets a hyphen after an elided article or
pronoun ("l’-État"): "etat", "l'etat" and "l’État" all find the page. The published
HTML is left as it is; the search dialog (`docs/javascripts/recherche.js`) takes the
hyphen out of the excerpts it shows. Pagefind folds accents and stems French words itself.

The Pagefind binary comes from the PyPI package `pagefind[extended]`: nothing is
downloaded at run time.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from generator import processes
from generator.errors import SmgError
from generator.problems import plural

OUTPUT_FOLDER = "pagefind"
LANGUAGE = "fr"
# The opening tag of the element that Pagefind indexes (generator/theme/main.html writes it).
_BODY = re.compile(r"<[a-zA-Z][^>]*\sdata-pagefind-body[\s=>]")
# Left out of the index besides data-pagefind-ignore (the fact sheet, sources and lists of
# related case studies, marked in their templates): Material's "¶" heading anchors and the
# footnotes (each repeats a source of the page), which MkDocs writes.
EXCLUDED_CLASSES = ("headerlink", "footnote")
EXCLUDED = ", ".join(f".{name}" for name in EXCLUDED_CLASSES)
# Elided words of French, before an apostrophe (straight, typographic or as an HTML entity).
_ELISION = re.compile(r"(?<![\w'’])((?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu|presqu)"
                      r"(?:['’]|&#39;|&#x27;|&apos;))(?=[^\W\d_])", re.IGNORECASE)
# Words with a ligature: Pagefind does not fold œ and æ, so "oeuvre" would not find
# "œuvre". The copy to index carries the folded form too, as a hyphenated part.
_LIGATURE_WORD = re.compile(r"[^\W\d_]*[œæŒÆ][^\W\d_]*")
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "Œ": "Oe", "Æ": "Ae"})
_TAG = re.compile(r"(<[^>]*>)")  # what lies between two tags is text: attribute values stay untouched
_MAY_SPLIT = re.compile(r"['’œæŒÆ]|&#39;|&#x27;|&apos;")  # a text run without these is left as it is
_HTML_TAG = re.compile(r"<html\b[^>]*>", re.IGNORECASE)
_TITLE = re.compile(r"<title>.*?</title>", re.IGNORECASE | re.DOTALL)
_TAIL_LINES = 15  # lines of Pagefind's output shown when it fails
# Pagefind's ready-made interfaces, which it always writes: the site has its own dialog on
# Pagefind's JS API (docs/javascripts/recherche.js), so they are not published.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


class SearchIndexError(SmgError):
    """Pagefind could not index the site; the message is in French, for the reader."""


def index_site(site: Path, progress: Callable[[str], None] | None = None, copies: Path | None = None) -> int:
    """Index the built site in `site` into `site/pagefind/`; returns the pages indexed.

    `copies`: the folder where `write_copy` already wrote the copies to index (the
    typography pass does, publish.post_process); by default they are made here. Either
    way the folder is removed. Raises SearchIndexError (in French) when Pagefind is
    missing or fails.
    """
    try:
        return _index(site, progress or (lambda message: None), copies)
    except (OSError, UnicodeDecodeError, ValueError) as error:  # unreadable page, broken entry file
        reason = getattr(error, "strerror", None) or error
        raise SearchIndexError(f"lecture ou écriture impossible ({reason}).") from None


def _index(site: Path, say: Callable[[str], None], copies: Path | None) -> int:
    say("Indexation de la recherche (Pagefind)…")
    source = copies or copies_folder(site)
    try:
        if copies is None:
            shutil.rmtree(source, ignore_errors=True)
            for page in site.rglob("*.html"):
                write_copy(site, source, page, page.read_text(encoding="utf-8"))
        pages = sum(1 for _ in source.rglob("*.html")) if source.is_dir() else 0
        if pages == 0:  # an empty knowledge base: nothing to search, not an error
            say("Recherche : aucune page à indexer.")
            return 0
        _run_pagefind(source, site / OUTPUT_FOLDER)
    finally:
        shutil.rmtree(source, ignore_errors=True)
    indexed = _indexed_pages(site / OUTPUT_FOLDER)
    say(f"Recherche : {plural(indexed, 'page indexée', 'pages indexées')} sur {pages}.")
    return indexed


def copies_folder(site: Path) -> Path:
    """Where the copies that Pagefind reads are written, beside the site."""
    return site.with_name(site.name + ".pagefind-src")


def write_copy(site: Path, source: Path, page: Path, html: str) -> None:
    """Write the copy of `page` (a page of `site`, whose text is `html`) that Pagefind
    reads into `source`, if the page is indexed."""
    copy = index_copy(html)
    if copy is None:
        return
    target = source / page.relative_to(site)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(copy, encoding="utf-8")


def index_copy(html: str) -> str | None:
    """What Pagefind reads of a built page: None for a page it does not index, else the
    page from its data-pagefind-body element on, elisions split.

    Pagefind reads nothing but the body element of a page that has one (its text, title,
    filters and anchors all come from there; the language is forced), so the head, the
    header and the navigation before it are left out of the copy: two thirds of a page,
    that neither the elision split nor Pagefind then go through. The <html> tag and the
    title stay, so that the copy is still a page of its own."""
    body = _BODY.search(html)
    if body is None:
        return None
    start = body.start()
    opening = _HTML_TAG.search(html, 0, start)
    title = _TITLE.search(html, 0, start)
    head = "<!doctype html>" + (opening.group() if opening else "<html>")
    head += f"<head>{title.group() if title else ''}</head><body>"
    return head + split_elisions(html[start:])


def split_elisions(html: str) -> str:
    """'l’État' -> 'l’-État' and 'œuvre' -> 'œuvre-oeuvre' in the text of a page (not in
    its attributes): Pagefind indexes each part of a hyphenated word, so "etat" and
    "oeuvre" find them. The search dialog takes the additions out of what it shows."""
    parts = _TAG.split(html)  # text, tag, text, …: only the text runs change
    for index in range(0, len(parts), 2):
        run = parts[index]
        if _MAY_SPLIT.search(run):
            parts[index] = _fold_ligatures(_ELISION.sub(r"\1-", run))
    return "".join(parts)


def _fold_ligatures(text: str) -> str:
    if not any(letter in text for letter in "œæŒÆ"):
        return text
    return _LIGATURE_WORD.sub(lambda match: f"{match.group()}-{match.group().translate(_LIGATURES)}", text)


def _executable() -> str:
    try:
        from pagefind.service import get_executable
    except ImportError:
        get_executable = None
    path = get_executable() if get_executable else None
    if path is None or not Path(path).is_file():
        raise SearchIndexError("le programme Pagefind est introuvable ; installez le paquet "
                               "« pagefind[extended] » (pip install -e .).")
    return str(path)


def _run_pagefind(source: Path, output: Path) -> None:
    shutil.rmtree(output, ignore_errors=True)
    command = [_executable(), "--site", str(source), "--output-path", str(output),
               "--force-language", LANGUAGE, "--exclude-selectors", EXCLUDED, "--quiet"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, env=os.environ | {"NO_COLOR": "1"},
                                preexec_fn=processes.die_with_parent)  # never an orphan indexing on
    except OSError as error:
        raise SearchIndexError(f"Pagefind n'a pas pu être lancé ({error.strerror or error}).") from None
    if result.returncode != 0 or not (output / "pagefind-entry.json").is_file():
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-_TAIL_LINES:])
        raise SearchIndexError(f"Pagefind a échoué (code {result.returncode}). Sa sortie :\n{tail}")
    for name in UNUSED:
        (output / name).unlink(missing_ok=True)


def _indexed_pages(output: Path) -> int:
    entry = json.loads((output / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(language.get("page_count", 0) for language in entry.get("languages", {}).values())
