"""French typography applied to built pages: what changes, and what must never change."""

from __future__ import annotations

import html
import json
import re
import zipfile
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest

from generator.project.project import Project
from generator.publish import offline, offlinesearch, typography
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


# --- on the built site: every string a reader sees or hears ----------------------------------

# A straight apostrophe between two letters, an ordinary space before : ; ! ? » or after «.
FAULT_RE = re.compile(r"[^\W\d_]'[^\W\d_]| [:;!?\u00bb]|\u00ab ")
READER_ATTRIBUTES = ("title", "alt", "aria-label", "placeholder")
READER_META = ("description", "og:title", "og:description", "og:image:alt", "twitter:title", "twitter:description")
# Attributes read by code (addresses, ids, classes, data-*): the pass never changes a byte of them.
CODE_ATTRIBUTE_RE = re.compile(r"""\s(href|src|srcset|id|class|for|name|property|rel|type|data-[\w-]+)="([^"]*)\"""")


class ReaderStrings(HTMLParser):
    """What a reader sees or hears outside the page text: reader attributes, the meta
    descriptions and sharing tags, the words of the JSON-LD."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.strings: list[tuple[str, str]] = []  # (where, value)
        self._json_ld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        self.strings += [(name, found[name]) for name in READER_ATTRIBUTES if name in found]
        if tag == "meta" and (found.get("name") or found.get("property")) in READER_META:
            self.strings.append((found.get("name") or found["property"], found.get("content", "")))
        self._json_ld = tag == "script" and found.get("type") == "application/ld+json"

    def handle_endtag(self, tag: str) -> None:
        self._json_ld = False

    def handle_data(self, data: str) -> None:
        if self._json_ld:
            self.strings += [("json-ld " + key, value) for key, value in _json_words(json.loads(data))]


def _json_words(data: object) -> list[tuple[str, str]]:
    """The (key, value) pairs of the JSON-LD properties that are words for a reader."""
    if isinstance(data, list):
        return [pair for item in data for pair in _json_words(item)]
    if not isinstance(data, dict):
        return []
    pairs = []
    for key, value in data.items():
        if not isinstance(value, str):
            pairs += _json_words(value)
        elif key in ("headline", "description", "name"):
            pairs.append((key, value))
    return pairs


def faults(strings: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(where, value) for where, value in strings if FAULT_RE.search(value)]


@pytest.fixture(scope="module")
def site(published_site: Project) -> Path:
    return published_site.site_dir


def test_no_straight_apostrophe_nor_ordinary_space_in_reader_attributes_meta_and_json_ld(site: Path) -> None:
    checked, found = Counter(), []
    for page in sorted(site.rglob("*.html")):
        parser = ReaderStrings()
        parser.feed(page.read_text(encoding="utf-8"))
        checked.update(where.split(" ")[0] for where, _value in parser.strings)
        found += [(page.relative_to(site).as_posix(), *fault) for fault in faults(parser.strings)]
    # Each kind is there to be checked: footnote tooltips, sharing tags, the case articles.
    assert checked["title"] > 100 and checked["description"] > 40 and checked["json-ld"] > 100, checked
    assert checked["alt"] and checked["aria-label"] and checked["placeholder"] and checked["og:title"], checked
    assert found == []


def test_feed_text_is_typeset(site: Path) -> None:
    feed = (site / "donnees" / "flux.xml").read_text(encoding="utf-8")
    strings = [(tag, html.unescape(value)) for tag, value in re.findall(r"<(title|summary|name)>(.*?)</\1>", feed)]
    strings += [("label", html.unescape(value)) for value in re.findall(r'\slabel="([^"]*)"', feed)]
    assert len(strings) > 20 and any("\u00a0:" in value for _tag, value in strings)
    assert faults(strings) == []
    assert ElementTree.fromstring(feed.encode("utf-8")).tag == "{http://www.w3.org/2005/Atom}feed"


def test_offline_index_titles_and_summaries_are_typeset(site: Path) -> None:
    with zipfile.ZipFile(site / "telecharger" / offline.ARCHIVE_NAME) as bundle:
        script = bundle.read(f"{offline.ROOT_IN_ARCHIVE}/{offlinesearch.INDEX}").decode("utf-8")
    index = json.loads(script[len("window.smgSearchIndex="):].rstrip().rstrip(";"))
    strings = [(page["u"], page[key]) for page in index["pages"] for key in ("t", "s")]
    assert len(strings) > 100 and any("\u00a0:" in value for _page, value in strings)
    assert faults(strings) == []


def _straightened(page: str) -> str:
    """A built page as it was before the typography pass, and worse: every typographic
    apostrophe and no-break space made plain again, in attributes as in text."""
    return page.replace("\u2019", "'").replace(NBSP, " ").replace(NNBSP, " ")


def test_the_pass_leaves_every_code_attribute_byte_identical(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    changed = 0
    for page in pages:
        before = _straightened(page.read_text(encoding="utf-8"))
        after = typography.html(before)
        changed += after != before
        assert CODE_ATTRIBUTE_RE.findall(after) == CODE_ATTRIBUTE_RE.findall(before), page
    assert changed > len(pages) / 2  # the pass had work to do on these pages
