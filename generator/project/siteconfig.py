"""mkdocs.yml as smg reads it: through MkDocs' own YAML loader, so that `!ENV` values and
`INHERIT` behave as they do in MkDocs, then checked for the few settings smg needs,
with file:line:col problems instead of a traceback.

MkDocs checks the rest of the file itself when it builds the site.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from mkdocs.exceptions import ConfigurationError
from mkdocs.utils.yaml import get_yaml_loader, yaml_load
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from generator import layout
from generator.load.yamlsafe import locate, yaml_problem
from generator.problems import Problem, problem

NAME = "mkdocs.yml"
# Years after which a case study must be reviewed again (W701, the review page): mkdocs.yml's
# `extra.review_period_years` sets it; this is the value when it does not, or when files are
# checked outside a project.
DEFAULT_REVIEW_YEARS = 2


@dataclass(frozen=True)
class SiteConfig:
    """What pages need to know about where the site and its sources live."""

    site_url: str
    repo_url: str
    branch: str = "main"
    site_name: str = "Social Media Gouvernance"
    review_years: int = DEFAULT_REVIEW_YEARS

    def edit_url(self, slug: str) -> str:
        return self.source_edit_url(layout.case_file(slug))

    def source_edit_url(self, path: str) -> str:
        """The repository's edit page for a source file."""
        return f"{self.repo_url.rstrip('/')}/edit/{self.branch}/{path}"

    def page_url(self, src: str) -> str:
        return self.site_url.rstrip("/") + "/" + layout.address(src)


class Extra(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)

    review_period_years: int = Field(DEFAULT_REVIEW_YEARS, ge=1, le=50, strict=True)


@dataclass(frozen=True)
class NavEntry:
    """A page path of mkdocs.yml's `nav`, where it is written (line and column from 1)."""

    page: str
    line: int
    column: int


class Settings(BaseModel):
    """The settings of mkdocs.yml that smg reads."""

    model_config = ConfigDict(extra="allow", frozen=True)

    site_name: str = Field("Social Media Gouvernance", min_length=1)
    site_url: str = Field(pattern=r"^https?://\S+$")
    repo_url: str = Field(pattern=r"^https?://\S+$")
    extra: Extra = Extra()
    # Filled by `read` from the file's own text, for the check of the navigation's pages.
    nav_entries: tuple[NavEntry, ...] = ()


# What each setting is for, in the messages.
PURPOSE = {
    "site_url": "l'adresse publique du site, pour les liens absolus, le flux et les données",
    "repo_url": "l'adresse du dépôt, pour les liens « Modifier cette page »",
    "site_name": "le nom du site",
    "review_period_years": "la période de relecture des études de cas, en années (de 1 à 50)",
}


def read(path: Path) -> tuple[Settings | None, list[Problem]]:
    """The settings of `path`, or None with the problems that stop smg from using it."""
    try:
        text = path.read_text(encoding="utf-8")
        data = _load(path, text)
    except (OSError, UnicodeDecodeError) as error:
        reason = "il n'est pas encodé en UTF-8" if isinstance(error, UnicodeDecodeError) else error.strerror
        return None, [problem(NAME, 1, 1, "E101", f"fichier illisible : {reason}.")]
    except yaml.MarkedYAMLError as error:
        return None, [yaml_problem(error, NAME, 1)]
    except (yaml.YAMLError, ConfigurationError, ValueError) as error:
        return None, [problem(NAME, 1, 1, "E201", f"configuration illisible par MkDocs ({error}).")]
    if not isinstance(data, dict):
        return None, [problem(NAME, 1, 1, "E205", "le fichier doit être une suite de réglages « nom: valeur ».")]
    try:
        settings = Settings.model_validate(data)
    except ValidationError as error:
        return None, [_problem(text, detail) for detail in error.errors()]
    return settings.model_copy(update={"nav_entries": nav_entries(text)}), []


def nav_entries(text: str) -> tuple[NavEntry, ...]:
    """Every page path of the `nav` written in `text`, with its place; addresses of other
    sites are not pages."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)  # nodes only: `!ENV` needs no constructor
    except yaml.YAMLError:
        return ()
    nav = next((value for key, value in root.value if key.value == "nav"), None) \
        if isinstance(root, yaml.MappingNode) else None
    return tuple(NavEntry(node.value, node.start_mark.line + 1, node.start_mark.column + 1)
                 for node in _nav_targets(nav))


def _nav_targets(node: yaml.Node | None) -> Iterator[yaml.ScalarNode]:
    """The page paths of a nav node: scalars, and the values of `title: page` entries."""
    if isinstance(node, yaml.ScalarNode):
        if node.value and "://" not in node.value and not node.value.startswith(("/", "mailto:")):
            yield node
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _nav_targets(item)
    elif isinstance(node, yaml.MappingNode):
        for _, value in node.value:
            yield from _nav_targets(value)


def load_own(path: Path) -> Any:
    """The file's own settings as MkDocs' loader reads them (`!ENV` resolved), `INHERIT`
    left as written: for a configuration derived from this one (build/zensical.yml)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=get_yaml_loader())  # noqa: S506 - safe + !ENV


def _load(path: Path, text: str) -> Any:
    """The file as MkDocs reads it, `INHERIT` included."""
    loader = get_yaml_loader()
    data = yaml.load(text, Loader=loader)  # noqa: S506 - MkDocs' loader: safe + !ENV
    if not isinstance(data, dict) or data.get("INHERIT") is None:
        return data
    with path.open("rb") as stream:
        return yaml_load(stream, loader)


def _problem(text: str, detail: dict) -> Problem:
    loc = tuple(detail["loc"])
    key = str(loc[-1])
    try:
        root = yaml.compose(text, Loader=get_yaml_loader())
    except yaml.YAMLError:
        root = None
    line, column = locate(root, loc, want_key=detail["type"] == "missing")
    purpose = PURPOSE.get(key, key)
    if detail["type"] == "missing":
        return problem(NAME, 1, 1, "E302", f"réglage « {key} » manquant : il donne {purpose}.")
    return problem(NAME, line + 1, column + 1, "E303",
                   f"réglage « {'.'.join(map(str, loc))} » invalide : attendu {purpose}.")
