"""Helpers to make throw-away copies of the project for build tests."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from generator.project.project import Project

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def make_project(tmp_path: Path, cases: Path | None = None, docs: bool = True,
                 curricula: bool | None = None) -> Project:
    """A project folder in tmp_path: the real mkdocs.yml and theme, chosen case studies
    and, with `curricula`, the real training modules (by default with the real docs: the
    navigation of mkdocs.yml lists the module pages, so MkDocs needs them)."""
    if curricula is None:
        curricula = docs
    root = tmp_path / "projet"
    root.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "generator" / "theme", root / "generator" / "theme")
    shutil.copytree(cases or ROOT / "casestudies", root / "casestudies")
    if curricula:
        shutil.copytree(ROOT / "curricula", root / "curricula")
    if docs:
        shutil.copytree(ROOT / "docs", root / "docs")
    else:
        (root / "docs").mkdir()
        # The navigation lists hand-written pages (E507 without them): MkDocs' own then.
        config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
        del config["nav"]
        (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return Project(root)


# A Markdown link to a page under cas/ or comparaisons/ (its path without ".md", then the rest).
_GENERATED_LINK = re.compile(r"\[([^\]]*)\]\((?:\.\./)*((?:cas|comparaisons)/[a-z0-9/-]+)\.md(?:#[^)\s]*)?\)")
_LISTED_PAGE = re.compile(r"(?:comparaisons|formations)/([a-z0-9-]+)/index\.md$")


def small_project(tmp_path: Path) -> Project:
    """A whole site MkDocs builds in seconds: the fictional case studies of fixtures/render/
    with the real mkdocs.yml, theme and hand-written pages. The real pages' links to case
    studies, facet values and comparisons the fixtures lack become their text, and the
    navigation loses the comparisons and training modules that are not there."""
    project = make_project(tmp_path, FIXTURES / "render" / "casestudies", curricula=False)
    present = {case.stem for case in project.cases_dir.glob("*.md")} | {"index"}
    comparisons = yaml.safe_load(project.comparisons_file.read_text(encoding="utf-8"))
    present |= {comparison["id"] for comparison in comparisons["comparisons"]}
    for page in project.docs_dir.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        kept = _GENERATED_LINK.sub(lambda link: link[0] if link[2].split("/")[-1] in present else link[1], text)
        page.write_text(kept, encoding="utf-8")
    config = yaml.safe_load(project.mkdocs_file.read_text(encoding="utf-8"))
    config["nav"] = _nav_without(config["nav"], lambda page: (_LISTED_PAGE.match(page) is None
                                                              or _LISTED_PAGE.match(page)[1] in present))
    project.mkdocs_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return project


def _nav_without(nav: list, keep) -> list:
    kept = []
    for entry in nav:
        title, target = next(iter(entry.items())) if isinstance(entry, dict) else (None, entry)
        if isinstance(target, list):
            kept.append({title: _nav_without(target, keep)})
        elif keep(target):
            kept.append(entry)
    return kept


def snapshot(folder: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every file under folder with its inode, modification time and bytes."""
    result = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            stat = path.stat()
            result[path.relative_to(folder).as_posix()] = (stat.st_ino, stat.st_mtime_ns, path.read_bytes())
    return result


def reviewed_on(project: Project, date: str) -> None:
    """Every case study of `project` reviewed on `date`: a fixture added later is then the
    latest, where the home page and the feed show it."""
    for case in project.cases_dir.glob("*.md"):
        text = case.read_text(encoding="utf-8")
        case.write_text(re.sub(r"^last_reviewed: .*$", f"last_reviewed: {date}", text, flags=re.MULTILINE),
                        encoding="utf-8")
