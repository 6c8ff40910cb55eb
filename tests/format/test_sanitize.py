"""The sanitiser on its own: what it keeps, how it writes links and headings back, and
that it renders Markdown as the site does."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator import layout
from generator.format import markdown
from generator.render import md_escape, sanitize
from generator.write.generate import generate

from ..sitekit import ROOT, make_project


def clean(text: str, page: str = "cas/rennes.md") -> str:
    return markdown.clean(markdown.render(text), page)


def test_extensions_are_those_of_mkdocs_yml() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python", "x"))
    names = [next(iter(item)) if isinstance(item, dict) else item for item in config["markdown_extensions"]]
    assert tuple(names) == markdown.EXTENSIONS


def test_prose_survives() -> None:
    html = clean("Du **gras**, de l'*italique*, du `code`, une [page](https://example.org \"titre\") "
                 "et [un courriel](mailto:a@example.org).\n\n- un\n- deux\n\n> citation\n\n"
                 "| a | b |\n|:--|--:|\n| 1 | 2 |\n\n!!! tip \"Conseil\"\n    Texte.")
    for kept in ("<strong>gras</strong>", "<em>italique</em>", "<code>code</code>",
                 '<a href="https://example.org" title="titre" rel="noopener noreferrer">page</a>',
                 'href="mailto:a@example.org"', "<li>deux</li>", "<blockquote>", '<th align="left">a</th>',
                 '<div class="admonition tip">', '<p class="admonition-title">Conseil</p>'):
        assert kept in html, kept


def test_links_become_directory_urls_relative_to_the_page() -> None:
    html = clean("[a](nantes.md) [b](../guides/twitter-collectivite.md#etape-1) [c](../cas/index.md) "
                 "[d](#recit) [e](/autre/) ![f](../images/carte.png)")
    assert 'href="../../cas/nantes/"' in html
    assert 'href="../../guides/twitter-collectivite/#etape-1"' in html
    assert 'href="../../cas/"' in html and 'href="#recit"' in html and 'href="/autre/"' in html
    assert 'src="../../images/carte.png"' in html
    assert 'href="../cas/nantes/"' in clean("[a](../cas/nantes.md)", "guides/index.md")


def test_links_out_of_the_site_are_dropped() -> None:
    for link in ("../../../../etc/passwd", "//evil.example/x", "/\\evil.example/x", "ftp://example.org/x"):
        assert "href" not in clean(f"[x]({link})"), link


def test_headings_go_back_as_markdown_with_their_ids() -> None:
    text = sanitize.sanitize("## Contexte\n\nTexte[^a].\n\n### Sources\n\n## Fiche\n\n## Titre *x* <b>", "cas/r.md",
                             md_escape, reserved={"sources", "fiche"}, shift=1, footnotes="[^a]: Source A.")
    lines = text.markdown.splitlines()
    assert "### Contexte { #contexte }" in lines
    assert "#### Sources { #sources_1 }" in lines  # the page's own section keeps its id
    assert "### Fiche { #fiche_1 }" in lines and "### Titre x { #titre-x }" in lines
    assert '<sup id="fnref:a"><a class="footnote-ref" href="#fn:a"' in text.markdown
    assert text.footnotes.startswith('<div class="footnote">') and "Source A." in text.footnotes
    assert text.ids == ["contexte", "sources_1", "fiche_1", "titre-x"]


def test_heading_text_is_escaped() -> None:
    text = sanitize.sanitize("## Titre &lt;script&gt; `{: #y }` *[z]* {: #z }", "cas/r.md", md_escape)
    assert text.markdown == "## Titre &lt;script&gt; \\{: \\#y \\} \\[z\\] { #z }"


def test_theme_ids_cannot_be_taken() -> None:
    assert 'id="__search"' not in clean("Texte\n{: #__search }")
    assert "<input" not in clean('<input id="__drawer" type="checkbox">')


def test_broken_internal_link_is_reported_by_the_build(tmp_path: Path) -> None:
    """E507: a relative link to no page of the site, found once every page is known."""
    project = make_project(tmp_path)
    rennes = project.cases_dir / "rennes.md"
    text = rennes.read_text(encoding="utf-8")
    rennes.write_text(text + "\nVoir [Nantes](nantes.md) et [une page absente](../cas/nulle-part.md).\n",
                      encoding="utf-8")
    outcome = generate(project)
    found = [p for p in outcome.problems if p.code == "E507"]
    assert [(p.path, p.line) for p in found] == [("casestudies/rennes.md", text.count("\n") + 2)]
    assert "cas/nulle-part.md" in found[0].message
    assert outcome.failed and not (project.out_dir / layout.written("cas/rennes.md")).exists()
