"""Published versions cannot be rewritten: git provenance, `check --since`, the hash chain,
one problem for a lost manifest, advice that works, and `record` all or nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import MINIMAL, ROOT, edit, messages, run_cli
from privacy_notices.check import check
from privacy_notices.site import plan_site
from privacy_notices.versions import Archive, all_or_nothing

MD = "alpha/policy/2022-04-01.md"
JSON = "alpha/policy/2022-04-01.json"
USER = ("-c", "user.name=t", "-c", "user.email=t@example.jp")


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


def commit(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, *USER, "commit", "-q", "--allow-empty", "-m", message)
    return git(repo, "rev-parse", "HEAD").strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The minimal group, committed once on main: its frozen versions are published."""
    root = tmp_path / "repo"
    shutil.copytree(MINIMAL, root)
    git(root, "init", "-q", "-b", "main")
    commit(root, "base")
    return root


def manifest(root: Path) -> dict:
    return json.loads((root / "versions" / "manifest.json").read_text(encoding="utf-8"))


def set_entry(root: Path, name: str, value: str | None) -> None:
    data = manifest(root)
    if value is None:
        del data["files"][name]
    else:
        data["files"][name] = value
    (root / "versions" / "manifest.json").write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n",
                                                     encoding="utf-8")


def rewrite(root: Path, name: str = JSON) -> None:
    """A rewrite of a published version that also updates its checksum, so the manifest agrees (the
    data: a rewritten text of the latest version would also differ from what the data renders)."""
    path = root / "versions" / name
    path.write_text(path.read_text(encoding="utf-8").replace("株式会社", "(株)", 1), encoding="utf-8")
    set_entry(root, name, hashlib.sha256(path.read_bytes()).hexdigest())


def remove(root: Path, *names: str) -> None:
    """A frozen version deleted together with its manifest entries."""
    for name in names:
        (root / "versions" / name).unlink()
        set_entry(root, name, None)


def follow(root: Path, problems: list[str]) -> None:
    """Do what the messages say, as an editor would: run each git command, write each manifest value."""
    for line in problems:
        for command in re.findall(r"\(git (checkout [^)]*)\)", line):
            git(root, *command.split())
    for line in problems:  # after the files are back: the manifest may have been restored too
        data = manifest(root)
        for name, value in re.findall(r'「"([^"]+)"」の値[もを] "([0-9a-f]{64})"', line):
            data["files"][name] = value
        for name, value in re.findall(r'「"([^"]+)": "([0-9a-f]{64})"」', line):
            data["files"][name] = value
        (root / "versions" / "manifest.json").write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n",
                                                         encoding="utf-8")


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the group's data, byte for byte (hidden files included)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for part in ("companies", "content", "versions", "templates")
            if (root / part).is_dir() for p in sorted((root / part).rglob("*")) if p.is_file()}


# 1. git provenance ----------------------------------------------------------------------------

def test_outside_git_a_rewrite_with_its_checksum_cannot_be_seen(group: Path) -> None:
    """The limit git lifts: without history (a tarball, a build folder) the manifest is all there is."""
    rewrite(group)
    assert messages(group) == []


@pytest.mark.parametrize("committed", [False, True])
def test_rewrite_with_updated_checksum_is_reported_and_the_advice_restores_it(repo: Path, committed: bool) -> None:
    first = git(repo, "rev-parse", "HEAD").strip()[:12]
    original = manifest(repo)["files"][JSON]
    rewrite(repo)
    if committed:
        commit(repo, "a rewrite that git remembers")
    problems = messages(repo)
    assert problems == [
        f"versions/{JSON}:1:1: (ファイル全体): 公開済みの版が、最初に記録されたときの内容から変わっています (コミット {first} で記録)"
        f" → 公開済みの版は変更できません。元に戻してください (git checkout {first} -- versions/{JSON})。"
        f'versions/manifest.json の "files" の「"{JSON}"」の値も "{original}" に戻してください。'
        "内容を改めるときは新しい改定を記録してください"]
    follow(repo, problems)
    assert messages(repo) == []


def test_deleted_frozen_files_are_reported_and_the_advice_restores_them(repo: Path) -> None:
    first = git(repo, "rev-parse", "HEAD").strip()[:12]
    sums = manifest(repo)["files"]
    remove(repo, MD, JSON)
    commit(repo, "a deletion git remembers")
    problems = messages(repo)
    assert problems == [
        f"versions/{name}:1:1: (ファイル全体): 公開済みの版のファイルが削除されています (コミット {first} で記録)"
        f" → 公開済みの版は削除できません。元に戻してください (git checkout {first} -- versions/{name})。"
        f'versions/manifest.json の "files" にも「"{name}": "{sums[name]}"」を書き戻してください'
        for name in (JSON, MD)]
    follow(repo, problems)
    assert messages(repo) == []


def test_a_file_deleted_in_the_working_copy_only(repo: Path) -> None:
    first = git(repo, "rev-parse", "HEAD").strip()[:12]
    (repo / "versions" / MD).unlink()
    problems = messages(repo)
    assert problems == [f"versions/{MD}:1:1: (ファイル全体): 公開済みの版のファイルが削除されています (コミット {first} で記録)"
                        f" → 公開済みの版は削除できません。元に戻してください (git checkout {first} -- versions/{MD})"]
    follow(repo, problems)
    assert messages(repo) == []


def test_a_manifest_entry_removed_by_hand(repo: Path) -> None:
    sums = manifest(repo)["files"]
    set_entry(repo, JSON, None)
    problems = messages(repo)
    assert problems == [f"versions/manifest.json:1:1: {JSON}: 公開済みの版が目録 (manifest) から消えています"
                        f" (versions/{JSON} は最初に記録されたときのままです)"
                        f' → versions/manifest.json の "files" に「"{JSON}": "{sums[JSON]}"」を書き戻してください']
    follow(repo, problems)
    assert messages(repo) == []


def test_a_shallow_clone_takes_its_oldest_commit_as_the_first(repo: Path, tmp_path: Path) -> None:
    """Decision: in a shallow clone (CI's default depth 1) the oldest visible commit counts as the
    first; a rewrite committed before it cannot be seen there (the pull-request workflow fetches
    the whole history), one made after it still is."""
    rewrite(repo)
    commit(repo, "rewrite")
    assert len(messages(repo)) == 1  # the whole history sees it
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True)
    assert git(clone, "rev-parse", "--is-shallow-repository").strip() == "true"
    assert messages(clone) == []
    (clone / "versions" / JSON).write_text("{}\n", encoding="utf-8")
    set_entry(clone, JSON, hashlib.sha256(b"{}\n").hexdigest())
    [line] = messages(clone)
    assert line.startswith(f"versions/{JSON}:1:1: (ファイル全体): 公開済みの版が、最初に記録されたときの内容から変わっています")


def test_a_rewrite_an_administrator_accepted(repo: Path) -> None:
    """A court order or personal data published by mistake: the rewrite is written in the manifest
    with its reason; check accepts it, `--since` still fails (a deliberate merge), the chain changes."""
    before = json.loads(pages(repo)["alpha/policy/versions.json"])
    rewrite(repo)
    data = manifest(repo)
    data["rewritten"] = {JSON: {"sha256": data["files"][JSON], "reason": "誤って掲載した個人の氏名を削除 (2030年1月の決定)"}}
    (repo / "versions" / "manifest.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    assert messages(repo) == []
    after = json.loads(pages(repo)["alpha/policy/versions.json"])
    assert after["versions"][0]["rewritten"] == "誤って掲載した個人の氏名を削除 (2030年1月の決定)"
    assert after["chain"] != before["chain"]
    git(repo, "checkout", "-q", "-b", "erasure")
    commit(repo, "erasure")
    result = run_cli("check", str(repo), "--since", "main")
    assert result.returncode == 1
    assert result.stdout == (f"versions/{JSON}:1:1: (ファイル全体): このブランチで公開済みの版が変更されています (main との比較)"
                             f" → 公開済みの版は変更できません。元に戻してください (git checkout main -- versions/{JSON})。"
                             "内容を改めるときは新しい改定を記録してください\n")


def test_the_demo_repository_itself_passes() -> None:
    """The demo's history rewrote eight .json files before anything was published: they are
    accepted in its manifest, so check on this checkout (when it is one) is clean of git's problems."""
    from privacy_notices.provenance import check_archive

    assert check_archive(Archive(ROOT)).problems == []


# 2. check --since, as the pull-request workflow runs it ------------------------------------------

def workflow_check_command() -> str:
    workflow = YAML(typ="safe").load((ROOT / ".github" / "workflows" / "pull-request.yml").read_text(encoding="utf-8"))
    [command] = [step["run"] for step in workflow["jobs"]["review"]["steps"]
                 if "privacy-notices check" in step.get("run", "")]
    return command


def test_a_pull_request_that_changes_or_deletes_a_published_version_fails(repo: Path, tmp_path: Path) -> None:
    command = workflow_check_command()
    assert '--since "origin/${{ github.base_ref }}"' in command
    work = tmp_path / "work"  # a checkout with origin/main, as actions/checkout with fetch-depth: 0 gives
    subprocess.run(["git", "clone", "-q", f"file://{repo}", str(work)], check=True)
    git(work, "checkout", "-q", "-b", "change")
    rewrite(work, "beta/policy/2021-10-01.json")
    remove(work, MD, JSON)
    commit(work, "a change that rewrites history")
    args = command.replace('"origin/${{ github.base_ref }}"', "origin/main").split()[1:]
    result = run_cli(*args, cwd=work)
    assert result.returncode == 1
    annotated = sorted(line.split("::")[1] for line in result.stdout.splitlines())
    assert annotated == [f"error file=versions/{name},line=1,col=1" for name in
                         (JSON, MD, "beta/policy/2021-10-01.json")]
    clean = tmp_path / "clean"
    subprocess.run(["git", "clone", "-q", f"file://{repo}", str(clean)], check=True)
    assert run_cli(*args, cwd=clean).returncode == 0


def test_since_an_unknown_ref_is_a_problem_not_a_pass(repo: Path) -> None:
    assert messages_since(repo, "origin/no-such-branch") == [
        "versions:1:1: (ファイル全体): git の参照「origin/no-such-branch」と比べられません (origin/no-such-branch)"
        " → git のリポジトリの中で実行し、git fetch で origin/no-such-branch を取得してください"
        " (GitHub Actions では actions/checkout に fetch-depth: 0)"]


def messages_since(root: Path, ref: str) -> list[str]:
    return [p.format() for p in check(root, since=ref)[1]]


# 3. the hash chain --------------------------------------------------------------------------

def pages(root: Path) -> dict[str, str]:
    group, problems = check(root, versions=False)
    assert group is not None
    return {p.path: p.text for p in plan_site(group, dt.date(2030, 1, 1), Archive(root)).pages}


def test_the_chain_can_be_recomputed_from_the_published_files_alone(group: Path) -> None:
    from privacy_notices.record import record

    edit(group, "companies/alpha.yaml", "    department: お客様窓口\n", "    department: お客様相談窓口\n")
    record(group, "alpha", "policy", dt.date(2025, 4, 1), "窓口の名称を変更")
    site = pages(group)
    heads = {}
    for document in json.loads(site["versions.json"])["documents"]:
        previous = "0" * 64
        published = json.loads(site[f"{document['url']}versions.json"])
        for version in published["versions"]:
            frozen = json.loads(site[version["json"]])  # the version's own JSON: text and data as published
            assert hashlib.sha256(frozen["text"].encode("utf-8")).hexdigest() == version["sha256"]["md"]
            data = json.dumps(frozen["data"], ensure_ascii=False, indent=1, sort_keys=True) + "\n"
            assert hashlib.sha256(data.encode("utf-8")).hexdigest() == version["sha256"]["json"]
            previous = hashlib.sha256((previous + version["sha256"]["md"] + version["sha256"]["json"]
                                       + version["date"]).encode("ascii")).hexdigest()
            assert version["chain"] == previous
        assert published["chain"] == previous
        heads[f"{document['company']}/{document['document']}"] = previous
    lines = "".join(f"{key} {heads[key]}\n" for key in sorted(heads))
    assert json.loads(site["versions.json"])["chain_head"] == hashlib.sha256(lines.encode("utf-8")).hexdigest()
    assert len(json.loads(site["alpha/policy/versions.json"])["versions"]) == 2


def test_a_rewrite_changes_the_chain_from_that_version_on_and_builds_stay_deterministic(group: Path) -> None:
    before = pages(group)
    assert pages(group) == before  # the same inputs, the same files
    rewrite(group)
    after = pages(group)
    chain = [json.loads(site["alpha/policy/versions.json"])["chain"] for site in (before, after)]
    assert chain[0] != chain[1]
    assert json.loads(after["beta/policy/versions.json"]) == json.loads(before["beta/policy/versions.json"])
    assert json.loads(after["versions.json"])["chain_head"] != json.loads(before["versions.json"])["chain_head"]


# 4. a lost manifest, and advice that works ------------------------------------------------------

LOST_MANIFEST = ("versions/manifest.json:1:1: (ファイル全体): 版の目録 (manifest) がありません (versions/manifest.json)"
                 " → 目録は削除できません。git で元に戻してください ({})")


def test_a_deleted_manifest_is_one_problem_and_git_restores_it(repo: Path) -> None:
    (repo / "versions" / "manifest.json").unlink()
    assert messages(repo) == [LOST_MANIFEST.format("git checkout -- versions/manifest.json")]
    git(repo, "checkout", "--", "versions/manifest.json")
    assert messages(repo) == []


def test_a_manifest_deleted_in_a_commit(repo: Path) -> None:
    (repo / "versions" / "manifest.json").unlink()
    deleted = commit(repo, "manifest deleted")[:12]
    problems = messages(repo)
    assert problems == [LOST_MANIFEST.format(f"git checkout {deleted}~1 -- versions/manifest.json")]
    follow(repo, problems)
    assert messages(repo) == []


def test_a_deleted_versions_folder_is_one_problem(repo: Path) -> None:
    shutil.rmtree(repo / "versions")
    problems = messages(repo)
    assert problems == [LOST_MANIFEST.format("git checkout -- versions/")]
    follow(repo, problems)
    assert messages(repo) == []


def test_outside_git_a_deleted_manifest_is_one_problem_too(group: Path) -> None:
    (group / "versions" / "manifest.json").unlink()
    assert messages(group) == [LOST_MANIFEST.format("git checkout -- versions/manifest.json")]


def test_a_version_missing_between_others_is_restored_from_git_not_recorded(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The advice used to be a `record` command that record refuses (the date is not the last)."""
    from privacy_notices import provenance
    from privacy_notices.record import record

    edit(repo, "companies/alpha.yaml", "    department: お客様窓口\n", "    department: お客様窓口 (2026)\n")
    for year in (2027, 2028):  # within two years of today: no far-future warning
        edit(repo, "companies/alpha.yaml", f"お客様窓口 ({year - 1})", f"お客様窓口 ({year})")
        record(repo, "alpha", "policy", dt.date(year, 4, 1), f"{year}年の改定")
    commit(repo, "two more versions")
    stem = "alpha/policy/2027-04-01"
    remove(repo, f"{stem}.md", f"{stem}.json")
    monkeypatch.setattr(provenance, "history", lambda root: None)  # as outside a checkout: the manifest alone
    problems = messages(repo)
    assert problems == [
        "companies/alpha.yaml:26:9: documents.policy.history[2]: 改定の版のファイルがありません (2027-04-01)"
        f" → 公開済みの版は削除できません。git で元に戻してください (git checkout -- versions/manifest.json"
        f" versions/{stem}.md versions/{stem}.json)。版を記録していない改定を書き足したのなら、history から削除してください"]
    follow(repo, problems)
    assert messages(repo) == []


def test_the_last_revision_without_its_version_is_recorded(repo: Path) -> None:
    edit(repo, "companies/alpha.yaml", "        summary: 改正法の施行に伴う改定\n",
         "        summary: 改正法の施行に伴う改定\n      - date: 2028-04-01\n        summary: 窓口の案内を改定\n")
    edit(repo, "companies/alpha.yaml", "    department: お客様窓口\n", "    department: お客様相談窓口\n")
    [problem] = messages(repo)
    assert problem.endswith("改定の版が記録されていません (2028-04-01)"
                            " → privacy-notices record alpha policy --date 2028-04-01 --summary '窓口の案内を改定'")
    command = shlex.split(problem.split(" → privacy-notices ")[1])
    assert run_cli(*command, "--root", str(repo)).returncode == 0
    assert messages(repo) == []


# 5. record: all or nothing -----------------------------------------------------------------------

FAILS_ON_2030 = ('{% extends "policy.md.j2" %}\n{% block closing %}'
                 '{% if doc.revisions[-1].date|string == "2030-01-01" %}{{ undefined_name }}{% endif %}'
                 "{% endblock %}\n")
"""A company override that renders as the built-in one, and fails only for a version dated 2030-01-01:
the failure comes after the history entry was appended."""


def test_record_that_fails_while_rendering_leaves_every_file_as_it_was(group: Path) -> None:
    (group / "templates" / "alpha").mkdir(parents=True)
    (group / "templates" / "alpha" / "policy.md.j2").write_text(FAILS_ON_2030, encoding="utf-8")
    edit(group, "companies/alpha.yaml", "    department: お客様窓口\n", "    department: お客様相談窓口\n")
    before = snapshot(group)
    result = run_cli("record", "alpha", "policy", "--date", "2030-01-01", "--far-future", "--summary", "窓口の名称を変更",
                     "--root", str(group))
    assert result.returncode != 0
    assert "undefined_name" in result.stdout + result.stderr
    assert snapshot(group) == before
    assert run_cli("record", "alpha", "policy", "--date", "2030-01-02", "--far-future", "--summary", "窓口の名称を変更",
                   "--root", str(group)).returncode == 0  # the same record on another day succeeds


def test_record_all_is_all_or_nothing(group: Path) -> None:
    (group / "templates" / "beta").mkdir(parents=True)  # alpha comes first and records; beta fails
    (group / "templates" / "beta" / "policy.md.j2").write_text(FAILS_ON_2030, encoding="utf-8")
    edit(group, "content/group.yaml", "      - お問い合わせに答えるため\n",
         "      - お問い合わせに答えるため\n      - 商品のご案内のため\n")  # a purpose common to every company
    before = snapshot(group)
    result = run_cli("record", "--all", "--date", "2030-01-01", "--far-future", "--summary", "グループ名の変更", "--root", str(group))
    assert result.returncode != 0
    assert snapshot(group) == before
    result = run_cli("record", "--all", "--date", "2030-01-02", "--far-future", "--summary", "グループ名の変更", "--root", str(group))
    assert result.returncode == 0, result.stderr
    assert sorted(p.relative_to(group / "versions").as_posix() for p in (group / "versions").rglob("2030-01-02.md")) \
        == ["alpha/policy/2030-01-02.md", "beta/policy/2030-01-02.md"]


def test_ctrl_c_while_freezing_rolls_back(group: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from privacy_notices.record import record
    from privacy_notices.versions import archive

    edit(group, "companies/alpha.yaml", "    department: お客様窓口\n", "    department: お客様相談窓口\n")
    before = snapshot(group)
    written = archive.write_atomic

    def interrupted(path: Path, data: bytes) -> None:
        written(path, data)
        if path.suffix == ".json":  # the text and data are on disk, the manifest not yet
            raise KeyboardInterrupt

    monkeypatch.setattr(archive, "write_atomic", interrupted)
    with pytest.raises(KeyboardInterrupt):
        record(group, "alpha", "policy", dt.date(2030, 1, 1), "窓口の名称を変更")
    assert snapshot(group) == before
    assert not (group / "versions" / "alpha" / "policy" / "2030-01-01.md").exists()


def test_all_or_nothing_removes_the_folders_it_made(tmp_path: Path) -> None:
    kept = tmp_path / "kept.txt"
    kept.write_text("before", encoding="utf-8")
    new = tmp_path / "a" / "b" / "new.txt"
    with pytest.raises(RuntimeError), all_or_nothing([kept, new]):
        kept.write_text("after", encoding="utf-8")
        new.parent.mkdir(parents=True)
        new.write_text("x", encoding="utf-8")
        raise RuntimeError
    assert kept.read_text(encoding="utf-8") == "before"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.txt"]


def test_frozen_files_get_ordinary_permissions(group: Path) -> None:
    from privacy_notices.record import record

    edit(group, "companies/alpha.yaml", "    department: お客様窓口\n", "    department: お客様相談窓口\n")
    mode = (group / "companies" / "alpha.yaml").stat().st_mode & 0o777
    record(group, "alpha", "policy", dt.date(2030, 1, 1), "窓口の名称を変更")
    umask = os.umask(0)
    os.umask(umask)
    assert (group / "versions" / "alpha" / "policy" / "2030-01-01.md").stat().st_mode & 0o777 == 0o666 & ~umask
    assert (group / "companies" / "alpha.yaml").stat().st_mode & 0o777 == mode
    assert not [p for p in (group / "versions").rglob(".*")]  # no temporary file left
