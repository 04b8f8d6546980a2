"""Benchmark the PDFs of versions (pdf.py): the cold cost of one PDF and what they add to a build.

For a synthetic group of N companies (clones of the demo's, with their frozen versions) prints:
the median time to render one PDF (in-process, engine loaded, no cache), and the site's plan
(check, render every page, PDFs included, write them) without PDFs (``pdf: false``), with PDFs on
a cold cache (rendered in parallel, one worker per CPU), and on a warm cache (the usual build).

    .venv/bin/python scripts/bench_pdf.py [--companies 5,20] [--sample 8]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from bench_check import make_group  # noqa: E402
from privacy_notices.check import check  # noqa: E402
from privacy_notices.pdf import CACHE_VARIABLE, PdfMaker, to_pdf  # noqa: E402
from privacy_notices.site import plan_site  # noqa: E402
from privacy_notices.versions import Archive  # noqa: E402
from privacy_notices.writer import write_pages  # noqa: E402

AS_OF = dt.date(2026, 11, 23)


def build(root: Path, out: Path) -> tuple[float, int]:
    """Seconds to check, plan and write the site; the number of PDFs in it."""
    start = time.perf_counter()
    group, problems = check(root)
    assert group is not None, problems
    site = plan_site(group, AS_OF, Archive(root), site_url="https://privacy.example/")
    write_pages(site.pages, out)
    return time.perf_counter() - start, sum(p.path.endswith(".pdf") for p in site.pages)


def set_pdf(root: Path, on: bool) -> None:
    path = root / "content" / "group.yaml"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("pdf:")]
    path.write_text("\n".join([*lines, f"pdf: {'true' if on else 'false'}"]) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", default="5,20")
    parser.add_argument("--sample", type=int, default=8, help="PDFs timed one by one for the cold cost")
    args = parser.parse_args()
    print(f"CPUs: {os.cpu_count()}")
    for n in (int(x) for x in args.companies.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder) / "group"
            make_group(root, n)
            os.environ[CACHE_VARIABLE] = str(Path(folder) / "pdf-cache")
            set_pdf(root, False)
            off, _ = build(root, Path(folder) / "site-off")
            set_pdf(root, True)
            before = PdfMaker.rendered
            cold, count = build(root, Path(folder) / "site-cold")
            rendered = PdfMaker.rendered - before
            warm, _ = build(root, Path(folder) / "site-warm")
            assert PdfMaker.rendered - before == rendered, "the warm build rendered again"
            group, _ = check(root)
            assert group is not None
            site = plan_site(group, AS_OF, Archive(root))  # warm: the jobs, to time a few alone
            del site
            from privacy_notices.site import DocumentPages
            from privacy_notices.render import Renderer

            renderer = Renderer(group, AS_OF)
            jobs = [job for cid, company in group.companies.items() for doc in company.data.documents
                    for job in DocumentPages(group, renderer, Archive(root), company, doc, AS_OF, False).pdf_jobs()]
            times = []
            to_pdf(jobs[0][1])  # load the engine and the fonts once
            for _, version in jobs[:args.sample]:
                start = time.perf_counter()
                to_pdf(version)
                times.append(time.perf_counter() - start)
            print(f"N={n} companies, {count} versions ({rendered} PDFs rendered cold):")
            print(f"  one PDF, cold (median of {len(times)}): {statistics.median(times):.2f} s")
            print(f"  build without PDFs: {off:.1f} s")
            print(f"  build with PDFs, cold cache: {cold:.1f} s ({cold / off:.1f}x; "
                  f"{(cold - off) / max(count, 1):.2f} s per PDF with {os.cpu_count()} workers)")
            print(f"  build with PDFs, warm cache: {warm:.1f} s ({warm / off:.1f}x)")


if __name__ == "__main__":
    main()
