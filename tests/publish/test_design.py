"""The site's face: home page, French order of names, identity, 404 and redirect pages.

Most checks read the shared `built_site` (tests/conftest.py): the real site, built strictly
once, with a hostile case study reviewed last (so that it is on the home page's cards) with
a hostile keyword, and an alias on Rennes (so that a redirect page is written).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generator.context.collation import collation_key
from generator.context.site import build_site
from generator.project.project import Project
from generator.publish import typography
from generator.render import home
from generator.write.generate import generate

from ..sitekit import FIXTURES, ROOT, make_project
from ..write.test_build import parse


@pytest.fixture
def site(built_site: Project) -> Project:
    return built_site


def html(project: Project, path: str) -> str:
    return (project.site_dir / path).read_text(encoding="utf-8")


# --- French order --------------------------------------------------------------------

def test_collation_ignores_accents_ligatures_and_case() -> None:
    names = ["France", "États-Unis", "espagne", "Zambie", "Œuvre", "oasis", "Allemagne", "éditeurs"]
    assert sorted(names, key=collation_key) == ["Allemagne", "éditeurs", "espagne", "États-Unis",
                                                "France", "oasis", "Œuvre", "Zambie"]


def test_collation_is_total_for_names_equal_but_for_accents() -> None:
    assert sorted(["été", "ete", "Été"], key=collation_key) == sorted(["Été", "ete", "été"], key=collation_key)
    assert collation_key("été") != collation_key("ete")


# An entry of the keyword index: its id, its link, its name.
KEYWORD_ENTRY = re.compile(r'<li id="(mot-cle-[^"]+)"><a href="([^"]+)">(.*?)</a>(.*?)</li>')


def test_keyword_index_is_in_french_order(site: Project) -> None:
    index = parse(site.site_dir / "cas/etiquettes/index.html")
    entries = KEYWORD_ENTRY.findall(html(site, "cas/etiquettes/index.html"))
    ids = [entry[0] for entry in entries]
    assert "mot-cle-etats-unis" in ids
    plain = [re.sub(r"<[^>]+>", "", entry[2]).strip() for entry in entries]
    assert len(plain) == len(set(ids)) > 5
    assert plain == sorted(plain, key=collation_key)
    # "États-Unis" sits with the E, before "Facebook", not after "Twitter".
    assert plain.index("États-Unis") < plain.index("Facebook")
    assert plain.index("ministères") < plain.index("Œuvres d’été") < plain.index("panorama")
    assert "Œuvres d’été" in index.text  # French typography's apostrophe


def test_keyword_index_entry_leads_to_the_keyword_page(site: Project) -> None:
    entries = {entry[0]: entry for entry in KEYWORD_ENTRY.findall(html(site, "cas/etiquettes/index.html"))}
    _, link, _, count = entries["mot-cle-etats-unis"]
    assert link == "etats-unis/" and " ".join(count.split()) == "— 2 études de cas"
    page = html(site, "cas/etiquettes/etats-unis/index.html")
    listed = re.findall(r'<li><a href="\.\./\.\./([^"./]+)/">', page)
    assert "new-york" in listed and len(listed) == 2
    assert '<a href="../">Retour à l’index des mots-clés</a>' in page


def test_case_page_links_each_keyword_to_its_page(site: Project) -> None:
    page = html(site, "cas/new-york/index.html")
    pages = re.findall(r'class="md-tag" href="\.\./etiquettes/([^"#]+)/"', page)
    assert "etats-unis" in pages
    for slug in pages:
        assert (site.site_dir / "cas/etiquettes" / slug / "index.html").is_file()


def test_keywords_differing_by_case_get_two_pages(site: Project) -> None:
    page = html(site, "cas/hostile/index.html")
    pages = re.findall(r'class="md-tag" href="\.\./etiquettes/([^"#]+)/"', page)
    # In French order "Twitter" comes before "twitter" (the text breaks the tie).
    assert pages == ["twitter", "twitter-2", "oeuvres-dete"]


def test_countries_index_follows_french_names(site: Project) -> None:
    text = parse(site.site_dir / "cas/par-pays/index.html").text
    assert text.index("États-Unis") < text.index("France") < text.index("Islande")


# --- home page -----------------------------------------------------------------------

def test_home_counts_follow_the_data(site: Project) -> None:
    text = parse(site.site_dir / "index.html").text
    # The shared site has a draft, which the home page does not count.
    cases = [c for c in site.cases_dir.glob("*.md") if "\nstatus: draft\n" not in c.read_text(encoding="utf-8")]
    assert len(cases) < len(list(site.cases_dir.glob("*.md")))
    assert f"rassemble {len(cases)} études de cas" in text
    page = html(site, "index.html")
    assert page.count('class="smg-icon smg-icon--lg"') == 3  # one icon per angle card
    assert "Rechercher dans la base" in page and "data-smg-home-search" in page


def test_home_latest_cards_escape_front_matter(site: Project) -> None:
    parsed = parse(site.site_dir / "index.html")
    assert "<script>alert('titre')</script>" in parsed.text  # the hostile title, as text
    assert "Ville <b>grasse</b> & Cie" in parsed.text
    assert not any(tag in ("b", "iframe") for tag, _ in parsed.tags)
    assert not any("alert(" in script for script in parsed.scripts)


def test_level_bars_are_shares_of_the_largest_count(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)
    inputs = generate(project)
    assert not inputs.failed
    from generator.check.record import validate
    from generator.load.load import load_paths
    cases = [c for c in validate(load_paths(project.case_files())).cases]
    bars = home.level_bars(build_site(cases))
    counts = {bar.key: bar.count for bar in bars}
    top = max(counts.values())
    assert counts == {value: sum(c.meta.level == value for c in cases if c.meta.status != "draft")
                      for value in counts}
    assert all(bar.percent == round(100 * bar.count / top) for bar in bars)
    assert max(bar.percent for bar in bars) == 100


# --- identity and chrome -------------------------------------------------------------

def test_logo_favicon_and_footer(site: Project) -> None:
    page = html(site, "guides/index.html")
    assert re.search(r'<link rel="icon" href="[^"]*assets/favicon\.svg"', page)
    assert re.search(r'<img src="[^"]*assets/logo\.svg"', page)
    for asset in ("logo.svg", "favicon.svg"):
        svg = (site.site_dir / "assets" / asset).read_text(encoding="utf-8")
        assert svg.startswith("<svg") and "http" not in svg.replace("http://www.w3.org/2000/svg", "")
    footer = parse(site.site_dir / "guides/index.html").text
    assert "Material for MkDocs" not in footer and "Made with" not in footer
    assert typography.text("Accessibilité : non conforme") in footer
    assert "Copie hors ligne" not in footer  # built without --offline: no link to an absent archive
    assert "Le projet sur GitHub" in footer  # the repository link, in the footer (not the header)


def test_titles_have_weight() -> None:
    css = (ROOT / "docs/stylesheets/identite.css").read_text(encoding="utf-8")
    assert re.search(r"\.md-typeset h1 \{[^}]*font-weight: 700", css)


def test_case_page_shows_no_source_path(site: Project) -> None:
    page = parse(site.site_dir / "cas/rennes/index.html")
    assert "casestudies/rennes.md" not in page.text
    edit = [attrs["href"] for tag, attrs in page.tags
            if tag == "a" and "casestudies/rennes.md" in attrs.get("href", "")]
    assert edit and all(href.endswith("/edit/main/casestudies/rennes.md") for href in edit)


def test_citation_formats_are_folded_and_left_out_of_print(site: Project) -> None:
    page = html(site, "cas/rennes/index.html")
    cite = page[page.index('<details class="smg-cite quote"'):]
    cite = cite[:cite.index("</details>")]
    # One disclosure, closed: its summary is all a reader sees until opening it.
    assert re.match(r'<details class="smg-cite quote"[^>]*>\s*<summary>Citer cette page</summary>', cite)
    assert " open" not in cite[:cite.index(">")] and "<details" not in cite[1:]
    assert "@misc{" in re.sub(r"<[^>]+>", "", cite) and '"container-title"' in re.sub(r"<[^>]+>", "", cite)
    css = (ROOT / "docs/stylesheets/smg.css").read_text(encoding="utf-8")
    printed = css[css.index("@media print"):]
    assert ".smg-cite," in printed[:printed.index("display: none")]


def test_every_comparison_page_is_in_the_navigation(site: Project) -> None:
    nav = yaml.safe_dump(yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"])
    # Each comparison is written in its own folder (generator/layout.py); its pager pages
    # (comparaisons/plateformes/2/index.md) are reached from the first one.
    pages = sorted(p.relative_to(site.out_dir).as_posix() for p in (site.out_dir / "comparaisons").glob("*/index.md"))
    assert len(pages) >= 8
    missing = [page for page in pages if page not in nav]
    assert missing == []


def test_every_module_page_is_in_the_navigation(site: Project) -> None:
    # A page outside the navigation belongs to no tab: the Formations tab would not be marked.
    nav = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    formations = next(entry["Formations"] for entry in nav if "Formations" in entry)
    folder = site.out_dir / "formations"
    # The listing, and each module's page in its own folder (generator/layout.py).
    pages = sorted(p.relative_to(site.out_dir).as_posix() for p in [*folder.glob("*.md"), *folder.glob("*/index.md")])
    assert len(pages) >= 3
    assert pages == sorted(formations)


# --- French everywhere ---------------------------------------------------------------

def test_404_page_is_french_with_search_and_ways_home(site: Project) -> None:
    page = parse(site.site_dir / "404.html")
    assert "Page introuvable" in page.text and "Not found" not in page.text
    links = [attrs.get("href", "") for tag, attrs in page.tags if tag == "a"]
    path = "/base-de-connaissances/"
    assert {path, path + "."} & set(links) and f"{path}cas/" in links and f"{path}guides/" in links
    assert any(tag == "button" and "data-smg-home-search" in attrs for tag, attrs in page.tags)
    assert any(tag == "noscript" for tag, _ in page.tags)
    assert re.search(r"<title>Page introuvable - Social Media Gouvernance</title>", html(site, "404.html"))


def test_redirect_page_is_french_and_links_the_new_address(site: Project) -> None:
    page = html(site, "cas/rennes-ancien/index.html")
    parsed = parse(site.site_dir / "cas/rennes-ancien/index.html")
    assert '<html lang="fr">' in page and "Redirecting" not in page and "redirected" not in page
    assert "Cette page a changé d’adresse" in parsed.text  # French typography applied
    assert any(tag == "a" and attrs.get("href") == "../rennes/" for tag, attrs in parsed.tags)
    assert 'content="0; url=../rennes/"' in page
    assert '<meta name="robots" content="noindex">' in page
    sitemap = (site.site_dir / "sitemap.xml").read_text(encoding="utf-8")
    assert "cas/rennes/" in sitemap and "rennes-ancien" not in sitemap
