"""Publishing the new site where the atomic exchange is missing: site/ is never absent
once smg has had a say (Ctrl-C or termination waits for both renames; after a kill, the
next build brings site/ back)."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from generator.project.project import Project
from generator.publish import publish

from ..sitekit import FIXTURES, make_project


@pytest.fixture
def sites(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """The new site and the current one, where the atomic exchange is missing."""
    monkeypatch.setattr(publish, "_exchange", lambda first, second: False)
    new, current = tmp_path / "build" / "site.tmp", tmp_path / "site"
    for folder, text in ((new, "nouveau"), (current, "précédent")):
        folder.mkdir(parents=True)
        (folder / "index.html").write_text(text, encoding="utf-8")
    return new, current


def test_ctrl_c_between_the_two_renames_waits_until_site_is_back(sites: tuple[Path, Path],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    new, current = sites
    rename = Path.rename

    def interrupted_rename(self: Path, target: Path) -> Path:
        moved = rename(self, target)
        if self == current:  # the first rename: site/ is away
            os.kill(os.getpid(), signal.SIGINT)
        return moved

    monkeypatch.setattr(Path, "rename", interrupted_rename)
    with pytest.raises(KeyboardInterrupt):
        publish._swap(new, current)
    assert (current / "index.html").read_text(encoding="utf-8") == "nouveau"


def test_a_failed_second_rename_puts_the_previous_site_back(sites: tuple[Path, Path],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    new, current = sites
    rename = Path.rename

    def failing_rename(self: Path, target: Path) -> Path:
        if self == new:
            raise OSError(28, "No space left on device")
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", failing_rename)
    with pytest.raises(OSError):
        publish._swap(new, current)
    assert (current / "index.html").read_text(encoding="utf-8") == "précédent"


def test_after_a_kill_between_the_renames_the_next_build_brings_site_back(tmp_path: Path) -> None:
    project: Project = make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)
    aside = project.root / "build" / "site.old"  # where a killed swap left the previous site
    aside.mkdir(parents=True)
    (aside / "index.html").write_text("précédent", encoding="utf-8")
    publish.clean_temporaries(project)
    assert (project.site_dir / "index.html").read_text(encoding="utf-8") == "précédent"
    assert not aside.exists()
