"""The project's folders as a whole: links and special files anywhere the build reads
(E107), and files that casestudies/ and curricula/ do not expect (W702)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from generator import layout
from generator.load.files import folder_problem, special_problem, walk
from generator.problems import Problem, problem
from generator.project.project import Project, relative


def tree_problems(project: Project) -> list[Problem]:
    """Links and special files anywhere in the folders the build reads (E107), and files
    that casestudies/ and curricula/ do not expect (W702: ignored, but reported)."""
    # folder -> (entries that loading reads and checks itself, entries expected there);
    # None: every regular file is expected (pages and their assets).
    folders: list[tuple[Path, Callable[[str], bool], Callable[[str], bool] | None]] = [
        (project.cases_dir, _top_markdown_or_comparisons, _top_markdown_or_comparisons),
        (project.modules_dir, _top_markdown, _top_markdown),
        (project.docs_dir, _guide, None),
    ]
    if project.theme_source.is_dir():
        folders.append((project.theme_source, lambda rel: False, None))
    problems = []
    for folder, loaded, expected in folders:
        problems.extend(_folder_problems(project, folder, loaded, expected))
    return problems


def _top_markdown(rel: str) -> bool:
    return "/" not in rel and rel.endswith(".md")


def _top_markdown_or_comparisons(rel: str) -> bool:
    return _top_markdown(rel) or rel == "comparaisons.yml"


def _guide(rel: str) -> bool:
    prefix = layout.GUIDES + "/"
    return rel.startswith(prefix) and _top_markdown(rel[len(prefix):]) and rel != layout.GUIDES_INDEX


def _folder_problems(project: Project, folder: Path, loaded: Callable[[str], bool],
                     expected: Callable[[str], bool] | None) -> list[Problem]:
    try:
        name = relative(project, folder)
    except ValueError:  # a theme outside the project: MkDocs' business, not the contributors'
        return []
    parts = Path(name).parts
    for depth in range(1, len(parts) + 1):
        refused = folder_problem(project.root.joinpath(*parts[:depth]), "/".join(parts[:depth]))
        if refused is not None:
            return [refused]
    if not folder.is_dir():
        return []
    files, refused = walk(folder)
    problems = [special_problem(f"{name}/{rel}", kind) for rel, kind in refused if not loaded(rel)]
    if expected is not None:
        problems += [problem(f"{name}/{rel}", 1, 1, "W702", _unexpected(name, rel))
                     for rel in files if not expected(rel)]
    return problems


def _unexpected(folder: str, rel: str) -> str:
    if "/" in rel:
        return (f"fichier ignoré : seuls les fichiers à la racine de {folder}/ sont lus, pas ceux "
                f"de {folder}/{rel.rsplit('/', 1)[0]}/ ; déplacez-le ou supprimez-le.")
    wanted = "des études de cas (.md) et comparaisons.yml" if folder == "casestudies" else "des modules (.md)"
    return f"fichier ignoré : {folder}/ ne contient que {wanted} ; renommez-le en .md, déplacez-le ou supprimez-le."
