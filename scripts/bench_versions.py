"""Benchmark the versioned site: N companies x M revisions (default 100 x 20, ~4,000 pages).

Builds a synthetic group from the test fixture's company (one document each), records M
revisions per company (each adds a purpose, as an editor would), then prints medians of several
runs of: our stage (check + plan every page), the whole `mkdocs build`, its peak memory, the
search index size, the largest HTML page, and the number of pages.
Targets (issue 5): whole build <= 60 s and <= 400 MiB; our stage <= 5 s; search index <= 5 MB;
no page over 100 KB of HTML. Comparisons of frozen versions are cached under .cache/ (keyed by
checksums): the mkdocs builds measured here run with a warm cache, as repeated builds do.

    .venv/bin/python scripts/bench_versions.py [--companies 100] [--revisions 20] [--runs 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from bench_build import AS_OF, mkdocs  # noqa: E402
from privacy_notices.check import check  # noqa: E402
from privacy_notices.loader import load_group  # noqa: E402
from privacy_notices.render import render_version  # noqa: E402
from privacy_notices.site import plan_site  # noqa: E402
from privacy_notices.versions import Archive, Frozen  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "minimal"
LAST_REVISION = dt.date(2026, 4, 1)


def make_project(target: Path, companies: int, revisions: int) -> None:
    """N companies with one document each and M recorded revisions, every one adding a purpose, as an
    editor would (dates that end in 2026: the group's joint use started in 2020
    and must be announced by a revision after it). bench_engines.py uses it too."""
    shutil.copytree(FIXTURE / "content", target / "content")
    (target / "companies").mkdir()
    template = (FIXTURE / "companies" / "alpha.yaml").read_text(encoding="utf-8")
    template = template.split("    history:\n")[0] + "    history:\n"
    ids = [f"c{i:04d}" for i in range(companies)]
    dates = [LAST_REVISION - dt.timedelta(days=182 * (revisions - 1 - r)) for r in range(revisions)]
    group_text = (target / "content" / "group.yaml").read_text(encoding="utf-8")
    group_text = group_text.replace("  - alpha\n  - beta\n", "".join(f"  - {cid}\n" for cid in ids))
    group_text = group_text.replace("responsible: alpha", f"responsible: {ids[0]}")
    (target / "content" / "group.yaml").write_text(group_text, encoding="utf-8")
    archive = Archive(target)
    for r, day in enumerate(dates):
        for i, cid in enumerate(ids):
            text = template.replace("name: 株式会社アルファ", f"name: 株式会社ベンチ{i:04d}")
            items = [f"      - 第{k + 1}版で加えた利用目的 (会員向けのお知らせ {k + 1})\n" for k in range(r)]
            items = items or ["      - 会員の管理のため\n"]
            text = text.replace("documents:", "purposes:\n  customer:\n    items:\n" + "".join(items) + "documents:", 1)
            history = "".join(f"      - date: {d}\n        summary: 第{k + 1}版\n" for k, d in enumerate(dates[:r + 1]))
            (target / "companies" / f"{cid}.yaml").write_text(text + history, encoding="utf-8")
        group, problems = load_group(target)
        assert group is not None and not problems, [p.format() for p in problems[:3]]
        for cid in ids:
            text, data = render_version(group, group.companies[cid], "policy", day)
            archive.freeze(Frozen(cid, "policy", day), text, data, save=False)
    archive.save()
    for part in ("mkdocs.yml", "properdocs.yml", "docs", "overrides"):
        source = ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy)(source, target / part)
    (target / "templates").mkdir()
    (target / "scripts/privacy_notices").mkdir(parents=True)
    shutil.copy(ROOT / "scripts/privacy_notices/mkdocs_hook.py", target / "scripts/privacy_notices")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--companies", type=int, default=100)
    parser.add_argument("--revisions", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        started = time.perf_counter()
        make_project(project, args.companies, args.revisions)
        print(f"set-up (record {args.companies} x {args.revisions} versions): {time.perf_counter() - started:.1f} s")
        stage = []
        for _ in range(args.runs + 1):  # the first run fills the comparison cache (a fresh checkout)
            started = time.perf_counter()
            group, problems = check(project)
            assert group is not None and not problems, [p.format() for p in problems[:3]]
            pages = list(plan_site(group, AS_OF, Archive(project)).pages)  # made as they are read
            stage.append(time.perf_counter() - started)
        builds = [mkdocs(project, Path(tmp) / "site") for _ in range(args.runs)]
        site_dir = Path(tmp) / "site"
        html = list(site_dir.rglob("*.html"))
        largest = max(html, key=lambda p: p.stat().st_size)
        index = site_dir / "search" / "search_index.json"
        print(f"pages: {len(pages)} generated, {len(html)} HTML")
        print(f"our stage (check + plan): {stage[0]:.2f} s cold, median {statistics.median(stage[1:]):.2f} s "
              "with the comparison cache")
        print(f"whole mkdocs build: median {statistics.median(t for t, _ in builds):.1f} s, "
              f"peak {max(m for _, m in builds):.0f} MiB")
        print(f"search index: {index.stat().st_size / 2**20:.2f} MiB")
        print(f"largest page: {largest.stat().st_size / 1024:.0f} KiB ({largest.relative_to(site_dir)})")


if __name__ == "__main__":
    main()
