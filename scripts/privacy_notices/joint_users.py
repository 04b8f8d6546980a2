"""The group's list of joint users (共同して利用する者の一覧): one versioned document for the whole group.

A joint use with ``listing: document`` states its scope as a description (``scope``, e.g.
「当社および当社の連結子会社」) in each company's notice, with a link to this list, instead of a table of
every company's name. The list is published once, by the group, and versioned like any company
document: it is the document ``joint-users`` of the reserved publisher ``group`` (versions under
``versions/group/joint-users/``, pages under ``/group/joint-users/``, recorded with
``privacy-notices record group joint-users …``). Its history is written in ``content/group.yaml``
(``joint_users.history``). Adding a company then changes one document, the list, and not every notice.

The publisher is a :class:`~.loader.Company` built from the group's data, so the version model,
the record command, the pages, feeds and comparisons serve it without knowing it is not a company;
it is never one of ``group.companies`` (the legal lint of companies does not apply to it).
"""

from __future__ import annotations

from typing import Any

from .loader import Company, Group, Origin
from .model import CompanyFile, DocumentSpec, JointUse

GROUP_ID = "group"
"""The reserved publisher id of the group's own documents (a company may not take it while the list exists)."""
DOCUMENT_ID = "joint-users"
TEMPLATE = "joint_users"
LIST_PAGE = f"{GROUP_ID}/{DOCUMENT_ID}/index.md"
"""The list's page (the version in force), relative to the site's root."""
FROM_NOTICE = f"../../{LIST_PAGE}"
"""The list's page as a company notice links to it: notices live at ``<company>/<document>/*.md``."""


def listed(group: Group) -> list[JointUse]:
    """The joint uses whose joint users are published in the list (``listing: document``)."""
    return [use for use in group.file.joint_uses if use.listing == "document"]


def list_publisher(group: Group) -> Company | None:
    """The group as the publisher of its list of joint users (None when ``joint_users`` is not written)."""
    doc = group.file.joint_users
    if doc is None:
        return None
    spec = DocumentSpec.model_construct(title=doc.title, template=TEMPLATE, date_style=doc.date_style,
                                        intro=doc.intro, history=doc.history)
    data = CompanyFile.model_construct(name=group.file.name, date_style=group.file.defaults.date_style,
                                       documents={DOCUMENT_ID: spec}, contacts=[], owners=[])
    where = _ListOrigin(group.document, ("joint_users",))
    origins: dict[str, Origin] = {name: where for name in CompanyFile.model_fields}
    return Company(GROUP_ID, data, data, origins)


def publishers(group: Group) -> list[Company]:
    """Every publisher of versioned documents: the companies, then the group's list when it exists."""
    found = list(group.companies.values())
    publisher = list_publisher(group)
    return found + [publisher] if publisher is not None else found


class _ListOrigin(Origin):
    """``documents.<id>.history`` of a company is ``joint_users.history`` in the group file: the
    document id a check appends after ``documents`` is dropped."""

    def problem(self, *sub: str | int, at_key: bool = False, **kw: Any) -> Any:
        if sub and sub[0] == DOCUMENT_ID:
            sub = sub[1:]
        return super().problem(*sub, at_key=at_key, **kw)


def list_data(group: Group) -> dict[str, Any]:
    """The list's resolved data, as a frozen version records it (the shape of ``resolved_data``)."""
    doc = group.file.joint_users
    assert doc is not None
    return {
        "company": GROUP_ID,
        "document": DOCUMENT_ID,
        "title": doc.title,
        "template": TEMPLATE,
        "intro": doc.intro,
        "group": group.file.name,
        "data": {"name": group.file.name},
        "joint_uses": [{"id": use.id, "title": use.title, **({"scope": use.scope} if use.scope else {}),
                        "members": [group.companies[c].data.name for c in group.participants(use)
                                    if c in group.companies]}
                       for use in listed(group)],
    }


NOTICES = ("policy", "handling", "joint_use")
"""The kinds of document that show the joint uses a company takes part in (as ``resolved_data``)."""


def list_in_force_problems(group: Group, archive: Any, drafts: bool = False) -> list[Any]:
    """A notice that links to the list must find it in force, naming the company, on the notice's date.

    The latest recorded version of each notice whose frozen text links to the list is held to the list's version in force on its date: none yet (the list is enacted later),
    or one that does not name the company (a new company whose notice takes effect before the list's
    revision adding it)."""
    from .errors import Severity

    uses = listed(group)
    publisher = list_publisher(group)
    if not uses or publisher is None:
        return []
    history = {r.date: r for r in publisher.data.documents[DOCUMENT_ID].history}
    dates = [d for d in archive.dates(GROUP_ID, DOCUMENT_ID) if not (d in history and history[d].withdrawn)]
    title = publisher.data.documents[DOCUMENT_ID].title
    severity = Severity.WARNING if drafts else Severity.ERROR
    found = []
    for company in group.companies.values():
        mine = [use for use in uses if company.id in group.participants(use)]
        if not mine:
            continue
        for doc_id, spec in company.data.documents.items():
            kept = [r for r in spec.history if not r.withdrawn]
            if spec.template not in NOTICES or not kept:
                continue
            day = kept[-1].date
            notice = archive.latest(company.id, doc_id, day)
            if not dates or not archive.exists(notice) or FROM_NOTICE not in archive.text(notice):
                continue  # no list yet (a revision not recorded), or a notice as published without the link
            where = company.origin("documents")
            earlier = [d for d in dates if d <= day]
            if not earlier:
                found.append(where.problem(
                    doc_id, "history", len(spec.history) - 1,
                    message=f"「{title}」がこの文書の施行日にはまだ施行されていません",
                    found=f"{company.id}/{doc_id} の施行日 {day.isoformat()}、一覧の最初の版 {dates[0].isoformat()}",
                    fix=f"この文書の改定の施行日を {dates[0].isoformat()} 以後にするか、一覧を {day.isoformat()} 以前に"
                        "制定してください (各社の文書は一覧にリンクします)", severity=severity))
                continue
            data = archive.data(archive.latest(GROUP_ID, DOCUMENT_ID, earlier[-1]))
            members = {u.get("id"): u.get("members", []) for u in data.get("joint_uses", []) if isinstance(u, dict)}
            for use in mine:
                if company.data.name not in members.get(use.id, []):
                    found.append(where.problem(
                        doc_id, "history", len(spec.history) - 1,
                        message=f"この文書の施行日に施行されている「{title}」に、この会社が載っていません",
                        found=f"{company.id}/{doc_id} の施行日 {day.isoformat()}、"
                              f"一覧の {earlier[-1].isoformat()} の版 (共同利用 {use.id})",
                        fix=f"この会社を加えた一覧の改定を {day.isoformat()} 以前の施行日で記録してください"
                            f" (privacy-notices record {GROUP_ID} {DOCUMENT_ID} --date YYYY-MM-DD --summary …)",
                        severity=severity))
    return found
