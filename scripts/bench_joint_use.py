"""Benchmark the joint use's list of members: embedded in every notice (``listing: table``) or published
once in the group's list (``listing: document``, DECISIONS.md 34).

For N companies (clones of the demo's, as ``bench_check.py`` makes them) prints, for each way: the size of
the frozen versions (``versions/``, text and data), and what adding one more company asks for: how many
documents change text (each needs a recorded revision) and the bytes those new versions weigh.

    .venv/bin/python scripts/bench_joint_use.py [--sizes 100,1000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import bench_check  # noqa: E402
from privacy_notices.joint_users import DOCUMENT_ID, GROUP_ID, list_publisher, publishers  # noqa: E402
from privacy_notices.loader import load_group  # noqa: E402
from privacy_notices.render import Renderer  # noqa: E402
from privacy_notices.versions import Archive, Frozen, dump_json  # noqa: E402

LIST_DATE = dt.date(2026, 12, 1)


def make_group(target: Path, n: int, listing: str) -> None:
    """N clones of the demo companies; the demo's joint use set to ``listing`` (table: no list document)."""
    def adjust(data: Any) -> None:
        for use in data["joint_uses"]:
            use["listing"] = listing
            use.setdefault("scope", "当社および当社の連結子会社")
        if listing == "table":
            data.pop("joint_users", None)
        else:
            data["joint_users"] = {"history": [{"date": LIST_DATE, "summary": "制定"}]}

    bench_check.make_group(target, n, adjust)
    group, _ = load_group(target)
    publisher = list_publisher(group) if group else None
    if group is not None and publisher is not None:
        text, resolved = Renderer(group, LIST_DATE).version(publisher, DOCUMENT_ID, LIST_DATE)
        Archive(target).freeze(Frozen(GROUP_ID, DOCUMENT_ID, LIST_DATE), text, resolved)


def size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def one_more(target: Path) -> tuple[int, int]:
    """Add a company: the documents whose text changes (each a revision to record) and their new versions' bytes."""
    group_file = target / "content" / "group.yaml"
    shutil.copy(ROOT / "companies" / "aoba-shop.yaml", target / "companies" / "newcomer.yaml")
    text = group_file.read_text(encoding="utf-8")
    group_file.write_text(text.replace("companies:\n", "companies:\n- newcomer\n", 1), encoding="utf-8")
    group, problems = load_group(target)
    assert group is not None and "newcomer" in group.companies, [p.format() for p in problems[:3]]
    archive = Archive(target)
    renderer = Renderer(group, dt.date.max)
    changed = weight = 0
    for company in publishers(group):
        for doc in company.data.documents:
            dates = archive.dates(company.id, doc)
            if not dates:
                continue  # the newcomer's own first versions: the same in both ways
            new, data = renderer.version(company, doc, dates[-1])
            if new != archive.text(archive.latest(company.id, doc, dates[-1])):
                changed += 1
                weight += len(new.encode("utf-8")) + len(dump_json(data).encode("utf-8"))
    return changed, weight


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100,1000")
    args = parser.parse_args()
    os.environ.setdefault("PRIVACY_NOTICES_TODAY", "2026-11-23")
    print(f"{'N':>6} {'listing':>9} {'versions/':>12} {'revisions for +1 company':>26} {'their size':>12} {'seconds':>8}")
    for n in (int(s) for s in args.sizes.split(",")):
        for listing in ("table", "document"):
            with tempfile.TemporaryDirectory() as tmp:
                started = time.perf_counter()
                target = Path(tmp)
                make_group(target, n, listing)
                frozen = size(target / "versions")
                changed, weight = one_more(target)
                print(f"{n:>6} {listing:>9} {frozen / 1e6:>9.1f} MB {changed:>26} {weight / 1e6:>9.2f} MB "
                      f"{time.perf_counter() - started:>8.1f}", flush=True)


if __name__ == "__main__":
    main()
