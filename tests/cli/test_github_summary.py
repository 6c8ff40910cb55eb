"""`smg validate --format github` also writes every problem to the job summary.

GitHub shows at most 10 annotations per step, so a file with 15 errors would show 10:
the job summary ($GITHUB_STEP_SUMMARY) lists them all, as a Markdown table whose cells
quote the case studies' own text, so they must stay plain text once rendered.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import markdown
from hypothesis import given
from hypothesis import strategies as st

from generator.problems import Problem, format_summary, problem

from ..conftest import VALID, replace_once
from ..conftest import smg_validate as smg

BAD_LEVEL = replace_once(VALID, "level: commune", "level: comune")  # E304 at 4:8
HEADER = ["Emplacement", "Code", "Message"]


class Cells(HTMLParser):
    """The rows of the rendered tables, and every tag met."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.tags: set[str] = set()
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def rendered(markdown_text: str) -> Cells:
    # Python-Markdown with tables, as a stand-in for GitHub's renderer: both read
    # numeric character references as text and `|` as a cell boundary.
    cells = Cells()
    cells.feed(markdown.markdown(markdown_text, extensions=["tables"]))
    return cells




# --- the table ----------------------------------------------------------------------------

def test_summary_table_lists_every_problem_beyond_ten():
    found = [problem("casestudies/a.md", n, 3, "E304", f"valeur « n{n} » hors vocabulaire") for n in range(1, 16)]
    text = format_summary(found, 1)
    cells = rendered(text)
    assert cells.rows[0] == HEADER
    assert cells.rows[1:] == [[f"casestudies/a.md:{n}:3", "E304", f"valeur « n{n} » hors vocabulaire"]
                              for n in range(1, 16)]
    assert "1 fichier vérifié, 15 erreurs, 0 avertissement." in text


def test_summary_without_problems_has_no_table():
    text = format_summary([], 3)
    assert "3 fichiers vérifiés, 0 erreur, 0 avertissement." in text
    assert "table" not in rendered(text).tags


def test_summary_cells_are_escaped():
    hostile = 'a | b <script>alert(1)</script> **gras** `code` [lien](javascript:x) &amp; ~~barré~~ $x$\nfin'
    cells = rendered(format_summary([problem("casestudies/x|y.md", 2, 1, "E311", hostile)], 1))
    # problems.py shows control characters (the line break) as U+000A before any format.
    assert cells.rows[1] == ["casestudies/x|y.md:2:1", "E311", hostile.replace("\n", "U+000A")]
    assert cells.tags <= {"h2", "p", "table", "thead", "tbody", "tr", "th", "td"}


# Any text a case study may hold (no control characters: the loader rejects them).
messages = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=80)


@given(messages, messages)
def test_summary_cell_shows_any_text_as_written(path: str, message: str):
    cells = rendered(format_summary([Problem(path, 4, 8, "E304", message)], 1))
    assert cells.tags <= {"h2", "p", "table", "thead", "tbody", "tr", "th", "td"}
    assert cells.rows[1] == [" ".join(f"{path}:4:8".split()), "E304", " ".join(message.split())]


# --- smg validate --format github ---------------------------------------------------------

def test_validate_appends_every_problem_to_the_job_summary(project: Path, tmp_path: Path):
    for n in range(12):
        (project / "casestudies" / f"cas-{n:02}.md").write_text(BAD_LEVEL, encoding="utf-8")
    target = tmp_path / "summary.md"
    target.write_text("## Étape précédente\n", encoding="utf-8")
    result = smg("--format", "github", env={"GITHUB_STEP_SUMMARY": str(target)})
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 12  # the annotations, unchanged
    text = target.read_text(encoding="utf-8")
    assert text.startswith("## Étape précédente\n")
    rows = rendered(text).rows
    assert rows[1:] == [[f"casestudies/cas-{n:02}.md:4:8", "E304", rows[1 + n][2]] for n in range(12)]
    assert all("« comune »" in row[2] for row in rows[1:])


def test_validate_without_summary_variable_writes_nothing(project: Path, tmp_path: Path):
    (project / "casestudies" / "cas.md").write_text(BAD_LEVEL, encoding="utf-8")
    result = smg("--format", "github")
    assert result.exit_code == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["casestudies"]


def test_text_format_never_writes_the_summary(project: Path, tmp_path: Path):
    (project / "casestudies" / "cas.md").write_text(BAD_LEVEL, encoding="utf-8")
    target = tmp_path / "summary.md"
    smg(env={"GITHUB_STEP_SUMMARY": str(target)})
    assert not target.exists()


def test_unwritable_summary_is_reported_in_french(project: Path, tmp_path: Path):
    (project / "casestudies" / "cas.md").write_text(BAD_LEVEL, encoding="utf-8")
    result = smg("--format", "github", env={"GITHUB_STEP_SUMMARY": str(tmp_path)})  # a folder
    assert result.exit_code == 1  # the problems decide the exit code, not the summary
    assert "Résumé de la tâche non écrit" in result.stderr
