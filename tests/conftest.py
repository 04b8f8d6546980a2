from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from privacy_notices.check import check

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINIMAL = FIXTURES / "minimal"


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
    for part in ("content", "companies"):
        shutil.copytree(ROOT / part, target / part)
    return target


def edit(root: Path, relative: str, old: str, new: str) -> None:
    """Replace exactly one occurrence of ``old`` in a file of the group."""
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {relative}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def messages(root: Path, strict: bool = False) -> list[str]:
    """What `check` prints, one line per problem."""
    return [p.format() for p in check(root, strict=strict)[1]]


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed command as a user would."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "privacy_notices", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
