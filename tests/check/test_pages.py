"""Every file of docs/ a browser could run is checked or refused (generator/check/pages.py):
hand-written pages in any folder through the allow-list, no page under another extension,
no HTML page, no unsafe SVG, no key of <head> in a page's front matter."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.check import pages
from generator.check.project import check as check_project
from generator.cli import commands as cli
from generator.project.project import Project

from ..sitekit import FIXTURES, ROOT, make_project

SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">\n{}\n</svg>\n'

# (file under docs/, its text, the problem expected: (line, column, code))
HOSTILE = {
    "guides/extra/piege.md": ("---\ntitle: Piège\n---\n\n# Piège\n\n<script>alert(1)</script>\n", (7, 1, "E501")),
    "contribuer/ajout.md": ("# Ajout\n\nTexte.\n\n<img src=x onerror=alert(2)>\n", (5, 12, "E501")),
    "formations/lien.md": ("# Liste\n\n[lien](javascript:alert(3))\n", (3, 8, "E501")),
    "page.markdown": ("# Page\n", (1, 1, "E108")),
    "page.mdown": ("# Page\n", (1, 1, "E108")),
    "guides/GRAND.MD": ("# Grand\n", (1, 1, "E108")),
    "statique.html": ("<script>alert(4)</script>", (1, 1, "E108")),
    "assets/script.svg": (SVG.format('<rect width="1" height="1"/>\n<script>alert(5)</script>'), (3, 1, "E510")),
    "assets/clic.svg": (SVG.format('<rect width="1" height="1" onclick="alert(6)"/>'), (2, 1, "E510")),
    "assets/dehors.svg": (SVG.format('<image xlink:href="https://exemple.org/x.png"/>'), (2, 1, "E510")),
    "assets/anime.svg": (SVG.format('<a href="#x"><set attributeName="href" to="javascript:alert(7)"/></a>'),
                         (2, 1, "E510")),
    "assets/style.svg": (SVG.format("<style>rect { fill: url(https://exemple.org/f) }</style>"), (2, 1, "E510")),
    "assets/entite.svg": ('<!DOCTYPE svg [<!ENTITY x "y">]>\n' + SVG.format(""), (1, 1, "E510")),
    "tete.md": ("---\ntitle: Tête\nhead_meta:\n  - name: x\n    content: y\n---\n\nTexte.\n", (3, 1, "E316")),
    "json.md": ('---\ntitle: Données\njsonld: "{"\n---\n\nTexte.\n', (3, 1, "E316")),
}


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)


def found(project: Project) -> dict[str, list[tuple[int, int, str]]]:
    problems = pages.docs_problems(project.docs_dir)
    result: dict[str, list[tuple[int, int, str]]] = {}
    for p in problems:
        result.setdefault(p.path.removeprefix("docs/"), []).append((p.line, p.column, p.code))
    return result


@pytest.mark.parametrize("rel", sorted(HOSTILE))
def test_each_hostile_file_of_docs_is_refused_where_it_is(project: Project, rel: str) -> None:
    text, expected = HOSTILE[rel]
    target = project.docs_dir / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    assert found(project) == {rel: [expected]}


def test_the_real_docs_pass(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    assert found(project) == {}
    assert any((ROOT / "docs").rglob("*.svg"))  # the real images were checked


def test_harmless_svg_and_page_pass(project: Project) -> None:
    (project.docs_dir / "assets").mkdir()
    (project.docs_dir / "assets" / "carte.svg").write_text(
        SVG.format('<defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="1" height="1"/>'
                   '<use href="#g"/><title>Carte</title>'), encoding="utf-8")
    (project.docs_dir / "sans-entete.md").write_text("# Sans en-tête\n\nDu **texte** et un [lien](https://exemple.org).\n",
                                                     encoding="utf-8")
    assert found(project) == {}


def test_validate_reports_them_with_the_other_problems(project: Project) -> None:
    for rel in ("guides/extra/piege.md", "assets/script.svg", "tete.md"):
        target = project.docs_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(HOSTILE[rel][0], encoding="utf-8")
    outcome, _ = check_project(project)
    assert {(p.path, p.code) for p in outcome.problems if p.is_error} == {
        ("docs/guides/extra/piege.md", "E501"), ("docs/assets/script.svg", "E510"), ("docs/tete.md", "E316")}


def test_build_refuses_them_and_keeps_the_site(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """What `smg build` does with every input above: exit 1, each at its line, nothing written."""
    for rel, (text, _) in HOSTILE.items():
        target = project.docs_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    monkeypatch.chdir(project.root)
    result = CliRunner().invoke(cli.main, ["build"])
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    for rel, (_, (line, column, error)) in HOSTILE.items():
        assert f"docs/{rel}:{line}:{column}: {error} " in result.output, (rel, result.output)
    assert not project.site_dir.exists() and not project.out_dir.exists()
