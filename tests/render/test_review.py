"""The review page lists drafts and case studies not checked for too long."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import layout
from generator.cli import commands as cli
from generator.project.project import Project
from generator.write.generate import generate

from ..sitekit import FIXTURES, make_project


def _age(project: Project, slug: str, reviewed: str) -> None:
    path = project.cases_dir / f"{slug}.md"
    text = path.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.startswith("last_reviewed:"))
    path.write_text(text.replace(old, f"last_reviewed: {reviewed}"), encoding="utf-8")


def test_review_page_lists_drafts_and_overdue_cases(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)
    three_years_ago = (dt.date.today() - dt.timedelta(days=3 * 365)).isoformat()
    _age(project, "beta", three_years_ago)
    assert not generate(project).failed
    page = (project.out_dir / layout.written("contribuer/relecture.md")).read_text(encoding="utf-8")
    drafts, overdue = page.split("## À relire")
    assert "Gamma : un ministère en brouillon" in drafts
    assert "Beta : panorama des régions" in overdue and "Alpha" not in overdue
    assert "plus de\n**2 ans**" in page


def test_review_period_comes_from_mkdocs_yml(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)
    config = project.mkdocs_file.read_text(encoding="utf-8")
    project.mkdocs_file.write_text(config.replace("review_period_years: 2", "review_period_years: 5"),
                                   encoding="utf-8")
    _age(project, "beta", (dt.date.today() - dt.timedelta(days=3 * 365)).isoformat())
    generate(project)
    page = (project.out_dir / layout.written("contribuer/relecture.md")).read_text(encoding="utf-8")
    assert "plus de\n**5 ans**" in page and "Beta" not in page.split("## À relire")[1]


def test_every_case_page_shows_its_check_date(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)
    generate(project)
    page = project.out_dir / layout.written("cas/alpha.md")
    assert "Fiche relue contre ses sources le 15 janvier 2026" in page.read_text(encoding="utf-8")


def _set_period(project: Project, years: int) -> None:
    config = project.mkdocs_file.read_text(encoding="utf-8")
    assert "review_period_years: 2\n" in config
    project.mkdocs_file.write_text(config.replace("review_period_years: 2\n", f"review_period_years: {years}\n"),
                                   encoding="utf-8")


def _warned(problems) -> list[str]:
    return [p.path for p in problems if p.code == "W701"]


@pytest.mark.parametrize("years, late", [(2, True), (4, True), (5, False)])
def test_one_review_period_for_the_warning_and_the_page(years: int, late: bool, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Beta was reviewed 4 years and a month ago: mkdocs.yml's period alone says whether it is
    late, for `smg validate` (W701), for the build's check and for the review page alike."""
    project = make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)
    _set_period(project, years)
    _age(project, "beta", (dt.date.today() - dt.timedelta(days=4 * 365 + 31)).isoformat())
    outcome = generate(project)
    assert not outcome.failed, outcome.problems
    page = (project.out_dir / layout.written("contribuer/relecture.md")).read_text(encoding="utf-8")
    assert f"plus de\n**{years} ans**" in page
    assert ("Beta" in page.split("## À relire")[1]) is late
    assert _warned(outcome.problems) == (["casestudies/beta.md"] if late else [])
    if late:
        assert f"il y a plus de {years} ans" in next(p.message for p in outcome.problems if p.code == "W701")
    monkeypatch.chdir(project.root)
    result = CliRunner().invoke(cli.main, ["validate", "--format", "json"])
    warned = [p["path"] for p in json.loads(result.output)["problems"] if p["code"] == "W701"]
    assert warned == (["casestudies/beta.md"] if late else [])
