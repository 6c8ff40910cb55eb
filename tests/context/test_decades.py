"""The search's « Décennie » filter: every decade a case study's documented period touches."""

from __future__ import annotations

import pytest

from generator.context.site import decades
from generator.format.models import Period


class _Meta:
    def __init__(self, period: Period | None) -> None:
        self.period = period


@pytest.mark.parametrize(("start", "end", "expected"), [
    (2010, 2012, ["années 2010"]),
    (2008, 2011, ["années 2000", "années 2010"]),
    (1999, 2021, ["années 1990", "années 2000", "années 2010", "années 2020"]),
    (2019, None, ["années 2010"]),  # still going: its start year only
    (2020, 2020, ["années 2020"]),
])
def test_every_decade_of_the_period(start: int, end: int | None, expected: list[str]) -> None:
    assert decades(_Meta(Period(start=start, end=end))) == expected


def test_no_period_no_decade() -> None:
    assert decades(_Meta(None)) == []
