"""Benchmark of the knowledge-base tools on N synthetic case studies.

Prints one table per N with: the floor (read + libyaml load of the same files,
measured in the same run), `smg validate`, generation without MkDocs, the full
`smg build`, a plain `mkdocs build` of the same generated tree, a no-change
rebuild, a rebuild after changing one case study, peak memory, files written,
search-index and site sizes — each time with its ratio to the floor.

Usage: python3 benchmarks/bench.py [--sizes 100,1000,10000] [--zensical]
It is a benchmark, not a test: it asserts nothing and only prints figures.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import write_case_studies  # noqa: E402

ENV = os.environ | {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", "PYTHONDONTWRITEBYTECODE": "1"}


@dataclass
class Run:
    """One timed command: wall seconds, peak resident memory (MiB) and its output."""

    seconds: float
    peak_mib: float
    output: str


def timed(command: list[str], cwd: Path) -> Run:
    """Run a command under GNU time to get its wall time and the peak memory of its processes."""
    started = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-f", "PEAK_KB=%M", *command], cwd=cwd, env=ENV,
                            capture_output=True, text=True)
    seconds = time.perf_counter() - started
    output = result.stdout + result.stderr
    if result.returncode != 0:
        raise SystemExit(f"command failed: {' '.join(command)}\n{output[-3000:]}")
    peak = max(int(kb) for kb in re.findall(r"PEAK_KB=(\d+)", output))
    return Run(seconds, peak / 1024, output)


def make_project(folder: Path, count: int) -> Path:
    root = folder / "projet"
    root.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", root)
    shutil.copytree(ROOT / "docs", root / "docs")
    shutil.copytree(ROOT / "generator" / "theme", root / "generator" / "theme")
    # The real case studies stay (the guides link to them); N synthetic ones are added.
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
    match = re.search(rf"Durée de la {name} : ([0-9.]+) s", output)
    return float(match.group(1)) if match else float("nan")


def written(output: str) -> int:
    if "rien à écrire" in output:
        return 0
    match = re.search(r"(\d+) fichiers? écrits?", output)
    return int(match.group(1)) if match else -1


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def first_search_bytes(site: Path) -> tuple[int, int]:
    """Bytes (raw, gzip) every first search fetches with Pagefind: its UI, engine, wasm and
    metadata; the index chunks each query adds depend on the query (measured in a browser)."""
    bundle = site / "pagefind"
    files = [bundle / name for name in ("pagefind-ui.js", "pagefind-ui.css", "pagefind.js", "pagefind-worker.js",
                                        "pagefind-entry.json", "wasm.fr.pagefind")]
    files += list(bundle.glob("pagefind.*.pf_meta"))
    data = [f.read_bytes() for f in files if f.is_file()]
    return sum(len(d) for d in data), sum(len(gzip.compress(d)) for d in data)


def bench(count: int, zensical: bool) -> list[tuple[str, str, str]]:
    with tempfile.TemporaryDirectory(prefix=f"smg-bench-{count}-") as tmp:
        root = make_project(Path(tmp), count)
        base = min(floor(root) for _ in range(3))
        smg = [sys.executable, "-m", "generator.cli"]
        validate = timed([*smg, "validate"], root)
        full = timed([*smg, "build", "--no-offline"], root)
        plain = timed([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(Path(tmp) / "plain")], root)
        again = timed([*smg, "build", "--no-offline"], root)
        changed_file = root / "casestudies" / "cas-00000.md"
        changed_file.write_text(changed_file.read_text("utf-8").replace("## Limites", "## Limites observées"),
                                "utf-8")
        one = timed([*smg, "generate"], root)
        site = root / "site"
        raw, zipped = first_search_bytes(site)
        index = folder_size(site / "pagefind")  # Pagefind's whole bundle; a reader fetches a few chunks
        rows = [
            ("plancher : lecture + chargement libyaml", f"{base:.2f} s", "1,00"),
            ("smg validate", f"{validate.seconds:.2f} s", _ratio(validate.seconds, base)),
            ("vérification dans smg build", f"{stage_seconds(full.output, 'vérification'):.2f} s",
             _ratio(stage_seconds(full.output, 'vérification'), base)),
            ("génération sans MkDocs (rendu + écriture)", f"{stage_seconds(full.output, 'génération'):.2f} s",
             _ratio(stage_seconds(full.output, 'génération'), base)),
            ("smg build complet", f"{full.seconds:.2f} s", _ratio(full.seconds, base)),
            ("mkdocs build seul, même arborescence", f"{plain.seconds:.2f} s", _ratio(plain.seconds, base)),
            ("  mémoire maximale de mkdocs build seul", f"{plain.peak_mib:.0f} Mio", ""),
            ("smg build / mkdocs build seul", f"{full.seconds / plain.seconds:.2f}", ""),
            ("reconstruction sans changement", f"{again.seconds:.2f} s", _ratio(again.seconds, base)),
            ("  dont génération", f"{stage_seconds(again.output, 'génération'):.2f} s",
             f"{stage_seconds(again.output, 'génération') / stage_seconds(full.output, 'génération'):.0%} "
             "de la génération complète"),
            ("  fichiers écrits", str(written(again.output)), ""),
            ("génération après modification d'une étude", f"{stage_seconds(one.output, 'génération'):.2f} s",
             _ratio(stage_seconds(one.output, 'génération'), base)),
            ("  fichiers écrits", str(written(one.output)), ""),
            ("fichiers écrits, construction complète", str(written(full.output)), ""),
            ("mémoire maximale, smg build", f"{full.peak_mib:.0f} Mio", ""),
            ("mémoire maximale, smg validate", f"{validate.peak_mib:.0f} Mio", ""),
            ("index de recherche", f"{index / 1e6:.1f} Mo", f"{index / count * 1000 / 1e6:.1f} Mo / 1 000 études"),
            ("téléchargé avant le 1er résultat de recherche", f"{raw / 1e6:.1f} Mo",
             f"{zipped / 1e6:.1f} Mo compressé"),
            ("taille du site", f"{folder_size(site) / 1e6:.0f} Mo", ""),
        ]
        if zensical:
            rows.append(_zensical(root, Path(tmp)))
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


def _ratio(value: float, base: float) -> str:
    return f"{value / base:.2f}".replace(".", ",")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="valeurs de N, séparées par des virgules")
    parser.add_argument("--zensical", action="store_true", help="construire aussi avec Zensical 0.0.73")
    args = parser.parse_args()
    for count in (int(n) for n in args.sizes.split(",")):
        rows = bench(count, args.zensical)
        width = max(len(r[0]) for r in rows)
        print(f"\nN = {count} études de cas ({os.cpu_count()} cœurs)")
        print(f"{'mesure'.ljust(width)}  {'valeur':>12}  rapport au plancher")
        for name, value, ratio in rows:
            print(f"{name.ljust(width)}  {value:>12}  {ratio}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
