"""What the committed base covers: levels, angles and periods, against the minimums the
base promises its readers (issue « Today's practices »). The grid is printed, so that a
run with `-s` (or a failure) shows where the base is thin."""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

from generator.check.record import validate
from generator.format import vocab
from generator.format.documents import Case
from generator.load.load import load_paths

ROOT = Path(__file__).parents[2]
CASE_FILES = sorted((ROOT / "casestudies").glob("*.md"))

# The rows of the grid, in the order a reader looks for them.
ROWS = ("petite commune (< 10 000 hab.)", "ville moyenne (10 000 à 100 000 hab.)", "grande ville (≥ 100 000 hab.)",
        "commune (taille non sourcée)", "intercommunalité ou métropole", "département", "région", "État",
        "gendarmerie, police, secours", "panorama (étude de plusieurs administrations)")
PERIODS = ("2010–2011", "2012–2017", "2018–2026", "non datée")
MINIMUMS = {
    "cases": 66,  # the 16 founding cases and at least 50 more
    "per_angle": 12,
    "since_2018": 25,
    "foreign": 3,
    "rows": ROWS[:3] + ROWS[4:10],  # every kind of administration at least once
}


@cache
def cases() -> tuple[Case, ...]:
    result = validate(load_paths(CASE_FILES, root=ROOT))
    return tuple(case for case in result.cases if case.meta.is_public)


def row(case: Case) -> str:
    """The grid row of a case study: its level, and a commune's size when a source gives it."""
    meta = case.meta
    if meta.level == "commune":
        if meta.population is None:
            return ROWS[3]
        people = meta.population.value
        return ROWS[0] if people < 10_000 else ROWS[1] if people < 100_000 else ROWS[2]
    return {"intercommunalite": ROWS[4], "departement": ROWS[5], "region": ROWS[6], "ministere": ROWS[7],
            "prefecture": ROWS[7], "gouvernement-national": ROWS[7], "agence": ROWS[7], "etat-federe": ROWS[6],
            "securite-secours": ROWS[8], "panorama": ROWS[9]}.get(meta.level or "", "niveau non précisé")


def last_year(case: Case) -> int | None:
    """The latest year the case study describes (an open period runs to its latest source)."""
    period = case.meta.period
    if period is None:
        return None
    if period.end is not None:
        return period.end
    dated = [int(str(s.date)[:4]) for s in case.meta.sources if s.date]
    return max([period.start, *dated])


def period_column(case: Case) -> str:
    year = last_year(case)
    if year is None:
        return PERIODS[3]
    return PERIODS[0] if year <= 2011 else PERIODS[1] if year <= 2017 else PERIODS[2]


def grid() -> str:
    """Level × period counts, then level × angle counts, as plain text."""
    by_period = Counter((row(c), period_column(c)) for c in cases())
    by_angle = Counter((row(c), angle) for c in cases() for angle in c.meta.angles)
    rows = sorted({row(c) for c in cases()} | set(ROWS), key=lambda r: ROWS.index(r) if r in ROWS else len(ROWS))
    width = max(len(r) for r in rows)
    head = " " * width + " | " + " | ".join(f"{p:>9}" for p in PERIODS) + " || " + \
        " | ".join(f"{a[:13]:>13}" for a in vocab.ANGLES)
    lines = [head, "-" * len(head)]
    for name in rows:
        lines.append(f"{name:<{width}} | " + " | ".join(f"{by_period[(name, p)]:>9}" for p in PERIODS) + " || "
                     + " | ".join(f"{by_angle[(name, a)]:>13}" for a in vocab.ANGLES))
    return "\n".join(lines)


def test_print_the_grid() -> None:
    print("\n" + grid())


def test_enough_case_studies() -> None:
    assert len(cases()) >= MINIMUMS["cases"], f"{len(cases())} études publiées\n{grid()}"


def test_every_angle_has_enough_cases() -> None:
    counts = Counter(angle for c in cases() for angle in c.meta.angles)
    thin = {angle: counts[angle] for angle in vocab.ANGLES if counts[angle] < MINIMUMS["per_angle"]}
    assert not thin, f"angles sous le minimum de {MINIMUMS['per_angle']} : {thin}\n{grid()}"


def test_enough_cases_describe_2018_or_later() -> None:
    recent = [c for c in cases() if (last_year(c) or 0) >= 2018]
    assert len(recent) >= MINIMUMS["since_2018"], f"{len(recent)} études décrivent 2018 ou après\n{grid()}"


def test_every_kind_of_administration_is_present() -> None:
    present = {row(c) for c in cases()}
    missing = [name for name in MINIMUMS["rows"] if name not in present]
    assert not missing, f"niveaux sans étude de cas : {missing}\n{grid()}"


def test_foreign_administrations_for_comparison() -> None:
    foreign = [c for c in cases() if c.meta.country != "FR"]
    assert len(foreign) >= MINIMUMS["foreign"], f"{len(foreign)} études hors de France\n{grid()}"


def test_row_follows_population_and_level() -> None:
    """The grid's own rule, on the committed data: a commune with a sourced population is
    sized, every other level has its row."""
    for case in cases():
        name = row(case)
        if case.meta.level == "commune" and case.meta.population is not None:
            assert name in ROWS[:3]
        assert name in ROWS or case.meta.level is None
