"""Permanent links: the manifest of every URL of the site, redirects, `smg check-urls`.

The manifest (`/urls.json`) lists the site's pages and its redirects (former
addresses of renamed pages). Comparing an old manifest with the current one
tells which addresses a rename would break.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import UsageError
from generator.write.files import reason

MANIFEST = "urls.json"


@dataclass(frozen=True)
class Manifest:
    """Every address the site answers: pages (directory URLs, files) and redirects."""

    pages: frozenset[str]
    redirects: dict[str, str]

    def resolves(self, url: str) -> bool:
        """True when `url` is a page, or a redirect whose target is a page."""
        return url in self.pages or self.redirects.get(url) in self.pages

    def to_json(self, site_url: str) -> str:
        data = {"site_url": site_url, "pages": sorted(self.pages),
                "redirects": dict(sorted(self.redirects.items()))}
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


class ManifestError(UsageError):
    """An old manifest that cannot be read (message in French, for the user)."""


def read_manifest(path: Path) -> Manifest:
    """Load a manifest written by an earlier build."""
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
        return Manifest(frozenset(data["pages"]), dict(data.get("redirects") or {}))
    except OSError as error:
        raise ManifestError(f"{path} : fichier illisible ({reason(error)}).") from None
    except UnicodeDecodeError:
        raise ManifestError(f"{path} : fichier illisible (il n'est pas encodé en UTF-8).") from None
    except (ValueError, KeyError, TypeError):
        raise ManifestError(f"{path} : ce n'est pas un manifeste d'adresses (urls.json) : attendu un "
                            "objet JSON avec une liste « pages ».") from None


def broken(old: Manifest, current: Manifest) -> list[str]:
    """Addresses of the old manifest that the current site no longer answers."""
    return sorted(url for url in old.pages | set(old.redirects) if not current.resolves(url))
