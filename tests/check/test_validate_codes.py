"""Every problem code, from a file with exactly one defect, at its exact line and column.

The committed fixtures (tests/fixtures/invalid/<code>-<description>.md) are the
minimal valid case study of conftest.py with one defect each. Their names start
with an upper-case code, which is not a valid slug, so each one is copied under
its lower-cased name before it is validated (otherwise every fixture would also
report E106). Codes that need raw bytes, a huge file or a bad file name are built
here instead (GENERATED_CODES).
"""

from __future__ import annotations

import codecs
import datetime as dt
from pathlib import Path

import pytest
import yaml

from generator.check import links
from generator.check.documents import check_curricula, minutes
from generator.check.record import validate
from generator.load.files import MAX_BYTES
from generator.load.load import load_file, load_paths
from generator.load.yamlsafe import StrictLoader
from generator.problems import CODES, format_text
from generator.project.siteconfig import SiteConfig
from generator.render.pages import site_pages

from ..conftest import (
    FIXTURE_BASE,
    FIXTURE_TODAY,
    INVALID,
    ROOT,
    VALID,
    check,
    codes,
    replace_once,
)

FIXTURE_FILES = sorted(p.name for p in INVALID.glob("*.md"))

# fixture -> every problem it must give, as "line:column CODE", in output order.
EXPECTED: dict[str, list[str]] = {
    "E102-empty-file.md": ["1:1 E102"],
    "E103-no-opening-delimiter.md": ["1:1 E103"],
    "E104-unclosed-front-matter.md": ["1:1 E104"],
    "E201-yaml-syntax-error.md": ["4:15 E201"],  # the second colon of `level: commune: x`
    "E202-duplicate-key.md": ["6:1 E202"],  # the second `level`
    "E203-anchor-and-alias.md": ["8:10 E203", "9:8 E203"],  # `&debut`, then `*debut`
    "E204-python-tag.md": ["6:13 E204"],
    "E205-front-matter-is-a-list.md": ["2:1 E205"],
    "E206-deep-block-nesting.md": ["45:25 E206"],  # the 13th block mapping (n12:)
    "E206-deep-flow-nesting.md": ["33:18 E206"],  # the 12th `[` (13th level with the root)
    "E301-unknown-field.md": ["6:1 E301"],  # at the key, not the value
    "E302-missing-required-field.md": ["2:1 E302"],  # at the front matter
    "E303-population-with-space.md": ["6:21 E303"],
    "E304-unknown-level.md": ["4:8 E304"],
    "E304-unknown-platform.md": ["11:15 E304"],
    "E304-unknown-angle.md": ["19:10 E304"],
    "E304-unknown-practice.md": ["20:13 E304"],
    "E304-unknown-status.md": ["34:9 E304"],
    "E304-unknown-unit.md": ["16:15 E304"],
    "E305-lowercase-country.md": ["5:10 E305"],
    "E305-alpha3-country.md": ["5:10 E305"],
    "E305-country-name.md": ["5:10 E305"],
    "E306-impossible-date.md": ["28:11 E306"],
    "E306-year-before-1990.md": ["8:10 E306"],
    "E306-end-before-start.md": ["8:3 E306"],  # at the period block
    "E307-negative-figure.md": ["15:16 E307"],
    "E308-figure-without-as-of.md": ["15:9 E308"],  # at the figure block
    "E308-figure-without-source.md": ["15:9 E308"],
    "E309-unknown-source-id.md": ["18:17 E309"],
    "E310-javascript-platform-url.md": ["13:10 E310"],
    "E310-mailto-platform-url.md": ["13:10 E310"],
    "E310-ftp-source-url.md": ["29:10 E310"],
    "E311-empty-string.md": ["2:8 E311"],
    "E311-empty-list.md": ["19:9 E311"],
    "E312-escape-in-title.md": ["2:8 E312"],  # "\e" in a double-quoted title
    "E312-control-in-body.md": ["40:35 E312"],  # a form feed in the narrative
    "E313-infinite-figure.md": ["15:16 E313"],  # 1.0e400 reads as infinity
    "E313-population-out-of-range.md": ["6:21 E313"],
    "E314-too-many-tags.md": ["33:7 E314"],
    "E314-title-too-long.md": ["2:8 E314"],
    "E315-approximate-figure-not-marked.md": ["15:9 E315"],  # at the figure block
    "E401-duplicate-source-id.md": ["32:10 E401"],  # the second `id: dupont-2011`, in a flow mapping
    "E402-unknown-related.md": ["32:11 E402"],
    "E403-alias-of-an-index-page.md": ["33:11 E403"],
    "E402-related-to-itself.md": ["32:11 E402"],
    "E501-script-tag.md": ["42:1 E501"],
    "E501-iframe-tag.md": ["42:6 E501"],
    "E501-onerror-attribute.md": ["42:22 E501"],
    "E501-javascript-link.md": ["42:17 E501"],
    "E502-unknown-citation.md": ["40:51 E502"],
    "E503-remote-image.md": ["42:20 E503"],
    "E504-font-tag.md": ["42:8 E504"],
    "E505-style-attribute.md": ["42:6 E505"],
    "E506-mermaid-class.md": ["42:13 E506"],
    "E508-ftp-link.md": ["42:11 E508"],
    "E601-placeholder-in-field.md": ["21:10 E601"],
    "E601-placeholder-in-body.md": ["44:1 E601"],
    "W701-old-review.md": ["35:16 W701"],
    "W703-open-period-without-later-source.md": ["8:3 W703"],  # at the period block
    "W704-only-vendor-sources.md": ["25:3 W704"],  # at the sources block
}

# fixture -> a part of the French message that must be there.
MESSAGES: dict[str, str] = {
    "E201-yaml-syntax-error.md": "deux-points inattendu",
    "E202-duplicate-key.md": "la clé « level » apparaît plusieurs fois",
    "E203-anchor-and-alias.md": "ancre « &debut » refusée",
    "E204-python-tag.md": "!!python/object/apply:os.system",
    "E205-front-matter-is-a-list.md": "une liste",
    "E206-deep-block-nesting.md": "plus de 12 niveaux",
    "E301-unknown-field.md": "Vouliez-vous dire « population » ?",
    "E302-missing-required-field.md": "champ obligatoire « résumé (summary) » manquant",
    "E303-population-with-space.md": "sans espace ni séparateur",
    "E304-unknown-level.md": "Vouliez-vous dire « commune » ?",
    "E304-unknown-platform.md": "Vouliez-vous dire « twitter » ?",
    "E304-unknown-angle.md": "Vouliez-vous dire « communication » ?",
    "E304-unknown-practice.md": "Vouliez-vous dire « visibilite-institutionnelle » ?",
    "E304-unknown-status.md": "Vouliez-vous dire « published » ?",
    "E304-unknown-unit.md": "Vouliez-vous dire « abonnes » ?",
    "E305-lowercase-country.md": "Vouliez-vous dire « NO » ?",
    "E305-alpha3-country.md": "Vouliez-vous dire « FR » ?",
    "E305-country-name.md": "Vouliez-vous dire « FR » (France) ?",
    "E306-impossible-date.md": "ce jour n'existe pas",
    "E306-year-before-1990.md": "année 1850 impossible",
    "E306-end-before-start.md": "fin 2008 avant début 2010",
    "E307-negative-figure.md": "chiffre négatif (-1200)",
    "E308-figure-without-as-of.md": "sans sa date (as_of)",
    "E308-figure-without-source.md": "sans sa source (source)",
    "E309-unknown-source-id.md": "Vouliez-vous dire « dupont-2011 » ?",
    "E310-javascript-platform-url.md": "« javascript:alert(1) » n'est pas une adresse web",
    "E311-empty-string.md": "valeur vide",
    "E311-empty-list.md": "liste vide",
    "E312-escape-in-title.md": "U+001B",
    "E312-control-in-body.md": "U+000C interdit dans le récit",
    "E313-infinite-figure.md": "entre 0 et 10\u202f000\u202f000\u202f000",
    "E313-population-out-of-range.md": "entre 1 et 10\u202f000\u202f000\u202f000",
    "E314-too-many-tags.md": "au plus 50",
    "E314-title-too-long.md": "au plus 150",
    "E315-approximate-figure-not-marked.md": ("« près de 1 200 » dans le libellé (label), mais le chiffre "
                                              "n'est pas marqué approximatif"),
    "E401-duplicate-source-id.md": "identifiant de source « dupont-2011 » en double",
    "E402-unknown-related.md": "aucune étude de cas « nantes »",
    "E403-alias-of-an-index-page.md": "déjà prise par la page générée cas/par-niveau/index.md",
    "E402-related-to-itself.md": "ne peut pas se citer elle-même",
    "E501-script-tag.md": "<script>",
    "E501-iframe-tag.md": "<iframe>",
    "E501-onerror-attribute.md": "« onerror »",
    "E501-javascript-link.md": "javascript:",
    "E502-unknown-citation.md": "Vouliez-vous dire « dupont-2011 » ?",
    "E503-remote-image.md": "image distante « https://tracker.example/p.gif »",
    "E504-font-tag.md": "balise <font> non permise",
    "E505-style-attribute.md": "attribut « style » non permis sur <div>",
    "E506-mermaid-class.md": "classe « mermaid » non permise",
    "E508-ftp-link.md": "« ftp://example.org/fichier »",
    "E601-placeholder-in-field.md": "résumé (summary) : texte « À COMPLÉTER »",
    "W701-old-review.md": "2020-01-15",
    "W703-open-period-without-later-source.md": "période (period) : période ouverte depuis 2011",
    "W704-only-vendor-sources.md": "sources : toutes les sources sont des pages de prestataires",
}

# Training modules with one defect each (tests/fixtures/invalid/curricula/), checked as
# `smg validate` checks curricula/: fixture -> "line:column CODE" and a part of the message.
MODULES = INVALID / "curricula"
MODULE_FIXTURE_FILES = sorted(p.name for p in MODULES.glob("*.md"))
MODULE_EXPECTED: dict[str, tuple[list[str], str]] = {
    "E311-unreadable-step-duration.md": (["13:15 E311"], "durée « une heure » illisible ; écrivez-la "
                                         "en minutes ou en heures : « 20 min »"),
    "E404-steps-do-not-add-up.md": (["5:11 E404"], "le module dure 90 minutes (« 1 h 30, en salle »), "
                                    "mais ses étapes en font 80"),
    "E509-unknown-anchor.md": (["18:37 E509"], "la page contribuer/format.md n'a pas de section "
                               "« section-absente »"),
}

# Codes tested below from files written by the tests, not from committed fixtures.
# E107 and W702 need links, special files or non-.md files: tests/load/test_project_files.py.
# E507 (a link to no page) needs the whole site's pages: tests/format/test_sanitize.py builds one.
# E108, E316 and E510 are about files of docs/, not case studies: tests/check/test_pages.py.
# E109 (a file of no kind smg validate knows) is not a case study: tests/cli/test_validate_kinds.py.
GENERATED_CODES = {"E101", "E105", "E106", "E107", "E108", "E109", "E316", "E507", "E510", "W702"}


def validate_fixture(name: str, tmp_path: Path):
    """Copy a fixture under a valid file name and validate it alone."""
    target = tmp_path / name.lower()
    target.write_bytes((INVALID / name).read_bytes())
    return name.lower(), check([target], root=tmp_path, today=FIXTURE_TODAY)


def assert_problems(found, display: str, expected: list[str]) -> None:
    lines = [format_text(p) for p in found]
    wanted = [f"{display}:{item.split()[0]}: {item.split()[1]} " for item in expected]
    assert len(lines) == len(wanted), "\n".join(lines)
    for line, prefix in zip(lines, wanted):
        assert line.startswith(prefix), f"{line!r} does not start with {prefix!r}"


# --- the committed fixtures ----------------------------------------------------------


def test_every_fixture_has_expectations() -> None:
    assert FIXTURE_FILES, "no fixture in tests/fixtures/invalid"
    assert sorted(EXPECTED) == FIXTURE_FILES


@pytest.mark.parametrize("name", FIXTURE_FILES)
def test_fixture_name_starts_with_a_known_code(name: str) -> None:
    code = name.split("-", 1)[0]
    assert code in CODES
    assert code in [item.split()[1] for item in EXPECTED.get(name, [])]


@pytest.mark.parametrize("name", FIXTURE_FILES)
def test_fixture_gives_its_code_at_its_line(name: str, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # anything a payload would write lands here
    display, found = validate_fixture(name, tmp_path)
    assert_problems(found, display, EXPECTED[name])
    if name in MESSAGES:
        assert any(MESSAGES[name] in p.message for p in found), [p.message for p in found]
    assert not list(tmp_path.glob("pwned*")), "a YAML payload was executed"


@pytest.mark.parametrize("name", FIXTURE_FILES)
def test_fixture_is_the_valid_base_with_one_defect(name: str) -> None:
    """Each fixture changes one place of the base: a common start and a common end."""
    text = (INVALID / name).read_text(encoding="utf-8")
    if not text:
        return  # E102: the whole file is the defect
    base_lines, lines = FIXTURE_BASE.split("\n"), text.split("\n")
    start = 0
    while start < min(len(base_lines), len(lines)) and base_lines[start] == lines[start]:
        start += 1
    end = 0
    while end < min(len(base_lines), len(lines)) - start and base_lines[-1 - end] == lines[-1 - end]:
        end += 1
    changed = max(len(base_lines), len(lines)) - start - end
    allowed = 40 if name.startswith(("E205", "E206")) else 5  # re-indented or nested blocks
    assert changed <= allowed, f"{name} changes {changed} lines of the base"


def test_fixture_base_and_valid_text_have_no_problem(write_case, tmp_path: Path) -> None:
    assert check([write_case("base.md", FIXTURE_BASE)], tmp_path, today=FIXTURE_TODAY) == []
    assert check([write_case("valid.md", VALID)], tmp_path) == []


def test_every_code_has_a_fixture() -> None:
    """Fails when a code is added to CODES without a fixture (or a generated test)."""
    covered = {name.split("-", 1)[0] for name in FIXTURE_FILES + MODULE_FIXTURE_FILES} | GENERATED_CODES
    missing = sorted(set(CODES) - covered)
    assert not missing, f"codes without a fixture in tests/fixtures/invalid/: {missing}"
    assert covered <= set(CODES), f"unknown codes: {sorted(covered - set(CODES))}"


def test_python_tag_payload_is_not_executed(write_case, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    marker = tmp_path / "hacked"
    for tag in ("!!python/object/apply:os.system", "!!python/object/new:os.system"):
        text = replace_once(VALID, "population: {value: 75000, source: dupont-2011}",
                            f'population: {tag} ["touch {marker}"]')
        found = check([write_case("cas.md", text)], tmp_path)
        assert codes(found) == ["E204"]
        assert not marker.exists()


@pytest.mark.parametrize("value", ["!!binary aGVsbG8=", "!!python/name:os.system", "!perso 75000",
                                   "!<tag:yaml.org,2002:int> 75000", "!!str 75000"])
def test_every_tag_is_refused(value: str, write_case, tmp_path: Path) -> None:
    text = replace_once(VALID, "population: {value: 75000", f"population: {{value: {value}")
    found = check([write_case("cas.md", text)], tmp_path)
    assert [(p.line, p.column, p.code) for p in found] == [(6, 21, "E204")]


def test_libyaml_is_used_when_present() -> None:
    if not yaml.__with_libyaml__:
        pytest.skip("PyYAML built without libyaml")
    assert issubclass(StrictLoader, yaml.cyaml.CParser)


@pytest.mark.parametrize("old, new, where, french", [
    ("level: commune", "level: commune: x", "4:15", "deux-points inattendu"),
    ('account: "@exemple"', "account: @exemple", "12:14", "caractère inattendu"),
    ("angles: [communication]", "angles: [communication", "20:10", "crochet non fermé"),
    ("country: FR", "country: {FR", "6:11", "accolade non fermée"),
    ("level: commune", "level commune", "5:1", "deux-points manquant"),
    ("    url: https://twitter.com/exemple", "   url: https://twitter.com/exemple", "13:4",
     "élément de liste « - » attendu"),
    ('title: "Exemple', 'title: "Ex\\qemple', "2:11", "séquence d'échappement inconnue"),
    ('title: "Exemple : Twitter pour informer les habitants"', 'title: "Exemple" Twitter', "2:18",
     "champ attendu"),
    ("summary: La ville", "summary: |x La ville", "21:11", "fin de ligne attendue"),
])
def test_yaml_errors_are_located_and_in_french(old: str, new: str, where: str, french: str,
                                               write_case, tmp_path: Path) -> None:
    found = check([write_case("cas.md", replace_once(VALID, old, new))], tmp_path)
    assert_problems(found, "cas.md", [f"{where} E201"])
    assert french in found[0].message
    assert "expected" not in found[0].message and "found" not in found[0].message


# --- E101: bytes that are not UTF-8 -----------------------------------------------------


def test_latin1_byte_in_body(write_case, tmp_path: Path) -> None:
    raw = VALID.encode("utf-8").replace(b"ouvre un compte Twitter en", b"ouvre un compte \xe9 en")
    found = check([write_case("cas.md", raw)], tmp_path)
    assert_problems(found, "cas.md", ["40:36 E101"])
    assert "0xe9" in found[0].message


def test_latin1_file(write_case, tmp_path: Path) -> None:
    raw = VALID.replace("Exemple : Twitter", "Écrire : Twitter").encode("latin-1")
    found = check([write_case("cas.md", raw)], tmp_path)
    assert_problems(found, "cas.md", ["2:9 E101"])


def test_non_utf8_column_counts_characters_not_bytes(write_case, tmp_path: Path) -> None:
    # "administration: été à " is 22 characters but 25 bytes: the editor's column is 23.
    raw = VALID.encode("utf-8").replace(b"Ville d'Exemple", "été à ".encode() + b"\xff")
    found = check([write_case("cas.md", raw)], tmp_path)
    assert_problems(found, "cas.md", ["3:23 E101"])


# --- E102, E105, E106 -------------------------------------------------------------------


@pytest.mark.parametrize("content", [b"", b"\n\n", b"  \t\n \n", codecs.BOM_UTF8, codecs.BOM_UTF8 + b"\r\n"])
def test_blank_files_are_empty(content: bytes, write_case, tmp_path: Path) -> None:
    found = check([write_case("cas.md", content)], tmp_path)
    assert_problems(found, "cas.md", ["1:1 E102"])


def test_file_over_one_mebibyte(write_case, tmp_path: Path) -> None:
    head = VALID.encode("utf-8")
    exact = head + b"x" * (MAX_BYTES - len(head) - 1) + b"\n"
    assert len(exact) == MAX_BYTES
    assert check([write_case("juste.md", exact)], tmp_path) == []
    found = check([write_case("trop.md", exact + b"x")], tmp_path)
    assert_problems(found, "trop.md", ["1:1 E105"])
    assert "1024 Kio" in found[0].message


@pytest.mark.parametrize("name", ["Rennes Ville.md", "Rennes.md", "rennes_ville.md", "rennes-.md",
                                  "rennés.md", "rennes.markdown", "rennes.MD", "-rennes.md"])
def test_bad_file_names(name: str, write_case, tmp_path: Path) -> None:
    found = check([write_case(name, VALID)], tmp_path)
    assert_problems(found, name, ["1:1 E106"])
    assert f"« {name} »" in found[0].message


@pytest.mark.parametrize("name", ["rennes.md", "rennes-metropole.md", "2010-paris.md", "a.md"])
def test_good_file_names(name: str, write_case, tmp_path: Path) -> None:
    assert check([write_case(name, VALID)], tmp_path) == []


# --- E201 control characters, E206 deep nesting --------------------------------------


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x1b", "\x7f", "\x85", "\u2028", "\u2029"])
def test_control_character_in_front_matter(char: str, write_case, tmp_path: Path) -> None:
    text = replace_once(VALID, "summary: La ville", f"summary: La{char} ville")
    found = check([write_case("cas.md", text)], tmp_path)
    assert_problems(found, "cas.md", ["21:12 E201"])
    assert f"U+{ord(char):04X}" in found[0].message


def test_unicode_line_separator_does_not_shift_body_lines(write_case, tmp_path: Path) -> None:
    # The body is not YAML: a U+2028 there is harmless and the lines after stay right.
    text = VALID + "Texte\u2028suite.\n<script>alert(1)</script>\n"
    found = check([write_case("cas.md", text)], tmp_path)
    assert_problems(found, "cas.md", ["42:1 E501"])


@pytest.mark.parametrize("opening, closing", [("[", "]"), ("{a: ", "}")])
def test_flow_nesting_100000_deep(opening: str, closing: str, write_case, tmp_path: Path) -> None:
    depth = 100_000
    text = replace_once(VALID, "tags: [Twitter]", "tags: " + opening * depth + closing * depth)
    found = check([write_case("cas.md", text)], tmp_path)
    assert [(p.line, p.code) for p in found] == [(33, "E206")]


def test_unclosed_flow_nesting_100000_deep(write_case, tmp_path: Path) -> None:
    text = replace_once(VALID, "tags: [Twitter]", "tags: " + "[" * 100_000)
    found = check([write_case("cas.md", text)], tmp_path)
    assert_problems(found, "cas.md", ["33:18 E206"])


@pytest.mark.parametrize("step", [1, 2, 4])
def test_block_nesting_by_indentation(step: int, write_case, tmp_path: Path) -> None:
    nested = "".join(" " * (step * level) + f"n{level}:\n" for level in range(1, 300))
    text = replace_once(VALID, "tags: [Twitter]\n", "tags:\n" + nested)
    found = check([write_case("cas.md", text)], tmp_path)
    # root mapping, tags' mapping (line 34), ... the 13th level starts at line 45.
    assert_problems(found, "cas.md", [f"45:{step * 12 + 1} E206"])


def test_block_sequences_nested_on_one_line(write_case, tmp_path: Path) -> None:
    text = replace_once(VALID, "tags: [Twitter]", "tags:\n  " + "- " * 30 + "Twitter")
    found = check([write_case("cas.md", text)], tmp_path)
    assert_problems(found, "cas.md", [f"34:{3 + 2 * 11} E206"])


# --- E305 countries, E306 dates -----------------------------------------------------------


@pytest.mark.parametrize("country", ["NO", "FR", "IS", "US", "DE"])
def test_valid_countries(country: str, write_case, tmp_path: Path) -> None:
    # YAML 1.2: `NO` is Norway, not the boolean false.
    text = replace_once(VALID, "country: FR", f"country: {country}")
    assert check([write_case("cas.md", text)], tmp_path) == []


@pytest.mark.parametrize("country, hint", [("no", "« NO »"), ("fr", "« FR »"), ("FRA", "« FR »"),
                                           ("NOR", "« NO »"), ("France", "« FR » (France)"),
                                           ("Norvège", "« NO » (Norvège)"), ("XX", ""),
                                           ("false", ""), ("'1'", "")])
def test_invalid_countries(country: str, hint: str, write_case, tmp_path: Path) -> None:
    text = replace_once(VALID, "country: FR", f"country: {country}")
    found = check([write_case("cas.md", text)], tmp_path)
    if country == "false":  # a real boolean: wrong type, not a bad code
        assert [(p.line, p.column, p.code) for p in found] == [(5, 10, "E303")]
        return
    assert [(p.line, p.column, p.code) for p in found] == [(5, 10, "E305")]
    if hint:
        assert f"Vouliez-vous dire {hint} ?" in found[0].message


def test_future_date(write_case, tmp_path: Path) -> None:
    future = (dt.date.today() + dt.timedelta(days=40)).isoformat()
    text = replace_once(VALID, "date: 2011-06-15", f"date: {future}")
    found = check([write_case("cas.md", text)], tmp_path)
    assert_problems(found, "cas.md", ["28:11 E306"])
    assert "dans le futur" in found[0].message


def test_future_year(write_case, tmp_path: Path) -> None:
    year = dt.date.today().year + 2
    text = replace_once(VALID, "end: 2012", f"end: {year}")
    found = check([write_case("cas.md", text)], tmp_path)
    assert_problems(found, "cas.md", ["9:8 E306"])
    assert f"année {year} impossible" in found[0].message


@pytest.mark.parametrize("value", ["2011-13", "2011-00-10", "2011-6", "11-06-2011", "juin 2011", "0000"])
def test_impossible_partial_dates(value: str, write_case, tmp_path: Path) -> None:
    text = replace_once(VALID, "as_of: 2011-06", f"as_of: {value}")
    found = check([write_case("cas.md", text)], tmp_path)
    assert [(p.line, p.column, p.code) for p in found] == [(17, 16, "E306")]


@pytest.mark.parametrize("value", ["2011", "2011-06", "2011-06-30", "null"])
def test_possible_partial_dates(value: str, write_case, tmp_path: Path) -> None:
    text = replace_once(VALID, "as_of: 2011-06", f"as_of: {value}")
    assert check([write_case("cas.md", text)], tmp_path) == []


def test_last_reviewed_must_be_a_full_date(write_case, tmp_path: Path) -> None:
    text = replace_once(VALID, f"last_reviewed: {dt.date.today().isoformat()}", "last_reviewed: 2025-06")
    found = check([write_case("cas.md", text)], tmp_path)
    assert_problems(found, "cas.md", ["35:16 E306"])


# --- E310 URLs, E311 values ----------------------------------------------------------------


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:alert(1)", "ftp://example.org/a",
                                 "mailto:a@example.org", "data:text/html,x", "//example.org/a",
                                 "example.org", "https://", "'https://exa mple.org'"])
def test_bad_urls_in_platforms_and_sources(url: str, write_case, tmp_path: Path) -> None:
    platform = replace_once(VALID, "url: https://twitter.com/exemple", f"url: {url}")
    source = replace_once(VALID, "url: https://example.org/villes-twitter", f"url: {url}")
    found = check([write_case("a.md", platform), write_case("b.md", source)], tmp_path)
    assert [format_text(p)[:16] for p in found] == ["a.md:13:10: E310", "b.md:29:10: E310"]


@pytest.mark.parametrize("old, new, where", [
    ("administration: Ville d'Exemple", "administration: ''", "3:17"),
    ("lessons:\n  - Un compte municipal peut d'abord servir à rendre la ville plus visible.",
     "lessons: []", "22:10"),
    (VALID[VALID.index("platforms:"):VALID.index("\nangles:")], "platforms: []", "10:12"),
])
def test_invalid_values(old: str, new: str, where: str, write_case, tmp_path: Path) -> None:
    text = replace_once(VALID, old, new)
    found = check([write_case("cas.md", text)], tmp_path)
    assert_problems(found, "cas.md", [f"{where} E311"])


# --- E401 identifiers, E402 related ------------------------------------------------------


def test_same_file_name_in_two_folders(write_case, tmp_path: Path) -> None:
    first, second = write_case("a/rennes.md"), write_case("b/rennes.md")
    found = check([first, second], tmp_path)
    assert_problems(found, "b/rennes.md", ["1:1 E401"])
    assert "déjà utilisé par a/rennes.md" in found[0].message


def test_alias_equal_to_another_slug(write_case, tmp_path: Path) -> None:
    nantes = write_case("nantes.md")
    rennes = write_case("rennes.md", replace_once(VALID, "related: []", "related: []\naliases: [ancien, nantes]"))
    found = check([nantes, rennes], tmp_path)
    assert_problems(found, "rennes.md", ["33:19 E401"])
    assert "« nantes » désigne déjà nantes.md" in found[0].message


def test_alias_claimed_by_two_files(write_case, tmp_path: Path) -> None:
    text = replace_once(VALID, "related: []", "related: []\naliases: [ancien]")
    found = check([write_case("nantes.md", text), write_case("rennes.md", text)], tmp_path)
    assert_problems(found, "rennes.md", ["33:11 E401"])
    assert "un alias de nantes.md" in found[0].message


def test_alias_equal_to_own_slug_is_refused(write_case, tmp_path: Path) -> None:
    # The redirect would replace the page itself: `smg build` used to be the first to say so.
    text = replace_once(VALID, "related: []", "related: []\naliases: [rennes]")
    found = check([write_case("rennes.md", text)], tmp_path)
    assert [(p.line, p.column, p.code) for p in found] == [(33, 11, "E403")]


def test_related_to_a_known_case_study(write_case, tmp_path: Path) -> None:
    text = replace_once(VALID, "related: []", "related: [nantes, bordeaux]")
    rennes = write_case("rennes.md", text)
    assert check([rennes, write_case("nantes.md")], tmp_path, known_slugs={"bordeaux"}) == []
    found = check([rennes], tmp_path, known_slugs={"nantes", "bordo"})
    assert [(p.line, p.column, p.code) for p in found] == [(32, 19, "E402")]
    assert "Vouliez-vous dire « bordo » ?" in found[0].message


# --- E501, E502, E601 in the body --------------------------------------------------------


@pytest.mark.parametrize("line, column", [
    ("<SCRIPT src='x.js'></SCRIPT>", 1),
    ("Texte <script >alert(1)</script>", 7),
    ('<a href="javascript:alert(1)">lien</a>', 10),
    ("[lien]( javascript:alert(1))", 9),
    ('<div onclick="alert(1)">x</div>', 6),
    ("<object data='x.swf'></object>", 1),
    ("![image](data:text/html;base64,PHNjcmlwdD4=)", 10),
])
def test_more_unsafe_html(line: str, column: int, write_case, tmp_path: Path) -> None:
    found = check([write_case("cas.md", VALID + "\n" + line + "\n")], tmp_path)
    assert [(p.line, p.column, p.code) for p in found][:1] == [(42, column, "E501")]
    assert set(codes(found)) == {"E501"}


@pytest.mark.parametrize("line", ["[lien](https://example.org)", "[lien](/autre-page)", "<b>gras</b>",
                                  "Note : voir plus loin.", "<img src=\"photo.png\" alt=\"x\">",
                                  "[^dupont-2011]: Les villes sur Twitter."])
def test_safe_body_lines(line: str, write_case, tmp_path: Path) -> None:
    assert check([write_case("cas.md", VALID + "\n" + line + "\n")], tmp_path) == []


def test_unknown_citations_all_reported(write_case, tmp_path: Path) -> None:
    text = VALID + "\nVoir[^a] et[^dupont-2011] puis[^b].\n"
    found = check([write_case("cas.md", text)], tmp_path)
    assert [(p.line, p.column, p.code) for p in found] == [(42, 5, "E502"), (42, 31, "E502")]


@pytest.mark.parametrize("line, column", [("  - À COMPLÉTER", 5), ("Résultats :   à compléter.", 15),
                                          ("\tA COMPLETER", 2), ("x À_COMPLÉTER", 3)])
def test_placeholder_column_in_body(line: str, column: int, write_case, tmp_path: Path) -> None:
    found = check([write_case("cas.md", VALID + "\n" + line + "\n")], tmp_path)
    assert [(p.line, p.column, p.code) for p in found] == [(42, column, "E601")]


def test_placeholder_in_a_list_item(write_case, tmp_path: Path) -> None:
    text = replace_once(VALID, "  - Un compte municipal", "  - À compléter. Un compte municipal")
    found = check([write_case("cas.md", text)], tmp_path)
    assert_problems(found, "cas.md", ["23:5 E601"])
    assert found[0].message.startswith("enseignements (lessons), 1re entrée :")


# --- W701 --------------------------------------------------------------------------------


@pytest.mark.parametrize("years, days", [(2, 730), (3, 1096)])  # 365.25 days a year, rounded
def test_review_warning_boundary(years: int, days: int, write_case, tmp_path: Path) -> None:
    today = dt.date(2026, 11, 22)
    reviewed = (today - dt.timedelta(days=days)).isoformat()
    path = write_case("cas.md", VALID.replace(dt.date.today().isoformat(), reviewed))
    records = load_paths([path], root=tmp_path)
    assert validate(records, today=today, review_years=years).problems == []  # not yet
    found = validate(records, today=today + dt.timedelta(days=1), review_years=years).problems
    assert_problems(found, "cas.md", ["35:16 W701"])
    assert found[0].severity == "warning"
    assert f"il y a plus de {years} ans" in found[0].message


# --- BOM and CRLF --------------------------------------------------------------------------


ENCODINGS = {
    "bom": lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    "crlf": lambda text: text.replace("\n", "\r\n").encode("utf-8"),
    "bom-crlf": lambda text: codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode("utf-8"),
    "cr": lambda text: text.replace("\n", "\r").encode("utf-8"),
}


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
def test_bom_and_line_ends_are_valid(encoding: str, write_case, tmp_path: Path) -> None:
    path = write_case("cas.md", ENCODINGS[encoding](VALID))
    record = load_file(path)
    assert record.data["title"] == "Exemple : Twitter pour informer les habitants"
    assert validate([record]).problems == []


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
def test_bom_and_line_ends_keep_line_numbers(encoding: str, write_case, tmp_path: Path) -> None:
    text = replace_once(VALID, "level: commune", "level: comune")
    text = replace_once(text, "## Contexte", "## Contexte <script>")
    text = replace_once(text, "2010[^dupont-2011]", "2010[^dupond-2011]")
    found = check([write_case("cas.md", ENCODINGS[encoding](text))], tmp_path)
    assert_problems(found, "cas.md", ["4:8 E304", "38:13 E501", "40:51 E502"])


def test_bom_then_yaml_error_keeps_line_and_column(write_case, tmp_path: Path) -> None:
    text = replace_once(VALID, "level: commune", "level: commune: x")
    found = check([write_case("cas.md", ENCODINGS["bom-crlf"](text))], tmp_path)
    assert_problems(found, "cas.md", ["4:15 E201"])


# --- every problem of a file at once --------------------------------------------------------


def test_all_problems_of_a_file_in_one_run(write_case, tmp_path: Path) -> None:
    text = replace_once(VALID, "level: commune", "level: comune")
    text = replace_once(text, "country: FR", "country: fr")
    text = replace_once(text, "population: {value: 75000", "populaton: {value: 75000")
    text = replace_once(text, "value: 1200", "value: -1")
    text = replace_once(text, "        source: dupont-2011", "        source: inconnue")
    text = replace_once(text, "related: []", "related: [ailleurs]")
    text = text + "\n<iframe src=x></iframe> [^nulle-part] À COMPLÉTER\n"
    found = check([write_case("cas.md", text)], tmp_path)
    assert [(p.line, p.code) for p in found] == [
        (4, "E304"), (5, "E305"), (6, "E301"), (15, "E307"), (18, "E309"), (32, "E402"),
        (42, "E501"), (42, "E502"), (42, "E601"),
    ]


def test_many_brackets_inside_a_quoted_title_are_text(write_case, tmp_path: Path) -> None:
    # The flat bracket count that guards libyaml's look-ahead must not turn text into E206.
    text = replace_once(VALID, "tags: [Twitter]", "tags: ['" + "[" * 500 + "']")
    found = check([write_case("cas.md", text)], tmp_path)
    assert not [p for p in found if p.code in ("E201", "E206")]


# --- E315: a figure the texts call approximate ------------------------------------------


@pytest.mark.parametrize("old, new", [
    ("summary: La ville", "summary: Avec environ 1 200 abonnés, la ville"),
    ("summary: La ville", "summary: Avec plus de 1200 abonnés, la ville"),
    ('title: "Exemple : Twitter', 'title: "Exemple : près de 1\u202f200 abonnés sur Twitter'),
])
def test_approximate_words_in_title_or_summary(old: str, new: str, write_case, tmp_path: Path) -> None:
    found = check([write_case("cas.md", replace_once(VALID, old, new))], tmp_path)
    assert_problems(found, "cas.md", ["15:9 E315"])


@pytest.mark.parametrize("text", ["près de 12 000 abonnés", "plus de 1 2000", "environ 11 200",
                                  "1 200 abonnés, près de deux fois plus"])
def test_other_numbers_are_not_the_figure(text: str, write_case, tmp_path: Path) -> None:
    found = check([write_case("cas.md", replace_once(VALID, "summary: La ville", f"summary: {text}, la ville"))],
                  tmp_path)
    assert found == []


def test_marked_figure_passes(write_case, tmp_path: Path) -> None:
    text = replace_once(VALID, "        source: dupont-2011\n",
                        "        source: dupont-2011\n        label: près de 1 200 abonnés\n        approx: true\n")
    assert check([write_case("cas.md", text)], tmp_path) == []


@pytest.mark.parametrize("value, code", [("oui", "E304"), ("pres de", "E304"), ("2", "E303"), ("[près de]", "E303")])
def test_approx_is_true_or_the_sources_word(value: str, code: str, write_case, tmp_path: Path) -> None:
    """One problem for one defect: a word not in the list, or not a word at all."""
    text = replace_once(VALID, "        source: dupont-2011\n",
                        f"        source: dupont-2011\n        approx: {value}\n")
    found = check([write_case("cas.md", text)], tmp_path)
    assert [(p.line, p.code) for p in found] == [(19, code)]
    assert "« près de »" in found[0].message


@pytest.mark.parametrize("value", ["true", "false", "près de", "environ", "plus de", "moins de", "au moins"])
def test_approx_accepts_true_and_the_listed_words(value: str, write_case, tmp_path: Path) -> None:
    text = replace_once(VALID, "        source: dupont-2011\n",
                        f"        source: dupont-2011\n        approx: {value}\n")
    assert check([write_case("cas.md", text)], tmp_path) == []


# --- W703: a period left open ----------------------------------------------------------


@pytest.mark.parametrize("start, date, warned", [
    (2011, "2011-06-15", True),  # a source of the start year cannot show it goes on
    (2012, "2011-06-15", True),
    (2010, "2011-06-15", False),  # a later source backs it
    (2010, "2011", False),
])
def test_open_period_needs_a_later_source(start: int, date: str, warned: bool,
                                          write_case, tmp_path: Path) -> None:
    text = replace_once(VALID, "  start: 2010\n  end: 2012\n", f"  start: {start}\n  end:\n")
    text = replace_once(text, "date: 2011-06-15", f"date: {date}")
    found = check([write_case("cas.md", text)], tmp_path)
    assert [(p.line, p.code, p.severity) for p in found] == ([(8, "W703", "warning")] if warned else [])


def test_open_period_with_an_undated_source_is_warned(write_case, tmp_path: Path) -> None:
    text = replace_once(VALID, "  end: 2012\n", "  end:\n")
    text = replace_once(text, "date: 2011-06-15", "date:")
    found = check([write_case("cas.md", text)], tmp_path)
    assert [(p.line, p.code) for p in found] == [(8, "W703")]
    assert "fermez la période" in found[0].message


def test_closed_period_needs_no_later_source(write_case, tmp_path: Path) -> None:
    text = replace_once(VALID, "  start: 2010\n", "  start: 2012\n")  # every source is older
    assert check([write_case("cas.md", text)], tmp_path) == []


# --- E404 and E311: training module durations ------------------------------------------


def check_module(path: Path, root: Path) -> list:
    """The checks of `smg validate` on one module, its links against the project's docs/."""
    modules, found = check_curricula(load_paths([path], root=root), {"exemple"}, {"guide-exemple"})
    pages = site_pages(ROOT / "docs", root, SiteConfig("https://exemple.org/", "https://exemple.org/depot"),
                             {"exemple"}, set(), [], modules, [])
    return found + links.problems(modules, pages)


def test_every_module_fixture_has_expectations() -> None:
    assert MODULE_FIXTURE_FILES and sorted(MODULE_EXPECTED) == MODULE_FIXTURE_FILES


@pytest.mark.parametrize("name", MODULE_FIXTURE_FILES)
def test_module_fixture_gives_its_code_at_its_line(name: str, tmp_path: Path) -> None:
    target = tmp_path / name.lower()
    target.write_bytes((MODULES / name).read_bytes())
    expected, message = MODULE_EXPECTED[name]
    found = check_module(target, tmp_path)
    assert_problems(found, name.lower(), expected)
    assert message in found[0].message, found[0].message


@pytest.mark.parametrize("total, steps, code", [
    ("1 h 20, en salle", ("20 min", "1 h"), None),
    ("80 minutes", ("20 minutes", "1 heure"), None),
    ("1h20", ("50 min", "30 mn"), None),
    ("2 heures", ("20 min", "1 h"), "E404"),
    ("deux heures", ("20 min", "1 h"), "E311"),
    ("1 h 20", ("20 min", "1,5 h"), "E311"),
    ("1 h 20", ("20 min", "1 h, en binôme"), None),  # a note may follow a comma
])
def test_module_durations(total: str, steps: tuple[str, str], code: str | None, tmp_path: Path) -> None:
    text = (MODULES / "E404-steps-do-not-add-up.md").read_text(encoding="utf-8")
    text = text.replace('duration: "1 h 30, en salle"', f'duration: "{total}"')
    text = text.replace("duration: 20 min", f'duration: "{steps[0]}"').replace("duration: 1 h\n",
                                                                                f'duration: "{steps[1]}"\n')
    (tmp_path / "module.md").write_text(text, encoding="utf-8")
    assert [p.code for p in check_module(tmp_path / "module.md", tmp_path)] == ([code] if code else [])


def test_steps_without_durations_are_not_added(tmp_path: Path) -> None:
    text = (MODULES / "E404-steps-do-not-add-up.md").read_text(encoding="utf-8")
    (tmp_path / "module.md").write_text(text.replace("    duration: 20 min\n", ""), encoding="utf-8")
    assert check_module(tmp_path / "module.md", tmp_path) == []


@pytest.mark.parametrize("path", sorted((Path(__file__).parents[2] / "curricula").glob("*.md")))
def test_committed_modules_add_up(path: Path) -> None:
    record = load_paths([path], root=path.parents[1])[0]
    total = minutes(record.data["duration"])
    steps = [minutes(step["duration"]) for step in record.data["sequence"]]
    assert total is not None and None not in steps
    assert sum(steps) == total, f"{path.name}: {sum(steps)} minutes of steps for {total}"
