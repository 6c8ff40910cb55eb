"""The `smg` command line: a thin Click layer over the pipeline modules.

Content problems are data printed in French; only usage errors (exit 2) come from
Click itself. No command shows a traceback for anything found in a case study.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path

import click
from click.core import ParameterSource

from generator import problems as report
from generator.check import named
from generator.check.project import Outcome
from generator.cli import clidoc, clifr, fieldsdoc, scaffold
from generator.errors import Interrupted, NotPublished, ProblemsFound, SmgError, Stopped
from generator.format import vocab
from generator.load import load
from generator.load.files import markdown_files
from generator.project.project import Project
from generator.publish import engines
from generator.publish.publish import Busy, locked, run_mkdocs
from generator.render.pages import site_pages
from generator.write import files as write
from generator.write import urls
from generator.write.generate import generate as generate_tree

CASES_DIR = Path("casestudies")


def collect_paths(paths: tuple[Path, ...]) -> list[Path]:
    """Files named on the command line, directories expanded to their `.md` files."""
    for path in paths or (CASES_DIR,):
        if not path.exists():
            raise click.UsageError(f"« {path} » n'existe pas (ni fichier ni dossier).")
    found: list[Path] = []
    for path in paths or (CASES_DIR,):
        if path.is_dir() and not path.is_symlink():  # a link is refused when loaded (E107)
            found.extend(markdown_files(path))
        else:
            found.append(path)
    return found


def known_slugs(files: list[Path]) -> set[str]:
    """Slugs of every case study next to the checked files, for `related` checks."""
    folders = {f.parent for f in files} | ({CASES_DIR} if CASES_DIR.is_dir() else set())
    return {load.slug_of(p) for folder in folders for p in folder.glob("*.md")}


class _FrenchHelp:
    """Click creates a command's --help option once and keeps it: it is created with its
    French text, whatever runs first (the CLI, or the commands page of the site)."""

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        with clifr.installed():
            return super().get_help_option(ctx)


class Command(_FrenchHelp, click.Command):
    """A `smg` command."""


class Boundary(_FrenchHelp, click.Group):
    """The one place where the tool's own errors (errors.SmgError) and the system's
    (OSError) become a French message and an exit code, for every command."""

    command_class = Command

    def main(self, *args: object, **kwargs: object) -> object:
        with clifr.installed():  # Click's own messages in French, for this command only
            return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except SmgError as error:
            if error.text():
                click.echo(error.text(), err=True)
            ctx.exit(error.exit_code)
        except BrokenPipeError:
            # The reader stopped reading (`smg validate | head`): nothing more to say, and
            # Python's last flush of stdout must not fail on the closed pipe either.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(1)
        except OSError as error:
            where = f"{error.filename} : " if error.filename else ""
            click.echo(f"Erreur du système : {where}{write.reason(error)}.", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:  # a command that writes nothing (writing() tells the others')
            click.echo("Interrompu.", err=True)
            ctx.exit(128 + signal.SIGINT)


@click.group(cls=Boundary, context_settings={"help_option_names": ["-h", "--help"]},
             subcommand_metavar="COMMANDE [ARGUMENTS]...")
@click.version_option(package_name="social-media-gouvernance", message="smg %(version)s",
                      help=clifr.french("Show the version and exit."))
def main() -> None:
    """Base de connaissances Social Media Gouvernance : vérifier les études de cas et
    construire le site.

    Exemple : smg validate
    """


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path), metavar="[FICHIERS]...")
@click.option("--format", "output", type=click.Choice(["text", "json", "github"]), default="text",
              show_default=True, help="text (lisible), json (outils), github (annotations de PR).")
@click.option("--strict", is_flag=True, help="Les avertissements font aussi échouer la vérification.")
def validate(paths: tuple[Path, ...], output: str, strict: bool) -> None:
    """Vérifie les études de cas et signale tous les problèmes d'un coup.

    Sans argument, vérifie tout le projet (études de cas, comparaisons, guides,
    modules). Un fichier nommé est vérifié selon son type : étude de cas,
    casestudies/comparaisons.yml, guide, module, fichier de docs/ ou mkdocs.yml.
    Code de sortie : 0 si tout est correct, 1 s'il y a des problèmes, 2 en cas
    d'erreur d'utilisation.

    Exemple : smg validate casestudies/rennes.md --format github
    """
    files = collect_paths(paths)
    if not files:
        raise click.UsageError("aucun fichier .md à vérifier.")
    project = Project(Path.cwd()) if Path("mkdocs.yml").is_file() else None
    run = named.Run(files, whole=not paths, known_slugs=known_slugs(files), root=Path.cwd())
    found = named.check_files(run, project, site_pages)
    checked = len(files) + (len(project.document_files()) if run.whole and project else 0)
    print_problems(found, checked, output)
    failing = found if strict else [p for p in found if p.is_error]
    if failing:
        raise ProblemsFound("")


def print_problems(found: list[report.Problem], files: int, output: str) -> None:
    """Print every problem in the chosen format, then the summary line."""
    if output == "json":
        click.echo(report.format_json(found, files))
        return
    line = report.format_github if output == "github" else report.format_text
    for item in found:
        click.echo(line(item))
    click.echo(report.summary(found, files), err=output == "github")
    if output == "github":
        write_step_summary(report.format_summary(found, files))


def write_step_summary(markdown: str) -> None:
    """Append to the job summary when GitHub Actions gives one ($GITHUB_STEP_SUMMARY)."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    try:
        with open(target, "a", encoding="utf-8") as stream:
            stream.write(markdown)
    except OSError as error:
        click.echo(f"Résumé de la tâche non écrit ({target}) : {error.strerror or error}.", err=True)


def commands() -> tuple:
    """The commands of `smg`, for their reference page (rendering never imports the CLI)."""
    return tuple(clidoc.command_reference(main))


def _project() -> Project:
    root = Path.cwd()
    if not (root / "mkdocs.yml").is_file():
        raise click.UsageError("lancez la commande depuis le dossier du projet (celui qui contient "
                               "mkdocs.yml).")
    return Project(root)


def _progress(message: str) -> None:
    click.echo(message, err=True)


def _generate_or_exit(project: Project) -> Outcome:
    outcome = generate_tree(project, _progress, commands=commands())
    if outcome.problems:
        print_problems(outcome.problems, outcome.files, "text")
    if outcome.failed:
        raise ProblemsFound("Rien n'a été écrit : corrigez les erreurs ci-dessus puis relancez.")
    return outcome


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where Ctrl-C would be, so that the same clean-up runs."""

    def __init__(self, signum: int) -> None:
        super().__init__()
        self.signum = signum


def _terminate(signum: int, frame: object) -> None:
    raise Terminated(signum)


@contextlib.contextmanager
def writing(project: Project, kept: str | Callable[[], str]):
    """Run a command that writes the project's tree: under its lock, with what can stop it
    (another command, the disk, Ctrl-C, SIGTERM) turned into an SmgError whose French
    message says what stays as it was (`kept`, asked once stopped); Boundary prints it."""
    previous = signal.signal(signal.SIGTERM, _terminate)
    stopped = kept if callable(kept) else (lambda: kept)
    try:
        with locked(project):
            yield
    except Busy as busy:
        raise Stopped(f"Une autre commande smg (build, generate ou serve) utilise déjà ce projet "
                      f"(verrou {_shown(project, busy.args[0])}) ; attendez qu'elle se termine, "
                      "puis relancez.") from None
    except OSError as error:
        reason = write.reason(error)
        if error.filename is None:
            raise Stopped(f"Erreur du système : {reason}. {stopped()}") from None
        where = _shown(project, error.filename)
        if error.filename2:  # a rename: both ends
            where += f" → {_shown(project, error.filename2)}"
        raise Stopped(f"Erreur d'écriture ou de lecture : {where} : {reason}. {stopped()}") from None
    except KeyboardInterrupt as interrupt:
        signum = interrupt.signum if isinstance(interrupt, Terminated) else signal.SIGINT
        raise Interrupted(f"Interrompu. {stopped()}", signum) from None
    finally:
        signal.signal(signal.SIGTERM, previous)


def _shown(project: Project, path: object) -> str:
    """`path` relative to the project when it is inside it."""
    path = Path(str(path))
    try:
        return path.relative_to(project.root).as_posix()
    except ValueError:
        return str(path)


KEPT_OUTPUT = "Les pages déjà générées (build/docs/) n'ont pas été remplacées par des fichiers incomplets."
KEPT_SITE = "Le site précédent (site/) est resté tel qu'il était."
PUBLISHED_SITE = "Le nouveau site était déjà publié dans site/."


def _identity(folder: Path) -> tuple[int, int] | None:
    try:
        info = folder.stat()
    except OSError:
        return None
    return info.st_dev, info.st_ino


@main.command()
def generate() -> None:
    """Vérifie les études de cas et écrit les pages générées dans build/docs/.

    Ensuite, « mkdocs build » seul suffit à produire le site.

    Exemple : smg generate && mkdocs build
    """
    project = _project()
    with writing(project, KEPT_OUTPUT):
        _generate_or_exit(project)


@main.command("build")
@click.option("--offline/--no-offline", "offline_copy", default=False, show_default=True,
              help="Construire aussi la copie hors ligne téléchargeable (archive zip, "
                   "une seconde construction MkDocs) ; le pied de page y mène alors.")
@click.option("--engine", type=click.Choice(engines.names()), default=engines.DEFAULT, show_default=True,
              help="Moteur qui construit les pages : mkdocs, properdocs ou zensical (docs/contribuer/moteurs.md).")
def build_command(offline_copy: bool, engine: str) -> None:
    """Vérifie, génère les pages, puis construit le site complet dans site/.

    En cas d'erreur, rien n'est écrit et le site précédent reste intact. Avec
    --offline (la publication l'utilise), le site contient aussi sa copie hors ligne
    (site/telecharger/) et chaque page y mène.

    Exemple : smg build --offline --engine properdocs
    """
    project = _project()
    if not engines.is_installed(engine):
        raise SmgError(engines.missing_message(engine))
    previous = _identity(project.site_dir)

    def kept() -> str:  # stopped while the previous site was being removed: the new one is out
        return KEPT_SITE if _identity(project.site_dir) == previous else PUBLISHED_SITE

    with writing(project, kept):
        _generate_or_exit(project)
        if not run_mkdocs(project, _progress, offline_copy=offline_copy, skip_unchanged=True,
                                engine=engine):
            raise NotPublished(f"Rien n'a été publié. {KEPT_SITE}")
    click.echo(f"Site construit dans {project.site_dir.relative_to(project.root)}/.", err=True)


@main.command()
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, help="Adresse et port.")
def serve(dev_addr: str) -> None:
    """Construit le site et le sert avec rechargement automatique.

    Modifier une étude de cas, un guide ou un gabarit régénère ce qui en dépend.

    Exemple : smg serve --dev-addr 127.0.0.1:8001
    """
    from generator.publish import serve as serving

    project = _project()
    with writing(project, "Serveur arrêté."):
        # A case still being written (placeholders left) is previewed with its problems.
        outcome, shown = serving.generate_preview(project, _progress, commands=commands())
        if outcome.problems:
            print_problems(outcome.problems, outcome.files, "text")
        if outcome.failed and not shown:
            raise ProblemsFound("Rien n'a été écrit : corrigez les erreurs ci-dessus puis relancez.")
        if shown:
            _progress(serving.preview_line(shown))
        serving.serve(project, dev_addr, _progress, frozenset(map(report.format_text, outcome.problems)),
                      commands())


def _country_option(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    code = value.strip().upper()
    if code not in vocab.countries():
        raise click.BadParameter(f"« {value} » n'est pas un code pays ISO à deux lettres (FR, BE, US…).")
    return code


@main.command()
@click.option("--administration", cls=clifr.FrenchOption, prompt="Administration (par exemple « Ville de Rennes »)",
              help="Nom de l'administration ou du groupe étudié.")
@click.option("--level", cls=clifr.FrenchOption, type=click.Choice(list(vocab.LEVELS)), prompt="Niveau",
              help="Niveau d'administration (panorama pour une étude de plusieurs administrations).")
@click.option("--country", cls=clifr.FrenchOption, prompt="Pays (code à deux lettres, par exemple FR)",
              callback=_country_option,
              help="Code pays ISO 3166-1 alpha-2.")
@click.option("--title", cls=clifr.FrenchOption, prompt="Titre de l'étude de cas", help="Titre de l'étude de cas.")
@click.option("--slug", help="Identifiant (nom du fichier) ; proposé d'après l'administration.")
def new(administration: str, level: str, country: str, title: str, slug: str | None) -> None:
    """Crée une nouvelle étude de cas à compléter dans casestudies/.

    Sans option, pose les questions une à une. Le fichier contient tous les champs ;
    chaque « À COMPLÉTER » doit être remplacé avant que « smg validate » l'accepte.

    Exemple : smg new --administration "Ville de Rennes" --level commune --country FR
    --title "Rennes : Twitter pour gagner en visibilité"
    """
    context = click.get_current_context()
    asked = context.get_parameter_source("administration") == ParameterSource.PROMPT
    if slug is None:
        slug = scaffold.propose_slug(administration, CASES_DIR)
        if asked:  # asked again until free: the answers already given are kept
            slug = click.prompt("Identifiant (nom du fichier, adresse /cas/<identifiant>/)", default=slug,
                                value_proc=_free_slug, prompt_suffix=clifr.PROMPT_SUFFIX)
    target = scaffold.create(CASES_DIR, slug, title=title, administration=administration,
                             level=level, country=country)
    click.echo(f"Étude de cas créée : {target.as_posix()}\n\n" + NEXT_STEPS.format(path=target.as_posix()))


def _free_slug(value: str) -> str:
    problem = scaffold.slug_problem(value.strip(), CASES_DIR)
    if problem is not None:
        raise click.BadParameter(problem)
    return value.strip()


NEXT_STEPS = """Étapes suivantes :
  1. Ouvrez {path} et remplacez chaque « À COMPLÉTER » à partir de vos sources.
  2. Vérifiez le fichier :           smg validate {path}
  3. Regardez la page :              smg serve   (puis ouvrez http://127.0.0.1:8000/base-de-connaissances/)
  4. Quand l'étude est prête, passez « status » à published et proposez une
     demande de fusion (pull request) ; voir CONTRIBUTING.md."""


@main.command()
@click.argument("path", required=False, default=fieldsdoc.DEFAULT_PATH, type=click.Path(path_type=Path),
                metavar="[FICHIER]")
@click.option("--check", is_flag=True, help="Vérifier seulement ; code de sortie 1 si la référence n'est pas à jour.")
def champs(path: Path, check: bool) -> None:
    """Met à jour la référence des champs de CONTRIBUTING.md d'après le schéma.

    Le bloc entre les marqueurs « champs » est réécrit à partir des modèles des
    études de cas ; ne le modifiez jamais à la main.

    Exemple : smg champs --check
    """
    click.echo(fieldsdoc.refresh(path, check))


@main.command("check-urls")
@click.argument("old_manifest", type=click.Path(path_type=Path), metavar="ANCIEN_MANIFESTE")
def check_urls(old_manifest: Path) -> None:
    """Vérifie qu'aucune adresse d'un ancien manifeste (urls.json) n'est cassée.

    Régénère les pages, puis liste chaque adresse de l'ancien manifeste qui ne mène
    plus ni à une page ni à une redirection. Code de sortie 1 s'il y en a une.

    Exemple : smg check-urls ancien-site/urls.json
    """
    project = _project()
    old = urls.read_manifest(old_manifest)
    with writing(project, KEPT_OUTPUT):
        _generate_or_exit(project)
    current = urls.read_manifest(project.out_dir / urls.MANIFEST)
    lost = urls.broken(old, current)
    for address in lost:
        click.echo(f"{old_manifest}: adresse cassée : /{address}")
    click.echo(f"{len(old.pages) + len(old.redirects)} adresses vérifiées, "
               f"{len(lost)} cassée{'s' if len(lost) > 1 else ''}.")
    if lost:
        click.echo("Pour garder une ancienne adresse, ajoutez l'ancien identifiant dans le champ "
                   "« aliases » de la page renommée.", err=True)
    if lost:
        raise ProblemsFound("")


if __name__ == "__main__":  # python -m generator.cli, after every command is declared
    main()
