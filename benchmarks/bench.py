"""Benchmark of the knowledge-base tools on N synthetic case studies.

For each N, prints the floor (read + libyaml load of the same files, measured in the
same run), `smg validate` on one core and on every core, generation without MkDocs,
the default `smg build` as users run it paired with a plain `mkdocs build` of the same
generated tree (Material's search plugin on, as the site was built before Pagefind),
the offline copy on its own line, rebuilds with nothing changed, generation after one
change (a title and a facet value) and after a correction in one narrative, the
preview after one edit in `smg serve` (dirty MkDocs build, no search), the largest HTML
page, and the bytes of search the server sends a reader. Commands are measured by
proctree.py: CPU time of the whole process tree (ratios are on it), split by program
with each program's peak memory, wall time and load average beside. Timed pairs run
A B A B… and the medians (by CPU time) are shown.

Usage: python3 benchmarks/bench.py [--sizes 100,1000,10000] [--repeat 2] [--zensical]
It is a benchmark, not a test: it asserts nothing and only prints figures; each
budget of the project is printed beside its figure.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
import proctree  # noqa: E402
from synthetic import write_case_studies  # noqa: E402

ENV = os.environ | {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", "PYTHONDONTWRITEBYTECODE": "1"}
SMG = [sys.executable, "-m", "generator.cli"]
QUERIES = ("collectivites", "participation", "twitter", "l'echelon", "reseau social territorial")


def timed(command: list[str], cwd: Path) -> proctree.Tree:
    """Run a command: wall time, CPU time of its whole process tree, split by program, the
    peak memory of each program's largest process, the load average (proctree.py)."""
    run = proctree.run(command, cwd, ENV)
    if run.returncode != 0:
        raise SystemExit(f"command failed: {' '.join(command)}\n{run.output[-3000:]}")
    return run


def median(runs: list[proctree.Tree]) -> proctree.Tree:
    """The run of median CPU time (wall time varies with the machine's load; CPU time much less)."""
    ordered = sorted(runs, key=lambda run: run.cpu)
    return ordered[(len(ordered) - 1) // 2]


def make_project(folder: Path, count: int) -> Path:
    root = folder / "projet"
    root.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", root)
    for name in ("docs", "curricula", "generator/theme"):
        shutil.copytree(ROOT / name, root / name)
    # The real case studies stay (the guides and modules link to them); N synthetic ones are added.
    shutil.copytree(ROOT / "casestudies", root / "casestudies")
    write_case_studies(root / "casestudies", count)
    return root


def floor(root: Path) -> float:
    """Read every file and load its front matter with libyaml: the cost no tool can avoid."""
    started = time.perf_counter()
    for path in sorted((root / "casestudies").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        front = text.split("\n---\n", 1)[0][4:]
        yaml.load(front, Loader=yaml.CSafeLoader)
    return time.perf_counter() - started


def stage_seconds(output: str, name: str) -> float:
    match = re.search(rf"Durée de la {name} : ([0-9]+,[0-9]+)\u00a0s", output)
    return float(match.group(1).replace(",", ".")) if match else float("nan")


def written(output: str) -> int:
    if "rien à écrire" in output:
        return 0
    match = re.search(r"(\d+) fichiers? écrits?", output)
    return int(match.group(1)) if match else -1


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def largest_page(site: Path) -> tuple[str, int]:
    pages = [(p.stat().st_size, p.relative_to(site).as_posix()) for p in site.rglob("*.html")]
    size, name = max(pages)
    return name, size


def clean_build(root: Path, *options: str) -> proctree.Tree:
    """`smg build` from a tree that was never built: every page generated, MkDocs run."""
    for folder in ("build", "site"):
        shutil.rmtree(root / folder, ignore_errors=True)
    return timed([*SMG, "build", *options], root)


def plain_config(root: Path) -> Path:
    """mkdocs.yml with Material's search plugin on, as the published site was built before."""
    path = root / "bench-plain.yml"  # beside mkdocs.yml: MkDocs resolves paths from the config's folder
    settings = {"INHERIT": "mkdocs.yml", "plugins": {"search": {"lang": "fr"}}}
    path.write_text(yaml.safe_dump(settings), encoding="utf-8")
    return path


def plain_build(root: Path, out: Path) -> proctree.Tree:
    shutil.rmtree(out, ignore_errors=True)
    return timed([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(plain_config(root)),
                  "--site-dir", str(out)], root)


def paired(root: Path, tmp: Path, repeat: int) -> tuple[proctree.Tree, proctree.Tree]:
    """A B A B…: the default `smg build`, then a plain `mkdocs build` of the tree it generated."""
    builds, plains = [], []
    for _ in range(repeat):
        builds.append(clean_build(root))
        plains.append(plain_build(root, tmp / "plain"))
    return median(builds), median(plains)


def edit_one(root: Path, count: int) -> Path:
    """Change the title and a facet value (the level) of one synthetic case study."""
    path = root / "casestudies" / f"cas-{count // 2:05d}.md"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^title: \"", 'title: "Titre modifié, ', text, count=1, flags=re.MULTILINE)
    level = re.search(r"^level: (\S+)", text, flags=re.MULTILINE).group(1)
    text = text.replace(f"level: {level}", "level: region" if level != "region" else "level: departement", 1)
    path.write_text(text, encoding="utf-8")
    return path


def edit_body(root: Path, count: int) -> Path:
    """Change one heading of one case study's narrative (no list shows it); returns `root`."""
    path = root / "casestudies" / f"cas-{count // 3:05d}.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("## Limites", "## Limites observées", 1), encoding="utf-8")
    return root


def serve_edit_seconds(root: Path, count: int) -> float:
    """Seconds from saving one edited case study to its new title in `smg serve`'s page."""
    port = _free_port()
    process = subprocess.Popen([*SMG, "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=root, env=ENV,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    slug = f"cas-{count // 2 + 1:05d}"
    url = f"http://127.0.0.1:{port}{_site_path(root)}cas/{slug}/"
    try:
        if not _wait_for(url, lambda page: True, 1800):
            return float("nan")
        path = root / "casestudies" / f"{slug}.md"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace('title: "', 'title: "Aperçu modifié ', 1), encoding="utf-8")
        started = time.perf_counter()
        if not _wait_for(url, lambda page: "Aperçu modifié" in page, 600):
            return float("nan")
        return time.perf_counter() - started
    finally:
        os.killpg(process.pid, 15)
        process.wait(30)


def _site_path(root: Path) -> str:
    settings = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV", ""))
    path = re.sub(r"^https?://[^/]+", "", settings.get("site_url", "/"))
    return path if path.endswith("/") else path + "/"


def _wait_for(url: str, ready, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if ready(response.read().decode("utf-8", "replace")):
                    return True
        except OSError:
            pass
        time.sleep(0.1)
    return False


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def search_transfers(site: Path, compressed: bool) -> dict[str, dict[str, int]] | None:
    """Bytes a reader's browser fetches under the search bundle, by part: on opening a
    page, then for the first result of each query (cold cache each time). None without Chromium.
    `compressed`: served as GitHub Pages serves the published site, text and WebAssembly gzipped."""
    chromium = shutil.which("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if chromium is None or not (site / "pagefind").is_dir():
        return None
    handler = GzipHandler if compressed else QuietHandler
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            figures = {"ouverture d'une page": _page_bytes(browser, server, None)}
            for query in QUERIES:
                figures[query] = _page_bytes(browser, server, query)
            browser.close()
        return figures
    finally:
        server.shutdown()
        server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, and the bytes of each response body counted by path in the server's
    `served` (what a reader's connection carries, whatever the browser reports)."""

    def log_message(self, *args) -> None:
        pass

    def copyfile(self, source, outputfile) -> None:
        data = source.read()
        outputfile.write(data)
        self.count(len(data))

    def count(self, size: int) -> None:
        served = getattr(self.server, "served", None)
        if served is not None:
            path = self.path.split("?", 1)[0]
            served[path] = served.get(path, 0) + size


class GzipHandler(QuietHandler):
    """Static files with gzip for the types a static host compresses; Pagefind's own
    index and fragment files are gzip already and go out as they are."""

    COMPRESSED = ("text/", "application/javascript", "text/javascript", "application/json", "application/wasm",
                  "image/svg+xml")

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        kind = self.guess_type(str(path))
        if not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", "") \
                or not kind.startswith(self.COMPRESSED):
            super().do_GET()
            return
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        for name, value in (("Content-Type", kind), ("Content-Encoding", "gzip"),
                            ("Content-Length", str(len(body))), ("Vary", "Accept-Encoding")):
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)
        self.count(len(body))


# What the search bundle's files are, by the end of their names (the rest is its program:
# scripts, style, WebAssembly).
SEARCH_PARTS = {".pf_meta": "méta", ".pf_filter": "filtres", ".pf_index": "index", ".pf_fragment": "extraits"}
SEARCH_SCRIPT = "javascripts/recherche.js"  # the dialog's own script, loaded when it opens


def search_part(url: str) -> str:
    path = url.split("?", 1)[0]
    return next((part for end, part in SEARCH_PARTS.items() if path.endswith(end)), "programme")


def _page_bytes(browser, server, query: str | None) -> dict[str, int]:
    """Bytes of search the server sent, by part (`search_part`): Pagefind's bundle and the
    dialog's own script (javascripts/recherche.js), from opening a page to the first result."""
    context = browser.new_context()
    page = context.new_page()
    server.served = {}
    page.goto(f"http://127.0.0.1:{server.server_address[1]}/cas/rennes/", wait_until="networkidle")
    if query is not None:
        page.locator("[data-smg-search-open]").click()
        page.locator("#smg-search-field").fill(query)
        page.wait_for_selector("#smg-search [data-smg-search-results] a", timeout=60_000)
        page.wait_for_load_state("networkidle")
    context.close()
    sizes: dict[str, int] = {}
    for path, size in server.served.items():
        if "/pagefind/" in path or path.endswith(SEARCH_SCRIPT):
            part = search_part(path)
            sizes[part] = sizes.get(part, 0) + size
    return sizes


def bench(count: int, repeat: int, zensical: bool) -> list[tuple[str, str, str]]:
    with tempfile.TemporaryDirectory(prefix=f"smg-bench-{count}-") as tmp:
        root = make_project(Path(tmp), count)
        base = min(floor(root) for _ in range(3))
        one_core = median([timed(["taskset", "-c", "0", *SMG, "validate"], root) for _ in range(repeat)])
        all_cores = median([timed([*SMG, "validate"], root) for _ in range(repeat)])
        full, plain = paired(root, Path(tmp), repeat)
        unchanged = timed([*SMG, "build"], root)  # the site of the last default build is in site/
        offline = timed([*SMG, "build", "--offline"], root)
        edited = edit_one(root, count)
        one = timed([*SMG, "generate"], root)
        typo = timed([*SMG, "generate"], edit_body(root, count))
        generation = stage_seconds(full.output, "génération")
        check = stage_seconds(full.output, "vérification")
        site = root / "site"
        page, page_size = largest_page(site)
        rows = [
            ("plancher : lecture + chargement libyaml", f"{base:.2f} s", "1,00"),
            ("smg validate, 1 cœur", _time(one_core), _ratio(one_core.seconds, base)),
            (f"smg validate, {os.cpu_count()} cœurs", _time(all_cores), _ratio(all_cores.seconds, base)),
            ("vérification dans smg build", f"{check:.2f} s", _ratio(check, base)),
            ("génération sans MkDocs (rendu + écriture)", f"{generation:.2f} s",
             f"{_ratio(generation, base)} (objectif ≤ 1,00)"),
            ("smg build (défaut), médiane", _time(full), _ratio(full.cpu, base) + " (CPU)"),
            ("  CPU par programme", _kinds(full.cpu_by_kind, "s"), ""),
            ("  mémoire maximale par programme", _kinds(full.peak_mib_by_kind, "Mio"),
             "objectif ≤ 1 024 Mio, sauf MkDocs et Pagefind"),
            ("  CPU de smg / CPU de MkDocs", f"{_own(full):.0%}", "objectif ≤ 25 %"),
            ("mkdocs build seul, recherche Material, médiane", _time(plain), _ratio(plain.seconds, base)),
            ("smg build / mkdocs build seul, en CPU", f"{full.cpu / plain.cpu:.2f}",
             f"en temps écoulé : {full.seconds / plain.seconds:.2f}"),
            # Generation has nothing to write by then: MkDocs for the site, then for the copy.
            ("smg build --offline (pages déjà générées)", _time(offline),
             f"{offline.cpu / plain.cpu:.2f} × mkdocs build seul, en CPU"),
            ("smg build sans changement", _time(unchanged), "objectif ≤ 5 s"),
            (f"génération après un changement ({edited.name} : titre, niveau)",
             f"{stage_seconds(one.output, 'génération'):.2f} s",
             f"{stage_seconds(one.output, 'génération') / generation:.0%} de la génération complète "
             "(objectif ≤ 10 %)"),
            ("  fichiers écrits", str(written(one.output)), ""),
            ("génération après une correction dans un récit", f"{stage_seconds(typo.output, 'génération'):.2f} s",
             f"{stage_seconds(typo.output, 'génération') / generation:.0%} de la génération complète"),
            ("fichiers écrits, construction complète", str(written(full.output)), ""),
            ("mémoire maximale, mkdocs build seul", f"{plain.peak_mib:.0f} Mio", ""),
            ("mémoire maximale, smg validate", f"{all_cores.peak_mib:.0f} Mio", ""),
            ("plus grande page HTML", f"{page_size / 1e6:.2f} Mo", f"{page} (objectif ≤ 1 Mo)"),
            ("taille du site", f"{folder_size(site) / 1e6:.0f} Mo", ""),
        ]
        rows += _search_rows(site, Path(tmp) / "plain")
        if count <= 1000:
            seconds = serve_edit_seconds(root, count)
            rows.append(("smg serve : une modification visible", f"{seconds:.2f} s",
                         "objectif ≤ 2 s à N = 1 000 ; aperçu sans recherche"))
        if zensical:
            rows.append(_zensical(root, Path(tmp)))
        return rows


def _search_rows(site: Path, plain_site: Path) -> list[tuple[str, str, str]]:
    rows = []
    lunr = plain_site / "search" / "search_index.json"
    if lunr.is_file():
        data = lunr.read_bytes()
        rows.append(("index Material (avant Pagefind), téléchargé à chaque page", f"{len(data) / 1e6:.1f} Mo",
                     f"{len(gzip.compress(data)) / 1e6:.1f} Mo compressé"))
    for compressed, label in ((False, "recherche"), (True, "recherche, servie en gzip")):
        try:
            figures = search_transfers(site, compressed)
        except Exception as error:  # a benchmark prints what it could not measure, and goes on
            rows.append((f"{label}, octets transférés", "non mesuré", str(error).splitlines()[0][:80]))
            continue
        if figures is None:
            rows.append((f"{label}, octets transférés", "non mesuré", "Chromium, Playwright ou pagefind/ absent"))
            return rows
        for name, parts in figures.items():
            budget = "objectif : 0" if name.startswith("ouverture") else "objectif ≤ 300 Ko"
            detail = ", ".join(f"{part} {size / 1e3:.0f}" for part, size in sorted(parts.items()))
            rows.append((f"{label} : {name}", f"{sum(parts.values()) / 1e3:.0f} Ko",
                         budget + (f" ; dont {detail} Ko" if detail else "")))
    return rows


def _zensical(root: Path, tmp: Path) -> tuple[str, str, str]:
    venv = tmp / "zensical-venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    install = subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "zensical==0.0.73"],
                             capture_output=True, text=True)
    if install.returncode != 0:
        return ("zensical 0.0.73", "non installable", install.stderr.strip().splitlines()[-1][:60])
    started = time.perf_counter()
    result = subprocess.run([str(venv / "bin" / "zensical"), "build", "--config-file", "mkdocs.yml"],
                            cwd=root, capture_output=True, text=True, env=ENV)
    seconds = time.perf_counter() - started
    last = (result.stderr.strip().splitlines() or [""])[-1][:80]
    status = "construit" if result.returncode == 0 else f"échec (code {result.returncode}) : {last}"
    return ("zensical 0.0.73, même arborescence", f"{seconds:.2f} s", status)


def _time(run: proctree.Tree) -> str:
    before, after = (f"{load:.1f}".replace(".", ",") for load in run.load)
    return f"CPU {run.cpu:.1f} s, écoulé {run.seconds:.1f} s, charge {before} → {after}"


def _kinds(figures: dict[str, float], unit: str) -> str:
    return ", ".join(f"{kind} {value:.0f} {unit}" for kind, value in figures.items())


def _own(run: proctree.Tree) -> float:
    """smg's own CPU time (the tree less MkDocs and Pagefind) over MkDocs' CPU time."""
    mkdocs = run.cpu_by_kind.get("MkDocs", 0.0)
    own = run.cpu - mkdocs - run.cpu_by_kind.get("Pagefind", 0.0)
    return own / mkdocs if mkdocs else float("nan")


def _ratio(value: float, base: float) -> str:
    return f"{value / base:.2f}".replace(".", ",")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="valeurs de N, séparées par des virgules")
    parser.add_argument("--repeat", type=int, default=2, help="passages de chaque mesure appariée (médiane)")
    parser.add_argument("--zensical", action="store_true", help="construire aussi avec Zensical 0.0.73")
    args = parser.parse_args()
    for count in (int(n) for n in args.sizes.split(",")):
        rows = bench(count, args.repeat, args.zensical)
        width = max(len(r[0]) for r in rows)
        print(f"\nN = {count} études de cas ({os.cpu_count()} cœurs, médianes de {args.repeat} passages)")
        print(f"{'mesure'.ljust(width)}  {'valeur':>26}  rapport au plancher, objectif")
        for name, value, ratio in rows:
            print(f"{name.ljust(width)}  {value:>26}  {ratio}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
