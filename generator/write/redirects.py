"""Former addresses (aliases) and where they lead now.

The mapping is decided from the documents' aliases; a former address that is also a
page of the site is an error (E401).
"""

from __future__ import annotations

import json

from generator import layout
from generator.context.site import Site
from generator.problems import Problem, problem


def redirects(site: Site) -> dict[str, str]:
    """Former page paths (aliases) -> current page paths."""
    mapping = {}
    for folder, documents in ((layout.CASES, site.cases + site.drafts), (layout.GUIDES, site.guides),
                              (layout.MODULES, site.modules)):
        for document in documents:
            for alias in document.meta.aliases:
                mapping[layout.document(folder, alias)] = document.src
    return dict(sorted(mapping.items()))


def redirect_conflicts(mapping: dict[str, str], pages: set[str]) -> list[Problem]:
    taken = {layout.address(page) for page in pages}
    return [problem(f"docs/{old}", 1, 1, "E401", f"l'ancienne adresse {old} (alias de {new}) est "
                    "aussi une page du site ; retirez l'alias ou renommez la page.")
            for old, new in mapping.items() if layout.address(old) in taken]


def redirect_addresses(paths: list[str]) -> list[str]:
    return [layout.address(path) for path in paths if path.endswith(".md") or path.startswith(layout.DATA + "/")]


def redirects_json(mapping: dict[str, str]) -> str:
    """build/redirects.json: former page paths -> current page files, read after the engine
    ran by generator/publish/redirectpages.py, which writes the redirect pages."""
    return json.dumps(mapping, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
