"""``check``'s part of decision 31: ids in ``structure.order`` and references ``[](#id)`` that name nothing.

A reference is judged in each notice it is rendered in (a group-wide text may name a section one
company's notice lacks); it is reported where it is written: the company's file, else the group's
file, else a section file, at the line of ``](#id)``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from .errors import Problem
from .structure import BUILT_IN, normal
from .validate import key_path
from .yamlio import Document

if TYPE_CHECKING:
    from .loader import Group
    from .render import Renderer

UNKNOWN_ORDER = "節の識別子がありません"
UNKNOWN_REFERENCE = "参照先の節・項目がこの文書にありません"


def structure_problems(group: Group, renderer: Renderer) -> list[Problem]:
    """Unknown ids in ``order`` and references to nothing, in every notice the renderer rendered."""
    return _order_problems(group, renderer) + _reference_problems(group, renderer)


def _known(group: Group, renderer: Renderer) -> list[str]:
    known = set(BUILT_IN) | {f"joint-use-{u.id}" for u in group.file.joint_uses}
    for section in group.file.defaults.sections or []:
        known.add(normal(section.id))
    for company in group.companies.values():
        known |= {normal(s.id) for s in company.data.sections or []}
    for arranged in renderer.arranged.values():
        known |= {normal(i) for i in arranged.sections}
    return sorted(known)


def _order_problems(group: Group, renderer: Renderer) -> list[Problem]:
    known = _known(group, renderer)
    fix = "次の識別子から選んでください: " + ", ".join(known)
    problems = []
    for kind in type(group.file.structure).model_fields:
        structure = getattr(group.file.structure, kind)
        for i, ident in enumerate(structure.order if structure else []):
            if normal(ident) not in known:
                problems.append(group.origin("structure", kind, "order", i).problem(
                    message=UNKNOWN_ORDER, found=ident, fix=fix))
    for company in group.companies.values():
        for doc_id, spec in company.own.documents.items():
            for i, ident in enumerate(spec.structure.order if spec.structure else []):
                if normal(ident) not in known:
                    problems.append(company.origin("documents").problem(
                        doc_id, "structure", "order", i, message=UNKNOWN_ORDER, found=ident, fix=fix))
    return problems


def _reference_problems(group: Group, renderer: Renderer) -> list[Problem]:
    found: dict[tuple[str, int, int, str], Problem] = {}
    sources: dict[str, str] = {}
    for (cid, doc_id, _dates), arranged in renderer.arranged.items():
        if not arranged.unresolved:
            continue
        company = group.companies[cid]
        spec = company.data.documents[doc_id]
        documents = [company.origin("name").document, group.document]
        files = [f"content/{s.file}" for s in company.data.sections or [] if s.file]
        ids = ", ".join(sorted(arranged.labels)) or "(なし)"
        for ident in arranged.unresolved:
            where = _locate(group.root, f"](#{ident})", documents, files, sources)
            path, line, column, key = where or (documents[0].path, 1, 1, "")
            problem = Problem(path, line, column, key, UNKNOWN_REFERENCE,
                              f"#{ident}、{company.data.name}の「{spec.title}」",
                              f"この文書にある識別子を [](#識別子) の形で書いてください: {ids}")
            found.setdefault((path, line, column, ident), problem)
    return list(found.values())


def _locate(root: Path, needle: str, documents: Iterable[Document], files: Iterable[str],
            sources: dict[str, str]) -> tuple[str, int, int, str] | None:
    """The first place ``needle`` is written: a YAML file (with the key it is under) or a section file."""
    for document in documents:
        at = _find(root, document.path, needle, sources)
        if at:
            return document.path, *at, _key(document, at)
    for path in files:
        at = _find(root, path, needle, sources)
        if at:
            return path, *at, ""
    return None


def _find(root: Path, path: str, needle: str, sources: dict[str, str]) -> tuple[int, int] | None:
    if path not in sources:
        try:
            sources[path] = (root / path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            sources[path] = ""
    text = sources[path]
    at = text.find(needle)
    if at < 0:
        return None
    start = text.rfind("[", 0, at + 1)  # the reference's own [
    return text.count("\n", 0, start) + 1, start - (text.rfind("\n", 0, start) + 1) + 1


def _key(document: Document, at: tuple[int, int]) -> str:
    """The key path of the value that holds the position ``at``: the last one that starts before it."""
    before = [(position, loc) for loc, position in document.values.items() if position <= at]
    return key_path(max(before, key=lambda p: (p[0], len(p[1])))[1]) if before else ""
