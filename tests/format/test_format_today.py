"""The format's fields for today's sources: a source's kind and address (or why it has
none), a population with its source, a charter's clauses, X counted with Twitter."""

from __future__ import annotations

from pathlib import Path

from generator.context.site import facets
from generator.format import vocab

from ..conftest import VALID, check, codes, replace_once

SOURCE = ("    url: https://example.org/villes-twitter\n    consulted: 2012-01-15\n    kind: etude\n")


def _problems(text: str, write_case, tmp_path: Path) -> list:
    return check([write_case("cas.md", text)], tmp_path)


def test_a_source_needs_an_address_or_a_reason(write_case, tmp_path: Path) -> None:
    text = replace_once(VALID, SOURCE, "    kind: etude\n")
    found = _problems(text, write_case, tmp_path)
    assert codes(found) == ["E302"] and "no_url" in found[0].message
    reason = replace_once(VALID, SOURCE, "    no_url: Texte imprimé, sans adresse.\n    kind: etude\n")
    assert _problems(reason, write_case, tmp_path) == []


def test_an_address_needs_the_day_it_was_read(write_case, tmp_path: Path) -> None:
    text = replace_once(VALID, "    consulted: 2012-01-15\n", "")
    found = _problems(text, write_case, tmp_path)
    assert codes(found) == ["E302"] and "consulted" in found[0].message


def test_a_source_has_a_kind_from_the_list(write_case, tmp_path: Path) -> None:
    found = _problems(replace_once(VALID, "    kind: etude\n", "    kind: journal\n"), write_case, tmp_path)
    assert codes(found) == ["E304"] and "presse" in found[0].message
    missing = _problems(replace_once(VALID, "    kind: etude\n", ""), write_case, tmp_path)
    assert codes(missing) == ["E302"]


def test_only_vendor_sources_is_a_warning(write_case, tmp_path: Path) -> None:
    found = _problems(replace_once(VALID, "    kind: etude\n", "    kind: prestataire\n"), write_case, tmp_path)
    assert codes(found) == ["W704"] and not found[0].is_error


def test_population_and_charter_name_a_declared_source(write_case, tmp_path: Path) -> None:
    text = replace_once(VALID, "population: {value: 75000, source: dupont-2011}",
                        "population: {value: 75000, source: insee}")
    assert codes(_problems(text, write_case, tmp_path)) == ["E309"]
    charter = replace_once(VALID, "related: []\n",
                           "charter:\n  source: inconnue\n  moderation: a-priori\nrelated: []\n")
    assert codes(_problems(charter, write_case, tmp_path)) == ["E309"]
    good = replace_once(VALID, "related: []\n", "charter:\n  source: dupont-2011\n  moderation: a-posteriori\n"
                        "  removed: Propos injurieux.\nrelated: []\n")
    assert _problems(good, write_case, tmp_path) == []


def test_moderation_is_a_listed_moment(write_case, tmp_path: Path) -> None:
    text = replace_once(VALID, "related: []\n", "charter:\n  source: dupont-2011\n  moderation: avant\nrelated: []\n")
    found = _problems(text, write_case, tmp_path)
    assert codes(found) == ["E304"] and "a-priori" in found[0].message


def test_x_is_listed_with_twitter(write_case, tmp_path: Path) -> None:
    from generator.check.record import validate
    from generator.load.load import load_paths

    twitter = write_case("a.md", VALID)
    x = write_case("b.md", VALID.replace("  - platform: twitter", "  - platform: x"))
    result = validate(load_paths([twitter, x], root=tmp_path))
    assert not result.problems
    platform = next(f for f in facets(result.cases) if f.key == "par-plateforme")
    assert [(value.key, value.label, len(value.cases)) for value in platform.values] == [("twitter", "Twitter / X", 2)]
    assert vocab.platform_facet("x") == "twitter" and "x" not in vocab.FACET_PLATFORMS
