"""The committed JSON Schema is the one exported from the pydantic models, and the
committed case studies (as generator.load reads them) satisfy it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from generator.format.reference import SCHEMA_FILE, json_schema_text
from generator.load.load import load_file

from ..conftest import FIXTURE_BASE, INVALID, VALID

ROOT = Path(__file__).parents[2]
CASE_FILES = sorted((ROOT / "casestudies").glob("*.md"))
REGENERATE = ('python -c "from generator.schema import SCHEMA_FILE, json_schema_text; '
              "SCHEMA_FILE.write_text(json_schema_text(), encoding='utf-8')\"")

# Fixtures whose defect the JSON Schema alone can see (the others need the
# validator: impossible dates, references, the body...).
SCHEMA_REJECTS = [
    "E301-unknown-field.md", "E302-missing-required-field.md", "E303-population-with-space.md",
    "E304-unknown-angle.md", "E304-unknown-level.md", "E304-unknown-platform.md",
    "E304-unknown-practice.md", "E304-unknown-status.md", "E304-unknown-unit.md",
    "E305-alpha3-country.md", "E305-country-name.md", "E305-lowercase-country.md",
    "E307-negative-figure.md", "E308-figure-without-as-of.md", "E308-figure-without-source.md",
    "E310-ftp-source-url.md", "E310-javascript-platform-url.md", "E310-mailto-platform-url.md",
    "E311-empty-list.md", "E311-empty-string.md",
]


def schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def validator() -> Draft202012Validator:
    return Draft202012Validator(schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)


def front_matter(path: Path) -> dict:
    record = load_file(path)
    assert record.data is not None, record.problems
    return record.data


def test_schema_file_is_up_to_date() -> None:
    assert SCHEMA_FILE.is_file(), f"{SCHEMA_FILE} is missing; create it with: {REGENERATE}"
    assert SCHEMA_FILE.read_text(encoding="utf-8") == json_schema_text(), (
        f"{SCHEMA_FILE.name} differs from the pydantic models; regenerate it with: {REGENERATE}")


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(schema())
    assert schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.name for p in CASE_FILES])
def test_committed_case_study_satisfies_schema(path: Path) -> None:
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
              for e in validator().iter_errors(front_matter(path))]
    assert errors == []


def test_valid_texts_satisfy_schema(tmp_path: Path) -> None:
    for name, text in (("valid.md", VALID), ("base.md", FIXTURE_BASE)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        assert list(validator().iter_errors(front_matter(path))) == []


@pytest.mark.parametrize("name", SCHEMA_REJECTS)
def test_schema_rejects_what_it_can_see(name: str) -> None:
    assert list(validator().iter_errors(front_matter(INVALID / name))), name
