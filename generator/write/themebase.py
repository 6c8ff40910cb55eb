"""The theme folder MkDocs builds with: our overrides plus Material's base template, fixed.

Material's `base.html` puts `autocomplete="off"` on the drawer and search checkboxes,
which the HTML standard forbids on checkboxes; it stops browsers from restoring them
checked after a reload. No template block wraps those two inputs, so the template has
to be overridden whole. A copy in the repository would go stale: Material writes its
asset names, with their hashes, into that file at each release. So `smg generate`
derives it from the installed Material each time, with one change: the checkboxes
belong to an empty form with `autocomplete="off"`, which browsers honour the same way.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from generator.errors import SmgError
from generator.write.files import read_tree

BASE = "base.html"
MATERIAL_TOGGLES = (
    '    <input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">\n'
    '    <input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">\n')
VALID_TOGGLES = (
    '    <form id="__toggles" autocomplete="off" hidden></form>\n'
    '    <input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" form="__toggles">\n'
    '    <input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" form="__toggles">\n')
HEADER = ("{#- Généré par « smg generate » à partir du base.html de Material installé\n"
          "    (generator/write/themebase.py) : ne pas modifier à la main. -#}\n")


class ThemeError(SmgError):
    """The installed Material's base template is not the one this module knows how to fix."""


def material_base() -> str:
    return (resources.files("material") / "templates" / BASE).read_text(encoding="utf-8")


def fixed_base(original: str) -> str:
    """Material's base template with valid toggles; ThemeError if it has changed shape."""
    if original.count(MATERIAL_TOGGLES) != 1:
        raise ThemeError("le gabarit base.html de Material installé n'a plus les cases à cocher attendues "
                         "(generator/write/themebase.py) : adaptez MATERIAL_TOGGLES à la nouvelle version.")
    return HEADER + original.replace(MATERIAL_TOGGLES, VALID_TOGGLES)


def theme_files(overrides: Path) -> dict[str, bytes]:
    """Every file of the theme folder: the hand-written overrides, then the fixed base."""
    files = read_tree(overrides)
    files[BASE] = fixed_base(material_base()).encode("utf-8")
    return files
