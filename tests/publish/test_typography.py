"""French typography applied to built pages: what changes, and what must never change."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.publish import typography
from generator.publish.typography import NBSP, NNBSP


@pytest.mark.parametrize("before, after", [
    ("Pourquoi ?", f"Pourquoi{NNBSP}?"),
    ("Attention !", f"Attention{NNBSP}!"),
    ("un ; deux", f"un{NNBSP}; deux"),
    ("Source : SMK", f"Source{NBSP}: SMK"),
    ("« Twitter »", f"«{NNBSP}Twitter{NNBSP}»"),
    ("75 000 fans", f"75{NBSP}000 fans"),
    ("1 400 000", f"1{NBSP}400{NBSP}000"),
    ("l'État", "l\u2019État"),
    ("aujourd&#39;hui", "aujourd\u2019hui"),
    (f"déjà{NBSP}?", f"déjà{NNBSP}?"),
])
def test_running_text(before: str, after: str) -> None:
    assert typography.text(before) == after


@pytest.mark.parametrize("unchanged", [
    "10:30", "https://exemple.fr/a?b=c", "E301: champ", "en 2010 2011", "2010 123 villes",
    "l' espace", "'guillemet'", "12'", "sans ponctuation",
])
def test_text_without_a_rule_stays(unchanged: str) -> None:
    assert typography.text(unchanged) == unchanged


def test_markup_attributes_comments_and_code_stay() -> None:
    page = ('<a href="/x ?a" title="Note : l\'État">Note : l\'État</a>'
            "<!-- a : b --><code>a : b</code><pre>x ? y</pre>"
            '<script>var a = "b : c ?"</script><style>a:hover { }</style><p>fin ?</p>')
    result = typography.html(page)
    assert f">Note{NBSP}: l\u2019État</a>" in result
    assert 'href="/x ?a" title="Note : l\'État"' in result
    for kept in ("<!-- a : b -->", "<code>a : b</code>", "<pre>x ? y</pre>",
                 '<script>var a = "b : c ?"</script>', "<style>a:hover { }</style>"):
        assert kept in result
    assert result.endswith(f"<p>fin{NNBSP}?</p>")


def test_apply_to_site_rewrites_only_html(tmp_path: Path) -> None:
    (tmp_path / "cas").mkdir()
    (tmp_path / "cas" / "index.html").write_text("<p>Pourquoi ?</p>", encoding="utf-8")
    (tmp_path / "donnees.csv").write_text("a ; b ?", encoding="utf-8")
    (tmp_path / "plain.html").write_text("<p>rien</p>", encoding="utf-8")
    assert typography.apply_to_site(tmp_path) == 1
    assert (tmp_path / "cas" / "index.html").read_text(encoding="utf-8") == f"<p>Pourquoi{NNBSP}?</p>"
    assert (tmp_path / "donnees.csv").read_text(encoding="utf-8") == "a ; b ?"
    assert not list(tmp_path.rglob("*.typo-tmp"))


def test_large_site_is_rewritten_on_every_core_with_the_same_result(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(typography, "PARALLEL_MIN_PAGES", 2)
    for index in range(5):
        (tmp_path / f"p{index}.html").write_text(f"<p>Page {index} : oui ?</p>", encoding="utf-8")
    assert typography.apply_to_site(tmp_path) == 5
    assert (tmp_path / "p3.html").read_text(encoding="utf-8") == f"<p>Page 3{NBSP}: oui{NNBSP}?</p>"
