"""The hostile corpus: payload bodies, hostile front-matter values, and a site built from them.

Bodies come from fixtures/hostile/payloads.txt (one case study per payload, and one
guide and one training module carrying all of them). Front-matter values come from
the schema itself: every free-text field of every model gets its own hostile value,
so a field added to `generator/format/models.py` is covered without touching this file.

The site is built with the real `smg build` machinery, with one change: the
validator's body check is switched off, as if it had missed every payload, so that
what reaches the pages depends on the sanitiser alone.
"""

from __future__ import annotations

import re
import shutil
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

import yaml
from pydantic import AfterValidator, BaseModel

from generator.check import body as body_checks
from generator.format import models
from generator.project.project import Project
from generator.publish.publish import run_mkdocs
from generator.write import freshness
from generator.write.generate import generate

from .conftest import VALID
from .sitekit import FIXTURES, ROOT, make_project, reviewed_on

HOSTILE = FIXTURES / "hostile"


# --- payload bodies ---------------------------------------------------------------------

@dataclass(frozen=True)
class Payload:
    number: int
    family: str
    safe: bool  # harmless: must give no problem
    body: str

    @property
    def slug(self) -> str:
        return f"charge-{self.number:02d}"


def payloads() -> list[Payload]:
    """Every block of payloads.txt, numbered from 1."""
    text = (HOSTILE / "payloads.txt").read_text(encoding="utf-8")
    blocks = re.split(r"^@ ", text, flags=re.MULTILINE)[1:]  # what comes before is the header
    found = []
    for number, block in enumerate(blocks, 1):
        header, _, body = block.partition("\n")
        words = header.split()
        found.append(Payload(number, words[0], "safe" in words[1:], body.strip("\n")))
    return found


def payload_case(payload: Payload) -> str:
    """The valid base case study, its body replaced by a sentence and the payload."""
    front, _, _ = VALID.partition("\n---\n")
    title = f'title: "Charge {payload.number:02d} ({payload.family})"'
    front = re.sub(r"^title: .*$", title, front, count=1, flags=re.MULTILINE)
    # Reviewed before the case of hostile fields, which comes first in the feed.
    front = re.sub(r"^last_reviewed: .*$", "last_reviewed: 2026-11-01", front, count=1, flags=re.MULTILINE)
    return f"{front}\n---\n\n## Récit piégé\n\nAvant la charge[^dupont-2011].\n\n{payload.body}\n\nAprès la charge.\n"


# --- hostile values in every free-text field --------------------------------------------

def text_fields(model: type[BaseModel], prefix: tuple = ()) -> list[tuple[tuple, int]]:
    """(path, max length) of every free-text field of `model` and the models inside it.

    Free text is a `str` with no validator of its own (slugs, URLs, dates and tags
    have one, and the vocabularies too); list items are reached with index 0.
    """
    found = []
    for name, info in model.model_fields.items():
        found += _walk(info.annotation, list(info.metadata), prefix + (name,))
    return found


def _walk(annotation: Any, metadata: list, path: tuple) -> list[tuple[tuple, int]]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *more = typing.get_args(annotation)
        return _walk(base, metadata + _flatten(more), path)
    if origin in (typing.Union, types.UnionType):
        return [f for arg in typing.get_args(annotation) if arg is not type(None)
                for f in _walk(arg, metadata, path)]
    if origin is list:
        return _walk(typing.get_args(annotation)[0], [], path + (0,))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return text_fields(annotation, path)
    if annotation is str and not any(isinstance(m, AfterValidator) for m in metadata):
        return [(path, min([getattr(m, "max_length") for m in metadata if getattr(m, "max_length", None)]
                           or [500]))]
    return []


def _flatten(metadata: list) -> list:
    # Field(...) inside Annotated arrives as a FieldInfo holding its own constraints.
    flat = []
    for item in metadata:
        flat.append(item)
        flat.extend(getattr(item, "metadata", []) or [])
    return flat


def hostile_value(key: str, max_length: int) -> str:
    """A value that would run, link or compute if printed unescaped anywhere; `key`
    first, so each field's value stays unique once cut to the field's length."""
    value = (f"{key}<img src=x onerror=alert('{key}')></script>{{{{ 7*7 }}}} "
             f"[lien](javascript:alert(1)) *{key}* & | `x`")
    return value[:max_length].rstrip()


# Fields whose value the site never prints: theme options.
NOT_PRINTED = {("Guide", ("hide", 0))}


@dataclass(frozen=True)
class Field:
    model: str
    path: tuple
    value: str


def _set(data: dict, path: tuple, value: str) -> None:
    target: Any = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value


def _hostile_data(model: type[BaseModel], data: dict, prefix: str) -> tuple[dict, list[Field]]:
    fields = []
    for index, (path, max_length) in enumerate(text_fields(model), 1):
        # A duration must read as minutes (E311): the hostile text follows a readable one.
        readable = "1 h, " if path[-1] == "duration" else ""
        value = readable + hostile_value(f"{prefix}{index:02d}", max_length - len(readable))
        _set(data, path, value)
        fields.append(Field(model.__name__, path, value))
    return data, fields


def _case_data() -> dict:
    data = yaml.safe_load(VALID.split("---\n")[1])
    data["coverage"] = {"levels": ["commune"], "description": "x"}
    data["platforms"][0]["audience"][0]["label"] = "x"
    data["sources"][0].update(publisher="x", note="x", no_url="x")  # no_url: a source without its url
    del data["sources"][0]["url"], data["sources"][0]["consulted"]
    data["charter"] = {"source": "dupont-2011"}
    data["contributors"] = ["x"]
    return data


def _front(data: dict) -> str:
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000) + "---\n"


def hostile_documents() -> dict[str, tuple[str, list[Field]]]:
    """Project paths -> (text, hostile fields) for a case study, a guide, a module and a
    comparison whose every free-text field is hostile."""
    case, case_fields = _hostile_data(models.CaseStudy, _case_data(), "CAS")
    guide, guide_fields = _hostile_data(models.Guide, {
        "title": "x", "description": "x", "angles": ["communication"], "last_reviewed": "2026-11-01",
        "hide": ["x"]}, "GUI")
    guide_fields = [f for f in guide_fields if (f.model, f.path) not in NOT_PRINTED]
    guide["hide"] = []
    module, module_fields = _hostile_data(models.Curriculum, {
        "title": "x", "description": "x", "audience": "x", "duration": "x", "objectives": ["x"],
        "sequence": [{"case": "champs-hostiles", "duration": "x", "activity": "x"}],
        "exercises": [{"question": "x", "answer": "x"}],
        "last_reviewed": "2026-11-01"}, "MOD")
    comparison, comparison_fields = _hostile_data(models.Comparison, {
        "id": "comparaison-hostile", "title": "x", "description": "x", "cases": ["champs-hostiles", "rennes"]},
        "CMP")
    comparisons = yaml.safe_load((ROOT / "casestudies/comparaisons.yml").read_text(encoding="utf-8"))
    comparisons["comparisons"].append(comparison)
    body = "\n## Récit\n\nUn récit sans danger[^dupont-2011].\n"
    return {
        "casestudies/champs-hostiles.md": (_front(case) + body, case_fields),
        "docs/guides/guide-hostile.md": (_front(guide) + "\n# Guide\n\nTexte.\n", guide_fields),
        "curricula/module-hostile.md": (_front(module) + "\n## Matériel\n\nTexte.\n", module_fields),
        "casestudies/comparaisons.yml": (yaml.safe_dump(comparisons, allow_unicode=True, sort_keys=False),
                                         comparison_fields),
    }


# --- the site -----------------------------------------------------------------------------

def _all_payloads_text() -> str:
    return "\n\n".join(f"## Charge {p.number:02d}\n\n{p.body}" for p in payloads())


def write_hostile_project(tmp_path: Path) -> Project:
    """The real project plus the hostile corpus, in tmp_path."""
    project = make_project(tmp_path)
    reviewed_on(project, "2026-10-01")  # before the hostile ones: the feed carries them
    for payload in payloads():
        (project.cases_dir / f"{payload.slug}.md").write_text(payload_case(payload), encoding="utf-8")
    shutil.copy(HOSTILE / "hostile.md", project.cases_dir / "hostile.md")
    for path, (text, _) in hostile_documents().items():
        (project.root / path).write_text(text, encoding="utf-8")
    guide = ("---\ntitle: Guide piégé\ndescription: Toutes les charges dans un guide.\n"
             "last_reviewed: 2026-11-01\n---\n\n# Guide piégé\n\n" + _all_payloads_text() + "\n")
    (project.docs_dir / "guides" / "charges.md").write_text(guide, encoding="utf-8")
    module = ("---\ntitle: Module piégé\ndescription: Toutes les charges dans un module.\naudience: Tous.\n"
              "duration: 1 heure\nobjectives: [résister]\nsequence:\n  - case: rennes\n    activity: Lire.\n"
              "last_reviewed: 2026-11-01\n---\n\n" + _all_payloads_text() + "\n")
    (project.root / "curricula" / "charges.md").write_text(module, encoding="utf-8")
    return project


def build_hostile_site(tmp_path: Path) -> Project:
    """The hostile project built to its site/, the validator's body check switched off."""
    project = write_hostile_project(tmp_path)
    with mock.patch.object(body_checks, "body_problems", lambda *args, **kwargs: iter(())), \
            mock.patch.object(freshness, "link_problems", lambda *args: []):
        outcome = generate(project)
    assert not outcome.failed, [str(p) for p in outcome.problems if p.is_error]
    assert run_mkdocs(project), "mkdocs build --strict a échoué"
    return project
