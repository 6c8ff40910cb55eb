"""The search indexing step of `smg build` (generator/publish/pagefind.py), without a browser."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.errors import SmgError
from generator.publish import pagefind

PAGE = """<!doctype html><html lang="fr"><head><title>{title}</title></head><body>
<nav>Menu du site</nav>{body}</body></html>"""


def _page(folder: Path, path: str, body: str, title: str = "Page") -> None:
    target = folder / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(PAGE.format(title=title, body=body), encoding="utf-8")


def test_elisions_get_a_hyphen_in_text_only() -> None:
    html = '<p title="l’État">Le rôle de l’État et d&#39;Issy, qu\'il soit, aujourd’hui</p>'
    assert pagefind.split_elisions(html) == ('<p title="l’État">Le rôle de l’-État et d&#39;-Issy, '
                                             "qu'-il soit, aujourd’hui</p>")


def test_ligatures_are_indexed_folded_too() -> None:
    html = '<p title="œuvre">La mise en œuvre du Cœur, l’œuvre et l’ex æquo</p>'
    assert pagefind.split_elisions(html) == ('<p title="œuvre">La mise en œuvre-oeuvre du Cœur-Coeur, '
                                             "l’-œuvre-oeuvre et l’-ex æquo-aequo</p>")


def test_text_without_ligature_is_unchanged_by_folding() -> None:
    assert pagefind.split_elisions("<p>Le coeur du sujet</p>") == "<p>Le coeur du sujet</p>"


@pytest.mark.parametrize("text", ["l’2010", "rock’n’roll", "O’Neill", "«l’»"])
def test_other_apostrophes_are_left_alone(text: str) -> None:
    assert pagefind.split_elisions(f"<p>{text}</p>") == f"<p>{text}</p>"


def test_only_marked_pages_are_indexed(tmp_path: Path) -> None:
    site = tmp_path / "site.tmp"
    _page(site, "cas/a/index.html", '<div data-pagefind-body><h1>A</h1><p>Les collectivités de l’État</p>'
          '<span data-pagefind-filter="Niveau[data-value]" data-value="Commune"></span></div>')
    _page(site, "cas/b/index.html", "<div data-pagefind-body><h1>B</h1><p>Participation</p></div>")
    _page(site, "cas/par-niveau/index.html", "<h1>Par niveau</h1><p>Index</p>")
    said: list[str] = []
    assert pagefind.index_site(site, said.append) == 2
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["fr"]
    assert (site / "pagefind" / "pagefind.js").is_file()  # the JS API our dialog uses…
    assert not [name for name in pagefind.UNUSED if (site / "pagefind" / name).exists()]  # …not Pagefind's UIs
    assert said == ["Indexation de la recherche (Pagefind)…", "Recherche : 2 pages indexées sur 2."]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site.tmp"]  # the copy it read is gone
    assert "l’État" in (site / "cas/a/index.html").read_text(encoding="utf-8")  # the page is untouched


def test_a_site_without_pages_to_index_is_not_an_error(tmp_path: Path) -> None:
    _page(tmp_path / "site", "index.html", "<h1>Accueil</h1>")
    said: list[str] = []
    assert pagefind.index_site(tmp_path / "site", said.append) == 0
    assert said[-1] == "Recherche : aucune page à indexer."
    assert not (tmp_path / "site" / "pagefind").exists()


@pytest.mark.parametrize(("binary", "message"), [
    ("/absent/pagefind", "le programme Pagefind est introuvable"),
    ("/bin/false", "Pagefind a échoué (code 1)"),
])
def test_failures_are_told_in_french(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture, binary: str, message: str) -> None:
    """A failure is an SmgError with its French message (the CLI prints it), never a print here."""
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", binary)
    _page(tmp_path / "site", "cas/a/index.html", "<div data-pagefind-body><h1>A</h1></div>")
    with pytest.raises(pagefind.SearchIndexError) as raised:
        pagefind.index_site(tmp_path / "site")
    assert isinstance(raised.value, SmgError) and message in str(raised.value)
    assert capsys.readouterr().err == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
