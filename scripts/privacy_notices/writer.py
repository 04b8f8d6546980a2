"""The only module that writes generated pages to disk.

Writes a file only when its content changed (so `mkdocs serve --dirty` and file watchers see
small changes) and refuses to write one path twice. It never touches a file it did not write:
the folder keeps a list of the files written there (MANIFEST); a later run removes only listed
files that are no longer generated, and a folder that has files but no such list (``docs/``, a
folder of someone else) is refused before anything is written. Nothing is written or removed
through a symbolic link, so no page lands outside the folder. Pages are written as they are made,
a batch at a time, each batch listed in the manifest before it is written: a site of 30,000 pages
is never held in memory whole.
"""

from __future__ import annotations

import json
import os
import posixpath
import shutil
import stat
from pathlib import Path, PurePosixPath
from typing import Iterable, Iterator

from .site import Page

MANIFEST = ".privacy-notices-generated.json"
"""The list of files this generator wrote into a folder (hidden: mkdocs skips dot files)."""


class WriteError(Exception):
    """The pages cannot be written without touching others' files; the message says why, in Japanese."""


class KeptMissing(Exception):
    """A page given without text (unchanged since the last run, ``site.Kept``) is not in the folder as that
    run left it: plan it again."""


BATCH = 500
"""Pages are written in batches of this many: each batch is checked, then listed in the manifest, then
written, so that pages need not all be held in memory and a run killed mid-way still knows its files."""


def write_pages(pages: Iterable[Page], directory: Path, *, cache: bool = False) -> list[Path]:
    """Write ``pages`` (read once, as they are made) into ``directory``; return the files that were (re)written.
    A page without text keeps the file an earlier run wrote (:class:`KeptMissing` when it is gone).

    Files of an earlier run that are no longer generated are removed; other files are left alone.
    ``cache``: the folder is the generator's own cache (the mkdocs hook's); one left by a version
    without the manifest is emptied instead of refused.
    """
    previous = _previous(directory, cache)
    done: set[str] = set()
    folders: dict[str, tuple[str, Path] | None] = {}
    written: list[Path] = []
    for batch in _batches(pages):
        planned = _planned(batch, done)
        _check_targets(directory, planned, previous, folders)
        if not planned.keys() <= previous:  # a rebuild with the same pages: all listed already
            _save_manifest(directory, previous | done | planned.keys())  # listed before they exist
        written += [target for path, text in planned.items() if (target := _write(directory / path, text))]
        done |= planned.keys()
    for path in sorted(previous - done):
        _remove(directory, path)
    _save_manifest(directory, done)
    return written


def _batches(pages: Iterable[Page]) -> Iterator[list[Page]]:
    batch: list[Page] = []
    for page in pages:
        batch.append(page)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _planned(pages: list[Page], done: set[str]) -> dict[str, str | bytes | None]:
    planned: dict[str, str | bytes | None] = {}
    for page in pages:
        if page.path in planned or page.path in done:
            raise ValueError(f"two pages for one path: {page.path}")
        if not _relative(page.path):
            raise ValueError(f"page path outside its folder: {page.path}")
        planned[page.path] = page.text
    return planned


def _relative(path: object) -> bool:
    """A plain relative path that stays in its folder (no ``..``, not absolute)."""
    if not isinstance(path, str) or not path or path.startswith("/") or "\\" in path:
        return False
    return all(part not in ("", ".", "..") for part in path.split("/"))


def _previous(directory: Path, cache: bool) -> set[str]:
    """The files an earlier run wrote into ``directory`` (empty for a new or empty folder)."""
    if not directory.exists() and not directory.is_symlink():
        return set()
    if not directory.is_dir():
        raise WriteError(f"{directory} はフォルダではありません → 書き出し先にはフォルダを指定してください")
    manifest = directory / MANIFEST
    if manifest.exists() or manifest.is_symlink():
        return _read_manifest(manifest)
    others = sorted(p.name for p in directory.iterdir())
    if others and cache:
        shutil.rmtree(directory)  # pages of a version that kept no list: the cache is ours
    elif others:
        shown = "、".join(others[:3]) + (f" ほか {len(others) - 3} 件" if len(others) > 3 else "")
        raise WriteError(f"{directory} には、このツールが書き出したのではないファイルがあります ({shown})。"
                         "消したり上書きしたりしないよう、何も書き出しませんでした"
                         " → まだないフォルダか、空のフォルダを指定してください")
    return set()


def _read_manifest(manifest: Path) -> set[str]:
    try:
        if manifest.is_symlink():
            raise ValueError("symbolic link")
        files = json.loads(manifest.read_text(encoding="utf-8"))["files"]
        if not isinstance(files, list) or not all(_relative(f) for f in files):
            raise ValueError("not a list of relative paths")
    except (OSError, ValueError, KeyError, TypeError):
        raise WriteError(f"{manifest} が読めません (壊れています)。どのファイルを書き出したのか分からないため、"
                         "何も書き出しませんでした → フォルダの中身を確かめて空にするか、別のフォルダを指定してください"
                         ) from None
    return set(files)


def _inside(directory: Path, path: str) -> bool:
    """True when no symbolic link lies on the way from ``directory`` to ``path``."""
    target = directory / path
    return target.parent.resolve() == directory.resolve().joinpath(path).parent and not target.is_symlink()


def _check_targets(directory: Path, planned: dict[str, str | bytes | None], previous: set[str],
                   folders: dict[str, tuple[str, Path] | None]) -> None:
    """Refuse, before the batch is written, a page that would go through a symbolic link or replace
    a file this generator did not write. One check per folder (``folders``: those already checked),
    one ``lstat`` per page: a serve rebuild of a 300-company site checks some 10,000 pages."""
    root, base = directory.resolve(), str(directory)
    for path, text in planned.items():
        folder = posixpath.dirname(path)
        if folder not in folders:
            folders[folder] = _folder_problem(directory, root, folder)
        try:
            mode: int | None = os.lstat(os.path.join(base, path)).st_mode
        except (FileNotFoundError, NotADirectoryError):
            mode = None
        problem = folders[folder]
        if text is None and (problem is not None or mode is None or not stat.S_ISREG(mode) or path not in previous):
            raise KeptMissing(path)
        if problem is None and mode is not None and stat.S_ISLNK(mode):
            problem = ("link", directory / path)
        elif problem is None and mode is not None and (path not in previous or not stat.S_ISREG(mode)):
            problem = ("foreign", directory / path)
        if problem is not None:
            raise _refusal(*problem)


def _folder_problem(directory: Path, root: Path, folder: str) -> tuple[str, Path] | None:
    if (directory / folder).resolve() != root / folder:
        return "link", directory / folder
    for part in [folder, *map(str, PurePosixPath(folder).parents)]:
        if os.path.lexists(directory / part):  # the nearest folder that exists must be a folder
            return None if os.path.isdir(directory / part) else ("foreign", directory / part)
    return None


def _refusal(kind: str, where: Path) -> WriteError:
    if kind == "link":
        return WriteError(f"{where} はシンボリックリンクを通ります。リンクの先には書き出しません"
                          " → リンクを消すか、別のフォルダを指定してください")
    return WriteError(f"{where} は、このツールが書き出したのではないファイルです。上書きしないよう、"
                      "何も書き出しませんでした → このファイルを別の場所に移すか、別のフォルダを指定してください")


def _write(target: Path, text: str | bytes | None) -> Path | None:
    if text is None:  # unchanged since the run that wrote it
        return None
    data = text.encode("utf-8") if isinstance(text, str) else text  # bytes: a file published as it is (a form)
    if target.is_file() and target.read_bytes() == data:
        return None
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target


def _remove(directory: Path, path: str) -> None:
    """Remove a file an earlier run wrote, then the folders it leaves empty."""
    target = directory / path
    if not _inside(directory, path) or not target.is_file():
        return  # replaced by a link or a folder since: not ours any more
    target.unlink()
    for parent in PurePosixPath(path).parents[:-1]:
        try:
            (directory / parent).rmdir()
        except OSError:
            break  # not empty: something else lives there


def _save_manifest(directory: Path, files: set[str]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"generator": "privacy-notices",
                       "about": "privacy-notices が書き出したファイルの一覧です。"
                                "次に書き出すとき、この一覧にあって要らなくなったファイルだけを消します",
                       "files": sorted(files)}, ensure_ascii=False, indent=1)
    if (directory / MANIFEST).is_file() and (directory / MANIFEST).read_text(encoding="utf-8") == text + "\n":
        return  # unchanged (every `mkdocs serve` rebuild that adds or drops no page)
    temporary = directory / (MANIFEST + ".tmp")
    temporary.unlink(missing_ok=True)
    with open(temporary, "x", encoding="utf-8") as f:
        f.write(text + "\n")
    os.replace(temporary, directory / MANIFEST)
