"""A content-addressed cache for work whose inputs never change: comparisons of frozen versions.

Two frozen versions never change, so their comparison never does either, until the code that
compares them changes. Entries are keyed by the inputs' checksums and by the package's files (the
change summary reads the model's labels too), so a stale entry cannot be read; the output is the
same with or without the cache (builds stay deterministic), only faster the second time.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from functools import cache
from importlib import metadata
from importlib.resources import files
from pathlib import Path
from typing import Any, Callable


@cache
def code_version() -> str:
    """Checksum of this package's files (modules, data, built-in templates) and of the libraries whose objects are kept."""
    import jinja2
    import pydantic
    import ruamel.yaml

    versions = (sys.version, pydantic.VERSION, ruamel.yaml.__version__, jinja2.__version__, metadata.version("markupsafe"))
    digest = hashlib.sha256("|".join(versions).encode())
    package = files(__package__)
    for path in sorted(Path(str(package)).rglob("*")):  # modules, catalogue, built-in templates
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            digest.update(path.relative_to(str(package)).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


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
