"""The group's data model: what legal staff write in YAML, declared once.

Each field carries its Japanese label and meaning as a docstring; the same text feeds
the JSON Schema that editors' YAML extensions show on hover. Keys are English, values
Japanese. Models are frozen and do no I/O; the loader feeds them plain data.

Two kinds of requirement live in two places: what makes the data *unusable* (a company
without a name, a revision without a date) is required here; what the *law* requires a
notice to state is checked by :mod:`privacy_notices.lint`, with its article, so that a
half-written company still validates and the editor sees every missing legal item at once.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, model_serializer

from .links import check_email, check_phone, check_url

# --- scalar types --------------------------------------------------------------------

ID_PATTERN = r"^[a-z][a-z0-9_-]*$"
Slug = Annotated[str, Field(pattern=ID_PATTERN, max_length=40)]
"""English identifier used in URLs and references: lower-case letters, digits, - and _."""

Url = Annotated[str, AfterValidator(check_url)]
"""ウェブページの URL。https:// で始めます (例: https://www.example.jp/privacy/)。"""

Email = Annotated[str, AfterValidator(check_email)]
"""メールアドレス (例: privacy@example.jp)。先頭に mailto: を付けても構いません。"""

PhoneNumber = Annotated[
    str, AfterValidator(check_phone), WithJsonSchema({"type": "string", "pattern": r"^\+?[0-9]+(-[0-9]+)*$"})
]
"""電話番号。半角数字とハイフンで書きます (例: 03-1234-5678)。+81 で始める書き方も使えます。"""


class DateError(ValueError):
    """Raised for a date that is not an existing ISO day; ``kind`` says why."""

    def __init__(self, kind: str, value: object) -> None:
        super().__init__(kind)
        self.kind = kind
        self.value = value


def _to_date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        raise DateError("datetime", value)
    if isinstance(value, dt.date):
        return value
    text = str(value)
    if any(unicodedata.east_asian_width(ch) == "F" for ch in text):
        raise DateError("fullwidth", value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise DateError("impossible", value)
    raise DateError("format", value)


IsoDate = Annotated[dt.date, BeforeValidator(_to_date)]
"""日付。YAML には ``2024-04-01`` のように半角の年-月-日で書きます。"""

Owner = Annotated[str, Field(pattern=r"^@[A-Za-z0-9-]+(/[A-Za-z0-9._-]+)?$")]
"""レビュー担当者: GitHub のユーザー (@name) またはチーム (@org/team)。"""

Text = Annotated[str, Field(min_length=1)]
"""Japanese text, shown exactly as written."""

MARKDOWN_MEDIA_TYPE = "text/markdown"
Markdown = Annotated[str, Field(json_schema_extra={"contentMediaType": MARKDOWN_MEDIA_TYPE})]
"""Markdown の文。使える書き方は編集者の手引きの「Markdown で書ける項目」のとおりです。
The check (:mod:`privacy_notices.prose`) finds these fields by this declaration."""

DateStyle = Literal["era", "gregorian", "both"]
"""日付の表示: ``era`` 和暦 (令和4年3月31日)、``gregorian`` 西暦 (2022年3月31日)、``both`` 併記。"""


class Labels:
    """The Japanese label of each value of a ``Literal``, declared beside it: ``Annotated[Literal[...],
    Labels(key="label", ...)]``. Templates, the review report and the lint take their labels from here
    (:mod:`privacy_notices.labels`); a test requires a label for every value. ``short``: the short names
    (the law's terms, used in summaries and messages) where they are not the label before its ` (`."""

    def __init__(self, short: dict[str, str] | None = None, **labels: str) -> None:
        self.labels, self.short = labels, short or {}


class Model(BaseModel):
    """Base of every model: unknown keys are errors, values are not coerced."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, use_attribute_docstrings=True)


# --- people and places ----------------------------------------------------------------


class Person(Model):
    """役職と氏名。"""

    title: Text
    """役職 (例: 代表取締役社長)。"""
    name: Text
    """氏名 (例: 山田 太郎)。"""


class Phone(Model):
    """電話番号と、その注記。"""

    number: PhoneNumber
    """電話番号。半角数字とハイフンで書きます (例: 0120-000-000)。+81 で始める書き方も使えます。"""
    note: str | None = None
    """注記 (例: 通話無料、携帯電話からは有料)。"""


ContactRole = Annotated[
    Literal["inquiries", "complaints", "disclosure"],
    Labels(inquiries="お問い合わせ", complaints="苦情・ご相談", disclosure="開示等の請求"),
]
"""窓口の役割 (表示名は Labels のとおり)。"""


class Contact(Model):
    """お問い合わせ窓口。役割ごとに複数置けます。"""

    id: Slug
    """窓口の識別子 (英小文字)。開示等の請求などから参照します。"""
    roles: Annotated[list[ContactRole], Field(min_length=1)]
    """この窓口が受け付けるもの。"""
    department: Text
    """部署名 (例: お客様相談室)。"""
    postcode: Annotated[str, Field(pattern=r"^\d{3}-\d{4}$")] | None = None
    """郵便番号 (例: 100-0001)。"""
    address: str | None = None
    """所在地。"""
    phones: list[Phone] = []
    """電話番号。"""
    hours: str | None = None
    """受付時間 (例: 9:00〜17:00)。"""
    closed: str | None = None
    """休業日 (例: 土・日・祝日、年末年始)。"""
    email: Email | None = None
    """メールアドレス (例: privacy@example.jp)。先頭に mailto: を付けても構いません。"""
    form_url: Url | None = None
    """お問い合わせフォームの URL。"""


# --- documents and their history -------------------------------------------------------

TemplateName = Literal["policy", "handling", "consent", "cookies", "joint_use"]
"""文書の種類 (使うテンプレート): policy 個人情報保護方針、handling 個人情報の取扱いについて、
consent 同意事項 (会員登録など)、cookies Cookie・外部送信、joint_use 共同利用。"""


class Amendment(Model):
    """施行前の改定内容の修正 (privacy-notices record --amend が書きます)。"""

    on: IsoDate
    """修正した日 (YYYY-MM-DD)。"""
    summary: Text
    """修正の概要 (例: 開示請求の手数料の変更を反映)。"""


class Withdrawal(Model):
    """施行前の改定の取り下げ (privacy-notices withdraw が書きます)。"""

    on: IsoDate
    """取り下げた日 (YYYY-MM-DD)。"""
    reason: Text
    """取り下げの理由。"""


class Revision(Model):
    """制定・改定の記録。最初の記録が制定、以降が改定です。"""

    date: IsoDate
    """施行日 (YYYY-MM-DD)。"""
    summary: Text
    """改定の概要 (例: 改正個人情報保護法の施行に伴う改定)。"""
    amended: list[Amendment] | None = None
    """施行前に改定内容を修正した記録 (古い順)。手で書かず、record --amend で記録します。"""
    withdrawn: Withdrawal | None = None
    """施行前に改定を取り下げた記録。手で書かず、withdraw で記録します。"""


SectionNumbering = Literal["1.", "第1条", "(1)", "[1]", "①", "none"]
"""節の番号: ``1.`` (既定)、``第1条``、``(1)``、``[1]``、``①``、``none`` 番号なし。"""
SubsectionNumbering = Literal["1.1", "1.", "(1)", "[1]", "①", "none"]
"""小見出し (###) の番号: ``1.1`` 節の番号の下に続ける、``1.``、``(1)``、``[1]``、``①``、``none`` 番号なし (既定)。"""
ItemNumbering = Literal["1.", "(1)", "[1]", "①", "none"]
"""箇条書きの項目の番号: ``1.``、``(1)``、``[1]``、``①``、``none`` 番号なしの箇条書き (既定)。"""


class Numbering(Model):
    """番号の付け方 (段階ごと)。書かない段階はグループの設定、それもなければ既定に従います。"""

    sections: SectionNumbering | None = None
    """節 (## の見出し) の番号。既定は 1.。"""
    subsections: SubsectionNumbering | None = None
    """節の中の小見出し (###) の番号。既定は番号なし。"""
    items: ItemNumbering | None = None
    """箇条書きの項目の番号。既定は番号なし (・の箇条書き)。番号を付けると、文の中から [](#節の識別子-番号) で参照できます。"""


class Structure(Model):
    """文書の構成: 節の順序と番号の付け方。"""

    order: list[Slug] = []
    """節を並べる順 (節の識別子: company、purposes、requests など、または自由に書く節の id)。書かなかった節は、
    既定でその前にある節の後ろに付いて動きます。"""
    numbering: Numbering | None = None
    """番号の付け方。"""


class Structures(Model):
    """文書の種類ごとの構成 (グループ共通)。会社の文書の structure が優先します。"""

    policy: Structure | None = None
    """個人情報保護方針。"""
    handling: Structure | None = None
    """個人情報の取扱いについて。"""
    consent: Structure | None = None
    """同意事項。"""
    cookies: Structure | None = None
    """Cookie・外部送信。"""
    joint_use: Structure | None = None
    """共同利用。"""


class DocumentSpec(Model):
    """会社が公表する文書と、その制定・改定の履歴。"""

    title: Text
    """文書の題名 (例: 個人情報保護方針)。"""
    template: TemplateName
    """文書の種類。"""
    date_style: DateStyle | None = None
    """この文書の日付表示。省略するとグループの設定に従います。"""
    intro: Markdown | None = None
    """冒頭の文 (Markdown)。"""
    history: Annotated[list[Revision], Field(min_length=1)]
    """制定・改定の履歴 (古い順)。"""
    structure: Structure | None = None
    """この文書の構成 (節の順序と番号)。書いた項目が、グループの structure より優先します。"""


# --- purposes ----------------------------------------------------------------------------


class Category(Model):
    """本人の区分 (お客様、お取引先、従業員など)。"""

    label: Text
    """表に表示する名称 (例: お客様)。"""
    description: str | None = None
    """区分の説明 (例: 当社の商品・サービスをご利用の方)。"""
    show_description: bool = False
    """区分の説明 (description) を利用目的の区分名の下に表示するとき true。"""


def _cell_shorthand(value: Any) -> Any:
    return {"items": value} if isinstance(value, list) else value


def _purpose_shorthand(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


class Purpose(Model):
    """利用目的の一つと、そのために使う情報。文だけを書く短い形も使えます。"""

    text: Text
    """利用目的 (例: ご利用料金の計算と請求のため)。"""
    uses: list[Slug] = []
    """この目的に使う情報 (collected_information の id、例: basic)。"""

    @model_serializer(mode="wrap")
    def _short(self, handler: Any) -> Any:
        """Written as a plain string when it names no information: the data of versions recorded
        before ``uses`` existed stays the same."""
        return self.text if not self.uses else handler(self)


PurposeItem = Annotated[Purpose, BeforeValidator(_purpose_shorthand, json_schema_input_type=str | Purpose)]
"""A purpose: a string, or ``{text, uses}``."""


class Theme(Model):
    """区分の中で利用目的をまとめる見出し (例: 会員サービスの提供、広告・マーケティング)。"""

    title: Text
    """見出し。"""
    items: list[PurposeItem] = []
    """この見出しの下の利用目的。"""


class PurposeCell(Model):
    """一つの区分の利用目的。リストだけを書く短い形も使えます。"""

    items: list[PurposeItem] = []
    """利用目的 (一つずつ)。文だけか、text (目的) と uses (使う情報の id) の組で書きます。"""
    themes: list[Theme] = []
    """見出しごとにまとめた利用目的。items の後に、見出しごとに表示します。"""
    notes: list[Text] = []
    """注記 (※) 。"""
    common: Literal["include", "exclude"] = "include"
    """グループ共通の利用目的を含めるか: include 含める (既定)、exclude 含めない。"""

    def every_purpose(self) -> list[Purpose]:
        """The purposes of the cell, those under its themes included, in the order shown."""
        return self.items + [p for theme in self.themes for p in theme.items]


PurposeTable = dict[
    Slug, Annotated[PurposeCell, BeforeValidator(_cell_shorthand, json_schema_input_type=list[str] | PurposeCell)]
]
"""区分 (categories のキー) ごとの利用目的。"""


class AcquisitionPurposes(Model):
    """取得時の利用目的を保有個人データの利用目的と分けて示す場合の表。"""

    intro: Markdown | None = None
    """表の前に置く説明 (Markdown)。"""
    rows: PurposeTable
    """区分ごとの取得時の利用目的。"""


# --- provision, outsourcing, abroad --------------------------------------------------------


class Provision(Model):
    """本人の同意に基づく第三者提供。"""

    recipient: Text
    """提供先 (例: 当社が契約する広告配信事業者)。"""
    items: list[Text]
    """提供する項目。"""
    purpose: Text
    """提供の目的。"""
    method: str | None = None
    """提供の方法 (例: 電磁的方法)。"""
    tools: list[Slug] = []
    """提供先に当たる外部送信の道具 (external_transmissions の tool)。表に提供先の名称を加え、提供先が外国に
    あるとき外国での取扱い (abroad) に国が書かれているかを確かめます (個人情報保護法28条)。"""


class ThirdParty(Model):
    """第三者提供。"""

    statement: Annotated[Markdown, Field(min_length=1)] | None = None
    """原則の文 (Markdown)。"""
    exceptions: list[Text] | None = None
    """本人の同意なく提供する例外 (法令に基づく場合など)。"""
    provisions: list[Provision] | None = None
    """同意に基づいて行う提供。"""


class Outsourcing(Model):
    """委託。"""

    outsources: bool = True
    """個人データの取扱いを委託するか。"""
    statement: Annotated[Markdown, Field(min_length=1)] | None = None
    """委託先の監督についての文 (Markdown)。"""
    examples: list[Text] = []
    """委託する業務の例。"""
    data_scope: list[Text] = []
    """委託する個人データの範囲。委託先に渡す個人データの項目や、その本人の区分 (例: ご注文いただいたお客様の氏名・住所・電話番号)。"""
    selection_criteria: list[Text] = []
    """委託先の選定基準。委託先を選ぶときに確かめること (例: 個人データの安全管理の体制が当社の基準を満たしていること)。"""
    contract_terms: list[Text] = []
    """契約で定める事項。委託の契約に盛り込む取扱いのきまり (例: 秘密の保持、再委託の制限、契約終了時の返却・消去)。"""
    supervision: list[Text] = []
    """監督の方法。委託した後に取扱いの状況を確かめる方法 (例: 年に一度の報告の受領と、必要に応じた立入りの確認)。"""


class Country(Model):
    """個人データを取り扱う外国と、その制度の把握。"""

    name: Text
    """国名 (例: シンガポール)。"""
    system: str | None = None
    """その国の個人情報保護制度の概要、または参照先。"""
    measures: str | None = None
    """講じている措置。"""


class Abroad(Model):
    """外国での取扱い (外的環境の把握、外国にある第三者への提供)。"""

    handled: bool
    """外国で個人データを取り扱う (外国の委託先・サーバーを含む) か。取り扱わないときは false。"""
    countries: list[Country] = []
    """取り扱う国 (handled が true のとき)。"""
    statement: Markdown | None = None
    """補足 (Markdown)。"""


# --- security measures ---------------------------------------------------------------------


class SecurityMeasures(Model):
    """安全管理措置 (ガイドライン通則編の区分)。"""

    intro: Markdown | None = None
    """冒頭の文 (Markdown)。"""
    basic_policy: list[Text] | None = None
    """基本方針の策定。"""
    rules: list[Text] | None = None
    """個人データの取扱いに係る規律の整備。"""
    organizational: list[Text] | None = None
    """組織的安全管理措置。"""
    human: list[Text] | None = None
    """人的安全管理措置。"""
    physical: list[Text] | None = None
    """物理的安全管理措置。"""
    technical: list[Text] | None = None
    """技術的安全管理措置。"""
    external_environment: list[Text] | None = None
    """外的環境の把握。外国の国名は abroad から補われます。"""


# --- requests (開示等の請求) ------------------------------------------------------------------

RequestKind = Annotated[
    Literal["purpose_notice", "disclosure", "third_party_record", "correction", "suspension", "third_party_stop"],
    Labels(purpose_notice="利用目的の通知", disclosure="開示", third_party_record="第三者提供記録の開示",
           correction="内容の訂正・追加・削除", suspension="利用の停止・消去", third_party_stop="第三者への提供の停止",
           short={"correction": "訂正等", "suspension": "利用停止等", "third_party_stop": "第三者提供の停止"}),
]
"""請求の種類 (表示名は Labels のとおり)。"""

AnswerMethod = Annotated[
    Literal["written", "electronic"],
    Labels(written="書面 (郵送)", electronic="電磁的記録 (電子メールでの送付など)"),
]
"""開示の回答の方法 (表示名は Labels のとおり。括弧の前が短い名前)。"""


class IdentityDocuments(Model):
    """本人確認の書類 (請求する方ごと)。"""

    principal: list[Text] = []
    """本人の場合。"""
    legal_agent: list[Text] = []
    """法定代理人の場合。"""
    proxy: list[Text] = []
    """任意代理人 (本人が委任した代理人) の場合。"""


class Fee(Model):
    """手数料。"""

    requests: Annotated[list[RequestKind], Field(min_length=1)]
    """手数料がかかる請求。"""
    amount: Annotated[int, Field(ge=0, le=100_000)] | None = None
    """金額 (円、半角数字)。手数料を取るなら必ず書きます。"""
    unit: str = "1回の請求につき"
    """単位。"""


class RequestForm(Model):
    """開示等の請求書 (様式)。url か file のどちらか一方を書きます。"""

    title: Text = "開示等の請求書"
    """請求書の名称 (リンクの文字に使います)。"""
    url: Url | None = None
    """請求書を置いたページの URL (他のサイトに置いているとき)。"""
    file: str | None = None
    """このサイトで公開する請求書のファイル (content/ からの相対パス、例: forms/request-form.pdf)。PDF・Word
    (.docx)・Excel (.xlsx) のファイルを 2 MB まで置けます。サイトでは /forms/request-form.pdf のように、
    content/ を除いた同じパスで公開します。"""


class Requests(Model):
    """開示等の請求の手続。会社のファイルには、グループ共通と違う項目だけを書けます。"""

    accepted: list[RequestKind] | None = None
    """受け付ける請求。"""
    window: Slug | None = None
    """受付窓口 (contacts の id)。"""
    how_to_apply: list[Text] = []
    """請求の方法 (手順を順に)。"""
    identity_documents: IdentityDocuments | None = None
    """本人確認の書類。"""
    answer_methods: list[AnswerMethod] = ["written"]
    """回答の方法: written 書面、electronic 電磁的記録。"""
    fees: list[Fee] = []
    """手数料 (請求ごとの金額)。"""
    free_of_charge: bool | None = None
    """手数料をいただかないとき true (文書に「手数料はいただきません」と書きます)。fees と一緒には書けません。
    fees も free_of_charge も書かなければ、文書は手数料に触れません。"""
    payment: str | None = None
    """手数料の支払方法 (例: 郵便為替)。"""
    refusal_grounds: list[Text] = []
    """請求に応じられない場合。"""
    form: RequestForm | None = None
    """開示等の請求書 (様式) の入手先。請求の方法の後に、請求書へのリンクを表示します。"""
    not_accepted: dict[RequestKind, Text] = {}
    """受け付けない請求と、その理由 (例: third_party_stop: 当社は個人データを第三者に提供していないため)。
    法律が定める請求を accepted に書かないときは、ここに理由を書きます。"""


class CertifiedOrganization(Model):
    """認定個人情報保護団体 (対象事業者である場合)。"""

    name: Text
    """団体の名称。"""
    desk: Text | None = None
    """苦情の解決の申出先の名称。"""
    address: str | None = None
    """申出先の所在地。"""
    phones: list[Phone] = []
    """申出先の電話番号。"""
    note: str | None = None
    """注記 (例: 当社の商品に関するお問い合わせ先ではありません)。"""


# --- external transmissions ------------------------------------------------------------------


class Transmission(Model):
    """外部送信 (Cookie、タグなど) 一件。catalogue にある道具は tool だけ書けば足ります。"""

    tool: Slug
    """道具の識別子。組み込みの一覧 (google_analytics_4 など) のキー、または独自の名前。"""
    name: str | None = None
    """道具の名称 (例: Google アナリティクス)。"""
    recipient: str | None = None
    """送信先の事業者の名称。"""
    information: list[Text] | None = None
    """送信される情報。"""
    purposes: list[Text] | None = None
    """当社の利用目的。"""
    recipient_purposes: list[Text] | None = None
    """送信先での利用目的。"""
    opt_out_url: Url | None = None
    """オプトアウトの方法を示すページ。"""
    privacy_policy_url: Url | None = None
    """送信先のプライバシーポリシー。"""
    country: Text | None = None
    """送信先の事業者の国 (例: 日本、米国)。文書には表示しません。組み込みの一覧の道具は一覧の値を使い、
    外国の送信先に個人データを送るときの確認 (個人情報保護法28条) に使います。"""
    disabled: bool = False
    """グループ共通の道具をこの会社では使わないとき true。"""


class Cookies(Model):
    """Cookie の説明。"""

    intro: Markdown | None = None
    """Cookie とは何かの説明 (Markdown)。"""
    browser_opt_out: Markdown | None = None
    """ブラウザの設定で Cookie を無効にする方法 (Markdown)。"""


# --- collected information and how it is acquired ------------------------------------------------


class InformationKind(Model):
    """取得する個人情報の種類 (表の一行) と、その項目。"""

    id: Slug
    """種類の識別子 (英小文字、例: basic)。利用目的の uses と取得の方法の information から参照します。"""
    label: Text | None = None
    """種類の名称 (例: 基本情報)。グループ共通の種類を上書きするときは省略できます。"""
    items: list[Text] = []
    """項目 (例: 氏名、住所、電話番号)。"""
    purposes: list[Text] = []
    """主な利用目的 (例: ご契約の管理)。表に列として表示します。"""
    disabled: bool = False
    """グループ共通の種類をこの会社では取得しないとき true。"""


AcquisitionChannel = Literal["written", "web", "phone", "in_person", "third_party", "public", "automatic"]
"""取得の手段: written 書面 (申込書など)、web ウェブサイト・アプリの入力フォーム、phone 電話、in_person 対面
(窓口・訪問)、third_party 第三者からの提供、public 公開されている情報、automatic Cookie などによる自動的な取得。"""


class AcquisitionMethod(Model):
    """個人情報の取得の方法 (表の一行): 何を、どのように、誰から。"""

    id: Slug
    """方法の識別子 (英小文字、例: application)。"""
    channel: AcquisitionChannel | None = None
    """取得の手段。"""
    description: Text | None = None
    """方法の説明 (例: ご契約の申込書へのご記入)。"""
    source: Text | None = None
    """取得元 (例: 提携する不動産管理会社)。省略すると「ご本人」と表示します。"""
    information: list[Slug] = []
    """取得する情報 (collected_information の id)。"""
    disabled: bool = False
    """グループ共通の方法をこの会社では使わないとき true。"""


# --- retention, processed information, free sections ----------------------------------------------


class Retention(Model):
    """保存期間。"""

    type: Text
    """情報の種類。"""
    period: Text
    """保存期間。"""
    deletion: str | None = None
    """削除の方法。"""
    exceptions: str | None = None
    """例外。"""


class Anonymized(Model):
    """匿名加工情報。"""

    creates: bool
    """匿名加工情報を作成するか。"""
    items: list[Text] = []
    """匿名加工情報に含まれる個人に関する情報の項目 (作成するとき)。"""
    provided: bool = False
    """第三者に提供するか。"""
    provision_items: list[Text] = []
    """提供する情報の項目。"""
    provision_method: str | None = None
    """提供の方法。"""
    statement: Markdown | None = None
    """取扱いについての文 (Markdown)。"""


class Pseudonymized(Model):
    """仮名加工情報。"""

    creates: bool
    """仮名加工情報を作成するか。"""
    statement: Markdown | None = None
    """取扱いについての文 (Markdown)。"""


# --- leaks, complaints, revisions ----------------------------------------------------------------


class LeakResponse(Model):
    """漏えい等の事案への対応。書いた項目だけを表示します。"""

    statement: Markdown | None = None
    """冒頭の文 (Markdown)。"""
    report: Text | None = None
    """個人情報保護委員会への報告。報告が必要な事態 (施行規則7条) に当たるときの報告 (例: 速報と確報を期限内に提出します)。"""
    notice: Text | None = None
    """ご本人への通知。影響を受ける方へのお知らせ (施行規則10条)。"""
    publication: Text | None = None
    """事実関係の公表。ご本人に連絡がつかないときや、広く知らせるべきときの公表。"""
    prevention: Text | None = None
    """再発防止策。原因に応じた対策とその点検。"""


class ComplaintHandling(Model):
    """苦情の処理の手順 (個人情報保護法40条)。"""

    statement: Markdown | None = None
    """手順の前に置く文 (Markdown)。"""
    steps: list[Text] = []
    """苦情を受けてから解決までの手順 (順に)。"""


class RevisionNotice(Model):
    """文書を改定するときの告知の方法。"""

    where: Text | None = None
    """告知する場所 (例: 当社ウェブサイトのこのページ)。書かないと「当社ウェブサイト」と表示します。"""
    days_before: Annotated[int, Field(ge=1, le=365)] | None = None
    """施行日の何日前までに告知するか (半角数字)。書かないと「あらかじめ」と表示します。"""
    statement: Markdown | None = None
    """補足 (Markdown)。"""


SectionPosition = Literal[
    "start", "after_company", "after_purposes", "after_third_party", "after_security",
    "after_requests", "after_contacts", "end",
]
"""節を置く位置。"""


class Section(Model):
    """自由に書く節 (定義、免責、漏えい時の対応など)。"""

    id: Slug
    """節の識別子 (英小文字)。アンカーにも使います。"""
    title: Text | None = None
    """見出し。"""
    body: Markdown | None = None
    """本文 (Markdown)。body か file のどちらかを書きます。"""
    file: str | None = None
    """本文を置いた Markdown ファイル (content/ からの相対パス)。"""
    position: SectionPosition = "end"
    """置く位置。"""
    documents: list[TemplateName] = ["policy", "handling"]
    """この節を載せる文書の種類。"""
    disabled: bool = False
    """グループ共通の節をこの会社では載せないとき true。"""


# --- the shareable content and the two files ------------------------------------------------------


SELF_REFERENCE = "当社"
SELF_REFERENCE_PATTERN = r"^[^\s\x00-\x7f]{1,10}$"
"""A self-reference is one word of up to ten full-width characters: no spaces, no ASCII (no Markdown)."""
"""How a notice's sentences name the company when neither its file nor the group sets ``self_reference``."""


class Content(Model):
    """グループ共通の既定値にも、会社ごとの上書きにも書ける項目。"""

    declaration: Markdown | None = None
    """基本方針の宣言文 (Markdown)。"""
    collected_information: list[InformationKind] | None = Field(None, json_schema_extra={"merge": "by-key:id"})
    """取得する個人情報の種類と項目 (表の行の順)。"""
    acquisition_methods: list[AcquisitionMethod] | None = Field(None, json_schema_extra={"merge": "by-key:id"})
    """個人情報の取得の方法。"""
    purposes: PurposeTable | None = Field(None, json_schema_extra={"merge": "by-category"})
    """保有個人データの利用目的 (区分ごと)。"""
    acquisition_purposes: AcquisitionPurposes | None = None
    """取得時の利用目的の表 (分けて示すとき)。"""
    third_party: ThirdParty | None = Field(None, json_schema_extra={"merge": "fields"})
    """第三者提供。"""
    outsourcing: Outsourcing | None = Field(None, json_schema_extra={"merge": "fields"})
    """委託。"""
    abroad: Abroad | None = None
    """外国での取扱い。"""
    security_measures: SecurityMeasures | None = Field(None, json_schema_extra={"merge": "fields"})
    """安全管理措置。"""
    requests: Requests | None = Field(None, json_schema_extra={"merge": "fields"})
    """開示等の請求の手続。"""
    certified_organization: CertifiedOrganization | None = None
    """認定個人情報保護団体。"""
    external_transmissions: list[Transmission] | None = Field(None, json_schema_extra={"merge": "by-key:tool"})
    """外部送信 (Cookie・タグ)。"""
    cookies: Cookies | None = Field(None, json_schema_extra={"merge": "fields"})
    """Cookie の説明。"""
    retention: list[Retention] | None = None
    """保存期間。"""
    anonymized: Anonymized | None = None
    """匿名加工情報。"""
    pseudonymized: Pseudonymized | None = None
    """仮名加工情報。"""
    laws: list[Text] | None = None
    """遵守する法令・ガイドライン (一つずつ。例: 個人情報の保護に関する法律)。"""
    leak_response: LeakResponse | None = Field(None, json_schema_extra={"merge": "fields"})
    """漏えい等の事案への対応。"""
    complaint_handling: ComplaintHandling | None = Field(None, json_schema_extra={"merge": "fields"})
    """苦情の処理の手順。"""
    disclaimer: Markdown | None = None
    """免責事項 (Markdown)。"""
    revision_notice: RevisionNotice | None = Field(None, json_schema_extra={"merge": "fields"})
    """改定の告知方法。"""
    sections: list[Section] | None = Field(None, json_schema_extra={"merge": "by-key:id"})
    """自由に書く節。"""
    date_style: DateStyle | None = None
    """日付の表示。省略すると和暦です。"""
    self_reference: Annotated[str, Field(pattern=SELF_REFERENCE_PATTERN)] | None = None
    """文書の文の中で自社を指す言葉 (例: 当社、当法人、当組合、弊社)。全角 10 文字まで。省略すると「当社」です。"""


class CompanyFile(Content):
    """会社のファイル (companies/<id>.yaml)。書かない項目はグループ共通の値を使います。"""

    name: Text
    """正式な商号 (例: 株式会社みなと未来チケット)。"""
    short_name: str | None = None
    """略称 (一覧などで使います)。"""
    postcode: Annotated[str, Field(pattern=r"^\d{3}-\d{4}$")] | None = None
    """本店の郵便番号 (例: 100-0001)。"""
    address: str | None = None
    """本店の所在地。"""
    representative: Person | None = None
    """代表者。"""
    privacy_officer: Person | None = None
    """個人情報保護管理者。"""
    business: str | None = None
    """事業の内容 (一覧に表示します)。"""
    website: Url | None = None
    """会社のウェブサイト。"""
    contacts: list[Contact] = []
    """お問い合わせ窓口。"""
    owners: list[Owner] = []
    """この会社のファイルのレビュー担当者 (法務の担当者)。.github/CODEOWNERS に反映します。"""
    documents: Annotated[dict[Slug, DocumentSpec], Field(min_length=1)]
    """公表する文書 (キーは URL に使う英小文字、例: policy)。"""
    omit: list[Text] = []
    """グループ共通の既定値のうち、この会社の文書に載せないもの (例: external_transmissions、purposes.employee、
    requests.fees、sections.proper-acquisition)。外した項目が法律上必要なら、check が知らせます。"""


class JointUse(Model):
    """個人データの共同利用 (個人情報保護法27条5項3号)。"""

    id: Slug
    """共同利用の識別子。"""
    title: Text = "個人情報の共同利用について"
    """見出し。"""
    started: IsoDate | None = None
    """共同利用を始めた日。"""
    responsible: Slug
    """管理について責任を有する会社 (companies の id)。名称・住所・代表者はその会社のデータから表示します。"""
    participants: Annotated[
        list[Slug] | None,
        BeforeValidator(lambda v: None if v == "all" else v),
        WithJsonSchema({"anyOf": [{"const": "all"}, {"type": "array", "items": {"type": "string", "pattern": ID_PATTERN}}]}),
    ] = None
    """共同して利用する会社: all (グループ全社、省略時も同じ) または会社の id のリスト。"""
    scope: Text | None = None
    """共同して利用する者の範囲の説明 (例: 当社および当社の連結子会社)。listing: document のときは必須です。"""
    listing: Literal["table", "document"] = "table"
    """共同して利用する会社名の示し方: table (各社の文書に会社名を載せる。既定) または document
    (グループの「共同して利用する者の一覧」(joint_users) に載せ、各社の文書からはその一覧へリンクする)。"""
    items: Annotated[list[Text], Field(min_length=1)]
    """共同して利用する個人データの項目。"""
    purposes: Annotated[list[Text], Field(min_length=1)]
    """共同して利用する者の利用目的。"""
    statement: Markdown | None = None
    """補足 (Markdown)。"""


class JointUsersDocument(Model):
    """グループが公表する「共同して利用する者の一覧」。listing: document の共同利用の会社名を載せ、
    会社の文書と同じように制定・改定を記録します (privacy-notices record group joint-users)。"""

    title: Text = "共同して利用する者の一覧"
    """文書の題名。各社の文書からのリンクの文字にも使います (変えると各社の文書の改定が必要です)。"""
    intro: Markdown | None = None
    """冒頭の文 (Markdown)。"""
    date_style: DateStyle | None = None
    """日付の表示。省略するとグループの設定 (defaults.date_style) に従います。"""
    history: Annotated[list[Revision], Field(min_length=1)]
    """制定・改定の履歴 (古い順)。会社を加えるときは、この一覧の改定を一つ記録します。"""


class GroupFile(Model):
    """グループ全体のファイル (content/group.yaml)。"""

    name: Text
    """グループの名称 (サイトの題名にも使います)。"""
    description: Markdown | None = None
    """サイトのトップに表示する説明 (Markdown)。"""
    about: Markdown | None = None
    """「このサイトについて」のページの「運営者」の節に加える文 (Markdown)。運営者は companies の最初の会社です。"""
    companies: Annotated[list[Slug], Field(min_length=1)]
    """グループ会社 (companies/ のファイル名) を表示する順に。"""
    categories: Annotated[dict[Slug, Category], Field(min_length=1)]
    """本人の区分 (利用目的の表の行)。"""
    defaults: Content = Content()
    """全社共通の既定値。会社のファイルに書いた項目が優先します。"""
    joint_uses: list[JointUse] = []
    """共同利用。"""
    joint_users: JointUsersDocument | None = None
    """共同して利用する者の一覧 (listing: document の共同利用があるときに書きます)。"""
    owners: list[Owner] = []
    """グループ共通のファイル (content/、templates/) のレビュー担当者 (グループの法務チーム)。"""
    privacy_mark: bool = False
    """プライバシーマーク (JIS Q 15001) を取得しているとき true。JIS Q 15001 の規則 (個人情報保護管理者など) の
    警告が、check --strict でエラーになります。文書には表示しません。"""
    pdf: bool = True
    """各文書のすべての版の PDF (記録用。会社名・題名・施行日・URL・本文の SHA-256 とページ番号入り) をサイトに
    載せるとき true (書かなければ true)。false にすると PDF を作りません。"""
    structure: Structures = Structures()
    """文書の種類ごとの構成 (節の順序と番号の付け方)。書かなければ、節は 1. 2. … と番号を付けて決まった順に並びます。"""
