"""`smg validate` end to end, through Click: formats, exit codes, default path."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.problems import CODES

from ..conftest import INVALID, VALID, replace_once
from ..conftest import smg_validate as smg

BAD_LEVEL = replace_once(VALID, "level: commune", "level: comune")  # E304 at 4:8
OLD_REVIEW = re.sub(r"last_reviewed: \S+", "last_reviewed: 2020-01-15", VALID)  # W701 at 35:16
TWO_ERRORS = replace_once(BAD_LEVEL, "country: FR", "country: fr")  # + E305 at 5:10




def add(project: Path, name: str, text: str | bytes = VALID) -> Path:
    path = project / "casestudies" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# --- text format ----------------------------------------------------------------------


def test_text_clean(project: Path) -> None:
    add(project, "rennes.md")
    result = smg()
    assert result.exit_code == 0
    assert result.stdout == "1 fichier vérifié, 0 erreur, 0 avertissement.\n"


def test_text_problems_and_summary(project: Path) -> None:
    add(project, "a.md")
    add(project, "b.md", TWO_ERRORS)
    result = smg()
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("casestudies/b.md:4:8: E304 niveau (level) : « comune » n'est pas")
    assert lines[1].startswith("casestudies/b.md:5:10: E305 pays (country) : « fr »")
    assert lines[2] == "2 fichiers vérifiés, 2 erreurs, 0 avertissement."
    assert len(lines) == 3


def test_text_plural_summary_with_warnings(project: Path) -> None:
    add(project, "a.md", OLD_REVIEW)
    add(project, "b.md", OLD_REVIEW)
    add(project, "c.md", BAD_LEVEL)
    result = smg()
    assert result.stdout.splitlines()[-1] == "3 fichiers vérifiés, 1 erreur, 2 avertissements."
    assert "casestudies/a.md:35:16: W701 " in result.stdout


# --- json format ------------------------------------------------------------------------


def test_json_counts_and_problems(project: Path) -> None:
    add(project, "a.md", OLD_REVIEW)
    add(project, "b.md", TWO_ERRORS)
    add(project, "c.md")
    result = smg("--format", "json")
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert (payload["files"], payload["errors"], payload["warnings"]) == (3, 2, 1)
    found = [(p["path"], p["line"], p["column"], p["code"], p["severity"]) for p in payload["problems"]]
    assert found == [
        ("casestudies/a.md", 35, 16, "W701", "warning"),
        ("casestudies/b.md", 4, 8, "E304", "error"),
        ("casestudies/b.md", 5, 10, "E305", "error"),
    ]
    for item in payload["problems"]:
        assert item["title"] == CODES[item["code"]]
        assert item["message"]


def test_json_clean(project: Path) -> None:
    add(project, "a.md")
    result = smg("--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"files": 1, "errors": 0, "warnings": 0, "problems": []}


# --- github format ------------------------------------------------------------------------


def test_github_annotations(project: Path) -> None:
    add(project, "a.md", OLD_REVIEW)
    add(project, "b.md", BAD_LEVEL)
    result = smg("--format", "github")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("::warning file=casestudies/a.md,line=35,col=16,title=W701 relecture ancienne::")
    assert lines[1].startswith("::error file=casestudies/b.md,line=4,col=8,title=E304 valeur hors vocabulaire::")
    assert "« comune »" in lines[1]
    # The summary goes to stderr, so that stdout holds workflow commands only.
    assert result.stderr == "2 fichiers vérifiés, 1 erreur, 1 avertissement.\n"


def test_github_escapes_properties(project: Path) -> None:
    add(project, "a,b:c.md")  # E106; a comma or a colon would end the property
    result = smg("--format", "github")
    (line,) = result.stdout.splitlines()
    assert line.startswith("::error file=casestudies/a%2Cb%3Ac.md,line=1,col=1,title=E106 nom de fichier invalide::")


def test_github_every_line_is_a_workflow_command(project: Path) -> None:
    for fixture in INVALID.glob("*.md"):
        add(project, fixture.name.lower(), fixture.read_bytes())
    result = smg("--format", "github")
    lines = result.stdout.splitlines()
    assert len(lines) >= len(list(INVALID.glob("*.md")))
    pattern = re.compile(r"::(error|warning) file=casestudies/[a-z0-9-]+\.md,line=[1-9]\d*,col=[1-9]\d*,"
                         r"title=[EW]\d{3} [^:,\n]+::[^\n]+")
    for line in lines:
        assert pattern.fullmatch(line), line


# --- exit codes -------------------------------------------------------------------------------


def test_warning_only_exits_0_unless_strict(project: Path) -> None:
    add(project, "a.md", OLD_REVIEW)
    assert smg().exit_code == 0
    strict = smg("--strict")
    assert strict.exit_code == 1
    assert "W701" in strict.stdout


def test_committed_w701_fixture_exits_0_unless_strict(project: Path) -> None:
    add(project, "w701-old-review.md", (INVALID / "W701-old-review.md").read_bytes())
    assert smg().exit_code == 0
    assert smg("--strict").exit_code == 1


def test_strict_clean_exits_0(project: Path) -> None:
    add(project, "a.md")
    assert smg("--strict").exit_code == 0


def test_nonexistent_path_is_a_usage_error(project: Path) -> None:
    result = smg("casestudies/absent.md")
    assert result.exit_code == 2
    assert "absent.md" in result.output


def test_empty_directory_is_a_usage_error(project: Path) -> None:
    result = smg("casestudies")
    assert result.exit_code == 2
    assert "aucun fichier .md à vérifier" in result.output


def test_directory_without_markdown_is_a_usage_error(project: Path) -> None:
    (project / "casestudies" / "notes.txt").write_text("rien", encoding="utf-8")
    (project / "casestudies" / "dossier.md").mkdir()
    assert smg().exit_code == 2


def test_unknown_format_is_a_usage_error(project: Path) -> None:
    add(project, "a.md")
    assert smg("--format", "xml").exit_code == 2


def test_missing_default_folder_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = smg()
    assert result.exit_code == 2
    assert "casestudies" in result.output and "n'existe pas" in result.output


# --- several files, default path -------------------------------------------------------------


def test_default_path_is_casestudies(project: Path) -> None:
    add(project, "rennes.md", BAD_LEVEL)
    (project / "ailleurs.md").write_text(BAD_LEVEL, encoding="utf-8")  # not in casestudies/
    result = smg()
    assert result.stdout.splitlines()[0].startswith("casestudies/rennes.md:4:8: E304 ")
    assert "ailleurs" not in result.stdout
    assert result.stdout.endswith("1 fichier vérifié, 1 erreur, 0 avertissement.\n")


def test_subfolders_are_not_searched(project: Path) -> None:
    add(project, "a.md")
    add(project, "brouillons/b.md", BAD_LEVEL)
    assert smg().exit_code == 0


def test_all_problems_of_all_files_in_one_run(project: Path) -> None:
    fixtures = sorted(INVALID.glob("*.md"))
    for fixture in fixtures:
        add(project, fixture.name.lower(), fixture.read_bytes())
    result = smg("--format", "json")
    payload = json.loads(result.stdout)
    assert payload["files"] == len(fixtures)
    reported = {(Path(p["path"]).name, p["code"]) for p in payload["problems"]}
    for fixture in fixtures:
        code = fixture.name.split("-", 1)[0]
        assert (fixture.name.lower(), code) in reported, fixture.name
    assert result.exit_code == 1


def test_files_and_folders_as_arguments(project: Path) -> None:
    add(project, "a.md", BAD_LEVEL)
    other = project / "autres"
    other.mkdir()
    (other / "b.md").write_text(TWO_ERRORS, encoding="utf-8")
    (other / "c.md").write_text(VALID, encoding="utf-8")
    result = smg("casestudies/a.md", "autres")
    assert result.exit_code == 1
    # Problems come sorted by file, then line and column.
    assert [line.split(" ")[0] for line in result.stdout.splitlines()[:-1]] == [
        "autres/b.md:4:8:", "autres/b.md:5:10:", "casestudies/a.md:4:8:",
    ]
    assert result.stdout.splitlines()[-1] == "3 fichiers vérifiés, 3 erreurs, 0 avertissement."


def test_related_may_point_at_a_file_not_checked(project: Path) -> None:
    add(project, "nantes.md")
    rennes = add(project, "rennes.md", replace_once(VALID, "related: []", "related: [nantes]"))
    assert smg(str(rennes.relative_to(project))).exit_code == 0
    broken = replace_once(VALID, "related: []", "related: [nante]")
    add(project, "rennes.md", broken)
    result = smg("casestudies/rennes.md")
    assert result.exit_code == 1
    assert "casestudies/rennes.md:32:11: E402 " in result.stdout
    assert "Vouliez-vous dire « nantes » ?" in result.stdout


def test_same_slug_in_two_folders(project: Path) -> None:
    add(project, "rennes.md")
    (project / "autres").mkdir()
    (project / "autres" / "rennes.md").write_text(VALID, encoding="utf-8")
    result = smg("casestudies", "autres")
    assert result.exit_code == 1
    assert result.stdout.startswith("autres/rennes.md:1:1: E401 ")


@pytest.mark.parametrize("content", [
    b"\xff\xfe\x00\x00garbage", b"---\n" + b"[" * 200_000, b"---\n\x00\x01\x02\n---\n",
    b"---\na: !!python/object/apply:os.system [\"echo x\"]\n---\n", b"\r\r\r", b"---\r\n---\r\n",
    b"---\n: : :\n---\n" + b"<script>" * 1000,
])
def test_no_traceback_on_garbage(content: bytes, project: Path) -> None:
    add(project, "x.md", content)
    for output in ("text", "json", "github"):
        assert smg("--format", output).exit_code == 1  # smg() checks there is no traceback


def test_help_is_french(project: Path) -> None:
    result = smg("--help")
    assert result.exit_code == 0
    assert "Vérifie les études de cas" in result.output


@pytest.mark.parametrize("encode", [
    lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
    lambda text: text.replace("\n", "\r\n").encode("utf-8"),
    lambda text: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"),
], ids=["bom", "crlf", "bom-crlf"])
def test_bom_and_crlf_files(encode, project: Path) -> None:
    add(project, "a.md", encode(VALID))
    assert smg().exit_code == 0
    add(project, "a.md", encode(BAD_LEVEL.replace("## Contexte", "## Contexte <iframe>")))
    result = smg()
    assert result.exit_code == 1
    assert [line.split(" ")[0] for line in result.stdout.splitlines()[:-1]] == [
        "casestudies/a.md:4:8:", "casestudies/a.md:38:13:",
    ]
