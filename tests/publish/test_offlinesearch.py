"""The offline copy's search index (generator/publish/offlinesearch.py): how words are
folded, which text of a page is indexed, and the script that carries the index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.publish import offlinesearch as search

# --- folding: each rule has a test that fails without it -----------------------------------

def test_lower_case() -> None:
    assert search.words("ÉTAT Région") == ["etat", "region"]


def test_accents_off() -> None:
    assert search.words("collectivités territoriales, Île-de-France, Noël") == [
        "collectivites", "territoriales", "ile", "de", "france", "noel"]


def test_ligatures_spelled_out() -> None:
    assert search.words("Œuvre, cœur, curriculum vitæ") == ["oeuvre", "coeur", "curriculum", "vitae"]


@pytest.mark.parametrize("apostrophe", ["'", "\u2019", "\u02bc"])
def test_apostrophes_break_words(apostrophe: str) -> None:
    assert search.words(f"aujourd{apostrophe}hui") == ["aujourd", "hui"]


@pytest.mark.parametrize(("text", "expected"), [
    ("l'État", ["etat"]), ("d’Europe", ["europe"]), ("qu’elle", ["elle"]), ("jusqu'ici", ["ici"]),
    ("L’ÉCHELON", ["echelon"]), ("s'informer", ["informer"]),
])
def test_elided_words_left_out(text: str, expected: list[str]) -> None:
    assert search.words(text) == expected


def test_only_elided_words_are_left_out() -> None:
    # "l" alone, without an apostrophe, is a word (a letter in a list); "aujourd" is not elided.
    assert search.words("l État aujourd'hui") == ["l", "etat", "aujourd", "hui"]


# --- what a page gives the index ---------------------------------------------------------------

PAGE = """<!doctype html><html lang="fr"><head><title>Rennes - Social Media Gouvernance</title>
<script>var ignored = "javascript"</script></head><body>
<nav>Menu Navigation</nav>
<article class="md-content__inner md-typeset">
<div data-pagefind-body>
<h1 id="rennes">Rennes<a class="headerlink" href="#rennes">¶</a></h1>
<p>La ville de Rennes et l’État <img src="x.png" alt="">ouvrent un compte.</p>
<h2 id="recit">Récit</h2><p>Les collectivités territoriales.</p>
<div data-pagefind-ignore><p>Citer cette page</p><div><p>Adresse permanente</p></div></div>
<h3>Enseignements</h3><p>Fin du texte.</p>
</div>
</article>
<footer>Pied de page</footer>
</body></html>"""


def test_page_text_title_headings_and_content() -> None:
    page = search.read_page(PAGE)
    assert page is not None
    assert page.title == "Rennes" and page.headings == ["Récit", "Enseignements"]
    assert "ouvrent un compte" in page.text and "Les collectivités territoriales." in page.text
    for absent in ("Menu", "Pied de page", "Citer cette page", "Adresse permanente", "¶", "javascript"):
        assert absent not in page.text, absent


def test_noindex_pages_and_pages_without_content_are_left_out() -> None:
    redirect = '<html><head><meta name="robots" content="noindex"></head><body><main>Déplacée</main></body></html>'
    assert search.read_page(redirect) is None
    assert search.read_page(PAGE.replace("<head>", '<head><meta name="robots" content="noindex">')) is None
    assert search.read_page("<html><body><p>Pas d'article</p></body></html>") is None


def test_index_of_a_copy_and_its_script(tmp_path: Path) -> None:
    (tmp_path / "cas" / "rennes").mkdir(parents=True)
    (tmp_path / "cas" / "rennes" / "index.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "index.html").write_text(PAGE.replace("Rennes", "Accueil").replace("l’État", "la </script>"),
                                         encoding="utf-8")
    (tmp_path / "404.html").write_text(PAGE.replace("Rennes", "Introuvable"), encoding="utf-8")
    assert search.write_search(tmp_path) == 2
    script = (tmp_path / search.INDEX).read_text(encoding="utf-8")
    assert script.startswith("window.smgSearchIndex=") and "</script>" not in script
    index = json.loads(script[len("window.smgSearchIndex="):].rstrip().rstrip(";"))
    assert [page["u"] for page in index["pages"]] == ["cas/rennes/index.html", "index.html"]
    rennes = index["pages"][0]
    assert rennes["t"] == "Rennes" and rennes["h"] == "recit enseignements"
    assert rennes["s"].startswith("La ville de Rennes")
    assert index["words"]["etat"] == [0] and index["words"]["collectivites"] == [0, 1]
    assert "l" not in index["words"] and "introuvable" not in index["words"]
    for target in search.ASSETS:
        assert (tmp_path / target).stat().st_size > 0


def test_results_keep_the_pages_french_spacing_and_match_either_apostrophe() -> None:
    """Title and summary are shown as the page has them (no-break spaces of the typography
    pass kept, HTML's own white space collapsed); a query typed with ' or ’ finds the page."""
    typeset = PAGE.replace("<h1 id=\"rennes\">Rennes", "<h1 id=\"rennes\">Rennes\u00a0: Twitter").replace(
        "Les collectivités territoriales.", "Pourquoi\u202f?\n\t  l’État.")
    page = search.read_page(typeset)
    assert page is not None and page.title == "Rennes\u00a0: Twitter"
    assert "Pourquoi\u202f? l’État." in page.text
    assert search.words("l'État") == search.words("l’État") == ["etat"] and "etat" in search.words(page.text)
