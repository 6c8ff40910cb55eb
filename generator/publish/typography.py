"""French typography on the built pages: no-break spaces and typographic apostrophes.

Applied once, to the HTML that the engine wrote, so that generated and hand-written
pages, and the theme's own French strings, follow the same rules. What a reader sees or
hears changes: the text between tags, the attributes made of words (title, alt,
aria-label, placeholder, label, the description and sharing tags of <meta>), and the
words of the schema.org JSON-LD (headline, description, names). Tag names, the other
attributes (URLs, ids, classes, data-*), comments, and the content of code, pre, kbd,
samp, script, style and textarea elements stay as they are. The Atom feeds get the same
pass (their text and labels, never their ids, dates or addresses). Sources, front matter
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
ATOM_NAMESPACE = "http://www.w3.org/2005/Atom"


def _markup_re(verbatim: str) -> re.Pattern:
    # Markup is kept out of the text: comments, verbatim elements whole, tags with their
    # attributes. One group around it all, so that splitting a page keeps the markup
    # between the text runs; the common "<" first lets the regex engine jump from one tag
    # to the next.
    return re.compile(rf"(<(?:!--.*?-->|(?:{verbatim})\b[^>]*>.*?</(?:{verbatim})\s*>|[^>]*>))",
                      re.DOTALL | re.IGNORECASE)


_VERBATIM_TAGS = ("code", "pre", "kbd", "samp", "script", "style", "textarea")
_MARKUP_RE = _markup_re("|".join(_VERBATIM_TAGS))
# In a feed, the elements that hold an address, an identifier or a date.
_FEED_MARKUP_RE = _markup_re("id|uri|updated|published|icon|logo|generator")
# Attributes whose value is words for a reader (HTML; and Atom's link title, category label).
_READER_ATTRIBUTES = frozenset({"title", "alt", "aria-label", "aria-description", "aria-roledescription",
                                "aria-placeholder", "aria-valuetext", "placeholder", "label"})
# <meta name|property=…> whose content is shown when the page is found or shared; not the
# citation_* tags, which carry the bibliographic record as the BibTeX and CSL-JSON do.
_READER_META = frozenset({"description", "og:title", "og:description", "og:site_name", "og:image:alt",
                          "twitter:title", "twitter:description", "twitter:image:alt"})
# A tag worth a look: one of those attribute names then "=", or the JSON-LD script.
_READER_TAG_RE = re.compile(r"\s(?:title|alt|aria-(?:label|description|roledescription|placeholder|valuetext)"
                            r"|placeholder|label|content)\s*=|application/ld\+json", re.IGNORECASE)
_ATTRIBUTE_RE = re.compile(r"""(?<=\s)([^\s"'>/=]+)(\s*=\s*)("[^"]*"|'[^']*'|[^\s"'=<>`][^\s>]*)""")
_JSON_LD_RE = re.compile(r"<script\b[^>]*application/ld\+json", re.IGNORECASE)
# schema.org properties that are words for a reader, as a JSON key and string value.
_JSON_LD_TEXT_RE = re.compile(r'("(?:headline|alternativeHeadline|description|name|caption|abstract)"\s*:\s*")'
                              r'((?:[^"\\]|\\.)*)(")')
# A text run without any of these characters has no place where a rule applies.
_TRIGGER_RE = re.compile(r"[;:!?»«'&%]|\d \d")
# Places a rule may apply. Each branch starts with a fixed character, so the scan runs
# at the regex engine's speed; whether the place is in running text is checked after.
_CANDIDATE_RE = re.compile(r"[ \u00a0](?=[;:!?»%])|«[ \u00a0]|'|&#39;|&#x27;|\d{1,3}(?: \d{3})+(?!\d)")


def text(value: str) -> str:
    """French spacing and apostrophes in one run of running text (no markup in it)."""
    return _apply(value)


def html(document: str) -> str:
    """The rules applied to every text run of an HTML document and to the words of its
    markup (reader attributes, JSON-LD), nothing else changed."""
    return _document(document, _MARKUP_RE)


def feed(document: str) -> str:
    """The rules applied to the text and labels of an Atom feed, never to its addresses,
    identifiers and dates."""
    return _document(document, _FEED_MARKUP_RE)


def _document(document: str, markup_re: re.Pattern) -> str:
    # No rule looks past the edge of a text run (a tag's "<" or ">" is neither a letter,
    # a digit, a space nor punctuation), so each run is handled on its own; most runs are
    # the indentation between two tags and are skipped at once.
    parts = markup_re.split(document)  # text, markup, text, …, text
    changed = False
    for index in range(0, len(parts), 2):
        run = parts[index]
        if run and not run.isspace() and _TRIGGER_RE.search(run):
            new = text(run)
            changed = changed or new is not run
            parts[index] = new
    for index in range(1, len(parts), 2):
        tag = parts[index]
        # Most tags have no reader attribute: one search, and they are left.
        if not _READER_TAG_RE.search(tag) or not _TRIGGER_RE.search(tag):
            continue
        new = _JSON_LD_TEXT_RE.sub(_typeset_value, tag) if _JSON_LD_RE.match(tag) else _attributes(tag)
        if new != tag:
            parts[index], changed = new, True
    return "".join(parts) if changed else document


def _attributes(tag: str) -> str:
    """The reader attributes of one start tag typeset. Comments and verbatim elements
    (code, pre…, which the markup split keeps whole, so more than one ">") stay."""
    if tag.startswith(("<!", "</", "<?")) or tag.find(">") != len(tag) - 1:
        return tag
    name = re.match(r"<([^\s>/]+)", tag)
    if name is None:
        return tag
    found = {match.group(1).lower(): match for match in _ATTRIBUTE_RE.finditer(tag)}
    wanted = [found[key] for key in _READER_ATTRIBUTES if key in found]
    if name.group(1).lower() == "meta" and "content" in found and _meta_is_text(found):
        wanted.append(found["content"])
    pieces, position = [], 0
    for match in sorted(wanted, key=lambda m: m.start()):
        quoted = match.group(3)[0] in "\"'"
        start, end = match.start(3) + quoted, match.end(3) - quoted
        pieces += [tag[position:start], text(tag[start:end])]
        position = end
    return "".join(pieces) + tag[position:] if pieces else tag


def _meta_is_text(found: dict[str, re.Match]) -> bool:
    key = found.get("name") or found.get("property")
    return key is not None and key.group(3).strip("\"'").lower() in _READER_META


def _typeset_value(match: re.Match) -> str:
    return match.group(1) + text(match.group(2)) + match.group(3)


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
    """Rewrite every HTML page and Atom feed of a built site in place, on every core for
    large sites; returns how many files changed. `then(path, page)`, if given, gets each
    page's final text in the same pass, so that a later step does not read the site
    again (it runs in the worker processes: a module-level function or a partial of one)."""
    paths = sorted(_files(site_dir, ".html"))
    changed = sum(apply_to_file(path, rules=feed) for path in sorted(_files(site_dir, ".xml")) if _is_feed(path))
    work = functools.partial(apply_to_file, then=then)
    workers = os.cpu_count() or 1
    if workers < 2 or len(paths) < PARALLEL_MIN_PAGES:
        return changed + sum(map(work, paths))
    with ProcessPoolExecutor(workers) as pool:
        return changed + sum(pool.map(work, paths, chunksize=64))


def apply_to_file(path: Path, then: Callable[[Path, str], None] | None = None,
                  rules: Callable[[str], str] = html) -> bool:
    """The rules applied to one page (or feed), replaced atomically; True if it changed."""
    original = path.read_text(encoding="utf-8")
    result = rules(original)
    if then is not None:
        then(path, result)
    if result == original:
        return False
    temporary = path.with_name(path.name + ".typo-tmp")
    temporary.write_text(result, encoding="utf-8")
    os.replace(temporary, path)
    return True


def _files(site_dir: Path, suffix: str) -> Iterable[Path]:
    for folder, _dirs, files in os.walk(site_dir):
        for name in files:
            if name.endswith(suffix):
                yield Path(folder) / name


def _is_feed(path: Path) -> bool:
    # The root element's namespace, near the start: a sitemap is XML too.
    with path.open(encoding="utf-8", errors="replace") as file:
        return ATOM_NAMESPACE in file.read(1024)
