"""Benchmark: load, validate and lint a group of N companies (N = 5, 100, 300).

Clones the demo companies under new ids into a temporary group and prints the median of
several runs of `check` (in-process, as the mkdocs hook will call it), and its peak memory.
Target (issue 3/4): 100 company files load and validate in under 1 s. The whole check also
renders every document to compare it with its latest frozen version.

    .venv/bin/python scripts/bench_check.py [--runs 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
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

    group, problems = load_group(target)
    assert group is not None and not problems, [p.format() for p in problems[:3]]
    original, archive = Archive(ROOT), Archive(target)
    for cid, source in sources.items():
        company = group.companies[cid]
        for doc in company.data.documents:
            dates = original.dates(source, doc)
            # the versions in force today and announced are rendered for the clone: its documents state one
            # set of facts (the joint use's members), as `check` requires (facts.py)
            current = max((d for d in dates if d <= today_in_tokyo()), default=dates[0])
            for day in dates:
                if day >= current:
                    text, data = render_version(group, company, doc, day)
                else:
                    frozen = Frozen(source, doc, day)
                    text, data = original.text(frozen), original.data(frozen)
                archive.freeze(Frozen(cid, doc, day), text, data, save=False)
    archive.save()


def measure(root: Path, runs: int, versions: bool) -> tuple[float, float, int]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        group, problems = check(root, strict=True, versions=versions)
        times.append(time.perf_counter() - started)
        assert group is not None and not problems, [p.format() for p in problems[:3]]
    tracemalloc.start()
    check(root, strict=True, versions=versions)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return statistics.median(times), max(times), peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print("load + validate + lint (versions=False), then the whole check (frozen versions compared too)")
    print(f"{'companies':>9}  {'stage':>8}  {'median s':>9}  {'max s':>7}  {'peak MiB':>8}  {'ms/company':>10}")
    for n in (5, 100, 300):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            make_group(root, n)
            for stage, versions in (("data", False), ("whole", True)):
                median, worst, peak = measure(root, args.runs, versions)
                print(f"{n:>9}  {stage:>8}  {median:>9.3f}  {worst:>7.3f}  {peak / 2**20:>8.1f}"
                      f"  {median / n * 1000:>10.2f}")


if __name__ == "__main__":
    main()
