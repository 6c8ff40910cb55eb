"""The record of the last complete build, which lets `smg build` skip MkDocs."""

from __future__ import annotations

import os
from pathlib import Path

from generator.publish import engines
from generator.publish.engines import run_mkdocs_into
from generator.publish.publish import run_mkdocs
from generator.write import stamp
from generator.write.generate import generate


def make_tree(tmp_path: Path) -> tuple[Path, Path, Path]:
    docs = tmp_path / "build" / "docs"
    (docs / "cas").mkdir(parents=True)
    (docs / "cas" / "rennes.md").write_text("# Rennes\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\n", encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>x</p>", encoding="utf-8")
    return docs, config, site


def test_same_inputs_and_untouched_site_are_current(tmp_path: Path) -> None:
    docs, config, site = make_tree(tmp_path)
    stamp_file = tmp_path / "build" / "site-stamp.json"
    digest = stamp.fingerprint([docs, config], {"offline": False})
    assert not stamp.is_current(stamp_file, site, digest)  # never built
    stamp.record(stamp_file, site, digest)
    assert stamp.is_current(stamp_file, site, stamp.fingerprint([docs, config], {"offline": False}))


def test_any_changed_input_or_option_is_not_current(tmp_path: Path) -> None:
    docs, config, site = make_tree(tmp_path)
    before = stamp.fingerprint([docs, config], {"offline": False})
    assert stamp.fingerprint([docs, config], {"offline": True}) != before
    page = docs / "cas" / "rennes.md"
    page.write_text("# Rennes !\n", encoding="utf-8")
    assert stamp.fingerprint([docs, config], {"offline": False}) != before
    after_edit = stamp.fingerprint([docs, config], {"offline": False})
    (docs / "cas" / "nantes.md").write_text("# Nantes\n", encoding="utf-8")
    assert stamp.fingerprint([docs, config], {"offline": False}) != after_edit


def test_touched_or_missing_site_is_not_current(tmp_path: Path) -> None:
    docs, config, site = make_tree(tmp_path)
    stamp_file = tmp_path / "build" / "site-stamp.json"
    digest = stamp.fingerprint([docs, config], {})
    stamp.record(stamp_file, site, digest)
    (site / "index.html").unlink()
    assert not stamp.is_current(stamp_file, site, digest)
    (site / "index.html").write_text("<p>x</p>", encoding="utf-8")
    stamp.record(stamp_file, site, digest)
    os.utime(site / "index.html", ns=(1, 1))
    assert not stamp.is_current(stamp_file, site, digest)


def test_forget_makes_the_next_build_run(tmp_path: Path) -> None:
    docs, config, site = make_tree(tmp_path)
    stamp_file = tmp_path / "build" / "site-stamp.json"
    digest = stamp.fingerprint([docs, config], {})
    stamp.record(stamp_file, site, digest)
    stamp.forget(stamp_file)
    assert not stamp.is_current(stamp_file, site, digest)


def test_unchanged_build_skips_mkdocs_and_any_change_rebuilds(tmp_path: Path, monkeypatch) -> None:
    import pytest

    from ..sitekit import small_project

    project = small_project(tmp_path)
    assert not generate(project).failed
    messages: list[str] = []
    assert run_mkdocs(project, messages.append, skip_unchanged=True)
    real = run_mkdocs_into

    def refuse(*args, **kwargs):
        raise AssertionError("MkDocs relancé alors que rien n'a changé")

    monkeypatch.setattr(engines, "run_mkdocs_into", refuse)
    assert run_mkdocs(project, messages.append, skip_unchanged=True)
    assert "Le site est à jour" in messages[-1]
    with pytest.raises(AssertionError):  # a published build without the option is always complete
        run_mkdocs(project, messages.append)
    monkeypatch.setattr(engines, "run_mkdocs_into", real)
    assert run_mkdocs(project, messages.append)  # rebuilt, recorded again
    case = project.cases_dir / "alpha.md"
    case.write_text(case.read_text(encoding="utf-8") + "\nUne phrase de plus.\n", encoding="utf-8")
    assert not generate(project).failed
    monkeypatch.setattr(engines, "run_mkdocs_into", refuse)
    with pytest.raises(AssertionError):  # a changed page: MkDocs runs
        run_mkdocs(project, messages.append, skip_unchanged=True)
    monkeypatch.setattr(engines, "run_mkdocs_into", real)
    assert run_mkdocs(project, messages.append, skip_unchanged=True)
    (project.site_dir / "index.html").unlink()
    monkeypatch.setattr(engines, "run_mkdocs_into", refuse)
    with pytest.raises(AssertionError):  # site/ touched since: MkDocs runs
        run_mkdocs(project, messages.append, skip_unchanged=True)


def test_a_record_that_cannot_be_written_leaves_no_file(tmp_path: Path, monkeypatch) -> None:
    import pytest

    docs, config, site = make_tree(tmp_path)
    stamp_file = tmp_path / "build" / "site-stamp.json"

    def full_disk(self, *args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_text", full_disk)
    with pytest.raises(OSError):
        stamp.record(stamp_file, site, stamp.fingerprint([docs, config], {}))
    monkeypatch.undo()
    assert not stamp_file.exists() and not list(stamp_file.parent.glob("*.tmp"))
