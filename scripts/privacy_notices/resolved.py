"""The resolved data of a company's notice, as plain JSON: what a frozen version records.

It is what the notice states after merging and resolving references (joint users by name,
the responsible company's name, address and representative, category labels, catalogue
tools completed), so that two versions can be compared field by field long after the
group's data or templates have changed.
"""

from __future__ import annotations

from typing import Any

from .lint import participants
from .loader import Company, Group


def resolved_data(group: Group, company: Company, document: str) -> dict[str, Any]:
    """JSON-serialisable data of ``company``'s ``document`` (keys sorted when dumped)."""
    data = company.data.model_dump(mode="json", exclude_none=True)
    data.pop("documents", None)
    spec = company.data.documents[document]
    return {
        "company": company.id,
        "document": document,
        "title": spec.title,
        "template": spec.template,
        "intro": spec.intro,
        "group": group.file.name,
        "categories": {cid: c.label for cid, c in group.file.categories.items()},
        "data": data,
        "joint_uses": [_joint_use(group, use) for use in group.file.joint_uses
                       if company.id in participants(group, use)],
    }


def _joint_use(group: Group, use: Any) -> dict[str, Any]:
    members = [group.companies[c].data.name for c in participants(group, use) if c in group.companies]
    responsible = group.companies.get(use.responsible)
    who = responsible.data if responsible else None
    return {
        **use.model_dump(mode="json", exclude_none=True, exclude={"participants"}),
        "members": members,
        "responsible": {
            "id": use.responsible,
            "name": who.name if who else None,
            "address": who.address if who else None,
            "representative": who.representative.model_dump() if who and who.representative else None,
        },
    }
