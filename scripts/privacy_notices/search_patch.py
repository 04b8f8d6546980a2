"""Make mkdocs-material's search find Japanese compounds (株式会社あおばチケット, 共同利用).

The theme's search worker splits only kanji runs of a query, and never tries a run's last
character, so katakana/hiragana compounds and the last word of a kanji compound are lost.
Two textual fixes to the built worker, verified on mkdocs-material 9.8 (../shared/notes);
the asserts fail loudly if a new release changes that code.
"""

from __future__ import annotations

from pathlib import Path

FIXES = [
    ("for(let o=s+1;o<t.length;o++)t.slice(s,o)in e", "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e"),
    (r'"\\p{sc=Han}+"', r'"[\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\u30fc]+"'),
]


def patch_search_worker(site_dir: Path) -> None:
    for worker in sorted((site_dir / "assets" / "javascripts" / "workers").glob("search.*.min.js")):
        text = worker.read_text(encoding="utf-8")
        for old, new in FIXES:
            if new in text:
                continue
            if text.count(old) != 1:
                raise RuntimeError(f"mkdocs-material's search worker changed; update search_patch.py ({worker.name})")
            text = text.replace(old, new)
        worker.write_text(text, encoding="utf-8")
