"""The build reads only the project: links and special files refused (E107), files in
unexpected places reported (W702), never a link's target printed or read."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.check.project import check as check_project
from generator.cli import commands as cli
from generator.load import files
from generator.load.load import load_file
from generator.project.project import Project
from generator.write import files as write
from generator.write.generate import generate

from ..conftest import VALID
from ..sitekit import FIXTURES, make_project

SECRET = "contenu-secret-hors-du-projet"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A file outside the project whose name and content must never show."""
    secret = tmp_path / "ailleurs" / "secret-cible.txt"
    secret.parent.mkdir()
    secret.write_text(f"{SECRET}\n", encoding="utf-8")
    return secret


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)


def problems_of(project: Project) -> list:
    outcome, _ = check_project(project)
    return outcome.problems


def assert_never_shown(found: list, secret: Path) -> None:
    for item in found:
        assert SECRET not in item.message and secret.name not in item.message
        assert str(secret.parent) not in item.message and secret.name not in item.path


@pytest.mark.parametrize("place", ["casestudies/lien.md", "docs/fuite.txt", "docs/guides/lien.md",
                                   "docs/sous/dossier/lien.css", "curricula/lien.md",
                                   "casestudies/comparaisons.yml", "generator/theme/main.html"])
def test_link_is_refused_and_its_target_never_shown(place: str, project: Project,
                                                    outside: Path) -> None:
    link = project.root / place
    link.parent.mkdir(parents=True, exist_ok=True)
    link.unlink(missing_ok=True)
    link.symlink_to(outside)
    found = problems_of(project)
    assert [(p.path, p.code) for p in found if p.code == "E107"] == [(place, "E107")]
    assert "lien symbolique" in next(p.message for p in found if p.code == "E107")
    assert_never_shown(found, outside)
    assert generate(project).failed
    assert not project.out_dir.exists() or not any(
        SECRET in p.read_text(errors="replace") for p in project.out_dir.rglob("*") if p.is_file())


def test_link_inside_the_project_does_not_show_its_target_either(project: Project) -> None:
    target = project.root / "docs" / "prive-cible.md"
    target.write_text("# Privé\n", encoding="utf-8")
    (project.cases_dir / "lien.md").symlink_to(target)
    found = problems_of(project)
    assert [p.path for p in found if p.code == "E107"] == ["casestudies/lien.md"]
    assert all("prive-cible" not in p.message and "prive-cible" not in p.path for p in found)


@pytest.mark.parametrize("folder", ["docs", "casestudies", "curricula", "generator/theme", "docs/guides"])
def test_linked_folder_is_refused_not_entered(folder: str, project: Project, tmp_path: Path) -> None:
    elsewhere = tmp_path / "ailleurs-dossier"
    elsewhere.mkdir()
    (elsewhere / "secret-cible.md").write_text(VALID, encoding="utf-8")
    path = project.root / folder
    if path.exists():
        os.rename(path, tmp_path / "mis-de-cote")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(elsewhere, target_is_directory=True)
    found = problems_of(project)
    assert (folder, "E107") in [(p.path, p.code) for p in found]
    assert all("secret-cible" not in p.path and "ailleurs" not in p.message for p in found)


def test_fifo_is_refused_without_blocking(project: Project) -> None:
    os.mkfifo(project.cases_dir / "tube.md")  # reading it would wait forever
    os.mkfifo(project.docs_dir / "tube.txt")
    found = [p for p in problems_of(project) if p.code == "E107"]
    assert [p.path for p in found] == ["casestudies/tube.md", "docs/tube.txt"]
    assert all("tube nommé" in p.message for p in found)
    assert write.read_tree(project.docs_dir) == {}


def test_socket_is_refused(project: Project) -> None:
    server = socket.socket(socket.AF_UNIX)
    path = project.docs_dir / "s.sock"
    try:
        server.bind(str(path))
    except OSError as error:  # pragma: no cover - path too long for AF_UNIX on some systems
        pytest.skip(f"cannot bind a socket here: {error}")
    try:
        found = [p for p in problems_of(project) if p.code == "E107"]
        assert [(p.path, "socket" in p.message) for p in found] == [("docs/s.sock", True)]
    finally:
        server.close()


def test_device_kind_is_named() -> None:
    import stat
    assert files.special_kind(stat.S_IFCHR) == "un fichier de périphérique"
    assert files.special_kind(stat.S_IFBLK) == "un fichier de périphérique"
    assert files.special_kind(stat.S_IFREG) == "" and files.special_kind(stat.S_IFDIR) == ""


def test_device_file_is_refused_when_loaded() -> None:
    if not os.path.exists("/dev/null"):
        pytest.skip("no /dev/null")
    record = load_file(Path("/dev/null"), "casestudies/null.md")
    (refused,) = [p for p in record.problems if p.code == "E107"]  # E106 too: not a .md name
    assert "périphérique" in refused.message


def test_link_swapped_in_after_the_check_is_not_followed(tmp_path: Path, outside: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """O_NOFOLLOW: a race between lstat and open still refuses the link."""
    path = tmp_path / "cas.md"
    path.symlink_to(outside)
    real_lstat = os.lstat
    monkeypatch.setattr(files.os, "lstat", lambda p, *a, **k: real_lstat(outside))  # the check is fooled
    with pytest.raises(files.NotRegular):
        files.read_regular(path)


def test_regular_files_are_read() -> None:
    assert files.read_regular(Path(__file__), 6) == b'"""The'


def test_hand_written_files_are_still_copied(project: Project) -> None:
    (project.docs_dir / "aide").mkdir()
    (project.docs_dir / "aide" / "page.md").write_text("# Aide\n", encoding="utf-8")
    (project.docs_dir / "image.png").write_bytes(b"\x89PNG")
    assert write.read_tree(project.docs_dir) == {"aide/page.md": b"# Aide\n", "image.png": b"\x89PNG"}
    assert [p for p in problems_of(project) if not p.code.startswith("W701")] == []


@pytest.mark.parametrize("place, hint", [
    ("casestudies/notes.txt", "ne contient que des études de cas"),
    ("casestudies/sub/x.md", "pas ceux de casestudies/sub/"),
    ("casestudies/rennes.markdown", "ne contient que des études de cas"),
    ("curricula/x.txt", "ne contient que des modules"),
    ("curricula/ancien/module.md", "pas ceux de curricula/ancien/"),
])
def test_unexpected_file_is_a_warning(place: str, hint: str, project: Project) -> None:
    path = project.root / place
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(VALID, encoding="utf-8")
    found = [p for p in problems_of(project) if p.code == "W702"]
    assert [(p.path, p.severity) for p in found] == [(place, "warning")]
    assert hint in found[0].message
    assert not generate(project).failed  # a warning: the build goes on


def test_expected_files_give_no_warning(project: Project) -> None:
    (project.modules_dir).mkdir(exist_ok=True)
    assert [p for p in problems_of(project) if p.code in ("W702", "E107")] == []


def test_smg_validate_reports_links_and_unexpected_files(project: Project, outside: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    (project.docs_dir / "fuite.txt").symlink_to(outside)
    (project.cases_dir / "lien.md").symlink_to(outside)
    (project.cases_dir / "notes.txt").write_text("x", encoding="utf-8")
    monkeypatch.chdir(project.root)
    result = CliRunner().invoke(cli.main, ["validate"])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if "E107" in line or "W702" in line]
    assert [line.split(":")[0] for line in lines] == ["casestudies/lien.md", "casestudies/notes.txt",
                                                      "docs/fuite.txt"]
    assert SECRET not in result.output and outside.name not in result.output
    # A link named on the command line is refused too.
    result = CliRunner().invoke(cli.main, ["validate", "casestudies/lien.md"])
    assert result.exit_code == 1 and "E107" in result.output and SECRET not in result.output


def test_read_tree_leaves_out_a_link_that_appears_after_validation(tmp_path: Path, outside: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "page.md").write_text("# Page\n", encoding="utf-8")
    (docs / "fuite.txt").symlink_to(outside)
    (docs / "dossier").symlink_to(outside.parent, target_is_directory=True)
    assert write.read_tree(docs) == {"page.md": b"# Page\n"}


def test_file_names_that_are_not_printable_are_shown_safely(project: Project,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    os.close(os.open(os.fsencode(project.cases_dir) + b"/caf\xe9.txt", os.O_CREAT | os.O_WRONLY))
    (project.cases_dir / "\x1b[2Jnotes.txt").write_text("x", encoding="utf-8")
    monkeypatch.chdir(project.root)
    result = CliRunner().invoke(cli.main, ["validate"])
    warned = [line.split(":")[0] for line in result.output.splitlines() if "W702" in line]
    assert warned == ["casestudies/U+001B[2Jnotes.txt", "casestudies/caf\\xe9.txt"]
    assert "\x1b" not in result.output
