"""`smg serve`: MkDocs' live-reloading server, fed by our own watcher.

We watch the sources (case studies, hand-written pages, templates, vocabularies)
and regenerate `build/docs/`; MkDocs watches `build/docs/` and rebuilds. Nothing
watches what it writes itself, so there is no rebuild loop; pages are staged in
`build/docs.smg-staging/` (write.py), so MkDocs never sees a half-written file.

One edit shows quickly: the regeneration re-checks only the files that changed
(`CheckMemo`, kept for the server's life) and re-renders only the pages whose
inputs changed (generator/write/freshness.py); MkDocs then makes a dirty build, which
renders again only the pages whose files changed. The preview is a preview: other
pages keep their navigation until the next full build, and it has no search (Pagefind
indexes the built site, `smg build`); the header says so (`extra.smg_preview`). Nor has
it the redirect pages of former addresses: `smg build` writes them after the engine
(generator/publish/redirectpages.py), and MkDocs' server has no plugin to write them.

A case study still being written does not stop the preview (`generate_preview`): while
its only errors are its own, the site is generated without it and its address shows its
text under a banner of its problems (render/preview.py). `smg build` runs no such thing:
it refuses the case until it is valid.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from generator import layout
from generator.check.project import CheckMemo, Outcome, check
from generator.load import load
from generator.problems import Problem, format_text, plural
from generator.project.project import Progress, Project, relative
from generator.render.preview import preview_page
from generator.write.files import reason, write_file
from generator.write.generate import generate

if TYPE_CHECKING:  # imported with the server only: MkDocs is slow to import
    from generator.publish.devserver import Builds

DEBOUNCE_SECONDS = 0.3
SETTLE_SECONDS = 10  # at most, waiting for the engine to show the edited case first
CHANGES = frozenset({"created", "modified", "deleted", "moved"})


class _Regenerate(FileSystemEventHandler):
    """Regenerate once after a burst of changes settles."""

    def __init__(self, project: Project, progress: Progress, warned: frozenset[str] = frozenset(),
                 commands: tuple = ()) -> None:
        self.project = project
        self.commands = commands
        self.progress = progress
        self.warned = warned  # the warnings of the last generation, as printed
        self.timer: threading.Timer | None = None
        self.lock = threading.Lock()
        self.running = threading.Lock()  # one regeneration at a time: they share the staging folder
        self.memo = CheckMemo()
        self.builds: Builds | None = None  # the preview engine's, once it runs: see `settle`

    def on_any_event(self, event: FileSystemEvent) -> None:
        # Only changes count: reading the sources (opened/closed events) must not
        # trigger a regeneration, which would read them again, and so on.
        if event.event_type not in CHANGES or event.is_directory:
            return
        if str(event.src_path).endswith(("~", ".swp", ".smg-tmp")):
            return
        with self.lock:
            if self.timer is not None:
                self.timer.cancel()
            self.timer = threading.Timer(DEBOUNCE_SECONDS, self.run)
            self.timer.daemon = True
            self.timer.start()

    def prime(self) -> None:
        """Check every source once, to fill the memo (problems are the first build's to say)."""
        with self.running:
            try:
                check(self.project, None, self.memo)
            except OSError:
                pass  # the next regeneration reads the files again and says what is wrong

    def run(self) -> None:
        with self.running:
            try:
                # The server's threads run by now: no forked render workers (render_and_stage).
                outcome, shown = generate_preview(self.project, self.progress, self.memo, self.commands,
                                                  self.settle, forks=False)
            except OSError as error:
                self.progress(f"Pages non régénérées : {error.filename or ''} : {reason(error)}.")
                return
        self.report(outcome.problems)
        if shown:
            self.progress(preview_line(shown))
        elif outcome.failed:
            self.progress("Pages non régénérées : corrigez les erreurs ci-dessus.")


    def settle(self) -> None:
        """Wait for the engine to show the case-study pages just written, before the lists
        (every index of a base of 1,000 cases takes the engine seconds) are written."""
        if self.builds is not None:
            self.builds.wait_for_next(SETTLE_SECONDS)

    def report(self, problems: list) -> None:
        """Print errors, and the warnings that the last generation did not print: a
        contributor who edits one file sees what the edit changed, not every warning of
        the base again."""
        texts = [(item, format_text(item)) for item in problems]
        repeated = sum(not item.is_error and text in self.warned for item, text in texts)
        for item, text in texts:
            if item.is_error or text not in self.warned:
                self.progress(text)
        if repeated:
            self.progress(f"(et {plural(repeated, 'avertissement déjà signalé', 'avertissements déjà signalés')})")
        self.warned = frozenset(text for item, text in texts if not item.is_error)


def generate_preview(project: Project, progress: Progress | None = None, memo: CheckMemo | None = None,
                     commands: tuple = (), settle: Callable[[], None] | None = None,
                     forks: bool = True) -> tuple[Outcome, list[str]]:
    """`generate`, and more when the only errors are those of case studies being written
    (placeholders left, a field still wrong): the site is generated without them, and
    each gets, at its address, a page that shows its text under a banner listing its
    problems. `settle`, `forks`: see `generate`. Returns the outcome (every problem
    found) and those pages' addresses."""
    outcome = generate(project, progress, memo, commands, settle=settle, forks=forks)
    in_progress = cases_in_progress(project, outcome.problems) if outcome.failed else {}
    if not in_progress:
        return outcome, []
    rest = generate(project, None, memo, commands, leave_out=frozenset(in_progress), settle=settle, forks=forks)
    if rest.failed:  # the site cannot do without them (a guide cites one): errors as they are
        return outcome, []
    outcome.report = rest.report
    shown = []
    for path, problems in in_progress.items():
        record = load.load_paths([path], root=project.root)[0]
        target = project.out_dir / layout.written(layout.case(record.slug))
        if not target.exists():  # never in place of a page of the site (an index, say)
            write_file(target, preview_page(record, problems))
            shown.append(layout.address(layout.case(record.slug)))
    return outcome, shown


def cases_in_progress(project: Project, problems: list[Problem]) -> dict[Path, list[Problem]]:
    """The case-study files with errors, with their problems, when no other file has any."""
    cases = {relative(project, path): path for path in project.case_files()}
    errors = {item.path for item in problems if item.is_error}
    if not errors or not errors <= cases.keys():
        return {}
    return {cases[name]: [item for item in problems if item.path == name] for name in sorted(errors)}


def preview_line(shown: list[str]) -> str:
    pages = ", ".join(shown)
    if len(shown) == 1:
        return (f"Aperçu : l'étude de cas en cours d'écriture s'affiche avec ses problèmes ({pages}) ; "
                "le reste du site est régénéré. smg build la refusera tant qu'ils restent.")
    return (f"Aperçu : {len(shown)} études de cas en cours d'écriture s'affichent avec leurs problèmes "
            f"({pages}) ; le reste du site est régénéré. smg build les refusera tant qu'ils restent.")


def preview_extra(project: Project) -> dict | None:
    """mkdocs.yml's `extra`, as MkDocs reads it, with `smg_preview` set: the header then
    says that the preview has no search. None when MkDocs cannot read its configuration
    (its own server then says why, as before)."""
    from mkdocs.config import load_config

    try:
        extra = dict(load_config(str(project.mkdocs_file)).extra)
    except Exception:  # MkDocs' configuration errors have no common base beyond this
        return None
    return extra | {"smg_preview": True}


def watched_folders(project: Project) -> list:
    """The sources whose changes must regenerate pages."""
    from generator.format.vocab import DATA_DIR
    from generator.render import TEMPLATES

    folders = (project.cases_dir, project.docs_dir, project.modules_dir, TEMPLATES, DATA_DIR)
    return [p for p in folders if p.is_dir()]


def serve(project: Project, dev_addr: str, progress: Progress,
          warned: frozenset[str] = frozenset(), commands: tuple = ()) -> None:
    """Serve the site on `dev_addr`, regenerating pages when a source changes;
    `warned`: the warnings already printed (by the first generation); `commands`: the
    CLI's, for their reference page."""
    from generator.publish.devserver import Builds, serve_preview
    from generator.publish.enginelog import speak_french

    observer = Observer()
    handler = _Regenerate(project, progress, warned, commands)
    handler.builds = builds = Builds()
    for folder in watched_folders(project):
        observer.schedule(handler, str(folder), recursive=True)
    observer.start()
    # Fill the memo while MkDocs makes its first build, so the first edit is quick too.
    threading.Thread(target=handler.prime, daemon=True).start()
    news = logging.getLogger("mkdocs.livereload")
    announcer = _Announcer(progress)
    news.addHandler(announcer)
    news.setLevel(logging.INFO)
    builder = logging.getLogger("mkdocs.commands.build")  # MkDocs' build, as run by devserver.py
    builder.addFilter(_quiet_dirty_warning)
    french = speak_french()
    try:
        # Not strict: MkDocs warns on every dirty build, which strict mode would turn into
        # a failure. The published build (`smg build`) stays strict.
        extra = preview_extra(project)
        serve_preview(str(project.mkdocs_file), dev_addr, {"strict": False, **({"extra": extra} if extra else {})},
                      progress, builds)
    finally:
        logging.getLogger("mkdocs").removeHandler(french)
        builder.removeFilter(_quiet_dirty_warning)
        news.removeHandler(announcer)
        observer.stop()
        observer.join()


def _quiet_dirty_warning(record: logging.LogRecord) -> bool:
    # MkDocs' warning on every dirty build: the module's docstring says what the preview is.
    return not record.getMessage().startswith("A 'dirty' build is being performed")


class _Announcer(logging.Handler):
    """Say in French when the server is ready (first build done, port open) and when
    the browsers are reloaded; MkDocs' other messages stay where they were."""

    def __init__(self, progress: Progress) -> None:
        super().__init__(logging.INFO)
        self.progress = progress

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()  # "[12:00:00] Serving on http://…"
        serving = re.search(r"Serving on (\S+)", message)
        if serving:
            self.progress(f"Site prêt : {serving.group(1)} (Ctrl-C pour arrêter)")
        elif message.endswith("Reloading browsers"):
            self.progress("Site reconstruit.")
