"""Frozen versions: the text and resolved data of every published revision, with checksums.

A version is frozen once, when it is recorded, under ``versions/<company>/<document>/``:
``<YYYY-MM-DD>.md`` (the notice exactly as published) and ``<YYYY-MM-DD>.json`` (its resolved
data). ``versions/manifest.json`` holds the SHA-256 of every frozen file, so that any later
change, deletion or edit of the manifest itself is found by ``check``. Templates, shared prose
and data may change afterwards; a frozen version never does.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import Problem

VERSIONS = "versions"
MANIFEST = f"{VERSIONS}/manifest.json"


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def dump_json(value: Any) -> str:
    """Stable JSON: sorted keys, readable Japanese, one trailing newline."""
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


@dataclass(frozen=True)
class Frozen:
    """One frozen version of a document."""

    company: str
    document: str
    date: dt.date

    @property
    def stem(self) -> str:
        return f"{self.company}/{self.document}/{self.date.isoformat()}"


class Archive:
    """The frozen versions of a group, read from and written to ``versions/``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.base = root / VERSIONS
        self.manifest_path = root / MANIFEST
        self.manifest: dict[str, str] = {}
        self.manifest_error: str | None = None
        self._texts: dict[Frozen, str] = {}
        self._data: dict[Frozen, str] = {}
        if self.manifest_path.is_file():
            try:
                loaded = json.loads(self.manifest_path.read_text(encoding="utf-8"))
                self.manifest = dict(loaded["files"])
            except (ValueError, KeyError, TypeError) as exc:
                self.manifest_error = type(exc).__name__

    def dates(self, company: str, document: str) -> list[dt.date]:
        """Dates of the frozen versions of a document, oldest first (from the manifest)."""
        prefix = f"{company}/{document}/"
        return sorted(dt.date.fromisoformat(name[len(prefix):-3]) for name in self.manifest
                      if name.startswith(prefix) and name.endswith(".md") and name.count("/") == 2)

    def text(self, version: Frozen) -> str:
        if version not in self._texts:  # frozen files never change: read each once
            self._texts[version] = (self.base / f"{version.stem}.md").read_text(encoding="utf-8")
        return self._texts[version]

    def data(self, version: Frozen) -> dict[str, Any]:
        """The version's resolved data (a fresh copy: callers may not share it)."""
        if version not in self._data:
            self._data[version] = (self.base / f"{version.stem}.json").read_text(encoding="utf-8")
        return json.loads(self._data[version])

    def exists(self, version: Frozen) -> bool:
        return f"{version.stem}.md" in self.manifest

    def freeze(self, version: Frozen, text: str, data: dict[str, Any], save: bool = True) -> list[Path]:
        """Write a new version's files and its manifest entries; never overwrites.

        ``save=False`` leaves the manifest to one :meth:`save` after many versions.
        """
        if self.exists(version) or (self.base / f"{version.stem}.md").exists():
            raise FileExistsError(version.stem)
        written = []
        for suffix, content in ((".md", text), (".json", dump_json(data))):
            path = self.base / f"{version.stem}{suffix}"
            path.parent.mkdir(parents=True, exist_ok=True)
            raw = content.encode("utf-8")
            path.write_bytes(raw)
            self.manifest[f"{version.stem}{suffix}"] = digest(raw)
            written.append(path)
        if save:
            self.save()
        return written + [self.manifest_path]

    def save(self) -> None:
        self.manifest_path.parent.mkdir(parents=True, exist_ok=True)
        self.manifest_path.write_text(dump_json({"files": dict(sorted(self.manifest.items()))}), encoding="utf-8")

    def verify(self) -> list[Problem]:
        """Every frozen file present and unchanged, every file on disk in the manifest."""
        if self.manifest_error:
            return [Problem(MANIFEST, 1, 1, "", "版の目録 (manifest) を読めません", self.manifest_error,
                            "git で versions/manifest.json を元に戻してください")]
        problems = []
        lines = self.manifest_path.read_text(encoding="utf-8").splitlines() if self.manifest_path.is_file() else []
        for name, expected in sorted(self.manifest.items()):
            path = self.base / name
            line = next((i for i, text in enumerate(lines, 1) if f'"{name}"' in text), 1)
            restore = f"git checkout -- {VERSIONS}/{name}"
            if not path.is_file():
                problems.append(Problem(MANIFEST, line, 1, name, "公開済みの版のファイルがありません", f"{VERSIONS}/{name}",
                                        f"公開済みの版は削除できません。元に戻してください ({restore})"))
            elif digest(path.read_bytes()) != expected:
                problems.append(Problem(f"{VERSIONS}/{name}", 1, 1, "", "公開済みの版が書き換えられています",
                                        "チェックサムが目録と違います",
                                        f"公開済みの版は変更できません。元に戻してください ({restore})。"
                                        "内容を改めるときは新しい改定を記録してください"))
        for path in sorted(self.base.rglob("*")) if self.base.is_dir() else []:
            name = path.relative_to(self.base).as_posix()
            if path.is_file() and path != self.manifest_path and name not in self.manifest:
                problems.append(Problem(f"{VERSIONS}/{name}", 1, 1, "", "目録 (manifest) にない版のファイルです", name,
                                        "版は privacy-notices record で記録してください。手で置いたファイルは削除してください"))
        return problems
