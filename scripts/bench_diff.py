"""Micro-benchmark of ``privacy_notices.diff``: how long comparing two versions of a notice takes.

Run: ``.venv/bin/python scripts/bench_diff.py``. Prints the median of 50 comparisons of a realistic
~15 KB notice against a copy with ~5% of its sentences edited (target: under 10 ms), then the
worst of the unrelated-text cases (two ~15 KB texts sharing nothing but their vocabulary).
"""

from __future__ import annotations

import random
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

from privacy_notices.diff import compare
from privacy_notices.diff_render import to_html

ROOT = Path(__file__).resolve().parent.parent
NOTICE = ROOT / "tests/golden/demo/aoba-ticket/handling/index.md"
SIZE = 15_000
"""Bytes of UTF-8 a benchmarked text has (about 5,000 Japanese characters)."""
RUNS = 50
_KANJI = re.compile(r"[\u4e00-\u9fff]{2,}")
SENTENCES = (ROOT / "tests/fixtures/sentences.txt").read_text(encoding="utf-8").splitlines()
"""Japanese notice sentences, shared with tests/test_diff.py."""


def realistic_pair() -> tuple[str, str]:
    """A generated notice cut to about 15 KB, and a copy with about 5% of its sentences edited
    (a sentence here also means a table cell or a line of one)."""
    text = NOTICE.read_text(encoding="utf-8")
    cut = text.encode("utf-8")[:SIZE].decode("utf-8", "ignore")
    old = cut[: cut.rfind("\n\n")] + "\n"  # end on a block boundary
    pieces = re.split(r"(。|<br>|\n|\|)", old)
    editable = [index for index, piece in enumerate(pieces) if _KANJI.search(piece)]
    rng = random.Random(0)
    for index in rng.sample(editable, len(editable) // 20):
        word = rng.choice(list(_KANJI.finditer(pieces[index])))
        edit = rng.choice(["必要に応じて" + word.group(), "所定の" + word.group(), "所定の手続"])
        pieces[index] = pieces[index][: word.start()] + edit + pieces[index][word.end() :]
    return old, "".join(pieces)


def unrelated_pairs() -> dict[str, tuple[str, str]]:
    """Two ~15 KB texts of several shapes: from the same sentences in unrelated orders (the worst
    case for alignment: every block has many equal partners) or from disjoint halves of them."""

    def notice(seed: int, shape: str, pool: list[str]) -> str:
        rng, parts = random.Random(seed), list[str]()
        while sum(len(p.encode("utf-8")) for p in parts) < SIZE:
            sentence = rng.choice(pool)
            parts.append({"paragraphs": f"{sentence}\n\n", "one paragraph": sentence,
                          "list": f"- {sentence}\n", "table": f"| {rng.randrange(99)} | {sentence} |\n"}[shape])
        head = "| 番号 | 内容 |\n|---|---|\n" if shape == "table" else ""
        return head + "".join(parts)

    half = len(SENTENCES) // 2
    pairs = {}
    for shape in ["paragraphs", "one paragraph", "list", "table"]:
        pairs[f"{shape}, shuffled"] = (notice(0, shape, SENTENCES), notice(1, shape, SENTENCES))
        pairs[f"{shape}, disjoint"] = (notice(0, shape, SENTENCES[:half]), notice(1, shape, SENTENCES[half:]))
    return pairs


def timed(function: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def main() -> int:
    old, new = realistic_pair()
    stats = compare(old, new).stats
    median = statistics.median(timed(lambda: compare(old, new), RUNS))
    html = statistics.median(timed(lambda: to_html(compare(old, new)), RUNS))
    print(f"realistic: {len(old.encode())} / {len(new.encode())} bytes, {stats}")
    print(f"  compare median of {RUNS}: {median * 1000:.2f} ms (target < 10 ms); with to_html: {html * 1000:.2f} ms")
    worst = 0.0
    for shape, (a, b) in unrelated_pairs().items():
        seconds = max(timed(lambda: compare(a, b), 3))
        worst = max(worst, seconds)
        print(f"unrelated ({shape}): {len(a.encode())} / {len(b.encode())} bytes, worst of 3: {seconds * 1000:.1f} ms")
    print(f"worst unrelated case: {worst * 1000:.1f} ms")
    return 0 if median < 0.010 else 1


if __name__ == "__main__":
    sys.exit(main())
