"""The preview's page of a case study still being written (render/preview.py): its
problems in a banner, its text as safe as a published one, whatever its front matter."""

from __future__ import annotations

from pathlib import Path

from generator.load import load
from generator.problems import problem
from generator.render.preview import preview_page


def _record(tmp_path: Path, text: str):
    path = tmp_path / "casestudies" / "essai.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return load.load_paths([path], root=tmp_path)[0]


def test_banner_lists_the_problems_in_line_order_and_the_text_is_cleaned(tmp_path: Path) -> None:
    record = _record(tmp_path, '---\ntitle: "Essai [x](javascript:alert(1))"\n---\n\n## Contexte\n\n'
                               "Texte <script>alert(2)</script> **gras**.\n")
    problems = [problem("casestudies/essai.md", 9, 2, "E302", "« à » <b>deux</b>"),
                problem("casestudies/essai.md", 3, 1, "E301", "premier")]
    page = preview_page(record, problems)
    assert page.index("ligne 3, colonne 1 : E301 premier") < page.index("ligne 9, colonne 2 : E302")
    assert "<b>deux</b>" not in page and "&lt;b&gt;deux&lt;/b&gt;" in page
    assert "<script>" not in page and "<strong>gras</strong>" in page
    assert "](javascript:" not in page.split("---", 2)[2]  # the title is text, not a link
    assert "### Contexte" in page  # the narrative sits under the page's sections, as published
    assert "noindex: true" in page and "<code>casestudies/essai.md</code>" in page


def test_a_front_matter_that_does_not_read_still_gives_a_page(tmp_path: Path) -> None:
    record = _record(tmp_path, "---\ntitle: [\n---\n\nTexte.\n")
    page = preview_page(record, [problem("casestudies/essai.md", 2, 8, "E201", "YAML illisible")])
    assert page.startswith('---\ntitle: "essai"') and "# essai" in page
    assert "ne peut pas encore être affiché" in page
