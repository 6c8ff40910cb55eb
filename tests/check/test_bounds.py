"""Every validation bound and uniqueness rule, on both sides of its limit.

The limits are written out here, not read from the schema: moving a bound in
generator/format/models.py or fields.py, or disabling a uniqueness check, makes one of these fail.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from generator.check.documents import validate_comparisons
from generator.format import models
from generator.load.load import load_data_file, load_file

from ..conftest import VALID, check, replace_once

TODAY = dt.date.today()


def base_data(tmp_path: Path) -> dict:
    path = tmp_path / "base.md"
    path.write_text(VALID, encoding="utf-8")
    return load_file(path).data


def with_value(data: dict, loc: tuple, value) -> dict:
    changed = copy.deepcopy(data)
    target = changed
    for part in loc[:-1]:
        target = target[part]
    target[loc[-1]] = value
    return changed


def problems_of(tmp_path: Path, data: dict, name: str = "cas.md"):
    body = VALID.split("\n---\n", 1)[1]
    text = "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n" + body
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return check([path], tmp_path)


def codes_at(tmp_path: Path, loc: tuple, value) -> list[str]:
    return [p.code for p in problems_of(tmp_path, with_value(base_data(tmp_path), loc, value))]


# --- text lengths of a case study ---------------------------------------------------------

CASE_TEXT_LIMITS = [
    (("title",), 150),
    (("administration",), 200),
    (("summary",), 500),
    (("lessons", 0), 500),
    (("platforms", 0, "account"), 100),
    (("platforms", 0, "audience", 0, "label"), 200),
    (("sources", 0, "title"), 300),
    (("sources", 0, "author"), 200),
    (("sources", 0, "publisher"), 200),
    (("sources", 0, "note"), 300),
    (("contributors",), 120),
    (("tags",), 40),
]


@pytest.mark.parametrize("loc, limit", CASE_TEXT_LIMITS, ids=[".".join(map(str, loc)) for loc, _ in CASE_TEXT_LIMITS])
def test_case_text_length_limit(loc: tuple, limit: int, tmp_path: Path) -> None:
    def at(length: int):
        text = "a" * length
        if loc in (("contributors",), ("tags",)):
            return codes_at(tmp_path, loc, [text])
        return codes_at(tmp_path, loc, text)

    assert at(limit) == []
    assert at(limit + 1) == ["E314"]  # too long: a size limit
    assert at(1) == []
    assert at(0) == ["E311"]


def test_coverage_description_length(tmp_path: Path) -> None:
    data = base_data(tmp_path) | {"level": "panorama"}
    for length, expected in ((300, []), (301, ["E314"])):
        data["coverage"] = {"levels": ["commune"], "description": "a" * length}
        assert [p.code for p in problems_of(tmp_path, data)] == expected


# --- numbers and dates ------------------------------------------------------------------------


@pytest.mark.parametrize("loc, ok, bad, code", [
    (("population", "value"), 1, 0, "E313"),
    (("platforms", 0, "audience", 0, "value"), 0, -1, "E307"),
    (("platforms", 0, "audience", 0, "value"), 0.0, -0.5, "E307"),
    (("period", "start"), 1990, 1989, "E306"),
    (("platforms", 0, "audience", 0, "as_of"), "1990", "1989", "E306"),
    (("sources", 0, "date"), "1990-01-01", "1989-12-31", "E306"),
])
def test_number_and_year_bounds(loc: tuple, ok, bad, code: str, tmp_path: Path) -> None:
    data = base_data(tmp_path)
    if loc[0] == "period":
        data["period"] = {"start": 2010, "end": None}
    assert [p.code for p in problems_of(tmp_path, with_value(data, loc, ok))] == []
    assert [p.code for p in problems_of(tmp_path, with_value(data, loc, bad))] == [code]


def test_period_end_year_bounds(tmp_path: Path) -> None:
    data = base_data(tmp_path)
    last = TODAY.year + 1
    for end, expected in ((last, []), (last + 1, ["E306"]), (2010, []), (2009, ["E306"])):
        data["period"] = {"start": 2010, "end": end}
        assert [p.code for p in problems_of(tmp_path, data)] == expected, end


@pytest.mark.parametrize("loc", [("sources", 0, "date"), ("platforms", 0, "audience", 0, "as_of"),
                                 ("last_reviewed",)])
def test_dates_up_to_today(loc: tuple, tmp_path: Path) -> None:
    tomorrow = (TODAY + dt.timedelta(days=1)).isoformat()
    assert codes_at(tmp_path, loc, TODAY.isoformat()) == []
    assert codes_at(tmp_path, loc, tomorrow) == ["E306"]


def test_coverage_count_bound(tmp_path: Path) -> None:
    data = base_data(tmp_path) | {"level": "panorama"}
    for count, expected in ((1, []), (0, ["E313"])):
        data["coverage"] = {"levels": ["commune"], "count": count}
        assert [p.code for p in problems_of(tmp_path, data)] == expected


# --- lists that may not be empty ----------------------------------------------------------------


@pytest.mark.parametrize("field", ["platforms", "angles", "lessons"])
def test_required_lists_need_one_entry(field: str, tmp_path: Path) -> None:
    data = base_data(tmp_path)
    assert [p.code for p in problems_of(tmp_path, with_value(data, (field,), data[field][:1]))] == []
    assert [p.code for p in problems_of(tmp_path, with_value(data, (field,), []))] == ["E311"]


def test_sources_need_one_entry(tmp_path: Path) -> None:
    found = problems_of(tmp_path, with_value(base_data(tmp_path), ("sources",), []))
    assert "E311" in [p.code for p in found]


def test_coverage_levels_need_one_entry(tmp_path: Path) -> None:
    data = base_data(tmp_path) | {"level": "panorama"}
    for levels, expected in ((["commune"], []), ([], ["E311"])):
        data["coverage"] = {"levels": levels}
        assert [p.code for p in problems_of(tmp_path, data)] == expected


# --- comparisons, guides, training modules ------------------------------------------------------


def _comparison(**changes) -> dict:
    return {"id": "essai", "title": "Essai", "cases": ["alpha", "beta"]} | changes


def _step(**changes) -> dict:
    return {"case": "alpha", "activity": "Lire l'étude."} | changes


def _module(**changes) -> dict:
    return {"title": "Module", "description": "Un module.", "audience": "Tous.", "duration": "1 heure",
            "objectives": ["Comprendre."], "sequence": [_step()], "last_reviewed": "2025-01-01"} | changes


def _guide(**changes) -> dict:
    return {"title": "Guide", "description": "Un guide.", "last_reviewed": "2025-01-01"} | changes


def _accepts(model, data: dict) -> bool:
    try:
        model.model_validate(data)
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize("model, make, field, limit", [
    (models.Comparison, _comparison, "title", 150),
    (models.Comparison, _comparison, "description", 500),
    (models.Guide, _guide, "title", 150),
    (models.Guide, _guide, "description", 300),
    (models.Step, _step, "duration", 40),
    (models.Step, _step, "activity", 600),
    (models.Curriculum, _module, "title", 150),
    (models.Curriculum, _module, "description", 300),
    (models.Curriculum, _module, "audience", 300),
    (models.Curriculum, _module, "duration", 60),
])
def test_document_text_length_limit(model, make, field: str, limit: int) -> None:
    assert _accepts(model, make(**{field: "a" * limit}))
    assert not _accepts(model, make(**{field: "a" * (limit + 1)}))


@pytest.mark.parametrize("model, make, field, limit", [
    (models.Guide, _guide, "hide", 20),
    (models.Curriculum, _module, "objectives", 300),
])
def test_document_list_item_length_limit(model, make, field: str, limit: int) -> None:
    assert _accepts(model, make(**{field: ["a" * limit]}))
    assert not _accepts(model, make(**{field: ["a" * (limit + 1)]}))


def test_comparison_needs_two_cases() -> None:
    assert _accepts(models.Comparison, _comparison(cases=["alpha", "beta"]))
    assert not _accepts(models.Comparison, _comparison(cases=["alpha"]))


def test_module_needs_an_objective_and_a_step() -> None:
    assert _accepts(models.Curriculum, _module())
    assert not _accepts(models.Curriculum, _module(objectives=[]))
    assert not _accepts(models.Curriculum, _module(sequence=[]))


# --- uniqueness ---------------------------------------------------------------------------------


def test_source_ids_unique(tmp_path: Path) -> None:
    data = base_data(tmp_path)
    second = dict(data["sources"][0], id="martin-2012", title="Autre source")
    assert problems_of(tmp_path, with_value(data, ("sources",), data["sources"] + [second])) == []
    twice = dict(second, id=data["sources"][0]["id"])
    found = problems_of(tmp_path, with_value(data, ("sources",), data["sources"] + [twice]))
    assert [p.code for p in found] == ["E401"]
    assert "sources, 2e entrée, identifiant (id)" in found[0].message


def test_file_slugs_unique(write_case, tmp_path: Path) -> None:
    assert check([write_case("a/rennes.md"), write_case("b/nantes.md")], tmp_path) == []
    found = check([write_case("a/rennes.md"), write_case("b/rennes.md")], tmp_path)
    assert [(p.path, p.code) for p in found] == [("b/rennes.md", "E401")]


def test_aliases_unique(write_case, tmp_path: Path) -> None:
    def aliased(alias: str) -> str:
        return replace_once(VALID, "related: []", f"related: []\naliases: [{alias}]")

    assert check([write_case("nantes.md", aliased("ancien-a")), write_case("rennes.md", aliased("ancien-b"))],
                 tmp_path) == []
    found = check([write_case("nantes.md", aliased("ancien")), write_case("rennes.md", aliased("ancien"))],
                  tmp_path)
    assert [(p.path, p.code) for p in found] == [("rennes.md", "E401")]
    found = check([write_case("nantes.md"), write_case("rennes.md", aliased("nantes"))], tmp_path)
    assert [(p.path, p.code) for p in found] == [("rennes.md", "E401")]


def test_related_not_itself(write_case, tmp_path: Path) -> None:
    assert check([write_case("rennes.md", replace_once(VALID, "related: []", "related: [nantes]")),
                  write_case("nantes.md")], tmp_path) == []
    found = check([write_case("rennes.md", replace_once(VALID, "related: []", "related: [rennes]"))], tmp_path)
    assert [p.code for p in found] == ["E402"]


def test_comparison_ids_unique(tmp_path: Path) -> None:
    path = tmp_path / "comparaisons.yml"

    def problems(second_id: str):
        path.write_text("comparisons:\n"
                        "  - id: essai\n    title: Essai\n    cases: [alpha, beta]\n"
                        f"  - id: {second_id}\n    title: Autre\n    cases: [alpha, beta]\n", encoding="utf-8")
        entries, found = validate_comparisons(load_data_file(path, "comparaisons.yml"), {"alpha", "beta"})
        return entries, [(p.line, p.code) for p in found]

    entries, found = problems("autre")
    assert found == [] and len(entries) == 2
    entries, found = problems("essai")
    assert found == [(5, "E401")] and entries == []


# --- limits of the base as a whole, and of contributor HTML ---------------------------------

def test_html_nested_past_the_limit_is_refused_at_its_line(write_case, tmp_path: Path) -> None:
    from generator.format.markdown import MAX_NESTING

    deep = "<div>" * (MAX_NESTING + 1) + "texte" + "</div>" * (MAX_NESTING + 1)
    found = check([write_case("cas.md", VALID + "\n" + deep + "\n")], tmp_path)
    assert [p.code for p in found] == ["E504"] and f"plus de {MAX_NESTING} niveaux" in found[0].message
    shallow = "<div>" * MAX_NESTING + "texte" + "</div>" * MAX_NESTING
    assert check([write_case("cas.md", VALID + "\n" + shallow + "\n")], tmp_path) == []


def test_keywords_past_the_limit_of_the_base_are_refused(write_case, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.check import collection

    monkeypatch.setattr(collection, "MAX_KEYWORDS", 3)
    first = write_case("a.md", VALID.replace("tags: [Twitter]", "tags: [un, deux]"))
    second = write_case("b.md", VALID.replace("tags: [Twitter]", "tags: [deux, trois, quatre]"))
    found = [p for p in check([first, second], tmp_path) if p.code == "E314"]
    assert [(p.path.rsplit("/", 1)[-1], p.column) for p in found] == [("b.md", 21)]
    assert "« quatre »" in found[0].message and "3 mots-clés" in found[0].message
