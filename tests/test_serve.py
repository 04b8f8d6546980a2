"""`mkdocs serve` regenerates the notices when an editor saves a YAML file."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest

from conftest import AS_OF, MINIMAL, edit, make_site_root


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=3) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, TimeoutError, ConnectionError):
        return ""


def wait_for(url: str, text: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in fetch(url):
            return
        time.sleep(0.3)
    raise AssertionError(f"{text!r} did not appear at {url} within {seconds} s")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    root = make_site_root(MINIMAL, tmp_path / "root")
    port = free_port()
    env = {**os.environ, "PRIVACY_NOTICES_AS_OF": AS_OF, "NO_MKDOCS_2_WARNING": "1"}
    with (tmp_path / "serve.log").open("w", encoding="utf-8") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=root, env=env, stdout=log, stderr=log)
        try:
            yield root, f"http://127.0.0.1:{port}"
        finally:
            server.terminate()
            server.wait(timeout=10)


def test_yaml_edit_reaches_the_served_page(served: tuple[Path, str]) -> None:
    root, base = served
    wait_for(base + "/alpha/policy/", "株式会社アルファ")
    edit(root, "companies/alpha.yaml", "name: 株式会社アルファ", "name: 株式会社アルファ新社")
    wait_for(base + "/alpha/policy/", "株式会社アルファ新社")


def test_serve_recovers_after_a_broken_edit(served: tuple[Path, str]) -> None:
    root, base = served
    wait_for(base + "/beta/policy/", "会員の管理のため")
    edit(root, "companies/beta.yaml", "representative:", "representatve:")
    time.sleep(2)
    edit(root, "companies/beta.yaml", "representatve:", "representative:")
    edit(root, "companies/beta.yaml", "会員の管理のため", "会員情報の管理のため")
    wait_for(base + "/beta/policy/", "会員情報の管理のため")
