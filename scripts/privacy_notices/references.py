"""Checks that span files: the company register, ids, and references between records.

Each check reads the validated models and reports where the reference was written.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Iterable, Iterator

from .catalogue import catalogue
from .errors import Problem
from .forms import form_problems
from .layout import COMPANIES, GROUP_FILE
from .loader import Company, Group, Origin
from .model import Content, DocumentSpec
from .sections import section_problems


def check_references(group: Group, files: dict[str, list[Path]]) -> list[Problem]:
    problems = list(_register(group, files))
    problems += _content_references(group, group.file.defaults, group.origin("defaults"), None)
    for company in group.companies.values():
        problems += _content_references(group, company.own, Origin(company.origin("name").document, ()), company)
        problems += _documents(company)
        problems += _contacts(company)
        problems += _window(company)
    problems += _joint_uses(group)
    problems += form_problems(group)  # requests.form: one of url/file; the file itself
    return problems


def suggestion(value: str, known: Iterable[str]) -> str:
    """「xxx」の書き間違いではありませんか, or the list of what exists."""
    known = sorted(known)
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.5)
    return f"「{close[0]}」の書き間違いではありませんか" if close else "次のどれかを書いてください: " + ", ".join(known)


def _register(group: Group, files: dict[str, list[Path]]) -> Iterator[Problem]:
    listed = group.file.companies
    seen: set[str] = set()
    for i, cid in enumerate(listed):
        where = group.origin("companies", i)
        if cid in seen:
            yield where.problem(message="同じ会社が二度登録されています", found=cid, fix="一方を削除してください")
        seen.add(cid)
        if cid not in files:
            yield where.problem(message="会社のファイルがありません", found=cid,
                                fix=f"{COMPANIES}/{cid}.yaml を作るか、{suggestion(cid, files)}")
    for cid, paths in files.items():
        shown = [p.relative_to(group.root).as_posix() for p in paths]
        if len(paths) > 1:
            yield Problem(shown[1], 1, 1, "", "同じ会社のファイルが二つあります", " と ".join(shown),
                          "どちらか一方にまとめてください")
        if cid not in listed:
            yield Problem(shown[0], 1, 1, "", "グループに登録されていない会社です", cid,
                          f"{GROUP_FILE} の companies に「- {cid}」を加えてください")


def _content_references(group: Group, content: Content, where: Origin, company: Company | None) -> Iterator[Problem]:
    categories = group.file.categories
    tables = [(("purposes",), content.purposes)]
    if content.acquisition_purposes:
        tables.append((("acquisition_purposes", "rows"), content.acquisition_purposes.rows))
    for loc, table in tables:
        for category in table or {}:
            if category not in categories:
                yield Origin(where.document, where.loc + loc).problem(
                    category, at_key=True, message="知らない区分です", found=category,
                    fix=f"{suggestion(category, categories)} (区分は {GROUP_FILE} の categories に定義します)")
    tools: set[str] = set()
    for i, item in enumerate(content.external_transmissions or []):
        at = Origin(where.document, where.loc + ("external_transmissions", i))
        if item.tool in tools:
            yield at.problem("tool", message="同じ道具が二度書かれています", found=item.tool, fix="一つにまとめてください")
        tools.add(item.tool)
        inherited = group.file.defaults.external_transmissions or [] if company else []
        if item.tool not in catalogue() and item.name is None and item.tool not in {t.tool for t in inherited}:
            yield at.problem("tool", message="組み込みの一覧にない道具です", found=item.tool,
                             fix=f"{suggestion(item.tool, catalogue())}。独自の道具なら name・recipient・information・purposes を書いてください")
    if company is not None:  # a provision's tools are the company's transmissions, merged with the group's
        yield from _provision_tools(company)
    for i, section in enumerate(content.sections or []):
        at = Origin(where.document, where.loc + ("sections", i))
        if section.disabled:
            continue
        if (section.body is None) == (section.file is None) and not _inherits(group, section.id, company):
            yield at.problem(message="本文がないか、二重に書かれています", found=section.id,
                             fix="body (本文) か file (Markdown ファイル) のどちらか一方を書いてください")
        elif company is not None and _merged_twice(company, section.id):
            yield at.problem(message="グループの節と合わせると本文が二重になります", found=section.id,
                             fix="グループの節と同じ項目 (body か file) で上書きしてください")
        if section.file is not None:  # the file itself, then its Markdown
            yield from section_problems(group.root, section.file, Origin(at.document, at.loc + ("file",)))


def _provision_tools(company: Company) -> Iterator[Problem]:
    third = company.own.third_party
    used = {t.tool for t in company.data.external_transmissions or []}
    for i, provision in enumerate(third.provisions or [] if third else []):
        for j, tool in enumerate(provision.tools):
            if tool not in used:
                yield Origin(company.origin("name").document, ("third_party",)).problem(
                    "provisions", i, "tools", j, message="外部送信にない道具です", found=tool,
                    fix=f"{suggestion(tool, used)} (external_transmissions の tool)" if used
                    else "external_transmissions: にその道具を書いてください")


def _merged_twice(company: Company, section_id: str) -> bool:
    merged = next((s for s in company.data.sections or [] if s.id == section_id), None)
    return merged is not None and merged.body is not None and merged.file is not None


def _inherits(group: Group, section_id: str, company: Company | None) -> bool:
    return company is not None and any(s.id == section_id for s in group.file.defaults.sections or [])


def _documents(company: Company) -> Iterator[Problem]:
    for doc_id, spec in company.own.documents.items():
        yield from _history(company.origin("documents"), doc_id, spec)


def _history(where: Origin, doc_id: str, spec: DocumentSpec) -> Iterator[Problem]:
    for i, (before, after) in enumerate(zip(spec.history, spec.history[1:]), start=1):
        if after.date > before.date:
            continue
        if after.date == before.date:
            message, fix = "同じ日付の改定が二つあります", "一つにまとめるか、日付を直してください"
        else:
            message, fix = "改定が日付の順に並んでいません", f"古い順に並べてください (直前は {before.date.isoformat()})"
        yield where.problem(doc_id, "history", i, "date", message=message, found=after.date.isoformat(), fix=fix)


def _contacts(company: Company) -> Iterator[Problem]:
    seen: set[str] = set()
    for i, contact in enumerate(company.own.contacts):
        if contact.id in seen:
            yield company.origin("contacts").problem(i, "id", message="同じ id の窓口が二つあります",
                                                     found=contact.id, fix="別の id にしてください")
        seen.add(contact.id)


def _window(company: Company) -> Iterator[Problem]:
    requests = company.data.requests
    contacts = {c.id for c in company.data.contacts}
    if requests is not None and requests.window is not None and requests.window not in contacts:
        yield company.origin("requests").problem(
            "window", message="知らない窓口です", found=requests.window,
            fix=f"{suggestion(requests.window, contacts)} ({company.origin('name').document.path} の contacts の id)")


def _joint_uses(group: Group) -> Iterator[Problem]:
    known = group.file.companies
    seen: set[str] = set()
    for i, use in enumerate(group.file.joint_uses):
        at = group.origin("joint_uses", i)
        if use.id in seen:
            yield at.problem("id", message="同じ id の共同利用が二つあります", found=use.id, fix="別の id にしてください")
        seen.add(use.id)
        if use.responsible not in known:
            yield at.problem("responsible", message="知らない会社です", found=use.responsible,
                             fix=suggestion(use.responsible, known))
        for j, cid in enumerate(use.participants or []):
            if cid not in known:
                yield at.problem("participants", j, message="知らない会社です", found=cid, fix=suggestion(cid, known))
