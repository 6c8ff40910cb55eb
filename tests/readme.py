"""tests/README.md: which file tests which behaviour, read from each test file's first
docstring line, folder by folder (the folders mirror generator/'s stages).

    python -m tests.readme          # rewrite tests/README.md
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
README = TESTS / "README.md"
# The folders in the order the data flows through generator/, then the whole-site checks.
FOLDERS = ("", "format", "load", "project", "check", "context", "render", "write", "publish", "cli",
           "browser", "engines")
HEADER = """# Les tests

Un dossier par étape de `generator/` (mêmes noms, même ordre), puis les tests dans un navigateur
(`browser/`) et la comparaison des moteurs (`engines/`). Chaque ligne reprend la première phrase
du fichier ; ce tableau est produit par `python -m tests.readme` (un test vérifie qu'il est à
jour). Les tests rapides : `python -m pytest -m "not slow"` ; toute la suite : `python -m pytest`.

| Fichier | Ce qu'il vérifie |
|---|---|
"""


def first_line(path: Path) -> str:
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    return " ".join(doc.split("\n\n", 1)[0].split()).replace("|", "\\|")


def text() -> str:
    rows = []
    for folder in FOLDERS:
        for path in sorted((TESTS / folder).glob("test_*.py")):
            rows.append(f"| `{path.relative_to(TESTS).as_posix()}` | {first_line(path)} |")
    return HEADER + "\n".join(rows) + "\n"


if __name__ == "__main__":
    README.write_text(text(), encoding="utf-8")
