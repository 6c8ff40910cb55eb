"""One definition of "the generator's code" for every key and fingerprint, and every error
the tool raises is an SmgError (no traceback when Material's template changes shape)."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from generator import cache
from generator.cli.commands import main
from generator.errors import SmgError
from generator.publish import publish
from generator.write import freshness, themebase

from ..sitekit import make_project

PACKAGE = Path(cache.__file__).parent


def test_code_files_cover_every_subpackage_template_data_and_theme_file() -> None:
    files = {path.relative_to(PACKAGE).as_posix() for path in cache.code_files()}
    assert "render/cases.py" in files  # a subpackage's module
    assert "templates/case.md.j2" in files
    assert "data/practices.yml" in files
    assert any(name.startswith("theme/") for name in files)
    assert not any("__pycache__" in name for name in files)


def _package_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "generator"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def test_page_keys_change_when_a_render_module_changes(tmp_path: Path, monkeypatch) -> None:
    """The defect: freshness hashed generator/*.py only, so an edit of render/cases.py
    re-rendered no page."""
    copy = _package_copy(tmp_path)
    monkeypatch.setattr(cache, "PACKAGE", copy)
    mkdocs_file = Path(cache.__file__).parent.parent / "mkdocs.yml"
    before = freshness.code_digest(mkdocs_file)
    (copy / "render" / "cases.py").write_text((copy / "render" / "cases.py").read_text() + "\n# edit\n")
    assert freshness.code_digest(mkdocs_file) != before


def test_published_site_fingerprint_follows_theme_and_render_edits(tmp_path: Path, monkeypatch) -> None:
    """The published site's stamp covered generator/*.py only: a theme or render/ edit
    was not republished."""
    copy = _package_copy(tmp_path)
    monkeypatch.setattr(cache, "PACKAGE", copy)
    before = publish._package_state()
    theme_file = next(path for path in sorted((copy / "theme").rglob("*")) if path.is_file())
    theme_file.write_bytes(theme_file.read_bytes() + b"\n")
    after_theme = publish._package_state()
    assert after_theme != before
    render_file = copy / "render" / "indexes.py"
    render_file.write_text(render_file.read_text() + "\n")
    assert publish._package_state() != after_theme


def test_theme_error_is_an_smg_error() -> None:
    assert issubclass(themebase.ThemeError, SmgError)


def test_changed_material_template_ends_in_one_french_line(tmp_path: Path, monkeypatch) -> None:
    project = make_project(tmp_path, docs=False)
    monkeypatch.chdir(project.root)
    monkeypatch.setattr(themebase, "material_base", lambda: "<html><body></body></html>")
    result = CliRunner().invoke(main, ["generate"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "base.html" in result.output
