"""generator/layout.py decides every page's path and address; nothing else spells one.

A generated page is written in its address's folder (`cas/rennes/index.md`), so a
relative link of raw HTML reads the same from the source file and from the page's
address; hand-written pages keep their files and their links are pointed at the
written files.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from generator import layout
from generator.write.generate import generate

from ..sitekit import make_project

GENERATOR = Path(layout.__file__).parent
SITE_FOLDERS = (layout.CASES, layout.COMPARISONS, layout.GUIDES, layout.MODULES, layout.CONTRIBUTE, layout.DATA)
# A page path in a template: a quoted string naming a .md file or starting in a site folder.
TEMPLATE_PATH = re.compile(r"""["'](?:[\w/-]*\.md|(?:%s)/[^"']*)["']""" % "|".join(SITE_FOLDERS))
# Modules that may name files of the generated tree: layout itself, and the open data
# files (their names, inside layout.DATA).
ALLOWED = {"layout.py", "exports.py"}


def test_no_template_builds_a_page_path():
    found = [f"{path.relative_to(GENERATOR)}:{number}: {line.strip()}"
             for path in sorted((GENERATOR / "templates").rglob("*.j2"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if TEMPLATE_PATH.search(line)]
    assert found == [], "page paths come from layout.py or a document's src:\n" + "\n".join(found)


def _page_paths(tree: ast.AST) -> list[tuple[int, str]]:
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)) and node.body
                  and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(part.value if isinstance(part, ast.Constant) else "{}" for part in node.values)
            if re.search(r"/\{\}\.md|^\{\}/.*\.md$", text) or text.startswith(tuple(f + "/" for f in SITE_FOLDERS)):
                found.append((node.lineno, text))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            if re.fullmatch(r"(?:%s)/[\w./-]*" % "|".join(SITE_FOLDERS), node.value):
                found.append((node.lineno, node.value))
    return found


def test_no_module_builds_a_page_path():
    modules = {path.relative_to(GENERATOR).as_posix(): path for path in GENERATOR.rglob("*.py")}
    assert "render/cases.py" in modules  # the render package is looked into too
    found = [f"{name}:{line}: {text}" for name, path in sorted(modules.items()) if name not in ALLOWED
             for line, text in _page_paths(ast.parse(path.read_text(encoding="utf-8")))]
    assert found == [], "page paths come from generator/layout.py:\n" + "\n".join(found)


def test_the_checks_see_a_hand_built_path():
    assert TEMPLATE_PATH.search("""{{ ('cas/' ~ case.slug ~ '.md') | link }}""")
    assert _page_paths(ast.parse('x = f"cas/{slug}.md"\ny = "comparaisons/plateformes.md"'))
    assert _page_paths(ast.parse('x = f"{folder}/{slug}.md"'))
    assert not _page_paths(ast.parse('target = cases_dir / f"{slug}.md"'))


@pytest.mark.parametrize(("name", "written", "url"), [
    ("cas/rennes.md", "cas/rennes/index.md", "cas/rennes/"),
    ("cas/index.md", "cas/index.md", "cas/"),
    ("index.md", "index.md", ""),
    ("cas/par-pays/fr.md", "cas/par-pays/fr/index.md", "cas/par-pays/fr/"),
    ("donnees/etudes-de-cas.csv", "donnees/etudes-de-cas.csv", "donnees/etudes-de-cas.csv"),
])
def test_generated_pages_are_written_in_their_address_folder(name, written, url):
    files = layout.Layout()
    assert files.file(name) == written
    assert layout.address(name) == layout.address(written) == url


def test_hand_written_pages_keep_their_files():
    files = layout.Layout(frozenset({"contribuer/format.md"}))
    assert files.file("contribuer/format.md") == "contribuer/format.md"
    assert files.link("contribuer/format.md", layout.case("rennes")) == "../cas/rennes/index.md"
    assert files.link(layout.case("rennes"), "contribuer/format.md") == "../../contribuer/format.md"


def test_raw_html_links_read_the_same_from_the_file_and_the_address():
    """The reason for the layout: from cas/rennes/index.md and from cas/rennes/, the
    same relative link reaches the same page."""
    files = layout.Layout()
    href = layout.href(layout.case("rennes"), layout.facet_value(layout.LEVEL_FACET, "commune"))
    from_file = Path("/" + files.file(layout.case("rennes"))).parent / href
    from_address = Path("/" + layout.address(layout.case("rennes"))) / href
    assert from_file.resolve() == from_address.resolve() == Path("/cas/par-niveau/commune")


def test_hand_written_links_point_at_the_written_files():
    files = layout.Layout(frozenset({"contribuer/index.md", "contribuer/format.md"}))
    text = ("Voir [Rennes](../cas/rennes.md#fiche), [le format](format.md), "
            "[les champs](champs.md \"titre\") et [ailleurs](https://exemple.org/a.md).\n"
            "`[code](../cas/rennes.md)`\n\n```\n[bloc](../cas/rennes.md)\n```\n\n"
            "[ref]: ../comparaisons/plateformes.md\n[absente](absente.md)\n")
    generated = {"cas/rennes.md", "contribuer/champs.md", "comparaisons/plateformes.md"}
    assert files.hand_written_text("contribuer/index.md", text, generated) == (
        "Voir [Rennes](../cas/rennes/index.md#fiche), [le format](format.md), "
        "[les champs](champs/index.md \"titre\") et [ailleurs](https://exemple.org/a.md).\n"
        "`[code](../cas/rennes.md)`\n\n```\n[bloc](../cas/rennes.md)\n```\n\n"
        "[ref]: ../comparaisons/plateformes/index.md\n[absente](absente.md)\n")


def test_built_tree_puts_each_generated_page_in_its_folder(tmp_path: Path):


    project = make_project(tmp_path)
    outcome = generate(project)
    assert not outcome.failed, outcome.problems
    docs = project.out_dir
    assert (docs / "cas" / "rennes" / "index.md").is_file()
    assert not (docs / "cas" / "rennes.md").exists()
    assert (docs / "guides" / "video-institutions" / "index.md").is_file()
    assert (docs / "contribuer" / "format.md").is_file()  # hand-written, where it was
