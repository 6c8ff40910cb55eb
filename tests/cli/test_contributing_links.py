"""Every relative link and anchor of CONTRIBUTING.md and README.md resolves as GitHub reads
them: the file exists, and the anchor is one GitHub makes from a heading."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_INLINE_LINK = re.compile(r"!?\[(?:[^\]\[]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
_HTML_ANCHOR = re.compile(r"<a\s[^>]*(?:id|name)=\"([^\"]+)\"")


def prose_lines(text: str) -> list[str]:
    """The lines outside fenced code blocks, code spans blanked (GitHub links neither)."""
    lines, fenced = [], False
    for line in text.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            lines.append(re.sub(r"`[^`]*`", lambda span: " " * len(span[0]), line))
    return lines


def github_anchor(heading: str) -> str:
    """The id GitHub gives a heading: its text, lower-cased, punctuation and symbols removed
    (letters keep their accents), each space a hyphen."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading).strip().lower()
    kept = "".join(c for c in text if c in " -_" or unicodedata.category(c)[0] in "LNM")
    return kept.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """Every anchor GitHub makes in a Markdown file: headings (a repeated one gets -1, -2…)
    and HTML anchors."""
    found: set[str] = set()
    seen: dict[str, int] = {}
    text = path.read_text(encoding="utf-8")
    fenced = False
    for line in text.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
        heading = None if fenced else _HEADING.match(line)
        if heading:
            base = github_anchor(heading[2])
            found.add(f"{base}-{seen[base]}" if base in seen else base)
            seen[base] = seen.get(base, 0) + 1
    return found | set(_HTML_ANCHOR.findall(text))


def relative_links(path: Path) -> list[str]:
    links = []
    for line in prose_lines(path.read_text(encoding="utf-8")):
        links += _INLINE_LINK.findall(line) + _REFERENCE.findall(line)
    return [link for link in links if not re.match(r"[a-z][a-z0-9+.-]*:", link, re.IGNORECASE)]


def test_github_anchors_as_github_makes_them() -> None:
    """The rule the test below relies on, on headings of this repository."""
    assert github_anchor("3. Sans connaître GitHub, avec le formulaire en ligne") == \
        "3-sans-connaître-github-avec-le-formulaire-en-ligne"
    assert github_anchor("2. Sur votre ordinateur, avec l'outil `smg`") == "2-sur-votre-ordinateur-avec-loutil-smg"
    assert github_anchor("Les codes d'erreur { #codes-erreur }") == "les-codes-derreur--codes-erreur-"
    assert github_anchor("Codes erreur") == "codes-erreur"


def test_the_links_are_found() -> None:
    links = relative_links(ROOT / "CONTRIBUTING.md")
    assert "docs/contribuer/format.md#codes-erreur" in links and "#référence-des-champs" in links


@pytest.mark.parametrize("name", ["CONTRIBUTING.md", "README.md"])
def test_every_relative_link_resolves_on_github(name: str) -> None:
    source = ROOT / name
    broken = []
    for link in relative_links(source):
        target, _, anchor = link.partition("#")
        path = (source.parent / target) if target else source
        if not path.exists():
            broken.append(f"{link} : {target} n'existe pas")
        elif anchor and path.suffix == ".md" and anchor not in anchors(path):
            broken.append(f"{link} : pas de titre d'ancre « {anchor} » sur GitHub")
    assert broken == [], f"{name} : liens cassés sur GitHub :\n" + "\n".join(broken)
