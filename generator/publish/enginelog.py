"""MkDocs' messages, in French, where a contributor reads them (`smg build`, `smg serve`).

smg checks links and anchors before the engine runs, so a warning of the engine means
that something got through: the contributor must understand it. The messages MkDocs
gives about pages are translated; any other keeps its English text, labelled as the
engine's, so that nothing is hidden.
"""

from __future__ import annotations

import logging
import re
import sys

_PAGE = r"Doc file '(?P<page>[^']*)'"
TRANSLATIONS = [
    (re.compile(_PAGE + r" contains a link '(?P<link>[^']*)', but the target(?: '(?P<target>[^']*)')? "
                r"is not found among documentation files\.$"),
     "la page {page} contient le lien « {link} », dont la cible est introuvable parmi les pages du site."),
    (re.compile(_PAGE + r" contains a link '(?P<link>[^']*)', but the doc '(?P<target>[^']*)' "
                r"does not contain an anchor '#(?P<anchor>[^']*)'\.$"),
     "la page {page} contient le lien « {link} », mais la page {target} n'a pas d'ancre « #{anchor} »."),
    (re.compile(_PAGE + r" contains a link '(?P<link>[^']*)', but there is no such anchor on this page\. "
                r"This seems to be a footnote that is never referenced\.$"),
     "la page {page} contient le lien « {link} », vers une note de bas de page qui n'est jamais appelée."),
    (re.compile(_PAGE + r" contains a link '(?P<link>[^']*)', but there is no such anchor on this page\.$"),
     "la page {page} contient le lien « {link} », mais elle n'a pas d'ancre de ce nom."),
    (re.compile(_PAGE + r" contains an absolute link '(?P<link>[^']*)', it was left as is\.$"),
     "la page {page} contient le lien absolu « {link} », laissé tel quel."),
    (re.compile(_PAGE + r" contains an unrecognized relative link '(?P<link>[^']*)', it was left as is\.$"),
     "la page {page} contient le lien relatif « {link} », qui ne mène à aucune page connue : laissé tel quel."),
    (re.compile(_PAGE + r" contains a link to '(?P<target>[^']*)' which is excluded from the built site\.$"),
     "la page {page} contient un lien vers {target}, qui est exclue du site construit."),
    (re.compile(r"Aborted with (?P<count>\d+) warnings? in strict mode!$"),
     "Arrêt : {count} avertissement(s) du moteur, refusé(s) en mode strict."),
    (re.compile(r"Aborted with a BuildError!$"), "Arrêt : erreur de construction du moteur."),
]
LABELS = {logging.WARNING: "Avertissement du moteur", logging.ERROR: "Erreur du moteur",
          logging.CRITICAL: "Erreur du moteur"}


def french(message: str) -> str:
    """MkDocs' `message` in French when it is one it gives about pages; else as it is,
    prefixed with the engine's name."""
    for pattern, text in TRANSLATIONS:
        found = pattern.match(message.strip())
        if found:
            return text.format(**{key: value or "" for key, value in found.groupdict().items()})
    return f"MkDocs : {message.strip()}"


class FrenchFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        label = LABELS.get(record.levelno, "Moteur")
        return f"{label} : {french(record.getMessage())}"


def speak_french(logger: str = "mkdocs", level: int = logging.WARNING) -> logging.Handler:
    """Print `logger`'s messages of `level` and above in French on stderr (Python's
    last-resort handler, which printed them as they are, serves only loggers with no
    handler); returns the handler, for `logging.getLogger(logger).removeHandler`."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(level)
    handler.setFormatter(FrenchFormatter())
    logging.getLogger(logger).addHandler(handler)
    return handler
