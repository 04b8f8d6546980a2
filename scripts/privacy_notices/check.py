"""``check``: load, validate (references between files, Markdown), run the legal lint, then check the frozen versions."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .codeowners import codeowners_problems
from .errors import Problem, Severity, sort_problems
from .facts import same_facts_problems
from .lint import lint
from .loader import Group, company_files, load_group
from .markdown_fields import markdown_problems
from .references import check_references
from .render import check_templates
from .unrecorded import version_problems
from .scoped import Scoped
from .versions import Archive


def check(root: Path, strict: bool = False, versions: bool = True, as_of: dt.date | None = None,
          drafts: bool = False, since: str | None = None) -> tuple[Group | None, list[Problem]]:
    """The loaded group and every problem found; the group is usable only when no error is listed.

    ``as_of`` holds the data to the law in force on that date (for recording past revisions).
    ``drafts`` (a preview) reports unrecorded edits as warnings instead of errors.
    ``versions`` adds the archive's checks (tampered or missing frozen versions, published text
    changed without a recorded revision, documents in force on one day stating different facts); they need valid data, so they run only on it. In a git
    checkout they include git's (a frozen file that differs from its first commit, or is gone);
    ``since`` (a git ref, e.g. ``origin/main``) adds the frozen files changed since the branch left it.
    Templates are always checked: overrides that cannot be read or compiled, and (on valid data)
    any failure while rendering the pages.
    """
    with fewer_collections():
        return _check(root, strict, versions, as_of, drafts, since)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """The garbage collector run less often while a group is checked: a large group keeps hundreds of
    thousands of objects alive, which every collection walks again (15% of a 1,000-company check, issue 14).
    What ``check`` leaves as garbage is still collected, in fewer passes; the thresholds are restored after."""
    before = gc.get_threshold()
    gc.set_threshold(100_000, 50, 1000)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _check(root: Path, strict: bool, versions: bool, as_of: dt.date | None, drafts: bool,
           since: str | None) -> tuple[Group | None, list[Problem]]:
    group, problems = load_group(root)
    scoped = Scoped(root, group, Archive(root).by_company()) if group is not None else None
    if group is not None:  # check what did load (references, Markdown, the law), so the editor sees every problem at once
        problems += check_references(group, company_files(root))
        problems += markdown_problems(group, scoped)
        problems += lint(group, strict=strict, as_of=as_of, scoped=scoped)
        problems += codeowners_problems(group)
    # templates are compiled whatever the data; rendered (every page, once) only from valid data
    renderer, found = check_templates(root, group if not has_errors(problems) else None,
                                      scoped.keys if scoped is not None else None)  # the same keys: made once
    problems += found
    if renderer is not None and group is not None:
        group.notices.update(renderer.documents)
    if versions and group is not None and not has_errors(problems):
        archive = Archive(root)
        problems += version_problems(group, archive, drafts=drafts, renderer=renderer, since=since)
        problems += same_facts_problems(group, archive, drafts=drafts, scoped=scoped)  # documents in force on one day: one set of facts
    if scoped is not None:
        scoped.done()
    return group, sort_problems(problems)


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity is Severity.ERROR for p in problems)
