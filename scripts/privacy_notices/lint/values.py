"""Legal rules of issue 11, part 2: values that state nothing (placeholders, vague periods, hollow
security measures), sensitive personal information without consent, and JIS Q 15001's policy.

The rules register themselves in :data:`privacy_notices.lint.table.RULES` (``lint/__init__.py`` imports this module).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache
from typing import Any, Iterator

from pydantic_core import to_jsonable_python

from ..dates import today_in_tokyo
from ..errors import Problem, Severity, shown
from .collection import keyed_origin
from .table import APPI_2020_AMENDMENT, JIS_BASIS, entry_origin, field_origin, group_rule, missing, rule
from ..loader import Company, Group, Origin
from ..model import SELF_REFERENCE
from ..validate import key_path
from ..yamlio import Document

PLACEHOLDER = re.compile(r"未定|調整中|検討中|確認中|要確認|要記入|記入予定|TBD|TBA|T\.B\.D|TODO|FIXME|ダミー|ここに入力|"
                         r"後日(?:記載|追記|掲載|記入|決定|お知らせ)|追って(?:記載|掲載|お知らせ)|【[^】]*(?:記入|入力|未定|確認|仮)[^】]*】|"
                         r"[(（]仮[)）]|(?<![A-Za-z])[xX]{3,}(?![A-Za-z])|[○〇●◯×△□■＊]{2,}|[○〇●◯][年月日]|\?\?\?|＿{3,}|_{3,}")
"""Words and marks an editor leaves where the real value is not known yet (《…》 is validate.py's)."""
NOT_PUBLISHED = ("tool", "id", "template", "roles", "window", "responsible", "participants", "owners", "file",
                 "website", "email", "number", "postcode")
"""Keys whose values are identifiers, links or numbers, checked elsewhere."""


def published_strings(value: Any, loc: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every string a notice publishes in ``value`` (YAML data or a model dump), with its path; identifiers,
    links and numbers (NOT_PUBLISHED, ``*_url``) are left out."""
    if isinstance(value, dict):
        for key, item in value.items():
            if not (isinstance(key, str) and (key in NOT_PUBLISHED or key.endswith("_url"))):
                yield from published_strings(item, loc + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from published_strings(item, loc + (i,))
    elif isinstance(value, str):
        yield loc, value


def _walk(document: Document) -> Iterator[Problem]:
    for loc, value in published_strings(document.data):
        if word := placeholder(value):
            line, col = document.position(loc)
            yield Problem(document.path, line, col, key_path(loc), "仮の値・あいまいな値のまま公表しようとしています",
                          f"「{word}」: {shown(value)}", "公表できる実際の内容を書いてください (決まっていない項目は書かずにおきます)")


@lru_cache(maxsize=65536)  # pure: a group's defaults are the same text in every company (issue 14)
def placeholder(value: str) -> str | None:
    """The placeholder in ``value`` (compared in NFKC: ＸＸＸ is xxx), or the whole value when it holds no letter
    or digit at all (「―」「…」「-」 stand for something not written yet)."""
    if m := PLACEHOLDER.search(unicodedata.normalize("NFKC", value)):
        return m.group(0)
    if value.strip() and not any(unicodedata.category(ch)[0] in "LN" for ch in value):
        return value.strip()
    return None


@group_rule("placeholder", "公表する値が仮の値 (未定・調整中・TBD・xxx・○○・●● など) でないこと",
            "個人情報保護法21条・32条1項、電気通信事業法27条の12 (仮の値では記載したことになりません)")
def _placeholders(group: Group) -> Iterator[Problem]:
    yield from _walk(group.document)
    for company in group.companies.values():
        yield from _walk(company.origin("name").document)


PERIOD = re.compile(r"[0-9０-９一二三四五六七八九十百]+\s*(?:年|か月|ヶ月|カ月|ケ月|箇月|月|週間|週|日|時間)|まで|終了|満了|"
                    r"解約|退職|退会|無期限|永久|永年|法令で定め|法令の定め")
"""A retention period: a length of time, or the event that ends it."""


@rule("retention-period", "保存期間の各行に、期間 (長さか、終わる時) が書かれていること",
      "個人情報保護法22条 (利用する必要がなくなったときの消去) 「推奨」", severity=Severity.WARNING)
def _retention(group: Group, company: Company) -> Iterator[Problem]:
    for i, row in enumerate(company.data.retention or []):
        if not PERIOD.search(row.period):
            where = company.origin("retention")
            yield Origin(where.document, where.loc + (i, "period")).problem(
                message="保存期間が期間として書かれていません", found=shown(row.period),
                fix="「取得から5年」「契約の終了まで」のように、期間の長さか終わる時を書いてください")


CORE_MEASURES = ("organizational", "human", "physical", "technical")


@rule("order-10-1-security-categories", "安全管理措置の組織的・人的・物理的・技術的な措置 (外的環境の把握だけでは足りません)",
      "個人情報保護法施行令10条1号、ガイドライン通則編3-8-1・10", since=APPI_2020_AMENDMENT)
def _security_categories(group: Group, company: Company) -> Iterator[Problem]:
    measures = company.data.security_measures
    if measures is None or not any(getattr(measures, k) for k in type(measures).model_fields if k != "intro"):
        return  # nothing at all: order-10-1-security speaks for it
    if not any(getattr(measures, k) for k in CORE_MEASURES):
        yield missing(field_origin(group, company, "security_measures", "organizational"),
                      item="組織的・人的・物理的・技術的安全管理措置",
                      fix="security_measures: に organizational・human・physical・technical の措置を書いてください")


# --- 要配慮個人情報 (Art. 2(3), 20(2)) -------------------------------------------------------------------

SENSITIVE = re.compile(
    r"人種|信条|宗教|思想|社会的身分|病歴|既往歴|既往症|病名|病気|疾病|傷病|受診歴|通院歴|服薬|犯罪の経歴|前科|前歴|"
    r"犯罪により害を被った|犯罪被害|身体障害|知的障害|精神障害|発達障害|障害の有無|障害者|障がい|心身の機能の障害|"
    r"健康診断の結果|健康診断等の結果|健診の結果|ストレスチェックの結果|診療|調剤|逮捕|差押え|被疑者|被告人|刑事事件|"
    r"少年の保護事件|遺伝子検査|ゲノム|持病|服用|服薬|投薬|処方|お薬|薬歴|治療|入院|手術|障害者手帳|療育手帳|"
    r"精神保健|介護認定|要介護|健康上の情報|心身の状態|起訴|勾留|刑事")
"""Words naming a category of 要配慮個人情報 (Art. 2(3), 施行令2条, 施行規則5条)."""
CONSENT = re.compile(r"同意")
SHOWS_PURPOSES = ("policy", "handling", "consent")
SINCE_SENSITIVE = dt.date(2017, 5, 30)
"""要配慮個人情報 entered the law with the 2015 amendment, in force on 2017-05-30."""


def _consent_stated(company: Company, template: str, intro: str | None) -> bool:
    texts = [intro or ""] + [s.body or "" for s in company.data.sections or []
                             if not s.disabled and template in s.documents]
    texts += [n for cell in (company.data.purposes or {}).values() for n in cell.notes]
    return any(CONSENT.search(t) and ("要配慮" in t or SENSITIVE.search(t)) for t in texts)


def _sensitive_message(word: str) -> str:
    return f"要配慮個人情報に当たる「{word}」を取り扱うのに、本人の同意を得ることが書かれていません"


SENSITIVE_FIX = "この文書に載る節 (sections) か注記 (notes) に「要配慮個人情報は、あらかじめご本人の同意を得て取得します」と書いてください"


@rule("appi-20-2-sensitive", "要配慮個人情報を取得・利用するときの本人の同意", "個人情報保護法2条3項・20条2項",
      since=SINCE_SENSITIVE)
def _sensitive(group: Group, company: Company) -> Iterator[Problem]:
    lacking = [doc_id for doc_id, spec in company.data.documents.items()
               if spec.template in SHOWS_PURPOSES and not _consent_stated(company, spec.template, spec.intro)]
    if not lacking:
        return
    tables = [("purposes", company.data.purposes or {})]
    if company.data.acquisition_purposes:
        tables.append(("acquisition_purposes", company.data.acquisition_purposes.rows))
    for name, table in tables:
        for category, cell in table.items():
            for purpose in cell.every_purpose():
                if m := SENSITIVE.search(purpose.text):
                    where = entry_origin(group, company, "purposes", category) if name == "purposes" \
                        else Origin(company.origin(name).document, company.origin(name).loc + ("rows", category))
                    yield where.problem(message=_sensitive_message(m.group(0)),
                                        found=f"{lacking[0]}: {shown(purpose.text)}", fix=SENSITIVE_FIX)
    for kind in company.data.collected_information or []:  # 取得する個人情報の項目
        for j, item in enumerate(kind.items):
            if m := SENSITIVE.search(item):
                where = keyed_origin(group, company, "collected_information", kind.id)
                yield where.problem("items", j, message=_sensitive_message(m.group(0)),
                                    found=f"{lacking[0]}: {shown(item)}", fix=SENSITIVE_FIX)


@group_rule("appi-20-2-sensitive-joint-use", "共同利用する要配慮個人情報についての本人の同意", "個人情報保護法2条3項・20条2項",
            since=SINCE_SENSITIVE)
def _sensitive_joint_use(group: Group) -> Iterator[Problem]:
    for i, use in enumerate(group.file.joint_uses):
        if use.statement and CONSENT.search(use.statement):
            continue
        for key, values in (("items", use.items), ("purposes", use.purposes)):
            for j, text in enumerate(values):
                if m := SENSITIVE.search(text):
                    yield group.origin("joint_uses", i, key, j).problem(
                        message=_sensitive_message(m.group(0)), found=shown(text),
                        fix="statement: に、要配慮個人情報はご本人の同意を得て取得し共同利用することを書いてください")


# --- JIS Q 15001: the personal information protection policy ------------------------------------------

COMMITMENTS = {
    "目的外利用をしないこと": r"目的",
    "法令・規範の遵守": r"法令|法律|規範|指針",
    "漏えい等の防止と是正": r"漏えい|漏洩|滅失|毀損|き損",
    "苦情・相談への対応": r"苦情|相談",
    "継続的な改善": r"改善|見直",
}


@rule("jis-policy-commitments", "個人情報保護方針の宣言文の約束 (目的外利用の禁止・法令遵守・漏えい防止・苦情対応・継続的改善)",
      f"{JIS_BASIS} 5.2", jis=True)
def _commitments(group: Group, company: Company) -> Iterator[Problem]:
    text = company.data.declaration
    if not text or not any(spec.template == "policy" for spec in company.data.documents.values()):
        return  # no declaration written: the policy shows none, and there is nothing to weigh
    for label, pattern in COMMITMENTS.items():
        if not re.search(pattern, text):
            yield missing(company.origin("declaration"), item=f"個人情報保護方針の宣言文に「{label}」の約束",
                          fix="declaration: にその約束を一文加えてください")


# --- dates a year's typo produced -----------------------------------------------------------------------

FIRST_POLICIES = dt.date(1999, 3, 20)
"""JIS Q 15001 の初版の制定日: 個人情報保護方針がこれより前に制定されたことはありません。"""
AHEAD_YEARS = 2


def _dated(company: Company) -> Iterator[tuple[Origin, dt.date]]:
    for doc_id, spec in company.own.documents.items():
        for i, revision in enumerate(spec.history):
            yield Origin(company.origin("documents").document, ("documents", doc_id, "history", i, "date")), revision.date


@rule("revision-date-too-early", "制定・改定の日付が、1999年の JIS Q 15001 制定より後であること",
      "年の打ち間違いの検出 (個人情報保護方針は JIS Q 15001 (1999-03-20) より前にはありません)")
def _too_early(group: Group, company: Company) -> Iterator[Problem]:
    for where, day in _dated(company):
        if day < FIRST_POLICIES:
            yield where.problem(message="制定・改定の日付が、個人情報保護方針というものがなかった頃の日付です",
                                found=day.isoformat(), fix="年を確かめてください (例: 1916 → 2016)")


@rule("revision-date-far-ahead", f"制定・改定の日付が、今日から{AHEAD_YEARS}年先までにあること",
      f"年の打ち間違いの検出 (record も{AHEAD_YEARS}年より先の施行日は --far-future で確かめます) 「推奨」", Severity.WARNING)
def _far_ahead(group: Group, company: Company) -> Iterator[Problem]:
    today = today_in_tokyo()
    ahead = today.replace(year=today.year + AHEAD_YEARS, day=min(today.day, 28))
    for where, day in _dated(company):
        if day > ahead:
            yield where.problem(message=f"制定・改定の日付が、今日から{AHEAD_YEARS}年より先です", found=day.isoformat(),
                                fix="年を確かめてください (例: 2042 → 2024)")


# --- the company's self-reference in inherited prose ------------------------------------------------------

SELF_WORDS = re.compile(r"当社|弊社|当組合|当法人|当協会|当財団|当機構|本施設|当施設|当院|当行|当金庫|当校")
"""How notices name their publisher (当社グループ included: it names the publisher's group)."""


@rule("self-reference", "文書の中の自らの呼び方 (self_reference) と、文書に載る文の呼び方が同じであること",
      "読み手の誤解の防止 (文書の主体を一つの呼び方で示します) 「推奨」", Severity.WARNING)
def _self_reference(group: Group, company: Company) -> Iterator[Problem]:
    we = company.data.self_reference or SELF_REFERENCE
    for name in type(company.data).model_fields:
        if name in ("documents", "owners", "omit", "name", "short_name"):
            continue
        for path, text, word in _self_words(group, name, getattr(company.data, name)):
            if word != we:
                where = company.origin(name)
                yield where.problem(message=f"自らを「{we}」と呼ぶ文書に、「{word}」と書いた文が載ります",
                                    found=f"{company.id}: {key_path(path)}: {shown(text)}",
                                    fix=f"会社のファイルでこの項目を「{we}」の文に書き直してください (グループ共通の文なら、会社のファイルに同じ項目を書いて上書きします)")
                break  # one problem per field: the editor rewrites the field as a whole


_SEARCHED: dict[tuple[str, int], tuple[Any, list[tuple[tuple[str | int, ...], str, str]]]] = {}
"""Field name and id of its value -> (the value, kept so that its id is not reused; its strings holding a self-word),
for the group last linted (_SEARCHED_IN)."""
_SEARCHED_IN: list[Group] = []


def _self_words(group: Group, name: str, value: Any) -> list[tuple[tuple[str | int, ...], str, str]]:
    """(path, string, its first self-word) of every published string of a field's value that has one, in order.

    A value the company inherits from the group's defaults is the same object in every company: it is
    searched once, not once per company (issue 14: 340,000 strings in a group of 1,000 companies)."""
    if not _SEARCHED_IN or _SEARCHED_IN[0] is not group:
        _SEARCHED.clear()
        _SEARCHED_IN[:] = [group]
    key = (name, id(value))
    found = _SEARCHED.get(key)
    if found is not None and found[0] is value:
        return found[1]
    words = [(path, text, word) for path, text in published_strings(to_jsonable_python(value), (name,))
             if (word := _self_word(text))]
    _SEARCHED[key] = (value, words)
    return words


@lru_cache(maxsize=65536)  # pure: the group's defaults are searched once, not once per company (issue 14)
def _self_word(text: str) -> str | None:
    """The first of SELF_WORDS in ``text`` (None when there is none)."""
    m = SELF_WORDS.search(text)
    return m.group(0) if m else None
