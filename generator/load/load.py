"""Load stage: a Markdown or YAML file to a record, keeping line numbers.

Reading is defensive: any byte sequence gives either a record or problems, never
an exception. Files are read through files.py (regular files only, size limit) and
YAML through yamlsafe.py (the hardened loader).
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Any

import frontmatter

from generator.format.documents import Record
from generator.format.fields import SLUG_RE
from generator.format.text import excerpt
from generator.load.files import MAX_BYTES, NotRegular, read_limited, read_problem
from generator.load.yamlsafe import parse_front_matter
from generator.problems import Problem, problem

# The largest real front matter is under 5 Kio; parsing (then locating problems in) a
# near-1-Mio one takes seconds, so a front matter this long is refused before parsing.
MAX_FRONT_MATTER_BYTES = 64 * 1024
# python-frontmatter's delimiter rule (three dashes or more), matched line by line so
# that we know where the front matter and the body start (Handler below).
BOUNDARY_RE = re.compile(r"^-{3,}[ \t]*$", re.MULTILINE)


def slug_of(path: Path) -> str:
    """The permanent identifier of a case study: its file name without `.md`."""
    return path.name.removesuffix(".md")


def load_file(path: Path, display: str | None = None) -> Record:
    """Read one case-study file into a record; problems are collected, never raised."""
    name = display or str(path)
    record = Record(path=path, slug=slug_of(path), name=name)
    if not SLUG_RE.fullmatch(record.slug) or not path.name.endswith(".md"):
        record.problems.append(_bad_name(name, path.name))
    text = _read_text(path, name, record.problems,
                      " ; une étude de cas tient en quelques dizaines de Kio.")
    if text is not None:
        _split_and_parse(text, name, record)
    return record


def load_data_file(path: Path, display: str | None = None) -> Record:
    """Read a whole-YAML data file (such as comparaisons.yml) as a record."""
    name = display or str(path)
    record = Record(path=path, slug=path.stem, name=name, front_matter_line=1)
    text = _read_text(path, name, record.problems, ".")
    if text is not None:
        record.front_matter = text
        record.data = parse_front_matter(text, name, 1, record.problems)
    return record


def _read_text(path: Path, name: str, problems: list[Problem], size_hint: str) -> str | None:
    """The file's text, or None after appending why it cannot be read: a link or special
    file, a system error, more than MAX_BYTES, not UTF-8, or empty."""
    try:
        raw = read_limited(path)
    except (OSError, NotRegular) as error:
        problems.append(read_problem(name, error))
        return None
    if raw is None:
        problems.append(problem(name, 1, 1, "E105", f"fichier de plus de {MAX_BYTES // 1024} Kio{size_hint}"))
        return None
    return _decode(raw, name, problems)


def _bad_name(name: str, filename: str) -> Problem:
    return problem(
        name, 1, 1, "E106",
        f"nom de fichier « {filename} » invalide : attendu des lettres minuscules sans accent, "
        "des chiffres et des tirets, suivis de « .md » (par exemple « rennes-metropole.md »).",
    )


def _decode(raw: bytes, name: str, problems: list[Problem]) -> str | None:
    raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        # Column in characters, as editors count them (the bytes before are valid UTF-8).
        column = len(raw[raw.rfind(b"\n", 0, error.start) + 1 : error.start].decode("utf-8")) + 1
        problems.append(
            problem(name, line, column, "E101",
                    f"octet 0x{raw[error.start]:02x} non valide en UTF-8 ; enregistrez le "
                    "fichier en UTF-8 (la plupart des éditeurs le proposent à l'enregistrement).")
        )
        return None
    if not text.strip():
        problems.append(problem(name, 1, 1, "E102", "fichier vide : attendu un en-tête YAML "
                                "entre deux lignes « --- », puis le récit."))
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


class Handler(frontmatter.YAMLHandler):
    """python-frontmatter's handler with smg's reading rules: the boundary lines, and the
    hardened YAML loader (no anchors, tags or duplicate keys; depth and size bounded).

    `load_file` reads case studies through `positions` (it needs line numbers);
    `frontmatter.loads(text, handler=Handler())` gives the same metadata as a Post, for
    code that reads or writes whole documents (`smg new` checks what it writes with it).
    """

    FM_BOUNDARY = BOUNDARY_RE

    def positions(self, text: str) -> tuple[int, re.Match] | Problem:
        """Where the front matter starts (after the first line) and the closing line,
        or the problem that stops reading."""
        first_end = text.find("\n")
        first_line = text if first_end < 0 else text[:first_end]
        if not BOUNDARY_RE.fullmatch(first_line):
            return problem("", 1, 1, "E103", f"trouvé « {excerpt(first_line)} » en première ligne ; "
                           "attendu « --- » ouvrant l'en-tête YAML.")
        closing = _closing_boundary(text, first_end) if first_end >= 0 else None
        if closing is None:
            return problem("", 1, 1, "E104", "l'en-tête YAML ouvert en ligne 1 n'est jamais fermé : "
                           "ajoutez une ligne « --- » après le dernier champ.")
        return first_end + 1, closing

    def split(self, text: str) -> tuple[str, str]:
        found = self.positions(text)
        if isinstance(found, Problem):
            raise ValueError(found.message)
        start, closing = found
        return text[start:closing.start()], text[closing.end() + 1:]

    def load(self, fm: str, **kwargs: object) -> Any:
        problems: list[Problem] = []
        data = parse_front_matter(fm, "", 1, problems, MAX_FRONT_MATTER_BYTES)
        if problems:
            raise ValueError(" ; ".join(f"ligne {p.line + 1} : {p.message}" for p in problems))
        return data


HANDLER = Handler()


def _split_and_parse(text: str, name: str, record: Record) -> None:
    found = HANDLER.positions(text)
    if isinstance(found, Problem):
        record.problems.append(problem(name, found.line, found.column, found.code, found.message))
        return
    start, closing = found
    record.front_matter = text[start : closing.start()]
    record.body = text[closing.end() + 1 :]
    record.body_line = text.count("\n", 0, closing.end()) + 2
    record.data = parse_front_matter(record.front_matter, name, record.front_matter_line, record.problems,
                                     MAX_FRONT_MATTER_BYTES)


def _closing_boundary(text: str, start: int) -> re.Match | None:
    # str.find runs in C; the pattern then only checks the candidate lines.
    position = text.find("\n---", start)
    while position >= 0:
        match = BOUNDARY_RE.match(text, position + 1)
        if match is not None:
            return match
        position = text.find("\n---", position + 1)
    return None


def load_paths(paths: list[Path], root: Path | None = None) -> list[Record]:
    """Load every file, in a stable order; paths are shown relative to `root`."""
    return [load_file(path, _display(path, root)) for path in paths]


def _display(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            # The folder is resolved, never the file: a link must not show its target.
            return (path.parent.resolve() / path.name).relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()
