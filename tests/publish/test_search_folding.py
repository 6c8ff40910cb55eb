"""Pagefind's folding rules (generator/publish/pagefind.py): one test per rule, each
failing when its rule is removed or changed. tests/publish/test_pagefind.py holds the first ones.

The search dialog (docs/javascripts/recherche.js) takes the additions out of
the excerpts it shows; its two regular expressions are read here and applied with
Python's `re` (they use nothing JavaScript and Python read differently), so that what
the copy adds and what the dialog removes cannot drift apart."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

from generator.publish import pagefind, typography

from ..sitekit import ROOT

DIALOG = ROOT / "docs" / "javascripts" / "recherche.js"  # the search dialog's script


def _split(text: str) -> str:
    """`text` alone in a paragraph, as the index copy has it."""
    return pagefind.split_elisions(f"<p>{text}</p>")[len("<p>"):-len("</p>")]


@pytest.mark.parametrize(("text", "expected"), [
    ("c’est", "c’-est"), ("d’abord", "d’-abord"), ("j’ai", "j’-ai"), ("l’État", "l’-État"),
    ("m’a", "m’-a"), ("n’a", "n’-a"), ("s’il", "s’-il"), ("t’a", "t’-a"), ("qu’il", "qu’-il"),
    ("jusqu’à", "jusqu’-à"), ("lorsqu’il", "lorsqu’-il"), ("puisqu’elle", "puisqu’-elle"),
    ("quoiqu’on", "quoiqu’-on"), ("presqu’île", "presqu’-île"),
])
def test_every_elided_word_is_split(text: str, expected: str) -> None:
    assert _split(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("L’État", "L’-État"), ("D’ABORD", "D’-ABORD"), ("Jusqu’à", "Jusqu’-à"), ("QU’IL", "QU’-IL"),
])
def test_elisions_are_split_whatever_the_case(text: str, expected: str) -> None:
    assert _split(text) == expected


@pytest.mark.parametrize("apostrophe", ["'", "’", "&#39;", "&#x27;", "&apos;"])
def test_every_form_of_the_apostrophe_is_split_on_its_own(apostrophe: str) -> None:
    """Each form alone in its text run: a run without any of them is skipped whole."""
    assert _split(f"l{apostrophe}État") == f"l{apostrophe}-État"


@pytest.mark.parametrize(("text", "expected"), [
    ("œuvre", "œuvre-oeuvre"), ("Œuvres", "Œuvres-Oeuvres"), ("æquo", "æquo-aequo"),
    ("Æsope", "Æsope-Aesope"), ("sœurs", "sœurs-soeurs"),
])
def test_every_ligature_is_folded_on_its_own(text: str, expected: str) -> None:
    """Each ligature alone in its text run, with no apostrophe to open the run to changes."""
    assert _split(f"La {text} ici") == f"La {expected} ici"


@pytest.mark.parametrize("text", ["bœuf et cœur", "l’œuvre", "L’Œuvre"])
def test_a_split_word_is_folded_as_a_whole(text: str) -> None:
    expected = {"bœuf et cœur": "bœuf-boeuf et cœur-coeur", "l’œuvre": "l’-œuvre-oeuvre",
                "L’Œuvre": "L’-Œuvre-Oeuvre"}[text]
    assert _split(text) == expected


def test_attributes_keep_their_text() -> None:
    """Only text between tags changes: a tag's attributes (URLs, titles) never do."""
    html = '<a href="/l\'État/" title="œuvre d’art"><strong>l’État</strong></a>'
    assert pagefind.split_elisions(html) == '<a href="/l\'État/" title="œuvre d’art"><strong>l’-État</strong></a>'


# --- the copy Pagefind reads -----------------------------------------------------------

PAGE = ('<!doctype html>\n<html lang="fr" class="no-js"><head><meta charset="utf-8">'
        "<title>L’État en ligne - Base</title><link rel=\"stylesheet\" href=\"x.css\"></head>"
        "<body><nav>Menu d’accueil</nav><article><div data-pagefind-body><h1>L’État</h1>"
        "<p>Sa mise en œuvre</p></div></article></body></html>")


def test_the_copy_keeps_the_html_tag_and_the_title_and_starts_at_the_body() -> None:
    copy = pagefind.index_copy(PAGE)
    assert copy == ('<!doctype html><html lang="fr" class="no-js"><head><title>L’État en ligne - Base</title>'
                    "</head><body><div data-pagefind-body><h1>L’-État</h1><p>Sa mise en œuvre-oeuvre</p>"
                    "</div></article></body></html>")


def test_a_page_without_the_body_mark_has_no_copy(tmp_path: Path) -> None:
    html = PAGE.replace(" data-pagefind-body", "")
    assert pagefind.index_copy(html) is None
    site, copies = tmp_path / "site", tmp_path / "copies"
    (site / "cas").mkdir(parents=True)
    pagefind.write_copy(site, copies, site / "cas" / "index.html", html)
    assert not copies.exists()


def test_the_copy_is_made_from_the_typographed_page(tmp_path: Path) -> None:
    """The typography pass hands each page's final text to write_copy: the copy has the
    typographic apostrophe the reader sees, and a page the pass leaves unchanged gets
    its copy too, at the same path."""
    site, copies = tmp_path / "site", tmp_path / "copies"
    for path, text in (("cas/a/index.html", "<p>De l'État : oui</p>"), ("cas/b/index.html", "<p>Sans rien</p>"),
                       ("cas/index.html", None)):
        page = site / path
        page.parent.mkdir(parents=True, exist_ok=True)
        body = f"<div data-pagefind-body>{text}</div>" if text else "<p>Index de l'État</p>"
        page.write_text(f"<html><head><title>T</title></head><body>{body}</body></html>", encoding="utf-8")
    typography.apply_to_site(site, then=functools.partial(pagefind.write_copy, site, copies))
    written = sorted(p.relative_to(copies).as_posix() for p in copies.rglob("*.html"))
    assert written == ["cas/a/index.html", "cas/b/index.html"]
    assert "<p>De l’-État\u00a0: oui</p>" in (copies / "cas/a/index.html").read_text(encoding="utf-8")
    assert "<p>Sans rien</p>" in (copies / "cas/b/index.html").read_text(encoding="utf-8")


# --- the search dialog undoes what the copy adds -----------------------------------------

def _dialog_rules() -> tuple[re.Pattern, re.Pattern, dict[str, str]]:
    script = DIALOG.read_text(encoding="utf-8")
    elided = re.search(r"var ELIDED = /(.+)/g\n", script).group(1)
    ligature = re.search(r"var LIGATURE = /(.+)/g\n", script).group(1)
    folded = re.search(r"function folded\(word\) \{\n\s*return word(.+)\n", script).group(1)
    table = {chr(int(code, 16)): spelled
             for code, spelled in re.findall(r'\.replace\(/\\u([0-9a-f]{4})/g, "(\w+)"\)', folded)}
    return re.compile(elided), re.compile(ligature), table


def _unsplit(text: str) -> str:
    """The dialog's unsplit(), with its own regular expressions and fold table."""
    elided, ligature, table = _dialog_rules()
    text = ligature.sub(lambda m: m[1] if "".join(table.get(c, c) for c in m[1]) == m[2] else m[0], text)
    return elided.sub(r"\1", text)


def test_the_dialog_folds_ligatures_as_the_copy_does() -> None:
    _, _, table = _dialog_rules()
    assert table == {chr(code): spelled for code, spelled in pagefind._LIGATURES.items()}


@pytest.mark.parametrize("text", [
    "Le rôle de l’État, d'Issy, qu&#39;il, l&#x27;an, l&apos;été, jusqu’à presqu’île",
    "La mise en œuvre du Cœur, l’Œuvre, ex æquo, Æsope", "L’ŒUVRE DE L’ÉTAT",
])
def test_the_dialog_shows_the_text_the_copy_was_made_from(text: str) -> None:
    split = _split(text)
    assert split != text
    assert _unsplit(split) == text


def test_the_dialog_keeps_hyphens_of_the_page_itself() -> None:
    text = "États-Unis, œuvre-clé, l’arc-en-ciel"
    assert _unsplit(text) == text
