"""`smg serve`'s watcher: sources regenerate pages, and nothing it writes is watched."""

from __future__ import annotations

from pathlib import Path

from watchdog.events import FileClosedNoWriteEvent, FileModifiedEvent, FileOpenedEvent

from generator import build, serve

from .sitekit import FIXTURES, make_project


def test_watcher_never_watches_its_own_output(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)
    folders = [folder.resolve() for folder in serve.watched_folders(project)]
    assert project.cases_dir.resolve() in folders and project.docs_dir.resolve() in folders
    output = project.out_dir.resolve()
    assert not any(output.is_relative_to(f) or f.is_relative_to(output) for f in folders)


def test_editing_a_case_study_regenerates_its_page(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)
    build.generate(project)
    messages: list[str] = []
    handler = serve._Regenerate(project, messages.append)
    source = project.cases_dir / "alpha.md"
    source.write_text(source.read_text("utf-8").replace("ville fictive", "ville imaginaire"), "utf-8")
    handler.run()
    assert "ville imaginaire" in (project.out_dir / "cas/alpha.md").read_text("utf-8")
    assert any("1 fichier écrit," in m for m in messages)


def test_a_broken_edit_keeps_the_pages_and_says_why(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)
    build.generate(project)
    before = (project.out_dir / "cas/alpha.md").read_text("utf-8")
    (project.cases_dir / "alpha.md").write_text("---\nlevel: [\n---\n", "utf-8")
    messages: list[str] = []
    serve._Regenerate(project, messages.append).run()
    assert (project.out_dir / "cas/alpha.md").read_text("utf-8") == before
    assert any("casestudies/alpha.md:" in m and "E201" in m for m in messages)


def test_debounce_ignores_temporary_files(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)
    handler = serve._Regenerate(project, lambda message: None)
    handler.on_any_event(FileModifiedEvent(str(project.cases_dir / "alpha.md.swp")))
    assert handler.timer is None
    handler.on_any_event(FileModifiedEvent(str(project.cases_dir / "alpha.md")))
    assert handler.timer is not None
    handler.timer.cancel()


def test_reading_the_sources_triggers_nothing(tmp_path: Path) -> None:
    """Generating opens every source: reacting to that would regenerate forever."""
    project = make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)
    handler = serve._Regenerate(project, lambda message: None)
    for event in (FileOpenedEvent(str(project.cases_dir / "alpha.md")),
                  FileClosedNoWriteEvent(str(project.cases_dir / "alpha.md"))):
        handler.on_any_event(event)
    assert handler.timer is None
