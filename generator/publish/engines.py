"""The site engines that `smg build --engine` can run on the generated tree.

MkDocs 1.6 (the default), ProperDocs (its maintained fork: same API, same plugins) and
Zensical (Material's successor, optional) each build `build/docs/` into a temporary
folder, in a subprocess of their own (generator/publish/publish.py runs it and publishes the
result). MkDocs and ProperDocs run through the same script (build.MKDOCS_SCRIPT): for
ProperDocs a first line redirects every `mkdocs.*` import to `properdocs.*`, as the
`properdocs` command does. Zensical reads a MkDocs configuration, but resolves every
path from the folder of its configuration file and has no option for the output
folder: smg writes `build/zensical.yml` from mkdocs.yml before each build, never by hand.
Zensical ships its own copy of Material's templates, with its own asset names: its theme
folder, `build/theme-zensical/`, holds our overrides and *its* base template, fixed as
Material's is (generator/write/themebase.py), never Material's (whose assets it does not have).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from generator.project import siteconfig
from generator.project.project import Project
from generator.write import themebase
from generator.write.files import read_tree, write_file, write_tree

DEFAULT = "mkdocs"
ZENSICAL_CONFIG = "zensical.yml"  # in build/, next to the tree it builds
ZENSICAL_THEME = "theme-zensical"  # in build/ too


@dataclass(frozen=True)
class Engine:
    """One engine: its name on the command line, the module that tells it is installed,
    and how to install it when it is not."""

    name: str
    label: str
    module: str
    install: str


ENGINES = {
    "mkdocs": Engine("mkdocs", "MkDocs", "mkdocs", "pip install -e ."),
    "properdocs": Engine("properdocs", "ProperDocs", "properdocs", "pip install -e ."),
    "zensical": Engine("zensical", "Zensical", "zensical", "pip install -e '.[engines]'"),
}

# Turns the MkDocs script into a ProperDocs one: after this import, `mkdocs.*` is properdocs.
PROPERDOCS_PRELUDE = "import properdocs.replacement  # noqa: F401\n"

def child_guard(parent_arg: int) -> str:
    """The first lines of every engine script (build.MKDOCS_SCRIPT, ZENSICAL_SCRIPT): the
    child dies with us (PR_SET_PDEATHSIG), even if we are killed outright, and stops at
    once if we are already gone (`sys.argv[parent_arg]` is our pid)."""
    return f"""
import ctypes, os, signal, sys
try:
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
except (AttributeError, OSError):
    pass
if os.getppid() != int(sys.argv[{parent_arg}]):
    sys.exit(1)  # the parent is already gone
"""


# Zensical's build in a fresh interpreter: its configuration errors give one line, no traceback.
ZENSICAL_SCRIPT = child_guard(2) + """import click
import zensical
try:
    zensical.build(os.path.abspath(sys.argv[1]), {"clean": False, "strict": True})
except click.ClickException as error:
    sys.exit(f"Zensical : {error.format_message()}")
"""


def names() -> list[str]:
    return list(ENGINES)


def is_installed(name: str) -> bool:
    return importlib.util.find_spec(ENGINES[name].module) is not None


def missing_message(name: str) -> str:
    """The French line printed when the chosen engine is not installed."""
    engine = ENGINES[name]
    return (f"le moteur « {name} » ({engine.label}) n'est pas installé dans cet environnement ; "
            f"installez-le avec « {engine.install} » depuis le dossier du projet, ou choisissez "
            f"un autre moteur (--engine {' | '.join(names())}).")


def command(name: str, mkdocs_script: str, project: Project, target: Path, variant: str) -> list[str]:
    """The command that builds the site with engine `name` into `target`.

    `mkdocs_script` is build.MKDOCS_SCRIPT (argv: configuration, target, our pid,
    variant). For Zensical, its configuration and theme folder are written first, from
    mkdocs.yml and generator/theme/; it has no offline variant (build.py builds the
    offline copy with MkDocs whichever engine built the site).
    """
    pid = str(os.getpid())
    if name == "zensical":
        write_tree(zensical_theme_files(project.theme_source), project.root / "build" / ZENSICAL_THEME)
        config = write_zensical_config(project.mkdocs_file, target, archive=variant == "archive")
        return [sys.executable, "-c", ZENSICAL_SCRIPT, str(config), pid]
    script = PROPERDOCS_PRELUDE + mkdocs_script if name == "properdocs" else mkdocs_script
    return [sys.executable, "-c", script, str(project.mkdocs_file), str(target), pid, variant]


def zensical_theme_files(overrides: Path) -> dict[str, bytes]:
    """Our theme overrides on top of Zensical's own base template, fixed as Material's is."""
    files = read_tree(overrides)
    base = (resources.files("zensical") / "templates" / themebase.BASE).read_text(encoding="utf-8")
    files[themebase.BASE] = themebase.fixed_base(base).encode("utf-8")
    return files


# Settings that hold a path, relative to the folder of the configuration file.
_PATH_KEYS = ("docs_dir", "site_dir", "INHERIT")


def zensical_config(mkdocs_file: Path, target: Path) -> dict:
    """mkdocs.yml as Zensical must read it from build/zensical.yml: every path made
    relative to build/, the output folder set to `target` (which must be inside build/:
    Zensical refuses an output folder outside the folder of its configuration)."""
    root = mkdocs_file.parent
    folder = root / "build"
    config = siteconfig.load_own(mkdocs_file) or {}
    for key in _PATH_KEYS:
        if key in config:
            config[key] = _moved(root, folder, config[key])
    theme = config.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = ZENSICAL_THEME  # relative to build/
    config["site_dir"] = os.path.relpath(target, folder)
    config["plugins"] = _without_own_search(config.get("plugins"))
    return config


def _without_own_search(plugins: object) -> dict:
    """The plugins, with Zensical's search turned off: it is on unless told otherwise, and
    the site's search is Pagefind's, added by smg after any engine."""
    if isinstance(plugins, list):
        plugins = {name: options for item in plugins
                   for name, options in (item.items() if isinstance(item, dict) else [(item, {})])}
    return {**(plugins or {}), "search": {"enabled": False}}


def write_zensical_config(mkdocs_file: Path, target: Path, archive: bool = False) -> Path:
    """build/zensical.yml; with `archive`, the footer links to the offline copy built next."""
    path = mkdocs_file.parent / "build" / ZENSICAL_CONFIG
    header = ("# Écrit par « smg build --engine zensical » à partir de mkdocs.yml, à chaque construction ;\n"
              "# ne pas modifier à la main (modifiez mkdocs.yml).\n")
    config = zensical_config(mkdocs_file, target)
    if archive:
        config["extra"] = {**(config.get("extra") or {}), "smg_archive": True}
    body = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    write_file(path, header + body)
    return path


def _moved(root: Path, folder: Path, value: str) -> str:
    """A path of mkdocs.yml (relative to `root`) as seen from `folder`."""
    return os.path.relpath(root / str(value), folder)


# Material prints long banners about MkDocs 2.0 on every build; our
# configuration is already portable (no hooks, no custom plugins).
QUIET_BANNERS = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
# MkDocs' own API in a fresh interpreter, so that we can stop it (its whole process
# group) and so that it dies with us (engines.child_guard) even if we are killed outright.
# A file it cannot write (full disk, read-only folder) gives one French line, no traceback.
MKDOCS_SCRIPT = child_guard(3) + """from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
import time
offline = sys.argv[4] == "offline"
# MkDocs' warnings (real problems) are shown as it writes them, in French; its INFO lines
# are replaced by one French line at the end.
from generator.publish.enginelog import french, speak_french
speak_french("")  # every logger of this process: MkDocs' or ProperDocs' (its loggers are properdocs.*)
started = time.perf_counter()
config = load_config(sys.argv[1], site_dir=sys.argv[2], strict=True)
if offline:
    plugin = config.plugins.get("material/offline")
    if plugin is None:
        sys.exit("mkdocs.yml ne déclare pas le plugin « offline » de Material.")
    plugin.config.enabled = True
    # The footer leaves out the link to the archive; the header has the copy's own search
    # (generator/publish/offlinesearch.py), since Pagefind cannot load from file://.
    config.extra["smg_offline"] = True
if sys.argv[4] == "archive":
    config.extra["smg_archive"] = True  # built next (post_process): the footer links to it
try:
    build(config)
    if not offline:
        from generator.context.french import seconds
        print(f"Pages construites en {seconds(time.perf_counter() - started)}.", file=sys.stderr)
except Abort as error:
    sys.exit(french(str(error)))
except OSError as error:
    where = os.path.abspath(error.filename2 or error.filename or sys.argv[2])  # a copy's target
    where = os.path.relpath(where) if where.startswith(os.getcwd() + os.sep) else where
    from generator.write.files import reason
    print(f"Erreur d'écriture ou de lecture : {where} : {reason(error)}.", file=sys.stderr)
    sys.exit(1)
"""


def run_mkdocs_into(project: Project, target: Path, variant: str = "site",
                    engine: str = DEFAULT) -> bool:
    """Build the site into `target` with `engine` (MKDOCS_SCRIPT for MkDocs and ProperDocs,
    generator/publish/engines.py for Zensical); True if it succeeded. Variants: "site", "archive"
    (the site, whose footer links to the offline copy's zip) or "offline" (that copy)."""
    shutil.rmtree(target, ignore_errors=True)
    command_line = command(engine, MKDOCS_SCRIPT, project, target, variant)
    if run_child(command_line, project.root) == 0:
        return True
    shutil.rmtree(target, ignore_errors=True)
    return False


def run_child(command: list[str], cwd: Path) -> int:
    """Run a command in its own process group and return its exit code.

    The group keeps a terminal's Ctrl-C for us alone; whatever stops us (Ctrl-C,
    SIGTERM turned into an exception by the CLI, any error) stops the whole group.
    """
    child = subprocess.Popen(command, cwd=cwd, env=os.environ | QUIET_BANNERS, start_new_session=True)
    try:
        return child.wait()
    except BaseException:
        _stop_group(child)
        raise


def _stop_group(child: subprocess.Popen) -> None:
    for sig, grace in ((signal.SIGTERM, 5), (signal.SIGKILL, None)):
        try:
            os.killpg(child.pid, sig)
        except ProcessLookupError:
            return
        try:
            child.wait(grace)
            return
        except subprocess.TimeoutExpired:
            continue
