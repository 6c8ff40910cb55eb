"""French typography applied to built pages: what changes, and what must never change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.publish import typography
from generator.publish.typography import NBSP, NNBSP


@pytest.mark.parametrize("before, after", [
    ("Pourquoi ?", f"Pourquoi{NNBSP}?"),
    ("Attention !", f"Attention{NNBSP}!"),
    ("un ; deux", f"un{NNBSP}; deux"),
    ("Source : SMK", f"Source{NBSP}: SMK"),
    ("« Twitter »", f"«{NNBSP}Twitter{NNBSP}»"),
    ("75 000 fans", f"75{NBSP}000 fans"),
    ("1 400 000", f"1{NBSP}400{NBSP}000"),
    ("l'État", "l\u2019État"),
    ("aujourd&#39;hui", "aujourd\u2019hui"),
    (f"déjà{NBSP}?", f"déjà{NNBSP}?"),
])
def test_running_text(before: str, after: str) -> None:
    assert typography.text(before) == after


@pytest.mark.parametrize("unchanged", [
    "10:30", "https://exemple.fr/a?b=c", "E301: champ", "en 2010 2011", "2010 123 villes",
    "l' espace", "'guillemet'", "12'", "sans ponctuation",
])
def test_text_without_a_rule_stays(unchanged: str) -> None:
    assert typography.text(unchanged) == unchanged


def test_markup_attributes_comments_and_code_stay() -> None:
    page = ('<a href="/x ?a" title="Note : l\'État" data-x="l\'a : b" id="a:b">Note : l\'État</a>'
            "<!-- a : b --><code title=\"a : b\">a : b</code><pre>x ? y</pre>"
            '<script>var a = "b : c ?"</script><style>a:hover { }</style><p>fin ?</p>')
    result = typography.html(page)
    assert f">Note{NBSP}: l\u2019État</a>" in result
    assert f'href="/x ?a" title="Note{NBSP}: l\u2019État" data-x="l\'a : b" id="a:b"' in result
    for kept in ("<!-- a : b -->", '<code title="a : b">a : b</code>', "<pre>x ? y</pre>",
                 '<script>var a = "b : c ?"</script>', "<style>a:hover { }</style>"):
        assert kept in result
    assert result.endswith(f"<p>fin{NNBSP}?</p>")


@pytest.mark.parametrize(("before", "after"), [
    ('<a class="footnote-backref" href="#fnref:1" title="Revenir à l&#39;appel de la note 1">',
     '<a class="footnote-backref" href="#fnref:1" title="Revenir à l\u2019appel de la note 1">'),
    ("<img src=\"a?b:c\" alt='Carte : Rennes'>", f"<img src=\"a?b:c\" alt='Carte{NBSP}: Rennes'>"),
    ('<input hidden placeholder="Un mot ?" value="a ?" name="q">',
     f'<input hidden placeholder="Un mot{NNBSP}?" value="a ?" name="q">'),
    ('<button aria-label="Fermer !" data-label="a !">', f'<button aria-label="Fermer{NNBSP}!" data-label="a !">'),
    ('<meta name="description" content="Twitter : la ville s&#39;en servait">',
     f'<meta name="description" content="Twitter{NBSP}: la ville s\u2019en servait">'),
    ('<meta property="og:title" content="Rennes : Twitter">',
     f'<meta property="og:title" content="Rennes{NBSP}: Twitter">'),
])
def test_reader_attributes_are_typeset(before: str, after: str) -> None:
    assert typography.html(before) == after


@pytest.mark.parametrize("unchanged", [
    '<meta property="og:url" content="https://exemple.fr/l\'a ?b">',
    '<meta name="citation_title" content="Rennes : Twitter">',  # the bibliographic record, as BibTeX has it
    '<meta name="robots" content="noindex ; nofollow">',
    '<a href="/l\'a : b" id="l\'a" class="a ; b" data-title="a : b" rel="l\'a">x</a>',
    '<pre title="a : b">x : y</pre>', "<!-- <a title='a : b'> -->",
])
def test_code_attributes_and_other_meta_stay(unchanged: str) -> None:
    assert typography.html(unchanged) == unchanged


def test_json_ld_words_are_typeset_and_it_stays_valid() -> None:
    data = {"headline": "Rennes : l'État \"dit\" ?", "url": "https://x.fr/a : b?c", "about": {"name": "Ville ; x"},
            "citation": [{"name": "L'ouvrage !", "url": "https://x.fr/l'a"}], "keywords": ["a : b"]}
    page = f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'
    result = json.loads(typography.html(page).removeprefix('<script type="application/ld+json">')
                        .removesuffix("</script>"))
    assert result["headline"] == f"Rennes{NBSP}: l\u2019État \"dit\"{NNBSP}?"
    assert result["about"]["name"] == f"Ville{NNBSP}; x"
    assert result["citation"] == [{"name": f"L\u2019ouvrage{NNBSP}!", "url": "https://x.fr/l'a"}]
    assert result["url"] == data["url"] and result["keywords"] == data["keywords"]
    script = '<script>var data = {"name": "a : b"}</script>'
    assert typography.html(script) == script


FEED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">
<title>Base : études de cas</title>
<id>https://exemple.fr/l'a:b ?c</id>
<link rel="self" href="https://exemple.fr/l'a ?b" title="Flux : cas"/>
<updated>2026-11-22T00:00:00Z</updated>
<entry><title>Rennes : l&#39;État</title><id>https://exemple.fr/cas/l'a ?</id>
<summary>Situation décrite : commune. Pourquoi ?</summary>
<category term="l'a : b" label="Communication : l'État"/></entry>
</feed>
"""


def test_feed_text_and_labels_are_typeset_never_its_addresses() -> None:
    result = typography.feed(FEED)
    for typeset in (f"<title>Base{NBSP}: études de cas</title>", f"<title>Rennes{NBSP}: l\u2019État</title>",
                    f"<summary>Situation décrite{NBSP}: commune. Pourquoi{NNBSP}?</summary>",
                    f'term="l\'a : b" label="Communication{NBSP}: l\u2019État"',
                    f'href="https://exemple.fr/l\'a ?b" title="Flux{NBSP}: cas"'):
        assert typeset in result, typeset
    for kept in ("<id>https://exemple.fr/l'a:b ?c</id>", "<id>https://exemple.fr/cas/l'a ?</id>",
                 "<updated>2026-11-22T00:00:00Z</updated>", '<?xml version="1.0" encoding="utf-8"?>'):
        assert kept in result, kept


def test_apply_to_site_rewrites_atom_feeds_not_other_xml(tmp_path: Path) -> None:
    (tmp_path / "donnees").mkdir()
    (tmp_path / "donnees" / "flux.xml").write_text(FEED, encoding="utf-8")
    sitemap = '<?xml version="1.0"?><urlset><url><loc>a ?</loc></url></urlset>'
    (tmp_path / "sitemap.xml").write_text(sitemap, encoding="utf-8")
    assert typography.apply_to_site(tmp_path) == 1
    assert (tmp_path / "donnees" / "flux.xml").read_text(encoding="utf-8") == typography.feed(FEED) != FEED
    assert (tmp_path / "sitemap.xml").read_text(encoding="utf-8") == sitemap


def test_apply_to_site_rewrites_only_html(tmp_path: Path) -> None:
    (tmp_path / "cas").mkdir()
    (tmp_path / "cas" / "index.html").write_text("<p>Pourquoi ?</p>", encoding="utf-8")
    (tmp_path / "donnees.csv").write_text("a ; b ?", encoding="utf-8")
    (tmp_path / "plain.html").write_text("<p>rien</p>", encoding="utf-8")
    assert typography.apply_to_site(tmp_path) == 1
    assert (tmp_path / "cas" / "index.html").read_text(encoding="utf-8") == f"<p>Pourquoi{NNBSP}?</p>"
    assert (tmp_path / "donnees.csv").read_text(encoding="utf-8") == "a ; b ?"
    assert not list(tmp_path.rglob("*.typo-tmp"))


def test_large_site_is_rewritten_on_every_core_with_the_same_result(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(typography, "PARALLEL_MIN_PAGES", 2)
    for index in range(5):
        (tmp_path / f"p{index}.html").write_text(f"<p>Page {index} : oui ?</p>", encoding="utf-8")
    assert typography.apply_to_site(tmp_path) == 5
    assert (tmp_path / "p3.html").read_text(encoding="utf-8") == f"<p>Page 3{NBSP}: oui{NNBSP}?</p>"
