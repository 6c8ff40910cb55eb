"""CONTRIBUTING.md: its field reference is generated from the schema and kept current."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import fieldsdoc
from generator.cli.commands import main
from generator.cli.fieldsdoc import END_MARKER, START_MARKER, field_reference_markdown
from generator.format import models, reference, vocab

from .test_github_files import check_invocation, smg_invocations

ROOT = Path(__file__).parents[2]
CONTRIBUTING = ROOT / "CONTRIBUTING.md"


def test_contributing_field_reference_is_up_to_date():
    block = fieldsdoc.read_block(CONTRIBUTING.read_text(encoding="utf-8"))
    expected = field_reference_markdown().strip("\n")
    assert block == expected, (
        "The field reference in CONTRIBUTING.md (between <!-- champs:début --> and "
        "<!-- champs:fin -->) differs from generator/format/models.py: run "
        "`smg champs` and commit CONTRIBUTING.md.")


def test_reference_lists_every_field_and_practice():
    text = field_reference_markdown()
    for title, rows in reference.field_reference():
        section = text.split(f"### {title}\n", 1)[1].split("\n### ", 1)[0]
        for row in rows:
            assert f"| `{row['name']}` |" in section, f"{row['name']} missing from {title}"
    for term in vocab.practices():
        assert f"| `{term}` |" in text


def test_reference_tables_are_well_formed():
    # Same number of cells on every row of a table (escaped pipes do not split cells).
    for table in re.findall(r"(?:^\|.*\|$\n?)+", field_reference_markdown(), flags=re.MULTILINE):
        widths = {len(re.split(r"(?<!\\)\|", line)) for line in table.strip().splitlines()}
        assert len(widths) == 1, table


def test_examples_come_from_the_schema():
    text = field_reference_markdown()
    assert "| `\"Rennes : Twitter pour gagner en visibilité\"` |" in text \
        or not models.CaseStudy.model_fields["title"].examples
    for title, model in models.REFERENCE_SECTIONS:
        for name, info in model.model_fields.items():
            row = next(line for line in text.split(f"### {title}\n", 1)[1].splitlines()
                       if line.startswith(f"| `{name}` |"))
            last_cell = row.rsplit("|", 2)[1].strip()
            assert bool(last_cell) == bool(info.examples), f"{title} / {name}: {row}"


@pytest.mark.parametrize("value", [
    "Ville de Rennes", "Rennes : Twitter", "@exemple", "#hashtag", "L'Atelier", "a, b [c]",
    "- tiret", "null", "true", 'guillemets "droits"', "2010-07-05", "", " espace",
    ["Twitter", "grandes villes", "a, b"], {"start": 2010, "end": None},
    [{"id": "poncier-2010", "title": "Titre : sous-titre"}], 75000, 1.5,
])
def test_yaml_value_reads_back(value):
    rendered = fieldsdoc.yaml_value(value)
    loaded = yaml.safe_load(f"champ: {rendered}")["champ"]
    if isinstance(value, str) and value[:4].isdigit():
        loaded = str(loaded)  # a date written plainly is what contributors write
    assert loaded == value, rendered


def test_code_span_escapes_pipes_and_backticks():
    assert fieldsdoc._code("a|b") == "`a\\|b`"
    assert fieldsdoc._code("a`b") == "``a`b``"
    assert fieldsdoc._code("`x`") == "`` `x` ``"


def test_update_contributing_rewrites_only_the_block(tmp_path):
    path = tmp_path / "CONTRIBUTING.md"
    path.write_text(f"# Titre\n\navant\n\n{START_MARKER}\nancien contenu\n{END_MARKER}\n\naprès\n",
                    encoding="utf-8")
    assert fieldsdoc.update_contributing(path) is True
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Titre\n\navant\n\n" + START_MARKER + "\n\n")
    assert text.endswith("\n\n" + END_MARKER + "\n\naprès\n")
    assert "ancien contenu" not in text
    assert fieldsdoc.read_block(text) == field_reference_markdown().strip("\n")
    assert fieldsdoc.update_contributing(path) is False
    assert path.read_text(encoding="utf-8") == text


@pytest.mark.parametrize("text", [
    "pas de marqueurs",
    f"{START_MARKER}\nsans fin",
    f"{END_MARKER}\n{START_MARKER}",
    f"{START_MARKER}\n{START_MARKER}\n{END_MARKER}",
])
def test_update_contributing_refuses_broken_markers(tmp_path, text):
    path = tmp_path / "CONTRIBUTING.md"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(fieldsdoc.MarkersError):
        fieldsdoc.update_contributing(path)
    assert path.read_text(encoding="utf-8") == text


def test_smg_champs_checks_and_updates(tmp_path):
    """`smg champs`: exit 1 with --check when out of date, 0 once rewritten, 2 for a file it
    cannot read; one French line each, no traceback."""
    path = tmp_path / "CONTRIBUTING.md"
    path.write_text(f"{START_MARKER}\n{END_MARKER}\n", encoding="utf-8")
    runner = CliRunner()
    stale = runner.invoke(main, ["champs", "--check", str(path)])
    assert stale.exit_code == 1 and "lancez « smg champs »" in stale.output
    assert runner.invoke(main, ["champs", str(path)]).exit_code == 0
    assert runner.invoke(main, ["champs", "--check", str(path)]).output.strip().endswith("est à jour.")
    absent = runner.invoke(main, ["champs", str(tmp_path / "absent.md")])
    assert absent.exit_code == 2 and "lecture impossible" in absent.output
    assert "Traceback" not in stale.output + absent.output


def test_contributing_describes_the_three_paths():
    text = CONTRIBUTING.read_text(encoding="utf-8")
    assert "casestudies/rennes.md" in text  # (a) copy an existing case study on GitHub
    for command in ("python3 -m venv .venv", "pip install -e .", "smg new", "smg validate", "smg serve"):
        assert command in text, command  # (b) locally
    assert "Proposer une étude de cas" in text and "template=proposer-etude-de-cas.yml" in text
    issue_form = ROOT / ".github" / "ISSUE_TEMPLATE" / "proposer-etude-de-cas.yml"
    assert issue_form.is_file()  # (c) the issue form the link opens


def test_contributing_smg_commands_exist():
    """Every `smg …` of CONTRIBUTING.md, in code blocks or inline, is a real command."""
    text = CONTRIBUTING.read_text(encoding="utf-8")
    text = text.split(START_MARKER)[0] + text.split(END_MARKER)[1]
    snippets = re.findall(r"```bash\n(.*?)```", text, flags=re.DOTALL)
    snippets += re.findall(r"`(smg [^`]+)`", text)
    invocations = [args for snippet in snippets for args in smg_invocations(snippet)]
    assert {args[0] for args in invocations} >= {"new", "validate", "serve"}
    for args in invocations:
        args = [arg for arg in args if not arg.startswith("<")]  # placeholders like <identifiant>
        check_invocation(args)
