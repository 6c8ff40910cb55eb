"""Large collections are checked on every core, with the same result as one process."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.check.record import PARALLEL_MIN_FILES, validate_paths

from ..conftest import VALID

TODAY = dt.date.today()


def _collection(folder: Path) -> list[Path]:
    folder.mkdir()
    paths = []
    for index in range(PARALLEL_MIN_FILES + 20):
        text = VALID
        if index % 97 == 0:
            text = text.replace("level: commune", "level: ville")
        if index == 5:
            text = text.replace("related: []", "related: [inexistant]")
        path = folder / f"cas-{index:04d}.md"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    (folder / "cas-0003.md").write_text(VALID.replace("related: []", "related: []\naliases: [cas-0004]"), "utf-8")
    return paths


def test_parallel_and_sequential_checks_agree(tmp_path: Path) -> None:
    paths = _collection(tmp_path / "casestudies")
    sequential, public_one, renamed_one = validate_paths(paths, tmp_path, today=TODAY, workers=1)
    parallel, public_two, renamed_two = validate_paths(paths, tmp_path, today=TODAY, workers=2)
    assert parallel == sequential and public_one == public_two
    assert renamed_one == renamed_two == {"cas-0004": "cas-0003"}
    assert "cas-0001.md" not in public_two and "cas-0001" in public_two and "cas-0000" not in public_two
    codes = sorted({p.code for p in parallel})
    assert codes == ["E304", "E401", "E402"]
    assert any(p.path == "casestudies/cas-0005.md" and p.code == "E402" for p in parallel)
