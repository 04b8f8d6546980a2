"""`check` keeps the checksums of frozen files between runs, keyed by each file's stat (versions/stat_cache.py,
issue 14, DECISIONS.md 47): a second run hashes nothing and finds the same problems; a changed file is
hashed again however its size and mtime were kept; a cache file written by anyone else hides nothing."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import time
from pathlib import Path

import pytest

from conftest import messages, run_cli
from privacy_notices.versions import archive, stat_cache

CACHE = Path(".cache/privacy-notices/checksums.json")
MD = "alpha/policy/2022-04-01.md"
JSON = "alpha/policy/2022-04-01.json"
REWRITTEN = "公開済みの版が書き換えられています"


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The frozen files read to be hashed (counted only: the reading and hashing run as they do)."""
    seen: list[str] = []
    original = stat_cache.read_file

    def counting(path: str) -> tuple[bytes | None, stat_cache.Key | None]:
        seen.append(Path(path).as_posix().split("/versions/", 1)[1])
        return original(path)

    monkeypatch.setattr(stat_cache, "read_file", counting)
    monkeypatch.setattr(archive, "read_file", counting)
    return seen


def same_size_edit(root: Path, name: str, keep_mtime: bool = True) -> None:
    """Rewrite a frozen file in place with other bytes of the same length, and put its mtime back."""
    path = root / "versions" / name
    before = path.stat()
    raw = path.read_bytes()
    changed = raw.replace("株式会社".encode(), "有限会社".encode(), 1)
    assert changed != raw and len(changed) == len(raw)
    with open(path, "r+b") as file:
        file.write(changed)
    if keep_mtime:
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_ino) == (before.st_size, before.st_ino)
    assert not keep_mtime or after.st_mtime_ns == before.st_mtime_ns


def cached(root: Path) -> dict[str, list]:
    return json.loads((root / CACHE).read_text(encoding="utf-8"))["files"]


def rewritten(found: list[str]) -> list[str]:
    return sorted(m.split(":", 1)[0] for m in found if REWRITTEN in m)


def test_a_second_check_hashes_no_frozen_file_and_finds_the_same_problems(demo: Path, reads: list[str]) -> None:
    frozen = sorted(n for n in json.loads((demo / "versions/manifest.json").read_text(encoding="utf-8"))["files"]
                    if (demo / "versions" / n).is_file())
    assert len(frozen) >= 64  # the threaded path of Archive._checksums
    tampered = next(n for n in frozen if n.endswith(".json"))
    (demo / "versions" / tampered).write_text("{}\n", encoding="utf-8")
    first = messages(demo)
    assert sorted(reads) == frozen and rewritten(first) == [f"versions/{tampered}"]
    assert sorted(cached(demo)) == frozen
    reads.clear()
    assert messages(demo) == first
    assert reads == []


def test_a_same_size_rewrite_with_its_mtime_put_back_is_found(group: Path, reads: list[str]) -> None:
    assert messages(group) == []
    entry = cached(group)[MD]
    same_size_edit(group, MD)
    now = (group / "versions" / MD).stat()
    assert entry[:2] == [now.st_size, now.st_mtime_ns] and entry[3] == now.st_ino  # only ctime tells
    later = time.time_ns() + 10**10  # the cache newer than the edit: the key alone must refuse the entry
    os.utime(group / CACHE, ns=(later, later))
    reads.clear()
    assert rewritten(messages(group)) == [f"versions/{MD}"]
    assert reads == [MD]
    assert cached(group)[MD][2] == now.st_ctime_ns  # the entry now holds what was hashed
    reads.clear()
    assert rewritten(messages(group)) == [f"versions/{MD}"] and reads == []


def test_a_forged_cache_does_not_hide_a_rewrite(group: Path, reads: list[str]) -> None:
    assert messages(group) == []
    original = cached(group)[MD][4]
    same_size_edit(group, MD)
    now = (group / "versions" / MD).stat()
    forged = cached(group)
    forged[MD] = [now.st_size, now.st_mtime_ns, now.st_ctime_ns - 10**9, now.st_ino + 1, original, ""]
    (group / CACHE).write_text(json.dumps({"format": 1, "files": forged}), encoding="utf-8")
    reads.clear()
    assert rewritten(messages(group)) == [f"versions/{MD}"]
    assert reads == [MD]  # the other entries were used: the cache was read, only the forged entry was refused


def test_a_cache_committed_in_a_checkout_matches_no_file(group: Path, tmp_path: Path, reads: list[str]) -> None:
    """A cache made elsewhere, copied with the files (as a pull request would carry it), hides nothing."""
    assert messages(group) == []
    copy = tmp_path / "copy"
    subprocess.run(["cp", "-a", str(group), str(copy)], check=True)  # sizes and mtimes kept, not ctime or inode
    assert cached(copy) == cached(group)
    same_size_edit(copy, MD)
    reads.clear()
    assert rewritten(messages(copy)) == [f"versions/{MD}"]
    assert sorted(reads) == sorted(cached(group))


@pytest.mark.parametrize("content", [b"not json", b"\xff\xfe\x00", b"[]", b'{"format": 1, "files": []}',
                                     b'{"format": 1, "files": {"alpha/policy/2022-04-01.md": "x"}}',
                                     b'{"format": 99, "files": {}}'])
def test_a_malformed_cache_is_ignored_and_replaced(group: Path, reads: list[str], content: bytes) -> None:
    same_size_edit(group, MD)
    (group / CACHE).parent.mkdir(parents=True)
    (group / CACHE).write_bytes(content)
    assert rewritten(messages(group)) == [f"versions/{MD}"]
    assert sorted(cached(group)) == sorted(reads) and len(reads) == 4
    reads.clear()
    assert rewritten(messages(group)) == [f"versions/{MD}"] and reads == []


def test_a_cache_that_is_a_link_or_a_folder_is_ignored_and_never_written_through(group: Path, tmp_path: Path,
                                                                                reads: list[str]) -> None:
    assert messages(group) == []
    good = (group / CACHE).read_bytes()
    same_size_edit(group, MD)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / CACHE.name).write_bytes(good)  # entries that would hide the rewrite, were they trusted
    (group / CACHE).unlink()
    (group / CACHE).symlink_to(elsewhere / CACHE.name)
    reads.clear()
    assert rewritten(messages(group)) == [f"versions/{MD}"] and len(reads) == 4
    assert (elsewhere / CACHE.name).read_bytes() == good and (group / CACHE).is_symlink()

    folder = group / CACHE.parent
    (group / CACHE).unlink()
    folder.rename(tmp_path / "moved")
    folder.symlink_to(elsewhere, target_is_directory=True)
    reads.clear()
    assert rewritten(messages(group)) == [f"versions/{MD}"] and len(reads) == 4
    assert sorted(p.name for p in elsewhere.iterdir()) == [CACHE.name] and (elsewhere / CACHE.name).read_bytes() == good

    folder.unlink()
    (group / CACHE).mkdir(parents=True)  # a folder where the file goes
    reads.clear()
    assert rewritten(messages(group)) == [f"versions/{MD}"] and len(reads) == 4
    assert (group / CACHE).is_dir()


def test_entries_of_files_no_longer_present_are_dropped(group: Path) -> None:
    assert messages(group) == []
    assert MD in cached(group)
    (group / "versions" / MD).unlink()
    assert any("公開済みの版のファイルがありません" in m for m in messages(group))
    assert MD not in cached(group) and JSON in cached(group)


def test_the_cache_is_written_only_when_something_changed(group: Path) -> None:
    assert messages(group) == []
    first = (group / CACHE).stat()
    assert messages(group) == []
    second = (group / CACHE).stat()
    assert (second.st_ino, second.st_mtime_ns) == (first.st_ino, first.st_mtime_ns)


def test_deleting_the_cache_changes_nothing_and_the_cli_says_the_same(group: Path) -> None:
    same_size_edit(group, JSON, keep_mtime=False)
    (group / "versions" / MD).write_text("手で置き換えた本文\n", encoding="utf-8")
    runs = [run_cli("check", str(group)), run_cli("check", str(group))]
    assert (group / CACHE).is_file()
    (group / CACHE).unlink()
    runs.append(run_cli("check", str(group)))
    assert [r.returncode for r in runs] == [1, 1, 1]
    assert runs[0].stdout == runs[1].stdout == runs[2].stdout
    assert runs[0].stdout.count(REWRITTEN) == 2, runs[0].stdout


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.jp", *args],
                   check=True, capture_output=True)


def test_in_a_checkout_git_blob_ids_are_kept_too(group: Path, reads: list[str]) -> None:
    """git's provenance check reads every frozen file for its blob id: kept as well, a second run reads none."""
    git(group, "init", "-q", "-b", "main")
    git(group, "add", "-A")
    git(group, "commit", "-q", "-m", "base")
    assert messages(group) == []
    assert all(len(entry[5]) == 40 for entry in cached(group).values())
    reads.clear()
    assert messages(group) == [] and reads == []
    path = group / "versions" / JSON  # a rewrite with its checksum updated: only git's history tells
    path.write_text(path.read_text(encoding="utf-8").replace("株式会社", "(株)", 1), encoding="utf-8")
    manifest = json.loads((group / "versions/manifest.json").read_text(encoding="utf-8"))
    manifest["files"][JSON] = hashlib.sha256(path.read_bytes()).hexdigest()
    (group / "versions/manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n",
                                                  encoding="utf-8")
    found = messages(group)
    changed = "最初に記録されたときの内容から変わっています"
    assert any(m.startswith(f"versions/{JSON}") and changed in m for m in found), found
    assert set(reads) == {JSON}


def test_an_entry_not_older_than_the_cache_is_hashed_again_and_the_cache_rewritten(group: Path,
                                                                                   reads: list[str]) -> None:
    """git's racy entries: a file changed in the same tick as the cache was written may have changed after it was
    read, with the same stat; it is trusted only once the cache is written again, later."""
    assert messages(group) == []
    frozen = sorted(cached(group))
    newest = max((group / "versions" / name).stat().st_ctime_ns for name in frozen)
    os.utime(group / CACHE, ns=(newest, newest))
    reads.clear()
    assert messages(group) == []
    racy = sorted(n for n in frozen if (group / "versions" / n).stat().st_ctime_ns >= newest)
    assert racy and sorted(reads) == racy
    assert (group / CACHE).stat().st_mtime_ns > newest
    reads.clear()
    assert messages(group) == [] and reads == []


@pytest.mark.parametrize("where", [f"versions/{MD}", "content/group-notes.md", ".cache/privacy-notices/checksums.json"])
def test_a_pipe_where_a_file_is_read_is_reported_not_waited_on(group: Path, where: str) -> None:
    """A named pipe has no writer: opening it for reading would wait for ever (run_cli's timeout fails the test)."""
    assert messages(group) == []
    (group / where).unlink(missing_ok=True)
    (group / where).parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(group / where)
    result = run_cli("check", str(group))
    assert "社を検査しました" in result.stdout + result.stderr
    if where.startswith("versions/"):
        assert result.returncode == 1 and "公開済みの版が書き換えられています" in result.stdout
