"""A content-addressed cache for work whose inputs never change: comparisons of frozen versions.

Two frozen versions never change, so their comparison never does either, until the code that
compares them changes. Entries are keyed by the inputs' checksums and by the source of the
modules that produce them, so a stale entry cannot be read; the output is the same with or
without the cache (builds stay deterministic), only faster the second time.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any, Callable

CODE = ("diff.py", "diff_render.py", "changes.py")


@cache
def code_version() -> str:
    """Checksum of the modules whose output is cached."""
    digest = hashlib.sha256()
    for name in CODE:
        digest.update(files(__package__).joinpath(name).read_bytes())
    return digest.hexdigest()[:16]


class Cache:
    """JSON values on disk under ``directory``; ``None`` disables caching."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory

    def get(self, parts: tuple[str, ...], make: Callable[[], Any]) -> Any:
        if self.directory is None:
            return make()
        key = hashlib.sha256("|".join((code_version(), *parts)).encode("utf-8")).hexdigest()
        path = self.directory / key[:2] / f"{key}.json"
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
        value = make()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False) as out:
                json.dump(value, out, ensure_ascii=False)
            os.replace(out.name, path)
        except OSError:
            pass  # a read-only checkout builds without the cache
        return value
