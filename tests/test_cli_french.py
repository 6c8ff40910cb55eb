"""Click's own messages reach contributors in French, like the rest of `smg`."""

from __future__ import annotations

from click.testing import CliRunner

from generator.cli import main


def run(*args: str):
    return CliRunner().invoke(main, list(args), prog_name="smg")


def test_unknown_option() -> None:
    result = run("validate", "--bogus")
    assert result.exit_code == 2
    assert "Erreur : Option inconnue : '--bogus'." in result.output
    assert "Utilisation : smg validate" in result.output and "Essayez « smg validate --help »" in result.output


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
