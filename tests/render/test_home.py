"""The home page: its prose about the base is computed from the data, and the
« Entrer dans la base » block renders as separate lists."""

from __future__ import annotations

import re
from pathlib import Path

from generator.write.generate import generate

from ..sitekit import FIXTURES, make_project


def _home(tmp_path: Path, edit=None) -> str:
    project = make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)
    if edit is not None:
        edit(project.cases_dir)
    assert not generate(project).failed
    return (project.out_dir / "index.md").read_text(encoding="utf-8")


def test_figure_counts_follow_the_data(tmp_path: Path) -> None:
    # Published fixtures: alpha (abonnés 2011-06, fans undated), beta (two shares, fans 2011).
    home = _home(tmp_path)
    assert "**5** chiffres tirés des sources" in home
    assert "**3** d'audience" in home and "**2** d'adoption" in home
    assert "**4** datés par leur source, **1** sans date connue" in home
    assert "tous datés" not in home


def test_all_dated_only_when_every_figure_is(tmp_path: Path) -> None:
    def date_every_figure(cases: Path) -> None:
        alpha = cases / "alpha.md"
        alpha.write_text(alpha.read_text(encoding="utf-8").replace("as_of: null", "as_of: 2012"),
                         encoding="utf-8")

    home = _home(tmp_path, date_every_figure)
    assert "tous datés par leur source" in home and "sans date connue" not in home


def test_entry_block_is_separate_lists(tmp_path: Path) -> None:
    home = _home(tmp_path)
    block = home[home.index("## Entrer dans la base"):]
    for title in ("Par angle", "Par niveau", "Par plateforme", "Ou bien"):
        # A bold title, a blank line, then list items: Markdown makes a paragraph and a list.
        assert re.search(rf"\*\*{title}\*\*\n\n- \[", block), title


def test_no_sentence_claims_an_answer_the_data_does_not_show(tmp_path: Path) -> None:
    home = _home(tmp_path)
    assert "Aucune étude de cas ne montre encore une administration qui réponde aux usagers." in home


def test_answer_count_follows_the_practice(tmp_path: Path) -> None:
    def answer_users(cases: Path) -> None:
        alpha = cases / "alpha.md"
        text = alpha.read_text(encoding="utf-8")
        alpha.write_text(text.replace("practices: [comptes-thematiques,", "practices: [reponse-aux-usagers,"),
                         encoding="utf-8")

    home = _home(tmp_path, answer_users)
    assert "1 étude de cas montre une administration qui répond aux usagers" in home
    assert "Aucune étude de cas ne montre" not in home
