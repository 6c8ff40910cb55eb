"""The preview's engine and web server: MkDocs' own build and live-reloading server,
driven by smg instead of `mkdocs serve`.

Three differences with `mkdocs serve`, each for a reader of the preview:
- the configuration and the theme's compiled templates are kept from one rebuild to
  the next while mkdocs.yml is unchanged (MkDocs reads and compiles them for each);
- before each rebuild, anything in the generated tree that smg did not write (a link
  above all, which the engine would follow and publish) is removed;
- a request whose path holds a NUL or another control character gets a 400, not the
  engine's 500.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import unicodedata
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer, _serve_url

from generator.project.project import Progress, file_state
from generator.publish.enginelog import french
from generator.write.files import remove_foreign


class PreviewServer(LiveReloadServer):
    """MkDocs' server, answering malformed paths with 400."""

    def _serve_request(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if any(unicodedata.category(char) == "Cc" for char in path):
            start_response("400 Bad Request", [("Content-Type", "text/plain; charset=utf-8")])
            return ["Requête invalide.\n".encode()]
        return super()._serve_request(environ, start_response)


class Builds:
    """The engine's builds, counted, so that a regeneration can wait for the first build
    that starts after it wrote its pages (`smg serve` shows an edited case first)."""

    def __init__(self) -> None:
        self.started = 0
        self.finished = 0
        self.changed = threading.Condition()

    def wait_for_next(self, timeout: float) -> bool:
        """Wait until a build started after this call has finished; False on timeout."""
        with self.changed:
            target = self.started + 1
            return self.changed.wait_for(lambda: self.finished >= target, timeout)

    def run(self, build: Callable[[], None]) -> None:
        with self.changed:
            self.started += 1
        try:
            build()
        finally:
            with self.changed:
                self.finished += 1
                self.changed.notify_all()


class WarmEngine:
    """Loads the configuration and the theme's templates once, and again only when
    mkdocs.yml changes; builds the preview into `site_dir`."""

    def __init__(self, config_file: str, site_dir: str, settings: dict, progress: Progress,
                 builds: Builds | None = None) -> None:
        self.progress = progress
        self.builds = builds or Builds()
        self.config_file = config_file
        self.site_dir = site_dir
        self.settings = settings
        self.serve_url: str | None = None
        self.config = None
        self.version: tuple | None = None

    def current(self):
        version = file_state(Path(self.config_file))
        if self.config is None or version != self.version:
            config = load_config(config_file=self.config_file, site_dir=self.site_dir, **self.settings)
            if self.serve_url is not None:
                config.site_url = self.serve_url
            environment = config.theme.get_env()
            config.theme.get_env = lambda: environment  # compiled templates kept between builds
            self.config, self.version = config, version
        return self.config

    def rebuild(self) -> None:
        """`build`, for the server's rebuilds: a configuration that no longer reads is
        said in one line, and the preview keeps its last version."""
        try:
            self.builds.run(self.build)
        except Exception as error:  # MkDocs' configuration and build errors share no base
            said = french(str(error)) if str(error).strip() else type(error).__name__
            self.progress(f"Aperçu non reconstruit : {said}")

    def build(self) -> None:
        config = self.current()
        removed = remove_foreign(config.docs_dir)
        if removed:
            self.progress(f"Retiré du dossier généré (ni page ni dossier écrits par smg) : {', '.join(removed)}")
        build(config, serve_url=self.serve_url, dirty=True)


def serve_preview(config_file: str, dev_addr: str, settings: dict, progress: Progress,
                  builds: Builds | None = None) -> None:
    """Build the preview and serve it on `dev_addr`, rebuilding when the generated tree
    or mkdocs.yml changes, until Ctrl-C. `settings`: overrides of mkdocs.yml (extra…)."""
    site_dir = tempfile.mkdtemp(prefix="smg-apercu-")
    engine = WarmEngine(config_file, site_dir, settings | {"dev_addr": dev_addr}, progress, builds)
    try:
        config = engine.current()
        host, port = config.dev_addr
        mount_path = urlsplit(config.site_url or "/").path
        engine.serve_url = config.site_url = _serve_url(host, port, mount_path)
        server = PreviewServer(builder=engine.rebuild, host=host, port=port, root=site_dir, mount_path=mount_path)
        server.error_handler = lambda code: _error_page(site_dir, code)
        engine.build()
        server.watch(config.docs_dir)
        server.watch(config_file)
        try:
            server.serve()
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)


def _error_page(site_dir: str, code: int) -> bytes | None:
    page = os.path.join(site_dir, f"{code}.html")
    if code in (404, 500) and os.path.isfile(page):
        with open(page, "rb") as stream:
            return stream.read()
    return None
