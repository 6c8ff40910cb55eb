"""Generation that redoes only what changed (generator/write/freshness.py, generator/cache.py).

A warm generation (units reused, sanitised texts read from the cache) must write the
same tree, byte for byte, as a cold one from the same sources; a damaged cache is
ignored; one changed case study re-renders its page and the pages that list it.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
from pathlib import Path

import pytest
from jinja2 import bccache

from generator import cache, layout
from generator.check.body import link_problems
from generator.check.project import CheckMemo, Inputs, Outcome
from generator.check.project import check as check_project
from generator.load import load
from generator.project.project import Project
from generator.render import md_escape, sanitize
from generator.write import freshness, urls
from generator.write import generate as generation
from generator.write.generate import generate as generate_tree
from tests.sitekit import make_project

CASE = "rennes"  # listed under « Études de cas liées » by bordeaux, among others


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def generate(project: Project) -> list[str]:
    messages: list[str] = []
    outcome = generate_tree(project, messages.append)
    assert not outcome.failed, outcome.problems
    return messages


def cold(project: Project) -> dict[str, bytes]:
    """The tree a generation writes from nothing (no state, no cache, no previous pages)."""
    shutil.rmtree(project.root / "build")
    generate(project)
    return tree(project.out_dir)


def edit(project: Project, slug: str, old: str, new: str) -> None:
    path = project.cases_dir / f"{slug}.md"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def reuse_line(messages: list[str]) -> str:
    return next(m for m in messages if m.startswith("Rendu à nouveau"))


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = make_project(tmp_path_factory.mktemp("genere"), curricula=True)
    generate(project)
    return project


@pytest.fixture
def project(generated: Project, tmp_path: Path) -> Project:
    """The real project, generated once: a copy per test (a moved project keeps its keys,
    test_a_moved_project_keeps_its_keys)."""
    root = tmp_path / "projet"
    shutil.copytree(generated.root, root, symlinks=True)
    return Project(root)


def test_title_and_level_change_renders_the_page_and_its_lists_only(project: Project) -> None:
    edit(project, CASE, 'title: "Rennes : Twitter', 'title: "Rennes, titre modifié : Twitter')
    edit(project, CASE, "level: commune", "level: region")
    messages = generate(project)
    warm = tree(project.out_dir)
    line = reuse_line(messages)
    # Rennes and the pages that list it under « Études de cas liées », not all 16 case pages.
    rendered = int(line.split(":")[1].split()[0])
    listing = sum(f"[{CASE}" in p.read_text() or f", {CASE}" in p.read_text() for p in project.cases_dir.glob("*.md"))
    assert 1 < rendered <= 1 + listing < len(list(project.cases_dir.glob("*.md")))
    assert "titre modifié" in warm[layout.written("cas/rennes.md")].decode()
    assert "titre modifié" in warm["cas/index.md"].decode()
    assert warm == cold(project)


def test_body_change_leaves_the_lists_alone(project: Project) -> None:
    before = tree(project.out_dir)
    edit(project, CASE, "## Contexte", "## Contexte de départ")
    messages = generate(project)
    warm = tree(project.out_dir)
    assert "0 groupe de pages" in reuse_line(messages)
    assert [p for p in warm if warm[p] != before.get(p)] == [layout.written("cas/rennes.md")]
    assert warm == cold(project)


def test_a_related_title_change_reaches_the_pages_that_list_it(project: Project) -> None:
    edit(project, CASE, 'title: "Rennes : Twitter', 'title: "Rennes renommée : Twitter')
    generate(project)
    assert "Rennes renommée" in (project.out_dir / layout.written("cas/bordeaux.md")).read_text(encoding="utf-8")
    assert tree(project.out_dir) == cold(project)


def test_a_page_changed_by_hand_is_rendered_again(project: Project) -> None:
    expected = tree(project.out_dir)
    (project.out_dir / layout.written("cas/nantes.md")).write_text("modifié à la main", encoding="utf-8")
    edit(project, CASE, "## Contexte", "## Contexte initial")  # any change: the generation runs
    generate(project)
    assert tree(project.out_dir)[layout.written("cas/nantes.md")] == expected[layout.written("cas/nantes.md")]


def test_damaged_cache_and_state_are_ignored(project: Project) -> None:
    expected = tree(project.out_dir)
    entries = [p for p in (project.cache_dir / "sanitize").rglob("*") if p.is_file()]
    assert len(entries) > 10
    for number, path in enumerate(entries):
        forged = json.dumps(["<script>alert(1)</script>", "", []]).encode()
        forged = cache.MAGIC + hashlib.blake2b(forged, digest_size=cache.CHECK_SIZE).digest() + forged
        damage = (b"", b"garbage", path.read_bytes()[:-3], path.read_bytes()[:-1] + b"X", forged)[number % 5]
        path.write_bytes(damage)
    project.state_file.write_text('{"units": {"case:rennes": [1, 2]}, "files": "x"', encoding="utf-8")
    messages = generate(project)
    assert tree(project.out_dir) == expected
    assert any("entrées du cache (build/cache/) étaient endommagées" in m for m in messages), messages
    state = json.loads(project.state_file.read_text(encoding="utf-8"))
    assert state["units"]["case:rennes"][1] == [layout.written("cas/rennes.md")]


@pytest.mark.parametrize("state", ["[]", '"x"', "5", '{"units": 5}', '{"files": []}', '{"fingerprint": 3}',
                                   '{"check": "x"}', "{", ""])
def test_a_state_file_of_any_other_shape_is_ignored_with_a_warning(project: Project, state: str) -> None:
    expected = tree(project.out_dir)
    project.state_file.write_text(state, encoding="utf-8")
    messages = generate(project)
    assert any("build/smg-state.json" in m and "endommagé" in m for m in messages), messages
    assert tree(project.out_dir) == expected
    assert isinstance(json.loads(project.state_file.read_text(encoding="utf-8"))["units"], dict)


def test_a_state_edited_by_hand_is_not_trusted(project: Project) -> None:
    """A state claiming every check passed, written by anything but this user's smg (a
    pull request's build/ folder), is ignored: everything is checked again."""
    state = json.loads(project.state_file.read_text(encoding="utf-8"))
    state["check"] = {**state["check"], "forged": True}
    project.state_file.write_text(json.dumps(state), encoding="utf-8")
    messages = generate(project)
    assert any("build/smg-state.json" in m and "endommagé" in m for m in messages), messages
    assert "seal" in json.loads(project.state_file.read_text(encoding="utf-8"))


def test_site_stamp_of_another_shape_is_no_stamp(tmp_path: Path) -> None:
    from generator.write import stamp

    for text in ("[]", '"x"', "{"):
        (tmp_path / "stamp.json").write_text(text, encoding="utf-8")
        assert not stamp.is_current(tmp_path / "stamp.json", tmp_path, "empreinte")


def test_site_stamp_not_written_by_smg_here_is_no_stamp(tmp_path: Path) -> None:
    """A stamp is what makes `smg build` skip the engine: one brought by a pull request,
    however well made, must not."""
    from generator.write import stamp

    site, path = tmp_path / "site", tmp_path / "stamp.json"
    site.mkdir()
    (site / "index.html").write_text("<p>publié</p>", encoding="utf-8")
    stamp.record(path, site, "empreinte")
    assert stamp.is_current(path, site, "empreinte")
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({key: value for key, value in data.items() if key != "seal"}), encoding="utf-8")
    assert not stamp.is_current(path, site, "empreinte")


def test_store_round_trip_and_damage(tmp_path: Path) -> None:
    store = cache.Store(tmp_path / "c")
    key = cache.digest("a", "b")
    assert key != cache.digest("ab") and key != cache.digest("a", "b", "")
    assert store.get(key) is None
    assert store.put(key, b"valeur")
    assert store.get(key) == b"valeur"
    path = store.path(key)
    path.write_bytes(path.read_bytes()[:-1] + b"W")
    assert store.get(key) is None
    assert not path.exists() and store.damaged == 1  # an untrusted entry is removed
    path.mkdir()  # not even a file
    assert store.get(key) is None
    assert not store.put(key, b"autre")  # the rename onto a folder fails: nothing left behind
    assert [p.name for p in path.parent.iterdir()] == [key]


def test_forged_or_moved_entries_are_not_trusted(tmp_path: Path) -> None:
    """An entry is trusted only under its own name and sealed with this user's secret: a
    `build/cache/` brought by a pull request or moved around serves nothing."""
    store = cache.Store(tmp_path / "c")
    safe, other = cache.digest("propre"), cache.digest("autre")
    assert store.put(safe, b"<p>propre</p>")
    store.path(other).parent.mkdir(parents=True, exist_ok=True)
    store.path(other).write_bytes(store.path(safe).read_bytes())  # a sealed entry, under another name
    assert store.get(other) is None
    unkeyed = hashlib.blake2b(b"<script>", digest_size=cache.CHECK_SIZE).digest()
    store.path(safe).write_bytes(cache.MAGIC + unkeyed + b"<script>")  # the format, without the secret
    assert store.get(safe) is None
    assert store.damaged == 2


def test_the_secret_lives_outside_the_project_and_only_its_owner_reads_it(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    cache.secret.cache_clear()
    try:
        first = cache.secret()
        path = cache.secret_file()
        assert path.is_relative_to(tmp_path / "xdg") and path.read_bytes() == first
        assert path.stat().st_mode & 0o077 == 0
        cache.secret.cache_clear()
        assert cache.secret() == first  # kept between runs: the cache serves the next build
        path.write_bytes(b"court")
        cache.secret.cache_clear()
        assert cache.secret() != first and len(cache.secret()) == cache.SECRET_SIZE
    finally:
        cache.secret.cache_clear()


def test_two_processes_making_the_secret_at_once_share_one(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    path = cache.secret_file()
    link = os.link

    def other_process_first(source, target):  # the other process links its secret just before
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        Path(target).write_bytes(b"s" * cache.SECRET_SIZE)
        link(source, target)

    monkeypatch.setattr(os, "link", other_process_first)
    cache.secret.cache_clear()
    try:
        assert cache.secret() == b"s" * cache.SECRET_SIZE == path.read_bytes()
        assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary left
    finally:
        cache.secret.cache_clear()


def test_store_that_cannot_write_says_so(tmp_path: Path) -> None:
    blocker = tmp_path / "fichier"
    blocker.write_text("x")
    store = cache.Store(blocker / "c")  # a folder under a file: never creatable
    assert not store.put(cache.digest("k"), b"v")
    assert store.get(cache.digest("k")) is None


def test_prune_keeps_the_cache_under_its_size_dropping_the_least_recently_used(tmp_path: Path) -> None:
    store = cache.Store(tmp_path / "cache" / "sanitize")
    keys = [cache.digest(str(n)) for n in range(4)]
    for age, key in enumerate(keys):
        store.put(key, b"x" * 1000)
        os.utime(store.path(key), (1_000_000 + age, 1_000_000 + age))  # keys[0] is the oldest
    assert store.get(keys[0]) == b"x" * 1000  # read now: the most recently used
    entry = store.path(keys[0]).stat().st_size
    assert cache.prune(tmp_path / "cache", limit=2 * entry) == 2
    assert [store.get(key) is not None for key in keys] == [True, False, False, True]
    assert cache.prune(tmp_path / "cache", limit=2 * entry) == 0
    assert cache.prune(tmp_path / "absent") == 0


def test_generation_prunes_the_cache(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    stale = cache.Store(project.cache_dir / "sanitize")
    stale.put(cache.digest("ancienne version"), b"x" * 10_000)
    os.utime(stale.path(cache.digest("ancienne version")), (1_000_000, 1_000_000))
    monkeypatch.setattr(cache, "LIMIT_BYTES", sum(p.stat().st_size for p in project.cache_dir.rglob("*")
                                                  if p.is_file()) - 1)
    path = project.cases_dir / f"{CASE}.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nUne phrase de plus.\n", encoding="utf-8")
    assert not generate_tree(project).failed
    assert not stale.path(cache.digest("ancienne version")).exists()
    assert any((project.cache_dir / "sanitize").rglob("*"))  # what this generation used is kept


def test_sanitize_reads_its_result_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "## Titre\n\nDu *texte* et <script>x</script> un [lien](../guides/a.md).\n"
    plain = sanitize.sanitize(text, "cas/a.md", md_escape, reserved={"fiche"}, shift=1)
    store = sanitize.use_cache(tmp_path / "s")
    try:
        first = sanitize.sanitize(text, "cas/a.md", md_escape, reserved=["fiche"], shift=1)
        calls = []
        monkeypatch.setattr(sanitize, "_sanitize", lambda *a, **k: calls.append(a) or plain)
        again = sanitize.sanitize(text, "cas/a.md", md_escape, reserved=("fiche",), shift=1)
        assert (again, calls, store.hits) == (plain, [], 1)
        # Every argument is part of the key.
        sanitize.sanitize(text, "cas/b.md", md_escape, reserved={"fiche"}, shift=1)
        sanitize.sanitize(text, "cas/a.md", md_escape, reserved={"titre"}, shift=1)
        sanitize.sanitize(text, "cas/a.md", md_escape, reserved={"fiche"}, shift=0)
        sanitize.sanitize(text, "cas/a.md", md_escape, reserved={"fiche"}, shift=1, footnotes="[^a]: A.")
        assert len(calls) == 4
    finally:
        sanitize.use_cache(None)
    assert first == plain


def test_check_memo_gives_what_validate_gives(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    def found(outcome: Outcome, inputs: Inputs) -> tuple:
        return list(outcome.problems), [c.slug for c in inputs.cases]

    memo = CheckMemo()
    assert found(*check_project(project, None, memo)) == found(*check_project(project))
    edit(project, CASE, "level: commune", "level: [")  # one file now broken
    read: list[str] = []
    real = load.load_paths
    monkeypatch.setattr(load, "load_paths", lambda paths, root=None: read.extend(p.name for p in paths)
                        or real(paths, root))
    with_memo = found(*check_project(project, None, memo))
    case_files = [name for name in read if name.endswith(".md") and (project.cases_dir / name).exists()]
    assert f"{CASE}.md" in case_files and len(set(case_files) - {f"{CASE}.md"}) == 0
    assert with_memo == found(*check_project(project))
    assert any(CASE in str(p) for p in with_memo[0])


def test_a_moved_project_keeps_its_keys(project: Project, tmp_path: Path) -> None:
    moved = Project(tmp_path / "ailleurs")
    shutil.copytree(project.root, moved.root)  # copy2: sizes and modification times kept
    edit(moved, CASE, "## Contexte", "## Contexte déplacé")
    line = reuse_line(generate(moved))
    assert "0 groupe de pages" in line and int(line.split(":")[1].split()[0]) < 5


def test_damaged_compiled_templates_are_compiled_again(project: Project) -> None:
    expected = tree(project.out_dir)
    compiled = [p for p in (project.cache_dir / "jinja").rglob("*") if p.is_file()]
    assert compiled
    marker = project.root / "exécuté"
    # What Jinja's own file cache would unpickle, and so run: a pull request's build/cache/.
    hostile = bccache.bc_magic + pickle.dumps(_Touch(str(marker)))
    for number, path in enumerate(compiled):
        data = path.read_bytes()
        path.write_bytes((b"", data[:12], data[:40], data[:-5], hostile)[number % 5])
    shutil.rmtree(project.out_dir)  # every page rendered again, from the damaged cache
    generate(project)
    assert tree(project.out_dir) == expected
    assert not marker.exists()


class _Touch:
    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


def test_link_problems_read_from_the_cache_are_the_same(project: Project,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    guide = next(project.guides_dir.glob("*.md"))
    text = guide.read_text(encoding="utf-8")
    guide.write_text(text + "\nVoir [une page absente](../cas/absente.md).\n", encoding="utf-8")
    outcome = generate_tree(project)
    first = [p for p in outcome.problems if p.code == "E507"]
    assert first and "absente" in first[0].message
    entries = list((project.cache_dir / "links").rglob("*"))
    assert any(p.is_file() for p in entries)
    real = link_problems

    def only_texts_without_links(documents, pages):
        assert all("](" not in d.record.body for d in documents), "a text with links checked again"
        return real(documents, pages)

    monkeypatch.setattr(freshness, "link_problems", only_texts_without_links)
    again = generate_tree(project)  # the same inputs: the problems come from the cache
    assert [p for p in again.problems if p.code == "E507"] == first


# --- A run whose sources are as the last one left them reuses its check ------------------


class CheckSpy:
    """check_project, counting its calls."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        self.real = check_project
        monkeypatch.setattr(generation, "check", self)

    def __call__(self, *args, **kwargs):
        self.calls += 1
        return self.real(*args, **kwargs)


@pytest.fixture
def settled(project: Project, monkeypatch: pytest.MonkeyPatch) -> Project:
    """A generated project whose files count as settled (none changed "just now")."""
    monkeypatch.setattr(freshness, "RACY_NS", 0)
    generate(project)
    return project


def test_the_run_after_a_first_generation_reuses_its_check(settled: Project,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    spy = CheckSpy(monkeypatch)
    generate(settled)  # the first run wrote the redirects file: an output, not a changed source
    assert spy.calls == 0


def test_an_edited_redirects_file_is_written_again(settled: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    written = settled.redirects_file.read_text(encoding="utf-8")
    settled.redirects_file.write_text(written + "# modifié à la main\n", encoding="utf-8")
    spy = CheckSpy(monkeypatch)
    generate(settled)
    assert spy.calls == 1 and settled.redirects_file.read_text(encoding="utf-8") == written


def test_unchanged_sources_reuse_the_last_check(settled: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = generate_tree(settled).problems
    spy = CheckSpy(monkeypatch)
    messages: list[str] = []
    outcome = generate_tree(settled, messages.append)
    assert spy.calls == 0 and not outcome.failed
    assert outcome.problems == expected and outcome.report.written == []
    assert any(m.startswith("Aucune source n'a changé") and "vérification reprise" in m for m in messages)


def test_an_edited_case_is_checked_again(settled: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    spy = CheckSpy(monkeypatch)
    edit(settled, CASE, "level: commune", "level: [")
    outcome = generate_tree(settled)
    assert spy.calls == 1 and outcome.failed
    assert any(p.path.endswith(f"{CASE}.md") and p.severity == "error" for p in outcome.problems)
    again = generate_tree(settled)  # a failed run is never reused as a success
    assert spy.calls == 2 and again.problems == outcome.problems


@pytest.mark.parametrize("change", ["code", "environment", "lost output"])
def test_what_the_check_depends_on_beyond_the_sources(change: str, settled: Project,
                                                      monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    mkdocs = settled.mkdocs_file.read_text(encoding="utf-8")
    settled.mkdocs_file.write_text(mkdocs.replace("\nsite_url: ", "\nsite_url: !ENV [SMG_TEST_SITE_URL, ]\n#", 1),
                                   encoding="utf-8")
    monkeypatch.setenv("SMG_TEST_SITE_URL", "https://exemple.gouv.fr/base/")
    generate(settled)
    generate(settled)
    spy = CheckSpy(monkeypatch)
    if change == "code":  # smg's own code, as after an upgrade
        monkeypatch.setattr(freshness, "_library_versions", lambda: ["une autre version"])
    elif change == "environment":  # an !ENV value of mkdocs.yml
        monkeypatch.setenv("SMG_TEST_SITE_URL", "https://autre.gouv.fr/base/")
    else:
        settled.redirects_file.unlink()
    generate(settled)
    assert spy.calls == 1
    if change == "environment":
        assert "https://autre.gouv.fr/base/" in (settled.out_dir / urls.MANIFEST).read_text(encoding="utf-8")
    assert settled.redirects_file.is_file()


def test_a_file_changed_just_now_is_checked_again(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    generate(project)
    generate(project)
    path = project.cases_dir / f"{CASE}.md"
    os.utime(path)  # same bytes, touched now: its state may still change within the clock's tick
    spy = CheckSpy(monkeypatch)
    generate(project)
    assert spy.calls == 1
