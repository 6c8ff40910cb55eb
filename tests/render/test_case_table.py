"""The table of all case studies (/cas/) leaves out a column that no case study fills."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from generator.write.generate import generate

from ..sitekit import FIXTURES, make_project


def case_table(tmp_path: Path, population: bool) -> str:
    """/cas/ generated from the render fixtures, with or without Alpha's population (the only one)."""
    cases = tmp_path / "cas"
    shutil.copytree(FIXTURES / "render" / "casestudies", cases)
    alpha = cases / "alpha.md"
    line = "population: {value: 120000, source: etude-a}\n"
    assert line in alpha.read_text("utf-8")
    if not population:
        alpha.write_text(alpha.read_text("utf-8").replace(line, ""), "utf-8")
    project = make_project(tmp_path, cases, docs=False)
    outcome = generate(project)
    assert not outcome.failed, outcome.problems
    return (project.out_dir / "cas" / "index.md").read_text("utf-8")


def test_population_column_is_shown_when_a_case_has_one(tmp_path: Path) -> None:
    table = case_table(tmp_path, population=True)
    assert '<th scope="col" class="smg-priority-2" data-sort="number">Population</th>' in table
    assert '<td class="smg-priority-2" data-label="Population" data-value="120000">120\u202f000</td>' in table


def test_population_column_is_left_out_when_no_case_has_one(tmp_path: Path) -> None:
    table = case_table(tmp_path, population=False)
    assert "Population" not in table
    headers = len(re.findall(r'<th scope="col"', table))
    rows = re.findall(r"<tr data-level=.*?</tr>", table, re.S)
    assert rows and headers == 8
    assert all(row.count("<td") == headers for row in rows)
