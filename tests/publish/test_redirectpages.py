"""The redirect pages that smg writes itself (generator/publish/redirectpages.py), from
the mapping that `smg generate` records in build/redirects.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.publish import redirectpages


@pytest.mark.parametrize(("old", "new", "directory_urls", "file", "url"), [
    ("cas/ancien.md", "cas/rennes/index.md", True, "cas/ancien/index.html", "../rennes/"),
    ("cas/ancien.md", "cas/rennes/index.md", False, "cas/ancien.html", "rennes/index.html"),
    ("guides/ancien.md", "guides/essai.md", True, "guides/ancien/index.html", "../essai/"),
    ("formations/ancien.md", "formations/essai/index.md", False, "formations/ancien.html", "essai/index.html"),
])
def test_page_and_target_where_the_engine_would_put_them(old: str, new: str, directory_urls: bool,
                                                         file: str, url: str) -> None:
    assert redirectpages.html_path(old, directory_urls) == file
    assert redirectpages.target_url(old, new, directory_urls) == url


def test_every_former_address_gets_a_french_page_to_its_target(tmp_path: Path) -> None:
    recorded = tmp_path / "redirects.json"
    recorded.write_text(json.dumps({"cas/ancien.md": "cas/rennes/index.md", "cas/vieux.md": "cas/nantes/index.md"}),
                        encoding="utf-8")
    site = tmp_path / "site"
    assert redirectpages.write_pages(site, recorded, "Le site") == 2
    page = (site / "cas/ancien/index.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in page and "Cette page a changé d'adresse" in page
    assert "Redirecting" not in page and "redirected" not in page
    assert '<link rel="canonical" href="../rennes/">' in page and 'content="0; url=../rennes/"' in page
    assert '<meta name="robots" content="noindex">' in page
    assert 'location.replace("../rennes/"+(anchor?"#"+anchor:""))' in page  # keeps the #fragment
    assert "<title>Page déplacée - Le site</title>" in page
    assert 'href="../nantes/"' in (site / "cas/vieux/index.html").read_text(encoding="utf-8")


def test_no_recorded_redirects_no_pages(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert redirectpages.write_pages(site, tmp_path / "absent.json", "Site") == 0
    (tmp_path / "broken.json").write_text("[1, 2]", encoding="utf-8")
    assert redirectpages.write_pages(site, tmp_path / "broken.json", "Site") == 0
    assert not site.exists()


def test_a_hostile_target_cannot_escape_the_page() -> None:
    page = redirectpages.page('../x/"</script><script>alert(1)//', "Site <b>")
    assert "<script>alert(1)" not in page and "<b>" not in page
    assert page.count("<script>") == 1
