from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest

from privacy_notices.check import check

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINIMAL = FIXTURES / "minimal"


DATA_FILES = ("content", "companies", "versions", "templates", ".github")
"""A group's data: what editors write (templates included), and the versions they recorded."""
SITE_FILES = ("mkdocs.yml", "mkdocs.editors.yml", "docs", "overrides", "scripts/privacy_notices/mkdocs_hook.py")
"""What turns a group's data folder into a buildable mkdocs project."""
AS_OF = "2026-11-23"
"""The date tests build the site as of: never today's date."""


def pytest_configure(config: pytest.Config) -> None:
    """In-process checks see the same "today" as the CLI run by tests: never the real clock."""
    os.environ.setdefault("PRIVACY_NOTICES_TODAY", AS_OF)
    # one PDF cache for every copy of the demo, the repository's own (keyed by content and code: pdf.py)
    os.environ.setdefault("PRIVACY_NOTICES_PDF_CACHE", str(ROOT / ".cache" / "privacy-notices"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from the current output")


def make_site_root(data: Path, target: Path) -> Path:
    """A buildable project: the group data of ``data`` plus the repository's mkdocs set-up."""
    for part in DATA_FILES:
        if (data / part).is_dir():
            shutil.copytree(data / part, target / part)
    (target / "templates").mkdir(exist_ok=True)  # mkdocs.yml watches it
    for part in SITE_FILES:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        else:
            (target / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, target / part)
    return target


def shots_dir(tmp_path: Path) -> Path:
    """Where browser tests save their screenshots: $PN_SHOTS_DIR, else the test's own tmp_path."""
    target = Path(os.environ.get("PN_SHOTS_DIR") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)
    return target


def mkdocs_build(root: Path, site: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` as a user runs it, as of AS_OF."""
    env = {**os.environ, "PRIVACY_NOTICES_AS_OF": AS_OF, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site), *extra],
                          cwd=root, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo group's site, built once for the session with `mkdocs build --strict`."""
    base = tmp_path_factory.mktemp("demo-site")
    root = make_site_root(ROOT, base / "root")
    result = mkdocs_build(root, base / "site")
    assert result.returncode == 0, result.stderr
    return base / "site"


@pytest.fixture
def group(tmp_path: Path) -> Path:
    """A fresh copy of the minimal valid group, for a test to break."""
    target = tmp_path / "group"
    shutil.copytree(MINIMAL, target)
    return target


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """A fresh copy of the demo group (content/ and companies/ of the repository)."""
    target = tmp_path / "demo"
    for part in DATA_FILES:
        shutil.copytree(ROOT / part, target / part)
    return target


def edit(root: Path, relative: str, old: str, new: str) -> None:
    """Replace exactly one occurrence of ``old`` in a file of the group."""
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {relative}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def messages(root: Path, strict: bool = False, versions: bool = True) -> list[str]:
    """What `check` prints, one line per problem (``versions=False``: without the archive's checks)."""
    return [p.format() for p in check(root, strict=strict, versions=versions)[1]]


def record_all(root: Path, date: str, summary: str) -> None:
    """Record every changed document, as an editor does after a group-wide edit."""
    result = run_cli("record", "--all", "--date", date, "--summary", summary, "--root", str(root))
    assert result.returncode == 0, result.stderr


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed command as a user would."""
    env = {"PRIVACY_NOTICES_TODAY": AS_OF, **os.environ, "PYTHONIOENCODING": "utf-8"}  # never the real clock
    return subprocess.run([sys.executable, "-m", "privacy_notices", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


@pytest.fixture(scope="module")
def base_url(demo_site: Path) -> Iterator[str]:
    """The demo site served on 127.0.0.1 (per test module)."""
    from site_server import serve

    with serve(demo_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (per test module: a module that starts its own
    Playwright must not overlap with this one)."""
    from playwright.sync_api import sync_playwright
    from site_server import ARGS, CHROMIUM

    if not Path(CHROMIUM).exists():
        pytest.skip("scripts/test installs Debian's chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()
