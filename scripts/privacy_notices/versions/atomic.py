"""Writing the archive safely: each file whole or not at all, and a set of files all or nothing.

``record`` wraps its writes in :func:`all_or_nothing`: a failure or Ctrl-C puts the company file
and ``versions/`` back as they were (DECISIONS.md 23).
"""

from __future__ import annotations

import os
import signal
import stat
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all: a temporary file beside it, then a rename.

    A new file gets the usual permissions (0666 less the umask); a replaced one keeps its mode.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if path.is_file():
            os.chmod(temporary, stat.S_IMODE(path.stat().st_mode))
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


@contextmanager
def all_or_nothing(paths: Iterable[Path]) -> Iterator[None]:
    """Files written inside the block are put back as they were (or removed, with the folders made
    for them) when the block fails in any way, Ctrl-C included; nested blocks roll back their part."""
    saved = {path: path.read_bytes() if path.is_file() else None for path in paths}
    made = sorted({folder for path, data in saved.items() if data is None
                   for folder in path.parents if not folder.exists()}, key=lambda p: len(p.parts), reverse=True)
    try:
        yield
    except BaseException:
        with _no_interrupt():
            for path, data in saved.items():
                if data is None:
                    path.unlink(missing_ok=True)
                elif not path.is_file() or path.read_bytes() != data:
                    write_atomic(path, data)
            for folder in made:
                if folder.is_dir() and not any(folder.iterdir()):
                    folder.rmdir()
        raise


@contextmanager
def _no_interrupt() -> Iterator[None]:
    """Let a rollback finish before a second Ctrl-C is honoured."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pressed: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: pressed.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if pressed:
        raise KeyboardInterrupt
