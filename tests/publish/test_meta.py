"""What the built site tells search engines, sharing and citing tools: drafts kept out,
OpenGraph and Twitter cards, schema.org JSON-LD, citation_* tags, feed link, edit links."""

from __future__ import annotations

import gzip
import json
import re
import struct
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from generator import layout
from generator.check.documents import check_guides
from generator.check.record import validate
from generator.cli import siteimage
from generator.load import load
from generator.project.project import Project
from generator.publish import offlinesearch, typography
from generator.publish.engines import run_mkdocs_into
from generator.render import share
from generator.render.pages import site_pages

from ..conftest import DRAFT_TAG, HOSTILE_TITLE, HOSTILE_TITLE_SLUG
from ..sitekit import ROOT

SITE_URL = "https://social-media-gouvernance.github.io/base-de-connaissances/"
REPO_EDIT = "https://github.com/social-media-gouvernance/base-de-connaissances/edit/main/"


class _Head(HTMLParser):
    """The meta and link tags, the JSON-LD scripts, ids and hrefs of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.links: list[dict[str, str]] = []
        self.jsonld: list[str] = []
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self._in_jsonld = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        values = {name: value or "" for name, value in attrs}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "meta" and "content" in values:
            key = values.get("property") or values.get("name") or values.get("http-equiv", "")
            self.meta.setdefault(key, []).append(values["content"])
        elif tag == "link":
            self.links.append(values)
        elif tag == "a" and "href" in values:
            self.hrefs.append(values["href"])
        self._in_jsonld = tag == "script" and values.get("type") == "application/ld+json"

    def handle_data(self, data: str) -> None:
        if self._in_jsonld:
            self.jsonld.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_jsonld = False

    def one(self, key: str) -> str:
        assert len(self.meta.get(key, [])) == 1, (key, self.meta.get(key))
        return self.meta[key][0]


def head(page: Path) -> _Head:
    parser = _Head()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


@pytest.fixture
def site(built_site: Project) -> Project:
    """The real project with its modules, a tagged draft (gamma) and a case with a hostile
    title (HOSTILE_TITLE_SLUG), among others: the shared `built_site` (tests/conftest.py)."""
    return built_site


def cases(project: Project) -> list:
    return validate(load.load_paths(project.case_files())).cases


def theme_pages(project: Project) -> list[Path]:
    """Every page the theme wrote (redirect stubs of former addresses are not pages)."""
    pages = sorted(project.site_dir.rglob("*.html"))
    return [p for p in pages if "md-content" in p.read_text(encoding="utf-8")]


def site_file(project: Project, url: str) -> Path:
    """The built file an absolute address of the site leads to."""
    assert url.startswith(SITE_URL), url
    path = urlsplit(url).path[len(urlsplit(SITE_URL).path):]
    target = project.site_dir / path
    return target / "index.html" if path.endswith("/") or not path else target


# --- drafts -------------------------------------------------------------------------

def test_draft_page_is_reachable_but_asks_not_to_be_indexed(site: Project) -> None:
    page = site.site_dir / "cas/gamma/index.html"
    parsed = head(page)
    assert parsed.one("robots") == "noindex"
    assert "citer" not in parsed.ids  # no « Citer cette page » block
    assert not parsed.jsonld and not any(k.startswith("citation_") for k in parsed.meta)
    assert b"data-pagefind-body" not in page.read_bytes()
    public = head(site.site_dir / "cas/rennes/index.html")
    assert "robots" not in public.meta and "citer" in public.ids


def test_draft_is_in_no_sitemap_feed_data_or_search(site: Project) -> None:
    sitemap = (site.site_dir / "sitemap.xml").read_text(encoding="utf-8")
    assert "/cas/gamma/" not in sitemap and "/cas/rennes/" in sitemap
    assert gzip.decompress((site.site_dir / "sitemap.xml.gz").read_bytes()).decode("utf-8") == sitemap
    for data in ("donnees/flux.xml", "donnees/etudes-de-cas.json", "donnees/etudes-de-cas.csv",
                 "cas/etiquettes/index.html", "urls.json"):
        text = (site.site_dir / data).read_text(encoding="utf-8")
        assert "gamma" not in text and DRAFT_TAG not in text, data
    indexed = [p for p in site.site_dir.rglob("*.html") if b"data-pagefind-body" in p.read_bytes()]
    assert site.site_dir / "cas/rennes/index.html" in indexed
    assert site.site_dir / "cas/gamma/index.html" not in indexed


def test_no_page_links_to_a_draft_but_the_review_list(site: Project) -> None:
    draft = site.site_dir / "cas/gamma/index.html"
    for page in theme_pages(site):
        if page in (draft, site.site_dir / "contribuer/relecture/index.html"):
            continue
        text = page.read_text(encoding="utf-8")
        assert "cas/gamma/" not in text and DRAFT_TAG not in text, page


# --- sharing and citing -------------------------------------------------------------

def test_every_page_has_sharing_tags_and_the_feed(site: Project) -> None:
    pages = theme_pages(site)
    assert len(pages) > 40
    for page in pages:
        parsed = head(page)
        assert parsed.one("og:locale") == "fr_FR", page
        assert parsed.one("og:title").strip() and parsed.one("og:description").strip(), page
        assert parsed.one("twitter:card") == "summary_large_image"
        assert parsed.one("twitter:title") == parsed.one("og:title")
        if page == site.site_dir / "404.html":  # served at any address: it has none of its own
            assert "og:url" not in parsed.meta
            continue
        canonical = next(link["href"] for link in parsed.links if link.get("rel") == "canonical")
        assert parsed.one("og:url") == canonical and site_file(site, canonical) == page
        image = site_file(site, parsed.one("og:image"))
        assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and parsed.one("twitter:image") == parsed.one("og:image")
        feeds = [link for link in parsed.links if link.get("type") == "application/atom+xml"]
        assert all("alternate" in feed["rel"].split() for feed in feeds), page  # feed readers find them
        assert all(feed["rel"] != "alternate" for feed in feeds), page  # Material would take it for a language
        found = [site_file(site, urljoin(canonical, feed["href"])) for feed in feeds]
        # A list of one angle or one level also announces its own feed, beside it.
        parts = page.relative_to(site.site_dir).parts  # cas/par-angle/participation/[2/]index.html
        listed = len(parts) >= 4 and parts[0] == layout.CASES and parts[1] in layout.FEED_FACETS
        own = [site.site_dir.joinpath(*parts[:3], "flux.xml")] if listed else []
        assert found == [site.site_dir / "donnees/flux.xml", *own], page
        assert all(path.is_file() for path in found)


def test_case_pages_describe_themselves_as_articles(site: Project) -> None:
    for case in cases(site):
        if case.meta.status == "draft":
            continue
        parsed = head(site.site_dir / "cas" / case.slug / "index.html")
        assert len(parsed.jsonld) == 1, case.slug
        article = json.loads(parsed.jsonld[0])
        url = SITE_URL + f"cas/{case.slug}/"
        assert article["@type"] == "Article" and article["url"] == url
        # Its words typeset as the page's (generator/publish/typography.py); its addresses never.
        assert article["headline"] == typography.text(" ".join(case.meta.title.split()))
        assert article["dateModified"] == case.meta.last_reviewed
        assert article["about"]["name"] == typography.text(" ".join(case.meta.administration.split()))
        assert [work["name"] for work in article["citation"]] == [typography.text(" ".join(s.title.split()))
                                                                  for s in case.meta.sources]
        assert parsed.one("og:type") == "article"
        assert parsed.one("citation_title") == " ".join(case.meta.title.split())
        assert parsed.one("citation_public_url") == url
        assert parsed.one("citation_publication_date") == case.meta.last_reviewed.replace("-", "/")
        assert parsed.meta["citation_author"] == (case.meta.contributors or ["Équipe Social Media Gouvernance"])


def test_hostile_title_stays_text_in_every_tag(site: Project) -> None:
    page = site.site_dir / "cas" / HOSTILE_TITLE_SLUG / "index.html"
    html = page.read_text(encoding="utf-8")
    parsed = head(page)
    for key in ("og:title", "twitter:title", "citation_title"):
        assert parsed.one(key) == HOSTILE_TITLE, key
    assert json.loads(parsed.jsonld[0])["headline"] == HOSTILE_TITLE
    script = html[html.index('<script type="application/ld+json">'):]
    script = script[:script.index("</script>")]
    assert not re.search(r"[<>&]", script.split(">", 1)[1])  # nothing can end the element early
    assert "<b>gras</b>" not in html.split("</head>")[0]


def test_script_json_escapes_what_could_close_a_script() -> None:
    value = "</script><!-- ]]> & \u2028\u2029 é"
    text = share.script_json({"v": value})
    assert not re.search("[<>&\u2028\u2029]", text)
    assert json.loads(text) == {"v": value}


def test_committed_sharing_image_is_the_drawn_one() -> None:
    committed = (ROOT / "docs" / "assets" / "partage.png").read_bytes()
    assert committed == siteimage.png(siteimage.draw())
    width, height = struct.unpack(">II", committed[16:24])
    assert (width, height) == (1200, 630)


# --- edit links ---------------------------------------------------------------------

def test_every_page_has_an_edit_link_to_an_existing_file(site: Project) -> None:
    expected = {"comparaisons/twitter-grandes-villes/index.html": "casestudies/comparaisons.yml",
                "formations/lire-les-chiffres/support/index.html": "curricula/lire-les-chiffres.md",
                "cas/rennes/index.html": "casestudies/rennes.md",
                "guides/twitter-collectivite/index.html": "docs/guides/twitter-collectivite.md",
                "cas/index.html": "generator/templates/cases_index.md.j2"}
    for page in theme_pages(site):
        name = page.relative_to(site.site_dir).as_posix()
        if name == "404.html":
            continue
        edits = re.findall(r'<a href="([^"]*)"[^>]*rel="edit"', page.read_text(encoding="utf-8"))
        assert len(edits) == 1, name
        assert edits[0].startswith(REPO_EDIT), (name, edits[0])
        source = edits[0][len(REPO_EDIT):]
        # Content files are in the test project; the generator's templates in the repository.
        assert (site.root / source).is_file() or (source.startswith("generator/") and (ROOT / source).is_file()), name
        if name in expected:
            assert source == expected.pop(name)
    assert not expected, f"pages not found: {expected}"


# --- anchors that smg validate knows ------------------------------------------------

def test_anchors_known_before_rendering_are_those_of_the_built_pages(site: Project) -> None:
    """links.py computes a page's anchors without building the site: they must be the
    ids of the built page, and include every heading's."""
    guides, _ = check_guides(load.load_paths(site.guide_files(), root=site.root))
    public = {c.slug for c in cases(site) if c.meta.status != "draft"}
    pages = site_pages(site.docs_dir, site.cases_dir, site.config(), public, set(), guides, [], [])
    sources = [f"cas/{slug}.md" for slug in sorted(public)] + [f"guides/{g.slug}.md" for g in guides]
    sources += ["contribuer/format.md", "guides/index.md"]
    for src in sources:
        page = site.site_dir / src.removesuffix(".md").removesuffix("index") / "index.html"
        built = head(page)
        article = page.read_text(encoding="utf-8").split("<article", 1)[1].split("</article>", 1)[0]
        headings = re.findall(r'<h[1-6] id="([^"]+)"', article)
        assert len(headings) > 2, src
        known = pages.anchors(src)
        assert known is not None, src
        assert known <= built.ids, (src, sorted(known - built.ids))
        assert set(headings) <= known, (src, sorted(set(headings) - known))


def test_draft_is_not_in_the_offline_copy_search(site: Project, tmp_path: Path) -> None:
    target = tmp_path / "hors-ligne"
    assert run_mkdocs_into(site, target, "offline")
    index = offlinesearch.build_index(target)
    locations = {page["u"] for page in index["pages"]}
    assert any("cas/rennes" in location for location in locations)
    assert not any("cas/gamma" in location for location in locations)
    assert (target / "cas" / "gamma" / "index.html").is_file()  # still at its address


def test_guides_carry_citation_tags(site: Project) -> None:
    guides, _ = check_guides(load.load_paths(site.guide_files(), root=site.root))
    assert guides
    for guide in guides:
        parsed = head(site.site_dir / "guides" / guide.slug / "index.html")
        assert parsed.one("citation_title") == " ".join(guide.meta.title.split())
        assert parsed.one("citation_public_url") == SITE_URL + f"guides/{guide.slug}/"
        assert parsed.one("citation_publication_date") == guide.meta.last_reviewed.replace("-", "/")
        assert parsed.one("og:type") == "website" and not parsed.jsonld
