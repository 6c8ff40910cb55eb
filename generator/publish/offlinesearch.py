"""The search of the offline copy, built by smg: an index in a script file and a small dialog.

The offline copy opens from file://, where Pagefind cannot load (it fetches its index)
and `fetch` is forbidden. So smg reads the copy's built pages once they are final
(typography applied), and writes:

- `search/index.js`, loaded by a <script> element: for every page (not the 404 page,
  not a noindex page such as a redirect or a draft) its address, title, headings and
  a short summary, and the folded words of its content (the `data-pagefind-body`
  element when there is one, else the article), each word pointing to its pages;
- the dialog's script and style (generator/data/offline-search.js and .css), which the
  theme links from every page of the copy (`extra.smg_offline`,
  generator/theme/partials/offline-search.html).

Words are folded the same way here and in the script (`fold`, `words`): lower case,
accents off ("collectivités" -> "collectivites"), ligatures spelled out ("œuvre" ->
"oeuvre"), apostrophes as word breaks, and an elided article or pronoun left out
("l'État" -> "etat"). A query matches a page when each of its words begins a word of
the page. Parts marked `data-pagefind-ignore` (citation, permalink) and the "¶" heading
anchors are left out, as Pagefind leaves them out of the published site's index.
"""

from __future__ import annotations

import json
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

from generator.format.vocab import DATA_DIR
from generator.write.files import write_file

INDEX = "search/index.js"
SCRIPT = "javascripts/smg-offline-search.js"
STYLE = "stylesheets/smg-offline-search.css"
ASSETS = {SCRIPT: "offline-search.js", STYLE: "offline-search.css"}  # file in the copy -> generator/data/
SUMMARY_CHARS = 200

APOSTROPHES = "'\u2019"
# Articles and pronouns that French elides before a vowel: "l'", "d'", "qu'", "jusqu'"…
ELISIONS = frozenset({"c", "d", "j", "l", "m", "n", "s", "t", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu"})
# The modifier-letter apostrophe is a letter to regular expressions: made a plain one.
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "\u02bc": "'"})
_MARKS = re.compile("[\u0300-\u036f]")  # the combining accents that NFD splits off
_WORD = re.compile(rf"([^\W_]+)([{APOSTROPHES}]?)")
_SPACES = re.compile(r"[ \t\n\r\f\v]+")  # HTML's white space, not the no-break spaces
_SKIPPED_TAGS = frozenset({"script", "style", "template", "svg"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                   "wbr"})


def fold(text: str) -> str:
    """Lower case, ligatures spelled out, accents off, one kind of apostrophe less."""
    text = text.lower().translate(_LIGATURES)
    return unicodedata.normalize("NFC", _MARKS.sub("", unicodedata.normalize("NFD", text)))


def words(text: str) -> list[str]:
    """The folded words of `text`, apostrophes breaking words, elided words left out."""
    return [word for word, apostrophe in _WORD.findall(fold(text)) if not (apostrophe and word in ELISIONS)]


class PageText(HTMLParser):
    """What one built page gives the index: title, headings, the text of its content."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.noindex = False
        self.title = ""
        self.headings: list[str] = []
        self.parts: list[str] = []
        self._in_body = self._in_article = False
        self._skip: list[str] = []  # the tag that opened a skipped part, nested repeats
        self._heading: list[str] | None = None
        self._h1: list[str] | None = None
        self._title_tag: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "meta" and found.get("name") == "robots" and "noindex" in (found.get("content") or ""):
            self.noindex = True
        if tag in _VOID:
            return
        if self._skip:
            if tag == self._skip[0]:
                self._skip.append(tag)
            return
        if tag in _SKIPPED_TAGS or "data-pagefind-ignore" in found or "headerlink" in (found.get("class") or ""):
            self._skip.append(tag)
        elif tag == "title":
            self._title_tag = []
        elif tag == "article" and "md-content__inner" in (found.get("class") or ""):
            self._in_article = True
        elif "data-pagefind-body" in found and not self._in_body:
            self._in_body, self.parts = True, []  # the element Pagefind indexes: this alone
        elif tag == "h1" and self._in_article:
            self._h1 = []
        elif tag in ("h2", "h3") and self._in_article:
            self._heading = []

    def handle_endtag(self, tag: str) -> None:
        if self._skip:
            if tag == self._skip[0]:
                self._skip.pop()
            return
        if tag == "title" and self._title_tag is not None:
            self.title = self.title or _clean("".join(self._title_tag)).rsplit(" - ", 1)[0]
            self._title_tag = None
        elif tag == "h1" and self._h1 is not None:
            self.title, self._h1 = _clean("".join(self._h1)), None
        elif tag in ("h2", "h3") and self._heading is not None:
            self.headings.append(_clean("".join(self._heading)))
            self._heading = None
        elif tag == "article":
            self._in_article = False

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        for collecting in (self._title_tag, self._h1, self._heading):
            if collecting is not None:
                collecting.append(data)
        if self._in_article:
            self.parts.append(data)

    @property
    def text(self) -> str:
        return _clean(" ".join(self.parts))


def _clean(text: str) -> str:
    # Not str.split(): it also splits at the no-break spaces that the typography pass put
    # before ":" or inside « », and the results would show ordinary spaces there.
    return _SPACES.sub(" ", text).strip(" ")


def read_page(html: str) -> PageText | None:
    """The page's text for the index; None for a page that is not to be found."""
    page = PageText()
    page.feed(html)
    page.close()
    return None if page.noindex or not page.text else page


def build_index(folder: Path) -> dict:
    """The index of every page of the copy in `folder`."""
    pages: list[dict] = []
    postings: dict[str, list[int]] = {}
    for path in sorted(folder.rglob("*.html")):
        relative = path.relative_to(folder).as_posix()
        page = None if relative == "404.html" else read_page(path.read_text(encoding="utf-8"))
        if page is None:
            continue
        number = len(pages)
        summary = page.text[len(page.title):].strip() if page.text.startswith(page.title) else page.text
        pages.append({"u": relative, "t": page.title, "h": " ".join(words(" ".join(page.headings))),
                      "s": _shortened(summary)})
        for word in sorted(set(words(f"{page.title} {page.text}"))):
            postings.setdefault(word, []).append(number)
    return {"pages": pages, "words": dict(sorted(postings.items()))}


def _shortened(text: str) -> str:
    if len(text) <= SUMMARY_CHARS:
        return text
    return text[:SUMMARY_CHARS].rsplit(" ", 1)[0] + " …"


def index_script(index: dict) -> str:
    """The index as a script: file:// pages may load scripts, never fetch a file."""
    data = json.dumps(index, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f"window.smgSearchIndex={data};\n"


def write_search(folder: Path) -> int:
    """Write the index, the dialog's script and its style into the copy; the pages indexed."""
    index = build_index(folder)
    write_file(folder / INDEX, index_script(index))
    assets = DATA_DIR  # not importlib.resources: a project folder named generator/ would shadow the package
    for target, name in ASSETS.items():
        write_file(folder / target, (assets / name).read_text(encoding="utf-8"))
    return len(index["pages"])
