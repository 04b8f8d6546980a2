"""Legal rules of issue 11, part 1: statements that contradict the data next to them, requests that no
one can make, contacts no one can reach, and joint use whose scope is wrong.

The rules register themselves in :data:`privacy_notices.lint.table.RULES` (``lint/__init__.py`` imports this module).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from ..errors import Problem, shown
from .table import APPI_2020_AMENDMENT, field_origin, group_rule, missing, rule
from ..loader import Company, Group, Origin

FOREIGN = re.compile(
    r"外国|海外|国外|米国|アメリカ|中国|中華人民共和国|韓国|大韓民国|台湾|香港|シンガポール|ベトナム|フィリピン|インドネシア|"
    r"インド|マレーシア|タイ王国|英国|イギリス|ドイツ|フランス|アイルランド|オランダ|スイス|スウェーデン|ベルギー|カナダ|"
    r"オーストラリア|ニュージーランド|ブラジル|メキシコ|欧州|EU 域内|EEA|"
    r"\b(?:Inc\.|LLC|Ltd\.|Limited|Corporation|Corp\.|GmbH|Pte\.|S\.A\.|B\.V\.|PLC)")
"""A foreign place, or a foreign company's legal form, named in a value."""

NEVER_PROVIDED = re.compile(
    r"(?:第三者|外部|社外|他社)(?:に|へ)(?:は)?(?:一切)?(?:提供|開示)(?:すること|いたすこと|致すこと)?(?:は)?(?:一切)?"
    r"(?:ありません|ございません|いたしません|致しません|しません|しておりません|行いません|行っておりません)"
    r"|第三者提供(?:は|を)(?:一切)?(?:行って(?:おり)?ません|行いません|いたしません|しておりません|しません)")
"""A statement that nothing is provided to third parties, in the wordings notices use."""


def _company_doc(company: Company) -> Origin:
    return company.origin("name")


# --- contradictions inside a notice ---------------------------------------------------------------


@rule("third-party-never", "第三者提供の原則の文と、同意に基づく提供 (provisions) が合っていること",
      "個人情報保護法27条1項、32条1項2号 (公表した内容と事実の一致)")
def _never_provided(group: Group, company: Company) -> Iterator[Problem]:
    third = company.data.third_party
    if third is None or not third.provisions or not third.statement:
        return
    said = NEVER_PROVIDED.search(third.statement)
    if said and "同意" not in third.statement:
        yield field_origin(group, company, "third_party", "statement").problem(
            message="第三者に提供しないと書いていますが、同意に基づく提供 (provisions) があります",
            found=said.group(0),
            fix="「ご本人の同意がある場合と法令に基づく場合を除き、第三者に提供しません」のように provisions と合う文にしてください")


NEGATED = re.compile(r"しません|しない|ありません|いたしません|行いません|禁止|禁じ|持ち出さ|移転させ")
"""A sentence that names a foreign place to exclude it (「海外には持ち出しません」) places nothing abroad."""


def _foreign(text: str) -> str | None:
    """The foreign place a text puts personal data in, sentence by sentence, negated sentences left out."""
    for sentence in re.split(r"[。\n]", text):
        if (m := FOREIGN.search(sentence)) and not NEGATED.search(sentence):
            return m.group(0)
    return None


def _abroad_mentions(group: Group, company: Company) -> Iterator[tuple[Origin, str]]:
    """Values that place personal data abroad: contractors, recipients of provisions, storage."""
    outsourcing = company.data.outsourcing
    if outsourcing is not None:
        examples = field_origin(group, company, "outsourcing", "examples")
        for i, example in enumerate(outsourcing.examples):
            if word := _foreign(example):
                yield Origin(examples.document, examples.loc + (i,)), word
        if outsourcing.statement and (word := _foreign(outsourcing.statement)):
            yield field_origin(group, company, "outsourcing", "statement"), word
    third = company.data.third_party
    for i, provision in enumerate(third.provisions or [] if third else []):
        if m := FOREIGN.search(provision.recipient):
            where = field_origin(group, company, "third_party", "provisions")
            yield Origin(where.document, where.loc + (i, "recipient")), m.group(0)


@rule("abroad-contradiction", "外国で取り扱わない (handled: false) とする文と、外国の委託先・提供先・保存先が合っていること",
      "個人情報保護法28条・施行規則17条、ガイドライン通則編10-7 (外的環境の把握)", since=APPI_2020_AMENDMENT)
def _abroad_contradiction(group: Group, company: Company) -> Iterator[Problem]:
    abroad = company.data.abroad
    if abroad is None or abroad.handled:
        return
    fix = "外国で取り扱うなら abroad: を handled: true にし、countries: に国名・制度 (system)・措置 (measures) を書いてください"
    if abroad.countries:
        yield company.origin("abroad").problem(
            "handled", message="外国で取り扱わない (handled: false) としていますが、取り扱う国が書かれています",
            found=", ".join(c.name for c in abroad.countries), fix=fix)
    for where, word in _abroad_mentions(group, company):
        yield where.problem(message="外国で取り扱わない (abroad の handled: false) としていますが、外国が出てきます",
                            found=word, fix=fix)


AMOUNT = re.compile(r"([0-9０-９][0-9０-９,，]*)\s*円|[¥￥]\s*([0-9０-９][0-9０-９,，]*)")


def _amounts(text: str) -> list[int]:
    table = str.maketrans("０１２３４５６７８９", "0123456789", ",，")
    return [int((m.group(1) or m.group(2)).translate(table)) for m in AMOUNT.finditer(text)]


@rule("fee-prose", "手数料の額 (amount) と、同じ節の文に書いた金額が合っていること", "個人情報保護法32条1項3号・38条")
def _fee_prose(group: Group, company: Company) -> Iterator[Problem]:
    requests = company.data.requests
    if requests is None:
        return
    amounts = {fee.amount for fee in requests.fees if fee.amount is not None}
    texts = [("payment", requests.payment or "")] + [("how_to_apply", t) for t in requests.how_to_apply]
    for key, text in texts:
        for yen in _amounts(text):
            if yen not in amounts:
                yield field_origin(group, company, "requests", key).problem(
                    message="文に書いた手数料の額が、fees の amount と違います",
                    found=f"文中 {yen:,}円、amount {', '.join(f'{a:,}円' for a in sorted(amounts)) or 'なし'}",
                    fix="fees: の amount と文の金額をそろえてください")


_KIND_WORDS = {
    "third_party_record": "第三者提供記録",
    "purpose_notice": "利用目的の通知",
    "correction": "訂正",
    "suspension": "利用停止",
    "third_party_stop": "第三者提供の停止",
}
REFUSED = "[^。]*?(?:応じ|受け付け|お受けし|対応し|対応いたし|対応致し)(?:ておりません|ません|られません|かねます|いたしません|できません)"


@rule("requests-contradiction", "受け付ける請求 (accepted) と、手数料・文の記載が合っていること",
      "個人情報保護法32条1項3号・33条5項", since=APPI_2020_AMENDMENT)
def _requests_contradiction(group: Group, company: Company) -> Iterator[Problem]:
    requests = company.data.requests
    if requests is None or requests.accepted is None:
        return
    for i, fee in enumerate(requests.fees):
        for kind in fee.requests:
            if kind not in requests.accepted:
                yield field_origin(group, company, "requests", "fees").problem(
                    i, "requests", message="手数料がかかる請求に、受け付けない請求が入っています", found=kind,
                    fix=f"accepted: に「- {kind}」を加えるか、この手数料から外してください")
    texts = [("refusal_grounds", t) for t in requests.refusal_grounds] + \
            [("how_to_apply", t) for t in requests.how_to_apply] + [("payment", requests.payment or "")]
    for kind, word in _KIND_WORDS.items():
        for key, text in texts:
            said = re.search(re.escape(word) + REFUSED, text)
            if said and kind in requests.accepted:
                yield field_origin(group, company, "requests", key).problem(
                    message="受け付ける請求 (accepted) にあるのに、文では応じないと書いています", found=shown(said.group(0)),
                    fix=f"{word}の請求には応じる義務があります。文を直してください")


# --- 開示等の請求: identity, reachable desks --------------------------------------------------------


IDENTITY = re.compile(r"本人確認|本人であること|本人であるか|ご本人の確認|身分証|運転免許証|マイナンバーカード|パスポート|"
                      r"健康保険証|住民票|印鑑登録証明|委任状|代理権")


@rule("order-12-identity", "開示等の請求で本人 (代理人) であることを確かめる方法",
      "個人情報保護法32条1項3号・37条1項、施行令12条3号")
def _identity(group: Group, company: Company) -> Iterator[Problem]:
    requests = company.data.requests
    if requests is None or not requests.how_to_apply:
        return  # no procedure described: appi-32-requests speaks for it
    documents = requests.identity_documents
    if documents and (documents.principal or documents.legal_agent or documents.proxy):
        return
    if not any(IDENTITY.search(step) for step in requests.how_to_apply):
        yield missing(field_origin(group, company, "requests", "how_to_apply"), item="本人確認の方法",
                      fix="identity_documents: に本人・代理人の確認書類を書くか、how_to_apply: に本人確認の方法を書いてください")


@rule("contact-reachable", "苦情の申出先・開示等の請求の窓口に連絡する方法 (電話・メール・フォーム・郵送先)",
      "個人情報保護法施行令10条2号、32条1項3号・37条1項")
def _reachable(group: Group, company: Company) -> Iterator[Problem]:
    window = company.data.requests.window if company.data.requests else None
    for i, contact in enumerate(company.data.contacts):
        if not ({"complaints", "disclosure"} & set(contact.roles) or contact.id == window):
            continue
        if not (contact.phones or contact.email or contact.form_url or contact.address):
            yield missing(Origin(_company_doc(company).document, ("contacts", i)),
                          item=f"窓口「{contact.department}」への連絡の方法 (電話・メール・フォーム・郵送先)",
                          fix="phones:、email:、form_url:、address: のどれかを書いてください")


# --- joint use ---------------------------------------------------------------------------------------


@group_rule("joint-use-responsible-member", "共同利用: 管理について責任を有する者が共同して利用する者に含まれること",
            "個人情報保護法27条5項3号")
def _responsible_member(group: Group) -> Iterator[Problem]:
    for i, use in enumerate(group.file.joint_uses):
        if use.responsible in group.companies and use.responsible not in group.participants(use):
            yield group.origin("joint_uses", i, "responsible").problem(
                message="管理について責任を有する会社が、共同して利用する者に含まれていません", found=use.responsible,
                fix=f"participants: に「- {use.responsible}」を加えるか、responsible: を参加する会社にしてください")


NOTICES_WITH_JOINT_USE = ("policy", "handling", "joint_use")
"""Templates that show the joint uses a company takes part in (resolved.py)."""


@group_rule("joint-use-notified", "共同利用: 参加する各社の文書が共同利用を示していること",
            "個人情報保護法27条5項3号 (あらかじめ本人に通知し、又は本人が容易に知り得る状態に置く)")
def _joint_notified(group: Group) -> Iterator[Problem]:
    for use in group.file.joint_uses:
        for cid in group.participants(use):
            company = group.companies.get(cid)
            if company is None:
                continue
            if not any(spec.template in NOTICES_WITH_JOINT_USE for spec in company.data.documents.values()):
                yield Origin(_company_doc(company).document, ("documents",)).problem(
                    message="共同利用に参加していますが、共同利用を載せる文書がありません",
                    found=f"{use.id}: {company.data.name}",
                    fix="template: policy・handling・joint_use のどれかの文書を加えるか、participants: から外してください")


APPI_PROMULGATED = dt.date(2003, 5, 30)
"""個人情報保護法の公布の日: 共同利用の開始がこれより前なら、年の打ち間違いです。"""


@group_rule("joint-use-started-date", "共同利用を始めた日が、それを知らせる文書の改定の日付の範囲にあること",
            "個人情報保護法27条5項3号 (あらかじめ本人に通知し、又は本人が容易に知り得る状態に置く)")
def _started_date(group: Group) -> Iterator[Problem]:
    for i, use in enumerate(group.file.joint_uses):
        if use.started is None:
            continue
        dates = [rev.date for cid in group.participants(use) if cid in group.companies
                 for spec in group.companies[cid].data.documents.values() if spec.template in NOTICES_WITH_JOINT_USE
                 for rev in spec.history]
        latest = max(dates, default=None)
        if use.started < APPI_PROMULGATED or (latest is not None and use.started > latest):
            yield group.origin("joint_uses", i, "started").problem(
                message="共同利用を始めた日が、それを知らせる文書のどの改定よりも後か、個人情報保護法の公布 (2003-05-30) より前です",
                found=use.started.isoformat(),
                fix=f"年を確かめてください (知らせる文書の最新の改定は {latest.isoformat() if latest else 'なし'})。"
                    "始める前に、その日付の改定を記録して知らせます")
