"""Values that outputs can carry: control characters (E312), numbers (E313), sizes (E314),
files (E105), and spreadsheet formulas neutralised in the CSV export."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path

import pytest

from generator.check.messages import MAX_REPORTED
from generator.check.project import check as check_project
from generator.check.record import validate
from generator.format.fields import MAX_ALIASES, MAX_FIGURE, MAX_ITEMS, MAX_SLUG, MAX_TAGS, MAX_URL
from generator.load import load
from generator.load.files import MAX_BYTES
from generator.load.load import MAX_FRONT_MATTER_BYTES
from generator.render.exports import FORMULA_STARTS, csv_row, export_csv

from ..conftest import VALID, check, replace_once
from ..sitekit import FIXTURES, make_project

TITLE = 'title: "Exemple : Twitter pour informer les habitants"'
VALID_FRONT_MATTER = (VALID.split("\n---\n", 1)[0].removeprefix("---\n") + "\n").encode("utf-8")


def found_at(text: str, write_case, tmp_path: Path) -> list[tuple[int, int, str]]:
    problems = check([write_case("cas.md", text)], tmp_path)
    return [(p.line, p.column, p.code) for p in problems]


def messages(text: str, write_case, tmp_path: Path) -> list[str]:
    return [p.message for p in check([write_case("cas.md", text)], tmp_path)]


# --- E312 control characters ------------------------------------------------------------


@pytest.mark.parametrize("escape, code", [("\\0", 0), ("\\a", 7), ("\\b", 8), ("\\t", 9), ("\\n", 10),
                                          ("\\r", 13), ("\\e", 27), ("\\x7f", 0x7F), ("\\N", 0x85),
                                          ("\\x9b", 0x9B), ("\\uFFFF", 0xFFFF), ("\\uFFFE", 0xFFFE)])
def test_escape_producing_a_control_character_is_refused(escape: str, code: int, write_case,
                                                          tmp_path: Path) -> None:
    text = replace_once(VALID, TITLE, f'title: "Exemple {escape}: Twitter"')
    assert found_at(text, write_case, tmp_path) == [(2, 8, "E312")]
    assert f"U+{code:04X}" in messages(text, write_case, tmp_path)[0]


@pytest.mark.parametrize("old, new, where", [
    ("title: Les villes sur Twitter", 'title: "Les villes\\0 sur Twitter"', (26, 12)),
    ("  - Un compte municipal peut d'abord servir à rendre la ville plus visible.",
     '  - "Un compte\\e municipal."', (23, 5)),
    ('account: "@exemple"', 'account: "@exe\\x01mple"', (12, 14)),
])
def test_control_character_is_found_in_nested_fields(old: str, new: str, where: tuple, write_case,
                                                     tmp_path: Path) -> None:
    found = found_at(replace_once(VALID, old, new), write_case, tmp_path)
    assert found == [(*where, "E312")]


@pytest.mark.parametrize("escape", ["\\u00e9", "\\u2019", "\\x41", "\\\\", '\\"', "\\/", "\\ "])
def test_printable_escapes_are_accepted(escape: str, write_case, tmp_path: Path) -> None:
    text = replace_once(VALID, TITLE, f'title: "Exemple {escape} Twitter"')
    assert found_at(text, write_case, tmp_path) == []


def test_tab_and_new_line_are_accepted_in_the_body(write_case, tmp_path: Path) -> None:
    assert found_at(VALID + "\tTexte tabulé.\n\nAutre paragraphe.\r\nFin.\r\n", write_case, tmp_path) == []


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9f",
                                  "\ufffe", "\uffff"])
def test_control_character_in_the_body_is_refused(char: str, write_case, tmp_path: Path) -> None:
    text = VALID + f"Texte{char}suite.\n"
    assert found_at(text, write_case, tmp_path) == [(41, 6, "E312")]


@pytest.mark.parametrize("char", ["\ufdd0", "\ufdef", "\U0001fffe", "\U0010ffff"])
def test_a_non_character_is_refused_in_the_body_and_in_a_field(char: str, write_case, tmp_path: Path) -> None:
    assert found_at(VALID + f"Texte{char}suite.\n", write_case, tmp_path) == [(41, 6, "E312")]
    text = replace_once(VALID, "summary: La ville", f"summary: La{char} ville")
    found = check([write_case("cas.md", text)], tmp_path)
    assert [p.code for p in found] == ["E312"] and f"non-caractère Unicode U+{ord(char):04X}" in found[0].message
    assert "supprimez-le" in found[0].message


def test_control_characters_never_reach_a_message(write_case, tmp_path: Path) -> None:
    # An unknown level quoting an escape sequence: the message shows the code, not the byte.
    text = replace_once(VALID, "level: commune", 'level: "com\\e[2Jmune"')
    found = messages(text, write_case, tmp_path)
    assert found and all("\x1b" not in m for m in found)
    assert any("U+001B" in m for m in found)


def test_control_character_in_a_guide_and_in_comparisons(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)
    guides = project.docs_dir / "guides"
    guides.mkdir()
    (guides / "guide.md").write_text('---\ntitle: "Guide\\0"\ndescription: Un guide.\n'
                                     "last_reviewed: 2026-11-01\n---\n\nTexte\x1b.\n", encoding="utf-8")
    project.comparisons_file.write_text('comparisons:\n  - id: test\n    title: "T\\et"\n'
                                        "    cases: [alpha, beta]\n", encoding="utf-8")
    outcome, _ = check_project(project)
    found = sorted((p.path, p.line, p.code) for p in outcome.problems if p.code == "E312")
    assert found == [("casestudies/comparaisons.yml", 3, "E312"), ("docs/guides/guide.md", 2, "E312"),
                     ("docs/guides/guide.md", 7, "E312")]


# --- E313 numbers -----------------------------------------------------------------------


@pytest.mark.parametrize("value, ok", [
    ("1.0e400", False), ("-1.0e400", False), (str(MAX_FIGURE), True),
    (str(MAX_FIGURE + 1), False), ("10000000000.5", False), ("0", True), ("0.5", True),
    ("1" + "0" * 400, False),
])
def test_figure_values_are_finite_and_bounded(value: str, ok: bool, write_case, tmp_path: Path) -> None:
    text = replace_once(VALID, "value: 1200", f"value: {value}")
    found = found_at(text, write_case, tmp_path)
    if ok:
        assert found == []
        return
    assert [code for *_, code in found] in (["E313"], ["E307"])  # -inf is also negative
    if value.startswith("-"):
        return
    assert found == [(15, 16, "E313")]
    assert "10\u202f000\u202f000\u202f000" in messages(text, write_case, tmp_path)[0]


@pytest.mark.parametrize("value, ok", [("100", True), ("99.5", True), ("100.5", False), ("150", False)])
def test_percentages_stay_within_100(value: str, ok: bool, write_case, tmp_path: Path) -> None:
    text = replace_once(VALID, "value: 1200\n        unit: abonnes",
                        f"value: {value}\n        unit: pct-administrations")
    found = found_at(text, write_case, tmp_path)
    assert found == ([] if ok else [(15, 9, "E313")])


@pytest.mark.parametrize("value, ok", [("1", True), ("0", False), ("10000000000", True),
                                       ("10000000001", False)])
def test_population_bounds(value: str, ok: bool, write_case, tmp_path: Path) -> None:
    text = replace_once(VALID, "population: {value: 75000", f"population: {{value: {value}")
    assert found_at(text, write_case, tmp_path) == ([] if ok else [(6, 21, "E313")])
    if not ok:
        assert "entre 1 et 10\u202f000\u202f000\u202f000" in messages(text, write_case, tmp_path)[0]


@pytest.mark.parametrize("value, ok", [("1", True), ("0", False), ("1000000", True), ("1000001", False)])
def test_panorama_count_bounds(value: str, ok: bool, write_case, tmp_path: Path) -> None:
    text = replace_once(VALID, "level: commune", "level: panorama\ncoverage:\n  levels: [commune]\n"
                        f"  count: {value}")
    found = [code for *_, code in found_at(text, write_case, tmp_path)]
    assert found == ([] if ok else ["E313"])


# --- E314 sizes -------------------------------------------------------------------------


def _flow(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


@pytest.mark.parametrize("count", [MAX_TAGS, MAX_TAGS + 1])
def test_tags_per_case(count: int, write_case, tmp_path: Path) -> None:
    text = replace_once(VALID, "tags: [Twitter]", "tags: " + _flow([f"t{i}" for i in range(count)]))
    found = found_at(text, write_case, tmp_path)
    assert found == ([] if count <= MAX_TAGS else [(33, 7, "E314")])


@pytest.mark.parametrize("count", [MAX_ALIASES, MAX_ALIASES + 1])
def test_aliases_per_case(count: int, write_case, tmp_path: Path) -> None:
    text = replace_once(VALID, "related: []", "related: []\naliases: " + _flow([f"a{i}" for i in range(count)]))
    assert [c for *_, c in found_at(text, write_case, tmp_path)] == ([] if count <= MAX_ALIASES else ["E314"])


@pytest.mark.parametrize("count", [MAX_ITEMS, MAX_ITEMS + 1])
def test_items_per_list(count: int, write_case, tmp_path: Path) -> None:
    lessons = "".join(f"  - Leçon {i}.\n" for i in range(count))
    old = "lessons:\n  - Un compte municipal peut d'abord servir à rendre la ville plus visible.\n"
    text = replace_once(VALID, old, "lessons:\n" + lessons)
    found = found_at(text, write_case, tmp_path)
    assert found == ([] if count <= MAX_ITEMS else [(23, 3, "E314")])
    if found:
        assert f"{count} éléments" in messages(text, write_case, tmp_path)[0]
        assert f"au plus {MAX_ITEMS}" in messages(text, write_case, tmp_path)[0]


@pytest.mark.parametrize("length", [150, 151])
def test_text_length(length: int, write_case, tmp_path: Path) -> None:
    text = replace_once(VALID, TITLE, "title: " + "x" * length)
    assert found_at(text, write_case, tmp_path) == ([] if length <= 150 else [(2, 8, "E314")])


@pytest.mark.parametrize("length", [MAX_SLUG, MAX_SLUG + 1])
def test_identifier_length(length: int, write_case, tmp_path: Path) -> None:
    slug = "a" * length
    text = VALID.replace("dupont-2011", slug)
    found = [c for *_, c in found_at(text, write_case, tmp_path)]
    # the population's source, the figure's and the source's id
    assert found == ([] if length <= MAX_SLUG else ["E314", "E314", "E314"])


@pytest.mark.parametrize("length", [MAX_URL, MAX_URL + 1])
def test_url_length(length: int, write_case, tmp_path: Path) -> None:
    url = "https://example.org/" + "a" * (length - len("https://example.org/"))
    text = replace_once(VALID, "url: https://example.org/villes-twitter", f"url: {url}")
    assert found_at(text, write_case, tmp_path) == ([] if length <= MAX_URL else [(29, 10, "E314")])


def test_100000_tags_are_refused_at_once(write_case, tmp_path: Path) -> None:
    tags = "tags: " + _flow([f"t{i}" for i in range(100_000)])
    path = write_case("cas.md", replace_once(VALID, "tags: [Twitter]", tags))
    started = time.perf_counter()
    found = check([path], tmp_path)
    elapsed = time.perf_counter() - started
    assert [(p.line, p.code) for p in found] == [(2, "E314")]  # one problem, not one per tag
    assert "au plus 64 Kio" in found[0].message
    print(f"100000 tags checked in {elapsed:.2f} s")


@pytest.mark.parametrize("extra, ok", [(MAX_FRONT_MATTER_BYTES - len(VALID_FRONT_MATTER), True),
                                       (MAX_FRONT_MATTER_BYTES - len(VALID_FRONT_MATTER) + 1, False)])
def test_front_matter_size(extra: int, ok: bool, write_case, tmp_path: Path) -> None:
    # A YAML comment line: `extra` bytes with its new line.
    text = replace_once(VALID, "status: published\n", "status: published\n#" + "x" * (extra - 2) + "\n")
    found = [(p.line, p.code) for p in check([write_case("cas.md", text)], tmp_path)]
    assert found == ([] if ok else [(2, "E314")])


def test_flow_lists_are_bounded_below_the_front_matter_limit(write_case, tmp_path: Path) -> None:
    tags = "tags: " + _flow([f"t{i}" for i in range(5_000)])  # fits in 64 Kio
    found = check([write_case("cas.md", replace_once(VALID, "tags: [Twitter]", tags))], tmp_path)
    assert [(p.line, p.code) for p in found] == [(33, "E314")]
    assert "5000 éléments" in found[0].message and f"au plus {MAX_TAGS}" in found[0].message


def test_problems_listed_per_file_are_bounded(write_case, tmp_path: Path) -> None:
    fields = "".join(f"champ{i}: 1\n" for i in range(300))
    found = check([write_case("cas.md", replace_once(VALID, "status: published\n", "status: published\n" + fields))],
                  tmp_path)
    assert [p.code for p in found] == ["E314"] + ["E301"] * MAX_REPORTED
    assert f"300 problèmes dans l'en-tête : les {MAX_REPORTED} premiers" in found[0].message


# --- E105 file size, for every kind of file -----------------------------------------


@pytest.mark.parametrize("kind", ["guide", "module", "comparisons"])
def test_every_file_kind_has_the_size_limit(kind: str, tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)
    path = {"guide": project.docs_dir / "guides" / "gros.md", "module": project.modules_dir / "gros.md",
            "comparisons": project.comparisons_file}[kind]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"---\ntitle: x\n---\n" + b"x" * MAX_BYTES)
    outcome, _ = check_project(project)
    assert [(p.path, p.code) for p in outcome.problems if p.code == "E105"] == [
        (path.relative_to(project.root).as_posix(), "E105")]


# --- CSV cells a spreadsheet would run ------------------------------------------------


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_formula_cells_are_neutralised(start: str) -> None:
    records = load.load_paths([FIXTURES / "render" / "casestudies" / "alpha.md"])
    (case,) = validate(records).cases
    payload = f"{start}HYPERLINK(\"https://example.org\";\"x\")"
    meta = case.meta.model_copy(update={"title": payload, "lessons": [payload, "ok"],
                                        "administration": "Ville sûre"})
    row = csv_row(case.slug, "https://example.org/cas/alpha/", meta)
    assert row["title"] == "'" + payload
    assert row["lessons"] == "'" + payload + " | ok"
    assert row["administration"] == "Ville sûre"  # ordinary text is left alone
    text = export_csv([case.__class__(case.record, meta)], lambda slug: f"https://example.org/cas/{slug}/")
    exported = next(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert exported["title"] == "'" + payload


@pytest.mark.parametrize("lead", [" ", "  \t", "\u00a0", "\u202f", "\u200b", "\ufeff", " \u200b\u00a0"])
@pytest.mark.parametrize("sign", ["=", "+", "-", "@"])
def test_a_formula_after_spaces_or_invisible_characters_is_neutralised(lead: str, sign: str) -> None:
    from generator.render.exports import cell

    assert cell(f"{lead}{sign}1+1") == f"'{lead}{sign}1+1"
    assert cell([f"{lead}{sign}SOMME(A1)", "b"]).startswith("'")


@pytest.mark.parametrize("text", ["  texte", "\u00a0« citation »", "\u200b", " ", "a = b"])
def test_ordinary_text_with_leading_spaces_is_left_alone(text: str) -> None:
    from generator.render.exports import cell

    assert cell(text) == text


def test_a_number_python_cannot_read_is_one_e313_at_its_line(write_case, tmp_path: Path) -> None:
    """Python refuses integers of more than 4,300 digits: the loader reports it, in French, at the number."""
    text = replace_once(VALID, "value: 1200", "value: " + "9" * 5000)
    found = check([write_case("cas.md", text)], tmp_path)
    assert [(p.line, p.code) for p in found] == [(15, "E313")]
    assert "5000 chiffres" in found[0].message and "10\u202f000\u202f000\u202f000" in found[0].message
