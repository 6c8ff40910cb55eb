"""One problem, one message: what a contributor reads when something is wrong.

A misspelt required key is reported once, at its line; a reference to a case study
that exists but has errors says so; the counts of one run agree; positions are
counted from one and every field is named by its French label beside its key.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.check.messages import place
from generator.check.project import check as check_project
from generator.cli.commands import main
from generator.cli.fieldsdoc import field_reference_markdown
from generator.format import models, reference
from generator.format.reference import field_name
from generator.problems import ordinal

from ..conftest import FIXTURE_TODAY, INVALID, VALID, check, replace_once
from ..sitekit import make_project

ALL_MODELS = (models.CaseStudy, models.Period, models.AudienceFigure, models.PlatformUse,
              models.Coverage, models.Source, models.ComparisonsFile, models.Comparison,
              models.Guide, models.Curriculum, models.Step)


def where(found) -> list[tuple[int, int, str]]:
    return [(p.line, p.column, p.code) for p in found]


# --- a misspelt required key: one error, at the key -----------------------------------


def test_misspelt_required_key_gives_one_error_at_its_line(write_case, tmp_path: Path) -> None:
    text = replace_once(VALID, "summary: La ville", "sumary: La ville")
    found = check([write_case("cas.md", text)], tmp_path)
    assert where(found) == [(21, 1, "E301")]
    message = found[0].message
    assert "Vouliez-vous dire « summary » ?" in message
    assert "« sumary »" in message and "résumé (summary)" in message


def test_misspelt_key_inside_a_list_entry(write_case, tmp_path: Path) -> None:
    text = replace_once(VALID, "  - platform: twitter", "  - platfrom: twitter")
    found = check([write_case("cas.md", text)], tmp_path)
    assert where(found) == [(11, 5, "E301")]
    assert "plateformes (platforms), 1re entrée" in found[0].message
    assert "Vouliez-vous dire « platform » ?" in found[0].message


def test_misspelt_key_in_a_training_module(tmp_path: Path) -> None:
    project = make_project(tmp_path, curricula=True)
    module = project.modules_dir / "decouvrir-les-trois-angles.md"
    module.write_text(module.read_text(encoding="utf-8").replace("\nobjectives:", "\nobjectifs:", 1),
                      encoding="utf-8")
    outcome, _ = check_project(project)
    mine = [p for p in outcome.problems if p.path == "curricula/decouvrir-les-trois-angles.md"]
    assert [(p.line, p.code) for p in mine] == [(6, "E301")]
    assert "Vouliez-vous dire « objectives » ?" in mine[0].message


def test_unknown_key_far_from_the_missing_one_gives_both(write_case, tmp_path: Path) -> None:
    text = replace_once(VALID, "summary: La ville", "remarque: La ville")
    found = check([write_case("cas.md", text)], tmp_path)
    assert [p.code for p in found] == ["E302", "E301"]
    assert "champ obligatoire « résumé (summary) » manquant" in found[0].message


def test_near_miss_of_a_present_key_lists_the_fields(write_case, tmp_path: Path) -> None:
    text = replace_once(VALID, "summary: La ville", "sumary: x\nsummary: La ville")
    found = check([write_case("cas.md", text)], tmp_path)
    assert where(found) == [(21, 1, "E301")]
    assert "champs possibles :" in found[0].message and "Vouliez-vous dire « summary » ?" in found[0].message


def test_two_misspelt_keys_for_two_missing_ones(write_case, tmp_path: Path) -> None:
    text = replace_once(VALID, "summary: La ville", "sumary: La ville")
    text = replace_once(text, "status: published", "statut: published")
    found = check([write_case("cas.md", text)], tmp_path)
    assert where(found) == [(21, 1, "E301"), (34, 1, "E301")]
    assert "« summary »" in found[0].message and "« status »" in found[1].message


# --- references to case studies that exist but have errors ---------------------------------


@pytest.fixture
def broken_rennes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The real project with one invalid field in rennes.md, cited by a comparison and a module."""
    project = make_project(tmp_path, curricula=True)
    rennes = project.cases_dir / "rennes.md"
    rennes.write_text(replace_once(rennes.read_text(encoding="utf-8"), "level: commune", "level: comune"),
                      encoding="utf-8")
    monkeypatch.chdir(project.root)
    return project


@pytest.mark.parametrize("command", ["validate", "generate"])
def test_reference_to_a_case_with_errors_says_so(broken_rennes, command: str) -> None:
    result = CliRunner().invoke(main, [command])
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if " E" in line]
    assert lines[0].startswith("casestudies/rennes.md:4:8: E304 ")
    references = [line for line in lines if "« rennes »" in line]
    assert [line.split(": ")[0] for line in references] == [
        "casestudies/comparaisons.yml:9:13", "curricula/decouvrir-les-trois-angles.md:14:11"]
    for line in references:
        assert line.endswith("« rennes » contient des erreurs, voir plus haut.")
        assert "Vouliez-vous dire" not in line
    assert len(lines) == 3


def test_reference_to_a_draft_says_it_is_a_draft(broken_rennes) -> None:
    rennes = broken_rennes.cases_dir / "rennes.md"
    text = rennes.read_text(encoding="utf-8").replace("level: comune", "level: commune")
    rennes.write_text(re.sub(r"^status: .*$", "status: draft", text, flags=re.MULTILINE), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()[:-1]
    references, links = [line for line in lines if " E402 " in line], [line for line in lines if " E507 " in line]
    assert len(references) == 2 and len(references) + len(links) == len(lines)
    assert all(line.endswith("« rennes » est un brouillon (status: draft) ; seules les études publiées "
                             "peuvent être citées ici.") for line in references)
    # The guides that link to it (links.py): a draft is linked from nowhere.
    assert links and all(line.endswith("« ../cas/rennes.md » vers une étude de cas qui est un brouillon "
                                       "(status: draft) ; seules les études publiées peuvent être citées par "
                                       "un guide ou un module.") for line in links)


def test_reference_to_a_missing_case_still_suggests(broken_rennes) -> None:
    path = broken_rennes.comparisons_file
    path.write_text(path.read_text(encoding="utf-8").replace("[rennes, nantes", "[rennes, nantess"),
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["validate"])
    assert ("casestudies/comparaisons.yml:9:21: E402 comparaisons (comparisons), 1re entrée, études "
            "comparées (cases), 2e entrée : aucune étude de cas publiée « nantess » dans casestudies/. "
            "Vouliez-vous dire « nantes » ?") in result.stdout


def test_related_to_a_case_with_errors_adds_no_message(write_case, tmp_path: Path) -> None:
    nantes = write_case("nantes.md", replace_once(VALID, "level: commune", "level: comune"))
    rennes = write_case("rennes.md", replace_once(VALID, "related: []", "related: [nantes]"))
    found = check([nantes, rennes], tmp_path)
    assert [(p.path, p.code) for p in found] == [("nantes.md", "E304")]


# --- counts agree ---------------------------------------------------------------------------


def test_counts_agree_across_one_run(broken_rennes) -> None:
    documents = len(broken_rennes.document_files())
    cases = len(broken_rennes.case_files())
    assert documents >= 3 and cases >= 10
    total = cases + documents
    validated = CliRunner().invoke(main, ["validate"])
    generated = CliRunner().invoke(main, ["generate"])
    for result in (validated, generated):
        assert f"\n{total} fichiers vérifiés, 3 erreurs, 0 avertissement.\n" in "\n" + result.stdout
    assert f"Lecture et vérification de {total} fichiers, dont {cases} études de cas…" in generated.stderr
    numbers = {int(n) for n in re.findall(r"(\d+) (?:fichiers|études de cas)", validated.output + generated.output)}
    assert numbers == {total, cases}


def test_counts_without_other_documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path, docs=False)
    project.comparisons_file.unlink()
    (project.cases_dir / "rennes.md").write_text(replace_once(VALID, "level: commune", "level: comune"),
                                                 encoding="utf-8")
    monkeypatch.chdir(project.root)
    cases = len(project.case_files())
    result = CliRunner().invoke(main, ["generate"])
    assert f"Lecture et vérification de {cases} études de cas…" in result.stderr
    assert f"{cases} fichiers vérifiés, 1 erreur, 0 avertissement." in result.stdout


# --- positions counted from one, French labels ---------------------------------------------


@pytest.mark.parametrize("n, text", [(1, "1re"), (2, "2e"), (3, "3e"), (10, "10e"), (21, "21e")])
def test_ordinal(n: int, text: str) -> None:
    assert ordinal(n) == text


@pytest.mark.parametrize("loc, text", [
    (("summary",), "résumé (summary)"),
    (("platforms", 0), "plateformes (platforms), 1re entrée"),
    (("platforms", 1, "url"), "plateformes (platforms), 2e entrée, adresse (url)"),
    (("platforms", 0, "audience", 2, "as_of"),
     "plateformes (platforms), 1re entrée, chiffres d'audience (audience), 3e entrée, date du chiffre (as_of)"),
    (("population",), "population"),
    (("period", "start", "function-after[_check_year(), int]"), "période (period), début (start)"),
    (("sources", 0, "id"), "sources, 1re entrée, identifiant (id)"),
])
def test_place(loc: tuple, text: str) -> None:
    assert place(loc) == text


def test_place_in_other_documents() -> None:
    assert place(("sequence", 1, "case"), models.CURRICULUM_MODELS) == \
        "étapes (sequence), 2e entrée, étude de cas (case)"
    assert place(("comparisons", 0, "cases", 1), models.COMPARISON_MODELS) == \
        "comparaisons (comparisons), 1re entrée, études comparées (cases), 2e entrée"


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda m: m.__name__)
def test_every_field_has_a_french_label(model) -> None:
    for name, info in model.model_fields.items():
        assert info.title and info.title == info.title.strip() and info.title[0].islower(), (model, name)
        assert field_name(model, name) in (name, f"{info.title} ({name})")


def test_labels_are_in_the_field_reference_and_the_json_schema() -> None:
    text = field_reference_markdown()
    assert "| `summary` | résumé | oui |" in text
    assert "| `as_of` | date du chiffre | oui |" in text
    exported = reference.json_schema()
    assert exported["properties"]["summary"]["title"] == "résumé"


def test_no_fixture_message_counts_from_zero_or_hides_the_label(tmp_path: Path) -> None:
    bare = tuple(f"{name}{after}" for model in ALL_MODELS for name, info in model.model_fields.items()
                 if info.title != name for after in (" :", "[", "."))
    for fixture in sorted(INVALID.glob("*.md")):
        target = tmp_path / fixture.name.lower()
        target.write_bytes(fixture.read_bytes())
        for found in check([target], tmp_path, today=FIXTURE_TODAY):
            assert not re.search(r"\[\d+\]", found.message), found.message
            assert not found.message.startswith(bare), found.message


@pytest.mark.parametrize("old, new, start", [
    ("level: commune", "level: comune", "niveau (level) : "),
    ("    url: https://twitter.com/exemple", "    url: ftp://x",
     "plateformes (platforms), 1re entrée, adresse (url) : "),
    ("value: 1200", "value: -1", "plateformes (platforms), 1re entrée, chiffres d'audience (audience), "
                                 "1re entrée, valeur (value) : "),
    ("angles: [communication]", "angles: [communication, comm]", "angles, 2e entrée : "),
    ("related: []", "related: [ailleurs]", "études liées (related), 1re entrée : "),
])
def test_messages_start_with_the_place(old: str, new: str, start: str, write_case, tmp_path: Path) -> None:
    found = check([write_case("cas.md", replace_once(VALID, old, new))], tmp_path)
    assert len(found) == 1
    assert found[0].message.startswith(start), found[0].message


def test_documented_example_is_what_smg_prints(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The sample output in docs/contribuer/index.md is the real output for its two mistakes."""
    page = (Path(__file__).parents[2] / "docs" / "contribuer" / "index.md").read_text(encoding="utf-8")
    example = page.split("## À quoi ressemblent les erreurs", 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
    project = make_project(tmp_path, docs=False)
    rennes = project.cases_dir / "rennes.md"
    text = replace_once(rennes.read_text(encoding="utf-8"), "country: FR", "country: fr")
    rennes.write_text(replace_once(text, "angles: [communication]", "angles: [comunication]"), encoding="utf-8")
    monkeypatch.chdir(project.root)
    result = CliRunner().invoke(main, ["validate", "casestudies/rennes.md"])
    assert result.stdout == example
