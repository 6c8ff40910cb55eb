"""The hostile corpus without a browser: the validator reports every payload, and the
site built with the validator's body check switched off carries none of them.

The built HTML is read as a browser would parse it: no event-handler attribute, no
script URL (entities decoded, controls and spaces dropped as browsers do), no script,
frame, object, form, base or refresh in the content, no image from another host, no
Mermaid block, no free style in contributor text. Front-matter values show literally
on the pages, in the feed, the exports and the citations.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.project.project import Project

from ..conftest import check
from ..hostile_site import NOT_PRINTED, hostile_documents, payload_case, payloads, text_fields

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "xlink:href", "background",
                  "srcset", "cite", "ping"}
CONTENT_TAGS = {"script", "iframe", "frame", "object", "embed", "form", "base", "applet", "portal"}


def browser_scheme(url: str) -> str:
    """The scheme a browser reads (WHATWG URL: leading controls and spaces, tabs and
    newlines anywhere are dropped)."""
    plain = re.sub(r"[\t\n\r]", "", html.unescape(url)).lstrip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b"
                                                                  "\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15"
                                                                  "\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e"
                                                                  "\x1f ")
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", plain)
    return match.group(1).lower() if match else ""


@dataclass
class Findings(HTMLParser):
    """Everything dangerous in one page, and its visible text."""

    found: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    stack: list[tuple[str, bool, bool]] = field(default_factory=list)  # tag, in article, in contributor text

    def __post_init__(self) -> None:
        HTMLParser.__init__(self, convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        values = dict(attrs)
        if tag == "meta" and values.get("name") == "description":
            self.text.append(values.get("content") or "")  # what search engines and previews show
        article = bool(self.stack and self.stack[-1][1]) or tag == "article"
        contributed = bool(self.stack and self.stack[-1][2]) or "smg-texte" in (values.get("class") or "")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name in URL_ATTRIBUTES and browser_scheme(value) in ("javascript", "vbscript", "data"):
                self.found.append(f"<{tag} {name}={value[:40]!r}>")
            if name == "srcdoc":
                self.found.append(f"<{tag} srcdoc>")
            if name == "class" and "mermaid" in value.split():
                self.found.append(f"<{tag} class=mermaid>")
            if name == "class" and contributed and any(c.startswith("md-") for c in value.split()):
                self.found.append(f"<{tag} class={value}> (the theme's own classes) in contributor text")
            if name == "style" and contributed:
                self.found.append(f"<{tag} style> in contributor text")
        if tag == "img" and (browser_scheme(values.get("src") or "") or
                             re.match(r"[\\/]{2}", (values.get("src") or "").strip())):
            self.found.append(f"remote image {values.get('src')}")
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            self.found.append("<meta http-equiv=refresh>")
        if article and tag in CONTENT_TAGS:
            self.found.append(f"<{tag}> in the content")
        if tag not in ("img", "br", "hr", "meta", "link", "input", "source", "wbr", "base", "embed"):
            self.stack.append((tag, article, contributed))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data: str) -> None:
        if not self.stack or self.stack[-1][0] not in ("script", "style"):
            self.text.append(data)

    @property
    def visible(self) -> str:
        return re.sub(r"[ \t\r\n\f]+", " ", " ".join(self.text))


def read(page: Path) -> Findings:
    parser = Findings()
    parser.feed(page.read_text(encoding="utf-8"))
    parser.close()
    return parser


# `hostile_site` (tests/conftest.py): the real project plus the hostile corpus, built once.


# --- the validator ----------------------------------------------------------------------------

@pytest.mark.parametrize("payload", payloads(), ids=lambda p: f"{p.number:02d}-{p.family}")
def test_validator_reports_each_payload(payload, write_case, tmp_path: Path) -> None:
    found = check([write_case(f"{payload.slug}.md", payload_case(payload))], tmp_path)
    if payload.safe:
        assert found == [], [str(p) for p in found]
    else:
        assert found and all(p.code.startswith("E50") for p in found), [str(p) for p in found]
        assert all(p.line >= 41 for p in found), "placed in the body, after the front matter"


def test_checker_agrees_with_the_sanitiser() -> None:
    """What the validator says it removes is what the clean HTML lacks: a payload without
    a problem leaves no dangerous markup, one with a problem loses it."""
    from generator.format import markdown

    for payload in payloads():
        cleaned = markdown.clean(markdown.render(payload.body), "cas/x.md")
        parser = Findings()
        parser.feed(f"<article>{cleaned}</article>")
        assert parser.found == [], (payload.number, parser.found)
        assert bool(markdown.removals(payload.body, "cas/x.md")) != payload.safe, payload.number


# --- the built site ---------------------------------------------------------------------------

def test_no_page_carries_a_payload(hostile_site: Project) -> None:
    pages = sorted(hostile_site.site_dir.rglob("*.html"))
    assert len(pages) > 100
    problems = {str(page.relative_to(hostile_site.site_dir)): read(page).found for page in pages}
    assert {page: found for page, found in problems.items() if found} == {}
    for payload in payloads():  # every payload page was built and kept its harmless text
        text = read(hostile_site.site_dir / "cas" / payload.slug / "index.html").visible
        assert "Avant la charge" in text, payload.number


def test_payload_pages_keep_their_outline(hostile_site: Project) -> None:
    """The narrative's heading is in the table of contents with its permalink, and the
    citation before the payload became a footnote at the end of the page (the list is
    cleaned apart: an unclosed tag of the payload cannot take it in)."""
    for payload in payloads():
        page = (hostile_site.site_dir / "cas" / payload.slug / "index.html").read_text(encoding="utf-8")
        toc = page[page.index('class="md-nav md-nav--secondary"'):]
        assert '<a href="#recit-piege" class="md-nav__link">' in toc, payload.number
        assert '<h3 id="recit-piege">Récit piégé<a class="headerlink" href="#recit-piege"' in page
        assert 'href="#fn:dupont-2011"' in page
        assert '<li id="fn:dupont-2011">' in page


def test_every_text_field_has_a_hostile_value() -> None:
    documents = hostile_documents()
    covered = {(f.model, f.path) for _, fields in documents.values() for f in fields} | NOT_PRINTED
    from generator.format import models

    for model in (models.CaseStudy, models.Guide, models.Curriculum, models.Comparison):
        for path, _ in text_fields(model):
            assert (model.__name__, path) in covered, (model.__name__, path)
    assert len(covered) >= 20


def _visible(project: Project, src: str) -> str:
    return read(project.site_dir / src / "index.html").visible


def test_hostile_values_show_literally_on_their_pages(hostile_site: Project) -> None:
    documents = hostile_documents()
    pages = {"casestudies/champs-hostiles.md": ["cas/champs-hostiles"],
             "docs/guides/guide-hostile.md": ["guides/guide-hostile"],
             "curricula/module-hostile.md": ["formations/module-hostile", "formations/module-hostile/support",
                                             "formations/module-hostile/corrige"],
             "casestudies/comparaisons.yml": ["comparaisons/comparaison-hostile"]}
    for path, (_, fields) in documents.items():
        text = " ".join(_visible(hostile_site, page) for page in pages[path])
        for item in fields:
            assert item.value in text, (path, item.path)
    # The steps of a module print the case's title; the comparison, the case's administration.
    case_fields = {f.path: f.value for f in documents["casestudies/champs-hostiles.md"][1]}
    assert case_fields[("title",)] in _visible(hostile_site, "formations/module-hostile")
    assert case_fields[("administration",)] in _visible(hostile_site, "comparaisons/comparaison-hostile")


def test_hostile_values_in_feed_exports_and_citations(hostile_site: Project) -> None:
    fields = {f.path: f.value for f in hostile_documents()["casestudies/champs-hostiles.md"][1]}
    data = hostile_site.site_dir / "donnees"
    feed = ElementTree.parse(data / "flux.xml")
    feed_text = " ".join(" ".join(element.itertext()) for element in feed.iter())
    assert fields[("title",)] in feed_text and fields[("summary",)] in feed_text
    exported = next(c for c in json.loads((data / "etudes-de-cas.json").read_text("utf-8"))["cases"]
                    if c["slug"] == "champs-hostiles")
    assert exported["title"] == fields[("title",)]
    assert exported["sources"][0]["note"] == fields[("sources", 0, "note")]
    rows = list(csv.DictReader(io.StringIO((data / "etudes-de-cas.csv").read_text("utf-8-sig")), delimiter=";"))
    row = next(r for r in rows if r["slug"] == "champs-hostiles")
    for key in ("title", "administration", "summary"):
        # A cell a spreadsheet would run as a formula may be neutralised by a leading "'".
        assert row[key].lstrip("'") == fields[(key,)]
    page = (hostile_site.site_dir / "cas/champs-hostiles/index.html").read_text("utf-8")
    citation = page[page.index('id="citer"'):]
    cited = read_fragment(citation)
    assert fields[("title",)] in cited and fields[("contributors", 0)] in cited


def read_fragment(text: str) -> str:
    parser = Findings()
    parser.feed(text)
    return parser.visible
