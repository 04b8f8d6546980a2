"""`privacy-notices build`: check, then build the mkdocs site into a fresh folder and swap it in.

A failed check or build leaves the previous site untouched: mkdocs writes into a temporary
folder beside the site, which replaces the old one only when the build succeeded.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

from .dates import AS_OF_VARIABLE, epoch_of


class BuildError(Exception):
    """The site could not be built; the message says why, in Japanese."""


def build_site(root: Path, site_dir: Path, as_of: dt.date, strict: bool = False) -> None:
    """Build ``root``'s mkdocs site as of ``as_of`` into ``site_dir`` (replaced atomically)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=site_dir.parent))
    saved = {k: os.environ.get(k) for k in (AS_OF_VARIABLE, "SOURCE_DATE_EPOCH")}
    os.environ[AS_OF_VARIABLE] = as_of.isoformat()
    os.environ["SOURCE_DATE_EPOCH"] = saved["SOURCE_DATE_EPOCH"] or str(epoch_of(as_of))
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(staging), strict=strict)
        build(config)
    except (MkDocsException, SystemExit) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(f"サイトを作れませんでした: {exc}") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    _swap(staging, site_dir)


def _swap(new: Path, site_dir: Path) -> None:
    old = site_dir.with_name(site_dir.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(old)
    new.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)
