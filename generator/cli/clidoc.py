"""The reference of the `smg` commands, read from the Click commands themselves, so
that the page a contributor reads is the `--help` they would get."""

from __future__ import annotations

import inspect

import click

from generator.render.other import CommandDoc, OptionDoc


def command_reference(main: click.Group) -> list[CommandDoc]:
    """Every command of `main` (smg) with its usage, description and options, in the CLI's
    order: the data of the commands page, given to the renderer."""
    group = click.Context(main, info_name="smg")
    return [_command(main.get_command(group, name), click.Context(main.get_command(group, name),
                                                                  info_name=name, parent=group))
            for name in main.list_commands(group)]


def _command(command: click.Command, context: click.Context) -> CommandDoc:
    usage = " ".join(["smg", context.info_name or "", *command.collect_usage_pieces(context)])
    text = inspect.cleandoc(command.help or "")
    paragraphs = [" ".join(part.split()) for part in text.split("\n\n") if part.strip()]
    examples = [p.removeprefix(EXAMPLE) for p in paragraphs if p.startswith(EXAMPLE)]
    options = tuple(_option(param, context) for param in command.params
                    if isinstance(param, click.Option) and not param.hidden)
    return CommandDoc(context.info_name or "", usage, tuple(p for p in paragraphs if not p.startswith(EXAMPLE)),
                      " ; ".join(examples), options)


EXAMPLE = "Exemple : "  # how every command's help ends (tests/cli/test_cli_commands.py)


def _option(option: click.Option, context: click.Context) -> OptionDoc:
    names = ", ".join(option.opts)
    if option.secondary_opts:
        names += " / " + ", ".join(option.secondary_opts)
    default = option.get_default(context, call=True) if option.show_default else None
    return OptionDoc(names, _value(option), option.help or "", _default(option, default))


# Click's names for the kinds of value, as the page says them.
_KINDS = {"text": "texte", "path": "chemin", "integer": "nombre entier", "float": "nombre"}


def _value(option: click.Option) -> str:
    if option.is_flag:
        return ""
    if isinstance(option.type, click.Choice):
        return " | ".join(map(str, option.type.choices))
    return _KINDS.get(option.type.name, option.type.name)


def _default(option: click.Option, default: object) -> str:
    if option.is_flag and option.secondary_opts:
        return option.opts[0] if default else option.secondary_opts[0]
    return "" if default in (None, False) else str(default)
