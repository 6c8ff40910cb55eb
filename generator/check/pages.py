"""Every file of docs/ that a reader's browser could run: checked, or refused.

Guides are checked as documents (documents.py). The other hand-written pages go to
MkDocs as they are written, so each one must pass the allow-list that cleans case
studies (the same Markdown extensions, format/markdown.py): anything it would take
out is an error at its line, and the build stops. Nothing else that a browser would
run or show as a page is accepted: HTML pages, Markdown under another extension than
`.md` (MkDocs reads `.markdown`, `.mdown`, `.mkdn`, `.mkd` as pages), SVG images with a
script, an event handler or a reference outside the image, and the front-matter keys
that the theme writes into a page's <head> (`jsonld`, `head_meta`, `feed`: the generator's own).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from pathlib import Path

from generator.check import body
from generator.check.addresses import hand_written_names, is_guide
from generator.format.documents import Record
from generator.load import load
from generator.load.files import folder_problem, walk
from generator.load.yamlsafe import compose, locate
from generator.problems import Problem, problem

# Written by the generator for its own pages, printed into <head> by the theme.
HEAD_KEYS = ("jsonld", "head_meta", "feed")
# What MkDocs reads as a page besides `.md` (mkdocs.utils.markdown_extensions), and HTML.
_OTHER_PAGES = re.compile(r"\.(?:markdown|mdown|mkdn|mkd|md|html?|xhtml|shtml)$", re.IGNORECASE)
# SVG elements that run, load or animate something (an animation can set an href).
_SVG_ACTIVE = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener",
               "set", "animate", "animatemotion", "animatetransform", "discard"}
_LINK_ATTRIBUTES = {"href", "src"}
_ENTITY_OR_STYLESHEET = re.compile(r"<!ENTITY|<\?xml-stylesheet", re.IGNORECASE)
_OUTSIDE = re.compile(r"url\(\s*['\"]?\s*(?!#)|@import|javascript:", re.IGNORECASE)


def docs_problems(docs_dir: Path, name: str = "docs") -> Iterator[Problem]:
    """Problems of every file under `docs_dir` (shown as `name/…`) but the guides."""
    if folder_problem(docs_dir, name) is not None or not docs_dir.is_dir():
        return  # a linked docs/ is refused once (tree.py), never entered
    pages = set(hand_written_names(docs_dir))
    for rel in walk(docs_dir)[0]:
        shown = f"{name}/{rel}"
        if rel in pages:
            yield from sorted(page_problems(docs_dir / rel, shown, rel), key=lambda p: (p.line, p.column))
        elif rel.lower().endswith(".svg"):
            yield from svg_problems(docs_dir / rel, shown)
        elif _OTHER_PAGES.search(rel) and not (rel.endswith(".md") and is_guide(rel)):
            yield problem(shown, 1, 1, "E108", _refused(rel))


def _refused(rel: str) -> str:
    if re.search(r"\.(?:x?html?|shtml)$", rel, re.IGNORECASE):
        return ("page HTML écrite à la main : elle échapperait à la vérification des pages. "
                "Écrivez-la en Markdown (fichier .md).")
    return ("extension que MkDocs lirait comme une page sans que smg la vérifie : "
            "renommez le fichier en .md (en minuscules).")


def page_problems(path: Path, shown: str, rel: str) -> Iterator[Problem]:
    """A hand-written page: readable, no key the theme puts in <head>, a body the
    allow-list keeps whole (the template's « À COMPLÉTER » may be quoted here)."""
    record = _record(path, shown)
    yield from record.problems
    if isinstance(record.data, dict):
        for key in HEAD_KEYS:
            if key in record.data:
                line, column = locate(compose(record.front_matter), (key,), want_key=True)
                yield problem(shown, record.front_matter_line + line, column + 1, "E316",
                              f"le champ « {key} » est réservé aux pages générées (il va dans l'en-tête "
                              "HTML de la page) : retirez-le.")
    yield from body.body_problems(record, shown, None, page=rel, placeholders=False)


def _record(path: Path, shown: str) -> Record:
    """The page as a record; a page without front matter is all body."""
    record = load.load_file(path, shown)
    if any(p.code == "E103" for p in record.problems):
        text = path.read_text(encoding="utf-8")
        record = Record(path=path, slug=record.slug, name=shown, body=text, body_line=1,
                        problems=[p for p in record.problems if p.code not in ("E103", "E106")])
    else:
        record.problems = [p for p in record.problems if p.code != "E106"]  # any file name MkDocs takes
    return record


def svg_problems(path: Path, shown: str) -> Iterator[Problem]:
    """An SVG image of docs/: no script, no event handler, nothing loaded from outside it."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        yield problem(shown, 1, 1, "E510", "image SVG illisible : enregistrez-la en UTF-8.")
        return
    outside = _ENTITY_OR_STYLESHEET.search(text)
    if outside:
        yield problem(shown, _line(text, outside.start()), 1, "E510",
                      "image SVG avec une entité ou une feuille de style externe : retirez-la.")
        return
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as error:
        yield problem(shown, error.position[0], error.position[1] + 1, "E510",
                      "image SVG mal formée : le fichier n'est pas du XML valide.")
        return
    for element in root.iter():
        reason = _svg_reason(element)
        if reason:
            yield problem(shown, _line_of(text, element), 1, "E510", f"image SVG non sûre : {reason}. "
                          "Une image SVG ne contient ni script, ni attribut on…, ni adresse hors de l'image.")


def _svg_reason(element: ElementTree.Element) -> str | None:
    tag = _local(element.tag)
    if tag.lower() in _SVG_ACTIVE:
        return f"élément <{tag}>"
    for attribute, value in element.attrib.items():
        name = _local(attribute).lower()
        if name.startswith("on"):
            return f"attribut {_local(attribute)} sur <{tag}>"
        if name in _LINK_ATTRIBUTES and not value.strip().startswith("#"):
            return f"adresse « {value[:60]} » sur <{tag}>"
        if _OUTSIDE.search(value):
            return f"adresse hors de l'image dans l'attribut {_local(attribute)} de <{tag}>"
    if tag == "style" and _OUTSIDE.search("".join(element.itertext())):
        return "adresse hors de l'image dans <style>"
    return None


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _line_of(text: str, element: ElementTree.Element) -> int:
    """The line of the element's opening tag (ElementTree keeps no positions: the first
    occurrence of its tag name)."""
    found = re.search(rf"<(?:\w+:)?{re.escape(_local(element.tag))}\b", text)
    return _line(text, found.start()) if found else 1
