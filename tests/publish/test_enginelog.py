"""MkDocs' messages about pages, in French (publish/enginelog.py); any other labelled as
the engine's, never hidden."""

from __future__ import annotations

import logging

import pytest

from generator.publish import enginelog

MESSAGES = {
    "Doc file 'cas/a/index.md' contains a link '../b.md', but the target 'cas/b.md' is not found among "
    "documentation files.": "la page cas/a/index.md contient le lien « ../b.md », dont la cible est introuvable",
    "Doc file 'a.md' contains a link 'b.md#x', but the doc 'b.md' does not contain an anchor '#x'.":
        "la page a.md contient le lien « b.md#x », mais la page b.md n'a pas d'ancre « #x ».",
    "Doc file 'a.md' contains a link '#y', but there is no such anchor on this page.":
        "la page a.md contient le lien « #y », mais elle n'a pas d'ancre de ce nom.",
    "Doc file 'a.md' contains a link '#fnref:1', but there is no such anchor on this page. This seems to be a "
    "footnote that is never referenced.": "vers une note de bas de page qui n'est jamais appelée",
    "Doc file 'a.md' contains an absolute link '/x/', it was left as is.": "le lien absolu « /x/ », laissé tel quel",
    "Doc file 'a.md' contains an unrecognized relative link 'x', it was left as is.": "le lien relatif « x »",
    "Doc file 'a.md' contains a link to 'b.md' which is excluded from the built site.":
        "un lien vers b.md, qui est exclue du site construit",
    "Aborted with 3 warnings in strict mode!": "Arrêt : 3 avertissement(s) du moteur",
    "Something new happened.": "MkDocs : Something new happened.",
}


@pytest.mark.parametrize("message", sorted(MESSAGES))
def test_each_message_reads_in_french(message: str) -> None:
    assert MESSAGES[message] in enginelog.french(message)


def test_the_handler_prints_once_with_a_french_label(capsys: pytest.CaptureFixture) -> None:
    handler = enginelog.speak_french("mkdocs.essai")
    try:
        logging.getLogger("mkdocs.essai").warning("Doc file 'a.md' contains an absolute link '/x/', it was left as is.")
        logging.getLogger("mkdocs.essai").info("Building documentation...")
    finally:
        logging.getLogger("mkdocs.essai").removeHandler(handler)
    assert capsys.readouterr().err == ("Avertissement du moteur : la page a.md contient le lien absolu « /x/ », "
                                       "laissé tel quel.\n")
