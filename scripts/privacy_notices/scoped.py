"""What ``check`` finds in one company, kept between runs: a company whose inputs did not change is not checked again.

Three of the checks read one company at a time: its Markdown (markdown_fields.py), the facts its documents
state on each day (facts.py) and the legal lint's company rules (lint/). On a group of 1,000 companies they
are a third of a check that found its parsed files kept (issue 14: within 3 s). Each company's results are
kept under ``.cache/privacy-notices/scoped/`` (signed, as :mod:`.parsed`'s), keyed by what they read
(:func:`.rendered.page_keys`): the package, every file of ``content/`` and ``templates/`` and the company's
own file; for the facts, the company's frozen files (their SHA-256 in the manifest) and today's date; for
the lint, the files of the companies a joint use names too (the lint's company rules read none: the rules
that compare companies are group rules, run every time) and today's date (a date may not be too far
ahead). Same results with or without the cache, which is safe to delete.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .dates import today_in_tokyo
from .layout import CACHE_DIR
from .loader import Company, Group
from .parsed import ParsedCache
from .render import environment
from .rendered import page_keys

DIRECTORY = f"{CACHE_DIR}/scoped"


class Scoped:
    """The kept results of a group's company-scoped checks, for one run of ``check``."""

    def __init__(self, root: Path, group: Group, frozen: dict[str, str]) -> None:
        self.keys = page_keys(root, group, dt.date.max, environment(root))
        self.frozen = frozen
        """Each company's frozen files, as :meth:`.versions.Archive.by_company` states them."""
        self.cache = ParsedCache(root, DIRECTORY)
        self.today = today_in_tokyo().isoformat()

    def get(self, check: str, company: Company, make: Callable[[], Any]) -> Any:
        """``make()`` for ``company`` (a list of problems, or a mapping of them), or what it gave before on the same inputs."""
        keys = self.keys[company.id]
        if check == "lint":
            parts: tuple[str, ...] = (keys.pages, self.today)
        elif check == "facts":
            parts = (keys.own, self.today, self.frozen.get(company.id, ""))
        else:
            parts = (keys.own,)
        return self.cache.get("\0".join(parts).encode("utf-8", "surrogatepass"), ("scoped", check), make)

    def done(self) -> None:
        """Drop the entries this run did not use (earlier states of the companies)."""
        self.cache.prune()
