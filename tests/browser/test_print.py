"""Printing a case study: no navigation chrome; fact sheet, sources and permanent URL kept."""

from __future__ import annotations

import io
import re
from typing import Any

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
