"""Benchmark the whole build: a synthetic group of N companies (N = 5, 100, 300).

Each company is a clone of a demo company (every section, one to four documents). Prints
medians of several runs: check time, generate time (render every page), the mkdocs build
with our hook, a plain `mkdocs build` of the same generated Markdown (same theme, no hook),
their ratio, and peak memory (max RSS) of each build process.
Targets (issue 4): generation adds at most 10% to mkdocs' own build time at N = 100; time
grows linearly with N.

    .venv/bin/python scripts/bench_build.py [--runs 3] [--sizes 5,100,300]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from bench_check import make_group  # noqa: E402
from privacy_notices.check import check  # noqa: E402
from privacy_notices.site import plan_site  # noqa: E402
from privacy_notices.versions import Archive  # noqa: E402
from privacy_notices.writer import write_pages  # noqa: E402

AS_OF = dt.date(2026, 11, 23)
RUN_MKDOCS = ("import resource, runpy, sys; sys.argv = ['mkdocs', *sys.argv[1:]]\n"
              "try:\n    runpy.run_module('mkdocs', run_name='__main__')\nexcept SystemExit as e:\n"
              "    assert not e.code, e.code\n"
              "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)")


def mkdocs(root: Path, site: Path) -> tuple[float, float]:
    """Seconds and peak MiB of one `mkdocs build` in a fresh process."""
    env = {**os.environ, "PRIVACY_NOTICES_AS_OF": AS_OF.isoformat(), "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", RUN_MKDOCS, "build", "--quiet", "--site-dir", str(site)],
                            cwd=root, env=env, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"mkdocs build failed in {root}:\n{result.stdout}{result.stderr}")
    elapsed = time.perf_counter() - started
    return elapsed, int(result.stderr.strip().splitlines()[-1]) / 1024


def make_project(base: Path, n: int) -> tuple[Path, Path]:
    """The group with our mkdocs.yml, and a plain project of the same generated Markdown."""
    project = base / "project"
    project.mkdir()
    for part in ("mkdocs.yml", "docs", "overrides", "templates"):  # templates first: versions render with them
        source = ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy)(source, project / part)
    make_group(project, n)
    (project / "scripts/privacy_notices").mkdir(parents=True)
    shutil.copy(ROOT / "scripts/privacy_notices/mkdocs_hook.py", project / "scripts/privacy_notices")
    plain = base / "plain"
    shutil.copytree(ROOT / "overrides", plain / "overrides")
    group, _ = check(project)
    assert group is not None
    site = plan_site(group, AS_OF, Archive(project))
    write_pages(site.pages, plain / "docs")  # first: the writer refuses a folder of others' files
    shutil.copytree(ROOT / "docs", plain / "docs", dirs_exist_ok=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")  # the same config, without the hook
    for block in ("hooks:\n  - scripts/privacy_notices/mkdocs_hook.py\n", "watch:\n  - companies\n  - content\n  - templates\n"):
        assert block in config, block
        config = config.replace(block, "")
    nav = "\n".join(_nav_yaml(site.nav))
    (plain / "mkdocs.yml").write_text(config + "nav:\n" + nav + "\n", encoding="utf-8")
    return project, plain


def _nav_yaml(nav: list, indent: str = "  ") -> list[str]:
    lines = []
    for entry in nav:
        for title, value in entry.items():
            if isinstance(value, list):
                lines.append(f'{indent}- "{title}":')
                lines += _nav_yaml(value, indent + "    ")
            else:
                lines.append(f'{indent}- "{title}": {value}')
    return lines


def timed(function, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="5,100,300")
    args = parser.parse_args()
    print(f"{'N':>4} {'pages':>6} {'check s':>8} {'generate s':>10} {'ours s':>7} {'plain s':>8} "
          f"{'ratio':>6} {'ours MiB':>9} {'plain MiB':>9} {'s/company':>9}")
    for n in map(int, args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            project, plain = make_project(Path(tmp), n)
            group, _ = check(project)
            check_s = timed(lambda: check(project), args.runs)
            generate_s = timed(lambda: list(plan_site(group, AS_OF, Archive(project)).pages), args.runs)
            pages = sum(1 for _ in plan_site(group, AS_OF, Archive(project)).pages)
            ours = [mkdocs(project, Path(tmp) / "site-ours") for _ in range(args.runs)]
            base = [mkdocs(plain, Path(tmp) / "site-plain") for _ in range(args.runs)]
            ours_s, plain_s = statistics.median(t for t, _ in ours), statistics.median(t for t, _ in base)
            print(f"{n:>4} {pages:>6} {check_s:>8.3f} {generate_s:>10.3f} {ours_s:>7.2f} {plain_s:>8.2f} "
                  f"{ours_s / plain_s:>6.3f} {max(m for _, m in ours):>9.0f} {max(m for _, m in base):>9.0f} "
                  f"{ours_s / n:>9.3f}")


if __name__ == "__main__":
    main()
