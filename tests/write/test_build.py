"""The generator end to end: pages, golden renders, atomic writes, the strict MkDocs build."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from generator import layout
from generator.check.record import validate
from generator.context.french import number
from generator.load import load
from generator.project.project import Project
from generator.publish import typography
from generator.publish.publish import run_mkdocs
from generator.render import Renderer, exports
from generator.render.exports import csv_row
from generator.write import parallel
from generator.write.generate import generate

from ..conftest import copy_project
from ..sitekit import FIXTURES, ROOT, make_project, snapshot

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
GOLDEN_PAGES = ["cas/alpha.md", "cas/index.md", "cas/par-niveau/commune.md", "cas/etiquettes.md",
                "cas/etiquettes/twitter.md",
                "comparaisons/alpha-beta.md", "comparaisons/audiences.md", "donnees/etudes-de-cas.csv",
                "donnees/figures.csv"]


# --- golden renders --------------------------------------------------------------

@pytest.mark.parametrize("page", GOLDEN_PAGES)
def test_page_matches_golden(fixture_tree: Path, page: str) -> None:
    """Generated pages are compared as text with committed expected pages.

    Set SMG_UPDATE_GOLDEN=1 to rewrite them after an intended change, then review the diff.
    """
    produced = (fixture_tree / layout.written(page)).read_text(encoding="utf-8")
    expected_file = GOLDEN / page
    if os.environ.get("SMG_UPDATE_GOLDEN"):
        expected_file.parent.mkdir(parents=True, exist_ok=True)
        expected_file.write_text(produced, encoding="utf-8")
    assert produced == expected_file.read_text(encoding="utf-8")


def test_case_page_carries_fact_sheet_and_sources(fixture_tree: Path) -> None:
    page = (fixture_tree / layout.written("cas/alpha.md")).read_text(encoding="utf-8")
    assert "<dd>Ville d&#39;Alpha</dd>" in page
    assert "<strong>12\u202f500 abonnés</strong>" in page
    assert "en juin 2011" in page
    assert "date non précisée par la source" in page
    assert 'id="source-etude-a"' in page and "https://example.org/etude-a" in page
    assert "edit/main/casestudies/alpha.md" in page
    assert ('<li id="fn:etude-a">\n<p>Jeanne Exemple, « Étude A sur les villes », Cabinet Exemple, '
            "5 juillet 2011.") in page
    assert "### Contexte" in page  # narrative headings sit under the page's sections


def test_drafts_have_a_page_but_stay_out_of_indexes(fixture_tree: Path) -> None:
    assert "Brouillon" in (fixture_tree / layout.written("cas/gamma.md")).read_text(encoding="utf-8")
    for index in ("cas/index.md", "cas/par-niveau/index.md", "donnees/etudes-de-cas.json"):
        assert "gamma" not in (fixture_tree / index).read_text(encoding="utf-8")
    assert not (fixture_tree / layout.written("cas/par-niveau/ministere.md")).exists()


def test_adoption_compares_years(fixture_tree: Path) -> None:
    page = (fixture_tree / layout.written("comparaisons/adoption.md")).read_text(encoding="utf-8")
    twitter = page.split("## Twitter / X")[1].split("\n## ")[0]
    # Every point in the table, with its year, its group and its source.
    assert "| 2010 | [Régions de Beta](../../cas/beta/index.md) | Région (France) | 20 % |" in twitter
    assert "| 2011 | [Régions de Beta](../../cas/beta/index.md) | Région (France) | 70 % |" in twitter
    assert twitter.count("« Étude C », Observatoire Exemple, 2012 (étude ou rapport)") == 2
    assert "<title id=\"adoption-twitter-t\">" in page and "<desc id=\"adoption-twitter-d\">" in page


def test_state_vs_local_counts_panoramas_by_coverage(fixture_tree: Path) -> None:
    page = (fixture_tree / layout.written("comparaisons/ministeres-collectivites.md")).read_text(encoding="utf-8")
    local = page.split("## Collectivités locales")[1]
    assert "Alpha" in local and "Beta" in local
    assert "Aucune étude de cas dans ce groupe" in page.split("## Collectivités locales")[0]


# --- exports ------------------------------------------------------------------------

def test_json_and_csv_round_trip(fixture_tree: Path) -> None:
    files = sorted((FIXTURES / "render" / "casestudies").glob("*.md"))
    cases = [c for c in validate(load.load_paths(files)).cases if c.meta.status != "draft"]
    config = Project(ROOT).config()
    exported = json.loads((fixture_tree / "donnees/etudes-de-cas.json").read_text(encoding="utf-8"))["cases"]
    assert {r["slug"]: r for r in exported} == {
        c.slug: {"slug": c.slug, "url": config.page_url(f"cas/{c.slug}.md"), **c.meta.model_dump(mode="json")}
        for c in cases}
    text = (fixture_tree / "donnees/etudes-de-cas.csv").read_text("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert {r["slug"]: r for r in rows} == {c.slug: csv_row(c.slug, config.page_url(f"cas/{c.slug}.md"), c.meta)
                                           for c in cases}
    alpha = next(r for r in rows if r["slug"] == "alpha")
    assert alpha["platforms_platform"] == "twitter | facebook" and alpha["period_start"] == "2010"
    assert alpha["sources_title"] == "Étude A sur les villes | Étude B" and alpha["population_value"] == "120000"


def test_exported_schema_is_the_committed_one(fixture_tree: Path) -> None:
    committed = (ROOT / "generator/data/casestudy.schema.json").read_text(encoding="utf-8")
    assert (fixture_tree / "donnees/casestudy.schema.json").read_text(encoding="utf-8") == committed


def test_feed_lists_public_case_studies(fixture_tree: Path) -> None:
    feed = (fixture_tree / "donnees/flux.xml").read_text(encoding="utf-8")
    entries = re.findall(r"<id>([^<]+)</id>", feed)[1:]
    assert [e.rsplit("/", 2)[-2] for e in entries] == ["alpha", "beta"]


# --- nothing lost ---------------------------------------------------------------------

def test_no_change_rebuild_writes_nothing(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)
    generate(project)
    before = snapshot(project.out_dir)
    outcome = generate(project)
    assert outcome.report.written == [] and outcome.report.removed == []
    assert snapshot(project.out_dir) == before


def test_changing_one_case_rewrites_only_pages_that_show_it(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)
    generate(project)
    source = project.cases_dir / "beta.md"
    source.write_text(source.read_text("utf-8").replace("Un panorama fictif", "Un panorama revu"), "utf-8")
    written = generate(project).report.written
    assert layout.written("cas/beta.md") in written
    assert layout.written("cas/alpha.md") not in written
    assert layout.written("comparaisons/plateformes.md") not in written


def test_invalid_case_writes_nothing(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)
    generate(project)
    before = snapshot(project.out_dir)
    (project.cases_dir / "delta.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    outcome = generate(project)
    assert outcome.failed and outcome.report is None
    assert any(p.path == "casestudies/delta.md" and p.code == "E201" for p in outcome.problems)
    assert snapshot(project.out_dir) == before


def test_removed_case_page_disappears(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)
    generate(project)
    assert (project.out_dir / layout.written("cas/gamma.md")).exists()
    (project.cases_dir / "gamma.md").unlink()
    outcome = generate(project)
    assert layout.written("cas/gamma.md") in outcome.report.removed
    assert not (project.out_dir / layout.written("cas/gamma.md")).exists()


def test_hand_written_pages_are_copied_never_touched(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)
    guide = project.docs_dir / "aide" / "mon-texte.md"
    guide.parent.mkdir(parents=True)
    guide.write_text("# Mon guide\n", encoding="utf-8")
    before = snapshot(project.docs_dir)
    generate(project)
    assert snapshot(project.docs_dir) == before
    assert (project.out_dir / "aide/mon-texte.md").read_text("utf-8") == "# Mon guide\n"


def test_hand_written_page_may_not_shadow_a_generated_one(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)
    (project.docs_dir / "cas").mkdir()
    (project.docs_dir / "cas" / "alpha.md").write_text("# Autre\n", encoding="utf-8")
    outcome = generate(project)
    # Found before rendering (E403), at the case study whose address the page takes.
    assert outcome.failed and [(p.path, p.code) for p in outcome.problems] == [("casestudies/alpha.md", "E403")]
    assert "docs/cas/alpha.md" in outcome.problems[0].message


def test_curated_comparison_with_unknown_case_is_an_error(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)
    project.comparisons_file.write_text(
        "comparisons:\n  - id: test\n    title: Test\n    cases: [alpha, omega]\n", encoding="utf-8")
    outcome = generate(project)
    assert outcome.failed
    (found,) = [p for p in outcome.problems if p.code == "E402"]
    assert (found.path, found.line, found.column) == ("casestudies/comparaisons.yml", 4, 20)
    assert "omega" in found.message


def test_interrupted_write_leaves_previous_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)
    generate(project)
    before = snapshot(project.out_dir)
    source = project.cases_dir / "alpha.md"
    source.write_text(source.read_text("utf-8").replace("Alpha est", "Alpha était"), "utf-8")
    from generator.write import files as write

    calls = {"n": 0}
    real_stage = write._stage

    def failing_stage(*args) -> Path:
        calls["n"] += 1
        if calls["n"] > 1:
            raise KeyboardInterrupt
        return real_stage(*args)

    monkeypatch.setattr(write, "_stage", failing_stage)
    (project.cases_dir / "beta.md").write_text(
        (project.cases_dir / "beta.md").read_text("utf-8").replace("fictif", "fictif revu"), "utf-8")
    with pytest.raises(KeyboardInterrupt):
        generate(project)
    assert snapshot(project.out_dir) == before


# --- the real site, built strictly ------------------------------------------------------

class _Text(HTMLParser):
    """The visible text of an HTML page, the tags it contains and its inline scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = self._in_data = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, dict(attrs)))
        # A JSON-LD block is data, never run (its escaping: tests/publish/test_meta.py); its text
        # is neither visible text nor a script.
        self._in_script = tag == "script"
        self._in_data = tag == "script" and dict(attrs).get("type") == "application/ld+json"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = self._in_data = False

    def handle_data(self, data: str) -> None:
        if not self._in_data:
            (self.scripts if self._in_script else self.parts).append(data)

    @property
    def text(self) -> str:
        # Collapse ASCII whitespace only: French numbers keep their narrow no-break space.
        return re.sub(r"[ \t\r\n\f]+", " ", " ".join(self.parts)).strip()


def parse(path: Path) -> _Text:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


# `built_site` (tests/conftest.py): the real site plus hostile.md, a draft and an alias.


def test_every_case_study_has_its_page(built_site: Project) -> None:
    records = load.load_paths(built_site.case_files())
    for case in validate(records).cases:
        page = built_site.site_dir / "cas" / case.slug / "index.html"
        text = parse(page).text
        assert typography.text(case.meta.administration) in text  # as French typography prints it
        assert "Fiche relue contre ses sources le" in text and "Sources" in text
        for use in case.meta.platforms:
            for figure in use.audience:
                assert number(figure.value) in text


def test_indexes_list_every_published_case(built_site: Project) -> None:
    records = load.load_paths(built_site.case_files())
    cases = [c for c in validate(records).cases if c.meta.status != "draft"]
    table = (built_site.site_dir / "cas/index.html").read_text(encoding="utf-8")
    assert len(re.findall(r"<tr data-level=", table)) == len(cases)
    for case in cases:
        assert f'href="../cas/{case.slug}/"' in table or f'href="{case.slug}/"' in table
    levels = parse(built_site.site_dir / "cas/par-niveau/index.html").text
    assert "Commune" in levels and "Panorama" in levels


def test_comparisons_carry_the_figures(built_site: Project) -> None:
    audiences = parse(built_site.site_dir / "comparaisons/audiences/index.html").text
    assert "75\u202f000" in audiences and "6\u202f500" in audiences
    adoption = parse(built_site.site_dir / "comparaisons/adoption/index.html").text
    assert "86\u202f%" in adoption and "25\u202f%" in adoption  # no line break before %
    curated = parse(built_site.site_dir / "comparaisons/twitter-grandes-villes/index.html").text
    assert all(city in curated for city in ("Rennes", "Nantes", "Bordeaux"))


def test_published_json_validates_against_the_schema_its_address_serves(built_site: Project) -> None:
    site_url = built_site.config().site_url.rstrip("/") + "/"
    exported = json.loads((built_site.site_dir / "donnees/etudes-de-cas.json").read_text("utf-8"))
    address = exported["$schema"]
    assert address.startswith(site_url)
    served = built_site.site_dir / address.removeprefix(site_url)
    assert served.is_file(), f"{address} is not a file of the built site"
    published = json.loads(served.read_text("utf-8"))
    assert published["$id"] == address
    validator = Draft202012Validator(published, format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(exported)] == []
    assert {c["slug"] for c in exported["cases"]} >= {"rennes", "hostile"}
    contributor = json.loads((built_site.site_dir / "donnees/casestudy.schema.json").read_text("utf-8"))
    assert (built_site.site_dir / contributor["$id"].removeprefix(site_url)).is_file()


def test_data_page_reads_cleanly(built_site: Project) -> None:
    text = parse(built_site.site_dir / "donnees/index.html").text
    assert "\\" not in text and "`" not in text
    for column in exports.case_columns() + exports.figure_columns():
        assert f" {column.name} " in text, column.name
    assert "[^id]" in text  # a schema description, printed as it is, not a footnote call


def test_hostile_values_show_literally(built_site: Project) -> None:
    page = built_site.site_dir / "cas/hostile/index.html"
    parsed = parse(page)
    for literal in ("<script>alert('titre')</script> & | [x](y) `code` {{ 7*7 }} </title>",
                    "Ville <b>grasse</b> & Cie | [lien](javascript:alert(1)) {% raw %}",
                    "<img src=x onerror=alert(1)> @compte_`x`",
                    "**gras** _it_ <script>alert('label')</script>",
                    "# pas un titre <iframe src=x></iframe> [^src-1] *[HTML]: abbr",
                    "{: .attaque } ![image](https://example.org/x.png)"):
        assert typography.text(literal) in parsed.text, literal  # French spacing apart, as written
    assert not any("alert(" in script for script in parsed.scripts)
    assert not any(tag in ("iframe", "b") for tag, _ in parsed.tags)
    assert not any(attrs.get("onerror") for _, attrs in parsed.tags)
    index = parse(built_site.site_dir / "cas/index.html").text
    assert "<script>alert('titre')</script>" in index


def test_site_makes_no_request_to_other_hosts(built_site: Project) -> None:
    pattern = re.compile(r"""(?:src|href)=["'](?:https?:)?//(?!social-media-gouvernance\.github\.io)([^/"']+)""")
    for page in built_site.site_dir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for match in pattern.finditer(html):
            tag_start = html.rfind("<", 0, match.start())
            tag = html[tag_start:match.start()]
            assert tag.startswith("<a "), f"{page}: {match.group(0)} loads from another host"


def test_failed_mkdocs_keeps_previous_site(built_site: Project, tmp_path: Path) -> None:
    project = copy_project(built_site, tmp_path / "projet")  # the shared site stays as built
    before = sorted(p.relative_to(project.site_dir) for p in project.site_dir.rglob("*"))
    page = project.out_dir / layout.written("cas/rennes.md")
    broken = page.read_text(encoding="utf-8").replace("## Fiche", "Voir [lien cassé](nulle-part.md).\n\n## Fiche", 1)
    page.write_text(broken, encoding="utf-8")
    assert run_mkdocs(project) is False
    assert sorted(p.relative_to(project.site_dir) for p in project.site_dir.rglob("*")) == before


def test_hand_edited_output_is_repaired_by_the_next_run(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)
    generate(project)
    page = project.out_dir / layout.written("cas/alpha.md")
    original = page.read_text(encoding="utf-8")
    page.write_text("modifié à la main\n", encoding="utf-8")
    outcome = generate(project)
    assert outcome.report.written == [layout.written("cas/alpha.md")]
    assert page.read_text(encoding="utf-8") == original


def test_links_placed_in_the_generated_tree_are_removed(tmp_path: Path) -> None:
    """A link in build/docs/ (to a file, a folder, nowhere, or in a page's place) would make
    the engine publish what it points to: the next run removes or replaces it."""
    project = make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)
    generate(project)
    secret = tmp_path / "secret.txt"
    secret.write_text("mot de passe\n", encoding="utf-8")
    page = project.out_dir / layout.written("cas/alpha.md")
    original = page.read_text(encoding="utf-8")
    page.unlink()
    page.symlink_to(secret)
    (project.out_dir / "secret.txt").symlink_to(secret)
    (project.out_dir / "dossier").symlink_to(tmp_path, target_is_directory=True)
    (project.out_dir / "cassé").symlink_to(tmp_path / "absent")
    outcome = generate(project)
    assert not outcome.failed
    assert not page.is_symlink() and page.read_text(encoding="utf-8") == original
    assert not [path for path in project.out_dir.rglob("*") if path.is_symlink()]
    assert secret.read_text(encoding="utf-8") == "mot de passe\n"


def test_no_change_run_skips_rendering(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)
    generate(project)

    def no_render(*args):  # the test fails if any page is rendered at all
        raise AssertionError("rendered although nothing changed")

    monkeypatch.setattr(Renderer, "case_page", no_render)
    monkeypatch.setattr(Renderer, "group_pages", no_render)
    outcome = generate(project)
    assert not outcome.failed and outcome.report.written == []


def _many_cases(tmp_path: Path, name: str) -> Project:
    project = make_project(tmp_path / name, FIXTURES / "render" / "casestudies", docs=False)
    alpha = (project.cases_dir / "alpha.md").read_text(encoding="utf-8")
    for index in range(parallel.PARALLEL_MIN_CASES + 10):
        text = alpha.replace("aliases: [alpha-ville]", "aliases: []").replace("Alpha", f"Alpha {index}")
        (project.cases_dir / f"alpha-{index:03d}.md").write_text(text, encoding="utf-8")
    return project


def test_two_processes_write_the_same_tree_as_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    forked, sequential = _many_cases(tmp_path, "a"), _many_cases(tmp_path, "b")
    count = parallel.PARALLEL_MIN_CASES + 10
    assert not generate(forked).failed
    monkeypatch.setattr(parallel, "PARALLEL_MIN_CASES", 10**9)
    assert not generate(sequential).failed
    contents = {path: data for path, (_, _, data) in snapshot(forked.out_dir).items()}
    assert contents == {path: data for path, (_, _, data) in snapshot(sequential.out_dir).items()}
    assert len([p for p in contents if p.startswith("cas/alpha-")]) == count


class _RunningText(HTMLParser):
    """The text of a page outside code, scripts and styles, as a reader sees it."""

    VERBATIM = {"code", "pre", "kbd", "samp", "script", "style", "textarea"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.runs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.depth += tag in self.VERBATIM

    def handle_endtag(self, tag: str) -> None:
        self.depth -= tag in self.VERBATIM and self.depth > 0

    def handle_data(self, data: str) -> None:
        if not self.depth:
            self.runs.append(data)


_BAD_SPACING_RE = re.compile(r"[ \u00a0][;!?]| :|« | »|(?<=[^\W\d_])'(?=[^\W\d_])")


def test_every_page_follows_french_typography(built_site: Project) -> None:
    offenders = []
    for path in sorted(built_site.site_dir.rglob("*.html")):
        parser = _RunningText()
        parser.feed(path.read_text(encoding="utf-8"))
        for run in parser.runs:
            for match in _BAD_SPACING_RE.finditer(run):
                where = run[max(0, match.start() - 20):match.end() + 5]
                offenders.append(f"{path.relative_to(built_site.site_dir)}: «{where}»")
    assert not offenders, "\n".join(offenders[:30])


def test_approximate_figure_reads_the_sources_word_wherever_printed(built_site: Project) -> None:
    """Lille's source says « près de 75 000 »: the fact sheet, the table and the chart say so."""
    fiche = parse(built_site.site_dir / "cas/lille/index.html").text
    assert "près de 75\u202f000 fans" in fiche
    audiences = (built_site.site_dir / "comparaisons/audiences/index.html").read_text(encoding="utf-8")
    assert audiences.count("près de 75\u202f000") >= 2, "the table and the chart's label"
    assert "près de 6\u202f500" not in audiences and "environ 6\u202f500" not in audiences  # Toulouse's is exact
