"""French typography on the built pages: no-break spaces and typographic apostrophes.

Applied once, to the HTML that the engine wrote, so that generated and hand-written
pages, and the theme's own French strings, follow the same rules. Only the text between
tags changes: tag names, attributes (so URLs), comments, and the content of code, pre,
kbd, samp, script, style and textarea elements stay as they are. Sources, front matter
and the open data files are never touched.

Rules (Imprimerie nationale, as French publishers apply them):
- a narrow no-break space (U+202F) replaces the space before ; ! ? and inside « »;
- a no-break space (U+00A0) replaces the space before : and between digit groups
  (75 000);
- an apostrophe between two letters becomes typographic (’).
Only existing spaces are replaced: "10:30", "https://…" and "E301:" keep their form.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

NNBSP = "\u202f"
NBSP = "\u00a0"

_VERBATIM = "code|pre|kbd|samp|script|style|textarea"
# Markup is kept as it is: comments, verbatim elements whole, tags with their attributes.
# One group around it all, so that splitting a page keeps the markup between the text
# runs; the common "<" first lets the regex engine jump from one tag to the next.
_MARKUP_RE = re.compile(rf"(<(?:!--.*?-->|(?:{_VERBATIM})\b[^>]*>.*?</(?:{_VERBATIM})\s*>|[^>]*>))",
                        re.DOTALL | re.IGNORECASE)
# A text run without any of these characters has no place where a rule applies.
_TRIGGER_RE = re.compile(r"[;:!?»«'&%]|\d \d")
# Places a rule may apply. Each branch starts with a fixed character, so the scan runs
# at the regex engine's speed; whether the place is in running text is checked after.
_CANDIDATE_RE = re.compile(r"[ \u00a0](?=[;:!?»%])|«[ \u00a0]|'|&#39;|&#x27;|\d{1,3}(?: \d{3})+(?!\d)")


def text(value: str) -> str:
    """French spacing and apostrophes in one run of running text (no markup in it)."""
    return _apply(value)


def html(document: str) -> str:
    """The rules applied to every text run of an HTML document, nothing else changed.

    No rule looks past the edge of a text run (a tag's "<" or ">" is neither a letter, a
    digit, a space nor punctuation), so each run is handled on its own; most runs are
    the indentation between two tags and are skipped at once."""
    parts = _MARKUP_RE.split(document)  # text, markup, text, …, text
    changed = False
    for index in range(0, len(parts), 2):
        run = parts[index]
        if run and not run.isspace() and _TRIGGER_RE.search(run):
            new = text(run)
            changed = changed or new is not run
            parts[index] = new
    return "".join(parts) if changed else document


def _apply(document: str) -> str:
    parts = []
    position = 0
    for match in _CANDIDATE_RE.finditer(document):
        replacement = _replacement(document, match)
        if replacement is not None:
            parts += [document[position:match.start()], replacement]
            position = match.end()
    return "".join(parts) + document[position:] if parts else document


def _replacement(document: str, match: re.Match) -> str | None:
    found, start, end = match.group(), match.start(), match.end()
    if found in (" ", NBSP):
        if document[end] == "%":  # "86 %": never "86" at the end of a line and "%" on the next
            return NNBSP if start and document[start - 1].isdigit() else None
        return NBSP if document[end] == ":" else NNBSP
    if found[0] == "«":
        return "«" + NNBSP
    if found[0].isdigit():
        return None if start and document[start - 1].isdigit() else found.replace(" ", NBSP)
    between_letters = start and document[start - 1].isalpha() and end < len(document) and document[end].isalpha()
    return "\u2019" if between_letters else None


PARALLEL_MIN_PAGES = 500  # below this, worker processes cost more than they save


def apply_to_site(site_dir: Path, then: Callable[[Path, str], None] | None = None) -> int:
    """Rewrite every HTML page of a built site in place, on every core for large sites;
    returns how many pages changed. `then(path, page)`, if given, gets each page's final
    text in the same pass, so that a later step does not read the site again (it runs
    in the worker processes: a module-level function or a partial of one)."""
    paths = sorted(_html_files(site_dir))
    work = functools.partial(apply_to_file, then=then)
    workers = os.cpu_count() or 1
    if workers < 2 or len(paths) < PARALLEL_MIN_PAGES:
        return sum(map(work, paths))
    with ProcessPoolExecutor(workers) as pool:
        return sum(pool.map(work, paths, chunksize=64))


def apply_to_file(path: Path, then: Callable[[Path, str], None] | None = None) -> bool:
    """The rules applied to one page, replaced atomically; True if it changed."""
    original = path.read_text(encoding="utf-8")
    result = html(original)
    if then is not None:
        then(path, result)
    if result == original:
        return False
    temporary = path.with_name(path.name + ".typo-tmp")
    temporary.write_text(result, encoding="utf-8")
    os.replace(temporary, path)
    return True


def _html_files(site_dir: Path) -> Iterable[Path]:
    for folder, _dirs, files in os.walk(site_dir):
        for name in files:
            if name.endswith(".html"):
                yield Path(folder) / name
