"""The layout of a group's repository, named once (README.md, "Layout").

Every module finds the group's files through these names instead of its own string literals,
so that the layout is read in one place and a message names a folder as the code uses it.
Paths are relative to the group's root and written with ``/``, as messages show them.
"""

from __future__ import annotations

import os
from pathlib import Path

CONTENT = "content"
"""The group's shared data: the group file and the shared prose of ``sections``."""
GROUP_FILE = f"{CONTENT}/group.yaml"
"""The group: its name, the company register, the categories of persons, the defaults, the joint uses."""
COMPANIES = "companies"
"""One file per company: ``companies/<id>.yaml`` or ``companies/<id>/company.yaml``."""
COMPANY_FILE = "company.yaml"
"""The name of a company's file inside its own folder (``companies/<id>/company.yaml``)."""
VERSIONS = "versions"
"""Every recorded version's text and data, with ``manifest.json``; written only by ``record``."""
TEMPLATES = "templates"
"""The group's overrides of the built-in templates (``templates/<company-id>/`` for one company)."""
CACHE_DIR = ".cache/privacy-notices"
"""Work whose inputs never change, reused between builds (comparisons, PDFs of versions recorded
without one, the hook's pages): not committed, safe to delete."""


def company_file(root: Path, company: str) -> Path:
    """Where ``company``'s file is: ``companies/<id>.yaml``, else ``companies/<id>/company.yaml``."""
    single = root / COMPANIES / f"{company}.yaml"
    return single if single.is_file() else root / COMPANIES / company / COMPANY_FILE



def files_state(root: Path, *folders: str) -> tuple[tuple[str, int, int], ...]:
    """Each file under ``folders`` of ``root``: its path relative to ``root``, size and modification time
    (nanoseconds), in a fixed order. What tells a process that an input changed (a save during `mkdocs
    serve`); links are not followed (they may loop)."""
    found = []
    for folder in folders:
        for directory, dirs, names in os.walk(root / folder):
            dirs.sort()
            for name in sorted(names):
                path = os.path.join(directory, name)
                info = os.lstat(path)
                found.append((os.path.relpath(path, root), info.st_size, info.st_mtime_ns))
    return tuple(found)
