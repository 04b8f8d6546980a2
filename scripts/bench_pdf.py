"""Benchmark the PDFs of versions (pdf.py, DECISIONS.md 37, 40 and 44): their cold cost, and what they add to a build.

Prints:
- the cold cost of one PDF: a fresh process renders frozen versions of the demo one by one (CPU seconds:
  its first PDF, with the imports and fonts, then the median of the others; the median size);
- for a synthetic group of N companies (clones of the demo's, with their frozen versions, as
  ``bench_check.py`` makes them): the whole build (``mkdocs build`` with the hook, in a fresh process)
  without PDFs (``pdf: false``), with PDFs on a cold cache (rendered by the worker processes, one per
  CPU) and on a warm cache, and the PDFs per second the workers made; then, once ``privacy-notices pdfs``
  has recorded every version's PDF beside it (as ``record`` does since DECISIONS.md 44), the figure that
  matters: a cold build (empty cache) of the group with its committed PDFs against the build without PDFs
  (it should be ~1.0x: nothing is rendered);
- the cold-build overhead of 100 companies x 20 versions (2,000 PDFs), estimated from that rate, against
  the build without PDFs at 100 companies (measured when N is 100, else extrapolated linearly in N, as
  ``bench_build.py`` finds it grows): what a group whose versions were recorded without PDFs would pay.

    .venv/bin/python scripts/bench_pdf.py [--companies 6,20] [--sample 12]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from bench_build import AS_OF, RUN_MKDOCS  # noqa: E402
from bench_check import make_group  # noqa: E402
from privacy_notices.joint_users import DOCUMENT_ID, GROUP_ID, list_publisher  # noqa: E402
from privacy_notices.loader import load_group  # noqa: E402
from privacy_notices.pdf import CACHE_VARIABLE  # noqa: E402
from privacy_notices.render import Renderer  # noqa: E402
from privacy_notices.version_pdf import backfill  # noqa: E402
from privacy_notices.versions import Archive, Frozen  # noqa: E402

BIG_COMPANIES, BIG_VERSIONS = 100, 20
COLD_COST = r"""
import json, statistics, sys, time
from pathlib import Path
from privacy_notices.pdf import PdfVersion, to_pdf
def body(text):
    end = text.find("\n---\n", 4) if text.startswith("---\n") else -1
    return text[end + 5:] if end != -1 else text
files = [p for p in sorted(Path(sys.argv[1]).rglob("*.md")) if ".amended-" not in p.name][:int(sys.argv[2])]
times, sizes = [], []
for path in files:
    version = PdfVersion("株式会社あおばチケット", "個人情報保護方針", "2026年4月1日",
                         "https://privacy.example/aoba-ticket/policy/2026-04-01/", "0" * 64,
                         body(path.read_text(encoding="utf-8")))
    before = time.process_time()
    sizes.append(len(to_pdf(version)))
    times.append(time.process_time() - before)
    if len(times) == 1:
        first = time.process_time()  # since the process started: the interpreter, imports, fonts
print(json.dumps({"first": first, "times": times, "sizes": sizes}))
"""


def cold_cost(sample: int) -> dict:
    """CPU seconds of a fresh process's PDFs of the demo's frozen versions."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts")}
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", COLD_COST, str(ROOT / "versions"), str(sample)],
                         capture_output=True, text=True, env=env, check=True).stdout
    result = json.loads(out)
    result["wall"] = time.perf_counter() - started
    return result


def make_project(base: Path, n: int) -> Path:
    """The group of N companies with the project's mkdocs.yml, hook and templates (no build yet)."""
    project = base / "project"
    project.mkdir()
    for part in ("mkdocs.yml", "docs", "overrides", "templates"):
        source = ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy)(source, project / part)
    make_group(project, n)
    group, _ = load_group(project)  # the group's list of joint users, with the clones among its members
    publisher = list_publisher(group) if group is not None else None
    if group is not None and publisher is not None:
        for day in Archive(ROOT).dates(GROUP_ID, DOCUMENT_ID):
            if Archive(project).exists(Frozen(GROUP_ID, DOCUMENT_ID, day)):
                continue  # bench_check.make_group freezes the group's list with the companies
            text, resolved = Renderer(group, day).version(publisher, DOCUMENT_ID, day)
            Archive(project).freeze(Frozen(GROUP_ID, DOCUMENT_ID, day), text, resolved)
    (project / "scripts/privacy_notices").mkdir(parents=True)
    shutil.copy(ROOT / "scripts/privacy_notices/mkdocs_hook.py", project / "scripts/privacy_notices")
    return project


def set_pdf(root: Path, on: bool) -> None:
    path = root / "content" / "group.yaml"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("pdf:")]
    path.write_text("\n".join([*lines, f"pdf: {'true' if on else 'false'}"]) + "\n", encoding="utf-8")


CPU: list[float] = []
"""The CPU seconds of each build (its process and the PDF workers): on a loaded machine the wall time varies
more than the work, so the committed-PDF pair is compared by both."""


def build(root: Path, site: Path, cache: Path) -> float:
    """Seconds of one whole `mkdocs build` (check, plan, PDFs, pages) in a fresh process (its CPU seconds: CPU[-1])."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    env = {**os.environ, "PRIVACY_NOTICES_AS_OF": AS_OF.isoformat(), "NO_MKDOCS_2_WARNING": "1",
           CACHE_VARIABLE: str(cache)}
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", RUN_MKDOCS, "build", "--quiet", "--site-dir", str(site)],
                            cwd=root, env=env, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"mkdocs build failed in {root}:\n{result.stdout}{result.stderr}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", default="6,20", help="group sizes to build (comma-separated; 6: the demo's size)")
    parser.add_argument("--sample", type=int, default=12, help="demo versions rendered one by one for the cold cost")
    args = parser.parse_args()
    cpus = os.cpu_count() or 1
    print(f"CPUs: {cpus}")
    cost = cold_cost(args.sample)
    rest = cost["times"][1:] or cost["times"]
    print(f"one PDF, cold, in a fresh process (CPU s): first {cost['first']:.2f} (imports, fonts), then median "
          f"{statistics.median(rest):.2f} (max {max(rest):.2f}) of {len(rest)}; median size "
          f"{statistics.median(cost['sizes']) / 1024:.0f} KiB")
    for n in (int(x) for x in args.companies.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            base = Path(folder)
            root = make_project(base, n)

            def run(pdf: bool, site: str, cache: str) -> float:
                """One whole build, the comparisons' cache emptied first (cold, as in a pull request)."""
                set_pdf(root, pdf)
                shutil.rmtree(root / ".cache", ignore_errors=True)
                return build(root, base / site, base / cache)

            def pdfs(site: str) -> list[Path]:
                return [p for p in (base / site).rglob("*.pdf") if "forms" not in p.relative_to(base / site).parts]

            off = run(False, "site-off", "cache-off")
            cold = run(True, "site-cold", "cache")  # versions recorded without PDFs: every one rendered
            count, size = len(pdfs("site-cold")), sum(p.stat().st_size for p in pdfs("site-cold"))
            warm = build(root, base / "site-warm", base / "cache")
            group, _ = load_group(root)
            assert group is not None
            os.environ[CACHE_VARIABLE] = str(base / "cache-record")  # rendered as record renders them
            started = time.perf_counter()
            recorded = len(backfill(root, group))
            recording = time.perf_counter() - started
            again = run(False, "site-off-again", "cache-off")  # the pair compared: one after the other
            again_cpu = CPU[-1]
            committed = run(True, "site-committed", "cache-empty")
            committed_cpu = CPU[-1]
            rendered = sum(1 for _ in (base / "cache-empty").rglob("*.pdf"))
            same = all(p.read_bytes() == (root / "versions" / p.relative_to(base / "site-committed")).read_bytes()
                       for p in pdfs("site-committed"))
            rate = count / max(cold - off, 1e-9)
            print(f"N={n} companies, {count} PDFs ({size / 2**20:.0f} MiB), whole builds (mkdocs, fresh process):")
            print(f"  without PDFs: {off:.1f} s, again after the others: {again:.1f} s")
            print(f"  with PDFs recorded with their versions (DECISIONS.md 44), cold (empty) cache: {committed:.1f} s"
                  f" = {committed / again:.2f}x the build without PDFs just before it ({again:.1f} s); CPU"
                  f" {committed_cpu:.1f} s = {committed_cpu / again_cpu:.2f}x ({again_cpu:.1f} s); {rendered} rendered;"
                  f" published bytes = committed: {same}")
            print(f"  recording those {recorded} PDFs (privacy-notices pdfs; record makes each once): {recording:.1f} s")
            print(f"  versions recorded without PDFs (before 44), cold cache: {cold:.1f} s ({cold / off:.1f}x):"
                  f" {rate:.1f} PDFs/s with {cpus} workers; warm cache: {warm:.1f} s ({warm / off:.1f}x)")
            pdfs_big = BIG_COMPANIES * BIG_VERSIONS
            big_off = off * BIG_COMPANIES / n
            how = "measured" if n == BIG_COMPANIES else f"extrapolated from N={n}"
            print(f"  {BIG_COMPANIES} x {BIG_VERSIONS} ({pdfs_big} PDFs) recorded without PDFs, at this rate: cold cache "
                  f"+{pdfs_big / rate:.0f} s over {big_off:.0f} s without PDFs ({how}) = "
                  f"{(big_off + pdfs_big / rate) / big_off:.1f}x; {pdfs_big * size / max(count, 1) / 2**20:.0f} MiB of PDFs"
                  " (committed: the same bytes in git)")

if __name__ == "__main__":
    main()
