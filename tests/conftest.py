"""Shared helpers: a minimal valid case study, file writers, and the whole sites built once.

Whole sites (MkDocs included) cost 15-60 s each, so each variant is built once per test
session (once per xdist worker: modules that read one carry its `xdist_group` mark, so
that they run in the same worker). They are read-only: a test that changes one works on
a copy (`copy_project`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.check.record import validate
from generator.cli.commands import main
from generator.load.load import load_paths
from generator.problems import Problem
from generator.project.project import Project
from generator.publish.publish import run_mkdocs
from generator.write.generate import generate

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
INVALID = FIXTURES / "invalid"

# The committed fixtures were reviewed on FIXTURE_REVIEWED; validating them "as of"
# FIXTURE_TODAY keeps W701 (review older than the review period) out of them for good.
FIXTURE_REVIEWED = "2026-11-01"
FIXTURE_TODAY = dt.date(2026, 11, 22)

# The smallest case study that uses every field a fixture breaks. Every fixture in
# fixtures/invalid/ is this text (with last_reviewed: FIXTURE_REVIEWED) with one
# defect, so the line numbers below are shared by the fixtures and the tests:
#   4 level, 5 country, 6 population, 8-9 period, 11-18 platforms (15-18 the
#   audience figure), 19 angles, 20 practices, 21 summary, 24-31 sources (29 the
#   source's url, 30 consulted, 31 kind), 32 related, 33 tags, 34 status,
#   35 last_reviewed, 36 closing ---, 40 the last body line (with a citation).
VALID_TEMPLATE = """\
---
title: "Exemple : Twitter pour informer les habitants"
administration: Ville d'Exemple
level: commune
country: FR
population: {value: 75000, source: dupont-2011}
period:
  start: 2010
  end: 2012
platforms:
  - platform: twitter
    account: "@exemple"
    url: https://twitter.com/exemple
    audience:
      - value: 1200
        unit: abonnes
        as_of: 2011-06
        source: dupont-2011
angles: [communication]
practices: [visibilite-institutionnelle]
summary: La ville d'Exemple ouvre un compte Twitter pour informer ses habitants.
lessons:
  - Un compte municipal peut d'abord servir à rendre la ville plus visible.
sources:
  - id: dupont-2011
    title: Les villes sur Twitter
    author: Marie Dupont
    date: 2011-06-15
    url: https://example.org/villes-twitter
    consulted: 2012-01-15
    kind: etude
related: []
tags: [Twitter]
status: published
last_reviewed: {last_reviewed}
---

## Contexte

La ville d'Exemple ouvre un compte Twitter en 2010[^dupont-2011].
"""

# Reviewed today, so that it stays valid (no W701) whenever the tests run.
VALID = VALID_TEMPLATE.replace("{last_reviewed}", dt.date.today().isoformat())
# The exact text every fixture in fixtures/invalid/ was derived from.
FIXTURE_BASE = VALID_TEMPLATE.replace("{last_reviewed}", FIXTURE_REVIEWED)


def replace_once(text: str, old: str, new: str) -> str:
    """`text` with its single occurrence of `old` replaced (fails loudly otherwise)."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def check(paths: list[Path], root: Path, today: dt.date | None = None,
          known_slugs: set[str] | None = None) -> list[Problem]:
    """Load and validate files as `smg validate` does, returning every problem."""
    return validate(load_paths(paths, root=root), known_slugs, today=today).problems


def codes(problems: list[Problem]) -> list[str]:
    return [p.code for p in problems]


@pytest.fixture
def write_case(tmp_path: Path) -> Callable[..., Path]:
    """Write a case-study file under tmp_path: write_case(name, text_or_bytes) -> path.

    `name` may contain folders (`a/rennes.md`); text is written as UTF-8 with `\\n`
    line ends, bytes are written as they are.
    """

    def write(name: str, content: str | bytes = VALID) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="\n")
        return path

    return write


@pytest.fixture(autouse=True)
def no_job_summary(monkeypatch: pytest.MonkeyPatch) -> None:
    """The suite also runs inside GitHub Actions: a test that runs `smg validate --format
    github` must not append its fixtures' problems to the real job summary."""
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


def smg_validate(*args: str, env: dict[str, str] | None = None) -> Result:
    """Run `smg validate ARGS` in the current directory; never a traceback."""
    result = CliRunner().invoke(main, ["validate", *args], env=env)
    for stream in (result.output, result.stdout, result.stderr):
        assert "Traceback" not in stream
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project tree with an empty casestudies/ folder, as the current directory
    (test modules that need another tree define their own `project`)."""
    (tmp_path / "casestudies").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- whole sites, built once per session ----------------------------------------------------

# What `built_site` adds to the real project (the test modules import these).
HOSTILE_TAG = "Œuvres d'été"  # tags allow letters, digits, spaces, hyphens, apostrophes
DRAFT_TAG = "étiquette-du-brouillon"
HOSTILE_TITLE = "Titre \" ' </script><!-- <b>gras</b> & ]]> {{ 7*7 }} </title>"
HOSTILE_TITLE_SLUG = "hostile-titre"


def copy_project(project: Project, target: Path) -> Project:
    """A copy of a built project (sources, build/ and site/) that a test may change."""
    shutil.copytree(project.root, target, symlinks=True)
    return Project(target)


def _write_built_site_sources(project: Project) -> None:
    from .sitekit import reviewed_on

    hostile = (FIXTURES / "hostile" / "hostile.md").read_text(encoding="utf-8")
    # The hostile title in the sharing tags, on a case of its own (hostile.md keeps its title).
    title = re.search(r"^title: .*$", hostile, re.MULTILINE).group(0)
    (project.cases_dir / f"{HOSTILE_TITLE_SLUG}.md").write_text(
        hostile.replace(title, f"title: {json.dumps(HOSTILE_TITLE)}"), encoding="utf-8")
    reviewed_on(project, "2026-11-22")  # every other case reviewed before hostile.md
    hostile = hostile.replace("last_reviewed: 2026-01-15", "last_reviewed: 2026-11-30")
    tags = json.dumps(["Twitter", "twitter", HOSTILE_TAG], ensure_ascii=False)
    (project.cases_dir / "hostile.md").write_text(hostile.replace("tags: [Twitter]", f"tags: {tags}"),
                                                  encoding="utf-8")
    draft = (FIXTURES / "render" / "casestudies" / "gamma.md").read_text(encoding="utf-8")
    (project.cases_dir / "gamma.md").write_text(draft.replace("status: draft", f"tags: [{DRAFT_TAG}]\nstatus: draft"),
                                                encoding="utf-8")
    rennes = project.cases_dir / "rennes.md"
    rennes.write_text(rennes.read_text(encoding="utf-8").replace("aliases: []", "aliases: [rennes-ancien]"),
                      encoding="utf-8")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The real project with its modules, built strictly (no offline copy), plus:
    hostile.md reviewed last (so on the home page's cards) with keywords that differ by
    case and one with accents; the same case under a hostile title (HOSTILE_TITLE_SLUG);
    a draft with its own keyword (gamma.md, DRAFT_TAG); an alias on Rennes (a redirect page)."""
    from .sitekit import make_project

    project = make_project(tmp_path_factory.mktemp("site"), curricula=True)
    _write_built_site_sources(project)
    outcome = generate(project)
    assert not outcome.failed, outcome.problems
    assert run_mkdocs(project), "mkdocs build --strict failed"
    return project


@pytest.fixture(scope="session")
def published_site(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The real project as the deploy workflow builds it: `smg build --offline`, run as a
    subprocess, so that build/ holds what the command leaves there (stamps, state). The
    fictional case studies of the fixtures (browser/fixtures/, fixtures/render/: drafts,
    populations, more rows) are added, so that more branches of the templates are drawn."""
    from .browser.conftest import BROWSER_FIXTURES
    from .sitekit import make_project
    from .smgrun import smg

    project = make_project(tmp_path_factory.mktemp("publie"))
    for case in sorted(BROWSER_FIXTURES.glob("casestudies/*.md")) + sorted(FIXTURES.glob("render/casestudies/*.md")):
        shutil.copy(case, project.cases_dir / case.name)
    code, stderr = smg(project.root, "build", "--offline")
    assert code == 0, stderr
    return project


@pytest.fixture(scope="session")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The small project (sitekit.small_project: fictional case studies, real hand-written
    pages) built by `smg build --offline` as a subprocess: for the tests that run whole
    builds again and again (tests/publish/test_faults.py), where the size of the site
    matters less than what a build leaves behind."""
    from .sitekit import small_project
    from .smgrun import smg

    project = small_project(tmp_path_factory.mktemp("petit"))
    code, stderr = smg(project.root, "build", "--offline")
    assert code == 0, stderr
    return project


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The real project plus the hostile corpus (hostile_site.py), built to its site/."""
    from .hostile_site import build_hostile_site

    return build_hostile_site(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="session")
def fixture_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated tree (no MkDocs) of the fictional case studies of fixtures/render/, read
    by the golden pages and the open-data tests; read-only."""
    from .sitekit import make_project

    project = make_project(tmp_path_factory.mktemp("fixture-tree"), FIXTURES / "render" / "casestudies",
                           docs=False)
    outcome = generate(project)
    assert not outcome.failed, outcome.problems
    return project.out_dir


# Fixtures that build a whole site: a test that uses one is slow, and runs in the worker
# that holds that site. With `--dist loadgroup` (pyproject.toml) each `xdist_group` runs in
# one worker; every other test is grouped with its module, so that a module-scoped fixture
# is also built once.
WHOLE_SITES = {"built_site": "built_site", "published_site": "published_site", "hostile_site": "hostile_site",
               "small_site": "small_site"}
BROWSER = Path(__file__).parent / "browser"
# Slow for another reason (a real MkDocs build or server, another engine, the Nu checker,
# property tests), named by file and test (a whole file: its name alone), so that they
# stay marked wherever the file moves.
SLOW = {
    "test_engines.py", "test_html_validity.py", "test_faults.py", "test_validate_property.py",
    "test_incremental.py", "test_offline_option.py",  # real generations, one after another
    "test_cli_commands.py::test_build_then_invalid_case_leaves_site_untouched",
    "test_cli_commands.py::test_check_urls_exit_codes",
    "test_cli_commands.py::test_generate_writes_pages_then_nothing_on_an_invalid_case",
    "test_cli_commands.py::test_validate_through_the_console_script",
    "test_serve.py::test_real_smg_serve_follows_quick_edits",
    "test_cli_commands.py::test_serve_starts_answers_and_stops",
    "test_stamp.py::test_unchanged_build_skips_mkdocs_and_any_change_rebuilds",
    "test_permalinks.py::test_renamed_case_keeps_its_old_address",
    "test_cli_french.py::test_build_speaks_french",
}


def _site_group(item: pytest.Item) -> str | None:
    names = getattr(item, "fixturenames", ())
    group = next((group for fixture, group in WHOLE_SITES.items() if fixture in names), None)
    if group is None and item.path.is_relative_to(BROWSER):
        # One Chromium and one site (browser/conftest.py) per group: the walk over every page
        # (page_survey, shared by these three files) in one, the other browser tests in another.
        walk = item.path.name in ("test_accessibility.py", "test_reflow.py", "test_focus.py")
        group = "browser_walk" if walk else "browser_site"
    return group


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    small = 0
    for item in items:
        group = _site_group(item)
        if group == "small_site":
            # Most of these run a whole `smg build --offline` again (test_faults.py): two
            # halves, one per worker, each building the shared site once.
            group, small = f"{group}-{small % 2}", small + 1
        name = getattr(item, "originalname", item.name)
        if group is not None or {item.path.name, f"{item.path.name}::{name}"} & SLOW:
            item.add_marker(pytest.mark.slow)
        if group is None and item.get_closest_marker("xdist_group") is None:
            group = item.path.relative_to(ROOT).as_posix()
        if group is not None:
            item.add_marker(pytest.mark.xdist_group(group))
