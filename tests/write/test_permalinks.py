"""Permanent links: aliases become redirects, the URL manifest, `smg check-urls`,
guides and training modules whose references must resolve, and « Citer cette page »."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import layout
from generator.cli.commands import main
from generator.project.project import Project
from generator.publish.publish import run_mkdocs
from generator.render import cite
from generator.write.generate import generate

from ..sitekit import FIXTURES, make_project

GUIDE = """\
---
title: "Guide d'essai"
description: "Un guide pour les tests."
angles: [participation]
practices: [comptes-thematiques]
last_reviewed: 2026-01-15
---

# Guide d'essai

Voir [Alpha](../cas/alpha.md).
"""

MODULE = """\
---
title: "Module d'essai"
description: "Un module pour les tests."
audience: "Tout public."
duration: "1 heure"
objectives:
  - lire une fiche.
sequence:
  - case: alpha
    duration: 10 min
    activity: "Lire la fiche."
  - guide: essai
    activity: "Lire le guide."
last_reviewed: 2026-01-15
---

## Exercice

Relire [la fiche Beta](../cas/beta.md).
"""


def _fixture_project(tmp_path: Path) -> Project:
    project = make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)
    (project.docs_dir / "guides").mkdir()
    (project.docs_dir / "guides" / "essai.md").write_text(GUIDE, encoding="utf-8")
    project.modules_dir.mkdir()
    (project.modules_dir / "essai.md").write_text(MODULE, encoding="utf-8")
    (project.docs_dir / "formations").mkdir()
    (project.docs_dir / "formations" / "index.md").write_text("# Formations\n\n<!-- smg:formations -->\n",
                                                              encoding="utf-8")
    return project


def _rename(project: Project, old: str, new: str, keep_alias: bool) -> None:
    source = project.cases_dir / f"{old}.md"
    text = source.read_text(encoding="utf-8")
    source.unlink()
    for other in project.cases_dir.glob("*.md"):
        content = other.read_text(encoding="utf-8")
        other.write_text(re.sub(rf"(?<=[\[ ]){old}(?=[,\]])", new, content), encoding="utf-8")
    curated = project.comparisons_file
    if curated.is_file():
        curated.write_text(re.sub(rf"(?<=[\[ ]){old}(?=[,\]])", new, curated.read_text("utf-8")), "utf-8")
    # Links in module and guide bodies follow the rename, as the build asks (E507).
    for page in [*project.modules_dir.glob("*.md"), *(project.docs_dir / "guides").glob("*.md")]:
        page.write_text(page.read_text("utf-8").replace(f"cas/{old}.md", f"cas/{new}.md"), "utf-8")
    if keep_alias:
        text = re.sub(r"^aliases: \[\]$", f"aliases: [{old}]", text, flags=re.MULTILINE)
    (project.cases_dir / f"{new}.md").write_text(text, encoding="utf-8")


def _check_urls(project: Project, manifest: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(project.root)
    return CliRunner().invoke(main, ["check-urls", str(manifest)])


# --- guides and modules ----------------------------------------------------------------

def test_guide_gets_related_cases_and_citation(tmp_path: Path) -> None:
    project = _fixture_project(tmp_path)
    assert not generate(project).failed
    page = (project.out_dir / layout.written("guides/essai.md")).read_text(encoding="utf-8")
    # Front matter with escaped values, the body as clean HTML with its link written for the page.
    assert page.startswith('---\ntitle: "Guide d&#39;essai"\ndescription: "Un guide pour les tests."\n')
    front, body = page.removeprefix("---\n").split("\n---\n", 1)
    assert "\npagefind: true" in "\n" + front and body.startswith("# Guide d'essai { #guide-dessai }\n")
    assert '<p>Voir <a href="../../cas/alpha/" rel="noopener noreferrer">Alpha</a>.</p>' in page
    related = page.split("## Études de cas sur ce thème")[1].split("<summary>Citer cette page</summary>")[0]
    assert ("[Alpha : une ville sur Twitter](../../cas/alpha/index.md) — Ville d'Alpha "
            "(Comptes thématiques, participation)") in related
    assert "Beta" not in related  # neither the practice nor the angle
    assert "« Guide d'essai », Social Media Gouvernance, relu contre ses sources le 15 janvier 2026" in page


def test_guide_with_unknown_practice_is_located(tmp_path: Path) -> None:
    project = _fixture_project(tmp_path)
    guide = project.docs_dir / "guides" / "essai.md"
    guide.write_text(GUIDE.replace("[comptes-thematiques]", "[comptes-thematique]"), encoding="utf-8")
    outcome = generate(project)
    (found,) = [p for p in outcome.problems if p.code == "E304"]
    assert (found.path, found.line) == ("docs/guides/essai.md", 5)
    assert "comptes-thematiques" in found.message and outcome.report is None


def test_module_pages_and_listing(tmp_path: Path) -> None:
    project = _fixture_project(tmp_path)
    assert not generate(project).failed
    course = (project.out_dir / layout.written("formations/essai.md")).read_text(encoding="utf-8")
    assert "1. **[Alpha : une ville sur Twitter](../../cas/alpha/index.md)** (10 min) — Lire la fiche\\." in course
    assert "2. **[Guide d'essai](../../guides/essai/index.md)** — Lire le guide\\." in course
    assert "[Version à imprimer](support/index.md)" in course
    handout = (project.out_dir / layout.written("formations/essai/support.md")).read_text(encoding="utf-8")
    assert "## Étape 1 : Alpha : une ville sur Twitter" in handout
    assert "- Ouvrir un compte par thème\\." in handout  # the case's lessons, printed
    assert "https://social-media-gouvernance.github.io/base-de-connaissances/cas/alpha/" in handout
    listing = (project.out_dir / "formations/index.md").read_text(encoding="utf-8")
    assert "<!-- smg:formations -->" not in listing and "[Module d'essai](essai/index.md)" in listing


@pytest.mark.parametrize("step, message", [("case: omega", "aucune étude de cas publiée « omega »"),
                                           ("case: gamma", "« gamma » est un brouillon (status: draft)"),
                                           ("guide: absent", "aucun guide (docs/guides/) « absent »")])
def test_module_step_must_exist(tmp_path: Path, step: str, message: str) -> None:
    project = _fixture_project(tmp_path)
    module = project.modules_dir / "essai.md"
    module.write_text(MODULE.replace("case: alpha", step).replace("guide: essai", step), encoding="utf-8")
    outcome = generate(project)
    found = [p for p in outcome.problems if p.code == "E402"]
    column = 5 + len(step.split(":")[0]) + 2  # "  - " then "case: " or "guide: "
    assert found and (found[0].path, found[0].line, found[0].column) == ("curricula/essai.md", 9, column)
    assert message in found[0].message


# --- redirects, manifest, check-urls ------------------------------------------------------

def test_manifest_lists_pages_and_redirects(tmp_path: Path) -> None:
    project = _fixture_project(tmp_path)
    generate(project)
    manifest = json.loads((project.out_dir / "urls.json").read_text(encoding="utf-8"))
    assert {"cas/alpha/", "guides/essai/", "formations/essai/", "formations/essai/support/",
            "donnees/etudes-de-cas.csv", ""} <= set(manifest["pages"])
    assert manifest["redirects"] == {"cas/alpha-ville/": "cas/alpha/"}
    recorded = json.loads(project.redirects_file.read_text(encoding="utf-8"))
    assert recorded == {"cas/alpha-ville.md": "cas/alpha/index.md"}


def test_alias_that_is_a_page_is_refused(tmp_path: Path) -> None:
    project = _fixture_project(tmp_path)
    (project.docs_dir / "guides" / "index.md").write_text("# Guides\n", encoding="utf-8")
    guide = project.docs_dir / "guides" / "essai.md"
    guide.write_text(GUIDE.replace("last_reviewed: 2026-01-15", "last_reviewed: 2026-01-15\naliases: [index]"),
                     encoding="utf-8")
    outcome = generate(project)
    # Found before rendering, at the alias, naming the page it would replace.
    assert outcome.failed and [(p.path, p.code) for p in outcome.problems] == [("docs/guides/essai.md", "E403")]
    assert "docs/guides/index.md" in outcome.problems[0].message


@pytest.mark.parametrize("keep_alias", [True, False])
def test_check_urls_after_a_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, keep_alias: bool) -> None:
    project = _fixture_project(tmp_path)
    generate(project)
    old = tmp_path / "ancien-urls.json"
    shutil.copy(project.out_dir / "urls.json", old)
    _rename(project, "beta", "beta-regions", keep_alias)
    result = _check_urls(project, old, monkeypatch)
    if keep_alias:
        assert result.exit_code == 0, result.output
        assert ", 0 cassée." in result.output
    else:
        assert result.exit_code == 1
        assert "adresse cassée : /cas/beta/" in result.output and "1 cassée." in result.output


def test_check_urls_rejects_a_file_that_is_no_manifest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = _fixture_project(tmp_path)
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    result = _check_urls(project, bad, monkeypatch)
    assert result.exit_code == 2 and "manifeste" in result.output and "Traceback" not in result.output


def test_renamed_case_keeps_its_old_address(tmp_path: Path) -> None:
    """The real site: rename a case study with its old slug as alias; the old URL still leads to it."""
    project = make_project(tmp_path)
    assert not generate(project).failed
    old_manifest = json.loads((project.out_dir / "urls.json").read_text(encoding="utf-8"))
    _rename(project, "new-york", "ville-de-new-york", keep_alias=True)
    for page in project.docs_dir.rglob("*.md"):  # the guides, the glossary: every page linking to it
        page.write_text(page.read_text("utf-8").replace("cas/new-york.md", "cas/ville-de-new-york.md"), "utf-8")
    for page in project.modules_dir.glob("*.md") if project.modules_dir.is_dir() else []:
        page.write_text(page.read_text("utf-8").replace("new-york", "ville-de-new-york"), "utf-8")
    outcome = generate(project)
    assert not outcome.failed, outcome.problems
    assert run_mkdocs(project)
    redirect = (project.site_dir / "cas/new-york/index.html").read_text(encoding="utf-8")
    assert 'href="../ville-de-new-york/"' in redirect
    current = json.loads((project.site_dir / "urls.json").read_text(encoding="utf-8"))
    assert all(url in current["pages"] or current["redirects"].get(url) in current["pages"]
               for url in old_manifest["pages"])


def test_guide_link_to_a_missing_case_fails_the_build(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    guide = project.docs_dir / "guides" / "strategie-trois-angles.md"
    text = guide.read_text("utf-8")
    guide.write_text(text + "\nVoir [une fiche](../cas/inexistante.md).\n", "utf-8")
    outcome = generate(project)
    assert outcome.failed and outcome.report is None
    (found,) = [p for p in outcome.problems if p.is_error]
    assert (found.path, found.line, found.code) == ("docs/guides/strategie-trois-angles.md", text.count("\n") + 2,
                                                    "E507")


# --- citations ---------------------------------------------------------------------------

def test_citation_formats_escape_and_parse() -> None:
    item = cite.Citable("x", "Titre {avec} & 100 % de _spécial_", "https://exemple.fr/cas/x/", "2026-03-01",
                        "Social Media Gouvernance", ("Ville d'Exemple",))
    assert cite.french(item) == ("Ville d'Exemple, « Titre {avec} & 100 % de _spécial_ », Social Media "
                                 "Gouvernance, relu contre ses sources le 1er mars 2026, https://exemple.fr/cas/x/")
    bib = cite.bibtex(item)
    assert "title = {{Titre \\{avec\\} \\& 100 \\% de \\_spécial\\_}}" in bib
    assert "author = {{Ville d'Exemple}}" in bib and "urldate = {2026-03-01}" in bib
    (data,) = json.loads(cite.csl_json(item))
    assert data["URL"] == "https://exemple.fr/cas/x/" and data["issued"] == {"date-parts": [[2026, 3, 1]]}
    assert data["author"] == [{"literal": "Ville d'Exemple"}] and data["type"] == "webpage"


def test_code_block_fence_outlasts_backticks() -> None:
    block = cite.code_block("bibtex", "a ```` b")
    assert block.splitlines()[0] == "`````bibtex" and block.splitlines()[-1] == "`````"


def test_case_page_has_citation_section(tmp_path: Path) -> None:
    project = _fixture_project(tmp_path)
    generate(project)
    page = (project.out_dir / layout.written("cas/alpha.md")).read_text(encoding="utf-8")
    # One disclosure, closed until the reader opens it: no heading, no code shown by default.
    section = page.split('<details class="smg-cite quote" id="citer" data-pagefind-ignore="all" markdown>')[1]
    assert section.startswith("\n<summary>Citer cette page</summary>\n")
    assert "Équipe test, « Alpha : une ville sur Twitter », Social Media Gouvernance" in section
    assert "@misc{smg-alpha," in section and '"id": "smg-alpha"' in section
