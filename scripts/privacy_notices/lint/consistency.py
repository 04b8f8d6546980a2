"""Legal rules of issue 11, part 1: statements that contradict the data next to them, requests that no
one can make, contacts no one can reach, and joint use whose scope is wrong.

The rules register themselves in :data:`privacy_notices.lint.table.RULES` (``lint/__init__.py`` imports this module).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Iterator

from ..errors import Problem, Severity, shown
from .places import covers, foreign_place, stated_names
from .table import APPI_2020_AMENDMENT, field_origin, group_rule, missing, rule
from ..loader import Company, Group, Origin

FOREIGN_FORM = re.compile(r"(?<![A-Za-z])(?:Inc\.|LLC|Ltd\.|Limited|Corporation|Corp\.|GmbH|Pte\.|S\.A\.|B\.V\.|PLC)")


def foreign(text: str) -> str | None:
    """A foreign place (lint/places.py), or a foreign company's legal form, named in ``text``."""
    if place := foreign_place(text):
        return place
    return m.group(0) if (m := FOREIGN_FORM.search(text)) else None

OTHERS = re.compile(r"第三者|外部|社外|他社|当社以外|弊社以外|自社以外|グループ外|(?:他|その他|ほか)の(?:会社|事業者|企業|団体|法人|者)")
GIVE = re.compile(r"提供|開示|渡|譲渡|販売|売却|共有|貸与|預け")
NEVER = re.compile(r"(?:ありません|ございません|いたしません|致しません|しません|しておりません|行いません|"
                   r"行っておりません|いたしておりません|ないものとします|一切(?:ない|なし))")


def never_provided(text: str) -> str | None:
    """The sentence of ``text`` that says personal information goes to no one else (someone else, a verb of
    giving, a negation), or None."""
    for sentence in re.split(r"(?<=[。\n])", text):
        if OTHERS.search(sentence) and GIVE.search(sentence) and NEVER.search(sentence):
            return sentence.strip()
    return None





def _company_doc(company: Company) -> Origin:
    return company.origin("name")


# --- contradictions inside a notice ---------------------------------------------------------------


@rule("third-party-never", "第三者提供の原則の文と、同意に基づく提供 (provisions) が合っていること",
      "個人情報保護法27条1項、32条1項2号 (公表した内容と事実の一致)")
def _never_provided(group: Group, company: Company) -> Iterator[Problem]:
    third = company.data.third_party
    if third is None or not third.provisions or not third.statement:
        return
    said = never_provided(third.statement)
    if said and "同意" not in third.statement:
        yield field_origin(group, company, "third_party", "statement").problem(
            message="第三者に提供しないと書いていますが、同意に基づく提供 (provisions) があります",
            found=shown(said),
            fix="「ご本人の同意がある場合と法令に基づく場合を除き、第三者に提供しません」のように provisions と合う文にしてください")


NEGATED = re.compile(r"しません|しない|ありません|いたしません|行いません|禁止|禁じ|持ち出さ|移転させ")
"""A sentence that names a foreign place to exclude it (「海外には持ち出しません」) places nothing abroad."""


def _foreign(text: str) -> str | None:
    """The foreign place a text puts personal data in, sentence by sentence, negated sentences left out."""
    for sentence in re.split(r"[。\n]", text):
        if (word := foreign(sentence)) and not NEGATED.search(sentence):
            return word
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
        if word := _foreign(provision.recipient):
            where = field_origin(group, company, "third_party", "provisions")
            yield Origin(where.document, where.loc + (i, "recipient")), word


@rule("abroad-contradiction", "外国での取扱い (abroad) と、外国の委託先・提供先・保存先が合っていること (取り扱わないとしていないこと、取り扱う国に書かれていること)",
      "個人情報保護法28条・施行規則17条、ガイドライン通則編10-7 (外的環境の把握)", since=APPI_2020_AMENDMENT)
def _abroad_contradiction(group: Group, company: Company) -> Iterator[Problem]:
    abroad = company.data.abroad
    if abroad is None:
        return
    if abroad.handled:
        yield from _unlisted_countries(group, company)
        return
    fix = "外国で取り扱うなら abroad: を handled: true にし、countries: に国名・制度 (system)・措置 (measures) を書いてください"
    if abroad.countries:
        yield company.origin("abroad").problem(
            "handled", message="外国で取り扱わない (handled: false) としていますが、取り扱う国が書かれています",
            found=", ".join(c.name for c in abroad.countries), fix=fix)
    for where, word in _abroad_mentions(group, company):
        yield where.problem(message="外国で取り扱わない (abroad の handled: false) としていますが、外国が出てきます",
                            found=word, fix=fix)


def _unlisted_countries(group: Group, company: Company) -> Iterator[Problem]:
    """A contractor, recipient or storage in a country (or a city of one) that ``abroad.countries`` leaves out."""
    stated = stated_names(company.data.abroad)
    for where, word in _abroad_mentions(group, company):
        if covers(stated, word) is False:
            yield where.problem(message="外国で取り扱う国 (abroad の countries) に、委託先・提供先・保存先の国がありません",
                                found=word, fix="abroad: の countries: にその国の名称・制度 (system)・措置 (measures) を加えてください")


AMOUNT = re.compile(r"([0-9０-９〇一二三四五六七八九十百千万,，]+)\s*円|[¥￥]\s*([0-9０-９][0-9０-９,，]*)")
KANJI_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")}
KANJI_UNITS = {"十": 10, "百": 100, "千": 1000}


def yen_value(written: str) -> int | None:
    """「1,500」「１５００」「千五百」「1千5百」「二万」 -> the integer; None for what is not a number."""
    text = unicodedata.normalize("NFKC", written).replace(",", "")
    if text.isdigit():
        return int(text)
    total = section = digit = 0
    for ch in text:
        if ch.isdigit() or ch in KANJI_DIGITS:
            digit = digit * 10 + (int(ch) if ch.isdigit() else KANJI_DIGITS[ch])
        elif ch in KANJI_UNITS:
            section += (digit or 1) * KANJI_UNITS[ch]
            digit = 0
        elif ch == "万":
            total += (section + digit or 1) * 10_000
            section = digit = 0
        else:
            return None
    return total + section + digit


def _amounts(text: str) -> list[int]:
    found = (yen_value(m.group(1) or m.group(2)) for m in AMOUNT.finditer(text))
    return [yen for yen in found if yen is not None]


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
    if requests is not None and requests.free_of_charge and requests.fees:
        yield field_origin(group, company, "requests", "free_of_charge").problem(
            message="手数料をいただかない (free_of_charge: true) と書きながら、fees に手数料を書いています",
            fix="無料なら fees を消し (グループ共通の手数料なら omit: に「- requests.fees」と書き)、"
                "手数料をいただくなら free_of_charge を消してください")
    if requests is None or requests.accepted is None:
        return
    for kind in set(requests.accepted) & set(requests.not_accepted):
        yield field_origin(group, company, "requests", "not_accepted").problem(
            kind, at_key=True, message="受け付ける請求 (accepted) を、受け付けない請求 (not_accepted) にも書いています",
            found=kind, fix="どちらか一方にしてください")
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


AGENT = re.compile(r"代理人|委任状|代理権")


@rule("order-12-identity", "開示等の請求で本人 (代理人) であることを確かめる方法",
      "個人情報保護法32条1項3号・37条1項・3項、施行令12条3号・13条")
def _identity(group: Group, company: Company) -> Iterator[Problem]:
    requests = company.data.requests
    if requests is None or not requests.how_to_apply:
        return  # no procedure described: appi-32-requests speaks for it
    documents = requests.identity_documents
    described = any(IDENTITY.search(step) for step in requests.how_to_apply)
    if not (documents and (documents.principal or documents.legal_agent or documents.proxy)) and not described:
        yield missing(field_origin(group, company, "requests", "how_to_apply"), item="本人確認の方法",
                      fix="identity_documents: に本人・代理人の確認書類を書くか、how_to_apply: に本人確認の方法を書いてください")
    elif documents and not (documents.legal_agent or documents.proxy) \
            and not any(AGENT.search(step) for step in requests.how_to_apply):
        yield missing(field_origin(group, company, "requests", "identity_documents"), item="代理人による請求での確認の方法",
                      fix="identity_documents: に legal_agent (法定代理人) と proxy (委任による代理人) の確認書類を書いてください"
                          " (開示等の請求は代理人もできます: 37条3項・施行令13条)")


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


RESPONSIBLE = re.compile(r"責任")


@group_rule("joint-use-statement-responsible", "共同利用の補足の文が、管理について責任を有する者 (responsible) と同じ会社を名指すこと",
            "個人情報保護法27条5項3号 (公表した内容と事実の一致)")
def _statement_responsible(group: Group) -> Iterator[Problem]:
    for i, use in enumerate(group.file.joint_uses):
        responsible = group.companies.get(use.responsible)
        if responsible is None or not use.statement:
            continue
        names = {cid: c.data.name for cid, c in group.companies.items()}
        for sentence in re.split(r"(?<=。)", use.statement):
            named = [cid for cid, name in names.items() if name in sentence]
            if RESPONSIBLE.search(sentence) and named and use.responsible not in named:
                yield group.origin("joint_uses", i, "statement").problem(
                    message="補足の文が、管理について責任を有する会社 (responsible) と違う会社を責任者として名指しています",
                    found=f"文: {names[named[0]]}、responsible: {responsible.data.name}",
                    fix="responsible: と補足の文の会社をそろえてください")


# --- the group's list of joint users (共同して利用する者の一覧, joint_users.py) ------------------------------

JOINT_TABLE_LIMIT = 10
"""Above this many companies, ``participants: all`` with the names in every notice is a warning: each new
company would need a revision of every participant's notices (the list document needs one)."""


@group_rule("joint-use-listing-document", "共同利用: listing: document のときの範囲の説明 (scope) と一覧 (joint_users)",
            "個人情報保護法27条5項3号 (共同して利用する者の範囲)")
def _listing_document(group: Group) -> Iterator[Problem]:
    from ..joint_users import GROUP_ID

    for i, use in enumerate(group.file.joint_uses):
        if use.listing != "document":
            continue
        at = group.origin("joint_uses", i)
        if group.file.joint_users is None:
            yield at.problem("listing", message="共同して利用する者の一覧 (joint_users) がありません", found=use.id,
                             fix="content/group.yaml に joint_users: を書き、history: に一覧の制定の日付と概要を書いてください。"
                                 "各社の文書に会社名を載せるときは listing: table にしてください")
        if use.scope is None:
            yield at.problem("listing", message="共同して利用する者の範囲の説明 (scope) が書かれていません", found=use.id,
                             fix="scope: に範囲を説明する文を書いてください (例: 当社および当社の連結子会社)。"
                                 "各社の文書にはこの文と一覧へのリンクが載ります")
    if group.file.joint_users is not None and GROUP_ID in group.file.companies:
        yield group.origin("companies", group.file.companies.index(GROUP_ID)).problem(
            message=f"会社の id「{GROUP_ID}」は、共同して利用する者の一覧のページ (/{GROUP_ID}/joint-users/) に使われています",
            found=GROUP_ID, fix="会社のファイルと companies: の id を別の名前にしてください")


@group_rule("joint-users-unused", "共同して利用する者の一覧: 載せる共同利用があること", "推奨", Severity.WARNING)
def _list_unused(group: Group) -> Iterator[Problem]:
    if group.file.joint_users is not None and not any(u.listing == "document" for u in group.file.joint_uses):
        yield group.origin("joint_users").problem(
            message="共同して利用する者の一覧 (joint_users) に載せる共同利用がありません",
            fix="一覧を使う共同利用に listing: document と scope: を書いてください")


@group_rule("joint-use-all-table", "共同利用: 会社の多いグループでは participants: all の会社名を一覧に載せること",
            "推奨", Severity.WARNING)
def _all_in_every_notice(group: Group) -> Iterator[Problem]:
    if len(group.file.companies) <= JOINT_TABLE_LIMIT:
        return
    for i, use in enumerate(group.file.joint_uses):
        if use.participants is None and use.listing == "table":
            yield group.origin("joint_uses", i).problem(
                "participants", message="participants: all の共同利用の会社名を、参加する全社の文書に載せています",
                found=f"{len(group.file.companies)}社",
                fix="会社を加えるたびに全社の文書の改定が要ります。listing: document と scope: を書き、"
                    "会社名は共同して利用する者の一覧 (joint_users) に載せてください")
