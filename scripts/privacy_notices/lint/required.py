"""The items the law requires a notice to state (APPI Art. 32, Enforcement Order Art. 10, Art. 28, 43,
27(5)(iii), the Telecommunications Business Act's 27条の12), one rule each, with its article."""

from __future__ import annotations

from typing import Iterator

from ..errors import Problem, Severity
from .table import (APPI_2020_AMENDMENT, JIS_BASIS, TBA_EXTERNAL_TRANSMISSION, entry_origin, group_rule, missing,
                         rule)
from ..labels import REQUEST_SHORT
from ..layout import COMPANIES
from ..loader import Company, Group, Origin
from ..model import JointUse


# --- APPI Art. 32(1) and Enforcement Order Art. 10: 保有個人データに関する事項 ----------------------


@rule("appi-32-address", "事業者の住所", "個人情報保護法32条1項1号")
def _address(group: Group, company: Company) -> Iterator[Problem]:
    if not company.data.address:
        yield missing(company.origin("name"), item="住所", fix="address: に本店の所在地を書いてください")


@rule("appi-32-representative", "代表者の氏名", "個人情報保護法32条1項1号")
def _representative(group: Group, company: Company) -> Iterator[Problem]:
    if company.data.representative is None:
        yield missing(company.origin("name"), item="代表者の氏名",
                      fix="representative: の下に title (役職) と name (氏名) を書いてください")


@rule("appi-32-purposes", "全ての保有個人データの利用目的", "個人情報保護法32条1項2号")
def _purposes(group: Group, company: Company) -> Iterator[Problem]:
    purposes = company.data.purposes
    if not purposes:
        yield missing(company.origin("purposes"), item="利用目的",
                      fix="purposes: に区分ごとの利用目的を書いてください")
        return
    for category, cell in purposes.items():
        if not cell.every_purpose():
            yield missing(entry_origin(group, company, "purposes", category), item=f"区分「{category}」の利用目的",
                          fix="items: に利用目的を一つ以上書くか、この区分を削除してください")


@rule("appi-32-requests", "開示等の請求に応じる手続", "個人情報保護法32条1項3号")
def _requests(group: Group, company: Company) -> Iterator[Problem]:
    requests = company.data.requests
    if requests is None:
        yield missing(company.origin("requests"), item="開示等の請求の手続",
                      fix="requests: に受け付ける請求 (accepted) と窓口 (window) を書いてください")
    elif requests.window is None:
        yield missing(company.origin("requests"), item="開示等の請求の受付窓口",
                      fix="window: に contacts の id を書いてください")


_REQUEST_BASIS = {kind: (REQUEST_SHORT[kind], article) for kind, article in {
    "purpose_notice": "32条2項",
    "disclosure": "33条1項",
    "correction": "34条1項",
    "suspension": "35条1項・5項",
    "third_party_stop": "35条3項",
}.items()}


def _missing_kinds(company: Company, kinds: dict[str, tuple[str, str]]) -> Iterator[Problem]:
    requests = company.data.requests
    for kind, (label, article) in kinds.items() if requests is not None else ():
        if kind not in (requests.accepted or []) and kind not in requests.not_accepted:
            yield missing(company.origin("requests"), "accepted", item=f"「{label}」の請求 ({article})",
                          fix=f"accepted: に「- {kind}」を加えるか、受け付けない理由を not_accepted: に"
                              f"「{kind}: 理由」と書いてください")


@rule("appi-32-request-kinds", "受け付ける請求の種類", "個人情報保護法32条1項3号")
def _request_kinds(group: Group, company: Company) -> Iterator[Problem]:
    yield from _missing_kinds(company, _REQUEST_BASIS)


@rule("appi-33-5-records", "第三者提供記録の開示の請求", "個人情報保護法32条1項3号・33条5項",
      since=APPI_2020_AMENDMENT)
def _third_party_records(group: Group, company: Company) -> Iterator[Problem]:
    yield from _missing_kinds(company, {"third_party_record": (REQUEST_SHORT["third_party_record"], "33条5項")})


@rule("appi-32-fee", "手数料の額 (手数料を取るとき)", "個人情報保護法32条1項3号・38条")
def _fee(group: Group, company: Company) -> Iterator[Problem]:
    for i, fee in enumerate(company.data.requests.fees if company.data.requests else []):
        if fee.amount is None:
            yield missing(company.origin("requests"), "fees", i, item="手数料の額",
                          fix="amount: に金額を半角数字で書いてください (例: 1000)")


@rule("order-10-1-security", "安全管理のために講じた措置", "個人情報保護法施行令10条1号", since=APPI_2020_AMENDMENT)
def _security(group: Group, company: Company) -> Iterator[Problem]:
    measures = company.data.security_measures
    filled = measures and any(getattr(measures, k) for k in type(measures).model_fields if k != "intro")
    if not filled:
        yield missing(company.origin("security_measures"), item="安全管理措置",
                      fix="security_measures: に organizational (組織的) などの措置を書いてください")


@rule("order-10-2-complaints", "苦情の申出先", "個人情報保護法施行令10条2号")
def _complaints(group: Group, company: Company) -> Iterator[Problem]:
    if not any("complaints" in c.roles for c in company.data.contacts):
        yield missing(company.origin("contacts"), item="苦情の申出先",
                      fix="contacts: のどれかの roles に「- complaints」を加えてください")


@rule("order-10-3-certified", "認定個人情報保護団体の名称と苦情の解決の申出先 (対象事業者のとき)",
      "個人情報保護法施行令10条3号")
def _certified(group: Group, company: Company) -> Iterator[Problem]:
    org = company.data.certified_organization
    if org is not None and not org.desk:
        yield missing(company.origin("certified_organization"), item="認定個人情報保護団体の苦情の解決の申出先",
                      fix="desk: に申出先の名称を書いてください")


@rule("officer", "個人情報保護管理者", JIS_BASIS, jis=True)
def _officer(group: Group, company: Company) -> Iterator[Problem]:
    if company.data.privacy_officer is None:
        yield missing(company.origin("name"), item="個人情報保護管理者",
                      fix="privacy_officer: の下に title と name を書いてください")


# --- Art. 28 and the guideline's 外的環境の把握 --------------------------------------------------


@rule("abroad-stated", "外国での取扱いの有無", "ガイドライン通則編10-7 (外的環境の把握)", Severity.WARNING,
      since=APPI_2020_AMENDMENT)
def _abroad_stated(group: Group, company: Company) -> Iterator[Problem]:
    if company.data.abroad is None:
        yield missing(company.origin("abroad"), item="外国での取扱いの有無",
                      fix="abroad: に handled: false (取り扱わない) か、取り扱う国を書いてください")


@rule("abroad-countries", "個人データを取り扱う外国の名称", "個人情報保護法28条・施行規則17条、ガイドライン通則編10-7",
      since=APPI_2020_AMENDMENT)
def _abroad_countries(group: Group, company: Company) -> Iterator[Problem]:
    abroad = company.data.abroad
    if abroad is not None and abroad.handled and not abroad.countries:
        yield missing(company.origin("abroad"), "countries", item="外国の名称",
                      fix="countries: に国名 (name) を書くか、取り扱わないなら handled: false にしてください")
    for i, country in enumerate(abroad.countries if abroad else []):
        if not country.system:
            yield missing(company.origin("abroad"), "countries", i, item=f"{country.name}の個人情報保護制度",
                          fix="system: に制度の概要か参照先を書いてください")


# --- the Telecommunications Business Act's external transmission rules ---------------------------


@rule("tba-27-12", "外部送信される情報・送信先の名称・利用目的", "電気通信事業法27条の12",
      since=TBA_EXTERNAL_TRANSMISSION)
def _transmissions(group: Group, company: Company) -> Iterator[Problem]:
    labels = {"information": "送信される情報", "recipient": "送信先の名称", "purposes": "利用目的"}
    for item in company.data.external_transmissions or []:
        if item.name is None:
            continue  # an unknown catalogue key: reported once by the reference check
        for key, label in labels.items():
            if not getattr(item, key):
                yield missing(entry_origin(group, company, "external_transmissions", item.tool),
                              item=f"{item.tool} の{label}",
                              fix=f"{key}: を書いてください")


# --- 匿名加工情報 ----------------------------------------------------------------------------------


@rule("appi-43-3", "匿名加工情報に含まれる個人に関する情報の項目", "個人情報保護法43条3項")
def _anonymized_items(group: Group, company: Company) -> Iterator[Problem]:
    anon = company.data.anonymized
    if anon is not None and anon.creates and not anon.items:
        yield missing(company.origin("anonymized"), item="匿名加工情報の項目", fix="items: に項目を書いてください")


@rule("appi-43-4", "第三者に提供する匿名加工情報の項目と提供の方法", "個人情報保護法43条4項")
def _anonymized_provision(group: Group, company: Company) -> Iterator[Problem]:
    anon = company.data.anonymized
    if anon is None or not anon.provided:
        return
    if not anon.provision_items:
        yield missing(company.origin("anonymized"), item="提供する匿名加工情報の項目",
                      fix="provision_items: に項目を書いてください")
    if not anon.provision_method:
        yield missing(company.origin("anonymized"), item="匿名加工情報の提供の方法",
                      fix="provision_method: に方法を書いてください")


# --- joint use (Art. 27(5)(iii)): group rules, checked once per joint use ------------------------


def _each_joint_use(group: Group) -> Iterator[tuple[Origin, JointUse]]:
    for i, use in enumerate(group.file.joint_uses):
        yield group.origin("joint_uses", i), use


@group_rule("appi-27-5-3-responsible", "共同利用: 管理について責任を有する者の名称・住所・代表者の氏名",
            "個人情報保護法27条5項3号", since=APPI_2020_AMENDMENT)
def _joint_responsible(group: Group) -> Iterator[Problem]:
    for where, use in _each_joint_use(group):
        responsible = group.companies.get(use.responsible)
        if responsible is None:
            continue
        for label, value in (("住所", responsible.data.address), ("代表者の氏名", responsible.data.representative)):
            if not value:
                yield missing(where, "responsible", item=f"責任を有する者 ({responsible.data.name}) の{label}",
                              fix=f"{COMPANIES}/{use.responsible}.yaml に書いてください")


@group_rule("appi-27-5-3-scope", "共同利用: 共同して利用する者の範囲 (二社以上)", "個人情報保護法27条5項3号")
def _joint_scope(group: Group) -> Iterator[Problem]:
    for where, use in _each_joint_use(group):
        members = group.participants(use)
        if len(members) < 2:
            yield where.problem("participants", message="共同して利用する者の範囲が一社だけです",
                                found=", ".join(members), fix="共同して利用する会社を二社以上にしてください")


@group_rule("joint-use-started", "共同利用を始めた日", "ガイドライン通則編3-6-3 (あらかじめ本人に通知等)",
            Severity.WARNING)
def _joint_started(group: Group) -> Iterator[Problem]:
    for where, use in _each_joint_use(group):
        if use.started is None:
            yield missing(where, "started", item="共同利用を始めた日", fix="started: に日付を書いてください")
