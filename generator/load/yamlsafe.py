"""The hardened YAML loader: libyaml when present, a resolver that follows YAML 1.2
(so `NO` stays the string "NO" and dates stay text until the schema checks them),
anchors, aliases, tags and deep nesting refused by a flat token scan before anything
is built, and every YAML error said in French at its line and column."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, SequenceNode
from yaml.resolver import BaseResolver

from generator.format.fields import LARGEST_NUMBER
from generator.format.text import excerpt, french_number
from generator.problems import Problem, problem

MAX_DEPTH = 12
# Only these characters can start an anchor, alias or tag, or nest deeply on one
# line; files without them skip the token scan (the common, fast path).
# Nesting that could exhaust the parser's stack needs, on some line, many compact
# indicators ("- - - -") or a very deep indentation.
RISKY_SNIPPETS = ("&", "*", "!", "- - -", "? ?", ": -", "\n" + " " * 24, "\t")


class _Resolver(BaseResolver):
    """YAML 1.2 core-schema resolution of plain scalars (no yes/no booleans, no dates)."""


MAX_DIGITS = 30  # digits of a number in YAML: ten billion has 11

_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)(?:[eE][-+]?[0-9]+)?$"),
    list("-+.0123456789"),
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


class _Constructor(SafeConstructor):
    """Safe constructor that records duplicate keys instead of silently keeping the last."""

    def __init__(self) -> None:
        super().__init__()
        self.duplicates: list[tuple[str, yaml.Mark]] = []
        self.huge: list[tuple[int, yaml.Mark]] = []

    def construct_yaml_int(self, node: Node) -> int | None:
        # Python refuses to read an integer of more than 4,300 digits (and reading one
        # costs time): a number far longer than any real one is reported at its place.
        digits = len(node.value.lstrip("+-"))
        if digits > MAX_DIGITS:
            self.huge.append((digits, node.start_mark))
            return None
        return super().construct_yaml_int(node)

    def construct_mapping(self, node: Node, deep: bool = False) -> dict:
        if not isinstance(node, MappingNode):
            raise ConstructorError(None, None, "expected a mapping", node.start_mark)
        mapping: dict = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            key = key if isinstance(key, str) else _plain(key_node)
            if key in mapping:
                self.duplicates.append((key, key_node.start_mark))
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


_Constructor.add_constructor("tag:yaml.org,2002:int", _Constructor.construct_yaml_int)


def _plain(node: Node) -> str:
    return node.value if isinstance(node.value, str) else "…"


try:
    from yaml.cyaml import CParser as _Parser

    class StrictLoader(_Parser, _Constructor, _Resolver):  # type: ignore[misc]
        """libyaml parser, safe constructor, YAML 1.2 resolver."""

        def __init__(self, stream: str) -> None:
            _Parser.__init__(self, stream)
            _Constructor.__init__(self)
            _Resolver.__init__(self)

except ImportError:  # pragma: no cover - libyaml is missing on some platforms
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class StrictLoader(Reader, Scanner, Parser, Composer, _Constructor, _Resolver):  # type: ignore[no-redef]
        """Pure-Python parser, safe constructor, YAML 1.2 resolver."""

        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)
            _Constructor.__init__(self)
            _Resolver.__init__(self)


def parse_front_matter(source: str, name: str, first_line: int, problems: list[Problem],
                       max_bytes: int | None = None) -> Any:
    """Parse YAML text into Python data, or return None after appending problems.

    A source over `max_bytes` is refused (E314) after the flat scans, before parsing.
    """
    control = _NON_PRINTABLE.search(source)
    if control is not None:
        problems.append(_control_problem(source, control.start(), name, first_line))
        return None
    if _risky(source) and not _scan(source, name, first_line, problems):
        return None
    size = len(source.encode("utf-8"))
    if max_bytes is not None and size > max_bytes:
        problems.append(problem(name, first_line, 1, "E314", f"en-tête YAML de {size // 1024} Kio : il en "
                                f"fait au plus {max_bytes // 1024} Kio (celui d'une étude de cas tient en "
                                "quelques Kio ; le récit qui suit peut être plus long)."))
        return None
    loader = StrictLoader(source)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        problems.append(yaml_problem(error, name, first_line))
        return None
    except (yaml.YAMLError, RecursionError, ValueError, TypeError) as error:
        problems.append(problem(name, first_line, 1, "E201", f"en-tête YAML illisible ({error})."))
        return None
    finally:
        loader.dispose()
    for digits, mark in loader.huge:
        problems.append(problem(name, mark.line + first_line, mark.column + 1, "E313",
                                f"nombre de {digits} chiffres hors limites : attendu un nombre entre 0 et "
                                f"{french_number(LARGEST_NUMBER)}."))
    for key, mark in loader.duplicates:
        problems.append(
            problem(name, mark.line + first_line, mark.column + 1, "E202",
                    f"la clé « {_excerpt(key)} » apparaît plusieurs fois dans le même bloc ; "
                    "gardez-en une seule.")
        )
    if data is None:
        data = {}
    if not isinstance(data, dict):
        problems.append(
            problem(name, first_line, 1, "E205", f"l'en-tête YAML est {_kind(data)} ; attendu une "
                    "suite de champs « nom: valeur » (un dictionnaire).")
        )
        return None
    return data


# Characters YAML refuses (its reader raises an unmarked error on them), and the
# Unicode line breaks (U+0085, U+2028, U+2029) that YAML counts as new lines but
# editors do not, which would shift every line number after them: found first, so
# that the problem has a line and a column.
_NON_PRINTABLE = re.compile("[^\t\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _control_problem(source: str, index: int, name: str, first_line: int) -> Problem:
    line = source.count("\n", 0, index) + first_line
    column = index - (source.rfind("\n", 0, index) + 1) + 1
    return problem(name, line, column, "E201", f"YAML invalide : caractère de contrôle ou "
                   f"invisible U+{ord(source[index]):04X} interdit dans l'en-tête ; supprimez-le "
                   "(il vient souvent d'un copier-coller).")


def _risky(source: str) -> bool:
    if any(snippet in source for snippet in RISKY_SNIPPETS):
        return True
    return source.count("[") + source.count("{") > MAX_DEPTH


# libyaml looks ahead through a run of flow brackets before yielding the first one, and
# some versions (0.2.6) stop at their own depth limit with an English message. Scanning
# only the text before the bracket at this depth keeps the first E206 exactly where a
# full scan would find it, whatever libyaml is installed.
FLOW_SCAN_LIMIT = 10 * MAX_DEPTH
_FLOW_BRACKET_RE = re.compile(r"[\[\]{}]")


def _scan(source: str, name: str, first_line: int, problems: list[Problem]) -> bool:
    """`_scan_tokens`, on the text before a very deep run of flow brackets when there is one."""
    cut = _before_deep_flow(source)
    if len(cut) < len(source):
        found: list[Problem] = []
        if not _scan_tokens(cut, name, first_line, found) and any(p.code == "E206" for p in found):
            problems.extend(found)
            return False
    return _scan_tokens(source, name, first_line, problems)


def _before_deep_flow(source: str) -> str:
    """The source cut just after its first flow bracket nested FLOW_SCAN_LIMIT deep."""
    depth = 0
    for match in _FLOW_BRACKET_RE.finditer(source):
        depth = depth + 1 if match.group() in "[{" else max(depth - 1, 0)
        if depth >= FLOW_SCAN_LIMIT:
            return source[:match.end()]
    return source


_DEPTH_UP = (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken,
             yaml.FlowMappingStartToken, yaml.FlowSequenceStartToken)
_DEPTH_DOWN = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)


def _scan_tokens(source: str, name: str, first_line: int, problems: list[Problem]) -> bool:
    """Refuse anchors, aliases, tags and deep nesting before anything is built.

    The scan is flat (libyaml's scanner keeps no recursion), so it is safe on any
    input, whereas composing a deeply nested document recurses.
    """
    depth = 0
    count = len(problems)
    try:
        for token in yaml.scan(source, Loader=StrictLoader):
            line, column = token.start_mark.line + first_line, token.start_mark.column + 1
            if isinstance(token, _DEPTH_UP):
                depth += 1
                if depth > MAX_DEPTH:
                    problems.append(problem(name, line, column, "E206",
                                            f"plus de {MAX_DEPTH} niveaux d'imbrication ; "
                                            "une étude de cas en compte au plus 5."))
                    return False
            elif isinstance(token, _DEPTH_DOWN):
                depth -= 1
            elif isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
                problems.append(_anchor_problem(token, name, line, column))
            elif isinstance(token, yaml.TagToken):
                problems.append(problem(name, line, column, "E204",
                                        f"étiquette YAML « {_tag(token)} » refusée : écrivez la "
                                        "valeur telle quelle, sans « ! » devant."))
    except yaml.MarkedYAMLError as error:
        problems.append(yaml_problem(error, name, first_line))
    return len(problems) == count


def _anchor_problem(token: yaml.Token, name: str, line: int, column: int) -> Problem:
    if isinstance(token, yaml.AnchorToken):
        what = f"ancre « &{_excerpt(token.value)} » refusée"
    else:
        what = f"alias « *{_excerpt(token.value)} » refusé"
    return problem(name, line, column, "E203",
                   f"{what} : les ancres et alias YAML rendent "
                   "le fichier difficile à relire ; recopiez la valeur.")


def _tag(token: yaml.TagToken) -> str:
    handle, suffix = token.value
    return _excerpt(f"{handle or ''}{suffix or ''}")


def yaml_problem(error: yaml.MarkedYAMLError, name: str, first_line: int) -> Problem:
    mark = error.problem_mark or error.context_mark
    line = mark.line + first_line if mark else first_line
    column = mark.column + 1 if mark else 1
    what = _yaml_message(error.problem or "")
    return problem(name, line, column, "E201", f"YAML invalide : {what}. Vérifiez l'indentation, "
                   "les deux-points et les guillemets autour des textes contenant « : » ou « # ».")


_YAML_MESSAGES = {
    "mapping values are not allowed here": "deux-points inattendu",
    "mapping values are not allowed in this context": "deux-points inattendu",
    "could not find expected ':'": "deux-points manquant",
    "found character that cannot start any token": "caractère inattendu (tabulation ?)",
    "found unexpected end of stream": "fin de texte inattendue (guillemet ou crochet non fermé ?)",
    "did not find expected key": "champ attendu (indentation incohérente ?)",
    "did not find expected '-' indicator": "élément de liste « - » attendu",
    "found undefined alias": "alias non défini",
    "found unknown escape character": "séquence d'échappement inconnue entre guillemets",
    "control characters are not allowed": "caractère de contrôle interdit",
    "found unexpected ':'": "deux-points inattendu",
    "did not find expected ',' or ']'": "virgule ou « ] » attendu (crochet non fermé ?)",
    "did not find expected ',' or '}'": "virgule ou « } » attendu (accolade non fermée ?)",
    "did not find expected node content": "valeur attendue",
    "did not find expected comment or line break": "fin de ligne attendue (texte en trop après la valeur ?)",
    "did not find expected whitespace or line break": "espace ou fin de ligne attendu",
    "did not find expected alphabetic or numeric character": "lettre ou chiffre attendu",
    "did not find expected <document start>": "texte inattendu (indentation incohérente ?)",
    "mapping keys are not allowed in this context": "clé inattendue à cet endroit",
    "block sequence entries are not allowed in this context": "élément de liste « - » inattendu à cet endroit",
    "found a tab character that violates indentation": "tabulation dans l'indentation (utilisez des espaces)",
    "found a tab character where an indentation space is expected":
        "tabulation dans l'indentation (utilisez des espaces)",
    "found unexpected document indicator": "ligne « --- » ou « ... » inattendue",
}


# The pure-Python parser (MkDocs' loader) words some of them differently, with what
# it found at the end: matched on their start.
_YAML_MESSAGE_STARTS = {
    "expected ',' or ']'": "virgule ou « ] » attendu (crochet non fermé ?)",
    "expected ',' or '}'": "virgule ou « } » attendu (accolade non fermée ?)",
    "expected <block end>": "champ attendu (indentation incohérente ?)",
    "expected ':'": "deux-points manquant",
    "expected the node content": "valeur attendue",
}


def _yaml_message(english: str) -> str:
    if english in _YAML_MESSAGES:
        return _YAML_MESSAGES[english]
    start = next((key for key in _YAML_MESSAGE_STARTS if english.startswith(key)), None)
    if start is not None:
        return _YAML_MESSAGE_STARTS[start]
    return f"syntaxe invalide ({english})" if english else "syntaxe invalide"


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "une liste"
    if isinstance(value, str):
        return "un texte seul"
    return "une valeur seule"


def _excerpt(text: str) -> str:
    return excerpt(text.replace("\n", " "))


@lru_cache(maxsize=16)
def compose(source: str) -> Node | None:
    """The YAML node tree of a front matter already known to parse, for locating problems.

    Cached: a file with several problems is composed once, not once per problem
    (callers only read the tree).
    """
    loader = StrictLoader(source)
    try:
        return loader.get_single_node()
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()


def locate(root: Node | None, loc: tuple, want_key: bool = False) -> tuple[int, int]:
    """0-based (line, column) of the node at a data path such as ('platforms', 0, 'url').

    Walks as far as the path exists; a missing field is reported at its parent.
    """
    node = root
    if node is None:
        return (0, 0)
    for index, part in enumerate(loc):
        child = _child(node, part, want_key and index == len(loc) - 1)
        if child is None:
            continue
        node = child
    return (node.start_mark.line, node.start_mark.column)


def _child(node: Node, part: Any, want_key: bool) -> Node | None:
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == part:
                return key_node if want_key else value_node
    elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return node.value[part]
    return None

