"""`privacy-notices build`: check, then build the mkdocs site into a fresh folder and swap it in.

A failed, interrupted or killed build leaves the previous site untouched: mkdocs writes into a
staging folder beside the site (``.site-XXXX/``, marked by STAGING_MARKER), which replaces the old
site only when the build succeeded; the old site moves into the staging folder and goes with it.
An interrupted build (Ctrl-C, SIGTERM) removes its staging folder; one left by a killed build
(SIGKILL, power loss) is removed by the next build. Only folders carrying our marker are removed,
and only when no build holds the marker's lock: the kernel releases it when its process dies, however
it dies, so a build running beside this one keeps its folder (no process ids, which containers reuse).

The site gets the modes a web server expects, folders 0755 and files 0644, whatever the umask of
the shell that built it: it is published to everyone, and a umask of 077 would otherwise make it
unreadable to the server's user.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import signal
import tempfile
import time
from pathlib import Path
from typing import Iterator

from .dates import AS_OF_VARIABLE, epoch_of

try:
    import fcntl
except ImportError:  # Windows: stale folders are recognised by age alone
    fcntl = None  # type: ignore[assignment]

STAGING_PREFIX = ".site-"
STAGING_MARKER = ".privacy-notices-staging"
"""A file in every staging folder, locked by the build working there."""
MARKER_TEXT = "privacy-notices build の作業用フォルダです。build が動いていなければ、フォルダごと消してかまいません\n"
DIR_MODE, FILE_MODE = 0o755, 0o644


class BuildError(Exception):
    """The site could not be built; the message says why, in Japanese."""


EDITORS_CONFIG = "mkdocs.editors.yml"
"""The editors' site: the public one plus the editors' pages of docs/ (guide, rule table, glossary)."""


def build_site(root: Path, site_dir: Path, as_of: dt.date, strict: bool = False, editors: bool = False) -> None:
    """Build ``root``'s mkdocs site as of ``as_of`` into ``site_dir`` (replaced atomically);
    ``editors``: the editors' site (EDITORS_CONFIG) instead of the public one."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(site_dir.parent, before=time.time())
    staging: Path | None = None
    lock: int | None = None
    try:
        with _signals_held():  # the folder never exists without its marker (SIGKILL aside)
            staging, lock = _new_staging(site_dir.parent)
        _mkdocs_build(root / (EDITORS_CONFIG if editors else "mkdocs.yml"), staging / "site", as_of, strict)
        set_modes(staging / "site")
        with _signals_held():  # never stop between the two renames: the site would be missing
            if site_dir.exists() or site_dir.is_symlink():
                site_dir.rename(staging / "old")
            (staging / "site").rename(site_dir)
    finally:
        if staging is not None:
            _remove_staging(staging)
        if lock is not None:
            os.close(lock)


def _mkdocs_build(config: Path, site: Path, as_of: dt.date, strict: bool) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    saved = {k: os.environ.get(k) for k in (AS_OF_VARIABLE, "SOURCE_DATE_EPOCH")}
    os.environ[AS_OF_VARIABLE] = as_of.isoformat()
    os.environ["SOURCE_DATE_EPOCH"] = saved["SOURCE_DATE_EPOCH"] or str(epoch_of(as_of))
    try:
        if not config.is_file():
            raise BuildError(f"{config.name} がありません (サイトの設定ファイルです)")
        build(load_config(str(config), site_dir=str(site), strict=strict))
    except (MkDocsException, SystemExit) as exc:
        raise BuildError(f"サイトを作れませんでした: {exc}") from None
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def set_modes(site: Path) -> None:
    """Folders 0755, files 0644 (symbolic links are left as they are)."""
    site.chmod(DIR_MODE)
    for folder, dirs, files in os.walk(site):
        for name in dirs:
            if not os.path.islink(os.path.join(folder, name)):
                os.chmod(os.path.join(folder, name), DIR_MODE)
        for name in files:
            if not os.path.islink(os.path.join(folder, name)):
                os.chmod(os.path.join(folder, name), FILE_MODE)


def _new_staging(parent: Path) -> tuple[Path, int]:
    """A new staging folder and the lock of its marker, held until the build ends."""
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=parent))
    lock = os.open(staging / STAGING_MARKER, os.O_CREAT | os.O_WRONLY, FILE_MODE)
    if fcntl is not None:
        fcntl.flock(lock, fcntl.LOCK_EX)
    os.write(lock, MARKER_TEXT.encode("utf-8"))
    return staging, lock


def remove_stale_staging(parent: Path, before: float) -> None:
    """Remove the staging folders that killed builds left in ``parent``: folders carrying our
    marker, made before ``before``, whose lock no running build holds."""
    for folder in parent.glob(STAGING_PREFIX + "*"):
        marker = folder / STAGING_MARKER
        if not folder.is_symlink() and marker.is_file() and not marker.is_symlink() and _abandoned(marker, before):
            _remove_staging(folder)


def _abandoned(marker: Path, before: float) -> bool:
    try:
        if marker.stat().st_mtime >= before:
            return False
        held = os.open(marker, os.O_RDONLY)
    except OSError:
        return False
    try:
        if fcntl is not None:
            fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False  # a build is working there
    finally:
        os.close(held)
    return True


def _remove_staging(staging: Path) -> None:
    """Remove the marker last, so that a folder half removed (a second Ctrl-C) is still ours."""
    try:
        for child in staging.iterdir():
            if child.name == STAGING_MARKER:
                continue
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
        (staging / STAGING_MARKER).unlink(missing_ok=True)
        staging.rmdir()
    except OSError:
        pass  # still marked: the next build removes it


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Delay Ctrl-C and SIGTERM until the block is done (where the platform allows it)."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
