"""Benchmark the site engines on the same group: N companies x M revisions (default 100 x 20 and 1,000 x 5).

For each size, one synthetic group (make_project: the test fixture's company cloned N times, M
revisions recorded each, half a year apart up to 2026-04-01, `pdf: false` unless --pdf), then,
interleaved run by run:

- mkdocs:     `mkdocs build` with our hook (the default engine),
- properdocs: `properdocs build` with the same hook (properdocs.yml inherits mkdocs.yml),
- plain:      `mkdocs build` of the project `privacy-notices generate DIR` wrote (same pages, no hook),
- zensical:   `zensical build --clean` of that project (a full build: its cache emptied first).

Prints, per engine: the median wall time of --runs builds, the peak memory (max RSS of the build
process and its children), the HTML pages it wrote, and its time and memory over plain mkdocs'.
Also the time `generate` took. The hook's comparison cache (.cache/ of the group) is warm after
the first run, as in repeated builds; so is the PDF cache with --pdf.

    .venv/bin/python scripts/bench_engines.py [--runs 3] [--sizes 100x20,1000x5] [--engines mkdocs,properdocs,plain,zensical] [--pdf]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "scripts"))

from bench_build import AS_OF  # noqa: E402
from bench_versions import make_project  # noqa: E402


ENGINES = ("mkdocs", "properdocs", "plain", "zensical")

RUN = """\
import os, resource, runpy, sys
script = sys.argv[1]
sys.argv = sys.argv[1:]
code = 0
try:
    runpy.run_path(script, run_name="__main__")
except SystemExit as exc:
    code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
with open(os.environ["BENCH_PEAK_FILE"], "w") as f:
    f.write(str(peak))
sys.exit(code)
"""
"""Runs a console script (mkdocs, properdocs, zensical) in a fresh process and writes its peak RSS
(KiB, Linux) to BENCH_PEAK_FILE: the same measure for every engine."""


def command(engine: str, project: Path, generated: Path, site: Path) -> tuple[list[str], Path]:
    """The build command of ``engine`` and the folder it runs in."""
    if engine == "mkdocs":
        return [str(BIN / "mkdocs"), "build", "--quiet", "--site-dir", str(site)], project
    if engine == "properdocs":
        return [str(BIN / "properdocs"), "build", "--quiet", "--site-dir", str(site)], project
    if engine == "plain":
        return [str(BIN / "mkdocs"), "build", "--quiet", "--site-dir", str(site)], generated
    return [str(BIN / "zensical"), "build", "--clean"], generated  # writes generated/site (its site_dir)


def build(engine: str, project: Path, generated: Path, work: Path) -> tuple[float, float, int]:
    """Seconds, peak MiB and HTML pages of one build by ``engine`` in a fresh process."""
    site = generated / "site" if engine == "zensical" else work / f"site-{engine}"
    shutil.rmtree(site, ignore_errors=True)
    args, cwd = command(engine, project, generated, site)
    peak_file = work / "peak"
    env = {**os.environ, "PRIVACY_NOTICES_AS_OF": AS_OF.isoformat(), "NO_MKDOCS_2_WARNING": "1",
           "DISABLE_MKDOCS_2_WARNING": "true", "BENCH_PEAK_FILE": str(peak_file)}
    env.pop("SOURCE_DATE_EPOCH", None)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", RUN, *args], cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode:
        raise SystemExit(f"{engine} failed in {cwd}:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    pages = sum(1 for _ in site.rglob("index.html"))
    return elapsed, int(peak_file.read_text()) / 1024, pages


def prepare(base: Path, companies: int, revisions: int, pdf: bool) -> tuple[Path, Path, float]:
    """The group (with mkdocs.yml, properdocs.yml and the hook) and the project generated from it."""
    project = base / "group"
    make_project(project, companies, revisions)
    if not pdf:
        with open(project / "content" / "group.yaml", "a", encoding="utf-8") as f:
            f.write("pdf: false\n")
    generated = base / "generated"
    env = {**os.environ, "PRIVACY_NOTICES_TODAY": AS_OF.isoformat()}
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "privacy_notices", "generate", str(generated), "--root", str(project),
                             "--as-of", AS_OF.isoformat()], env=env, capture_output=True, text=True)
    generate_s = time.perf_counter() - started
    if result.returncode:
        raise SystemExit(f"generate failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return project, generated, generate_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="100x20,1000x5", help="COMPANIESxREVISIONS, comma-separated")
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--pdf", action="store_true", help="keep the PDFs of versions (warm cache after run 1)")
    args = parser.parse_args()
    engines = [e for e in args.engines.split(",") if e]
    unknown = set(engines) - set(ENGINES)
    if unknown:
        parser.error(f"unknown engines: {', '.join(sorted(unknown))} (known: {', '.join(ENGINES)})")
    for size in args.sizes.split(","):
        companies, revisions = map(int, size.lower().split("x"))
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            started = time.perf_counter()
            project, generated, generate_s = prepare(work, companies, revisions, args.pdf)
            print(f"\n{companies} companies x {revisions} revisions (set-up {time.perf_counter() - started:.0f} s, "
                  f"generate {generate_s:.1f} s, {sum(1 for _ in (generated / 'docs').rglob('*.md'))} Markdown pages)",
                  flush=True)
            results: dict[str, list[tuple[float, float, int]]] = {e: [] for e in engines}
            for run in range(args.runs):  # interleaved: a slower moment of the machine hits every engine
                for engine in engines:
                    results[engine].append(build(engine, project, generated, work))
                    seconds, mib, _ = results[engine][-1]
                    print(f"  run {run + 1} {engine:<10} {seconds:7.1f} s {mib:7.0f} MiB", file=sys.stderr, flush=True)
            medians = {e: (statistics.median(r[0] for r in rs), max(r[1] for r in rs), rs[-1][2])
                       for e, rs in results.items()}
            plain = medians.get("plain")
            print(f"{'engine':<11} {'median s':>9} {'peak MiB':>9} {'pages':>6} {'time/plain':>11} {'mem/plain':>10}")
            for engine, (seconds, mib, pages) in medians.items():
                ratios = (f"{seconds / plain[0]:>11.2f} {mib / plain[1]:>10.2f}" if plain else f"{'-':>11} {'-':>10}")
                print(f"{engine:<11} {seconds:>9.1f} {mib:>9.0f} {pages:>6} {ratios}", flush=True)


if __name__ == "__main__":
    main()
