"""Benchmark: load, validate and lint a group of N companies (N = 6, 100, 300, 1,000).

Clones the demo companies under new ids into a temporary group and prints the median of
several runs of `check` (in-process, as the mkdocs hook will call it), and its peak memory
(Python's allocations, tracemalloc, in a separate run). Each clone gets its original's frozen
versions (the demo's documents have 3 to 7 each: about 5 revisions a document), so 1,000
companies is the issue's "1,000 companies x 5 revisions". Targets: 100 company files load and
validate in under 1 s (issue 3/4); the whole check of 1,000 companies x 5 revisions within 3 s
(issue 14). The whole check also renders every document to compare it with its latest frozen
version. ``--cli`` also times ``privacy-notices check`` as an editor runs it (a new process:
imports and template compilation included) and reports its peak resident memory.

    .venv/bin/python scripts/bench_check.py [--runs 5] [--sizes 6,100,300,1000] [--cli] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from privacy_notices.check import check  # noqa: E402
from privacy_notices.yamlio import new_yaml  # noqa: E402


def make_group(target: Path, n: int, adjust: Callable[[Any], None] | None = None) -> None:
    """N clones of the demo companies (``adjust`` edits the group file's data before it is written)."""
    shutil.copytree(ROOT / "content", target / "content")
    (target / "companies").mkdir()
    originals = sorted((ROOT / "companies").glob("*.yaml"))
    ids = []
    for i in range(n):
        source = originals[i % len(originals)]
        cid = source.stem if i < len(originals) else f"{source.stem}-{i:03d}"
        shutil.copy(source, target / "companies" / f"{cid}.yaml")
        ids.append(cid)
    yaml = new_yaml()
    group_file = target / "content" / "group.yaml"
    data = yaml.load(group_file.read_text(encoding="utf-8"))
    data["companies"] = ids
    if adjust is not None:
        adjust(data)
    with group_file.open("w", encoding="utf-8") as out:
        yaml.dump(data, out)
    freeze_clones(target, {cid: cid if i < len(originals) else originals[i % len(originals)].stem
                           for i, cid in enumerate(ids)})
    from privacy_notices.codeowners import write_codeowners
    from privacy_notices.loader import load_group

    group, _ = load_group(target)
    assert group is not None
    write_codeowners(group)


def freeze_clones(target: Path, sources: dict[str, str]) -> None:
    """Give each clone the versions of the company it copies; the latest one rendered for it.

    A clone shares its original's data, but the joint use's list of members grows with the
    group, so the versions in force today and announced are rendered anew (as `record` would) and older ones copied.
    """
    from privacy_notices.dates import today_in_tokyo
    from privacy_notices.loader import load_group
    from privacy_notices.render import render_version
    from privacy_notices.versions import Archive, Frozen

    from privacy_notices.joint_users import publishers

    group, problems = load_group(target)
    assert group is not None and not problems, [p.format() for p in problems[:3]]
    from privacy_notices.render import Renderer

    original, archive = Archive(ROOT), Archive(target)
    renderers: dict[Any, Renderer] = {}  # one per date, as `record` renders a day's versions
    everyone = {company.id: company for company in publishers(group)}  # the group's list of joint users too
    for cid, source in {**sources, **{cid: cid for cid in everyone if cid not in sources}}.items():
        company = everyone[cid]
        for doc in company.data.documents:
            dates = original.dates(source, doc)
            # the versions in force today and announced are rendered for the clone: its documents state one
            # set of facts (the joint use's members), as `check` requires (facts.py)
            current = max((d for d in dates if d <= today_in_tokyo()), default=dates[0])
            for day in dates:
                if day >= current:
                    if day not in renderers:
                        renderers[day] = Renderer(group, day)
                    text, data = render_version(group, company, doc, day, renderers[day])
                else:
                    frozen = Frozen(source, doc, day)
                    text, data = original.text(frozen), original.data(frozen)
                archive.freeze(Frozen(cid, doc, day), text, data, save=False)
    archive.save()


def clear(root: Path) -> None:
    """Delete what `check` keeps between runs (parsed files, rendered pages: parsed.py, rendered.py)."""
    for kind in ("parsed", "rendered"):
        shutil.rmtree(root / ".cache" / "privacy-notices" / kind, ignore_errors=True)


def measure(root: Path, runs: int, versions: bool, cold: bool) -> tuple[float, float, int]:
    """Median and worst time of ``check`` in this process, and its peak of Python allocations; ``cold``:
    without the files kept by the previous run (this process's own memoised values stay warm)."""
    times = []
    for _ in range(runs):
        if cold:
            clear(root)
        started = time.perf_counter()
        group, problems = check(root, strict=True, versions=versions)
        times.append(time.perf_counter() - started)
        assert group is not None and not problems, [p.format() for p in problems[:3]]
    if cold:
        clear(root)
    tracemalloc.start()
    check(root, strict=True, versions=versions)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return statistics.median(times), max(times), peak


def describe(root: Path) -> str:
    """What the group holds: companies, documents, frozen versions (per document), size of the archive."""
    from privacy_notices.versions import Archive

    archive = Archive(root)
    documents = {tuple(name.split("/")[:2]) for name in archive.manifest}
    texts = [name for name in archive.manifest if name.endswith(".md")]
    size = sum(f.stat().st_size for f in (root / "versions").rglob("*") if f.is_file())
    companies = len(list((root / "companies").glob("*.yaml")))
    return (f"{companies} companies, {len(documents)} documents, {len(texts)} frozen versions"
            f" ({len(texts) / max(len(documents), 1):.1f} a document), versions/ {size / 2**20:.0f} MiB")


def measure_cli(root: Path, runs: int, cold: bool) -> tuple[float, float, float]:
    """Median and worst wall time and peak resident memory (MiB) of ``privacy-notices check --strict`` in a
    new process, as an editor or CI runs it; ``cold``: after deleting what the previous run kept."""
    command = [str(ROOT / ".venv" / "bin" / "privacy-notices"), "check", "--strict", str(root)]
    times, peak = [], 0.0
    for _ in range(runs):
        if cold:
            clear(root)
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True)
        times.append(time.perf_counter() - started)
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
        peak = max(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)  # the largest child so far
    return statistics.median(times), max(times), peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="6,100,300,1000", help="numbers of companies, comma-separated")
    parser.add_argument("--cli", action="store_true", help="also time `privacy-notices check` in a new process")
    parser.add_argument("--keep", type=Path, help="build the largest group in DIR and keep it (for profiling)")
    args = parser.parse_args()
    sizes = [int(n) for n in args.sizes.split(",")]
    print("load + validate + lint (versions=False), then the whole check (frozen versions compared too)")
    print("cold: without .cache/privacy-notices/{parsed,rendered} (kept by the previous run); warm: with them")
    print(f"{'companies':>9}  {'stage':>10}  {'median s':>9}  {'max s':>7}  {'peak MiB':>8}  {'ms/company':>10}")
    groups = []
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = args.keep if args.keep and n == max(sizes) else Path(tmp)
            if root == args.keep:
                shutil.rmtree(root, ignore_errors=True)
                root.mkdir(parents=True)
            make_group(root, n)
            groups.append(describe(root))
            for stage, versions in (("data", False), ("whole", True)):
                for cold in (True, False):
                    median, worst, peak = measure(root, args.runs, versions, cold)
                    print(f"{n:>9}  {stage + (' cold' if cold else ' warm'):>10}  {median:>9.3f}  {worst:>7.3f}"
                          f"  {peak / 2**20:>8.1f}  {median / n * 1000:>10.2f}", flush=True)
            if args.cli:
                for cold in (True, False):
                    median, worst, rss = measure_cli(root, args.runs, cold)
                    print(f"{n:>9}  {'cli cold' if cold else 'cli warm':>10}  {median:>9.3f}  {worst:>7.3f}  {rss:>8.1f}"
                          f"  {median / n * 1000:>10.2f}   (privacy-notices check --strict; peak MiB: resident)",
                          flush=True)
    print("groups: " + "; ".join(groups))


if __name__ == "__main__":
    main()
