"""The resolved data of a company's notice, as plain JSON: what a frozen version records.

It is what the notice states after merging and resolving references (joint users by name,
the responsible company's name, address and representative, category labels, catalogue
tools completed), so that two versions can be compared field by field long after the
group's data or templates have changed.
"""

from __future__ import annotations

from typing import Any

from .loader import Company, Group


IDENTITY = {"name", "short_name", "postcode", "address", "representative", "privacy_officer", "date_style",
            "self_reference"}
SHOWN: dict[str, set[str] | None] = {
    "policy": None,
    "handling": None,
    "consent": IDENTITY | {"collected_information", "acquisition_methods", "purposes", "acquisition_purposes",
                           "third_party", "outsourcing", "requests", "contacts", "sections"},
    "cookies": IDENTITY | {"external_transmissions", "cookies", "contacts"},
    "joint_use": IDENTITY,
}
"""The data each kind of document shows (None: all of it); a version records only that, so its
change summary never reports a change the document does not show."""


def resolved_data(group: Group, company: Company, document: str) -> dict[str, Any]:
    """JSON-serialisable data of ``company``'s ``document`` (keys sorted when dumped)."""
    from .joint_users import GROUP_ID, list_data

    if company.id == GROUP_ID and company.id not in group.companies:  # the group's list of joint users
        return list_data(group)
    spec = company.data.documents[document]
    shown = SHOWN[spec.template]
    data = company.data.model_dump(mode="json", exclude_none=True, include=shown,
                                   exclude={"documents", "owners", "omit"})
    omitted = [path for path in company.data.omit if shown is None or path.split(".")[0] in shown]
    if omitted:  # the group defaults this company removed (omit:): a change summary names them
        data["omit"] = omitted
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
                       if company.id in group.participants(use) and spec.template in ("policy", "handling", "joint_use")],
    }


def _joint_use(group: Group, use: Any) -> dict[str, Any]:
    responsible = group.companies.get(use.responsible)
    who = responsible.data if responsible else None
    # listing: document: the notice states the scope and links to the list, which names the members
    # (so a new company changes the list's data, not every notice's); "table" is left out as before
    members = {"listing": "document"} if use.listing == "document" else {
        "members": [group.companies[c].data.name for c in group.participants(use) if c in group.companies]}
    return {
        **use.model_dump(mode="json", exclude_none=True, exclude={"participants", "listing"}),
        **members,
        "responsible": {
            "id": use.responsible,
            "name": who.name if who else None,
            "address": who.address if who else None,
            "representative": who.representative.model_dump() if who and who.representative else None,
        },
    }
