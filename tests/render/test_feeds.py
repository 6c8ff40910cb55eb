"""The Atom feeds of one angle and of one level, beside the list page of that value: valid
Atom with French titles and stable identifiers, the public case studies of that value
only, and a page that links to its feed."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
import yaml

from generator import layout
from generator.project.project import Project

from ..sitekit import ROOT

ATOM = "{http://www.w3.org/2005/Atom}"
SITE_URL = Project(ROOT).config().page_url("")

# The fictional case studies of fixtures/render/: alpha (commune; communication and
# participation), beta (panorama; communication), gamma (a draft: ministère; communication).
EXPECTED = {
    ("par-angle", "communication"): ["alpha", "beta"],
    ("par-angle", "participation"): ["alpha"],
    ("par-niveau", "commune"): ["alpha"],
    ("par-niveau", "panorama"): ["beta"],
}


def _feed_files(tree: Path) -> set[str]:
    return {path.relative_to(tree).as_posix() for path in tree.rglob("flux.xml")}


def _parse(tree: Path, feed: str) -> ElementTree.Element:
    root = ElementTree.parse(tree / feed).getroot()
    assert root.tag == f"{ATOM}feed"
    return root


def test_one_feed_per_angle_and_level_that_has_public_case_studies(fixture_tree: Path) -> None:
    expected = {layout.facet_feed(facet, value) for facet, value in EXPECTED} | {layout.FEED}
    # No feed for the ministère level: its only case study is a draft.
    assert _feed_files(fixture_tree) == expected


@pytest.mark.parametrize("facet, value", sorted(EXPECTED))
def test_facet_feed_is_atom_with_the_public_case_studies_of_its_value(fixture_tree: Path, facet: str,
                                                                      value: str) -> None:
    feed = layout.facet_feed(facet, value)
    root = _parse(fixture_tree, feed)
    own_url = SITE_URL + feed
    assert root.findtext(f"{ATOM}id") == own_url
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", root.findtext(f"{ATOM}updated"))
    title = root.findtext(f"{ATOM}title")
    label = {"par-angle": "Angle", "par-niveau": "Niveau"}[facet]
    assert title.startswith("Social Media Gouvernance : études de cas — " + label + " : ")
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links == {"self": own_url, "alternate": SITE_URL + layout.address(layout.facet_value(facet, value))}
    assert root.find(f"{ATOM}author/{ATOM}name").text
    entries = root.findall(f"{ATOM}entry")
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert sorted(ids) == [SITE_URL + layout.address(layout.case(slug)) for slug in EXPECTED[(facet, value)]]
    for entry in entries:
        assert entry.findtext(f"{ATOM}title") and entry.findtext(f"{ATOM}updated")
        assert entry.find(f"{ATOM}link").get("href") == entry.findtext(f"{ATOM}id")


def test_main_feed_keeps_its_title_and_address(fixture_tree: Path) -> None:
    root = _parse(fixture_tree, layout.FEED)
    assert root.findtext(f"{ATOM}id") == SITE_URL + layout.FEED
    assert root.findtext(f"{ATOM}title").endswith(" : études de cas ajoutées ou relues contre leurs sources")


def _front_matter(text: str) -> dict:
    return yaml.safe_load(text.split("---\n")[1])


@pytest.mark.parametrize("facet, value", sorted(EXPECTED))
def test_facet_page_links_its_feed(fixture_tree: Path, facet: str, value: str) -> None:
    text = (fixture_tree / layout.written(layout.facet_value(facet, value))).read_text(encoding="utf-8")
    feed = layout.facet_feed(facet, value)
    meta = _front_matter(text)["feed"]
    assert meta["href"] == feed and meta["title"] == _parse(fixture_tree, feed).findtext(f"{ATOM}title")
    assert "[S’abonner (Atom)](flux.xml)" in text  # beside the page's own file


def test_pages_of_other_facets_have_no_feed(fixture_tree: Path) -> None:
    text = (fixture_tree / layout.written(layout.facet_value(layout.COUNTRY_FACET, "FR"))).read_text(encoding="utf-8")
    assert "feed" not in _front_matter(text) and "S’abonner" not in text
