"""The archive of frozen versions: the text and resolved data of every published revision.

A version is frozen once, when it is recorded, under ``versions/<company>/<document>/``:
``<YYYY-MM-DD>.md`` (the notice exactly as published) and ``<YYYY-MM-DD>.json`` (its resolved
data), then ``<YYYY-MM-DD>.pdf`` (its PDF, the legal record: ``version_pdf.py``, DECISIONS.md 44; in the
manifest, not in the hash chain). An announced version amended before it takes effect (``record --amend``) keeps those files and
gains ``<YYYY-MM-DD>.amended-<ON>.md``/``.json``, ``ON`` being the day of the amendment: a frozen
file is never rewritten, and the version's text is its latest announcement (DECISIONS.md, "Amending and
withdrawing announced revisions"). ``versions/manifest.json`` holds the SHA-256 of every frozen file,
so that any later change, deletion or edit of the manifest itself is found by ``check`` (their checksums are
kept between runs, keyed by each file's ``stat``: :mod:`.stat_cache`, DECISIONS.md 47). Templates, shared prose
and data may change afterwards; a frozen version never does. Files are written through
:func:`~.atomic.write_atomic`; the hash chain over a document's versions is in :mod:`.chain`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Problem
from ..layout import VERSIONS
from .atomic import write_atomic
from .chain import GENESIS, Link, chain_link, digest
from .stat_cache import StatCache, hash_file, read_file

MANIFEST = f"{VERSIONS}/manifest.json"


@dataclass(frozen=True)
class Frozen:
    """One frozen version of a document."""

    company: str
    document: str
    date: dt.date
    amended: dt.date | None = None
    """The day of the amendment this file holds (None: the version as first announced)."""

    @property
    def name(self) -> str:
        """The file name without its suffix: ``2027-04-01`` or ``2027-04-01.amended-2027-01-10``."""
        return self.date.isoformat() + (f"{AMENDED}{self.amended.isoformat()}" if self.amended else "")

    @property
    def stem(self) -> str:
        return f"{self.company}/{self.document}/{self.name}"


AMENDED = ".amended-"
"""What separates a version's date from the day of its amendment in a frozen file's name."""


def _parse(name: str) -> tuple[dt.date, dt.date | None] | None:
    """``(date, amended)`` of a frozen ``.md`` file's name without its suffix (None when it is not one)."""
    day, _, amended = name.partition(AMENDED)
    try:
        return dt.date.fromisoformat(day), dt.date.fromisoformat(amended) if amended else None
    except ValueError:
        return None


class Archive:
    """The frozen versions of a group, read from and written to ``versions/``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.base = root / VERSIONS
        self.manifest_path = root / MANIFEST
        self.manifest: dict[str, str] = {}
        self.rewritten: dict[str, dict[str, str]] = {}
        """Rewrites of published files an administrator accepted: name -> ``{"sha256", "reason"}``."""
        self.manifest_error: str | None = None
        self.manifest_missing = False
        """True when files were frozen (some are on disk) but the manifest is gone."""
        self._texts: dict[Frozen, str] = {}
        self._data: dict[Frozen, str] = {}
        self._hashes: dict[str, tuple[str, str]] = {}
        self._sums: dict[str, str] = {}
        self._cache: StatCache | None = None
        self._lines: dict[str, int] | None = None
        self._files: list[str] | None = None
        self._by_document: dict[tuple[str, str], list[Frozen]] | None = None
        if self.manifest_path.is_file():
            try:
                loaded = json.loads(self.manifest_path.read_text(encoding="utf-8"))
                self.manifest = dict(loaded["files"])
                self.rewritten = {name: entry for name, entry in dict(loaded.get("rewritten", {})).items()
                                  if isinstance(entry, dict)}
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                self.manifest_error = type(exc).__name__
        else:
            self.manifest_missing = bool(self.files())

    def files(self) -> list[str]:
        """Every file under ``versions/`` except the manifest, relative to it (listed once: os.walk is
        several times faster than pathlib for ten thousand files)."""
        if self._files is None:
            found, base = [], str(self.base)
            for folder, _, names in os.walk(base):  # each folder is base + its name (relpath cost more than the walk)
                prefix = folder[len(base) + 1:].replace(os.sep, "/")
                found += [f"{prefix}/{name}" if prefix else name for name in names]
            self._files = sorted(name for name in found if name != "manifest.json")
        return self._files

    def by_company(self) -> dict[str, str]:
        """Each company's frozen files and accepted rewrites as one string (their names and SHA-256, from the
        manifest): what a company's kept pages and checks are keyed by."""
        found: dict[str, list[str]] = {}
        rewritten = {name: json.dumps(entry, sort_keys=True) for name, entry in self.rewritten.items()}
        for name, value in sorted({**self.manifest, **rewritten}.items()):
            found.setdefault(name.split("/", 1)[0], []).append(f"{name}={value}")
        return {company: "\n".join(lines) for company, lines in found.items()}

    def dates(self, company: str, document: str) -> list[dt.date]:
        """Dates of the frozen versions of a document, oldest first (from the manifest)."""
        return sorted({f.date for f in self.frozen(company, document)})

    def frozen(self, company: str, document: str) -> list[Frozen]:
        """Every frozen announcement of a document (from the manifest): by date, each version as first
        announced, then its amendments in the order they were made."""
        return list(self._index().get((company, document), ()))

    def _index(self) -> dict[tuple[str, str], list[Frozen]]:
        """The manifest's versions by document, read in one pass (asked once per document by every
        check and page: scanning the manifest each time grew with the square of the archive)."""
        if self._by_document is None:
            index: dict[tuple[str, str], list[Frozen]] = {}
            for name in self.manifest:
                parts = name.split("/")
                parsed = _parse(parts[2][:-3]) if len(parts) == 3 and name.endswith(".md") else None
                if parsed is not None:
                    index.setdefault((parts[0], parts[1]), []).append(Frozen(parts[0], parts[1], *parsed))
            for versions in index.values():
                versions.sort(key=lambda f: (f.date, f.amended or dt.date.min))
            self._by_document = index
        return self._by_document

    def announcements(self, company: str, document: str, day: dt.date,
                      as_of: dt.date | None = None) -> list[Frozen]:
        """The announcements of one version, oldest first: as first announced, then each amendment
        (only those made by ``as_of``, when given)."""
        return [f for f in self.frozen(company, document) if f.date == day
                and (as_of is None or f.amended is None or f.amended <= as_of)]

    def latest(self, company: str, document: str, day: dt.date, as_of: dt.date | None = None) -> Frozen:
        """The version's text as it stands (on ``as_of``): its latest announcement."""
        found = self.announcements(company, document, day, as_of)
        return found[-1] if found else Frozen(company, document, day)

    def chain(self, company: str, document: str) -> list[Link]:
        """The document's frozen files, oldest first, each with its chain value (derived from the manifest).

        An amendment is a link right after the announcement it amends, with the version's date in the
        formula: the chain grows, nothing in it changes."""
        links, previous = [], GENESIS
        for frozen in self.frozen(company, document):
            md, data = self.manifest[f"{frozen.stem}.md"], self.manifest.get(f"{frozen.stem}.json", "")
            previous = chain_link(previous, md, data, frozen.date)
            links.append(Link(frozen.date, md, data, previous, frozen.amended))
        return links

    def text(self, version: Frozen) -> str:
        if version not in self._texts:  # frozen files never change: read each once
            self._texts[version] = (self.base / f"{version.stem}.md").read_text(encoding="utf-8")
        return self._texts[version]

    def data(self, version: Frozen) -> dict[str, Any]:
        """The version's resolved data (a fresh copy: callers may not share it)."""
        if version not in self._data:
            self._data[version] = (self.base / f"{version.stem}.json").read_text(encoding="utf-8")
        return json.loads(self._data[version])

    @property
    def stat_cache(self) -> StatCache:
        """The checksums kept from earlier runs (:mod:`.stat_cache`), read on first use."""
        if self._cache is None:
            self._cache = StatCache(self.root, self.base)
        return self._cache

    def hashes(self, name: str) -> tuple[str, str]:
        """SHA-256 and git blob id of a file under ``versions/`` (read once for both, or kept from an earlier run)."""
        if name not in self._hashes:
            kept = self.stat_cache.hashes(name)
            if kept is None:
                raw, key = read_file(os.path.join(self.base, name))
                if raw is None:
                    raise FileNotFoundError(os.path.join(self.base, name))
                sha256 = self._sums.get(name)
                kept = (sha256 or digest(raw), blob_id(raw))
                if sha256 is None:
                    self.stat_cache.put(name, key, *kept)
                else:  # hashed earlier this run: the blob id joins that entry only if the file is unchanged since
                    self.stat_cache.add_blob(name, key, *kept)
            self._hashes[name] = kept
        return self._hashes[name]

    def checksum(self, name: str) -> str:
        """SHA-256 of a file under ``versions/`` (what the manifest holds; :meth:`hashes` adds git's blob id)."""
        if name in self._hashes:
            return self._hashes[name][0]
        if name not in self._sums:
            self._checksums([name])
        return self._sums[name]

    def _checksums(self, names: list[str]) -> None:
        """The checksums of many files: those unchanged since an earlier run from :mod:`.stat_cache`, the
        others read and hashed, by a few threads when they are many (both release the GIL: the archive of a
        large group is hundreds of MB, issue 14); the same values as one by one, and as without the cache."""
        cache = self.stat_cache
        wanted = []
        for name in names:
            if name not in self._hashes and name not in self._sums:
                kept = cache.sha256(name)
                if kept is None:
                    wanted.append(name)
                else:
                    self._sums[name] = kept
        paths = [os.path.join(self.base, name) for name in wanted]
        if len(wanted) < 64:
            found = [_file_digest(path) for path in paths]
        else:
            chunks = [paths[i:i + 256] for i in range(0, len(paths), 256)]
            with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
                found = [one for chunk in pool.map(lambda chunk: [_file_digest(p) for p in chunk], chunks)
                         for one in chunk]
        for name, (sha256, key) in zip(wanted, found):
            self._sums[name] = sha256
            cache.put(name, key, sha256)

    def keep_checksums(self) -> None:
        """Write the checksums hashed so far for the next run (:mod:`.stat_cache`; only when they changed)."""
        if self._cache is not None:
            self._cache.save(self.files())

    def manifest_line(self, name: str) -> int:
        """The line of the manifest that names ``name`` (1 when none does)."""
        if self._lines is None:
            text = self.manifest_path.read_text(encoding="utf-8") if self.manifest_path.is_file() else ""
            self._lines = {}
            for number, line in enumerate(text.splitlines(), 1):
                key = line.strip().split('"')[1] if line.strip().startswith('"') else None
                if key is not None:
                    self._lines.setdefault(key, number)
        return self._lines.get(name, 1)

    def exists(self, version: Frozen) -> bool:
        return f"{version.stem}.md" in self.manifest

    def freeze(self, version: Frozen, text: str, data: dict[str, Any], save: bool = True) -> list[Path]:
        """Write a new version's files and its manifest entries; never overwrites.

        ``save=False`` leaves the manifest to one :meth:`save` after many versions. Each file is
        written whole or not at all (:func:`write_atomic`); ``record`` makes the set atomic.
        """
        if self.exists(version) or (self.base / f"{version.stem}.md").exists():
            raise FileExistsError(version.stem)
        written = []
        for suffix, content in ((".md", text), (".json", dump_json(data))):
            path = self.base / f"{version.stem}{suffix}"
            raw = content.encode("utf-8")
            write_atomic(path, raw)
            self.manifest[f"{version.stem}{suffix}"] = digest(raw)
            self._files = self._by_document = None
            written.append(path)
        if save:
            self.save()
        return written + [self.manifest_path]

    def save(self) -> None:
        content: dict[str, Any] = {"files": dict(sorted(self.manifest.items()))}
        if self.rewritten:
            content["rewritten"] = dict(sorted(self.rewritten.items()))
        write_atomic(self.manifest_path, dump_json(content).encode("utf-8"))
        self._lines = None

    def verify(self) -> list[Problem]:
        """Every frozen file present and unchanged, every file on disk in the manifest."""
        if self.manifest_error:
            return [Problem(MANIFEST, 1, 1, "", "版の目録 (manifest) を読めません", self.manifest_error,
                            "git で versions/manifest.json を元に戻してください")]
        if self.manifest_missing:
            return [manifest_missing()]
        problems = []
        on_disk = set(self.files())
        self._checksums([name for name in self.manifest if name in on_disk])
        self.keep_checksums()
        for name, expected in sorted(self.manifest.items()):
            line = self.manifest_line(name)
            restore = f"git checkout -- {VERSIONS}/{name}"
            if name.endswith(".pdf") and (name not in on_disk or self.checksum(name) != expected):
                problems.append(pdf_problem(name, line, missing=name not in on_disk))
            elif name not in on_disk:
                problems.append(Problem(MANIFEST, line, 1, name, "公開済みの版のファイルがありません", f"{VERSIONS}/{name}",
                                        f"公開済みの版は削除できません。元に戻してください ({restore})"))
            elif self.checksum(name) != expected:
                problems.append(Problem(f"{VERSIONS}/{name}", 1, 1, "", "公開済みの版が書き換えられています",
                                        "チェックサムが目録と違います",
                                        f"公開済みの版は変更できません。元に戻してください ({restore})。"
                                        "内容を改めるときは新しい改定を記録してください"))
        for name in sorted(on_disk - self.manifest.keys()):
            problems.append(Problem(f"{VERSIONS}/{name}", 1, 1, "", "目録 (manifest) にない版のファイルです", name,
                                    "版は privacy-notices record で記録してください。手で置いたファイルは削除してください"))
        return problems


def pdf_problem(name: str, line: int, missing: bool) -> Problem:
    """A version's PDF (recorded with it, DECISIONS.md 44) gone or changed: it is put back, never made anew."""
    restore = f"git checkout -- {VERSIONS}/{name}"
    if missing:
        return Problem(MANIFEST, line, 1, name, "記録した版の PDF がありません", f"{VERSIONS}/{name}",
                       f"版の PDF は記録の一部で、作り直すと別のファイルになります。元に戻してください ({restore})")
    return Problem(f"{VERSIONS}/{name}", 1, 1, "", "記録した版の PDF が書き換えられています", "チェックサムが目録と違います",
                   f"版の PDF は記録したときのまま公開します。作り直したり差し替えたりせず、元に戻してください ({restore})")


def manifest_missing(restore: str = f"git checkout -- {MANIFEST}") -> Problem:
    """The one problem reported when the manifest is gone (instead of one per frozen file)."""
    return Problem(MANIFEST, 1, 1, "", "版の目録 (manifest) がありません", MANIFEST,
                   f"目録は削除できません。git で元に戻してください ({restore})")


def dump_json(value: Any) -> str:
    """Stable JSON: sorted keys, readable Japanese, one trailing newline."""
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _file_digest(path: str) -> tuple[str, tuple[int, int, int, int] | None]:
    """SHA-256 of a file ("" when it cannot be read: then it differs from the manifest) and its stat key
    for :mod:`.stat_cache` (None when it changed while it was read)."""
    return hash_file(path)


def blob_id(data: bytes) -> str:
    """The id git gives these bytes as a file (``git hash-object``), without running git."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()
