"""Check case studies: each file against the format, then the collection.

Every file is checked completely and every problem is kept, so a contributor
sees all of them in one run. Checks run in three layers: each record against the
schema, each body for unsafe HTML and unknown citations, then the collection
(duplicate identifiers, related case studies that do not exist). Large collections
are checked on every core.
"""

from __future__ import annotations

import datetime as dt
import itertools
import multiprocessing
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, TypeVar

from pydantic import ValidationError

from generator.check import body
from generator.check.collection import check_collection, renamed
from generator.check.content import (
    approx_problems,
    control_problems,
    open_period_problems,
    placeholder_problems,
    reference_problems,
    review_problems,
    source_ids,
    vendor_problems,
)
from generator.check.messages import MAX_REPORTED, schema_problems
from generator.format.documents import Case, Document, Record
from generator.format.models import MODELS_BY_PATH, CaseStudy
from generator.load.load import load_paths
from generator.problems import Problem
from generator.project.siteconfig import DEFAULT_REVIEW_YEARS


@dataclass
class Result:
    """What validation gives the next stages: valid cases and every problem found."""

    cases: list[Case]
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


def validate(records: list[Record], known_slugs: set[str] | None = None,
             today: dt.date | None = None, reserved: dict[str, str] | None = None,
             review_years: int = DEFAULT_REVIEW_YEARS) -> Result:
    """Check every record, then the collection; never raises on content.

    `reserved`: the addresses of the other pages of the site (addresses.reserved),
    the generated ones when not given. `review_years`: the review period (W701).
    """
    today = today or dt.date.today()
    cases, problems = check_all(records, lambda record: check_record(record, today, review_years))
    problems.extend(check_collection(records, known_slugs, reserved))
    problems.sort(key=position)
    return Result(cases, problems)


def position(item: Problem) -> tuple:
    """The order problems are reported in: by file, then line, column and code."""
    return (item.path, item.line, item.column, item.code)


Item = TypeVar("Item")
Valid = TypeVar("Valid")


def check_all(items: Iterable[Item],
              check_one: Callable[[Item], tuple[Valid | None, list[Problem]]]) -> tuple[list[Valid], list[Problem]]:
    """Every item through `check_one`: the valid results, in order, and all the problems."""
    valid: list[Valid] = []
    problems: list[Problem] = []
    for item in items:
        result, found = check_one(item)
        problems.extend(found)
        if result is not None:
            valid.append(result)
    return valid, problems


PARALLEL_MIN_FILES = 400  # below this, starting worker processes costs more than it saves


class Checked(NamedTuple):
    """What validate_paths found: every problem, the slugs of the valid published case
    studies, and the former identifiers (aliases) with the current one of each."""

    problems: list[Problem]
    public: set[str]
    renamed: dict[str, str]


def validate_paths(paths: list[Path], root: Path | None = None, known_slugs: set[str] | None = None,
                   today: dt.date | None = None, workers: int | None = None,
                   reserved: dict[str, str] | None = None,
                   review_years: int = DEFAULT_REVIEW_YEARS) -> Checked:
    """Every problem of the files at `paths`, the slugs of the valid published ones and
    their former identifiers.

    Large collections are checked on every core: workers load and check their share
    of the files and send back only their problems and what the collection checks
    need (slugs, aliases, related).
    """
    today = today or dt.date.today()
    workers = workers or os.cpu_count() or 1
    if workers < 2 or len(paths) < PARALLEL_MIN_FILES:
        records = load_paths(paths, root)
        result = validate(records, known_slugs, today, reserved, review_years)
        return Checked(result.problems, {c.slug for c in result.cases if c.meta.is_public}, renamed(records))
    size = -(-len(paths) // workers)
    chunks = [paths[i:i + size] for i in range(0, len(paths), size)]
    problems: list[Problem] = []
    records: list[Record] = []
    public: set[str] = set()
    with ProcessPoolExecutor(len(chunks), mp_context=_context()) as pool:
        for found, light, valid in pool.map(_check_chunk, chunks, [root] * len(chunks),
                                            [today] * len(chunks), [review_years] * len(chunks)):
            problems.extend(found)
            records.extend(light)
            public |= valid
    problems.extend(check_collection(records, known_slugs, reserved))
    return Checked(sorted(problems, key=position), public, renamed(records))


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _check_chunk(paths: list[Path], root: Path | None, today: dt.date,
                 review_years: int) -> tuple[list[Problem], list[Record], set[str]]:
    records = load_paths(paths, root)
    cases, problems = check_all(records, lambda record: check_record(record, today, review_years))
    return problems, [_for_collection(r) for r in records], {c.slug for c in cases if c.meta.is_public}


def _for_collection(record: Record) -> Record:
    """The record reduced to what the collection checks read, cheap to send between processes."""
    data = None
    if isinstance(record.data, dict):
        data = {key: record.data[key] for key in ("aliases", "related") if key in record.data}
    return Record(record.path, record.slug, record.name, data, record.front_matter,
                  record.front_matter_line)


def check_record(record: Record, today: dt.date,
                 review_years: int = DEFAULT_REVIEW_YEARS) -> tuple[Case | None, list[Problem]]:
    """All problems of one file, and its case when the front matter is valid."""
    problems = list(record.problems)
    if record.data is None:
        return None, problems
    name = record.name
    placeholders = list(itertools.islice(placeholder_problems(record, name), MAX_REPORTED))
    try:
        meta = CaseStudy.model_validate(record.data)
    except ValidationError as error:
        meta = None
        # A placeholder left in a field, or a number too long to read (E313 from the loader),
        # is reported once, as such, not also as a bad value.
        filled = {(p.line, p.column) for p in placeholders}
        filled |= {(p.line, p.column) for p in record.problems if p.code == "E313"}
        problems.extend(p for p in schema_problems(record, name, error, MODELS_BY_PATH)
                        if (p.line, p.column) not in filled)
    problems.extend(placeholders)
    problems.extend(itertools.islice(control_problems(record, name), MAX_REPORTED))
    problems.extend(body.body_problems(record, name, source_ids(record.data)))
    problems.extend(itertools.islice(reference_problems(record, name), MAX_REPORTED))
    if meta is not None:
        problems.extend(review_problems(record, name, meta, today, review_years))
        problems.extend(approx_problems(record, name, meta))
        problems.extend(open_period_problems(record, name, meta))
        problems.extend(vendor_problems(record, name, meta))
    fatal = any(p.is_error for p in problems)
    return (None if fatal else Document(record, meta)), problems
