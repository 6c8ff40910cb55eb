"""The downloadable offline copy of the site: a zip that opens from file://.

Material's offline plugin (declared in mkdocs.yml, off for the published site) does
the work: links to `page.html` files instead of folders. It would also load its
iframe-worker shim from a CDN: the theme override `generator/theme/main.html` loads our
vendored copy (`docs/javascripts/vendor/`) instead, so the copy works without any
network. Its search is smg's own (generator/publish/offlinesearch.py): an index in a
script file, since Pagefind cannot load from file://. The links that the generator's
templates write as raw HTML (fact sheets, tables) assume folder URLs; MkDocs leaves
them alone, so `localize_links` points them at the copy's files.

`build_archive` builds that copy with MkDocs into a temporary folder, from the
generated tree that `smg generate` wrote, and zips it into
`telecharger/social-media-gouvernance-hors-ligne.zip` of the built site, where the
footer of every page links to it. `build.run_mkdocs(offline_copy=True)` runs it on
the new site before publishing it, so that site/ never links to a missing archive.
"""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from pathlib import Path

from generator.project.project import Progress, Project
from generator.publish import engines, offlinesearch, redirectpages, typography
from generator.write.files import test_point, with_path

ARCHIVE_FOLDER = "telecharger"
ARCHIVE_NAME = "social-media-gouvernance-hors-ligne.zip"
ROOT_IN_ARCHIVE = "social-media-gouvernance"  # the folder the archive unpacks to
OFFLINE_PLUGIN = "material/offline"
# Source maps weigh more than the whole site and serve no reader.
SKIPPED_SUFFIXES = (".map",)
# Fixed timestamps: the same files give the same archive, byte for byte.
ZIP_DATE = (2010, 1, 1, 0, 0, 0)

def archive_path(project: Project) -> Path:
    """Where the archive lands in the built site."""
    return project.site_dir / ARCHIVE_FOLDER / ARCHIVE_NAME


def build_offline_site(project: Project, target: Path, progress: Progress | None = None) -> bool:
    """Build the offline copy of the site (from the generated tree) into `target`."""
    if progress:
        progress("Construction de la copie hors ligne…")
    if not engines.run_mkdocs_into(project, target, "offline"):
        return False
    # The copy has no directory URLs: a former address is `cas/ancien.html`.
    redirectpages.write_pages(target, project.redirects_file, project.config().site_name, directory_urls=False)
    localize_links(target)
    return True


_HREF = re.compile(r"""(\bhref=)(["'])(.*?)\2""", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def localize_links(folder: Path) -> int:
    """Make the links of raw HTML work in the offline copy, read from file://.

    MkDocs rewrites the links of Markdown for the offline build (`page.html`), but
    not those written as raw HTML by the generator's templates (fact sheets, tables),
    which assume the site's folder URLs: from `cas/rennes/` a link reads
    `../par-niveau/commune/`. In the offline copy the page is the file
    `cas/rennes.html`, one level up, and a folder opens as a listing. So each
    relative link that does not lead to a file of the copy is read from the page's
    folder URL, and rewritten to the file it means there (`par-niveau/commune.html`,
    `../index.html`); a link to a folder becomes a link to that folder's page. Links
    that already work, absolute links and anchors are left alone. Returns the number
    of links rewritten.
    """
    changed = 0
    root = folder.resolve()
    for page in sorted(folder.rglob("*.html")):
        real = page.parent.resolve()
        online = real if page.name == "index.html" else real / page.stem
        html = page.read_text(encoding="utf-8")

        def fix(match: re.Match, real: Path = real, online: Path = online) -> str:
            nonlocal changed
            url = match.group(3)
            if not url or url.startswith(("#", "/")) or _SCHEME.match(url):
                return match.group(0)
            cut = re.search(r"[?#]", url)
            path, tail = (url[:cut.start()], url[cut.start():]) if cut else (url, "")
            is_folder = path.endswith("/") or path in (".", "..")
            if not is_folder and (real / path).is_file():
                return match.group(0)  # already a working link (MkDocs rewrote it)
            bases = (online, real) if is_folder else (online,)
            for base in bases:
                target = _page_file(Path(os.path.normpath(base / path)), is_folder, root)
                if target is not None:
                    changed += 1
                    new = Path(os.path.relpath(target, real)).as_posix()
                    return f"{match.group(1)}{match.group(2)}{new}{tail}{match.group(2)}"
            return match.group(0)

        fixed = _HREF.sub(fix, html)
        if fixed != html:
            page.write_text(fixed, encoding="utf-8")
    return changed


def _page_file(target: Path, is_folder: bool, root: Path) -> Path | None:
    """The file of the offline copy that a link to `target` means, if there is one in it."""
    if target != root and root not in target.parents:
        return None
    if not is_folder:
        return target if target.is_file() else None
    if (target / "index.html").is_file():
        return target / "index.html"
    if target != root and target.with_name(target.name + ".html").is_file():
        return target.with_name(target.name + ".html")
    return None


def write_zip(folder: Path, archive: Path) -> Path:
    """Zip `folder` into `archive` (atomically), under a single top-level folder."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    partial = archive.with_name(archive.name + ".tmp")
    try:
        _zip_into(folder, partial)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise with_path(error, partial)
    os.replace(partial, archive)
    return archive


def _zip_into(folder: Path, partial: Path) -> None:
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as bundle:
        for path in sorted(folder.rglob("*")):
            if not path.is_file() or path.name.endswith(SKIPPED_SUFFIXES):
                continue
            info = zipfile.ZipInfo(f"{ROOT_IN_ARCHIVE}/{path.relative_to(folder).as_posix()}", ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            bundle.writestr(info, path.read_bytes())
            test_point("offline-zip")


def build_archive(project: Project, progress: Progress | None = None,
                  site: Path | None = None) -> Path | None:
    """Build the offline copy and put its zip in the built site `site` (by default
    site/ itself); None if MkDocs failed, and the site is left as it was."""
    temporary = project.root / "build" / "offline.tmp"
    if not build_offline_site(project, temporary, progress):
        return None
    site = site or project.site_dir
    try:
        typography.apply_to_site(temporary)
        offlinesearch.write_search(temporary)  # from the pages as the reader gets them
        archive = write_zip(temporary, site / ARCHIVE_FOLDER / ARCHIVE_NAME)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    if progress:
        size = f"{archive.stat().st_size / 1_000_000:.1f}".replace(".", ",")
        shown = (project.site_dir / archive.relative_to(site)).relative_to(project.root).as_posix()
        progress(f"Copie hors ligne : {shown} ({size} Mo).")
    return archive
