"""What changed between two versions of a notice, as short Japanese sentences.

The sentences head the text comparison of two versions, so that a reviewer or a visitor sees
first *what* changed (a purpose added, a new ad tag, a higher fee) before reading *how* the
wording changed. They compare the resolved data (:func:`privacy_notices.resolved.resolved_data`),
never the rendered text: a template re-rendering the same data says nothing here.

One rule per field, in the order a reader meets them in a notice (``RULES``); any other field
gets the generic 「label」を変更. Labels come from the model's docstrings, so a field relabelled
there is relabelled here too. Entries of lists are matched by their key (``tool``, ``id``...),
so a reordered list does not read as "removed and added". Purposes are compared as the merged
list a reader sees; ``common`` is a merge instruction, not something the notice states.
"""

from __future__ import annotations

import typing
from collections import Counter
from collections.abc import Callable, Iterator
from difflib import SequenceMatcher
from functools import partial
from typing import Any

from pydantic import BaseModel

from .labels import REQUEST_SHORT, field_label
from .model import (Abroad, AcquisitionMethod, Anonymized, CertifiedOrganization, CompanyFile, Country, InformationKind,
                    JointUse, Pseudonymized, Requests, SecurityMeasures, Transmission)

Doc = dict[str, Any]
Entry = dict[str, Any]
Rule = Callable[[Doc, Doc], list[str]]

REQUEST_KINDS = REQUEST_SHORT
"""Short names of the kinds of request, in the order the law lists them (declared in the model)."""
label = field_label
"""A field's short Japanese label: its docstring up to the first '。', ' (' or ':' (:mod:`labels`)."""


def summarize(old: Doc, new: Doc) -> list[str]:
    """Sentences saying what changed from ``old`` to ``new`` (two resolved-data dicts); [] if nothing."""
    old, new = {**old, "data": stated(old["data"])}, {**new, "data": stated(new["data"])}
    handled = {field for fields, _ in RULES for field in fields}
    rest = [k for k in CompanyFile.model_fields if k not in handled]
    rest += sorted((old["data"].keys() | new["data"].keys()) - handled - set(rest))
    return [s for _, rule in RULES for s in rule(old, new)] + [s for k in rest for s in _whole(k, old, new)]


# --- helpers ---------------------------------------------------------------------------------------


def stated(value: Any) -> Any:
    """``value`` without the empty lists and maps inside its maps (those left empty once theirs are removed
    too): a field added to the model later, empty in the new data and absent from a version recorded before
    it, states nothing in either. The change summary and the same-facts check (facts.py) both compare so."""
    if isinstance(value, dict):
        kept = {key: stated(item) for key, item in value.items()}
        return {key: item for key, item in kept.items() if not (isinstance(item, (list, dict)) and not item)}
    if isinstance(value, list):
        return [stated(item) for item in value]
    return value


def _get(doc: Doc, field: str) -> Any:
    return doc["data"].get(field)


def _pairs(old: list[Entry] | None, new: list[Entry] | None, key: Callable[[Entry], Any]) -> Iterator[tuple[Any, Any]]:
    """Differing (old, new) entries with the same key, None for a missing side: new order, then removed."""
    before, after = {key(e): e for e in old or []}, {key(e): e for e in new or []}
    for k, entry in after.items():
        if before.get(k) != entry:
            yield before.get(k), entry
    yield from ((entry, None) for k, entry in before.items() if k not in after)


def _changed(model: type[BaseModel], a: Entry, b: Entry, skip: tuple[str, ...] = ()) -> str:
    """Labels of the fields that differ, joined: one sentence per object keeps the summary short."""
    return "、".join(label(model, f) for f in model.model_fields if f not in skip and a.get(f) != b.get(f))


def _person(value: dict[str, str] | None) -> str:
    return f"{value['title']} {value['name']}" if value else "なし"


def _yen(fee: Entry) -> str:
    return f"{fee['amount']:,}円" if fee.get("amount") is not None else "金額なし"


def _kinds(fee: Entry) -> str:
    return "・".join(REQUEST_KINDS.get(k, k) for k in fee["requests"])


def _whole(field: str, old: Doc, new: Doc) -> list[str]:
    """The generic sentence for a field compared as one value."""
    a, b = _get(old, field), _get(new, field)
    if a == b:
        return []
    return [f"「{label(CompanyFile, field)}」を{'追加' if a is None else '削除' if b is None else '変更'}"]


def _list_counts(what: str, old: list[str], new: list[str]) -> list[str]:
    """Items added, removed, replaced in place (an aligned pair of one gone and one new item)."""
    gone, came = Counter(old) - Counter(new), Counter(new) - Counter(old)
    replaced = 0
    for tag, i1, i2, j1, j2 in SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag != "replace":
            continue
        for a, b in zip(old[i1:i2], new[j1:j2]):
            if gone[a] and came[b]:  # both really new and really gone, not merely moved
                gone[a], came[b], replaced = gone[a] - 1, came[b] - 1, replaced + 1
    added, removed = sum(came.values()), sum(gone.values())
    out = [f"{what}に{added}件追加"] if added else []
    out += [f"{what}から{removed}件削除"] if removed else []
    out += [f"{what}を{replaced}件変更"] if replaced else []
    return out or ([f"{what}の順序を変更"] if old != new else [])


# --- rules, one per field or group of fields -----------------------------------------------------------


def _title(old: Doc, new: Doc) -> list[str]:
    return [f"題名を変更 ({old['title']} → {new['title']})"] if old["title"] != new["title"] else []


def _identity(fields: tuple[str, ...], what: str, detail: Callable[[Any], str] | None, old: Doc, new: Doc) -> list[str]:
    a, b = [_get(old, f) for f in fields], [_get(new, f) for f in fields]
    if a == b:
        return []
    return [f"{what}を変更 ({detail(a[0])} → {detail(b[0])})" if detail else f"{what}を変更"]


def _categories(old: Doc, new: Doc) -> list[str]:
    was, now = old.get("categories", {}), new.get("categories", {})
    return [f"区分の名称を変更 ({was[c]} → {now[c]})" for c in now if c in was and was[c] != now[c]]


def _purpose_table(prefix: str, old: Doc, new: Doc, before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    names = {**old.get("categories", {}), **new.get("categories", {})}
    # the group's order of categories (a frozen version's JSON has its keys sorted), then unknown ids
    order = dict.fromkeys([*new.get("categories", {}), *names, *sorted(before.keys() | after.keys())])
    out: list[str] = []
    for cid in (c for c in order if c in before or c in after):
        a, b, what = before.get(cid), after.get(cid), f"{prefix}{names.get(cid, cid)}の利用目的"
        if a is None or b is None:
            out.append(f"{what}を{'追加' if a is None else '削除'}")
            continue
        out += _list_counts(what, _purpose_texts(a), _purpose_texts(b))
        out += [f"{what}の注記を変更"] if a.get("notes", []) != b.get("notes", []) else []
    return out


def _purpose_texts(cell: dict[str, Any]) -> list[str]:
    """A cell's purposes as text, those under themes and the information each names included: a purpose
    is a string, or ``{text, uses}``."""
    def text(p: Any, theme: str = "") -> str:
        said = p if isinstance(p, str) else f"{p['text']} ({'、'.join(p.get('uses', []))})"
        return f"{theme}: {said}" if theme else said
    return [text(p) for p in cell.get("items", [])] + [
        text(p, t["title"]) for t in cell.get("themes", []) for p in t.get("items", [])]


def _purposes(old: Doc, new: Doc) -> list[str]:
    return _purpose_table("", old, new, _get(old, "purposes") or {}, _get(new, "purposes") or {})


def _acquisition(old: Doc, new: Doc) -> list[str]:
    a, b = _get(old, "acquisition_purposes") or {}, _get(new, "acquisition_purposes") or {}
    intro = ["取得時の利用目的の説明を変更"] if a.get("intro") != b.get("intro") else []
    return _purpose_table("取得時の", old, new, a.get("rows", {}), b.get("rows", {})) + intro


def _joint_uses(old: Doc, new: Doc) -> list[str]:
    out: list[str] = []
    for a, b in _pairs(old.get("joint_uses"), new.get("joint_uses"), lambda u: u["id"]):
        if a is None or b is None:
            out.append(f"共同利用「{(a or b)['title']}」を{'追加' if a is None else '削除'}")
            continue
        # members are absent where the notice links to the group's list instead (listing: document)
        if ("members" in a) != ("members" in b):
            out.append("共同して利用する者の会社名を" + ("「共同して利用する者の一覧」に移動" if "members" in a else "文書に掲載"))
        out += [f"共同利用者に{m}を追加" for m in b.get("members", []) if m not in a.get("members", b.get("members", []))]
        out += [f"共同利用者から{m}を削除" for m in a.get("members", []) if m not in b.get("members", a.get("members", []))]
        out += ["共同利用する項目を変更"] if a.get("items") != b.get("items") else []
        out += ["共同利用の目的を変更"] if a.get("purposes") != b.get("purposes") else []
        was, now = a.get("responsible") or {"id": None, "name": None}, b.get("responsible") or {"id": None, "name": None}
        if (was["id"], was["name"]) != (now["id"], now["name"]):
            out.append(f"共同利用の管理責任者を変更 ({was['name'] or was['id']} → {now['name'] or now['id']})")
        else:  # the same company: its address and representative are printed in the notice too
            out += ["共同利用の管理責任者の住所を変更"] if was.get("address") != now.get("address") else []
            if was.get("representative") != now.get("representative"):
                out.append(f"共同利用の管理責任者の代表者を変更 ({_person(was.get('representative'))}"
                           f" → {_person(now.get('representative'))})")
        out += [f"共同利用の「{label(JointUse, f)}」を変更" for f in ("title", "started", "statement", "scope")
                if a.get(f) != b.get(f)]
    return out


def _parts(field: str, model: type[BaseModel], skip: tuple[str, ...], old: Doc, new: Doc) -> list[str]:
    """A nested object: 「label」を追加/削除 as a whole, else one sentence naming the changed parts."""
    a, b = _get(old, field), _get(new, field)
    if a is None or b is None:
        return _whole(field, old, new)
    parts = _changed(model, a, b, skip)
    return [f"{label(CompanyFile, field)} ({parts}) を変更"] if parts else []


def _abroad(old: Doc, new: Doc) -> list[str]:
    a, b = _get(old, "abroad"), _get(new, "abroad")
    if a is None or b is None:
        return _whole("abroad", old, new)
    said = {True: "取り扱う", False: "取り扱わない"}
    out = [f"外国での取扱いを変更 ({said[a['handled']]} → {said[b['handled']]})"] if a["handled"] != b["handled"] else []
    out += _entries("外国での取扱い: {} {}", "name", "name", Country, a.get("countries"), b.get("countries"))
    return out + _parts("abroad", Abroad, ("handled", "countries"), old, new)


def _requests(old: Doc, new: Doc) -> list[str]:
    a, b = _get(old, "requests"), _get(new, "requests")
    if a is None or b is None:
        return _whole("requests", old, new)
    was, now = a.get("accepted") or [], b.get("accepted") or []
    out = [f"開示等の請求: {name} を{verb}" for verb, x, y in (("追加", now, was), ("削除", was, now))
           for kind, name in REQUEST_KINDS.items() if kind in x and kind not in y]
    out += _fees(a.get("fees", []), b.get("fees", []))
    if bool(a.get("free_of_charge")) != bool(b.get("free_of_charge")):
        out.append("手数料を無料と明記" if b.get("free_of_charge") else "手数料が無料との記載を削除")
    return out + _parts("requests", Requests, ("accepted", "fees", "free_of_charge"), old, new)


def _omit_label(doc: Doc, path: str) -> str:
    """A path of ``omit:`` as a reader names it: the field's label, the category's purposes, the entry's id."""
    name, _, part = path.partition(".")
    if not part:
        return label(CompanyFile, name)
    if name == "purposes":
        return f"{doc.get('categories', {}).get(part, part)}の利用目的"
    model = next((t for t in typing.get_args(CompanyFile.model_fields[name].annotation)
                  if isinstance(t, type) and issubclass(t, BaseModel)), None) if name in CompanyFile.model_fields else None
    return f"{label(CompanyFile, name)}: {label(model, part) if model else part}"


def _omit(old: Doc, new: Doc) -> list[str]:
    """Group defaults the company removed with ``omit:``, or put back."""
    was, now = _get(old, "omit") or [], _get(new, "omit") or []
    removed = "".join(f"「{_omit_label(new, p)}」" for p in now if p not in was)
    restored = "".join(f"「{_omit_label(old, p)}」" for p in was if p not in now)
    return ([f"グループ共通の{removed}を外す (omit)"] if removed else []) + \
        ([f"グループ共通の{restored}を戻す (omit)"] if restored else [])


def _fees(old: list[Entry], new: list[Entry]) -> list[str]:
    """Fees matched by the requests they cover; a fee whose requests changed pairs with the one replacing it."""
    pairs = list(_pairs(old, new, lambda f: tuple(sorted(f["requests"]))))
    came, gone = [b for a, b in pairs if a is None], [a for a, b in pairs if b is None]
    many = max(len(old), len(new)) > 1  # name the requests only when a bare amount would be ambiguous
    out: list[str] = []
    for a, b in [p for p in pairs if None not in p] + list(zip(gone, came)):
        if a.get("amount") != b.get("amount"):
            out.append(f"手数料 {_yen(a)} → {_yen(b)}" + (f" ({_kinds(b)})" if many else ""))
        if sorted(a["requests"]) != sorted(b["requests"]):
            out.append(f"手数料がかかる請求を変更 ({_kinds(a)} → {_kinds(b)})")
        out += [f"手数料の単位を変更 ({a.get('unit')} → {b.get('unit')})"] if a.get("unit") != b.get("unit") else []
    out += [f"手数料を追加 ({_kinds(f)}: {_yen(f)})" for f in came[len(gone):]]
    return out + [f"手数料を削除 ({_kinds(f)}: {_yen(f)})" for f in gone[len(came):]]


def _entries(form: str, key: str, shown: str, model: type[BaseModel] | None,
             old: list[Entry] | None, new: list[Entry] | None) -> list[str]:
    """Keyed list entries added, removed or changed; with ``model``, naming the changed fields."""
    out: list[str] = []
    for a, b in _pairs(old, new, lambda e: e[key]):
        parts = _changed(model, a, b, (key, "disabled")) if model and a and b else ""
        verb = "を追加" if a is None else "を削除" if b is None else f"の{parts}を変更" if parts else "を変更"
        out.append(form.format((b or a).get(shown) or (b or a)[key], verb))
    return out


def _listed(field: str, form: str, key: str, shown: str, model: type[BaseModel] | None,
            old: Doc, new: Doc) -> list[str]:
    return _entries(form, key, shown, model, [e for e in _get(old, field) or [] if _printed(old, e)],
                    [e for e in _get(new, field) or [] if _printed(new, e)])


def _printed(doc: Doc, entry: Entry) -> bool:
    """Whether the notice prints the entry: not switched off and, for a section, meant for this kind of document."""
    return not entry.get("disabled", False) and doc.get("template") in entry.get("documents", [doc.get("template")])


RULES: tuple[tuple[tuple[str, ...], Rule], ...] = (
    (("title",), _title),
    (("name",), partial(_identity, ("name",), "商号", str)),
    (("postcode", "address"), partial(_identity, ("postcode", "address"), "住所", None)),
    (("representative",), partial(_identity, ("representative",), "代表者", _person)),
    (("privacy_officer",), partial(_identity, ("privacy_officer",), "個人情報保護管理者", None)),
    (("categories",), _categories),
    (("collected_information",), partial(_listed, "collected_information", "取得する個人情報: {} {}", "id", "label",
                                         InformationKind)),
    (("acquisition_methods",), partial(_listed, "acquisition_methods", "取得の方法: {} {}", "id", "description",
                                       AcquisitionMethod)),
    (("purposes",), _purposes),
    (("acquisition_purposes",), _acquisition),
    (("third_party",), partial(_whole, "third_party")),
    (("joint_uses",), _joint_uses),
    (("abroad",), _abroad),
    (("security_measures",), partial(_parts, "security_measures", SecurityMeasures, ())),
    (("requests",), _requests),
    (("contacts",), partial(_listed, "contacts", "窓口「{}」{}", "id", "department", None)),
    (("certified_organization",), partial(_parts, "certified_organization", CertifiedOrganization, ())),
    (("external_transmissions",), partial(_listed, "external_transmissions", "外部送信: {} {}", "tool", "name",
                                          Transmission)),
    (("retention",), partial(_listed, "retention", "保存期間: {} {}", "type", "type", None)),
    (("anonymized",), partial(_parts, "anonymized", Anonymized, ())),
    (("pseudonymized",), partial(_parts, "pseudonymized", Pseudonymized, ())),
    (("sections",), partial(_listed, "sections", "「{}」の節{}", "id", "title", None)),
    (("omit",), _omit),
)
"""(fields covered, rule) in the order a reader meets them; every other data field gets :func:`_whole`."""
