"""Checksums of frozen files kept between runs, keyed by each file's ``stat`` (issue 14).

``check`` compares every frozen file under ``versions/`` with the SHA-256 in its manifest. At 1,000
companies that is about 7,700 files and 271 MiB hashed on every run, and ``mkdocs serve`` checks again
after every save. As git's index does, the SHA-256 (and, once asked, git's blob id) of each file is
kept in ``.cache/privacy-notices/checksums.json`` with the file's name, size, ``mtime_ns``,
``ctime_ns`` and inode; a kept value is used only when all four are what ``os.stat`` gives now,
otherwise the file is read and hashed again and its entry replaced. The results are the same with or
without the file, which is safe to delete.

Why a kept value cannot hide a changed file: ``ctime`` is set by the kernel to the current time on any
change of the file (its bytes, its mode, its times through ``utime``) and no call lets a user set it;
the inode is the file's identity on its file system. So a frozen file rewritten in place, even with
the same size and its ``mtime`` put back, has a new ``ctime``; one replaced (``git checkout``, an editor's
save, a rename) has a new inode or ``ctime`` too. A cache file committed in a pull request or written by
hand names values it cannot know: a checkout makes every file anew (new inodes and ``ctime``), so no
entry matches and every file is hashed. The entry must also be older than the cache file: a file whose
``ctime`` is not strictly before the moment the cache was written might have changed again within the
same tick of the clock after it was read (git's "racy" entries), so it is hashed again and the cache
rewritten; a file that changes while it is read is not kept. The file is JSON (nothing in it runs).

A cache folder or file that is a symbolic link, unreadable or malformed is ignored: every file is
hashed, as without the cache (a link committed under ``.cache/`` could send writes elsewhere, so
nothing is written then either). Entries of files no longer under ``versions/`` are dropped; the file is
written once per run, only when something changed, whole or not at all.
"""

from __future__ import annotations

import json
import os
import stat
import re
from pathlib import Path
from typing import Iterable

from ..layout import CACHE_DIR
from .atomic import write_atomic
from .chain import digest

FILE = f"{CACHE_DIR}/checksums.json"
FORMAT = 1
_HEX64 = re.compile(r"[0-9a-f]{64}")
_HEX40 = re.compile(r"[0-9a-f]{40}")

Key = tuple[int, int, int, int]
"""``(st_size, st_mtime_ns, st_ctime_ns, st_ino)``."""


def key_of(st: os.stat_result) -> Key:
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino


def read_file(path: str) -> tuple[bytes | None, Key | None]:
    """A file's bytes (None when it cannot be read) and its key, None when it changed while it was read."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a pipe is neither opened nor waited on
            return None, None
        with os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as file:
            before = os.fstat(file.fileno())
            if not stat.S_ISREG(before.st_mode):
                return None, None
            raw = file.read()
            after = os.fstat(file.fileno())
    except OSError:
        return None, None
    key = key_of(after)
    return raw, key if key_of(before) == key and len(raw) == after.st_size else None


def hash_file(path: str) -> tuple[str, Key | None]:
    """SHA-256 of a file ("" when it cannot be read: then it differs from the manifest) and its key."""
    raw, key = read_file(path)
    return ("", None) if raw is None else (digest(raw), key)


def _linked(root: Path, path: Path) -> bool:
    """Is ``path`` or a folder between ``root`` and it a symbolic link?"""
    return any(part.is_symlink() for part in (path, *path.parents) if part != root and part.is_relative_to(root))


class StatCache:
    """SHA-256 (and git blob ids) of the files under ``base``, kept in ``root/`` :data:`FILE`."""

    def __init__(self, root: Path, base: Path) -> None:
        self.root = root
        self.base = base
        self.path = root / FILE
        self.entries: dict[str, tuple[Key, str, str]] = {}
        """name -> (key, sha256, blob id or "")."""
        self._loaded: dict[str, object] = {}
        """The entries as read, checked when asked for (most runs ask for all, but checking 15,000 entries up front
        cost more than reading them)."""
        self.written_ns = 0
        """The cache file's mtime: entries whose ctime is not strictly before it are not trusted."""
        self.enabled = not _linked(root, self.path)
        self.changed = False
        if self.enabled:
            self._load()

    def _load(self) -> None:
        try:
            if os.path.exists(self.path) and not stat.S_ISREG(os.lstat(self.path).st_mode):  # a pipe is not opened
                self.enabled = False
                return
            fd = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
        except FileNotFoundError:
            return
        except OSError:  # unreadable, a folder, a link: left as it is, every file hashed
            self.enabled = False
            return
        try:
            with os.fdopen(fd, "rb") as file:
                found = os.fstat(file.fileno())
                if not stat.S_ISREG(found.st_mode):  # a folder, a pipe, a device
                    self.enabled = False
                    return
                self.written_ns = found.st_mtime_ns
                loaded = json.loads(file.read())
        except (OSError, ValueError):  # ValueError: not JSON, not UTF-8
            self.changed = True
            return
        files = loaded.get("files") if isinstance(loaded, dict) and loaded.get("format") == FORMAT else None
        if not isinstance(files, dict):
            self.changed = True
            return
        self._loaded = files

    def _entry(self, name: str) -> tuple[Key, str, str] | None:
        """The entry of ``name``, checked on first use (a malformed one is dropped)."""
        entry = self.entries.get(name)
        if entry is None and name in self._loaded:
            raw = self._loaded.pop(name)
            if (isinstance(raw, list) and len(raw) == 6 and all(type(v) is int for v in raw[:4])
                    and isinstance(raw[4], str) and _HEX64.fullmatch(raw[4])
                    and isinstance(raw[5], str) and (raw[5] == "" or _HEX40.fullmatch(raw[5]))):
                entry = self.entries[name] = ((raw[0], raw[1], raw[2], raw[3]), raw[4], raw[5])
            else:
                self.changed = True
        return entry

    def _current(self, name: str) -> tuple[Key, str, str] | None:
        """The entry of ``name`` when the file is still what was hashed."""
        entry = self._entry(name)
        if entry is None:
            return None
        try:
            st = os.stat(os.path.join(self.base, name))
        except OSError:
            return None
        if key_of(st) != entry[0]:
            return None
        if st.st_ctime_ns >= self.written_ns:  # racy: changed in the tick the cache was written; write it again
            self.changed = True
            return None
        return entry

    def sha256(self, name: str) -> str | None:
        """The kept SHA-256 of ``name`` (None: hash the file)."""
        entry = self._current(name) if self.enabled else None
        return entry[1] if entry else None

    def hashes(self, name: str) -> tuple[str, str] | None:
        """The kept SHA-256 and git blob id of ``name`` (None: read the file)."""
        entry = self._current(name) if self.enabled else None
        return (entry[1], entry[2]) if entry and entry[2] else None

    def put(self, name: str, key: Key | None, sha256: str, blob: str = "") -> None:
        """Keep what a file hashed to (nothing when it changed while it was read or could not be read)."""
        if not self.enabled or key is None or not sha256:
            return
        if not blob:
            old = self._entry(name)
            blob = old[2] if old and old[0] == key and old[1] == sha256 else ""
        entry = (key, sha256, blob)
        if self.entries.get(name) != entry:
            self.entries[name] = entry
            self.changed = True

    def add_blob(self, name: str, key: Key | None, sha256: str, blob: str) -> None:
        """Add git's blob id to the entry of the same file (same key, same SHA-256); nothing otherwise."""
        old = self._entry(name)
        if self.enabled and key is not None and old is not None and old[:2] == (key, sha256) and old[2] != blob:
            self.entries[name] = (key, sha256, blob)
            self.changed = True

    def save(self, present: Iterable[str]) -> None:
        """Write the cache when something changed, without the entries of files no longer ``present``."""
        if not self.enabled:
            return
        present = set(present)
        for name in [name for name in self._loaded if name in present]:
            self._entry(name)  # kept as they were read when valid
        if self._loaded:  # malformed, or of files no longer present
            self._loaded, self.changed = {}, True
        if any(name not in present for name in self.entries):
            self.entries = {name: entry for name, entry in self.entries.items() if name in present}
            self.changed = True
        if not self.changed or _linked(self.root, self.path):
            return
        content = {"format": FORMAT,
                   "files": {name: [*key, sha, blob] for name, (key, sha, blob) in sorted(self.entries.items())}}
        try:
            write_atomic(self.path, json.dumps(content, separators=(",", ":")).encode("ascii"))
        except OSError:
            return  # a read-only checkout: checked without the cache
        self.changed = False
        try:
            self.written_ns = os.stat(self.path).st_mtime_ns
        except OSError:
            self.written_ns = 0
