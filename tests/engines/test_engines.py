"""The real site built by ProperDocs and by Zensical 0.0.73 is the site MkDocs builds.

A copy of the project (its case studies, pages, modules and theme) gets one alias, so
that the site has a redirect to check; `smg build --engine NAME` then builds it with
each engine in turn, on the same generated tree. Each site is read with a real HTML
parser (sitecheck.py) and compared with the MkDocs one: the same page addresses
(urls.json), every redirect, the headings' and case studies' anchors, the edit links
and the marks of the theme overrides, and no broken internal link. Every difference
is printed; those listed in accepted.yml (with their reason) pass, any other fails.

The Zensical part needs the `engines` extra (pip install -e '.[engines]'): it is
skipped without it, except in CI (`CI` set), where it must run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli.commands import main
from generator.publish import engines
from tests.engines import sitecheck
from tests.sitekit import ROOT, make_project
from tests.smgrun import SMG

ACCEPTED = Path(__file__).with_name("accepted.yml")
ALIAS_CASE = "rennes"  # a real case study, given a former identifier in the copy only
ALIAS = "ancienne-adresse-rennes"
REPO_URL = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["repo_url"]
GENERATOR_MARK = {"properdocs": '<meta name="generator" content="mkdocs-ProperDocs ',
                  "zensical": '<meta name="generator" content="zensical-'}
BANNER_LINES = ("MkDocs may break support", "switch to *ProperDocs*", "Material for MkDocs reaches end of life",
                "NO_MKDOCS_2_WARNING", "DISABLE_MKDOCS_2_WARNING")


def ci_is_set() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def require(engine: str) -> None:
    if engines.is_installed(engine):
        return
    if ci_is_set():
        pytest.fail(f"{engine} is not installed, and CI must compare it: pip install -e '.[test]'")
    pytest.skip(f"{engine} is not installed (pip install -e '.[engines]')")


def write_job_summary(text: str) -> None:
    """The report in GitHub's job summary too (the workflow passes its path)."""
    target = os.environ.get("SMG_ENGINES_SUMMARY")  # tests/conftest.py hides GITHUB_STEP_SUMMARY
    if target:
        with open(target, "a", encoding="utf-8") as stream:
            stream.write(f"```\n{text}\n```\n")


def add_alias(case: Path, alias: str) -> None:
    text = case.read_text(encoding="utf-8")
    changed, count = re.subn(r"^aliases: \[\]$", f"aliases: [{alias}]", text, count=1, flags=re.M)
    assert count == 1, f"{case.name} has no empty aliases list to fill"
    case.write_text(changed, encoding="utf-8")


def smg_build(root: Path, engine: str) -> subprocess.CompletedProcess:
    return subprocess.run(SMG + ["build", "--engine", engine], cwd=root,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("moteurs"), curricula=True)
    add_alias(project.cases_dir / f"{ALIAS_CASE}.md", ALIAS)
    return project.root


@pytest.fixture(scope="module")
def built(project: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str]]:
    """Engine name -> (its site, kept aside, and what smg printed); built on demand."""
    sites: dict[str, tuple[Path, str]] = {}
    keep = tmp_path_factory.mktemp("sites")

    def build(engine: str) -> tuple[Path, str]:
        if engine not in sites:
            result = smg_build(project, engine)
            output = result.stdout + result.stderr
            assert result.returncode == 0, f"smg build --engine {engine} failed:\n{output}"
            target = keep / engine
            shutil.copytree(project / "site", target)
            sites[engine] = (target, output)
        return sites[engine]

    return build  # type: ignore[return-value]


def reference(built) -> sitecheck.Site:
    return sitecheck.read_site(built("mkdocs")[0], REPO_URL)


def test_mkdocs_site_is_whole(built):
    """The reference itself: every page of urls.json, its redirect, no broken link."""
    site = reference(built)
    assert site.manifest["redirects"] == {f"cas/{ALIAS}/": f"cas/{ALIAS_CASE}/"}
    assert [page for page in site.manifest["pages"] if site.page_at(page) is None] == []
    case = site.pages[f"cas/{ALIAS_CASE}/index.html"]
    assert set(sitecheck.CASE_ANCHORS) <= case.ids
    assert case.edit_links and set(case.edit_links) == {f"{REPO_URL}/edit/main/casestudies/{ALIAS_CASE}.md"}
    assert {"class:smg-footer-links", "attr:data-pagefind-body"} <= case.theme_marks
    assert sitecheck.compare(site, site) == []
    broken = sitecheck.broken_links(site)
    assert broken == [], "\n".join(map(str, broken))


@pytest.mark.parametrize("engine", ["properdocs", "zensical"])
def test_engine_builds_the_same_site(engine: str, built):
    require(engine)
    folder = built(engine)[0]
    # The engine asked for is the one that built the pages.
    assert GENERATOR_MARK[engine] in (folder / "index.html").read_text(encoding="utf-8")
    site = sitecheck.read_site(folder, REPO_URL)
    mkdocs = reference(built)
    differences = sitecheck.compare(mkdocs, site) + sitecheck.broken_links(site, mkdocs)
    accepted = [a for a in sitecheck.read_accepted(ACCEPTED) if a.engine == engine]
    summary = sitecheck.report(engine, differences, accepted)
    print("\n" + summary)
    write_job_summary(summary)
    unlisted = [d for d in differences if not any(a.matches(engine, d) for a in accepted)]
    assert unlisted == [], f"{len(unlisted)} difference(s) not in {ACCEPTED.name}:\n" + "\n".join(map(str, unlisted))
    unused = [a for a in accepted if not any(a.matches(engine, d) for d in differences)]
    assert unused == [], f"entries of {ACCEPTED.name} that match nothing any more (remove them): {unused}"


@pytest.mark.parametrize("engine", ["properdocs", "zensical"])
def test_engine_gets_the_same_redirect_page(engine: str, built):
    """smg writes the redirect pages after any engine: byte for byte the MkDocs ones, in French."""
    require(engine)
    file = f"cas/{ALIAS}/index.html"
    mkdocs = (built("mkdocs")[0] / file).read_text(encoding="utf-8")
    assert '<html lang="fr">' in mkdocs and f'content="0; url=../{ALIAS_CASE}/"' in mkdocs
    assert (built(engine)[0] / file).read_text(encoding="utf-8") == mkdocs


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs", "zensical"])
def test_no_mkdocs_2_banner_in_smg_output(engine: str, built):
    require(engine)
    output = built(engine)[1]
    assert f"Construction du site avec {engines.ENGINES[engine].label}" in output
    assert [line for line in output.splitlines() if any(b in line for b in BANNER_LINES)] == []


def test_banner_check_would_see_the_banners(project: Path):
    """Run the way a contributor runs `mkdocs build`: the banners are there, so the test
    above is not passing for want of looking."""
    mkdocs = shutil.which("mkdocs", path=str(Path(sys.executable).parent))
    assert mkdocs, "mkdocs is installed with smg"
    env = {k: v for k, v in os.environ.items() if k not in ("NO_MKDOCS_2_WARNING", "DISABLE_MKDOCS_2_WARNING")}
    result = subprocess.run([mkdocs, "build", "-q", "-d", str(project / "build" / "banner-check")], cwd=project,
                            capture_output=True, text=True, timeout=300, env=env)
    assert any(b in result.stderr for b in BANNER_LINES), result.stderr


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])
def test_real_warnings_still_reach_the_output(engine: str, project: Path):
    """Quieting the banners keeps MkDocs' own warnings: a broken link fails the strict
    build and is named in smg's output."""
    broken = project / "docs" / "contribuer" / "lien-casse.md"
    broken.write_text("# Essai\n\n[Page absente](page-absente.md)\n", encoding="utf-8")
    try:
        result = smg_build(project, engine)
    finally:
        broken.unlink()
    assert result.returncode == 1
    assert "page-absente.md" in result.stderr
    assert f"La construction {engines.ENGINES[engine].label} a échoué." in result.stderr


def test_missing_engine_is_a_french_error(project: Path, monkeypatch: pytest.MonkeyPatch):
    """An engine that is not installed: one French line, exit 1, no traceback, nothing built."""
    absent = engines.Engine("zensical", "Zensical", "module_absent_de_cet_environnement",
                            engines.ENGINES["zensical"].install)
    monkeypatch.setitem(engines.ENGINES, "zensical", absent)
    monkeypatch.chdir(project)
    before = sorted(p.name for p in (project / "build").iterdir()) if (project / "build").is_dir() else []
    result = CliRunner().invoke(main, ["build", "--engine", "zensical"])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Erreur : le moteur « zensical » (Zensical) n'est pas installé" in result.output
    assert "pip install -e '.[engines]'" in result.output
    after = sorted(p.name for p in (project / "build").iterdir()) if (project / "build").is_dir() else []
    assert after == before


def test_unknown_engine_is_a_usage_error(project: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["build", "--engine", "hugo"])
    assert result.exit_code == 2
    assert "hugo" in result.output and "mkdocs" in result.output


def test_zensical_config_is_mkdocs_yml_seen_from_build(tmp_path: Path):
    """build/zensical.yml: mkdocs.yml with its paths read from build/ and the output
    folder given; every other setting as it is."""
    original = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    target = ROOT / "build" / "site.tmp"
    config = engines.zensical_config(ROOT / "mkdocs.yml", target)
    assert config["docs_dir"] == "docs"  # build/docs
    assert config["site_dir"] == "site.tmp"
    assert "INHERIT" not in config  # the redirects are pages smg writes, no configuration
    assert config["theme"]["custom_dir"] == engines.ZENSICAL_THEME
    # Zensical's own search is on unless turned off: the site's is Pagefind's, added by smg.
    assert config["plugins"] == {"offline": {"enabled": False}, "search": {"enabled": False}}
    for key in ("site_url", "repo_url", "edit_uri", "nav", "markdown_extensions", "extra_css"):
        assert config[key] == original[key], key
    assert {k: v for k, v in config["theme"].items() if k != "custom_dir"} == \
        {k: v for k, v in original["theme"].items() if k != "custom_dir"}


def test_engine_is_part_of_the_site_fingerprint(project: Path):
    """Switching engine rebuilds the site even when nothing else changed (the `built`
    fixture relies on it: it builds each engine in turn in the same project)."""
    from generator.project.project import Project
    from generator.publish.publish import site_fingerprint

    prints = {name: site_fingerprint(Project(project), False, name) for name in engines.names()}
    assert len(set(prints.values())) == len(prints)
    assert site_fingerprint(Project(project), False) == prints[engines.DEFAULT]


def test_zensical_theme_has_zensical_base_fixed():
    """Zensical gets our overrides on its own base template (with its asset names), fixed."""
    require("zensical")
    from generator.write import themebase

    files = engines.zensical_theme_files(ROOT / "generator" / "theme")
    assert set(files) == {p.relative_to(ROOT / "generator" / "theme").as_posix()
                          for p in (ROOT / "generator" / "theme").rglob("*") if p.is_file()} | {themebase.BASE}
    base = files[themebase.BASE].decode("utf-8")
    assert themebase.VALID_TOGGLES in base and themebase.MATERIAL_TOGGLES not in base
    assert base != themebase.fixed_base(themebase.material_base())
