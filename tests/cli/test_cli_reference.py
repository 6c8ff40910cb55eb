"""The CLI reference page (/contribuer/commandes/) is generated from the Click commands:
every command and every option is documented, with its help text."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from generator import layout
from generator.cli import commands as cli
from generator.write.generate import generate

from ..sitekit import FIXTURES, make_project


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> str:
    project = make_project(tmp_path_factory.mktemp("commandes"), FIXTURES / "render" / "casestudies", docs=False)
    assert not generate(project, commands=cli.commands()).failed
    return (project.out_dir / layout.written("contribuer/commandes.md")).read_text(encoding="utf-8")


def _sections(page: str) -> dict[str, str]:
    parts = re.split(r"^## smg (\S+) \{ #\S+ \}$", page, flags=re.M)
    return {name.replace("\\", ""): body for name, body in zip(parts[1::2], parts[2::2], strict=True)}


def _plain(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


def test_every_command_has_its_section(page: str) -> None:
    assert list(_sections(page)) == sorted(cli.main.commands)


@pytest.mark.parametrize("name", sorted(cli.main.commands))
def test_every_option_and_help_is_documented(page: str, name: str) -> None:
    command = cli.main.commands[name]
    section = _plain(_sections(page)[name])
    first = command.help.strip().split("\n")[0].strip()
    assert first in section
    for param in command.params:
        if isinstance(param, click.Option):
            assert f"`{', '.join(param.opts)}" in section, param.opts
            assert " ".join((param.help or "").split()) in section
        else:
            assert param.human_readable_name in section  # the argument, in the usage line


def test_the_page_is_in_the_navigation() -> None:
    nav = (Path(__file__).resolve().parents[2] / "mkdocs.yml").read_text(encoding="utf-8")
    assert layout.written(layout.COMMANDS) in nav
