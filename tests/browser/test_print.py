"""Printing a case study: no navigation chrome; fact sheet, sources and permanent URL kept;
11 pt text, headings kept with what follows, external addresses printed; a handout never ends on one question alone."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest

from .conftest import ARTIFACTS

PERMANENT = "https://social-media-gouvernance.github.io/base-de-connaissances/cas/rennes/"
CHROME = [".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer",
          ".md-search", ".md-content__button", ".md-top"]
KEPT = [".smg-fiche", "#sources", ".smg-sources", ".smg-permalink", "h1"]


def test_print_media_hides_the_chrome_and_keeps_the_content(open_tab: Any, base_url: str) -> None:
    tab = open_tab()
    tab.page.goto(base_url + "cas/rennes/")
    tab.page.emulate_media(media="print")
    for selector in CHROME:
        assert all(not tab.page.locator(selector).nth(i).is_visible()
                   for i in range(tab.page.locator(selector).count())), selector
    for selector in KEPT:
        assert tab.page.locator(selector).first.is_visible(), selector


def test_case_study_pdf(open_tab: Any, base_url: str) -> None:
    from pypdf import PdfReader

    tab = open_tab()
    tab.page.goto(base_url + "cas/rennes/")
    pdf = tab.page.pdf(format="A4", print_background=False)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "rennes.pdf").write_bytes(pdf)
    text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    flat = re.sub(r"\s+", " ", text)
    assert "Rennes : Twitter pour gagner en visibilité" in flat
    for kept in ("Fiche", "Administration", "Ville de Rennes", "Sources", "Twitter et territoires",
                 "Adresse permanente"):
        assert kept in flat, kept
    assert PERMANENT in re.sub(r"\s+", "", text)  # a long URL may be cut across lines
    for chrome in ("Rechercher", "Aller au contenu", "Passer en mode", "Table des matières",
                   "Accessibilité : non conforme", "Copie hors ligne", "Précédent", "Suivant"):
        assert chrome not in flat, chrome


PRINTED = """() => {
  const content = document.querySelector('.md-content')
  const style = (selector, pseudo) => getComputedStyle(content.querySelector(selector), pseudo || null)
  const text = content.querySelector('.smg-texte p')
  return {
    body: parseFloat(getComputedStyle(text).fontSize) * 72 / 96,
    heading: [...content.querySelectorAll('h2, h3')].map(h => getComputedStyle(h).breakAfter),
    lines: [getComputedStyle(text).orphans, getComputedStyle(text).widows],
    backlinks: [...content.querySelectorAll('.footnote-backref')].map(a => getComputedStyle(a).display),
    external: style('a[href^="http"]:not(.headerlink)', '::after').content,
    internal: style('.smg-breadcrumb a', '::after').content,
    permalink: style('.smg-permalink a', '::after').content,
    hidden: ['.smg-breadcrumb', '.smg-cite'].map(s => getComputedStyle(content.querySelector(s)).display),
  }
}"""


def test_print_typography(open_tab: Any, base_url: str) -> None:
    tab = open_tab()
    tab.page.goto(base_url + "cas/rennes/")
    tab.page.emulate_media(media="print")
    printed = tab.page.evaluate(PRINTED)
    assert abs(printed["body"] - 11) < 0.05, printed["body"]
    assert printed["heading"] and set(printed["heading"]) == {"avoid"}
    assert all(int(value) >= 2 for value in printed["lines"])
    assert printed["backlinks"] and set(printed["backlinks"]) == {"none"}
    assert re.fullmatch(r'" \(" attr\(href\) "\)"|" \(https?://[^"]+\)"', printed["external"]), printed["external"]
    assert printed["internal"] == "none" and printed["permalink"] == "none"
    assert printed["hidden"] == ["none", "none"]
    # On screen none of it shows.
    tab.page.emulate_media(media="screen")
    assert tab.page.evaluate("getComputedStyle(document.querySelector('.md-content a[href^=\"http\"]'), '::after')"
                             ".content") == "none"


HANDOUTS = ["formations/decouvrir-les-trois-angles/support/", "formations/lire-les-chiffres/support/"]


@pytest.mark.parametrize("path", HANDOUTS)
def test_handout_keeps_headings_with_their_text_and_ends_with_more_than_one_question(
        open_tab: Any, base_url: str, path: str) -> None:
    from pypdf import PdfReader

    tab = open_tab()
    tab.page.goto(base_url + path)
    pdf = tab.page.pdf(format="A4")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / (path.split("/")[1] + "-support.pdf")).write_bytes(pdf)
    pages = [(page.extract_text() or "").strip().splitlines() for page in PdfReader(io.BytesIO(pdf)).pages]
    assert len(pages) >= 2
    for number, lines in enumerate(pages[:-1], start=1):
        last = lines[-1].strip()
        assert not re.match(r"(Étape \d+|Questions pour les exercices|Objectifs|À retenir)", last), \
            f"page {number} finit sur « {last} »"
    # The last page is not one question alone: it starts with more than that question.
    questions = [i for i, line in enumerate(pages[-1]) if re.match(r"\d+\. ", line)]
    assert questions and questions != [0], pages[-1]
