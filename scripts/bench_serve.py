"""Benchmark: how soon `mkdocs serve` shows an edit of one company's YAML.

Starts `mkdocs serve` (with and without --dirty) on a copy of the demo, or on bench_versions.py's
group of N companies x M revisions (``--group 100x20``), adds one purpose to one company's YAML,
and prints the seconds until the served page shows it, median of several edits. Targets: within
1 s on the demo (issue 5) and, with --dirty, on the 100 x 20 group (issue 14).

    .venv/bin/python scripts/bench_serve.py [--edits 5] [--group 100x20]
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from bench_versions import make_project  # noqa: E402

PARTS = ("content", "companies", "versions", "templates", ".github", "mkdocs.yml", "docs", "overrides",
         "scripts/privacy_notices/mkdocs_hook.py")
PAGE = "/aoba-cable/policy/"


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str, limit: float = 60) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        if text in fetch(url):
            return time.perf_counter() - started
        time.sleep(0.05)
    raise SystemExit(f"{text!r} not served within {limit} s")


def measure(dirty: bool, edits: int, size: tuple[int, int] | None, made: Path | None = None,
            plain: bool = False) -> list[float]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "group"
        if made is not None:  # a group made before (with its caches): bench_versions' c0000 is edited
            shutil.copytree(made, root, dirs_exist_ok=True, symlinks=True)
            company, page, name = "c0000", "/c0000/policy/", "株式会社ベンチ0000"
        elif size is None:
            for part in PARTS:
                source, target = ROOT / part, root / part
                target.parent.mkdir(parents=True, exist_ok=True)
                (shutil.copytree if source.is_dir() else shutil.copy)(source, target)
            company, page, name = "aoba-cable", PAGE, "株式会社あおばケーブルテレビ"
        else:
            make_project(root, *size)
            company, page, name = "c0000", "/c0000/policy/", "株式会社ベンチ0000"
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        env = {**os.environ, "PRIVACY_NOTICES_AS_OF": "2026-11-23", "NO_MKDOCS_2_WARNING": "1"}
        path, served = root / "companies" / f"{company}.yaml", root
        if plain:  # the same pages without the hook: what mkdocs itself takes for a dirty rebuild
            served = Path(tmp) / "generated"
            subprocess.run([sys.executable, "-m", "privacy_notices", "generate", str(served)], cwd=root, env=env,
                           check=True, stdout=subprocess.DEVNULL)
            path = served / "docs" / page.strip("/") / "index.md"
        command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"] + (["--dirty"] if dirty else [])
        server = subprocess.Popen(command, cwd=served, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            url = f"http://127.0.0.1:{port}{page}"
            wait_for(url, name, limit=1800)
            times = []
            for i in range(edits):
                text = path.read_text(encoding="utf-8")
                marker = f"ベンチ用の利用目的{i}"
                if plain:
                    path.write_text(text + f"\n{marker}\n", encoding="utf-8")
                else:
                    path.write_text(text.replace("    items:\n", f"    items:\n      - {marker}\n", 1), encoding="utf-8")
                times.append(wait_for(url, marker))
                time.sleep(1)
            return times
        finally:
            server.terminate()
            server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--group", metavar="NxM", help="N companies x M revisions instead of the demo")
    parser.add_argument("--dirty-only", action="store_true", help="only mkdocs serve --dirty")
    parser.add_argument("--plain", action="store_true",
                        help="also plain mkdocs serving the pages `generate` wrote, a generated page edited (no hook)")
    parser.add_argument("--made", type=Path, metavar="DIR",
                        help="a copy of this group (made by --group before, with its .cache/) instead of a new one")
    args = parser.parse_args()
    size = tuple(int(n) for n in args.group.split("x")) if args.group else None
    where = f"{args.group} group" if size else "demo"
    for plain in (False, True) if args.plain else (False,):
        for dirty in (True,) if args.dirty_only else (False, True):
            times = measure(dirty, args.edits, size, args.made, plain)  # type: ignore[arg-type]
            print(f"{where}, {'plain ' if plain else ''}mkdocs serve{' --dirty' if dirty else ''}: edit shown after median "
                  f"{statistics.median(times):.2f} s (max {max(times):.2f} s, {len(times)} edits)")


if __name__ == "__main__":
    main()
