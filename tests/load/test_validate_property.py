"""Whatever a file holds, loading and validating it gives problems, never an exception.

Every problem must point into the file: line and column at least 1, and the line
no further than the file's last line.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.check.record import validate
from generator.load.load import load_file
from generator.problems import CODES, ERROR, WARNING, format_github, format_json, format_text, summary

from ..conftest import VALID

SETTINGS = settings(max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

LINES = VALID.split("\n")
FRONT_MATTER_END = LINES.index("---", 1)

YAML_FRAGMENTS = [
    "&a", "*a", "&a [1]", "<<: *a", "!!python/object/apply:os.system [\"echo x\"]", "!perso", "!!str",
    "!!binary aGVsbG8=", "[", "]", "{", "}", "[[[[[[[[[[[[[[[[[[[[", "{a: {b: {c: {d:", ":", ": :", "- ",
    "- - - - - - - - - - - - - - x", "? ", "? [a, b]\n: c", "|", ">-", "'", '"', "#", "%YAML 1.2",
    "%TAG ! tag:x,2000:", "---", "...", "\t", "  ", "    ", "null", "~", "NO", "yes", "true", "0x1F",
    "1e309", "-1e309", ".nan", ".inf", "99999999999999999999999999999999999999", "9" * 5000, "-0",
    "2010-02-30", "2999-01-01", "1850", "À COMPLÉTER", "[^inconnu]", "<script>alert(1)</script>",
    "[x](javascript:alert(1))", "<img onerror=alert(1)>", "javascript:alert(1)", "\u2028", "\x00",
    "\x85", "\ufeff", "\r", "\r\n", "é", "😀", "title:", "sources: []", "sources: [{id: a}]",
    "platforms: [{platform: twitter, audience: [{value: -1, source: x}]}]", "related: [cas, cas]",
    "aliases: [cas]", "period: {start: 2012, end: 2010}", "country: no", "level: [commune]",
    "1: 2", "[a]: b", "{a: b}: c", "? - a\n: b", "tags: !!set {a, b}", "x: &b\n  y: *b",
]

mutation = st.one_of(
    st.tuples(st.just("delete"), st.integers(0, 200)),
    st.tuples(st.just("duplicate"), st.integers(0, 200)),
    st.tuples(st.just("swap"), st.integers(0, 200), st.integers(0, 200)),
    st.tuples(st.just("characters"), st.integers(0, 5000), st.text(max_size=8)),
    st.tuples(st.just("fragment"), st.integers(0, 200), st.sampled_from(YAML_FRAGMENTS)),
    st.tuples(st.just("fragment-inline"), st.integers(0, 5000), st.sampled_from(YAML_FRAGMENTS)),
    st.tuples(st.just("indent"), st.integers(0, 200), st.integers(-4, 4)),
)


def mutate(text: str, mutations: list[tuple]) -> str:
    for operation, position, *rest in mutations:
        lines = text.split("\n")
        line = position % len(lines)
        if operation == "delete":
            del lines[line]
        elif operation == "duplicate":
            lines.insert(line, lines[line])
        elif operation == "swap":
            other = rest[0] % len(lines)
            lines[line], lines[other] = lines[other], lines[line]
        elif operation == "fragment":
            lines.insert(line, rest[0])
        elif operation == "indent":
            shift = rest[0]
            lines[line] = " " * shift + lines[line] if shift >= 0 else lines[line][-shift:]
        else:  # characters or a fragment inside a line
            index = position % (len(text) + 1)
            text = text[:index] + rest[0] + text[index:]
            continue
        text = "\n".join(lines)
    return text


def assert_sound(path: Path) -> None:
    """Load and validate one file; every problem is well formed and inside the file."""
    raw = path.read_bytes()
    last_line = raw.count(b"\n") + raw.count(b"\r") + 1
    record = load_file(path, "cas.md")
    result = validate([record])
    for problem in result.problems:
        assert problem.path == "cas.md"
        assert problem.code in CODES
        assert problem.severity == (WARNING if problem.code.startswith("W") else ERROR)
        assert isinstance(problem.line, int) and 1 <= problem.line <= last_line, problem
        assert isinstance(problem.column, int) and problem.column >= 1, problem
        assert problem.message and "Traceback" not in problem.message
        format_text(problem)
        format_github(problem)
    json.loads(format_json(result.problems, 1))
    summary(result.problems, 1)
    if not result.errors:
        assert [case.slug for case in result.cases] == ["cas"]


def write(tmp_path: Path, content: str | bytes) -> Path:
    path = tmp_path / "cas.md"
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


front_matter_bytes = st.binary(max_size=400).map(lambda b: b"---\n" + b + b"\n---\n")


@SETTINGS
@given(st.one_of(st.binary(max_size=2000), st.binary(max_size=400).map(lambda b: b"---\n" + b),
                 front_matter_bytes, st.binary(max_size=400).map(lambda b: b"\xef\xbb\xbf---\r\n" + b)))
def test_arbitrary_bytes(tmp_path: Path, content: bytes) -> None:
    assert_sound(write(tmp_path, content))


@SETTINGS
@given(st.one_of(st.text(max_size=1000), st.text(max_size=300).map(lambda t: "---\n" + t + "\n---\n" + t),
                 st.text(alphabet=st.sampled_from(list("-:[]{}&*!|>'\"#?,\n \t%@`abc0129")), max_size=300)
                 .map(lambda t: "---\n" + t + "\n---\n")))
def test_arbitrary_text(tmp_path: Path, content: str) -> None:
    assert_sound(write(tmp_path, content))


@SETTINGS
@given(st.lists(mutation, min_size=1, max_size=4))
def test_mutations_of_a_valid_case_study(tmp_path: Path, mutations: list[tuple]) -> None:
    assert_sound(write(tmp_path, mutate(VALID, mutations)))


@SETTINGS
@given(st.integers(1, FRONT_MATTER_END - 1), st.sampled_from(YAML_FRAGMENTS))
def test_fragment_replacing_a_front_matter_line(tmp_path: Path, line: int, fragment: str) -> None:
    lines = list(LINES)
    lines[line] = fragment
    assert_sound(write(tmp_path, "\n".join(lines)))


@SETTINGS
@given(st.integers(1, FRONT_MATTER_END - 1), st.sampled_from(YAML_FRAGMENTS))
def test_fragment_as_a_value(tmp_path: Path, line: int, fragment: str) -> None:
    lines = list(LINES)
    key, colon, _ = lines[line].partition(":")
    lines[line] = f"{key}: {fragment}" if colon else lines[line] + " " + fragment
    assert_sound(write(tmp_path, "\n".join(lines)))


@SETTINGS
@given(st.lists(mutation, min_size=1, max_size=3), st.lists(mutation, min_size=1, max_size=3))
def test_collections_of_mutated_files(tmp_path: Path, first: list[tuple], second: list[tuple]) -> None:
    paths = []
    for name, mutations in (("cas", first), ("autre", second)):
        path = tmp_path / f"{name}.md"
        path.write_text(mutate(VALID.replace("related: []", "related: [cas, autre]"), mutations),
                        encoding="utf-8")
        paths.append(path)
    result = validate([load_file(path) for path in paths])
    for problem in result.problems:
        assert problem.line >= 1 and problem.column >= 1 and problem.code in CODES
