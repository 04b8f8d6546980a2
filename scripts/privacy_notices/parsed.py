"""Parsed and validated files kept between runs: ``check`` of a large group without parsing it again.

Reading a company file (YAML parsed with positions, then validated against the model) is a third of
``check`` on a group of 1,000 companies (issue 14). Its result depends on nothing but the file's bytes,
the path printed in messages, the model and the code, so it is kept under
``.cache/privacy-notices/parsed/``, keyed by the SHA-256 of all of them: an edited file, or another
version of this package, pydantic or ruamel.yaml, has another key and is read anew. The results are
the same with or without the cache, which is safe to delete.

Entries are pickles, which can run code when loaded; the folder is inside the checkout, where a pull
request could place files. So each entry is signed (HMAC-SHA-256) with a key kept outside the checkout,
in the user's cache folder (``$XDG_CACHE_HOME`` or ``~/.cache``), readable by its owner only; an
entry whose signature does not match is never unpickled. Without that key (a read-only home) nothing
is cached, nor when a folder of the cache is a symbolic link.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import secrets
import tempfile
from functools import cache
from pathlib import Path
from typing import Any, Callable

from .cache import code_version
from .layout import CACHE_DIR

DIRECTORY = f"{CACHE_DIR}/parsed"
_SIGNATURE = 32


@cache
def _key() -> bytes | None:
    """The signing key, made on first use (None when it can be neither read nor made)."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "privacy-notices"
    path = base / "parsed-cache.key"
    try:
        key = path.read_bytes()
        if len(key) == 32:
            return key
    except OSError:
        pass
    try:
        base.mkdir(parents=True, exist_ok=True)
        key = secrets.token_bytes(32)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(key)
        return key
    except OSError:
        return None


class ParsedCache:
    """Results of reading one file, on disk under ``root/.cache/privacy-notices/parsed``."""

    def __init__(self, root: Path, directory: str = DIRECTORY) -> None:
        self.directory = root / directory
        linked = any(folder.is_symlink() for folder in (self.directory, *self.directory.parents)
                     if folder.is_relative_to(root) and folder != root)
        self.key = None if linked else _key()  # a link committed under .cache/ could send writes elsewhere
        self.used: set[str] = set()

    def get(self, raw: bytes, parts: tuple[str, ...], make: Callable[[], Any],
            valid: Callable[[Any], bool] | None = None) -> Any:
        """``make()``, or what it returned for the same bytes and ``parts`` before (while ``valid`` says so of it)."""
        if self.key is None:
            return make()
        digest = hashlib.sha256("|".join((code_version(), *parts)).encode("utf-8") + b"\0" + raw).hexdigest()
        path = self.directory / digest[:2] / f"{digest}.pickle"
        self.used.add(path.name)
        if path.parent.is_symlink() or path.is_symlink():
            return make()
        try:
            stored = path.read_bytes()
            signature, body = stored[:_SIGNATURE], stored[_SIGNATURE:]
            if hmac.compare_digest(signature, hmac.new(self.key, digest.encode() + body, "sha256").digest()):
                value = pickle.loads(body)
                if valid is None or valid(value):
                    return value
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            pass
        value = make()
        try:
            body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            signature = hmac.new(self.key, digest.encode() + body, "sha256").digest()
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False) as out:
                out.write(signature + body)
            os.replace(out.name, path)
        except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
            pass  # a read-only checkout, or a value that cannot be kept: checked without the cache
        return value

    def prune(self) -> None:
        """Delete the entries this run did not ask for (earlier versions of the files): call it after asking
        for every file of the group, so that the folder holds one entry per file instead of growing."""
        if self.key is None:
            return
        try:
            folders = [entry.path for entry in os.scandir(self.directory) if entry.is_dir(follow_symlinks=False)]
            for folder in folders:
                for entry in os.scandir(folder):
                    if entry.name.endswith(".pickle") and entry.name not in self.used:
                        os.unlink(entry.path)  # a link is removed, never what it points to
        except OSError:
            pass  # another run pruning at the same time, or a read-only checkout
