"""The GitHub Actions workflows are valid (check-jsonschema's vendored GitHub workflow schema), and the
pull-request workflow's review comment fits in a GitHub comment."""

from __future__ import annotations

import re
import subprocess
import sys

from ruamel.yaml import YAML

from conftest import ROOT
from privacy_notices.review_format import ARTIFACT, COMMENT_LIMIT


def test_workflows_validate() -> None:
    files = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert [f.name for f in files] == ["publish.yml", "pull-request.yml"]
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                             *map(str, files)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_broken_workflow_fails(tmp_path) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  x:\n    steps: []\n", encoding="utf-8")  # no runs-on
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                             str(broken)], capture_output=True, text=True)
    assert result.returncode == 1


def test_the_review_comment_fits_and_the_whole_report_is_uploaded() -> None:
    """The comment (marker line + report shortened by --max-chars) stays under GitHub's limit, and
    the whole report is uploaded under the artifact name the shortened comment points to."""
    steps = YAML(typ="safe").load((ROOT / ".github" / "workflows" / "pull-request.yml").read_text(encoding="utf-8"))[
        "jobs"]["review"]["steps"]
    report = next(s for s in steps if s.get("name") == "Review report")["run"]
    uploads = [s for s in steps if s.get("uses", "").startswith("actions/upload-artifact")]
    upload = next(s for s in uploads if s["with"]["name"] == ARTIFACT)
    assert "--output review.md" in report and upload["with"]["path"] == "review.md"
    marker = re.search(r"echo '(<!-- privacy-notices-review -->)'", report)
    limit = re.search(r"--max-chars (\d+)", report)
    assert marker and limit and int(limit.group(1)) + len(marker.group(1)) + 1 < COMMENT_LIMIT
    names = [s.get("name") for s in steps]
    assert names.index("Upload the whole review report") < names.index("Post or update the report comment")


def _steps(name: str, job: str) -> list[dict]:  # type: ignore[type-arg]
    return YAML(typ="safe").load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))["jobs"][job]["steps"]


def test_both_builds_install_the_pdf_fonts_and_see_the_cache_keyed_by_the_code() -> None:
    """The fonts the README names (BIZ UDPGothic may be missing on a runner: Noto is the fallback), and a cache
    key that changes with the package's code, else after a change of pdf.py the cache restored by the same key is
    never saved again (DECISIONS.md 40, 44)."""
    for name, job in (("publish.yml", "build"), ("pull-request.yml", "review")):
        steps = _steps(name, job)
        install = "\n".join(s.get("run", "") for s in steps if "apt-get" in s.get("run", ""))
        assert "apt-get install -y -qq fonts-noto-cjk" in install, name
        assert "apt-get install -y -qq fonts-morisawa-bizud-gothic || true" in install, name
        cache = next(s for s in steps if s.get("uses", "").startswith("actions/cache"))
        assert cache["with"]["path"] == ".cache/privacy-notices"
        for part in ("versions/manifest.json", "scripts/privacy_notices/**", "pyproject.toml"):
            assert f"'{part}'" in cache["with"]["key"], (name, part)
    pull = next(s for s in _steps("pull-request.yml", "review") if s.get("uses", "").startswith("actions/cache"))
    assert pull["uses"].startswith("actions/cache/restore@")  # pull requests read main's cache, never save theirs
