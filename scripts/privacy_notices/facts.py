"""The same facts on every date: a company's documents in force on one day state one set of facts.

On every date on which a version of one of a company's documents takes effect, the versions in
force of all its documents (:func:`~.versions.statuses` says which; an announcement amended before
it took effect is read as amended) are compared through their frozen resolved data (``.json``,
:mod:`.resolved`): a fee, a desk, the officer or a joint use written one way in one document and
another way in another is an error naming the first such date (issue 10). Only frozen versions
are judged: revisions older than the archive have no data to compare. A disagreement that ended
before today is history (published, frozen, past repair) and is not reported; one still in force
today, or announced, is reported from the day it began.

A fact is a field of the resolved data held by two or more of the documents in force, except the
fields in :data:`NOT_FACTS` (what one document says of itself or how it is laid out) and those a
kind of document holds without printing them (:data:`NOT_PRINTED`): a change there cannot be
recorded for that document, since its text does not change. A fact one document alone states is
compared with nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any

from .changes import _person, _yen, label, stated, summarize
from .dates import today_in_tokyo
from .errors import Problem, Severity
from .loader import Company, Group
from .model import CompanyFile
from .unrecorded import record_command
from .versions import Archive, Entry, Frozen, dump_json, entries, statuses

if TYPE_CHECKING:
    from .scoped import Scoped

NOT_FACTS = frozenset({"declaration", "sections", "business", "website", "short_name", "date_style", "omit"})
"""Data fields that are not facts shared by documents: the policy's own declaration, sections meant for
one kind of document, what only the company page shows, layout, and which group defaults a company left out
(``omit``: each document lists those it would have shown; the facts themselves are compared).
"""
NOT_PRINTED = {"cookies": frozenset({"privacy_officer"}), "joint_use": frozenset({"privacy_officer"})}
"""Fields a kind of document holds in its resolved data (``resolved.SHOWN``) but does not print."""
JOINT_USES = ("policy", "handling", "joint_use")
"""The kinds of document whose resolved data lists the company's joint uses (as ``resolved_data``)."""
MESSAGE = "同じ日に効力のある文書の間で、記載している事実が食い違っています"

Facts = dict[str, Any]
"""A frozen version's facts: field -> its value as JSON text (``joint_uses`` beside the data fields)."""
Held = dict[str, tuple[dt.date, str, Facts]]
"""document -> (date of its version in force, title, facts)."""


def same_facts_problems(group: Group, archive: Archive, today: dt.date | None = None,
                        drafts: bool = False, scoped: Scoped | None = None) -> list[Problem]:
    """One problem per company whose documents disagree on a date still ahead: the first such date.

    A disagreement that ended before ``today`` (Tokyo) is history, frozen and past repair; one in
    force on ``today`` or later is reported from the day it began. ``dt.date.min`` judges every date.
    ``drafts`` (a preview, where an editor may be half-way through recording) makes them warnings."""
    today = today or today_in_tokyo()
    loaded: dict[Frozen, tuple[str, Facts] | None] = {}
    kept = scoped if scoped is not None and today.isoformat() == scoped.today else None  # kept for today's date
    found = []
    for company in group.companies.values():
        compare = partial(_company, company, archive, loaded, today)
        found += kept.get("facts", company, compare) if kept is not None else compare()
    return [replace(p, severity=Severity.WARNING) for p in found] if drafts else found


def _company(company: Company, archive: Archive, loaded: dict[Frozen, tuple[str, Facts] | None],
             today: dt.date) -> list[Problem]:
    documents = company.data.documents
    histories = {doc: entries(spec.history) for doc, spec in documents.items()}
    frozen: dict[str, dict[dt.date, list[Frozen]]] = {}
    for doc in documents:
        for version in archive.frozen(company.id, doc):  # one scan of the manifest per document
            frozen.setdefault(doc, {}).setdefault(version.date, []).append(version)
    if len(frozen) < 2:
        return []  # one document (or none) in the archive: nothing to compare
    first = min(min(days) for days in frozen.values())
    days = sorted({e.date for history in histories.values() for e in history if e.date >= first})
    start = max([i for i, day in enumerate(days) if day <= today], default=0)  # the day in force today
    for i in range(start, len(days)):  # from today on: what is still published or announced
        held = _in_force(company, histories, frozen, archive, loaded, days[i])
        if _differences(held):
            began = i
            while i == start and began > 0:  # a disagreement in force today: from the day it began
                earlier = _in_force(company, histories, frozen, archive, loaded, days[began - 1])
                if not _differences(earlier):
                    break
                began, held = began - 1, earlier
            return [_problem(company, days[began], held, _differences(held), today)]
    return []


def _in_force(company: Company, histories: dict[str, list[Entry]], frozen: dict[str, dict[dt.date, list[Frozen]]],
              archive: Archive, loaded: dict[Frozen, tuple[str, Facts] | None], day: dt.date) -> Held:
    """The frozen version of each document in force on ``day`` (as amended before it took effect), with its
    title and facts."""
    held: Held = {}
    for doc, history in histories.items():
        current = next((v.date for v in statuses(history, day) if v.status == "current"), None)
        announced = frozen.get(doc, {}).get(current) if current else None
        if announced:
            version = archive.latest(company.id, doc, current, day) if len(announced) > 1 else announced[0]
            if version not in loaded:
                loaded[version] = _facts(archive, version)
            if loaded[version] is not None:
                held[doc] = (current, *loaded[version])
    return held


def _facts(archive: Archive, version: Frozen) -> tuple[str, Facts] | None:
    """The version's title and facts, each as its JSON text (None when the data cannot be read: ``check``
    reports that). Cut from the text :func:`~.versions.dump_json` wrote, so that the thousands of versions
    of a large group are compared without parsing them whole; any other layout is parsed."""
    try:
        text = (archive.base / f"{version.stem}.json").read_text(encoding="utf-8")
        cut = _cut(text)
        if cut is None:
            resolved = json.loads(text)
            cut = (resolved.get("template"), resolved.get("title"),
                   {k: dump_json(v) for k, v in resolved["data"].items()}, dump_json(resolved.get("joint_uses", [])))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    template, title, data, joint_uses = cut
    facts = {k: v for k, v in data.items() if k not in NOT_FACTS and k not in NOT_PRINTED.get(template, ())}
    if template in JOINT_USES:
        facts["joint_uses"] = joint_uses
    return str(title or version.document), facts


def _cut(text: str) -> tuple[Any, Any, dict[str, str], str] | None:
    """(template, title, data field -> its JSON text, the joint uses' JSON text) of a ``dump_json`` text, or None.

    ``dump_json`` indents by one space and sorts keys: a data field starts a line with two spaces and a
    quote, and the data ends at the first line " }" after ``"data": {``."""
    head = '\n "data": {\n  "'
    start = text.find(head)
    end = text.find("\n }", start + 1)
    if not text.startswith("{\n") or start < 0 or end < 0:
        return None
    data = {}
    for part in text[start + len(head):end].split('\n  "'):
        key, _, value = part.partition('": ')
        data[key] = value.removesuffix(",")
    return _top(text, "template"), _top(text, "title"), data, _top(text, "joint_uses", raw=True) or "[]"


def _top(text: str, key: str, raw: bool = False) -> Any:
    """A top-level value of a ``dump_json`` text: a one-line value parsed, or (``raw``) a list's text."""
    start = text.find(f'\n "{key}": ')
    if start < 0:
        return None
    start += len(f'\n "{key}": ')
    if raw:
        return text[start:start + 2] if text.startswith("[]", start) else text[start:text.find("\n ]", start) + 3]
    return json.loads(text[start:text.find("\n", start)].removesuffix(","))


def _differences(in_force: Held) -> list[tuple[str, list[list[str]]]]:
    """(field, documents grouped by the value they state) for every fact stated two ways."""
    fields: dict[str, list[str]] = {}
    for doc, (_, _, facts) in in_force.items():
        for name in facts:
            fields.setdefault(name, []).append(doc)
    found = []
    for name, docs in fields.items():
        if len(docs) < 2:
            continue  # a fact only one document states is compared with nothing
        groups: list[tuple[Any, list[str]]] = []
        for doc in docs:
            value = in_force[doc][2][name]
            match = next((g for g in groups if g[0] == value), None)
            if match:
                match[1].append(doc)
            else:
                groups.append((value, [doc]))
        if len(groups) > 1 and len({_canonical(name, v) for v, _ in groups}) > 1:
            found.append((name, [g[1] for g in groups]))  # the texts differ, and not merely in layout or order
    return found


def _canonical(name: str, text: str) -> str:
    """A fact's value as compared: parsed (layout aside), joint users as a set (their order follows the group's
    list of companies: a company joining the group is no change of fact for the others). An empty list or
    mapping states nothing, as an absent key: a field a later model adds empty (``themes``, ``not_accepted``)
    is no change of fact against versions frozen before it."""
    value = stated(json.loads(text))
    if name == "joint_uses" and isinstance(value, list):
        value = [{**use, "members": sorted(use.get("members", []))} for use in value if isinstance(use, dict)]
    return json.dumps(value, sort_keys=True)


SHORT: dict[str, tuple[str, Callable[[Facts], str]]] = {
    "name": ("商号", lambda f: str(f["name"])),
    "address": ("住所", lambda f: str(f["address"])),
    "postcode": ("郵便番号", lambda f: str(f["postcode"])),
    "representative": ("代表者", lambda f: _person(f["representative"])),
    "privacy_officer": ("個人情報保護管理者", lambda f: _person(f["privacy_officer"])),
}
"""Facts said in a few words: (label, the value in short form)."""


def _fees(facts: Facts) -> str:
    return "、".join(_yen(fee) for fee in facts["requests"].get("fees", [])) or "なし"


def _said(name: str, groups: list[list[str]], in_force: Held) -> str:
    """One fact in short form: 「手数料: 個人情報保護方針 800円、個人情報の取扱いについて 1,000円」."""
    titles = ["・".join(in_force[doc][1] for doc in docs) for docs in groups]
    facts = [{name: json.loads(in_force[docs[0]][2][name])} for docs in groups]
    short = SHORT.get(name)
    if name == "requests" and len({_fees(f) for f in facts}) > 1:
        short = ("手数料", _fees)
    if short:
        return f"{short[0]}: " + "、".join(f"{t} {short[1](f)}" for t, f in zip(titles, facts))
    what = "共同利用" if name == "joint_uses" else label(CompanyFile, name)

    def one(f: Facts) -> dict[str, Any]:
        return {"title": "", "template": "", "categories": {}, "data": {} if name == "joint_uses" else {name: f[name]},
                "joint_uses": f["joint_uses"] if name == "joint_uses" else []}
    detail = "、".join(summarize(one(facts[0]), one(facts[1])))
    return f"{what}: {' と '.join(titles)} で違います" + (f" ({titles[1]} では{detail})" if detail else "")


def _problem(company: Company, day: dt.date, in_force: Held, differences: list[tuple[str, list[list[str]]]],
             today: dt.date) -> Problem:
    newest_first = [(name, sorted(groups, key=lambda docs: -max(in_force[d][0] for d in docs).toordinal()))
                    for name, groups in differences]  # what the new versions state, then what the others still do
    said = [_said(name, groups, in_force) for name, groups in newest_first]
    found = f"{day.isoformat()} から: " + "; ".join(said[:3]) + (f"; ほか{len(said) - 3}件" if len(said) > 3 else "")
    disagreeing = {doc for _, groups in differences for docs in groups for doc in docs}
    ordered = [doc for doc in company.data.documents if doc in disagreeing]  # the company file's order
    changed = [doc for doc in ordered if in_force[doc][0] == day]
    behind = [doc for doc in ordered if in_force[doc][0] < day]
    return company.origin("documents").problem(message=MESSAGE, found=found,
                                               fix=_fix(company, day, in_force, changed, behind, today))


def _fix(company: Company, day: dt.date, in_force: Held, changed: list[str], behind: list[str], today: dt.date) -> str:
    """What to do: record the change for each document left behind on ``day`` (the ``record`` command when
    it can take it), else bring the announced versions into line."""
    documents = company.data.documents
    if not behind:  # every disagreeing document took a version that day: one of them states it wrongly
        return "同じ日に施行される版の内容を揃えてください。施行前の版なら、その版を改めてください (施行予定の版の修正)"
    summary = next((r.summary for doc in changed for r in documents[doc].history if r.date == day), "改定の概要")
    steps = []
    for doc in behind:
        later = [r.date for r in documents[doc].history if r.date > day]
        title = in_force[doc][1]
        if later:
            when = "施行予定の版" if later[0] > today else "版"
            steps.append(f"{title} には {later[0].isoformat()} に{when}があるため、{day.isoformat()} の改定をいま記録"
                         f"できません。施行前の版の修正・取り下げの手続で {day.isoformat()} から同じ内容にするか、"
                         f"ほかの文書の {day.isoformat()} の改定を {later[0].isoformat()} 以降に改めてください")
        else:
            steps.append(f"{title} にも同じ日からの改定を記録してください: "
                         + record_command(company.id, doc, day, summary))
    return "。".join(steps)
