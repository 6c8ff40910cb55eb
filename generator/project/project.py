"""Where things are: the folders and settings files of a knowledge-base checkout, and
how a long command reports its progress."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.format import vocab
from generator.load.files import markdown_files
from generator.problems import Problem
from generator.project import siteconfig
from generator.project.siteconfig import DEFAULT_REVIEW_YEARS, SiteConfig

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Project:
    """The folders of a knowledge-base checkout."""

    root: Path
    _settings: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def cases_dir(self) -> Path:
        return self.root / "casestudies"

    @property
    def comparisons_file(self) -> Path:
        return self.cases_dir / "comparaisons.yml"

    @property
    def docs_dir(self) -> Path:
        return self.root / "docs"

    @property
    def out_dir(self) -> Path:
        return self.root / "build" / "docs"

    @property
    def site_dir(self) -> Path:
        return self.root / "site"

    @property
    def mkdocs_file(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def state_file(self) -> Path:
        """What the last generation wrote, to skip the next one when nothing changed."""
        return self.root / "build" / "smg-state.json"

    @property
    def cache_dir(self) -> Path:
        """Results kept between generations (generator/cache.py); removing it is always safe."""
        return self.root / "build" / "cache"

    @property
    def redirects_file(self) -> Path:
        """Former addresses and their pages, written by the generation (generator/write/redirects.py)."""
        return self.root / "build" / "redirects.json"

    @property
    def stamp_file(self) -> Path:
        """What the last complete build of site/ was made from (generator/write/stamp.py)."""
        return self.root / "build" / "site-stamp.json"

    @property
    def practices_file(self) -> Path:
        """The practices vocabulary: the project's own copy when it has one (a checkout of
        this repository does), else the one installed with smg."""
        own = self.root / "generator" / "data" / "practices.yml"
        return own if own.is_file() else vocab.PRACTICES_FILE

    @property
    def theme_source(self) -> Path:
        """The hand-written theme overrides."""
        return self.root / "generator" / "theme"

    @property
    def theme_dir(self) -> Path:
        """The theme folder MkDocs uses (mkdocs.yml custom_dir): overrides plus Material's fixed base."""
        return self.root / "build" / "theme"

    @property
    def modules_dir(self) -> Path:
        return self.root / "curricula"

    @property
    def guides_dir(self) -> Path:
        return self.docs_dir / "guides"

    def guide_files(self) -> list[Path]:
        return [p for p in markdown_files(self.guides_dir) if p.name != "index.md"]

    def module_files(self) -> list[Path]:
        return markdown_files(self.modules_dir)

    def case_files(self) -> list[Path]:
        return markdown_files(self.cases_dir)

    def has_comparisons(self) -> bool:
        # lexists: a link there is reported (E107), not taken for an absent file.
        return os.path.lexists(self.comparisons_file)

    def document_files(self) -> list[Path]:
        """The other files checked with the case studies: comparisons, guides, modules."""
        comparisons = [self.comparisons_file] if self.has_comparisons() else []
        return comparisons + self.guide_files() + self.module_files()

    def settings(self) -> tuple[siteconfig.Settings | None, list[Problem]]:
        """The settings of mkdocs.yml that smg reads (through MkDocs' own loader), or None
        with the problems that make it unusable.

        Read once, then again only when the file or the environment (`!ENV` values) changed:
        every step of a run asks here, and `smg serve` keeps one Project for its life."""
        key = (file_state(self.mkdocs_file), hash(frozenset(os.environ.items())))
        if self._settings.get("key") != key:
            self._settings.update(key=key, value=siteconfig.read(self.mkdocs_file))
        settings, problems = self._settings["value"]
        return settings, list(problems)

    def review_years(self) -> int:
        """The review period, `extra.review_period_years` of mkdocs.yml: the one value the
        warning (W701) and the review page read."""
        settings, _ = self.settings()
        # An unusable mkdocs.yml is reported by check(); the other checks go on.
        return settings.extra.review_period_years if settings else DEFAULT_REVIEW_YEARS

    def config(self) -> SiteConfig:
        """Site and repository addresses, read from mkdocs.yml (the one place they live).
        Only called once check() found mkdocs.yml usable."""
        settings, problems = self.settings()
        if settings is None:
            raise ValueError("; ".join(p.message for p in problems))
        return SiteConfig(site_url=settings.site_url, repo_url=settings.repo_url,
                          site_name=settings.site_name, review_years=settings.extra.review_period_years)


def file_state(path: Path) -> tuple[int, int, int] | None:
    """Size, modification time and inode of a file (not followed if a link), or None."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns, info.st_ino


def relative(project: Project, path: Path) -> str:
    return path.relative_to(project.root).as_posix()


def say(progress: Progress | None, message: str) -> None:
    if progress is not None:
        progress(message)
