"""Every input of every key and fingerprint of the build changes it: a source file,
mkdocs.yml, the practices file, a theme file, a template, a module of the package at any
depth, today's date, library versions, the hand-written page names, a related case
study's title, a keyword page renamed, a guide that starts citing a case study, the
commands given to the renderer.

Each test changes one input and nothing else, so that a key that forgets the input
keeps its old value and the test fails."""

from __future__ import annotations

import datetime as dt
import shutil
import types
from pathlib import Path

import pytest

from generator import cache, layout
from generator.check.project import check
from generator.context.site import build_site
from generator.format import vocab
from generator.project.project import Project
from generator.publish import publish
from generator.render import Renderer, sanitize
from generator.write import freshness, stamp
from generator.write.generate import generate

from ..conftest import VALID, replace_once
from ..sitekit import FIXTURES, make_project

CASES = FIXTURES / "render" / "casestudies"


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """The small render fixtures, the real training modules, an own practices file, a
    hand-written page and an output tree: one file of every kind the keys read."""
    project = make_project(tmp_path, CASES, docs=False, curricula=True)
    (project.root / "generator" / "data").mkdir(parents=True)
    shutil.copy(vocab.PRACTICES_FILE, project.root / "generator" / "data" / "practices.yml")
    (project.docs_dir / "a-propos.md").write_text("# À propos\n", encoding="utf-8")
    for folder in (project.out_dir, project.theme_dir):
        folder.mkdir(parents=True)
        (folder / "page.html").write_text("avant\n", encoding="utf-8")
    project.redirects_file.write_text("plugins: {}\n", encoding="utf-8")
    return project


@pytest.fixture
def fake_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A package with a module deep in a subpackage, a template, a data file and a theme
    file, read as the generator's code by every key."""
    package = tmp_path / "paquet"
    for rel in ("__init__.py", "render/deep/inner/module.py", "templates/case.md.j2",
                "data/practices.yml", "theme/main.html"):
        (package / rel).parent.mkdir(parents=True, exist_ok=True)
        (package / rel).write_text(f"# {rel}\n", encoding="utf-8")
    monkeypatch.setattr(cache, "PACKAGE", package)
    return package


@pytest.fixture(autouse=True)
def trust_fresh_files(monkeypatch: pytest.MonkeyPatch) -> None:
    # The tests change files and read the state at once: sources_state would refuse such
    # "racy" states (None) until two seconds have passed, which says nothing about its inputs.
    monkeypatch.setattr(freshness, "RACY_NS", -(10**18))


def _site(project: Project) -> str:
    return publish.site_fingerprint(project, offline_copy=False)


def _code(project: Project) -> str:
    return freshness.code_digest(project.mkdocs_file)


FINGERPRINTS = {
    "inputs_fingerprint": freshness.inputs_fingerprint,
    "sources_state": freshness.sources_state,
    "site_fingerprint": _site,
    "code_digest": _code,
}


def _edit(path: Path) -> None:
    # Longer: the size changes even where only sizes and modification times are compared.
    path.write_bytes(path.read_bytes() + b"\n# modifie\n")


def _changes(project: Project, function, change) -> tuple[str, str]:
    before = function(project)
    assert before is not None
    change()
    return before, function(project)


# --- the generator's code ------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(FINGERPRINTS))
@pytest.mark.parametrize("rel", ["render/deep/inner/module.py", "templates/case.md.j2",
                                 "data/practices.yml", "theme/main.html"])
def test_every_key_follows_the_package_at_any_depth(name: str, rel: str, project: Project,
                                                    fake_package: Path) -> None:
    before, after = _changes(project, FINGERPRINTS[name], lambda: _edit(fake_package / rel))
    assert after != before


# --- the project's own files ---------------------------------------------------------

def _project_file(project: Project, which: str) -> Path:
    return {
        "mkdocs.yml": project.mkdocs_file,
        "case": project.cases_dir / "beta.md",
        "comparisons": project.comparisons_file,
        "module": project.module_files()[0],
        "docs": project.docs_dir / "a-propos.md",
        "theme source": next(p for p in sorted(project.theme_source.rglob("*")) if p.is_file()),
        "practices": project.practices_file,
        "generated tree": project.out_dir / "page.html",
        "theme folder": project.theme_dir / "page.html",
        "redirects": project.redirects_file,
    }[which]


@pytest.mark.parametrize("name, which", [
    ("inputs_fingerprint", which) for which in
    ("mkdocs.yml", "case", "comparisons", "module", "docs", "theme source", "practices")
] + [
    ("sources_state", which) for which in
    ("mkdocs.yml", "case", "comparisons", "module", "docs", "theme source", "practices")
] + [
    ("site_fingerprint", which) for which in ("mkdocs.yml", "generated tree", "theme folder", "redirects")
] + [
    ("code_digest", "mkdocs.yml"),
])
def test_every_key_follows_its_project_files(name: str, which: str, project: Project) -> None:
    path = _project_file(project, which)
    assert path.is_relative_to(project.root)
    before, after = _changes(project, FINGERPRINTS[name], lambda: _edit(path))
    assert after != before


@pytest.mark.parametrize("name", ["inputs_fingerprint", "sources_state"])
def test_a_new_case_study_file_changes_the_sources_keys(name: str, project: Project) -> None:
    before, after = _changes(project, FINGERPRINTS[name],
                             lambda: (project.cases_dir / "delta.md").write_text(VALID, encoding="utf-8"))
    assert after != before


def test_a_theme_edit_is_republished(small: Project) -> None:
    """The theme MkDocs reads (build/theme) is written by the generation from the
    project's overrides: an edit of an override changes the published site's fingerprint."""
    assert not generate(small).failed
    before = _site(small)
    _edit(small.theme_source / "main.html")
    assert not generate(small).failed
    assert _site(small) != before


@pytest.mark.parametrize("options", [{"offline_copy": True}, {"offline_copy": False, "engine": "zensical"}])
def test_site_fingerprint_follows_its_options(options: dict, project: Project) -> None:
    assert publish.site_fingerprint(project, **options) != publish.site_fingerprint(project, offline_copy=False)


# --- today's date and library versions -------------------------------------------------

class _Tomorrow(dt.date):
    @classmethod
    def today(cls) -> dt.date:
        return dt.date.today() + dt.timedelta(days=1)


@pytest.mark.parametrize("name", ["inputs_fingerprint", "sources_state"])
def test_the_date_changes_the_sources_keys(name: str, project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    before = FINGERPRINTS[name](project)
    monkeypatch.setattr(freshness, "dt", types.SimpleNamespace(date=_Tomorrow))
    assert FINGERPRINTS[name](project) != before


def _other_version(monkeypatch: pytest.MonkeyPatch, module, attribute: str, name: str) -> None:
    """`module.attribute` (a metadata-like module or stamp.versions) reports another
    version of the distribution `name`."""
    real = getattr(module, attribute)
    if attribute == "versions":
        monkeypatch.setattr(module, attribute,
                            lambda names: {n: v + ".autre" if n == name else v for n, v in real(names).items()})
    else:
        fake = types.SimpleNamespace(**{k: getattr(real, k) for k in ("requires", "PackageNotFoundError")})
        fake.version = lambda n: real.version(n) + (".autre" if n == name else "")
        monkeypatch.setattr(module, attribute, fake)


@pytest.mark.parametrize("name", ["inputs_fingerprint", "code_digest"])
def test_materials_version_changes_the_generation_keys(name: str, project: Project,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    before = FINGERPRINTS[name](project)
    _other_version(monkeypatch, freshness, "metadata", "mkdocs-material")
    assert FINGERPRINTS[name](project) != before


@pytest.mark.parametrize("name, distribution", [("sources_state", "pydantic"), ("sources_state", "jinja2"),
                                                ("site_fingerprint", "mkdocs"),
                                                ("site_fingerprint", "mkdocs-material")])
def test_library_versions_change_the_keys(name: str, distribution: str, project: Project,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    before = FINGERPRINTS[name](project)
    _other_version(monkeypatch, stamp, "versions", distribution)
    assert FINGERPRINTS[name](project) != before


# --- the keys of the units of pages --------------------------------------------------------

def _page_keys(project: Project, hand_written: frozenset[str] = frozenset(), commands: tuple = (),
               today: dt.date | None = None) -> dict[str, str]:
    """The keys `generate` computes for the units of pages, its renderer made the same way."""
    outcome, inputs = check(project)
    assert not outcome.failed, outcome.problems
    site = build_site(inputs.cases, inputs.curated, today=today, guides=inputs.guides, modules=inputs.modules)
    renderer = Renderer(site, project.config(), layout.Layout(hand_written), commands)
    return freshness.page_keys(project, renderer, inputs)


@pytest.fixture
def small(tmp_path: Path) -> Project:
    return make_project(tmp_path, CASES, docs=False)


@pytest.mark.parametrize("change", ["hand-written", "commands"])
def test_every_page_key_follows_the_hand_written_pages_and_the_commands(change: str, small: Project) -> None:
    before = _page_keys(small)
    after = _page_keys(small, hand_written=frozenset({"a-propos.md"})) if change == "hand-written" \
        else _page_keys(small, commands=(("generate", "Génère les pages."),))
    assert set(after) == set(before)
    assert all(after[unit] != before[unit] for unit in before), change


def test_every_page_key_follows_the_projects_practices_file(small: Project) -> None:
    own = small.root / "generator" / "data" / "practices.yml"
    own.parent.mkdir(parents=True)
    shutil.copy(vocab.PRACTICES_FILE, own)
    before = _page_keys(small)
    _edit(own)
    after = _page_keys(small)
    assert all(after[unit] != before[unit] for unit in before)


def test_site_page_keys_follow_the_date_case_page_keys_do_not(small: Project) -> None:
    today = dt.date(2026, 11, 22)
    before = _page_keys(small, today=today)
    after = _page_keys(small, today=today + dt.timedelta(days=1))
    sites = [unit for unit in before if unit.startswith(freshness.SITE_PREFIX)]
    assert sites and all(after[unit] != before[unit] for unit in sites)
    assert all(after[unit] == before[unit] for unit in before if unit.startswith(freshness.CASE_PREFIX))


def test_a_case_page_key_follows_a_related_case_title_and_nothing_else(small: Project) -> None:
    before = _page_keys(small)
    beta = small.cases_dir / "beta.md"
    beta.write_text(replace_once(beta.read_text(encoding="utf-8"), 'title: "Beta : panorama des régions"',
                                 'title: "Beta : un autre titre"'), encoding="utf-8")
    after = _page_keys(small)
    assert after["case:alpha"] != before["case:alpha"]  # alpha lists beta under « Études de cas liées »
    assert after["case:gamma"] == before["case:gamma"]


def test_a_case_page_key_follows_a_keyword_page_renamed_under_it(small: Project) -> None:
    """alpha's keyword « Twitter » has the page etiquettes/twitter/ until another case
    study, not related to alpha, brings « TWITTER », which sorts first and takes it."""
    before = _page_keys(small)
    (small.cases_dir / "delta.md").write_text(replace_once(VALID, "tags: [Twitter]", "tags: [TWITTER]"),
                                              encoding="utf-8")
    after = _page_keys(small)
    assert after["case:alpha"] != before["case:alpha"]
    assert after["case:beta"] == before["case:beta"]  # beta's keywords kept their pages


def test_a_renamed_keyword_page_is_linked_after_the_next_generation(small: Project) -> None:
    assert not generate(small).failed
    alpha = small.out_dir / "cas" / "alpha" / "index.md"
    assert "etiquettes/twitter/" in alpha.read_text(encoding="utf-8")
    (small.cases_dir / "delta.md").write_text(replace_once(VALID, "tags: [Twitter]", "tags: [TWITTER]"),
                                              encoding="utf-8")
    assert not generate(small).failed
    assert "etiquettes/twitter-2/" in alpha.read_text(encoding="utf-8")


GUIDE = """---
title: "Guide d'essai"
description: "Un guide de test."
last_reviewed: 2026-01-01
---

# Guide d'essai

Voir {link}.
"""


def test_a_case_page_key_follows_a_guide_that_starts_citing_it(small: Project) -> None:
    guide = small.docs_dir / "guides" / "essai.md"
    guide.parent.mkdir()
    guide.write_text(GUIDE.format(link="[la chronologie](../cas/chronologie.md)"), encoding="utf-8")
    before = _page_keys(small)
    guide.write_text(GUIDE.format(link="[Beta](../cas/beta.md)"), encoding="utf-8")
    after = _page_keys(small)
    assert after["case:beta"] != before["case:beta"]  # its « Cité dans » now lists the guide
    assert after["case:alpha"] == before["case:alpha"]


def test_a_case_page_key_follows_the_title_of_a_guide_citing_it(small: Project) -> None:
    guide = small.docs_dir / "guides" / "essai.md"
    guide.parent.mkdir()
    guide.write_text(GUIDE.format(link="[Beta](../cas/beta.md)"), encoding="utf-8")
    before = _page_keys(small)
    guide.write_text(GUIDE.replace('title: "Guide d\'essai"', 'title: "Autre titre"').format(
        link="[Beta](../cas/beta.md)"), encoding="utf-8")
    after = _page_keys(small)
    assert after["case:beta"] != before["case:beta"]
    assert after["case:alpha"] == before["case:alpha"]


def test_a_case_page_lists_a_guide_citing_it_after_the_next_generation(small: Project) -> None:
    guide = small.docs_dir / "guides" / "essai.md"
    guide.parent.mkdir()
    guide.write_text(GUIDE.format(link="[la chronologie](../cas/chronologie.md)"), encoding="utf-8")
    assert not generate(small).failed
    beta = small.out_dir / "cas" / "beta" / "index.md"
    assert "Guide d'essai" not in beta.read_text(encoding="utf-8")
    guide.write_text(GUIDE.format(link="[Beta](../cas/beta.md)"), encoding="utf-8")
    assert not generate(small).failed
    cited = beta.read_text(encoding="utf-8").split("## Cité dans")[1]
    assert "- Guide : [Guide d'essai](../../guides/essai/index.md)" in cited


def test_unit_keys_read_each_keyword_page(small: Project) -> None:
    _, inputs = check(small)
    code, groups = "code", ["index_pages"]
    pages = {"Twitter": "cas/etiquettes/twitter.md", "grandes villes": "cas/etiquettes/grandes-villes.md"}
    before = freshness.unit_keys(code, inputs.cases, [], b"", groups, dt.date(2026, 1, 1), pages)
    after = freshness.unit_keys(code, inputs.cases, [], b"", groups, dt.date(2026, 1, 1),
                                pages | {"Twitter": "cas/etiquettes/twitter-2.md"})
    assert after["case:alpha"] != before["case:alpha"]
    assert after["case:beta"] == before["case:beta"]


# --- the link problems cache ------------------------------------------------------------

LINKED = "\nVoir [la page](../autre.md).\n"


def _linked_case(small: Project):
    alpha = small.cases_dir / "alpha.md"
    alpha.write_text(alpha.read_text(encoding="utf-8") + LINKED, encoding="utf-8")
    _, inputs = check(small)
    return next(case for case in inputs.cases if case.slug == "alpha")


def test_link_problems_cache_follows_the_site_pages(small: Project) -> None:
    case = _linked_case(small)
    pages = {"autre.md", "cas/alpha.md"}
    assert freshness.cached_link_problems(small, [case], pages) == []
    found = freshness.cached_link_problems(small, [case], pages - {"autre.md"})
    assert [p.code for p in found] == ["E507"]


def test_link_problems_cache_follows_the_document(small: Project) -> None:
    case = _linked_case(small)
    pages = {"autre.md", "cas/alpha.md"}
    assert freshness.cached_link_problems(small, [case], pages) == []
    alpha = small.cases_dir / "alpha.md"
    alpha.write_text(alpha.read_text(encoding="utf-8").replace("../autre.md", "../absente.md"), encoding="utf-8")
    _, inputs = check(small)
    changed = next(c for c in inputs.cases if c.slug == "alpha")
    assert [p.code for p in freshness.cached_link_problems(small, [changed], pages)] == ["E507"]


def test_link_problems_cache_follows_the_code(small: Project, fake_package: Path) -> None:
    case = _linked_case(small)
    pages = {"autre.md", "cas/alpha.md"}
    store = cache.Store(small.cache_dir / "links")
    freshness.cached_link_problems(small, [case], pages)
    _edit(fake_package / "render" / "deep" / "inner" / "module.py")
    freshness.cached_link_problems(small, [case], pages)
    assert len([path for path in store.folder.rglob("*") if path.is_file()]) == 2  # a second entry


# --- the compiled templates' cache -------------------------------------------------------

def test_template_cache_folder_follows_its_inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "env.py"
    source.write_text("# configuration\n", encoding="utf-8")

    def folder(kind: str = "md") -> str:
        return str(cache.template_cache(tmp_path / "jinja", source, kind).store.folder)

    first = folder()
    assert folder("html") != first
    _edit(source)
    second = folder()
    assert second != first
    monkeypatch.setattr(cache.jinja2, "__version__", "0.0-autre")
    assert folder() != second


# --- the sanitizer's cache -----------------------------------------------------------------

def _plain(text: str) -> str:
    return text


def _shouting(text: str) -> str:
    return text.upper()


SANITIZED = "## Contexte *vu*\n\nVoir [la page](autre.md) et la note[^n].\n"


@pytest.mark.parametrize("argument, first, second", [
    ("text", {"text": SANITIZED}, {"text": SANITIZED.replace("Voir", "Lire")}),
    ("page", {"page": "cas/a.md"}, {"page": "guides/b/c.md"}),
    ("escape", {"escape": _plain}, {"escape": _shouting}),
    ("reserved", {"reserved": ()}, {"reserved": ("contexte-vu",)}),
    ("shift", {"shift": 0}, {"shift": 1}),
    ("footnotes", {"footnotes": "[^n]: Première note."}, {"footnotes": "[^n]: Seconde note."}),
])
def test_sanitize_cache_key_holds_every_argument(argument: str, first: dict, second: dict, tmp_path: Path) -> None:
    def call(**changed) -> tuple:
        arguments = {"text": SANITIZED, "page": "cas/a.md", "escape": _plain, "reserved": (), "shift": 0,
                     "footnotes": "[^n]: Première note."} | changed
        result = sanitize.sanitize(**arguments)
        return result.markdown, result.footnotes, result.ids

    sanitize.use_cache(None)
    expected = call(**second)
    assert expected != call(**first), f"{argument} makes no difference: the test would prove nothing"
    try:
        sanitize.use_cache(tmp_path / "sanitize")
        call(**first)
        assert call(**second) == expected
    finally:
        sanitize.use_cache(None)
