"""The adoption timeline (every dated share of a group present on a platform, one line per
study and level) and the bibliography (each publication once, the facts taken from it)."""

from __future__ import annotations

from pathlib import Path

from generator.check.record import validate
from generator.context.bibliography import bibliography, facts_per_source
from generator.context.site import build_site
from generator.context.timeline import adoption_timeline
from generator.load.load import load_paths

from ..conftest import VALID, replace_once

PANORAMA = replace_once(VALID, "level: commune", "level: panorama\ncoverage:\n  levels: [region, departement]")
FIGURE = "      - value: 1200\n        unit: abonnes\n        as_of: 2011-06\n        source: dupont-2011\n"


def _figures(*shares: tuple[int, str, str]) -> str:
    """Shares (value, year, extra YAML) of administrations present on Twitter."""
    return "".join(f"      - value: {value}\n        unit: pct-administrations\n        as_of: {year}\n"
                   f"        source: dupont-2011\n{extra}" for value, year, extra in shares)


def _site(tmp_path: Path, texts: dict[str, str]):
    paths = []
    for name, text in texts.items():
        path = tmp_path / f"{name}.md"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    result = validate(load_paths(paths, root=tmp_path))
    assert not [p for p in result.problems if p.is_error], result.problems
    return build_site(result.cases)


def test_one_line_per_study_and_level_other_measures_and_bases_left_out(tmp_path: Path) -> None:
    text = PANORAMA.replace("level: panorama", "level: panorama", 1).replace(FIGURE, _figures(
        (50, 2012, "        level: region\n"), (80, 2014, "        level: region\n"),
        (30, 2012, "        level: departement\n"), (90, 2013, "        among: presentes\n"),
        (20, 2013, "        level: region\n        measure: community-manager\n"),
        (40, 2013, "")))
    text = text.replace("  end: 2012", "  end: 2014")
    site = _site(tmp_path, {"etude": text})
    (line,) = adoption_timeline(site)
    assert line.platform == "twitter"
    groups = [(p.year, p.value, p.group) for p in line.points]
    assert groups == [(2012, 30, "departement"), (2012, 50, "region"), (2013, 40, "plusieurs"), (2014, 80, "region")]
    assert sorted((s.name.split(", ")[-1], len(s.points)) for s in line.chart.series) == [
        ("département", 1), ("plusieurs niveaux", 1), ("région", 2)]


def test_x_and_twitter_shares_share_one_timeline(tmp_path: Path) -> None:
    first = PANORAMA.replace(FIGURE, _figures((50, 2012, "")))
    second = PANORAMA.replace(FIGURE, _figures((70, 2024, ""))).replace("  - platform: twitter", "  - platform: x")
    site = _site(tmp_path, {"a": first, "b": second.replace("end: 2012", "end: 2024")})
    assert [[p.year for p in line.points] for line in adoption_timeline(site)] == [[2012, 2024]]


def test_a_publication_cited_by_two_cases_is_listed_once_with_all_its_facts(tmp_path: Path) -> None:
    other = VALID.replace("La ville d'Exemple ouvre un compte Twitter en 2010[^dupont-2011].",
                          "Deux faits[^dupont-2011], deux notes[^dupont-2011].")
    site = _site(tmp_path, {"a": VALID, "b": other})
    (entry,) = bibliography(site.cases)
    assert [c.slug for c in entry.cases] == ["a", "b"]
    # a: one citation, one figure, the population; b: two citations, one figure, the population
    assert [facts_per_source(c)["dupont-2011"] for c in site.cases] == [3, 4]
    assert entry.facts == 7


def test_a_publication_is_known_by_its_address_not_its_title(tmp_path: Path) -> None:
    """One address under two titles is one publication; one title at two addresses, two
    (every town's page is titled « Charte de modération »)."""
    retitled = VALID.replace("    title: Les villes sur Twitter",
                             "    title: Les villes sur Twitter (titre tiré de l'adresse)")
    elsewhere = VALID.replace("https://example.org/villes-twitter", "https://example.org/autre-ville")
    site = _site(tmp_path, {"a": VALID, "b": retitled, "c": elsewhere})
    entries = bibliography(site.cases)
    assert sorted([c.slug for c in e.cases] for e in entries) == [["a", "b"], ["c"]]
