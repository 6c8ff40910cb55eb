"""Material's bundled icons, inlined as SVG in generated pages.

The same SVG files that Material's `:material-…:` shortcodes draw from, read from the
installed package: no icon font, no CDN, and no `!!python/name` tag in mkdocs.yml
(which must stay readable by `yaml.safe_load`). Icon names come from our templates only.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from markupsafe import Markup

ICONS = resources.files("material") / "templates" / ".icons"


@cache
def icon(name: str, size: str = "") -> Markup:
    """The icon `name` ("material/handshake-outline") as decorative inline SVG."""
    svg = (ICONS / f"{name}.svg").read_text(encoding="utf-8").strip()
    css = "smg-icon" + (f" smg-icon--{size}" if size else "")
    return Markup(svg.replace("<svg ", f'<svg class="{css}" aria-hidden="true" focusable="false" ', 1))
