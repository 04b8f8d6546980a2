"""Legal rules of issue 11, part 3: external transmissions whose recipient is abroad or unknown.

Which law applies to a tag whose recipient is abroad:
- the Telecommunications Business Act (27条の12) asks for the information sent, the recipient's name and
  the purposes, wherever the recipient is; it does not ask for the country;
- cookie identifiers and browsing history are, for the site, 個人関連情報: when the recipient is expected to
  tie them to a person, APPI Art. 31(1)(ii) has the *site* confirm that the recipient obtained the person's
  consent with information on its country; that consent is the recipient's step, not an item of the notice;
- personal data (a name, an e-mail address, a member number, even hashed for matching) sent to a recipient
  abroad is a provision to a third party in a foreign country: Art. 28(1) and 施行規則17条2項 require the
  country's name, its system and the recipient's measures, which the notice gives in ``abroad`` (ガイドライン
  通則編10-7 asks the country of a foreign contractor or server there as well).
So the lint needs each recipient's country: the catalogue knows it; a custom tool writes ``country``.
"""

from __future__ import annotations

import re
from typing import Iterator

from ..catalogue import facts
from ..errors import Problem, Severity
from .places import covers, stated_names
from .table import APPI_2020_AMENDMENT, TBA_EXTERNAL_TRANSMISSION, entry_origin, field_origin, missing, rule
from ..loader import Company, Group
from ..model import Transmission

FOREIGN_FORM = re.compile(r"(?:Inc\.|LLC|Ltd\.|Limited|Corporation|Corp\.|GmbH|Pte\.|S\.A\.|SA$|B\.V\.|PLC|S\.r\.l\.)")
JAPANESE_FORM = re.compile(r"株式会社|合同会社|有限会社|合資会社|合名会社|一般社団法人|一般財団法人|公益社団法人|公益財団法人")
PERSONAL = re.compile(r"氏名|名前|メールアドレス|電話番号|住所|生年月日|会員番号|会員 ?ID|顧客番号")
"""Information that makes a transmission personal data rather than 個人関連情報."""
JAPAN = ("日本", "日本国")


def country_of(item: Transmission) -> str | None:
    """The recipient's country: written in the entry, else the catalogue's, else Japan for a Japanese legal form."""
    if item.country:
        return item.country
    known = facts().get(item.tool)
    if known is not None:
        return known.country
    if item.recipient and JAPANESE_FORM.search(item.recipient):
        return "日本"
    return None


@rule("transmission-country", "外部送信の送信先の国 (一覧にない道具で、日本の法人と分からない送信先)",
      "個人情報保護法28条・31条1項2号の確認のため「推奨」", Severity.WARNING, since=TBA_EXTERNAL_TRANSMISSION)
def _country(group: Group, company: Company) -> Iterator[Problem]:
    for item in company.data.external_transmissions or []:
        if item.recipient and country_of(item) is None:
            yield missing(entry_origin(group, company, "external_transmissions", item.tool),
                          item=f"{item.tool} の送信先 ({item.recipient}) の国",
                          fix="country: に送信先の事業者の国を書いてください (例: 米国)。文書には表示しません")


@rule("transmission-opt-out", "外部送信のオプトアウトの方法 (送信先のページ)",
      "電気通信事業法27条の12、総務省「外部送信規律」解説 (オプトアウトの案内) 「推奨」", Severity.WARNING,
      since=TBA_EXTERNAL_TRANSMISSION)
def _opt_out(group: Group, company: Company) -> Iterator[Problem]:
    for item in company.data.external_transmissions or []:
        known = facts().get(item.tool)
        complete = item.name and item.recipient and item.information and item.purposes  # else tba-27-12 speaks first
        if complete and not item.opt_out_url and not (known and known.opt_out_note):
            yield missing(entry_origin(group, company, "external_transmissions", item.tool),
                          item=f"{item.tool} のオプトアウトの方法",
                          fix="opt_out_url: に送信先のオプトアウトのページを書いてください")


def _stated(countries: list[str], country: str) -> bool:
    """Whether ``abroad`` states the recipient's country (by ISO code; a name no code knows, as written)."""
    covered = covers(countries, country)
    return covered if covered is not None else country in countries


@rule("appi-28-transmission-abroad", "外国の送信先に個人データを送るときの外国の名称・制度・措置",
      "個人情報保護法28条1項・施行規則17条2項、ガイドライン通則編10-7", since=APPI_2020_AMENDMENT)
def _personal_data_abroad(group: Group, company: Company) -> Iterator[Problem]:
    stated = stated_names(company.data.abroad)
    for item in company.data.external_transmissions or []:
        country = country_of(item) or ("外国 (国名は不明)" if FOREIGN_FORM.search(item.recipient or "") else None)
        sent = next((m.group(0) for info in item.information or [] if (m := PERSONAL.search(info))), None)
        if country and country not in JAPAN and sent and not _stated(stated, country):
            yield entry_origin(group, company, "external_transmissions", item.tool).problem(
                message="外国の送信先に個人データを送りますが、外国での取扱い (abroad) にその国が書かれていません",
                found=f"{item.tool}: {country}、{sent}",
                fix="abroad: を handled: true にし、countries: にその国の名称・制度 (system)・措置 (measures) を書いてください")


@rule("appi-28-provision-abroad", "外国にある第三者への提供 (提供先の道具の国) と外国での取扱い (abroad) が合っていること",
      "個人情報保護法28条1項・施行規則17条2項、ガイドライン (外国にある第三者への提供編) 5", since=APPI_2020_AMENDMENT)
def _provision_abroad(group: Group, company: Company) -> Iterator[Problem]:
    stated = stated_names(company.data.abroad)
    items = {t.tool: t for t in company.data.external_transmissions or []}
    third = company.data.third_party
    for i, provision in enumerate(third.provisions or [] if third else []):
        for tool in provision.tools:
            country = country_of(items[tool]) if tool in items else None
            if country and country not in JAPAN and not _stated(stated, country):
                yield field_origin(group, company, "third_party", "provisions").problem(
                    i, "tools", message="外国にある第三者に個人データを提供しますが、外国での取扱い (abroad) にその国が書かれていません",
                    found=f"{tool}: {items[tool].recipient} ({country})",
                    fix="abroad: を handled: true にし、countries: にその国の名称・制度 (system)・提供先の措置 (measures) を書いてください")
