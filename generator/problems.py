"""Problems found in case studies: the data every check produces.

A problem is plain data (file, line, column, code, message, severity), so checks
never print or raise: they return problems, and the CLI prints them all at once.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"

# Every code a check may emit, with a short French title (used in docs and JSON output).
CODES: dict[str, str] = {
    "E101": "fichier non encodé en UTF-8",
    "E102": "fichier vide",
    "E103": "en-tête YAML absent",
    "E104": "en-tête YAML non fermé",
    "E105": "fichier trop volumineux",
    "E106": "nom de fichier invalide",
    "E107": "lien symbolique ou fichier spécial",
    "E108": "page d'un type non permis dans docs/",
    "E109": "fichier que smg validate ne vérifie pas",
    "E201": "erreur de syntaxe YAML",
    "E202": "clé en double",
    "E203": "ancre ou alias YAML",
    "E204": "étiquette YAML personnalisée",
    "E205": "en-tête qui n'est pas un dictionnaire",
    "E206": "imbrication trop profonde",
    "E301": "champ inconnu",
    "E302": "champ obligatoire manquant",
    "E303": "type incorrect",
    "E304": "valeur hors vocabulaire",
    "E305": "code pays invalide",
    "E306": "date ou année impossible",
    "E307": "chiffre négatif",
    "E308": "chiffre sans date ou sans source",
    "E309": "référence à une source inconnue",
    "E310": "adresse web non http(s)",
    "E311": "valeur invalide",
    "E312": "caractère de contrôle",
    "E313": "nombre hors limites",
    "E314": "liste ou texte trop long",
    "E315": "chiffre approximatif non marqué",
    "E316": "champ réservé aux pages générées",
    "E401": "identifiant en double",
    "E402": "étude de cas liée introuvable",
    "E403": "adresse déjà prise par une autre page",
    "E404": "durées d'un module qui ne s'additionnent pas",
    "E501": "HTML exécutable dans le texte",
    "E502": "citation d'une source inconnue",
    "E503": "image venant d'un autre site",
    "E504": "balise HTML non permise",
    "E505": "attribut HTML non permis",
    "E506": "classe non permise",
    "E507": "lien vers une page absente",
    "E508": "adresse non permise",
    "E509": "lien vers une section absente",
    "E510": "image SVG non sûre",
    "E601": "texte à compléter",
    "W701": "relecture ancienne",
    "W702": "fichier inattendu, ignoré",
    "W703": "période ouverte sans source récente",
    "W704": "sources toutes de prestataires",
}


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one place of one file."""

    path: str
    line: int
    column: int
    code: str
    message: str
    severity: str = ERROR

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


def problem(path: str, line: int, column: int, code: str, message: str) -> Problem:
    """Build a problem whose severity follows from its code (W… are warnings).

    Messages quote what contributors wrote: control characters in them are shown as
    their code (U+001B), so that none reaches a terminal or an annotation as such.
    """
    severity = WARNING if code.startswith("W") else ERROR
    return Problem(printable(str(path)), max(line, 1), max(column, 1), code, printable(message), severity)


# Control characters, and the lone surrogates that stand for the bytes of a file name
# that is not UTF-8 (they could not even be printed).
_UNPRINTABLE_RE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def printable(text: str) -> str:
    """`text` with control characters shown as their code (U+001B) and the undecodable
    bytes of a file name as \\xe9, so that none reaches a terminal or an annotation."""
    if not _UNPRINTABLE_RE.search(text):
        return text
    return _UNPRINTABLE_RE.sub(_shown, text)


def _shown(found: re.Match) -> str:
    code = ord(found.group())
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"U+{code:04X}"


def format_text(p: Problem) -> str:
    """`casestudies/rennes.md:7:3: E304 message`, as compilers and linters print."""
    return f"{p.path}:{p.line}:{p.column}: {p.code} {p.message}"


def format_github(p: Problem) -> str:
    """A GitHub Actions workflow command, shown as an annotation on the PR line."""
    kind = "error" if p.is_error else "warning"
    title = _escape_property(f"{p.code} {CODES.get(p.code, '')}".strip())
    message = _escape_data(p.message)
    path = _escape_property(p.path)
    return f"::{kind} file={path},line={p.line},col={p.column},title={title}::{message}"


def format_summary(problems: list[Problem], files: int) -> str:
    """Every problem as a Markdown table, for the job summary ($GITHUB_STEP_SUMMARY).

    GitHub shows at most 10 annotations per step: the summary lists them all. Every
    value is escaped, since messages quote the case studies' own (untrusted) text.
    """
    lines = ["## Vérification des études de cas", "", _escape_markdown(summary(problems, files))]
    if problems:
        lines += ["", "| Emplacement | Code | Message |", "| --- | --- | --- |"]
        for p in problems:
            where = _escape_markdown(f"{p.path}:{p.line}:{p.column}")
            lines.append(f"| {where} | {_escape_markdown(p.code)} | {_escape_markdown(p.message)} |")
    return "\n".join(lines) + "\n"


def format_json(problems: list[Problem], files: int) -> str:
    """All problems as one JSON document, for tools."""
    errors = sum(p.is_error for p in problems)
    payload = {
        "files": files,
        "errors": errors,
        "warnings": len(problems) - errors,
        "problems": [asdict(p) | {"title": CODES.get(p.code, "")} for p in problems],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


def summary(problems: list[Problem], files: int) -> str:
    """The closing line: how many files, errors and warnings, in French."""
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    return (
        f"{plural(files, 'fichier vérifié', 'fichiers vérifiés')}, "
        f"{plural(errors, 'erreur', 'erreurs')}, "
        f"{plural(warnings, 'avertissement', 'avertissements')}."
    )


def plural(n: int, one: str, many: str) -> str:
    """'1 erreur', '2 erreurs', '0 erreur' (French: 0 and 1 take the singular)."""
    return f"{n} {one if n <= 1 else many}"


def ordinal(n: int) -> str:
    """'1re', '2e', '3e'…: the French abbreviated ordinal of a feminine noun (« 1re entrée »)."""
    return f"{n}re" if n == 1 else f"{n}e"


def _escape_data(text: str) -> str:
    # GitHub's workflow-command escaping (actions/toolkit, command.ts).
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


# Characters that start Markdown, HTML or a GitHub extension inside a table cell (`|`
# ends the cell, `~` strikes through, `$` starts math, `:` emoji and bare links). They
# become numeric character references, read as plain text by GitHub's renderer and by
# Python-Markdown alike; a backslash escape would not cover `<`, `&` or `~` in both.
_MARKDOWN_SPECIAL = {char: f"&#{ord(char)};" for char in "&<>|\\`*_[]!~#$:"}


def _escape_markdown(text: str) -> str:
    text = " ".join(text.splitlines())  # a table row is one line
    return "".join(_MARKDOWN_SPECIAL.get(char, char) for char in text)
