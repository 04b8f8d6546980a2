"""The only module that writes generated pages to disk.

Writes a file only when its content changed (so `mkdocs serve --dirty` and file watchers see
small changes), refuses to write one path twice, and removes files a previous run left behind.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from .site import Page


def write_pages(pages: Iterable[Page], directory: Path) -> list[Path]:
    """Make ``directory`` hold exactly ``pages``; return the files that were (re)written."""
    seen: set[str] = set()
    written: list[Path] = []
    for page in pages:
        if page.path in seen:
            raise ValueError(f"two pages for one path: {page.path}")
        seen.add(page.path)
        target = directory / page.path
        if target.is_file() and target.read_text(encoding="utf-8") == page.text:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.text, encoding="utf-8")
        written.append(target)
    for stale in sorted(directory.rglob("*")) if directory.is_dir() else []:
        if stale.is_file() and stale.relative_to(directory).as_posix() not in seen:
            stale.unlink()
    return written
