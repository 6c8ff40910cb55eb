"""Helpers to make throw-away copies of the project for build tests."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

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
    return Project(root)


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
