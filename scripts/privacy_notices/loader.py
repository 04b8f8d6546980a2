"""Load a group's repository: read every file, validate it against the model, and merge.

References between files (the company register, ids, categories) and the editors' Markdown are
checked by the next stage, ``check`` (``references.py``, ``markdown_fields.py``).

The result is a :class:`Group` whose companies carry their merged data and remember, for
every top-level field, the file and key it came from, so that later checks (the legal lint)
can point at the right line.
"""

from __future__ import annotations

import datetime as dt

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .catalogue import complete
from .errors import Problem
from .layout import COMPANIES, COMPANY_FILE, GROUP_FILE
from .merge import merge_content, omit_problems, without
from .model import SELF_REFERENCE, CompanyFile, Content, GroupFile, JointUse
from .parsed import ParsedCache
from .validate import key_path, validate
from .yamlio import Document, read_yaml

__all__ = ["GROUP_FILE", "Company", "Group", "Origin", "load_group"]  # GROUP_FILE: named in layout.py


@dataclass(frozen=True)
class Origin:
    """Where a value was written: a parsed file and the key path inside it."""

    document: Document
    loc: tuple[str | int, ...]

    def problem(self, *sub: str | int, at_key: bool = False, **kw: Any) -> Problem:
        """A problem located at ``loc + sub`` (or the nearest key that exists)."""
        loc = self.loc + sub
        line, col = self.document.position(loc, at_key=at_key)
        return Problem(self.document.path, line, col, key_path(loc), **kw)


@dataclass(frozen=True)
class Company:
    """A group company with the group's defaults merged into its own data."""

    id: str
    data: CompanyFile
    """The merged data: what the company's notices state."""
    own: CompanyFile
    """What the company's file itself says, before the group's defaults."""
    origins: dict[str, Origin]
    """Top-level field -> where its value was written (company file or group defaults)."""

    def origin(self, name: str) -> Origin:
        return self.origins[name]


@dataclass(frozen=True)
class Group:
    """The whole validated group."""

    root: Path
    file: GroupFile
    document: Document
    companies: dict[str, Company] = field(default_factory=dict)
    notices: dict[tuple[str, str, tuple[dt.date, ...]], str] = field(default_factory=dict, compare=False, repr=False)
    """Each notice as ``check`` rendered it from this data, by company, document and the dates of the revisions
    it states: the site's preview of unrecorded edits (mkdocs serve) reads them instead of rendering again."""

    def origin(self, *loc: str | int) -> Origin:
        return Origin(self.document, tuple(loc))

    def participants(self, use: JointUse) -> list[str]:
        """The ids of the companies taking part in a joint use, in the group's order (the scope
        of joint users is derived from them, never typed twice)."""
        if use.participants is None:
            return list(self.file.companies)
        chosen = set(use.participants)
        return [cid for cid in self.file.companies if cid in chosen]


def company_files(root: Path) -> dict[str, list[Path]]:
    """Company id -> the files that define it (more than one is an error)."""
    found: dict[str, list[Path]] = {}
    base = root / COMPANIES
    for path in sorted(base.glob("*.yaml")) + sorted(base.glob(f"*/{COMPANY_FILE}")):
        cid = path.stem if path.name != COMPANY_FILE else path.parent.name
        found.setdefault(cid, []).append(path)
    return found


def read_model(root: Path, path: Path, model: type[Any],
               cache: ParsedCache | None = None) -> tuple[Document | None, Any, list[Problem]]:
    """The file parsed and validated (kept in ``cache`` by its bytes: parsed.py)."""
    shown_as = path.relative_to(root).as_posix()
    if cache is None:
        return _read_model(path, shown_as, model, None)
    raw = path.read_bytes()
    return cache.get(raw, (model.__name__, shown_as), lambda: _read_model(path, shown_as, model, raw))


def _read_model(path: Path, shown_as: str, model: type[Any],
                raw: bytes | None) -> tuple[Document | None, Any, list[Problem]]:
    document, problems = read_yaml(path, shown_as, raw)
    if document is None:
        return None, None, problems
    data, problems = validate(document, model)
    return document, data, problems


def load_group(root: Path) -> tuple[Group | None, list[Problem]]:
    """Read and validate everything under ``root``; the group is None when nothing usable remains."""
    group_path = root / GROUP_FILE
    if not group_path.is_file():
        return None, [Problem(GROUP_FILE, 1, 1, "", "グループのファイルがありません", None,
                              f"{GROUP_FILE} を作り、name・companies・categories を書いてください")]
    cache = ParsedCache(root)
    group_doc, group_file, problems = read_model(root, group_path, GroupFile, cache)
    companies: dict[str, Company] = {}
    for cid, paths in company_files(root).items():
        for path in paths:
            document, data, found = read_model(root, path, CompanyFile, cache)
            problems += found
            if data is not None and document is not None:
                if group_file is not None and data.omit:
                    problems += omit_problems(data, group_file.defaults, document)
                companies.setdefault(cid, _resolve(cid, data, document, group_file, group_doc))
    cache.prune()  # the entries of files edited since
    if group_file is None or group_doc is None:
        return None, problems
    order = {cid: i for i, cid in enumerate(group_file.companies)}  # the group's display order
    companies = dict(sorted(companies.items(), key=lambda item: (order.get(item[0], len(order)), item[0])))
    return Group(root, group_file, group_doc, companies), problems


def _resolve(cid: str, own: CompanyFile, document: Document,
             group: GroupFile | None, group_doc: Document | None) -> Company:
    defaults = without(group.defaults if group else Content(), own.omit)  # omit: removed before the merge
    merged = merge_content(defaults, own)
    if merged["external_transmissions"] is not None:
        we = merged["self_reference"] or SELF_REFERENCE  # the catalogue's 当社 in the company's words
        merged["external_transmissions"] = [complete(t, we) for t in merged["external_transmissions"]]
    origins = {name: Origin(document, (name,)) for name in CompanyFile.model_fields}
    for name in Content.model_fields:  # an inherited value points at the group's defaults
        if name not in own.model_fields_set and group_doc is not None and getattr(defaults, name) is not None:
            origins[name] = Origin(group_doc, ("defaults", name))
    for i, path in enumerate(own.omit):  # a removed field points at the line that removed it
        if path in Content.model_fields and path not in own.model_fields_set:
            origins[path] = Origin(document, ("omit", i))
    return Company(cid, own.model_copy(update=merged), own, origins)
