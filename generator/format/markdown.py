"""Contributor Markdown to safe HTML, by an allow-list, and what the allow-list removes.

Case-study narratives, guides and training modules come by pull request. Their
Markdown is rendered here, with the extensions the site uses (so footnotes,
tables, admonitions and attribute lists mean what they mean on the site), and the
HTML is then cleaned by nh3 (the bindings of the Rust sanitiser ammonia) against
an explicit list of tags, attributes, classes and URL schemes. Nothing is filtered
by pattern: what is not on the list does not reach the page. `removals` reads the
same lists to tell contributors (E5xx) what their text will lose.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache as cache_function
from functools import lru_cache
from html.parser import HTMLParser
from urllib.parse import urlsplit

import markdown
import nh3
from pygments.token import STANDARD_TYPES

from generator.layout import address

# The Markdown extensions of mkdocs.yml (a test keeps the two lists equal), with the
# settings that matter here: no permalink (MkDocs adds its own to the headings we
# write back), table alignment as an attribute, since `style` is never kept.
EXTENSIONS = ("toc", "tables", "attr_list", "md_in_html", "footnotes", "admonition",
              "pymdownx.details", "pymdownx.superfences")
EXTENSION_CONFIGS = {"toc": {"permalink": False}, "tables": {"use_align_attribute": True},
                     # The site is in French: the link back from a note says so.
                     "footnotes": {"BACKLINK_TITLE": "Revenir à l'appel de la note %d"}}

ADMONITION_TYPES = frozenset({
    "note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important", "success",
    "check", "done", "question", "help", "faq", "warning", "caution", "attention", "failure", "fail",
    "missing", "danger", "error", "bug", "example", "quote", "cite"})

TAGS = frozenset({
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "a", "em", "strong",
    "b", "i", "code", "pre", "kbd", "blockquote", "q", "cite", "abbr", "del", "ins", "s", "sub", "sup",
    "small", "mark", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "img", "hr", "br",
    "div", "span", "details", "summary", "figure", "figcaption"})
# Tags whose content goes with them (the rest are unwrapped: their text stays, as text).
DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "noscript", "textarea", "title",
                                  "iframe", "object", "embed", "svg", "math", "select", "xmp",
                                  "noembed", "noframes", "plaintext", "frameset", "applet"})
ATTRIBUTES = {
    "*": {"id", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "td": {"align", "colspan", "rowspan"},
    "abbr": {"title"},
    "details": {"open"},
    "span": {"class"},
}
CLASSES = {
    "div": ADMONITION_TYPES | {"admonition", "footnote", "highlight"},
    "details": ADMONITION_TYPES,
    "p": {"admonition-title"},
    "a": {"footnote-ref", "footnote-backref"},
}
# Pygments' token classes on the spans of highlighted code ("nt", "l-Scalar-Plain"): colours
# only. A pattern, as the sub-token names have no end; checked in the attribute filter.
_TOKENS = frozenset(name for name in STANDARD_TYPES.values() if name)
_TOKEN_RE = re.compile(r"([a-z0-9]{1,3})((?:-[A-Z][A-Za-z]*)*)")
URL_SCHEMES = frozenset({"https", "http", "mailto"})
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})

_ID_RE = re.compile(r"[a-z0-9][a-z0-9_:.-]{0,79}")


# --- rendering --------------------------------------------------------------------

# Enough for every guide and module, and the case studies being edited: a whole base's
# narratives are not kept (ten thousand pages of HTML).
RENDERED_KEPT = 256


@cache_function
def _converter() -> markdown.Markdown:
    return markdown.Markdown(extensions=list(EXTENSIONS), extension_configs=EXTENSION_CONFIGS)


def render(text: str) -> str:
    """The contributor's Markdown as Python-Markdown renders it on the site, unsafe.

    The same text is asked for several times in a run (the check's allow-list and
    links, then the page) and again at each regeneration of `smg serve`: the latest
    results are kept. Trailing blank space changes nothing Markdown renders."""
    return _render(text.rstrip())


@lru_cache(maxsize=RENDERED_KEPT)
def _render(text: str) -> str:
    converter = _converter()
    converter.reset()
    return converter.convert(text)


def clean(raw_html: str, page: str, reserved: Iterable[str] = ()) -> str:
    """`raw_html` through the allow-list, links rewritten for the page at `page`, ids
    kept off those of `reserved` (the page's own)."""
    taken = frozenset(reserved)

    def attribute_filter(tag: str, attribute: str, value: str) -> str | None:
        return _attribute_filter(tag, attribute, value, taken)

    return nh3.clean(raw_html, tags=set(TAGS), clean_content_tags=set(DROPPED_WITH_CONTENT),
                     attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
                     allowed_classes={tag: set(names) for tag, names in CLASSES.items()},
                     url_schemes=set(URL_SCHEMES), attribute_filter=attribute_filter,
                     url_relative=lambda url: relative_url(url, page), strip_comments=True,
                     link_rel="noopener noreferrer")


def _attribute_filter(tag: str, attribute: str, value: str, taken: frozenset[str]) -> str | None:
    if attribute == "id":
        if not _ID_RE.fullmatch(value):
            return None
        candidate, suffix = value, 0
        while candidate in taken:
            suffix += 1
            candidate = f"{value}_{suffix}"
        return candidate
    if tag == "span" and attribute == "class":
        return " ".join(token_classes(value)) or None
    if attribute in URL_ATTRIBUTES and not readable(value):
        return None
    if tag == "img" and attribute == "src" and not is_relative(value):
        return None  # images come from the repository, never from another host
    if attribute in ("width", "height", "start", "colspan", "rowspan"):
        return value if value.isdigit() and len(value) <= 4 else None
    return value


def token_classes(value: str) -> list[str]:
    """The classes of `value` that are Pygments token names."""
    return [name for name in value.split() if (m := _TOKEN_RE.fullmatch(name)) and m.group(1) in _TOKENS]


def readable(url: str) -> bool:
    """No control character nor replacement character (what a NUL entity becomes): a
    URL that hides one is not what it looks like."""
    return all(ch.isprintable() and ch != "\ufffd" for ch in html.unescape(url))


def is_relative(url: str) -> bool:
    """A URL without scheme nor host: it can only point into the site."""
    stripped = "".join(url.split()).replace("\\", "/")
    return not re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", stripped) and not stripped.startswith("//")


def relative_url(url: str, page: str) -> str | None:
    """A relative link of the page at `page` (a path like 'cas/rennes.md'), as MkDocs
    would write it with directory URLs; None when it leads to another host or above
    the site's root."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or "\\" in url or url.startswith("//"):
        return None  # browsers read "\\" as "/": "/\\host" is another host
    if url.startswith(("#", "/")):
        return url  # an anchor of the page, or a path of this host (MkDocs leaves both)
    path = page.rpartition("/")[0]
    target = posixpath.normpath(posixpath.join(path, parts.path)) if parts.path else page
    if target.startswith("..") or target.startswith("/"):
        return None
    if target.endswith(".md"):
        target = address(target)
    base = address(page)
    link = "../" * base.count("/") + target
    if parts.query:
        link += "?" + parts.query
    if parts.fragment:
        link += "#" + parts.fragment
    return link or "./"


def link_target(url: str, page: str) -> str | None:
    """The source path a relative `.md` link points at ('cas/rennes.md'), or None."""
    parts = urlsplit(html.unescape(url))
    if parts.scheme or parts.netloc or not parts.path.endswith(".md") or url.startswith("/"):
        return None
    target = posixpath.normpath(posixpath.join(page.rpartition("/")[0], parts.path))
    return None if target.startswith("..") else target



# --- what the allow-list removes, for the validator ------------------------------------

_SCRIPT_SCHEMES = frozenset({"javascript", "vbscript", "data", "livescript", "mocha"})
EXECUTABLE_TAGS = DROPPED_WITH_CONTENT | {"base", "meta", "link", "form", "input", "button", "frame",
                                          "portal", "applet", "isindex", "param", "use", "image"}


@dataclass(frozen=True)
class Removal:
    """One thing of a contributor text the sanitiser will drop: its code, a French
    message, and the words to look for in the source to place it."""

    code: str
    message: str
    needles: tuple[str, ...]


def scheme(url: str) -> str:
    """The scheme a browser reads in `url` (entities decoded, controls and spaces dropped)."""
    plain = "".join(ch for ch in html.unescape(url) if ord(ch) > 32 and ch != "\x7f")
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", plain)
    return match.group(1).lower() if match else ""


def removals(text: str, page: str, pages: set[str] | None = None) -> list[Removal]:
    """Everything the allow-list would take out of `text`, and, when `pages` (the
    site's source paths) is given, relative `.md` links to no page."""
    checker = _Checker(page, pages)
    checker.feed(render(text))
    checker.close()
    return checker.found


# Deeper than this, contributor HTML is refused: no text needs it, and a browser or the
# sanitiser would spend long on ten thousand nested elements.
MAX_NESTING = 40
VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                       "track", "wbr"})


class _Checker(HTMLParser):
    """Reads the rendered HTML with the allow-list's tables and says what it refuses."""

    def __init__(self, page: str, pages: set[str] | None) -> None:
        super().__init__(convert_charrefs=True)
        self.page, self.pages = page, pages
        self.found: list[Removal] = []
        self.dropping = 0
        self.depth = 0  # elements open around the current one (void elements apart)

    def _say(self, code: str, message: str, *needles: str) -> None:
        self.found.append(Removal(code, message, tuple(n for n in needles if n)))

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self._start(tag, attrs)
        if tag in DROPPED_WITH_CONTENT:
            self.dropping += 1  # what is inside goes too: said once, for the tag
        if tag not in VOID_TAGS:
            self.depth += 1
            if self.depth == MAX_NESTING + 1:
                self._say("E504", f"éléments HTML imbriqués sur plus de {MAX_NESTING} niveaux : simplifiez le "
                          "texte (paragraphes, listes d'un ou deux niveaux).", f"<{tag}", tag)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self._start(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in DROPPED_WITH_CONTENT and self.dropping:
            self.dropping -= 1
        if tag not in VOID_TAGS and self.depth:
            self.depth -= 1

    def _start(self, tag: str, attrs: list) -> None:
        if self.dropping:
            return
        if tag in EXECUTABLE_TAGS:
            self._say("E501", f"balise <{tag}> retirée du texte : elle peut exécuter du code ou charger "
                      "une autre page ; écrivez en Markdown (liens, images, listes).", f"<{tag}", tag)
        elif tag not in TAGS:
            self._say("E504", f"balise <{tag}> non permise, retirée (son texte reste) ; balises "
                      "permises : paragraphes, titres, listes, liens, tableaux, images, citations.",
                      f"<{tag}", tag)
        else:
            allowed = ATTRIBUTES.get(tag, set()) | ATTRIBUTES["*"]
            for name, value in attrs:
                self._attribute(tag, name, value or "", allowed)

    def _attribute(self, tag: str, name: str, value: str, allowed: set[str]) -> None:
        if name.startswith("on"):
            self._say("E501", f"attribut « {name} » retiré : il exécute du code.", name)
        elif name == "class":
            kept = token_classes(value) if tag == "span" else CLASSES.get(tag, ())
            refused = [c for c in value.split() if c not in kept]
            if refused:
                self._say("E506", f"classe « {' '.join(refused)} » non permise sur <{tag}>, retirée ; "
                          "seuls les encadrés (!!! note, ??? tip…), les notes et les blocs de code ont une classe.",
                          refused[0], "class")
        elif name in URL_ATTRIBUTES or name in ("action", "formaction", "data", "poster", "srcset",
                                                 "xlink:href", "background", "dynsrc", "lowsrc"):
            self._url(tag, name, value, allowed)
        elif name not in allowed:
            self._say("E505", f"attribut « {name} » non permis sur <{tag}>, retiré"
                      + (" (pas de mise en forme libre : le thème décide de l'apparence)." if name == "style"
                         else "."), name)
        elif name == "id" and not _ID_RE.fullmatch(value):
            self._say("E505", f"identifiant « {value[:40]} » retiré : lettres minuscules, chiffres et "
                      "tirets seulement.", value, "id")

    def _url(self, tag: str, name: str, value: str, allowed: set[str]) -> None:
        found = scheme(value)
        shown = "".join(ch if ch.isprintable() else "\ufffd" for ch in value.strip()[:60])
        tail = value.split(":", 1)[-1][:20]
        if found in _SCRIPT_SCHEMES:
            self._say("E501", f"adresse « {shown} » retirée : une adresse {found}: peut exécuter du code ; "
                      "seules les adresses https://, http://, mailto: ou relatives sont permises.",
                      value, tail, name)
        elif name not in allowed:
            self._say("E505", f"attribut « {name} » non permis sur <{tag}>, retiré.", name)
        elif not readable(value):
            self._say("E508", f"adresse « {shown} » retirée : elle contient un caractère invisible "
                      "ou de contrôle ; écrivez l'adresse en clair.", value, tail, name)
        elif tag == "img" and name == "src" and not is_relative(value):
            self._say("E503", f"image distante « {shown} » retirée : les images viennent du dépôt "
                      "(chemin relatif), jamais d'un autre site qui verrait passer les lecteurs.", value, "![")
        elif found and found not in URL_SCHEMES:
            self._say("E508", f"adresse « {shown} » retirée : seules les adresses https://, http://, "
                      "mailto: ou relatives sont permises.", value, name)
        elif not found and relative_url(value, self.page) is None:
            self._say("E508", f"adresse « {shown} » retirée : elle sort du site (autre hôte ou "
                      "au-dessus de la racine) ; écrivez une adresse https:// ou un lien relatif.",
                      value, name)
        elif not found and self.pages is not None:
            target = link_target(value, self.page)
            if target is not None and target not in self.pages:
                self._say("E507", f"lien « {shown} » vers une page qui n'existe pas ({target}).", value)
