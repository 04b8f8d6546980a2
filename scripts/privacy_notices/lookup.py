"""Finding a company and a document by id for the commands, and the refusal they raise."""

from __future__ import annotations

from .loader import Company, Group
from .model import DocumentSpec


class RecordError(Exception):
    """A command that cannot be carried out (record, history, diff, new-company); the message says
    why and what to do, in Japanese, and the command prints it as ``error: …``."""


def company_of(group: Group, company_id: str) -> Company:
    from .joint_users import GROUP_ID, list_publisher

    publisher = list_publisher(group) if company_id == GROUP_ID and company_id not in group.companies else None
    if publisher is not None:  # the group's list of joint users (record group joint-users …)
        return publisher
    if company_id not in group.companies:
        raise RecordError(f"会社「{company_id}」はありません → 次のどれかを指定してください: "
                          + ", ".join(group.companies))
    return group.companies[company_id]


def document_of(company: Company, document: str) -> DocumentSpec:
    if document not in company.data.documents:
        raise RecordError(f"{company.id} に文書「{document}」はありません → 次のどれかを指定してください: "
                          + ", ".join(company.data.documents))
    return company.data.documents[document]
