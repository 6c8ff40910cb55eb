"""`smg serve`: sources regenerate pages, nothing it writes is watched, and the real
server follows quick edits without a traceback."""

from __future__ import annotations

import re
import signal
import socket
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from watchdog.events import FileClosedNoWriteEvent, FileModifiedEvent, FileOpenedEvent

from generator import layout
from generator.problems import format_text, problem
from generator.project.project import Project
from generator.publish import serve
from generator.write import files as write
from generator.write.generate import generate

from ..sitekit import FIXTURES, ROOT, make_project
from ..smgrun import Run, smg

SITE_PATH = urlsplit(Project(ROOT).config().site_url).path


def test_watcher_never_watches_its_own_output(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)
    folders = [folder.resolve() for folder in serve.watched_folders(project)]
    assert project.cases_dir.resolve() in folders and project.docs_dir.resolve() in folders
    output = project.out_dir.resolve()
    assert not any(output.is_relative_to(f) or f.is_relative_to(output) for f in folders)


def test_editing_a_case_study_regenerates_its_page(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)
    generate(project)
    messages: list[str] = []
    handler = serve._Regenerate(project, messages.append)
    source = project.cases_dir / "alpha.md"
    source.write_text(source.read_text("utf-8").replace("ville fictive", "ville imaginaire"), "utf-8")
    handler.run()
    assert "ville imaginaire" in (project.out_dir / layout.written("cas/alpha.md")).read_text("utf-8")
    assert any("1 fichier écrit," in m for m in messages)


def test_a_broken_edit_keeps_the_pages_and_says_why(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)
    generate(project)
    before = (project.out_dir / layout.written("cas/alpha.md")).read_text("utf-8")
    (project.cases_dir / "alpha.md").write_text("---\nlevel: [\n---\n", "utf-8")
    messages: list[str] = []
    serve._Regenerate(project, messages.append).run()
    assert (project.out_dir / layout.written("cas/alpha.md")).read_text("utf-8") == before
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


def test_staged_pages_stay_outside_the_watched_folder(tmp_path: Path, monkeypatch) -> None:
    """MkDocs reads build/docs/ while we write: a temporary file in it would be read
    half written, or vanish under MkDocs (the FileNotFoundError of issue 11)."""
    out = tmp_path / "build" / "docs"
    write.write_tree({"cas/alpha.md": "ancien\n"}, out)
    seen: list[tuple[Path, Path, int]] = []
    real_replace = write.os.replace

    def watching_replace(source, target) -> None:
        seen.append((Path(source), Path(target), Path(source).stat().st_dev))
        assert not [p for p in out.rglob("*") if p.name.endswith(write.TMP_SUFFIX)]
        real_replace(source, target)

    monkeypatch.setattr(write.os, "replace", watching_replace)
    write.write_tree({"cas/alpha.md": "nouveau\n", "cas/beta.md": "b\n"}, out)
    assert sorted(target.name for _, target, _ in seen) == ["alpha.md", "beta.md"]
    for source, _, device in seen:
        assert not source.is_relative_to(out)
        assert device == out.stat().st_dev  # a rename, never a copy
    assert (out / "cas/alpha.md").read_text("utf-8") == "nouveau\n"
    assert not write.staging_folder(out).exists()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _page(url: str) -> str:
    # Generous: on a loaded machine the server may answer only once a rebuild is over.
    with urllib.request.urlopen(url, timeout=120) as response:
        return response.read().decode("utf-8")


def test_real_smg_serve_follows_quick_edits(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    port = _free_port()
    server = Run(project.root, "serve", "--dev-addr", f"127.0.0.1:{port}")
    try:
        server.wait_for("prêt", timeout=180)
        address = f"http://127.0.0.1:{port}{SITE_PATH}"
        assert f"Site prêt : {address}" in server.stderr
        page = f"{address}cas/rennes/"
        assert "Relecture numéro" not in _page(page)
        assert "Aperçu local : pas de recherche" in _page(page)  # no Pagefind index in the preview
        source = project.cases_dir / "rennes.md"
        original = source.read_text("utf-8")
        for number in range(1, 7):  # faster than MkDocs rebuilds: edits land mid-build
            source.write_text(original + f"\nRelecture numéro {number}.\n", "utf-8")
            time.sleep(0.15)
        deadline = time.monotonic() + 120
        while "Relecture numéro 6." not in _page(page):
            assert time.monotonic() < deadline, f"the page never showed the last edit:\n{server.stderr}"
            time.sleep(0.5)
        # The page can change before the rebuild's log line is written: wait for the line too.
        server.wait_for("Site reconstruit.", timeout=120)
    finally:
        server.signal(signal.SIGINT)  # Ctrl-C
        code = server.finish(60)
    assert code == 0, server.stderr
    assert "Traceback" not in server.stderr and write.TMP_SUFFIX not in server.stderr, server.stderr
    assert not list(project.out_dir.rglob("*" + write.TMP_SUFFIX))


def test_preview_keeps_the_configured_extra_and_says_it_has_no_search(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)
    generate(project)
    extra = serve.preview_extra(project)
    assert extra["smg_preview"] is True
    assert extra["review_period_years"] == project.review_years()
    project.mkdocs_file.write_text("site_name: [\n", encoding="utf-8")
    assert serve.preview_extra(project) is None  # MkDocs' server says what is wrong


def test_a_regeneration_prints_only_new_warnings(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)
    assert not generate(project).problems
    messages: list[str] = []
    handler = serve._Regenerate(project, messages.append)
    source = project.cases_dir / "alpha.md"
    text = source.read_text("utf-8")

    def edit(reviewed: str) -> list[str]:
        source.write_text(text.replace("last_reviewed: 2026-01-15", f"last_reviewed: {reviewed}"), "utf-8")
        messages.clear()
        handler.run()
        return [m for m in messages if "W701" in m]

    assert len(edit("2019-01-15")) == 1  # the edit brings a warning: printed
    assert len(edit("2019-01-16")) == 1  # a new text (it quotes the date): printed
    assert edit("2019-01-16") == [] and "(et 1 avertissement déjà signalé)" in messages  # the same again
    assert edit("2026-01-15") == [] and not any("déjà signalé" in m for m in messages)
    assert len(edit("2019-01-16")) == 1  # gone, then back: printed again


def test_serve_starts_with_the_first_generations_warnings(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)
    source = project.cases_dir / "alpha.md"
    source.write_text(source.read_text("utf-8").replace("last_reviewed: 2026-01-15", "last_reviewed: 2019-01-15"),
                      "utf-8")
    first = generate(project)
    messages: list[str] = []
    serve._Regenerate(project, messages.append, frozenset(map(format_text, first.problems))).run()
    assert not any("W701" in m for m in messages) and "(et 1 avertissement déjà signalé)" in messages


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_the_preview_serves_only_what_smg_wrote_and_refuses_malformed_paths(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)
    secret = tmp_path / "secret.txt"
    secret.write_text("mot de passe\n", encoding="utf-8")
    port = _free_port()
    server = Run(project.root, "serve", "--dev-addr", f"127.0.0.1:{port}")
    try:
        server.wait_for("prêt", timeout=180)
        address = f"http://127.0.0.1:{port}{SITE_PATH}"
        assert _status(f"{address}cas/alpha/") == 200
        # The fixture has no hand-written pages: the engine's real warnings about them, in French.
        assert "Avertissement du moteur : la page " in server.stderr and "Doc file" not in server.stderr
        for malformed in ("%00", "cas/%00/", "cas/alpha/%0A", "%7F"):
            assert _status(address + malformed) == 400, malformed
        (project.out_dir / "fuite.txt").symlink_to(secret)
        (project.out_dir / "dossier").symlink_to(tmp_path, target_is_directory=True)
        server.wait_for("Retiré du dossier généré", timeout=120)
        server.wait_for("Site reconstruit.", timeout=120)
        assert _status(f"{address}fuite.txt") == 404
        assert _status(f"{address}dossier/secret.txt") == 404
        assert not (project.out_dir / "fuite.txt").is_symlink()
    finally:
        server.signal(signal.SIGINT)
        code = server.finish(60)
    assert code == 0, server.stderr
    assert "Traceback" not in server.stderr, server.stderr


def _article(page: str) -> str:
    return page[page.index("<article"):page.index("</article>")]


def test_a_case_still_being_written_is_previewed_with_its_problems(tmp_path: Path) -> None:
    """`smg new`, then `smg serve` at once: the new case, full of placeholders, shows at its
    address under a banner listing its problems; the rest of the site is there; it is in
    no list; `smg build` still refuses it."""
    project = make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)
    code, stderr = smg(project.root, "new", "--administration", "Ville de Quimper", "--level", "commune",
                       "--country", "FR", "--title", "Quimper <b>en ligne</b>")
    assert code == 0, stderr
    port = _free_port()
    server = Run(project.root, "serve", "--dev-addr", f"127.0.0.1:{port}")
    try:
        server.wait_for("prêt", timeout=180)
        assert "Aperçu : l'étude de cas en cours d'écriture s'affiche avec ses problèmes (cas/ville-de-quimper/)" \
            in server.stderr
        address = f"http://127.0.0.1:{port}{SITE_PATH}"
        page = _page(f"{address}cas/ville-de-quimper/")
        assert 'class="smg-apercu-problemes" role="alert"' in page
        assert "Aperçu de travail : pas encore publiable." in page
        assert re.search(r"<li>ligne \d+, colonne \d+ : E\d{3} ", page), page
        assert "<b>en ligne</b>" not in page and "&lt;b&gt;en ligne&lt;/b&gt;" in page  # the title, escaped
        listing = _article(_page(f"{address}cas/"))  # the index of cases (the preview's menu is MkDocs')
        assert "ville-de-quimper" not in listing and "alpha/" in listing
        source = project.cases_dir / "ville-de-quimper.md"
        source.write_text(source.read_text("utf-8").replace("Quimper <b>en ligne</b>", "Quimper connectée"), "utf-8")
        deadline = time.monotonic() + 120
        while "Quimper connectée" not in _page(f"{address}cas/ville-de-quimper/"):
            assert time.monotonic() < deadline, server.stderr
            time.sleep(0.5)
    finally:
        server.signal(signal.SIGINT)
        code = server.finish(60)
    assert code == 0, server.stderr
    assert "Traceback" not in server.stderr, server.stderr
    code, stderr = smg(project.root, "build")
    assert code == 1 and "Rien n'a été écrit" in stderr, stderr  # the problems themselves go to stdout
    assert not project.site_dir.exists()


def test_only_errors_of_case_studies_give_a_preview(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)
    case = problem("casestudies/alpha.md", 3, 1, "E301", "x")
    other = problem("docs/guides/g.md", 1, 1, "E501", "y")
    warning = problem("casestudies/beta.md", 1, 1, "W701", "z")
    assert serve.cases_in_progress(project, [case, warning]) == {project.cases_dir / "alpha.md": [case]}
    assert serve.cases_in_progress(project, [case, other]) == {}
    assert serve.cases_in_progress(project, [warning]) == {}


def test_the_edited_case_is_written_before_the_lists(tmp_path: Path) -> None:
    """In the preview, an edited case's page is written, and shown (`settle`), before the
    lists that name it: those take the engine seconds on a large base."""
    project = make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)
    generate(project)
    source = project.cases_dir / "alpha.md"
    text = source.read_text("utf-8")
    title = re.search(r"^title: (.*)$", text, re.MULTILINE).group(1)
    source.write_text(text.replace(f"title: {title}", 'title: "Alpha renommée"', 1), "utf-8")
    case, listing = project.out_dir / layout.written("cas/alpha.md"), project.out_dir / layout.written("cas/index.md")
    seen: dict[str, str] = {}

    def settle() -> None:
        seen["case"], seen["listing"] = case.read_text("utf-8"), listing.read_text("utf-8")

    outcome = generate(project, settle=settle)
    assert "Alpha renommée" in seen["case"] and "Alpha renommée" not in seen["listing"]
    assert "Alpha renommée" in listing.read_text("utf-8")
    assert layout.written("cas/alpha.md") in outcome.report.written
