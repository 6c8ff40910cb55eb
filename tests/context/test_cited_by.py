"""« Cité dans » : each case study knows the guides, training modules and curated comparisons
that cite it, computed once with the site context; only case studies count."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.check.project import Inputs, check
from generator.context.citedby import COMPARISON, GUIDE, MODULE, Citer
from generator.context.site import build_site
from generator.project.project import Project

from ..sitekit import FIXTURES, make_project

GUIDE_TEXT = """---
title: "Guide d'essai"
description: "Un guide de test."
last_reviewed: 2026-01-01
---

# Guide d'essai

Voir [la fiche d'Alpha](../cas/alpha.md#fiche), [la chronologie](../cas/chronologie.md), encore
[Alpha](../cas/alpha.md) et [l'index](../cas/index.md).

```
[pas un lien](../cas/beta.md)
```
"""

MODULE_TEXT = """---
title: "Module d'essai"
description: "Un module de test."
audience: "Tout le monde."
duration: "20 min"
objectives:
  - lire une fiche.
sequence:
  - case: beta
    duration: 20 min
    activity: "Lire la fiche de Beta."
last_reviewed: 2026-01-01
---

Relire aussi [Alpha](../cas/alpha.md).
"""


def _project(tmp_path: Path) -> Project:
    project = make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)
    (project.docs_dir / "guides").mkdir()
    (project.docs_dir / "guides" / "essai.md").write_text(GUIDE_TEXT, encoding="utf-8")
    project.modules_dir.mkdir()
    (project.modules_dir / "essai.md").write_text(MODULE_TEXT, encoding="utf-8")
    return project


@pytest.fixture
def inputs(tmp_path: Path) -> Inputs:
    outcome, found = check(_project(tmp_path))
    assert not outcome.failed, outcome.problems
    assert len(found.guides) == 1 and len(found.modules) == 1
    return found


def _site(inputs: Inputs):
    return build_site(inputs.cases, inputs.curated, guides=inputs.guides, modules=inputs.modules)


def test_guides_modules_and_comparisons_citing_each_case(inputs: Inputs) -> None:
    guide = Citer(GUIDE, "Guide d'essai", "guides/essai.md")
    module = Citer(MODULE, "Module d'essai", "formations/essai.md")
    comparison = Citer(COMPARISON, "Alpha et Beta", "comparaisons/alpha-beta.md")
    # A link in a code block cites nothing; cas/chronologie.md and cas/index.md are no case study.
    assert _site(inputs).cited_by == {"alpha": (guide, module, comparison), "beta": (module, comparison)}


def test_no_guide_module_or_comparison_no_citation(inputs: Inputs) -> None:
    assert build_site(inputs.cases).cited_by == {}
