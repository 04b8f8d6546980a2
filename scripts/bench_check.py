"""Benchmark: load, validate and lint a group of N companies (N = 5, 100, 300).

Clones the demo companies under new ids into a temporary group and prints the median of
several runs of `check` (in-process, as the mkdocs hook will call it), and its peak memory.
Target (issue 3/4): 100 company files load and validate in under 1 s.

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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from privacy_notices.check import check  # noqa: E402
from privacy_notices.yamlio import new_yaml  # noqa: E402


def make_group(target: Path, n: int) -> None:
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
    with group_file.open("w", encoding="utf-8") as out:
        yaml.dump(data, out)


def measure(root: Path, runs: int) -> tuple[float, float, int]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        group, problems = check(root, strict=True)
        times.append(time.perf_counter() - started)
        assert group is not None and not problems, [p.format() for p in problems[:3]]
    tracemalloc.start()
    check(root, strict=True)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return statistics.median(times), max(times), peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"{'companies':>9}  {'median s':>9}  {'max s':>7}  {'peak MiB':>8}  {'ms/company':>10}")
    for n in (5, 100, 300):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            make_group(root, n)
            median, worst, peak = measure(root, args.runs)
            print(f"{n:>9}  {median:>9.3f}  {worst:>7.3f}  {peak / 2**20:>8.1f}  {median / n * 1000:>10.2f}")


if __name__ == "__main__":
    main()
