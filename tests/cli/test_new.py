"""`smg new`: a scaffold with every field, rejected until its placeholders are filled."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.check.record import validate
from generator.cli import scaffold
from generator.cli.commands import main
from generator.load import load

OPTIONS = ["--administration", "Ville de Rennes", "--level", "commune", "--country", "FR",
           "--title", "Rennes : Twitter pour gagner en visibilité"]

# What a contributor writes in place of each placeholder (line prefix -> replacement line).
FILLED = {
    '  start: "À COMPLÉTER': "  start: 2010",
    "  end:": "  end: 2010",  # open, it would need a source dated after 2010 (W703)
    '  - platform: "À COMPLÉTER': "  - platform: twitter",
    'angles: ["À COMPLÉTER': "angles: [communication]",
    'summary: "À COMPLÉTER': "summary: En 2010, Rennes utilise Twitter pour gagner en visibilité.",
    '  - "À COMPLÉTER : une bonne pratique': "  - Relayer le site de la ville par un compte municipal.",
    '    title: "À COMPLÉTER': '    title: "Twitter et territoires, nouveau canal de relation pour les collectivités"',
    '    author: "À COMPLÉTER': "    author: Anthony Poncier",
    '    date: "À COMPLÉTER': "    date: 2010-07-05",
    '    url: "À COMPLÉTER': "    url: https://www.exemple.fr/twitter-et-territoires",
    '    kind: "À COMPLÉTER': "    kind: presse",
    "À COMPLÉTER : la situation": "Rennes communique sur Twitter[^source-1].",
    "À COMPLÉTER : ce qui a été fait": "Un compte municipal relaie le site de la ville.",
    "À COMPLÉTER : ce que les sources rapportent": "La source ne donne pas de chiffre.",
}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "casestudies").mkdir()
    return tmp_path


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, ["new", *args], input=input)


def problems_of(path: Path):
    return validate(load.load_paths([path])).problems


def test_options_write_a_scaffold_that_validate_rejects(project: Path) -> None:
    result = run(*OPTIONS)
    assert result.exit_code == 0, result.output
    target = project / "casestudies" / "ville-de-rennes.md"
    assert "Étude de cas créée : casestudies/ville-de-rennes.md" in result.output
    assert "smg validate casestudies/ville-de-rennes.md" in result.output
    found = problems_of(target)
    assert found and {p.code for p in found} == {"E601"}
    text = target.read_text(encoding="utf-8")
    for field in ("title", "administration", "level", "country", "population", "period", "dating", "platforms",
                  "angles", "practices", "summary", "lessons", "sources", "charter", "related", "tags", "status",
                  "last_reviewed", "contributors", "aliases"):
        assert re.search(rf"^{field}:", text, re.MULTILINE), field
    assert "## Contexte" in text and "## Démarche" in text and "## Constats" in text


def test_filling_the_placeholders_gives_a_valid_file(project: Path) -> None:
    run(*OPTIONS)
    target = project / "casestudies" / "ville-de-rennes.md"
    lines = []
    for line in target.read_text(encoding="utf-8").splitlines():
        replacement = next((new for prefix, new in FILLED.items() if line.startswith(prefix)), line)
        lines.append(replacement)
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert problems_of(target) == []


def test_interactive_questions_in_order(project: Path) -> None:
    answers = "Ville de Nantes\ncommune\nfr\nNantes : des comptes thématiques\n\n"
    result = run(input=answers)
    assert result.exit_code == 0, result.output
    assert result.output.index("Administration") < result.output.index("Niveau") < result.output.index("Pays")
    assert result.output.index("Pays") < result.output.index("Titre") < result.output.index("Identifiant")
    assert "[ville-de-nantes]" in result.output
    data = load.load_file(project / "casestudies" / "ville-de-nantes.md").data
    assert data["country"] == "FR" and data["administration"] == "Ville de Nantes"


def test_interactive_asks_again_for_a_bad_country_and_accepts_a_chosen_slug(project: Path) -> None:
    result = run(input="Région Exemple\nregion\nFrance\nFR\nUn titre\nregion-exemple-2010\n")
    assert result.exit_code == 0, result.output
    assert "n'est pas un code pays" in result.output
    assert (project / "casestudies" / "region-exemple-2010.md").is_file()


def test_values_are_stored_literally(project: Path) -> None:
    title = 'Titre : avec # dièse, "guillemets" et « chevrons » {{ x }}'
    result = run("--administration", "Ville d'Exemple: test", "--level", "commune", "--country", "FR",
                 "--title", title)
    assert result.exit_code == 0, result.output
    data = load.load_file(project / "casestudies" / "ville-d-exemple-test.md").data
    assert data["title"] == title and data["administration"] == "Ville d'Exemple: test"


def test_never_overwrites(project: Path) -> None:
    target = project / "casestudies" / "ville-de-rennes.md"
    target.write_text("mon travail\n", encoding="utf-8")
    result = run(*OPTIONS, "--slug", "ville-de-rennes")
    assert result.exit_code == 1
    assert "existe déjà" in result.output and "Traceback" not in result.output
    assert target.read_text(encoding="utf-8") == "mon travail\n"
    # Without --slug, the identifier proposed is a free one.
    result = run(*OPTIONS)
    assert result.exit_code == 0 and (project / "casestudies" / "ville-de-rennes-2.md").is_file()
    assert target.read_text(encoding="utf-8") == "mon travail\n"


@pytest.mark.parametrize(("slug", "why"), [("Rennes", "invalide"), ("rennes_ville", "invalide"),
                                          ("-rennes", "invalide"),
                                          ("par-niveau", "réservé : l'adresse /cas/par-niveau/")])
def test_bad_or_reserved_slug_is_refused_for_its_reason(project: Path, slug: str, why: str) -> None:
    result = run(*OPTIONS, "--slug", slug)
    assert result.exit_code == 1 and why in result.output
    assert not list((project / "casestudies").iterdir())


def test_a_refused_identifier_is_asked_again_and_the_other_answers_kept(project: Path) -> None:
    (project / "casestudies" / "ancienne.md").write_text("---\naliases: [rennes-ancien]\n---\n", encoding="utf-8")
    answers = "Ville de Rennes\ncommune\nFR\nRennes : Twitter\npar-niveau\nancienne\nrennes-ancien\nrennes-twitter\n"
    result = run(input=answers)
    assert result.exit_code == 0, result.output
    refusals = [line for line in result.output.splitlines() if "Erreur : " in line]
    assert len(refusals) == 3
    assert "réservé" in refusals[0] and "existe déjà" in refusals[1] and "alias" in refusals[2]
    text = (project / "casestudies" / "rennes-twitter.md").read_text(encoding="utf-8")
    assert 'title: "Rennes : Twitter"' in text and 'administration: "Ville de Rennes"' in text
    assert "level: commune" in text and "country: FR" in text


def test_panorama_scaffold_asks_for_coverage(project: Path) -> None:
    run("--administration", "Grandes villes", "--level", "panorama", "--country", "FR", "--title", "Panorama")
    text = (project / "casestudies" / "grandes-villes.md").read_text(encoding="utf-8")
    assert "coverage:" in text


def test_unknown_level_is_a_usage_error(project: Path) -> None:
    result = run("--administration", "X", "--level", "ville", "--country", "FR", "--title", "T")
    assert result.exit_code == 2


def test_a_scaffold_that_would_not_read_back_is_never_written(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    # As if the template forgot to quote the title: the text is read back with the same
    # reader as `smg validate` (python-frontmatter with smg's handler) before writing.
    unquoted = scaffold.render_scaffold

    def broken(slug: str, **fields: str) -> str:
        return unquoted(slug, **fields).replace('title: "Rennes : la ville"', "title: Rennes : la ville", 1)

    monkeypatch.setattr(scaffold, "render_scaffold", broken)
    with pytest.raises(scaffold.ScaffoldError, match="illisible"):
        scaffold.create(tmp_path / "casestudies", "rennes", title="Rennes : la ville",
                        administration="Ville de Rennes", level="commune", country="FR")
    assert not (tmp_path / "casestudies" / "rennes.md").exists()


def test_the_scaffold_has_every_field_of_the_schema() -> None:
    # The scaffold is written by hand for its comments: this is the check that it follows
    # the model (a new field in generator/format/models.py must appear in smg new's file).
    from generator.format.models import CaseStudy, Coverage, Period, PlatformUse, Source

    text = scaffold.render_scaffold("ville", title="Ville", administration="Ville", level="panorama",
                                    country="FR")
    data = load.HANDLER.load(load.HANDLER.split(text)[0])
    assert list(data) == list(CaseStudy.model_fields)
    assert set(data["period"]) == set(Period.model_fields)
    assert set(data["coverage"]) == set(Coverage.model_fields)
    assert set(data["platforms"][0]) == set(PlatformUse.model_fields)
    assert set(data["sources"][0]) == set(Source.model_fields)
