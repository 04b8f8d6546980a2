"""The hash chain of a document's versions, and the group's head over all of them.

Each document's versions form a chain (:func:`chain_link`) and the chains of all documents one
group head (:func:`group_head`); both are derived from the manifest when the site is built and
published in ``versions.json``, so a tracker outside the group notices when history is rewritten
(README.md, "For trackers"; DECISIONS.md 23).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

GENESIS = "0" * 64
"""The chain value before a document's first version."""


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def chain_link(previous: str, md: str, data: str, day: dt.date) -> str:
    """``sha256(previous + md + data + YYYY-MM-DD)``, all lowercase hex, as ASCII (README, "For trackers")."""
    return digest(f"{previous}{md}{data}{day.isoformat()}".encode("ascii"))


def group_head(chains: dict[str, str]) -> str:
    """One value over every document's last chain value: ``sha256`` of the lines
    ``<company>/<document> <chain>\\n``, sorted by ``<company>/<document>``."""
    return digest("".join(f"{key} {chains[key]}\n" for key in sorted(chains)).encode("utf-8"))


@dataclass(frozen=True)
class Link:
    """One version in its document's hash chain."""

    date: dt.date
    md: str
    """SHA-256 of the frozen ``.md`` (from the manifest)."""
    json: str
    """SHA-256 of the frozen ``.json``."""
    chain: str
    amended: dt.date | None = None
    """The day of the amendment this link is (None: the version as first announced)."""
