"""The contributor's format page lists every value a closed vocabulary accepts, so that
a value added to the code is explained to contributors (docs/contribuer/format.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown.extensions.toc import slugify

from generator.format import vocab
from generator.problems import CODES

FORMAT = Path(__file__).parents[2] / "docs" / "contribuer" / "format.md"
LISTS = {"niveaux": vocab.LEVELS, "plateformes": vocab.PLATFORMS, "angles": vocab.ANGLES,
         "statuts": vocab.STATUSES, "unites": vocab.UNITS, "types-de-source": vocab.SOURCE_KINDS,
         "moderation": vocab.MODERATION_MODES}


def section(anchor: str) -> str:
    """The section whose id is `anchor`: set by `{ #anchor }`, or made from the heading by
    the site and by GitHub alike (« Codes erreur » -> codes-erreur)."""
    text = FORMAT.read_text(encoding="utf-8")
    headings = {slugify(line.lstrip("#").strip(), "-"): line for line in text.splitlines() if line.startswith("##")}
    start = text.index(f"{{ #{anchor} }}") if anchor not in headings else text.index(headings[anchor])
    end = text.find("\n### ", start)
    return text[start:end if end > 0 else None]


@pytest.mark.parametrize("anchor", sorted(LISTS))
def test_every_value_of_the_vocabulary_is_listed(anchor: str) -> None:
    listed = re.findall(r"^\| `([^`]+)` \|", section(anchor), re.MULTILINE)
    assert listed == list(LISTS[anchor]), f"docs/contribuer/format.md #{anchor} : {listed}"


def test_every_problem_code_is_explained() -> None:
    table = section("codes-erreur")
    missing = [code for code in CODES if f"| {code} |" not in table]
    assert not missing, missing
