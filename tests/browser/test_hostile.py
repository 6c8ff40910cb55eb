"""The hostile corpus in Chromium: no payload runs, navigates or calls another host.

The site is built from the real project plus tests/fixtures/hostile (61 payload
bodies, each its own case study, all of them again in a guide and a training module,
and a hostile value in every free-text field), with the validator's body check
switched off, so that only the sanitiser stands between the payloads and the reader.
Every page that carries some of that text is opened (the real project's other pages are
the published site's, opened by the other browser tests); events that inline handlers listen to are fired on every
element of the contributor text. Any dialog, any `javascript:` navigation or link,
any request to a host other than 127.0.0.1 fails the test.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from generator.project.project import Project

from ..hostile_site import payloads
from .conftest import WAIT_MS, _QuietHandler

# Fired on every element of contributor text: what an `on…` attribute would listen to.
FIRE_EVENTS = """() => {
  const names = ['mouseover', 'mouseenter', 'focus', 'click', 'toggle', 'error', 'load', 'animationstart']
  const links = []
  for (const element of document.querySelectorAll('.smg-texte *, .footnote *, article h1, article h2, article h3')) {
    for (const name of names) {
      if (name === 'click' && element.closest('a[href]')) continue  // links are read, not followed
      element.dispatchEvent(new Event(name, {bubbles: false}))
    }
  }
  for (const a of document.querySelectorAll('a[href], area[href]')) {
    if (!['http:', 'https:', 'mailto:', 'file:'].includes(a.protocol)) links.push(a.href)
  }
  for (const el of document.querySelectorAll('[src], [data], [action], [formaction]')) {
    const url = el.src || el.data || el.action || el.formAction || ''
    if (/^\\s*(javascript|vbscript|data):/i.test(url)) links.push(url)
  }
  return links
}"""


@pytest.fixture(scope="module")
def hostile_server(hostile_site: Project, chromium_path: str) -> Iterator[tuple[Path, str]]:
    project = hostile_site
    handler = functools.partial(_QuietHandler, directory=str(project.site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield project.site_dir, f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


# What every page showing some hostile text carries: a payload case's title (« Charge 07 »),
# the key that starts each hostile field value (CAS01…), or the address of a hostile page.
HOSTILE_TEXT = re.compile(r"Charge \d\d|(?:CAS|GUI|MOD|CMP)\d\d|champs-hostiles|guide-hostile|module-hostile")


def _pages(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix()[: -len("index.html")]
                  for p in root.rglob("index.html") if HOSTILE_TEXT.search(p.read_text(encoding="utf-8")))


def test_no_payload_runs_in_chromium(browser: Any, hostile_server: tuple[Path, str]) -> None:
    root, base_url = hostile_server
    pages = _pages(root)
    assert all(f"cas/{p.slug}/" in pages for p in payloads())
    assert {"cas/champs-hostiles/", "guides/guide-hostile/", "formations/module-hostile/", "cas/",
            "comparaisons/comparaison-hostile/"} <= set(pages)
    dialogs: list[str] = []
    foreign: list[str] = []
    script_urls: list[str] = []
    context = browser.new_context(locale="fr-FR", service_workers="block")

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if urlsplit(url).scheme in ("http", "https") and urlsplit(url).hostname != "127.0.0.1":
            foreign.append(url)
            request_route.abort()
        else:
            request_route.continue_()

    context.route("**/*", route)
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    page.on("dialog", lambda dialog: (dialogs.append(f"{page.url}: {dialog.message}"), dialog.dismiss()))
    page.on("request", lambda request: script_urls.append(request.url)
            if request.url.lower().startswith(("javascript:", "vbscript:")) else None)
    page.on("framenavigated", lambda frame: script_urls.append(frame.url)
            if frame.url.lower().startswith(("javascript:", "data:")) else None)
    try:
        for path in pages:
            page.goto(base_url + path, wait_until="load")
            links = page.evaluate(FIRE_EVENTS)
            script_urls.extend(f"{path}: {link}" for link in links)
            page.wait_for_timeout(20)  # handlers queued by the events (toggle fires async)
            assert page.url.startswith(base_url), f"{path} a mené à {page.url}"
    finally:
        context.close()
    assert dialogs == [], dialogs
    assert script_urls == [], script_urls
    assert foreign == [], foreign
