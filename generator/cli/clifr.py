"""Click's own messages (usage, unknown option, bad value…) in French.

Click marks its messages for gettext but ships no French catalogue; its modules
call a module-level `_` (and `ngettext`). `installed()` points those at this table,
so that a contributor mistyping an option reads French like the rest of `smg`.
Messages missing from the table stay as Click wrote them.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Iterator

import click

FRENCH: dict[str, str] = {
    # Click adds ":" after a heading: the no-break space before it is French typography.
    "Usage:": "Utilisation\u00a0:",
    "Options": "Options\u00a0",
    "Commands": "Commandes\u00a0",
    "Error: {message}": "Erreur : {message}",
    "Try '{command} {option}' for help.": "Essayez « {command} {option} » pour obtenir l'aide.",
    "Show this message and exit.": "Affiche cette aide et s'arrête.",
    "Show the version and exit.": "Affiche la version et s'arrête.",
    "No such option {name!r}.": "Option inconnue : {name!r}.",
    "No such option: {name}": "Option inconnue : {name}",
    "No such command {name!r}.": "Commande inconnue : {name!r}.",
    "Did you mean {possibility}?": "Vouliez-vous dire {possibility} ?",
    "(Did you mean one of: {possibilities}?)": "(Vouliez-vous dire l'une de celles-ci : {possibilities} ?)",
    "Missing command.": "Commande manquante.",
    "Missing argument": "Argument manquant",
    "Missing option": "Option manquante",
    "Missing parameter": "Paramètre manquant",
    "Missing {param_type}": "Valeur manquante ({param_type})",
    "Missing parameter: {param_name}": "Paramètre manquant : {param_name}",
    "Invalid value for {param_hint}: {message}": "Valeur invalide pour {param_hint} : {message}",
    "Invalid value: {message}": "Valeur invalide : {message}",
    "{value!r} is not one of {choices}.": "{value!r} ne fait pas partie des choix possibles : {choices}.",
    "{value!r} is not {choice}.": "{value!r} n'est pas {choice}.",
    "Got unexpected extra argument ({args})": "Argument en trop : {args}",
    "Got unexpected extra arguments ({args})": "Arguments en trop : {args}",
    "Option {name!r} requires an argument.": "L'option {name!r} attend une valeur.",
    "Option {name!r} requires {nargs} arguments.": "L'option {name!r} attend {nargs} valeurs.",
    "{value!r} is not a valid {number_type}.": "{value!r} n'est pas un nombre valide ({number_type}).",
    "{name} {filename!r} does not exist.": "{name} {filename!r} introuvable.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} est un dossier.",
    "{name} {filename!r} is a file.": "{name} {filename!r} est un fichier.",
    "file": "fichier",
    "directory": "dossier",
    "path": "chemin",
    "default: {default}": "par défaut : {default}",
    "Choose from:\n\t{choices}": "Choisissez parmi :\n\t{choices}",
    "Aborted!": "Abandon.",
    "Error: The value you entered was invalid.": "Erreur : la valeur saisie est invalide.",
    "Error: {e.message}": "Erreur : {e.message}",
}

_MODULES = ("click.core", "click.exceptions", "click.types", "click.parser", "click.formatting",
            "click.decorators", "click.termui")


def french(message: str) -> str:
    """The French text of a Click message, or the message itself."""
    return FRENCH.get(message, message)


def french_plural(singular: str, plural: str, count: int) -> str:
    return french(singular if count == 1 else plural)


@contextlib.contextmanager
def installed() -> Iterator[None]:
    """Click speaks French while the block runs (the `smg` command), and as before after
    it: the rest of the process (tests, MkDocs' own Click commands) is left as it was."""
    saved = []
    for name in _MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:  # a Click version without this module
            continue
        for attribute, replacement in (("_", french), ("ngettext", french_plural)):
            if hasattr(module, attribute):
                saved.append((module, attribute, getattr(module, attribute)))
                setattr(module, attribute, replacement)
    try:
        yield
    finally:
        for module, attribute, original in reversed(saved):
            setattr(module, attribute, original)


PROMPT_SUFFIX = "\u00a0: "


class FrenchOption(click.Option):
    """An option that asks for its value the French way: « Titre de l'étude de cas : »
    (Click ends every prompt with ": " and no option changes that)."""

    def prompt_for_value(self, ctx: click.Context) -> object:
        return click.prompt(self.prompt, type=self.type, show_choices=self.show_choices,
                            value_proc=lambda value: self.process_value(ctx, value), prompt_suffix=PROMPT_SUFFIX)
