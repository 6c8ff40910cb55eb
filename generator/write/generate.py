"""generate(project): check, context, render, write; nothing is written on any error.

The body of `generate` is the table of contents of the pipeline. It fills the
generated tree (`build/docs/`: hand-written pages from `docs/` plus every generated
page), so that a plain `mkdocs build` gives the site.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable

from generator import cache, layout
from generator.check import addresses
from generator.check.project import CheckMemo, Outcome, check
from generator.context.french import seconds
from generator.context.site import build_site
from generator.problems import Problem, plural, problem
from generator.project.project import Progress, Project, say
from generator.render import Renderer, sanitize
from generator.render.pages import site_pages
from generator.write import freshness, stamp, themebase, urls
from generator.write.files import WriteReport, commit, prepare, stage, write_file, write_tree
from generator.write.freshness import (
    cache_templates,
    cached_link_problems,
    check_record,
    checked_before,
    inputs_fingerprint,
    page_keys,
    read_state,
    redirects_intact,
    sources_state,
    write_state,
)
from generator.write.parallel import render_and_stage, render_cases_first
from generator.write.redirects import redirect_addresses, redirect_conflicts, redirects, redirects_json


def generate(project: Project, progress: Progress | None = None, memo: CheckMemo | None = None,
             commands: tuple = (), leave_out: frozenset = frozenset(),
             settle: Callable[[], None] | None = None, forks: bool = True) -> Outcome:
    """Validate, render and write the generated tree; write nothing on any error.
    `memo`: see `check`. `commands`: the CLI's commands, for their reference page
    (cli/clidoc.py). `leave_out`: case-study files generated as if absent (the
    preview's cases in progress); such a generation's check is never reused.
    `settle` (`smg serve`): the changed case-study pages are written first, then
    `settle` is called (it waits for the preview to show them), then the rest.
    `forks`: whether pages may be rendered in forked workers (not from a process with
    threads: `smg serve`'s regenerations)."""
    started = time.perf_counter()
    damaged = cache.damaged_count()
    # Taken before anything is read: a file changed during this run differs next time.
    sources = None if leave_out else sources_state(project)
    state, tree = read_state(project, progress), stamp.tree_state(project.out_dir)
    if memo is None and not leave_out and state.get("files") == tree:
        reused = checked_before(project, state, sources)
        if reused is not None:
            write_tree(themebase.theme_files(project.theme_source), project.theme_dir)
            reused.report = WriteReport(unchanged=len(tree))
            say(progress, "Aucune source n'a changé depuis la dernière génération (tailles et dates des "
                           "fichiers) : vérification reprise, rien à écrire.")
            say(progress, f"Durée de la vérification : {seconds(time.perf_counter() - started)}")
            say(progress, f"Durée de la génération : {seconds(0)}")
            return reused
    outcome, inputs = check(project, progress, memo, site_pages, leave_out)
    checked = time.perf_counter()
    say(progress, f"Durée de la vérification : {seconds(checked - started)}")
    if outcome.failed:
        return outcome
    write_tree(themebase.theme_files(project.theme_source), project.theme_dir)
    fingerprint = inputs_fingerprint(project)
    if leave_out:  # a tree without some cases is not the tree of these sources
        fingerprint = cache.digest(fingerprint, "sans", *sorted(map(str, leave_out)))
    if state.get("fingerprint") == fingerprint and state.get("files") == tree and redirects_intact(project, state):
        outcome.report = WriteReport(unchanged=len(tree))
        write_state(project, fingerprint, state.get("units", {}), check_record(project, sources, outcome), tree)
        say(progress, "Aucune source n'a changé depuis la dernière génération : rien à écrire.")
        say(progress, f"Durée de la génération : {seconds(time.perf_counter() - checked)}")
        return outcome
    say(progress, "Préparation des pages…")
    site = build_site(inputs.cases, inputs.curated, guides=inputs.guides, modules=inputs.modules)
    files = layout.Layout(frozenset(addresses.hand_written_names(project.docs_dir)))
    renderer = Renderer(site, project.config(), files, commands)
    cache_templates(project, renderer)
    redirect_map = redirects(site)
    prepare(project.out_dir)
    keys = page_keys(project, renderer, inputs)
    kept = freshness.fresh(keys, state.get("units", {}), tree, state.get("files", {}))
    sanitize.use_cache(project.cache_dir / "sanitize")
    try:
        first, early = _cases_first(project, renderer, kept, settle) if settle is not None else ({}, [])
        parts, rendered = render_and_stage(project, renderer, kept | first, forks)
        rendered |= first
    finally:
        sanitize.use_cache(None)
    try:
        paths = [path for part in parts for path in part.paths]
        outcome.problems.extend(_shadowed(paths) + redirect_conflicts(redirect_map, set(paths))
                                + cached_link_problems(project, inputs.cases + inputs.guides + inputs.modules,
                                                       layout.names(paths) | set(redirect_map)))
        if outcome.failed:
            raise _Abandon
        redirected = {layout.address(old): layout.address(new) for old, new in redirect_map.items()}
        # A draft's address is not promised: it is left out, as from every list.
        drafts = {layout.address(draft.src) for draft in site.drafts}
        manifest = urls.Manifest(frozenset(redirect_addresses(paths)) - drafts, redirected)
        parts.append(stage([(urls.MANIFEST, manifest.to_json(renderer.config.site_url))], project.out_dir))
    except BaseException as error:
        for part in parts:
            part.discard()
        if isinstance(error, _Abandon):
            return outcome
        raise
    outcome.report = report = commit(parts, project.out_dir)
    report.written, report.unchanged = sorted(report.written + early), report.unchanged - len(early)
    _say_damaged(progress, cache.damaged_count() - damaged + sum(part.damaged for part in parts))
    cache.prune(project.cache_dir)
    write_file(project.redirects_file,
               redirects_json({old: renderer.files.file(new) for old, new in redirect_map.items()}))
    write_state(project, fingerprint, {unit: [keys[unit], files] for unit, files in (kept | rendered).items()},
                 check_record(project, sources, outcome))
    if kept:
        say(progress, _reuse_line(rendered, kept))
    say(progress, f"{plural(len(report.written), 'fichier écrit', 'fichiers écrits')}, "
                   f"{plural(report.unchanged, 'inchangé', 'inchangés')}, "
                   f"{plural(len(report.removed), 'supprimé', 'supprimés')}.")
    say(progress, f"Durée de la génération : {seconds(time.perf_counter() - checked)}")
    return outcome


def _cases_first(project: Project, renderer: Renderer, kept: dict[str, list[str]],
                 settle: Callable[[], None]) -> tuple[dict[str, list[str]], list[str]]:
    """Write the case-study pages to render, alone, and let `settle` wait for them to show;
    returns their units (fresh on disk from now on) and the files written."""
    parts, rendered = render_cases_first(project, renderer, kept)
    written = commit(parts, project.out_dir, complete=False).written
    if written:
        settle()
    return rendered, written


def _reuse_line(rendered: dict[str, list[str]], kept: dict[str, list[str]]) -> str:
    cases = sum(unit.startswith(freshness.CASE_PREFIX) for unit in rendered)
    pages = plural(cases, "page d'étude de cas", "pages d'études de cas")
    return (f"Rendu à nouveau : {pages}, "
            f"{plural(len(rendered) - cases, 'groupe de pages', 'groupes de pages')} ; "
            f"{len(kept)} repris tels quels de la génération précédente.")


def _say_damaged(progress: Progress | None, count: int) -> None:
    if count == 1:
        say(progress, "Avertissement : 1 entrée du cache (build/cache/) était endommagée ou n'a pas été "
                      "écrite par smg sur ce poste : ignorée et recalculée.")
    elif count > 1:
        say(progress, f"Avertissement : {count} entrées du cache (build/cache/) étaient endommagées ou n'ont "
                      "pas été écrites par smg sur ce poste : ignorées et recalculées.")


class _Abandon(Exception):
    """Problems found after staging: the staged pages are thrown away."""


def _shadowed(paths: list[str]) -> list[Problem]:
    """Hand-written pages that carry the name of a generated page."""
    return [problem(f"docs/{path}", 1, 1, "E401", f"la page écrite à la main docs/{path} porte le nom "
                    "d'une page générée ; renommez-la.")
            for path, count in Counter(paths).items() if count > 1]
