"""What git remembers of the frozen versions: a published file is compared with its first commit.

The manifest's checksums find a frozen file edited by hand, not one edited together with its
checksum. git remembers the commit that first added every file under ``versions/``: ``check``
compares each frozen file with that commit's blob (one ``git log`` for all of them; blob ids are
compared, never contents) and reports a file git knew that is now deleted. Advice restores the
first commit's bytes and, when the manifest was edited too, its checksum. ``check --since REF``
also reports every frozen file the branch changes or deletes (CI runs it on each pull request).

Outside a git checkout (a tarball, a build with no history) these checks are skipped: a build needs
no git history. In a shallow clone the oldest commit git can see counts as the first: the files
match it, so nothing older is judged there; the pull-request workflow fetches the whole history.
An administrator may accept a rewrite (a court order, personal data published by mistake) under
``"rewritten"`` in the manifest; ``--since`` still fails on it, so it needs a deliberate merge.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Problem
from .versions import MANIFEST, VERSIONS, Archive, digest, manifest_missing

MANIFEST_NAME = "manifest.json"


@dataclass(frozen=True)
class Known:
    """A file under ``versions/`` as git first saw it."""

    commit: str
    """The commit that first added it."""
    blob: str
    """Its blob id in that commit."""
    deleted_by: str | None
    """The commit that deleted it, when deletion is the newest thing git recorded for it."""

    @property
    def short(self) -> str:
        return self.commit[:12]


@dataclass(frozen=True)
class History:
    root: Path
    files: dict[str, Known]
    """Name relative to ``versions/`` -> what git knows of it."""

    def originals(self, names: list[str]) -> dict[str, bytes]:
        """The first committed bytes of these files (one ``git cat-file --batch``)."""
        if not names:
            return {}
        request = "".join(f"{self.files[name].blob}\n" for name in names).encode("ascii")
        out = _git(self.root, "cat-file", "--batch", stdin=request) or b""
        result, offset = {}, 0
        for name in names:
            header_end = out.find(b"\n", offset)
            header = out[offset:header_end].split()
            if len(header) != 3:  # "<id> missing" (a blob a partial clone lacks): no advice on the manifest
                offset = header_end + 1
                continue
            size = int(header[2])
            result[name] = out[header_end + 1:header_end + 1 + size]
            offset = header_end + 1 + size + 1
        return result


@dataclass
class ArchiveCheck:
    """The archive's problems, the manifest's, git's and the branch's, one per file."""

    problems: list[Problem]
    usable: bool = True
    """False when the manifest is missing or unreadable: nothing else about the versions can be judged."""
    reported: set[str] = field(default_factory=set)
    """Names (relative to ``versions/``) git's checks reported: their revisions need no second message."""


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes | None:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], input=stdin, capture_output=True)
    except OSError:
        return None
    return result.stdout if result.returncode == 0 else None


def history(root: Path) -> History | None:
    """Every file under ``versions/`` git ever added, from one ``git log``; None outside a checkout."""
    out = _git(root, "log", "--relative", "--no-renames", "--topo-order", "--diff-filter=AD", "--raw",
               "--no-abbrev", "-z", "--format=%x01%H", "--", f"{VERSIONS}/")
    if out is None:
        return None
    first: dict[str, tuple[str, str]] = {}
    deleted: dict[str, str | None] = {}
    commit, tokens = "", iter(out.decode("utf-8", "surrogateescape").split("\0"))
    for token in tokens:  # newest first: "\x01<commit>", then ":<modes> <old> <new> <status>", "<path>"
        token = token.lstrip("\n")
        if token.startswith("\x01"):
            commit = token[1:]
        elif token.startswith(":"):
            blob, status = token.split()[3:5]
            name = next(tokens)[len(VERSIONS) + 1:]
            deleted.setdefault(name, commit if status == "D" else None)
            if status == "A":
                first[name] = (commit, blob)  # older additions come later and win
    return History(root, {name: Known(c, b, deleted.get(name)) for name, (c, b) in first.items()})


def check_archive(archive: Archive, since: str | None = None) -> ArchiveCheck:
    """The manifest's checks, then git's (when this is a checkout), then the branch's (``since``)."""
    known = history(archive.root)
    manifest = known.files.get(MANIFEST_NAME) if known else None
    if archive.manifest_missing or (manifest and not archive.manifest_path.exists() and not archive.manifest_error):
        return ArchiveCheck([manifest_missing(_restore_manifest(archive, manifest))], usable=False)
    problems = archive.verify()
    if archive.manifest_error:
        return ArchiveCheck(problems, usable=False)
    found = rewrites(archive, known) if known else {}
    archive.keep_checksums()  # git's blob ids too, for the next run (versions/stat_cache.py)
    if since:
        for name, problem in branch_changes(archive, since).items():
            found.setdefault(name, problem)
    kept = [p for p in problems if _name(p) not in found]
    return ArchiveCheck(kept + list(found.values()), reported=set(found))


def _restore_manifest(archive: Archive, known: Known | None) -> str:
    target = MANIFEST if archive.files() else f"{VERSIONS}/"
    ref = f"{known.deleted_by[:12]}~1 " if known and known.deleted_by else ""
    return f"git checkout {ref}-- {target}"


def _name(problem: Problem) -> str:
    """The frozen file a problem of :meth:`Archive.verify` is about."""
    if problem.path == MANIFEST:
        return problem.key
    return problem.path[len(VERSIONS) + 1:]


def rewrites(archive: Archive, known: History) -> dict[str, Problem]:
    """Frozen files that differ from their first commit or are gone, and manifest entries to put back."""
    changed, gone, entries = [], [], []
    on_disk = set(archive.files())
    for name, first in sorted(known.files.items()):
        if name == MANIFEST_NAME:
            continue
        if name not in on_disk:
            gone.append(name)
            continue
        sha256, blob = archive.hashes(name)
        if blob == first.blob:
            if archive.manifest.get(name) != sha256:
                entries.append(name)
        elif sha256 != archive.rewritten.get(name, {}).get("sha256"):  # not a rewrite an administrator accepted
            changed.append(name)
    original: dict[str, str | None] = {name: digest(raw) for name, raw in known.originals(changed + gone).items()}
    found = {}
    for name in changed:
        found[name] = Problem(f"{VERSIONS}/{name}", 1, 1, "", "公開済みの版が、最初に記録されたときの内容から変わっています",
                              f"コミット {known.files[name].short} で記録",
                              f"公開済みの版は変更できません。元に戻してください (git checkout {known.files[name].short}"
                              f" -- {VERSIONS}/{name}){_entry_fix(archive, name, original.get(name))}。"
                              "内容を改めるときは新しい改定を記録してください")
    for name in gone:
        found[name] = Problem(f"{VERSIONS}/{name}", 1, 1, "", "公開済みの版のファイルが削除されています",
                              f"コミット {known.files[name].short} で記録",
                              f"公開済みの版は削除できません。元に戻してください (git checkout {known.files[name].short}"
                              f" -- {VERSIONS}/{name}){_entry_fix(archive, name, original.get(name))}")
    for name in entries:
        sha256 = archive.hashes(name)[0]
        missing = name not in archive.manifest
        found[name] = Problem(MANIFEST, archive.manifest_line(name), 1, name,
                              "公開済みの版が目録 (manifest) から消えています" if missing
                              else "目録 (manifest) の公開済みの版のチェックサムが書き換えられています",
                              f"{VERSIONS}/{name} は最初に記録されたときのままです",
                              _entry_fix(archive, name, sha256, also=False))
    return found


def _entry_fix(archive: Archive, name: str, sha256: str | None, also: bool = True) -> str:
    """What to write in the manifest so that its entry matches the original file ("" when it does)."""
    if sha256 is None or archive.manifest.get(name) == sha256:
        return ""
    lead, mo = ("。", "も") if also else ("", "")
    if name in archive.manifest:
        return f"{lead}{MANIFEST} の \"files\" の「\"{name}\"」の値{mo or 'を'} \"{sha256}\" に戻してください"
    return f"{lead}{MANIFEST} の \"files\" に{mo}「\"{name}\": \"{sha256}\"」を書き戻してください"


def branch_changes(archive: Archive, ref: str) -> dict[str, Problem]:
    """Frozen files changed or deleted since the branch left ``ref`` (working tree included)."""
    out = _git(archive.root, "diff", "--raw", "-z", "--no-renames", "--no-abbrev", "--relative",
               "--diff-filter=DMT", "--merge-base", ref, "--", f"{VERSIONS}/")
    if out is None:
        return {"": Problem(VERSIONS, 1, 1, "", f"git の参照「{ref}」と比べられません", ref,
                            f"git のリポジトリの中で実行し、git fetch で {ref} を取得してください"
                            " (GitHub Actions では actions/checkout に fetch-depth: 0)")}
    found, tokens = {}, iter(out.decode("utf-8", "surrogateescape").split("\0"))
    for token in tokens:
        if not token.startswith(":"):
            continue
        status, name = token.split()[4], next(tokens)[len(VERSIONS) + 1:]
        if name == MANIFEST_NAME:
            continue  # it grows with every recorded version; its entries are checked against the files
        restore = f"(git checkout {ref} -- {VERSIONS}/{name})"
        found[name] = (Problem(f"{VERSIONS}/{name}", 1, 1, "", "このブランチで公開済みの版が削除されています",
                               f"{ref} との比較", f"公開済みの版は削除できません。元に戻してください {restore}")
                       if status == "D" else
                       Problem(f"{VERSIONS}/{name}", 1, 1, "", "このブランチで公開済みの版が変更されています",
                               f"{ref} との比較", f"公開済みの版は変更できません。元に戻してください {restore}。"
                               "内容を改めるときは新しい改定を記録してください"))
    return found
