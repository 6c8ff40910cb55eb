"""Contributor text written back into a generated Markdown page.

The clean HTML (format/markdown.py) goes back into the page as raw HTML blocks,
cut at its top-level headings; each heading is written back as a Markdown heading
with its id, so the page's table of contents and permalinks keep working.
"""

from __future__ import annotations

import inspect
import json
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache as cache_function
from html.parser import HTMLParser
from importlib import metadata
from pathlib import Path

from generator import cache
from generator.format.markdown import VOID_TAGS, clean, render

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
CHUNK_OPEN, CHUNK_CLOSE = '<div class="smg-texte">', "</div>"


@dataclass
class Sanitized:
    """A contributor text as it goes into a generated Markdown page.

    `markdown` holds the headings (Markdown) and the clean HTML between them (raw
    blocks); `footnotes` the clean footnote list, to place at the end of the page.
    """

    markdown: str
    footnotes: str = ""
    ids: list[str] = field(default_factory=list)

    def whole(self) -> str:
        """Text and footnotes together, for pages whose text ends the page."""
        return self.markdown + ("\n\n" + self.footnotes + "\n" if self.footnotes else "")


def sanitize(text: str, page: str, escape: Callable[[str], str], reserved: Iterable[str] = (),
             shift: int = 0, footnotes: str = "") -> Sanitized:
    """Contributor Markdown `text` of the page at `page`, made safe for the page
    (see `_sanitize`); read from the cache that `use_cache` set when it holds the result."""
    store = _STORE
    if store is None:
        return _sanitize(text, page, escape, reserved, shift, footnotes)
    reserved = frozenset(reserved)  # only membership counts: the order is not part of the key
    key = cache.digest(_salt(escape), text, page, "\0".join(sorted(reserved)), str(shift), footnotes)
    found = _from_payload(store.get(key))
    if found is not None:
        return found
    result = _sanitize(text, page, escape, reserved, shift, footnotes)
    store.put(key, json.dumps([result.markdown, result.footnotes, result.ids]).encode("utf-8"))
    return result


def _sanitize(text: str, page: str, escape: Callable[[str], str], reserved: Iterable[str] = (),
              shift: int = 0, footnotes: str = "") -> Sanitized:
    """Contributor Markdown `text` of the page at `page`, made safe for the page.

    `escape` makes heading text literal Markdown; `reserved` are ids the page already
    uses (its own sections); `shift` pushes headings down (a case narrative sits
    under the page's level-2 sections); `footnotes` are Markdown footnote
    definitions for the text (the case's sources, already escaped).
    """
    # Definitions first: an unclosed HTML block in the text would swallow them if last.
    source = (footnotes + "\n\n" if footnotes else "") + text.rstrip()
    reserved = set(reserved)
    raw = render(source)
    # Python-Markdown puts the footnote list last; cleaned apart, an unclosed tag of the
    # text cannot take it in.
    cut = raw.rfind('<div class="footnote">')
    body, notes = (raw, "") if cut == -1 else (raw[:cut], raw[cut:])
    text = _to_markdown(clean(body, page, reserved), escape, reserved, shift)
    text.footnotes = clean(notes, page, reserved).strip()
    return text


# --- the cache of results ------------------------------------------------------------
# Sanitising is the largest cost of a generation (Python-Markdown, then nh3): results
# are kept on disk, keyed by the text, every argument and everything else that shapes
# the output (this module's code, the escape function's module, the libraries' versions).

_STORE: cache.Store | None = None
_VERSIONED = ("markdown", "pymdown-extensions", "nh3", "pygments")
CACHE_VERSION = "1"


def use_cache(folder: Path | None) -> cache.Store | None:
    """Keep results under `folder` from now on (None: no cache); returns the store."""
    global _STORE
    _STORE = None if folder is None else cache.Store(folder)
    return _STORE


@cache_function
def _salt(escape: Callable[[str], str]) -> str:
    versions = [f"{name}={metadata.version(name)}" for name in _VERSIONED]
    # The allow-list (format/markdown.py) shapes the output as much as this module does.
    sources = [Path(__file__).read_bytes(), _module_source(clean), _module_source(escape)]
    return cache.digest(CACHE_VERSION, sys.version, *versions, escape.__module__, escape.__qualname__, *sources)


def _module_source(function: Callable) -> bytes:
    try:
        return Path(inspect.getsourcefile(function) or "").read_bytes()
    except (OSError, TypeError):
        return repr(function).encode()  # no source to read: keyed by identity, never shared wrongly


def _from_payload(payload: bytes | None) -> Sanitized | None:
    if payload is None:
        return None
    try:
        markdown_text, notes, ids = json.loads(payload.decode("utf-8"))
    except (ValueError, TypeError):
        return None
    if not (isinstance(markdown_text, str) and isinstance(notes, str) and isinstance(ids, list)
            and all(isinstance(i, str) for i in ids)):
        return None
    return Sanitized(markdown_text, notes, ids)


class _Outline(HTMLParser):
    """Top-level headings of a clean fragment: where each starts and ends, its text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.depth = 0
        self.headings: list[dict] = []
        self._open: dict | None = None
        self.feed(text)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _HEADINGS and self.depth == 0 and self._open is None:
            self._open = {"level": int(tag[1]), "start": self._offset(), "id": dict(attrs).get("id"),
                          "text": []}
        if tag not in VOID_TAGS:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_TAGS:
            return
        self.depth -= 1
        if self._open is not None and self.depth == 0 and tag in _HEADINGS:
            self._open["end"] = self._offset() + len(f"</{tag}>")
            self.headings.append(self._open)
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open["text"].append(data)


def _to_markdown(safe: str, escape: Callable[[str], str], used: set[str], shift: int) -> Sanitized:
    parts: list[str] = []
    ids: list[str] = []
    position = 0
    for number, heading in enumerate(_Outline(safe).headings, 1):
        parts.append(_chunk(safe[position:heading["start"]]))
        anchor = _unique(heading["id"] or f"section-{number}", used)
        ids.append(anchor)
        text = escape("".join(heading["text"])) or escape(f"Section {number}")
        parts.append(f"{'#' * min(heading['level'] + shift, 6)} {text} {{ #{anchor} }}")
        position = heading["end"]
    parts.append(_chunk(safe[position:]))
    return Sanitized("\n\n".join(p for p in parts if p), "", ids)


def _chunk(fragment: str) -> str:
    fragment = fragment.strip()
    if not fragment:
        return ""
    # Python-Markdown reads a raw block up to its matching </div>, blank lines included
    # (code blocks keep theirs).
    return f"{CHUNK_OPEN}\n{fragment}\n{CHUNK_CLOSE}"


def _unique(anchor: str, used: set[str]) -> str:
    candidate, suffix = anchor, 0
    while candidate in used:
        suffix += 1
        candidate = f"{anchor}_{suffix}"
    used.add(candidate)
    return candidate


