"""Nothing lost, nothing left behind, nothing hangs: the commands as a user meets them.

`generate` never deletes or overwrites a file it did not write; an interrupted or killed `build`
leaves no staging folder and the previous site intact; the site is readable by everyone whatever
the umask; Ctrl-C and SIGTERM print one line; `mkdocs serve` shows broken data in the browser.
"""

from __future__ import annotations

import html
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable, Iterator

import pytest

from conftest import AS_OF, MINIMAL, ROOT, edit, make_site_root, messages, run_cli
from test_serve import free_port

MANIFEST = ".privacy-notices-generated.json"
MARKER = ".privacy-notices-staging"
INTERRUPTED = "中断しました"
TERMINATED = "終了の指示 (SIGTERM) を受けたため、中断しました"
SIGNALS = [(signal.SIGINT, 130, INTERRUPTED), (signal.SIGTERM, 143, TERMINATED)]


def generate(group: Path, directory: Path) -> subprocess.CompletedProcess[str]:
    return run_cli("generate", str(directory), "--root", str(group), "--as-of", AS_OF)


def start(*args: str, umask: int = -1) -> subprocess.Popen[str]:
    """The command started as a user starts it, to be signalled while it runs."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    # Ctrl-C as in a terminal: a shell starting pytest in the background (`pytest &`) ignores SIGINT, and the
    # commands would inherit that
    return subprocess.Popen([sys.executable, "-m", "privacy_notices", *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8", umask=umask,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def listed(folder: Path) -> list[str]:
    return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["files"]


def wait_until(process: subprocess.Popen[str], condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 120
    while not condition():
        if process.poll() is not None:
            raise AssertionError(f"the command ended before {what}: {process.communicate()}")
        if time.monotonic() > deadline:
            process.kill()
            raise AssertionError(f"{what} did not happen within 120 s: {process.communicate()}")
        time.sleep(0.02)


def staging_folders(root: Path) -> list[Path]:
    return [d for d in root.glob(".site-*") if (d / MARKER).is_file()]


# generate ------------------------------------------------------------------------------------

def test_generate_refuses_a_folder_it_did_not_create(tmp_path: Path) -> None:
    root = make_site_root(MINIMAL, tmp_path / "root")
    docs = root / "docs"  # the guide, the CSS and the JavaScript of the site
    before = files_in(docs)
    names = sorted(os.listdir(docs))
    shown = "、".join(names[:3]) + (f" ほか {len(names) - 3} 件" if len(names) > 3 else "")
    result = generate(root, docs)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        f"error: {docs} には、このツールが書き出したのではないファイルがあります ({shown})。"
        "消したり上書きしたりしないよう、何も書き出しませんでした → まだないフォルダか、空のフォルダを指定してください")
    assert files_in(docs) == before


@pytest.mark.parametrize("exists", [False, True], ids=["new folder", "empty folder"])
def test_generate_into_a_new_or_empty_folder(tmp_path: Path, exists: bool, group: Path) -> None:
    out = tmp_path / "out"
    if exists:
        out.mkdir()
    result = generate(group, out)
    assert result.returncode == 0, result.stderr
    written = files_in(out)
    del written[MANIFEST]
    assert listed(out) == sorted(written)
    assert "docs/alpha/policy/index.md" in written and "mkdocs.yml" in written
    assert result.stderr.splitlines()[-1] == (
        f"{len(written)} ファイルを {out} に書き出しました"
        " (サイトの設定 mkdocs.yml とページ・資材。zensical build か mkdocs build でサイトになります)")


def test_second_run_removes_only_its_own_stale_pages(tmp_path: Path, group: Path) -> None:
    out = tmp_path / "out"
    assert generate(ROOT, out).returncode == 0  # the demo group: aoba-* companies
    assert "docs/aoba-hd/index.md" in listed(out)
    (out / "docs" / "notes.md").write_text("編集者のメモ", encoding="utf-8")
    (out / "docs" / "aoba-hd" / "memo.md").write_text("メモ", encoding="utf-8")
    result = generate(group, out)  # now another group: alpha and beta
    assert result.returncode == 0, result.stderr
    left = files_in(out)
    del left[MANIFEST]
    assert sorted(set(left) - {"docs/notes.md", "docs/aoba-hd/memo.md"}) == listed(out)
    assert left["docs/notes.md"] == "編集者のメモ".encode() and left["docs/aoba-hd/memo.md"] == "メモ".encode()
    assert sorted(p.name for p in (out / "docs").iterdir()) == sorted(
        ["about.md", "aoba-hd", "alpha", "beta", "feed.xml", "index.md", "notes.md", "versions.json"])


def test_generate_does_not_overwrite_a_file_it_did_not_write(tmp_path: Path, group: Path) -> None:
    out = tmp_path / "out"
    assert generate(ROOT, out).returncode == 0
    (out / "docs" / "alpha").mkdir()
    (out / "docs" / "alpha" / "index.md").write_text("誰かの原稿", encoding="utf-8")
    before = files_in(out)
    result = generate(group, out)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        f"error: {out / 'docs' / 'alpha' / 'index.md'} は、このツールが書き出したのではないファイルです。上書きしないよう、"
        "何も書き出しませんでした → このファイルを別の場所に移すか、別のフォルダを指定してください")
    assert files_in(out) == before


def test_generate_never_writes_through_a_symbolic_link(tmp_path: Path, group: Path) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    assert generate(group, out).returncode == 0
    elsewhere.mkdir()
    shutil.rmtree(out / "docs" / "alpha")
    (out / "docs" / "alpha").symlink_to(elsewhere)
    result = generate(group, out)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        f"error: {out / 'docs' / 'alpha'} はシンボリックリンクを通ります。リンクの先には書き出しません"
        " → リンクを消すか、別のフォルダを指定してください")
    assert list(elsewhere.iterdir()) == []


def test_generate_refuses_a_folder_whose_list_it_cannot_read(tmp_path: Path, group: Path) -> None:
    out = tmp_path / "out"
    assert generate(group, out).returncode == 0
    (out / MANIFEST).write_text('{"files": ["../../etc/passwd"]}', encoding="utf-8")
    before = files_in(out)
    result = generate(group, out)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        f"error: {out / MANIFEST} が読めません (壊れています)。どのファイルを書き出したのか分からないため、"
        "何も書き出しませんでした → フォルダの中身を確かめて空にするか、別のフォルダを指定してください")
    assert files_in(out) == before


# build -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("sig", "code", "message"), SIGNALS, ids=["SIGINT", "SIGTERM"])
def test_interrupted_build_removes_its_staging_folder(tmp_path: Path, sig: int, code: int, message: str) -> None:
    root = make_site_root(ROOT, tmp_path / "root")  # the demo: a build long enough to interrupt
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("前回のサイト", encoding="utf-8")
    build = start("build", "--as-of", AS_OF, str(root))
    wait_until(build, lambda: bool(staging_folders(root)), "a staging folder appeared")
    build.send_signal(sig)
    _, stderr = build.communicate(timeout=60)
    assert build.returncode == code
    lines = stderr.splitlines()
    assert len(lines) == 2 and "社を検査しました" in lines[0] and lines[1] == message, stderr
    assert list(root.glob(".site-*")) == []
    assert files_in(root / "site") == {"index.html": "前回のサイト".encode()}


def test_a_killed_build_leaves_a_folder_the_next_build_removes(tmp_path: Path) -> None:
    root = make_site_root(ROOT, tmp_path / "root")
    foreign = root / ".site-foo"  # someone else's folder that happens to share our prefix
    foreign.mkdir()
    (foreign / "keep.txt").write_text("消さないでください", encoding="utf-8")
    build = start("build", "--as-of", AS_OF, str(root))
    wait_until(build, lambda: bool(staging_folders(root)), "a staging folder appeared")
    build.kill()  # SIGKILL: no clean-up can run
    build.communicate(timeout=60)
    assert len(staging_folders(root)) == 1
    result = run_cli("build", "--as-of", AS_OF, str(root))
    assert result.returncode == 0, result.stderr
    assert list(root.glob(".site-*")) == [foreign]
    assert files_in(foreign) == {"keep.txt": "消さないでください".encode()}
    assert (root / "site" / "index.html").is_file()


def test_a_build_running_beside_keeps_its_folder(tmp_path: Path) -> None:
    root = make_site_root(MINIMAL, tmp_path / "root")
    first = start("build", "--as-of", AS_OF, str(root))
    wait_until(first, lambda: bool(staging_folders(root)), "a staging folder appeared")
    first.send_signal(signal.SIGSTOP)  # paused mid-build while a second build runs
    try:
        second = run_cli("build", "--as-of", AS_OF, str(root))
        kept = staging_folders(root)
    finally:
        first.send_signal(signal.SIGCONT)
        _, stderr = first.communicate(timeout=120)
    assert second.returncode == 0, second.stderr
    assert len(kept) == 1  # the second build did not take the first one's folder for a stale one
    assert first.returncode == 0, stderr
    assert list(root.glob(".site-*")) == []


@pytest.mark.parametrize("umask", [0o022, 0o077], ids=["umask 022", "umask 077"])
def test_site_is_readable_by_everyone_whatever_the_umask(tmp_path: Path, umask: int) -> None:
    root = make_site_root(MINIMAL, tmp_path / "root")
    build = start("build", "--as-of", AS_OF, str(root), umask=umask)
    _, stderr = build.communicate(timeout=300)
    assert build.returncode == 0, stderr
    site = root / "site"
    modes = {p: stat.S_IMODE(p.lstat().st_mode) for p in [site, *site.rglob("*")]}
    assert {mode for p, mode in modes.items() if p.is_dir()} == {0o755}
    assert {mode for p, mode in modes.items() if p.is_file()} == {0o644}
    assert list(root.glob(".site-*")) == [] and not (root / "site.old").exists()


# any command -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("sig", "code", "message"), SIGNALS, ids=["SIGINT", "SIGTERM"])
def test_interrupted_check_prints_one_line(group: Path, sig: int, code: int, message: str) -> None:
    """`check` waiting on a file that does not come (a stalled network drive; a named pipe here,
    so the test knows the moment `check` is reading it)."""
    pipe = group / "companies" / "beta.yaml"
    pipe.unlink()
    os.mkfifo(pipe)
    check = start("check", str(group))
    writer: list[int] = []

    def opened_by_check() -> bool:
        try:
            writer.append(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))  # succeeds once check reads it
        except OSError:
            return False
        return True

    try:
        wait_until(check, opened_by_check, "check opened companies/beta.yaml")
        check.send_signal(sig)
    finally:
        for fd in writer:
            os.close(fd)  # the file ends: Python handles the signal once the read returns
    stdout, stderr = check.communicate(timeout=60)
    assert (check.returncode, stdout, stderr) == (code, "", message + "\n")


# mkdocs serve with broken data -------------------------------------------------------------------

def get(url: str) -> tuple[int, str]:
    """The status and the body, also of a 404 page; (0, "") while the server is not up."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")
    except (urllib.error.URLError, TimeoutError, ConnectionError):
        return 0, ""


def wait_for(url: str, text: str, seconds: float = 60) -> tuple[int, str]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status, body = get(url)
        if text in body:
            return status, body
        time.sleep(0.3)
    raise AssertionError(f"{text!r} did not appear at {url} within {seconds} s")


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., str]]:
    """Start `mkdocs serve` in a project as an editor does; returns the address."""
    servers: list[subprocess.Popen[bytes]] = []
    env = {**os.environ, "PRIVACY_NOTICES_AS_OF": AS_OF, "NO_MKDOCS_2_WARNING": "1"}

    def start_serving(root: Path, *options: str) -> str:
        port = free_port()
        with (tmp_path / "serve.log").open("w", encoding="utf-8") as log:
            command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", *options]
            servers.append(subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT))
        return f"http://127.0.0.1:{port}"

    yield start_serving
    for server in servers:
        server.terminate()
        server.wait(timeout=10)


def test_serve_shows_broken_data_in_the_browser(tmp_path: Path, serve: Callable[..., str]) -> None:
    root = make_site_root(MINIMAL, tmp_path / "root")
    edit(root, "companies/beta.yaml", "postcode: 530-0001", "postcode: <b>530</b>")
    edit(root, "companies/alpha.yaml", "representative:", "representatve:")
    problems = messages(root)
    assert len(problems) >= 2 and any("<b>530</b>" in line for line in problems)
    base = serve(root)
    status, top = wait_for(base + "/", "データに誤りがあります")
    assert status == 200 and "<title>データに誤りがあります" in top
    assert all(html.escape(line, quote=False) in top for line in problems), top
    assert "<b>530</b>" not in top  # the editor's value is shown, never run
    status, notice = get(base + "/beta/policy/")  # the page the editor has open: every URL shows them
    assert status == 404 and all(html.escape(line, quote=False) in notice for line in problems)
    assert "livereload(" in notice  # comes back by itself when the data is fixed
    edit(root, "companies/beta.yaml", "postcode: <b>530</b>", "postcode: 530-0001")
    edit(root, "companies/alpha.yaml", "representatve:", "representative:")
    assert wait_for(base + "/beta/policy/", "会員の管理のため")[0] == 200
    assert "データに誤りがあります" not in get(base + "/")[1]


def test_dirty_serve_does_not_show_the_last_good_pages_as_current(tmp_path: Path, serve: Callable[..., str]) -> None:
    root = make_site_root(MINIMAL, tmp_path / "root")
    base = serve(root, "--dirty")
    wait_for(base + "/beta/policy/", "会員の管理のため")
    edit(root, "companies/beta.yaml", "representative:", "representatve:")
    status, page = wait_for(base + "/beta/policy/", "データに誤りがあります")
    assert status == 404 and "知らないキーです (representatve)" in page and "会員の管理のため" not in page
    edit(root, "companies/beta.yaml", "representatve:", "representative:")
    edit(root, "companies/beta.yaml", "会員の管理のため", "会員情報の管理のため")
    assert wait_for(base + "/beta/policy/", "会員情報の管理のため")[0] == 200
