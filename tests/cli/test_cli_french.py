"""Click's own messages reach contributors in French, like the rest of `smg`."""

from __future__ import annotations

import re

from click.testing import CliRunner

from generator.cli.commands import main


def run(*args: str):
    return CliRunner().invoke(main, list(args), prog_name="smg")


def test_unknown_option() -> None:
    result = run("validate", "--bogus")
    assert result.exit_code == 2
    assert "Erreur : Option inconnue : '--bogus'." in result.output
    assert "Utilisation\u00a0: smg validate" in result.output and "Essayez « smg validate --help »" in result.output


def test_bad_choice_lists_the_choices() -> None:
    result = run("validate", "--format", "xml")
    assert result.exit_code == 2
    assert "Valeur invalide pour '--format' : 'xml' ne fait pas partie des choix possibles" in result.output


def test_unknown_command_and_help() -> None:
    assert "Erreur : Commande inconnue : 'bogus'." in run("bogus").output
    assert "Affiche cette aide et s'arrête." in run("--help").output


def test_every_command_has_french_help_with_an_example() -> None:
    for name, command in main.commands.items():
        help_text = run(name, "--help").output
        assert "Exemple : smg " in help_text, name
        assert "Show this message" not in help_text, name


def test_french_lasts_as_long_as_the_command() -> None:
    """Importing or running `smg` leaves Click as it was for the rest of the process
    (other Click programs in it, MkDocs' own commands, keep their messages)."""
    import click.core

    def english_help(*args: str) -> str:
        return CliRunner().invoke(click.Command("autre", help="Autre programme."), list(args)).output

    assert "Show this message and exit." in english_help("--help")
    assert "Affiche cette aide" in run("--help").output
    assert click.core._("Show this message and exit.") == "Show this message and exit."
    assert "Show this message and exit." in english_help("--help")
    assert "Usage:" in english_help("--bogus")


def test_help_stays_french_when_the_commands_page_reads_the_commands_first() -> None:
    """Click keeps each command's --help option once made: reading the commands for the
    site's page (outside a command) must not fix it in English."""
    from generator.cli import clidoc

    for command in [main, *main.commands.values()]:
        command._help_option = None  # as in a new process
    clidoc.command_reference(main)
    for name in main.commands:
        assert "Affiche cette aide et s'arrête." in run(name, "--help").output, name


def test_help_headings_and_placeholders_are_french() -> None:
    """Headings with the no-break space of French typography, no English placeholder."""
    from click.testing import CliRunner

    from generator.cli.commands import main

    for args, usage in ((["--help"], "smg [OPTIONS] COMMANDE [ARGUMENTS]..."),
                        (["validate", "--help"], "smg validate [OPTIONS] [FICHIERS]..."),
                        (["check-urls", "--help"], "smg check-urls [OPTIONS] ANCIEN_MANIFESTE"),
                        (["champs", "--help"], "smg champs [OPTIONS] [FICHIER]")):
        output = CliRunner().invoke(main, args, prog_name="smg").output
        assert output.startswith(f"Utilisation\u00a0: {usage}\n"), output
        assert "Options\u00a0:\n" in output and "Options:" not in output
        assert not any(word in output for word in ("PATHS", "COMMAND ", "ARGS", "OLD_MANIFEST", "PATH]"))
    assert "Commandes\u00a0:\n" in CliRunner().invoke(main, ["--help"]).output


def test_build_speaks_french(tmp_path) -> None:
    """No English INFO line of MkDocs in `smg build`: smg's own French lines instead."""
    from ..sitekit import small_project
    from ..smgrun import smg

    project = small_project(tmp_path)
    code, stderr = smg(project.root, "build")
    assert code == 0, stderr
    assert "INFO" not in stderr and "Documentation built" not in stderr, stderr
    assert re.search(r"^Pages construites en \d+,\d\d\u00a0s\.$", stderr, re.MULTILINE), stderr
    assert re.search(r"^Durée de la génération : \d+,\d\d\u00a0s$", stderr, re.MULTILINE), stderr
