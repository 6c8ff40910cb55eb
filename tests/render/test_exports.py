"""The open-data files of /donnees/: columns from the schema, figures.csv, CSV a French
spreadsheet opens, versioned JSON that validates against its published schema."""

from __future__ import annotations

import csv
import io
import json
import re
import typing
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from pydantic import BaseModel

from generator.check.record import validate
from generator.format import models, reference
from generator.load import load
from generator.project.project import Project
from generator.render import exports
from generator.write.generate import generate

from ..sitekit import FIXTURES, ROOT, make_project

# The structure each published version promised (exports.structure_fingerprint()). When
# the structure changes, raise exports.VERSION (minor when something was only added,
# major otherwise, as /donnees/ explains) and add the new version's line; never edit a
# line already published.
FINGERPRINTS = {
    "1.0": "ce633829e065f15802b1e5358f5a768d549df46f81578236c04bdc91f726bab7",
    # population became a block with its source (population_value…): a major change.
    "2.0": "2f4c4a59eaf74d1800d9564ff2bef6ee89084d54714bc500f2fa63119689a4a7",
}


@pytest.fixture(scope="module")
def real_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated tree of the committed case studies (no MkDocs)."""
    project = make_project(tmp_path_factory.mktemp("opendata"), docs=False)
    outcome = generate(project)
    assert not outcome.failed, outcome.problems
    return project.out_dir


def read_csv(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), f"{path.name} has no UTF-8 BOM"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


# --- columns come from the model ---------------------------------------------------------

def scalar_leaves(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every field path of the model that ends in a value or a list of values, found
    by walking the annotations independently of generator.exports."""
    leaves = []
    for name, info in model.model_fields.items():
        nested = [t for t in _types(info.annotation) if isinstance(t, type) and issubclass(t, BaseModel)]
        if nested:
            leaves += scalar_leaves(nested[0], prefix + (name,))
        else:
            leaves.append(prefix + (name,))
    return leaves


def _types(annotation: Any) -> list[Any]:
    args = typing.get_args(annotation)
    return [annotation] + [t for a in args for t in _types(a)] if args else [annotation]


def test_every_scalar_field_of_the_case_model_has_a_column() -> None:
    columns = {c.path for c in exports.case_columns()}
    figure_columns = {c.path for c in exports.figure_columns()}
    for path in scalar_leaves(models.CaseStudy):
        if path[:2] == ("platforms", "audience"):
            assert path[2:] in figure_columns, f"{'.'.join(path)} is in no column of figures.csv"
        else:
            assert path in columns, f"{'.'.join(path)} is in no column of etudes-de-cas.csv"
    assert ("coverage", "count") in columns and ("coverage", "levels") in columns


def test_only_the_figures_are_left_to_another_file() -> None:
    assert exports.model_columns(models.CaseStudy)[1] == [("platforms", "audience")]


def test_a_new_field_gets_its_column() -> None:
    class Extended(models.CaseStudy):
        budget: int | None = None

    names = [c.name for c in exports.model_columns(Extended)[0]]
    assert names[-1] == "budget" and "period_start" in names


def test_column_names_are_unique() -> None:
    for columns in (exports.case_columns(), exports.figure_columns()):
        names = [c.name for c in columns]
        assert len(names) == len(set(names))


# --- the case CSV ---------------------------------------------------------------------------

def test_case_csv_has_one_row_per_public_case_and_the_schema_columns(fixture_tree: Path) -> None:
    rows = read_csv(fixture_tree / "donnees/etudes-de-cas.csv")
    assert list(rows[0]) == [c.name for c in exports.case_columns()]
    assert [r["slug"] for r in rows] == ["alpha", "beta"]  # the draft gamma stays out
    alpha, beta = rows
    assert alpha["platforms_platform"] == "twitter | facebook"
    assert beta["coverage_levels"] == "region" and beta["coverage_count"] == "10"
    assert beta["coverage_description"] == "les dix régions de Beta"


def test_lines_end_with_crlf(fixture_tree: Path) -> None:
    data = (fixture_tree / "donnees/etudes-de-cas.csv").read_bytes()
    assert data.count(b"\r\n") >= 3 and b"\n" not in data.replace(b"\r\n", b"")


def test_list_cells_never_use_the_column_separator(real_tree: Path) -> None:
    records = load.load_paths(sorted((ROOT / "casestudies").glob("*.md")))
    cases = {c.slug: c for c in validate(records).cases}
    rows = read_csv(real_tree / "donnees/etudes-de-cas.csv")
    joined = 0
    for row in rows:
        meta = cases[row["slug"]].meta
        for column in exports.case_columns():
            value = column.value(exports.addressed(row["slug"], row["url"], meta))
            if isinstance(value, list) and len(value) > 1 and any(v is not None for v in value):
                joined += 1
                # The cell is the items joined by " | "; a ";" may only come from an item's own text.
                items = [exports._text(v) for v in value]
                assert row[column.name] in (" | ".join(items), "'" + " | ".join(items)), column.name
                assert row[column.name].count(";") == sum(item.count(";") for item in items)
    assert joined > 10


def test_positions_line_up_across_the_columns_of_one_list() -> None:
    meta = _alpha().meta
    row = exports.csv_row("alpha", "https://example.org/cas/alpha/", meta)
    ids = row["sources_id"].split(" | ")
    authors = row["sources_author"].split(" | ")
    assert len(ids) == len(authors) == len(meta.sources)
    assert authors == [s.author or "" for s in meta.sources]


def _alpha():
    records = load.load_paths([FIXTURES / "render" / "casestudies" / "alpha.md"])
    (case,) = validate(records).cases
    return case


@pytest.mark.parametrize(("value", "cell"), [
    (None, ""), (True, "true"), (False, "false"), (75000, "75000"), (1.5, "1,5"), (75000.0, "75000"),
    (1e-05, "0,00001"), (0.0, "0"), (["a", "b"], "a | b"), ([None, None], ""), ([None, "x"], " | x"),
    ("=1+1", "'=1+1"), (["-x", "y"], "'-x | y"), (-3, "'-3"),
])
def test_cells(value: Any, cell: str) -> None:
    assert exports.cell(value) == cell


def test_a_title_with_the_separator_is_quoted_and_read_back() -> None:
    meta = _alpha().meta.model_copy(update={"title": 'Alpha ; "Beta" | gamma', "lessons": ["a;b", "c"]})
    text = exports.export_csv([_alpha().__class__(_alpha().record, meta)], lambda slug: f"https://e.org/{slug}/")
    (row,) = csv.DictReader(io.StringIO(text.removeprefix(exports.BOM), newline=""), delimiter=";")
    assert row["title"] == 'Alpha ; "Beta" | gamma' and row["lessons"] == "a;b | c"


# --- figures.csv ----------------------------------------------------------------------------

def test_figures_csv_has_one_row_per_figure(real_tree: Path) -> None:
    records = load.load_paths(sorted((ROOT / "casestudies").glob("*.md")))
    cases = [c for c in validate(records).cases if c.meta.status != "draft"]
    expected = [(c.slug, use.platform, figure) for c in cases for use in c.meta.platforms for figure in use.audience]
    rows = read_csv(real_tree / "donnees/figures.csv")
    assert list(rows[0]) == [c.name for c in exports.figure_columns()]
    assert sorted((r["case"], r["platform"], r["value"], r["unit"], r["as_of"], r["source"]) for r in rows) == sorted(
        (slug, platform, exports.cell(f.value), f.unit, exports.cell(f.as_of), f.source)
        for slug, platform, f in expected)
    assert len(rows) == len(expected) > 0


def test_figure_rows_carry_approx_and_their_source(fixture_tree: Path) -> None:
    rows = read_csv(fixture_tree / "donnees/figures.csv")
    alpha = _alpha()
    sources = {s.id: s for s in alpha.meta.sources}
    mine = [r for r in rows if r["case"] == "alpha"]
    figures = [f for use in alpha.meta.platforms for f in use.audience]
    assert len(mine) == len(figures) > 0
    for row, figure in zip(mine, figures):
        assert row["approx"] == ("true" if figure.approx else "false")
        assert row["label"] == (figure.label or "")
        assert row["source_title"] == sources[figure.source].title
    assert "gamma" not in {r["case"] for r in rows}


# --- versioned JSON and its schema ----------------------------------------------------------

def test_version_changes_with_the_structure() -> None:
    assert exports.VERSION in FINGERPRINTS, f"record version {exports.VERSION} in FINGERPRINTS"
    assert exports.structure_fingerprint() == FINGERPRINTS[exports.VERSION], (
        "the open-data structure changed: raise exports.VERSION (see /donnees/) and record "
        f"{exports.structure_fingerprint()} for it")


def test_wording_and_vocabulary_do_not_change_the_fingerprint() -> None:
    value = exports.export_schema("https://example.org/a.json")
    reworded = json.loads(json.dumps(value).replace("Titre de la publication.", "Autre titre.")
                          .replace('"mastodon", ', ""))
    assert reworded != value and exports._structure(reworded) == exports._structure(value)


def test_a_field_named_like_wording_still_counts() -> None:
    value = exports.export_schema("https://example.org/a.json")
    del value["$defs"]["Source"]["properties"]["title"]
    assert exports._structure(value) != exports._structure(exports.export_schema("https://example.org/a.json"))


# --- datapackage.json: the CSV files described as Table Schemas ------------------------------

def _conforms(cell: str, field: dict) -> bool:
    """Whether a non-empty cell reads as its Table Schema field says (the types we publish)."""
    kind = field["type"]
    if kind == "integer":
        return re.fullmatch(r"\d+", cell) is not None
    if kind == "number":
        return re.fullmatch(r"\d+(" + re.escape(field["decimalChar"]) + r"\d+)?", cell) is not None
    if kind == "boolean":
        return cell in field["trueValues"] + field["falseValues"]
    if kind == "date":
        return re.fullmatch(r"\d{4}-\d{2}-\d{2}", cell) is not None
    constraints = field.get("constraints", {})
    if "enum" in constraints and cell not in constraints["enum"]:
        return False
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], cell):
        return False
    return field.get("format") != "uri" or cell.startswith(("https://", "http://"))


@pytest.mark.parametrize("tree", ["fixture_tree", "real_tree"])
def test_csv_files_match_their_datapackage(tree: str, request: pytest.FixtureRequest) -> None:
    data_dir = request.getfixturevalue(tree) / "donnees"
    package = json.loads((data_dir / "datapackage.json").read_text("utf-8"))
    assert package["version"] == exports.VERSION
    tables = {}
    for resource in package["resources"]:
        assert resource["dialect"]["delimiter"] == ";" and resource["encoding"] == "utf-8"
        rows = read_csv(data_dir / resource["path"])
        fields = resource["schema"]["fields"]
        assert list(rows[0]) == [f["name"] for f in fields]
        bad = [(f["name"], row[f["name"]]) for row in rows for f in fields
               if row[f["name"]] and not _conforms(row[f["name"]], f)]
        assert bad == [], resource["name"]
        tables[resource["name"]] = rows
    slugs = [row["slug"] for row in tables["etudes-de-cas"]]
    assert len(slugs) == len(set(slugs))  # primaryKey
    assert {row["case"] for row in tables["figures"]} <= set(slugs)  # foreignKeys


def test_conformance_check_can_fail() -> None:
    assert not _conforms("1.5", {"type": "number", "decimalChar": ","})
    assert not _conforms("'=x", {"type": "string", "constraints": {"enum": ["x"]}})
    assert not _conforms("2011-6", {"type": "string", "constraints": {"pattern": r"^\d{4}(-\d{2})?$"}})
    assert _conforms("1,5", {"type": "number", "decimalChar": ","})


@pytest.mark.parametrize("tree", ["fixture_tree", "real_tree"])
def test_json_validates_against_its_published_schema(tree: str, request: pytest.FixtureRequest) -> None:
    data_dir = request.getfixturevalue(tree) / "donnees"
    published = json.loads((data_dir / "etudes-de-cas.schema.json").read_text("utf-8"))
    Draft202012Validator.check_schema(published)
    exported = json.loads((data_dir / "etudes-de-cas.json").read_text("utf-8"))
    validator = Draft202012Validator(published, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(exported)]
    assert errors == []
    assert exported["version"] == exports.VERSION and exported["$schema"] == published["$id"]
    assert len(exported["cases"]) == len(read_csv(data_dir / "etudes-de-cas.csv")) > 0


def test_schema_rejects_a_record_without_its_address(fixture_tree: Path) -> None:
    data_dir = fixture_tree / "donnees"
    published = json.loads((data_dir / "etudes-de-cas.schema.json").read_text("utf-8"))
    exported = json.loads((data_dir / "etudes-de-cas.json").read_text("utf-8"))
    del exported["cases"][0]["url"]
    exported["cases"][1]["surprise"] = 1
    messages = [e.message for e in Draft202012Validator(published).iter_errors(exported)]
    assert any("'url' is a required property" in m for m in messages)
    assert any("surprise" in m for m in messages)


def test_schema_ids_are_addresses_on_the_site(fixture_tree: Path) -> None:
    site_url = Project(ROOT).config().site_url
    for name in ("etudes-de-cas.schema.json", "casestudy.schema.json"):
        published = json.loads((fixture_tree / "donnees" / name).read_text("utf-8"))
        assert published["$id"] == f"{site_url.rstrip('/')}/donnees/{name}"
    assert reference.SCHEMA_ID == f"{site_url.rstrip('/')}/donnees/casestudy.schema.json"


def test_a_site_elsewhere_publishes_its_own_ids(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)
    settings = project.mkdocs_file.read_text("utf-8")
    project.mkdocs_file.write_text(re.sub(r"(?m)^site_url: .*$", "site_url: https://exemple.fr/base/", settings),
                                   "utf-8")
    assert not generate(project).failed
    published = json.loads((project.out_dir / "donnees/etudes-de-cas.schema.json").read_text("utf-8"))
    exported = json.loads((project.out_dir / "donnees/etudes-de-cas.json").read_text("utf-8"))
    assert published["$id"] == exported["$schema"] == "https://exemple.fr/base/donnees/etudes-de-cas.schema.json"
    assert exported["cases"][0]["url"].startswith("https://exemple.fr/base/cas/")


# --- the /donnees/ page ---------------------------------------------------------------------

def test_data_page_lists_every_column_without_stray_escapes(fixture_tree: Path) -> None:
    page = (fixture_tree / "donnees/index.md").read_text("utf-8")
    for column in exports.case_columns() + exports.figure_columns():
        assert f"| `{column.name}` |" in page, column.name
    code_spans = re.findall(r"`([^`]*)`", page)
    assert code_spans and not [span for span in code_spans if "\\" in span]
    for name in ("figures.csv", "etudes-de-cas.schema.json", "datapackage.json"):
        assert f"[{name}]({name})" in page
    assert f"**{exports.VERSION}**".replace(".", "\\.") in page
