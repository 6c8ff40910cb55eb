"""Every `smg` command run as a contributor runs it, on a copy of the project, with the
exit codes the README promises: 0 all is well, 1 problems found, 2 usage error."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator import layout
from generator.cli.commands import main
from generator.project.project import Project

from ..sitekit import ROOT, make_project, snapshot

SMG = Path(sys.executable).parent / "smg"  # the console script of this environment
COMMANDS = {"validate", "generate", "build", "serve", "new", "check-urls", "champs"}


def smg(*args: str, input: str | None = None) -> Result:
    """`smg ARGS` through Click in the current directory; never a traceback."""
    result = CliRunner().invoke(main, list(args), input=input)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    """A copy of the real project (case studies, pages, training modules), as the current directory."""
    copy = make_project(tmp_path, curricula=True)
    monkeypatch.chdir(copy.root)
    return copy


def break_case(project: Project, slug: str = "rennes") -> None:
    path = project.cases_dir / f"{slug}.md"
    text = path.read_text(encoding="utf-8")
    assert text.count("level: commune") == 1
    path.write_text(text.replace("level: commune", "level: comune"), encoding="utf-8")


def test_every_command_is_tested_here() -> None:
    assert set(main.commands) == COMMANDS


# --- validate ---------------------------------------------------------------------------


def test_validate_whole_project(project: Project) -> None:
    assert smg("validate").exit_code == 0
    break_case(project)
    result = smg("validate")
    assert result.exit_code == 1
    assert result.stdout.startswith("casestudies/rennes.md:4:8: E304 ")
    assert smg("validate", "casestudies/absent.md").exit_code == 2
    assert smg("validate", "--format", "yaml").exit_code == 2


def test_validate_through_the_console_script(project: Project) -> None:
    """The installed `smg` entry point, in a real process."""
    run = subprocess.run([str(SMG), "validate"], cwd=project.root, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    break_case(project)
    run = subprocess.run([str(SMG), "validate", "--format", "json"], cwd=project.root, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 1
    first = json.loads(run.stdout)["problems"][0]
    assert (first["path"], first["line"], first["code"]) == ("casestudies/rennes.md", 4, "E304")
    run = subprocess.run([str(SMG), "validate", "--bogus"], cwd=project.root, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 2 and "Traceback" not in run.stderr


# --- generate ----------------------------------------------------------------------------


def test_generate_writes_pages_then_nothing_on_an_invalid_case(project: Project) -> None:
    result = smg("generate")
    assert result.exit_code == 0, result.output
    assert (project.out_dir / layout.written("cas/rennes.md")).is_file()
    before = snapshot(project.out_dir)
    break_case(project)
    result = smg("generate")
    assert result.exit_code == 1
    assert "Rien n'a été écrit" in result.stderr
    assert snapshot(project.out_dir) == before


def test_generate_on_an_invalid_case_creates_no_tree(project: Project) -> None:
    break_case(project)
    assert smg("generate").exit_code == 1
    assert not project.out_dir.exists()


# --- build --------------------------------------------------------------------------------


def test_build_then_invalid_case_leaves_site_untouched(project: Project) -> None:
    result = smg("build", "--no-offline")
    assert result.exit_code == 0, result.output
    assert (project.site_dir / "cas" / "rennes" / "index.html").is_file()
    site, generated = snapshot(project.site_dir), snapshot(project.out_dir)
    break_case(project)
    result = smg("build", "--no-offline")
    assert result.exit_code == 1
    assert "casestudies/rennes.md:4:8: E304 " in result.stdout
    assert snapshot(project.site_dir) == site
    assert snapshot(project.out_dir) == generated


def test_build_on_an_invalid_case_creates_no_site(project: Project) -> None:
    break_case(project)
    assert smg("build").exit_code == 1
    assert not project.site_dir.exists()
    assert not (project.root / "build" / "site.tmp").exists()


def test_build_usage_error() -> None:
    assert smg("build", "--bogus").exit_code == 2


# --- commands that need the project folder --------------------------------------------------


@pytest.mark.parametrize("args", [["generate"], ["build"], ["serve"], ["check-urls", "urls.json"]])
def test_outside_the_project_is_a_usage_error(args: list[str], tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "urls.json").write_text('{"pages": [], "redirects": {}}', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = smg(*args)
    assert result.exit_code == 2
    assert "mkdocs.yml" in result.output


# --- new ------------------------------------------------------------------------------------


NEW = ["new", "--administration", "Ville d'Essai", "--level", "commune", "--country", "FR", "--title", "Essai"]


def test_new_then_validate(project: Project) -> None:
    result = smg(*NEW)
    assert result.exit_code == 0, result.output
    target = project.cases_dir / "ville-d-essai.md"
    assert target.is_file()
    assert smg("validate", str(target.relative_to(project.root))).exit_code == 1  # placeholders left
    assert smg(*NEW, "--slug", "ville-d-essai").exit_code == 1  # never overwrites…
    assert smg(*NEW).exit_code == 0 and (project.cases_dir / "ville-d-essai-2.md").is_file()  # …proposes another
    assert smg("new", "--level", "ville", "--administration", "X", "--country", "FR",
               "--title", "T").exit_code == 2


# --- check-urls -------------------------------------------------------------------------------


def test_check_urls_exit_codes(project: Project, tmp_path: Path) -> None:
    assert smg("generate").exit_code == 0
    old = tmp_path / "ancien.json"
    shutil.copy(project.out_dir / "urls.json", old)
    result = smg("check-urls", str(old))
    assert result.exit_code == 0, result.output
    data = json.loads(old.read_text(encoding="utf-8"))
    data["pages"].append("cas/disparue/")
    old.write_text(json.dumps(data), encoding="utf-8")
    result = smg("check-urls", str(old))
    assert result.exit_code == 1
    assert "adresse cassée : /cas/disparue/" in result.stdout
    assert smg("check-urls").exit_code == 2
    old.write_text("pas du json", encoding="utf-8")
    assert smg("check-urls", str(old)).exit_code == 2
    break_case(project)
    shutil.copy(project.out_dir / "urls.json", old)
    assert smg("check-urls", str(old)).exit_code == 1  # the regeneration finds the error


# --- serve (a smoke test: starts, answers, stops) -----------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, deadline: float) -> str | None:
    """The page at `url`, asked again until the server answers or the deadline passes."""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            time.sleep(0.3)
    return None


def test_serve_starts_answers_and_stops(project: Project, tmp_path: Path) -> None:
    address = f"127.0.0.1:{_free_port()}"
    log = tmp_path / "serve.log"
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen([str(SMG), "serve", "--dev-addr", address], cwd=project.root,
                                   stdout=output, stderr=subprocess.STDOUT,
                                   env=os.environ | {"PYTHONUNBUFFERED": "1"})
        try:
            page = _get(f"http://{address}/base-de-connaissances/cas/rennes/", time.monotonic() + 120)
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    text = log.read_text(encoding="utf-8")
    assert page is not None and "Rennes" in page, text
    assert "Lecture et vérification de" in text
    assert "Traceback" not in text


def test_system_errors_end_in_one_french_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # casestudies is a file: writing the new case study fails in the system, not in smg.
    (tmp_path / "casestudies").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["new", "--administration", "Ville de Rennes", "--level", "commune",
                                       "--country", "FR", "--title", "Rennes"])
    assert result.exit_code == 1
    assert result.stderr.strip() == "Erreur du système : casestudies : un fichier de ce nom existe déjà."
    assert "Traceback" not in result.output


# --- champs -----------------------------------------------------------------------------


def test_champs_keeps_contributing_current(project: Project) -> None:
    """The copy of the project has an up-to-date field reference: --check says so (exit 0)."""
    (project.root / "CONTRIBUTING.md").write_bytes((ROOT / "CONTRIBUTING.md").read_bytes())
    result = smg("champs", "--check")
    assert result.exit_code == 0 and "est à jour" in result.output


def test_ctrl_c_while_smg_starts_is_one_french_line_and_130() -> None:
    """Ctrl-C while the commands load (before Boundary exists): as if the import of the
    commands were interrupted."""
    script = ("import sys\n"
              "class Interrupt:\n"
              "    @staticmethod\n"
              "    def find_spec(name, path=None, target=None):\n"
              "        if name == 'generator.cli.commands':\n"
              "            raise KeyboardInterrupt\n"
              "sys.meta_path.insert(0, Interrupt)\n"
              "from generator.cli import main\n"
              "main()\n")
    result = subprocess.run([sys.executable, "-c", script, "validate"], capture_output=True, text=True)
    assert result.returncode == 130
    assert result.stderr == "Interrompu pendant le démarrage de smg : rien n'a été lu ni écrit.\n"


def test_output_cut_short_is_no_error_message(tmp_path: Path) -> None:
    """`smg validate | head -1`: the reader closes the pipe; smg stops, says nothing more."""
    from ..sitekit import FIXTURES, make_project

    project = make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)
    for number in range(40):  # more problems than one line
        (project.cases_dir / f"faux-{number}.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    read, write = os.pipe()
    os.close(read)  # nobody reads: the first line written fails
    result = subprocess.run([sys.executable, "-c", "from generator.cli import main; main()", "validate"],
                            cwd=project.root, stdout=write, stderr=subprocess.PIPE, text=True)
    os.close(write)
    assert result.returncode == 1 and result.stderr == "", result.stderr
