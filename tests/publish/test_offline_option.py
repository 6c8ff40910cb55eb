"""`smg build` builds the offline copy only with --offline, and its footer follows:
no page links to a zip that is not there; with --offline, every page does (the deploy
workflow builds it that way: tests/cli/test_github_files.py)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from click.testing import CliRunner

from generator.cli import commands as cli
from generator.publish import offline
from tests.sitekit import small_project


def pages_linking_to_the_zip(site: Path) -> list[Path]:
    return [p for p in site.rglob("*.html") if offline.ARCHIVE_NAME in p.read_text(encoding="utf-8")]


def test_the_offline_copy_only_with_its_option(tmp_path: Path, monkeypatch) -> None:
    project = small_project(tmp_path)
    beta = project.cases_dir / "beta.md"
    beta.write_text(beta.read_text(encoding="utf-8").replace("aliases: []", "aliases: [beta-ancien]"),
                    encoding="utf-8")
    monkeypatch.chdir(project.root)
    result = CliRunner().invoke(cli.main, ["build"])
    assert result.exit_code == 0, result.output
    assert "Construction de la copie hors ligne" not in result.output
    assert not (project.site_dir / offline.ARCHIVE_FOLDER).exists()
    assert pages_linking_to_the_zip(project.site_dir) == []

    result = CliRunner().invoke(cli.main, ["build", "--offline"])
    assert result.exit_code == 0, result.output
    archive = offline.archive_path(project)
    home = (project.site_dir / "index.html").read_text(encoding="utf-8")
    assert f'href="telecharger/{offline.ARCHIVE_NAME}"' in home
    pages = list(project.site_dir.rglob("*.html"))
    assert len(pages_linking_to_the_zip(project.site_dir)) >= len(pages) - 5  # redirect stubs have no footer
    with zipfile.ZipFile(archive) as bundle:
        copy_home = bundle.read(f"{offline.ROOT_IN_ARCHIVE}/index.html").decode("utf-8")
        redirect = bundle.read(f"{offline.ROOT_IN_ARCHIVE}/cas/beta-ancien.html").decode("utf-8")
    # The copy has no directory URLs: the former address is a file, leading to the page's file.
    assert '<html lang="fr">' in redirect and 'content="0; url=beta/index.html"' in redirect
    assert offline.ARCHIVE_NAME not in copy_home  # the copy does not link to itself

    result = CliRunner().invoke(cli.main, ["build"])  # back to the default: the zip and its links go
    assert result.exit_code == 0, result.output
    assert not archive.exists() and pages_linking_to_the_zip(project.site_dir) == []

