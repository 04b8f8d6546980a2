"""Amending and withdrawing an announced revision before it takes effect (``record --amend``, ``withdraw``).

The public may have read an announced version already, so nothing is rewritten: an amendment is a new
frozen file of the same version (``<date>.amended-<today>.md``/``.json``) and an ``amended`` item on its
history entry; a withdrawal marks the entry (``withdrawn``) and keeps the files. A version in force
never changes (DECISIONS.md, "Amending and withdrawing announced revisions"). "Today" is today in
Tokyo (``PRIVACY_NOTICES_TODAY`` in tests).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Callable

from ruamel.yaml.comments import CommentedMap

from .check import check
from .errors import Severity
from .loader import Group, load_group
from .lookup import RecordError, company_of, document_of
from .model import Revision
from .provenance import check_archive
from .record import DATE_LINE, Recorded, apart_from_dates, company_path, with_pdfs
from .render import render_version
from .version_pdf import record_pdfs
from .versions import MANIFEST, Archive, Frozen, all_or_nothing, write_atomic
from .versions.carry import carry, carry_data
from .yamlio import editor_for

__all__ = ["amend", "withdraw", "record_group", "announced_after", "record_before_announced"]


def refuse_second_amendment(archive: Archive, version: Frozen) -> None:
    """Refuse an amendment made on a day the version was amended already, or before its latest amendment
    (which would then stay the latest: the new one would never be published)."""
    assert version.amended is not None
    today, day = version.amended, version.date
    if archive.exists(version):
        raise RecordError(f"{day.isoformat()} の改定は今日 ({today.isoformat()}) 修正済みです。同じ日に二度は修正できません"
                          " → 続きの修正は明日以降に記録してください")
    latest = archive.latest(version.company, version.document, day).amended
    if latest is not None and latest > today:
        raise RecordError(f"{day.isoformat()} の改定は {latest.isoformat()} に修正済みで、今日 ({today.isoformat()}) より後です"
                          " → 今日の日付を確かめてください (PRIVACY_NOTICES_TODAY を指定しているときはその値)")


def amend(root: Path, company_id: str, document: str, day: dt.date, summary: str, today: dt.date) -> Recorded:
    """Re-freeze the announced version of ``day`` with the current data, as an amendment made ``today``."""
    _announced(_loaded(root), root, company_id, document, day, today, "修正")  # the refusals that need no check
    if not summary.strip():
        raise RecordError("修正の概要が空です → --summary に何を修正したかを書いてください")
    group = _checked(root, day)
    archive = Archive(root)
    version = Frozen(company_id, document, day, today)
    refuse_second_amendment(archive, version)
    company = group.companies[company_id]
    text, data = render_version(group, company, document, day)
    previous = archive.latest(company_id, document, day)
    if apart_from_dates(text) == apart_from_dates(archive.text(previous)):
        raise RecordError(f"本文が告知済みの {day.isoformat()} の版と同じです。修正する内容がありません"
                          " → 改める内容をデータ (companies/ の会社のファイルなど) に書いてから修正を記録してください")
    path = company_path(root, company_id)
    with all_or_nothing([path, root / MANIFEST, *(archive.base / f"{version.stem}{s}" for s in (".md", ".json", ".pdf"))]):
        _edit_entry(path, document, day, lambda entry: _add_amendment(entry, today, summary.strip()))
        files = archive.freeze(version, text, data)
        files += record_pdfs(root, group, [version])  # the amended announcement's PDF (DECISIONS.md 44)
    return Recorded(version, False, files)


def withdraw(root: Path, company_id: str, document: str, day: dt.date, reason: str, today: dt.date) -> Path:
    """Mark the announced revision of ``day`` as withdrawn ``today``; its frozen files stay."""
    _announced(_loaded(root), root, company_id, document, day, today, "取り下げ")
    if not reason.strip():
        raise RecordError("取り下げの理由が空です → --reason に取り下げる理由を書いてください")
    path = company_path(root, company_id)
    entry = CommentedMap()
    entry["on"] = today
    entry["reason"] = reason.strip()
    _edit_entry(path, document, day, lambda item: item.__setitem__("withdrawn", entry))
    return path


def _loaded(root: Path) -> Group:
    group, _ = load_group(root)
    if group is None:
        raise RecordError("データを読めません。先に check の指摘を直してください")
    return group


def _checked(root: Path, day: dt.date) -> Group:
    group, problems = check(root, versions=False, as_of=day)
    blocking = [p for p in problems if p.severity is Severity.ERROR] + check_archive(Archive(root)).problems
    if group is None or blocking:
        raise RecordError("データに誤りがあるため記録できません。先に check の指摘を直してください:\n"
                          + "\n".join(p.format() for p in blocking))
    return group


def _announced(group: Group, root: Path, company_id: str, document: str, day: dt.date, today: dt.date,
               action: str) -> Revision:
    """The history entry of an announced version not yet in force, or the refusal that says why not."""
    spec = document_of(company_of(group, company_id), document)
    frozen = set(Archive(root).dates(company_id, document))
    revision = next((r for r in spec.history if r.date == day and day in frozen), None)
    if revision is None:
        announced = [r.date.isoformat() for r in spec.history if r.date > today and r.date in frozen and not r.withdrawn]
        raise RecordError(f"{company_id}/{document} に {day.isoformat()} の版はありません → {action}できるのは施行前の改定です: "
                          + (", ".join(announced) or "施行前の改定はありません"))
    cannot = "修正できません" if action == "修正" else "取り下げられません"
    if day <= today:
        raise RecordError(f"{day.isoformat()} の版は施行済みです (今日は {today.isoformat()})。施行された版は{cannot}"
                          " → 内容を改めるときは、新しい施行日で改定を記録してください")
    if revision.withdrawn is not None:
        raise RecordError(f"{day.isoformat()} の改定は {revision.withdrawn.on.isoformat()} に取り下げ済みです。"
                          f"取り下げた改定は{cannot} → 改めるときは、新しい施行日で改定を記録してください")
    return revision


def _edit_entry(path: Path, document: str, day: dt.date, change: Callable[[CommentedMap], None]) -> None:
    """Change one history entry of the company file, keeping the rest of it byte for byte."""
    text = path.read_text(encoding="utf-8")
    yaml = editor_for(text)
    data = yaml.load(text)
    entry = next(item for item in data["documents"][document]["history"] if item["date"] == day)
    before = _deepest(entry)
    tail = before.ca.items.pop(list(before)[-1], None)  # blank lines or a comment after the entry stay after it
    change(entry)
    if tail is not None:
        after = _deepest(entry)
        after.ca.items[list(after)[-1]] = tail
    out = io.StringIO()
    yaml.dump(data, out)
    write_atomic(path, out.getvalue().encode("utf-8"))


def _deepest(node: CommentedMap) -> CommentedMap:
    """The mapping whose last key ends ``node`` in the file (where ruamel.yaml keeps what follows it)."""
    while True:
        value = node[list(node)[-1]]
        if isinstance(value, list) and value and isinstance(value[-1], CommentedMap):
            node = value[-1]
        elif isinstance(value, CommentedMap) and value:
            node = value
        else:
            return node


def _add_amendment(entry: CommentedMap, today: dt.date, summary: str) -> None:
    item = CommentedMap()
    item["on"] = today
    item["summary"] = summary
    if "amended" not in entry:
        entry["amended"] = []
    entry["amended"].append(item)


def record_group(root: Path, plain: list[tuple[str, str]], announced: list[tuple[str, str]], day: dt.date,
                 summary: str, today: dt.date) -> list[Recorded]:
    """``record --all``: ``day`` for every changed document, and for those with a revision announced after
    ``day`` the same change carried into ``day`` and into each announced revision (amended): all or none."""
    from .record import record

    archive = Archive(root)
    paths = [root / MANIFEST]
    for cid, doc in plain + announced:
        paths.append(company_path(root, cid))
        stems = [Frozen(cid, doc, day).stem] + [Frozen(cid, doc, later, today).stem
                                                for later in _later(root, cid, doc, day)]
        paths += [archive.base / f"{stem}{suffix}" for stem in stems for suffix in (".md", ".json", ".pdf")]
    done: list[Recorded] = []
    with all_or_nothing(dict.fromkeys(paths)):
        for cid, doc in plain + announced:
            try:
                done += (record_before_announced(root, cid, doc, day, summary, today) if (cid, doc) in announced
                         else [record(root, cid, doc, day, summary, pdf=False)])
            except RecordError as exc:
                raise RecordError(f"{cid} {doc}: {exc}") from None
        with_pdfs(root, done)  # every version's and amendment's PDF, together (in parallel)
    return done


def announced_after(root: Path, targets: list[tuple[str, str]], day: dt.date) -> list[tuple[str, str]]:
    """The documents among ``targets`` that have a revision announced after ``day`` (not withdrawn)."""
    return [(cid, doc) for cid, doc in targets if _later(root, cid, doc, day)]


def _later(root: Path, company_id: str, document: str, day: dt.date) -> list[dt.date]:
    group = _loaded(root)
    spec = company_of(group, company_id).data.documents[document]  # the group's list of joint users too
    return [r.date for r in spec.history if r.date > day and not r.withdrawn]


def record_before_announced(root: Path, company_id: str, document: str, day: dt.date, summary: str,
                            today: dt.date) -> list[Recorded]:
    """Record ``day`` before the document's announced revisions and amend each of them with the change.

    The change is what today's data alters in the last announced revision; it is carried onto the version
    in force before ``day`` (:func:`~.versions.carry`), so ``day`` does not publish the announced changes early."""
    from .record import refuse_unchanged

    later = _later(root, company_id, document, day)
    if later[0] <= today:
        raise RecordError(f"{day.isoformat()} より後の改定 ({later[0].isoformat()}) がすでに施行されています"
                          " → 施行日を施行済みの改定より後にしてください")
    if not summary.strip():
        raise RecordError("改定の概要が空です → --summary に何を改めたかを書いてください")
    _checked(root, day)
    archive = Archive(root)
    withdrawn = {r.date for r in _loaded(root).companies[company_id].data.documents[document].history if r.withdrawn}
    before = [d for d in archive.dates(company_id, document) if d < day and d not in withdrawn]
    if not before:
        raise RecordError(f"{day.isoformat()} より前の版がないため、施行予定の改定と分けて記録できません"
                          " → 施行予定の改定を record --amend で修正してください")
    previous = archive.latest(company_id, document, before[-1])
    announced = archive.latest(company_id, document, later[-1])
    path = company_path(root, company_id)
    write_atomic(path, _history_inserted(path.read_text(encoding="utf-8"), document, day, summary.strip()).encode("utf-8"))
    group = _loaded(root)
    company = group.companies[company_id]
    changed, changed_data = render_version(group, company, document, later[-1])
    dated, _ = render_version(group, company, document, day)
    text = carry(archive.text(announced), changed, archive.text(previous))
    text = _with_dates(text or "", dated)
    if not text:
        raise RecordError(f"データの変更を {later[-1].isoformat()} 施行予定の改定の内容と分けられません"
                          f" (施行予定の改定で加わる箇所も変わっています) → 施行予定の改定だけに加える変更をいったん戻して"
                          f"記録し、その後でその変更を record --amend で施行予定の改定に加えてください")
    version = Frozen(company_id, document, day)
    refuse_unchanged(archive, version, text)
    done = [Recorded(version, True, archive.freeze(
        version, text, carry_data(archive.data(announced), changed_data, archive.data(previous))))]
    note = f"{day.isoformat()} の改定 ({summary.strip()}) を反映"
    for when in later:
        old = archive.latest(company_id, document, when)
        if when == later[-1]:
            new, data = changed, changed_data
        else:
            new = _with_dates(carry(archive.text(announced), changed, archive.text(old)) or "",
                              render_version(group, company, document, when)[0])
            data = carry_data(archive.data(announced), changed_data, archive.data(old))
        if not new or apart_from_dates(new) == apart_from_dates(archive.text(old)):
            continue
        amended = Frozen(company_id, document, when, today)
        refuse_second_amendment(archive, amended)
        _edit_entry(path, document, when, lambda entry: _add_amendment(entry, today, note))
        done.append(Recorded(amended, False, archive.freeze(amended, new, data)))
    return done


def _history_inserted(text: str, document: str, day: dt.date, summary: str) -> str:
    """The company file's text with ``{date, summary}`` placed in the history before the later revisions."""
    yaml = editor_for(text)
    data = yaml.load(text)
    history = data["documents"][document]["history"]
    entry = CommentedMap()
    entry["date"] = day
    entry["summary"] = summary
    history.insert(next(i for i, item in enumerate(history) if item["date"] > day), entry)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _with_dates(text: str, dated: str) -> str:
    """``text`` with the front matter and the 制定日/改定日 lines of ``dated`` (the same version rendered today)."""
    if not text:
        return text
    front = dated[:dated.find("\n---\n", 4) + 5] if dated.startswith("---\n") else ""
    body = text[text.find("\n---\n", 4) + 5:] if text.startswith("---\n") else text
    dates = [line for line in dated.splitlines(keepends=True) if DATE_LINE.match(line)]
    lines = body.splitlines(keepends=True)
    slots = [i for i, line in enumerate(lines) if DATE_LINE.match(line)]
    if len(slots) != len(dates):
        return ""
    for i, line in zip(slots, dates):
        lines[i] = line
    return front + "".join(lines)
