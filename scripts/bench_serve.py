"""Benchmark: how soon `mkdocs serve` shows an edit of one company's YAML (the demo site).

Starts `mkdocs serve` (with and without --dirty) on a copy of the demo, edits one purpose in
companies/aoba-cable.yaml, and prints the seconds until the served page shows it, median of
several edits. Target (issue 5): within 1 s on a ~200-page site.

    .venv/bin/python scripts/bench_serve.py [--edits 5]
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


def measure(dirty: bool, edits: int) -> list[float]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for part in PARTS:
            source, target = ROOT / part, root / part
            target.parent.mkdir(parents=True, exist_ok=True)
            (shutil.copytree if source.is_dir() else shutil.copy)(source, target)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        env = {**os.environ, "PRIVACY_NOTICES_AS_OF": "2026-11-23", "NO_MKDOCS_2_WARNING": "1"}
        command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"] + (["--dirty"] if dirty else [])
        server = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            url = f"http://127.0.0.1:{port}{PAGE}"
            wait_for(url, "株式会社あおばケーブルテレビ")
            path = root / "companies" / "aoba-cable.yaml"
            times = []
            for i in range(edits):
                text = path.read_text(encoding="utf-8")
                marker = f"ベンチ用の利用目的{i}"
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
    args = parser.parse_args()
    for dirty in (False, True):
        times = measure(dirty, args.edits)
        print(f"mkdocs serve{' --dirty' if dirty else ''}: edit shown after median {statistics.median(times):.2f} s "
              f"(max {max(times):.2f} s, {len(times)} edits)")


if __name__ == "__main__":
    main()
