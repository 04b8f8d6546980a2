"""The ``record`` command: the history entry in the company's YAML, and the frozen version.

``record`` edits the company file in place through ruamel.yaml's round-trip mode, so the
editor's comments, key order, quoting and blank lines stay exactly as they were; then it
renders the notice as of the revision's date and freezes text and resolved data. It refuses a
date before the last revision, an existing version, an empty summary, a text that is the previous
version's apart from its dates, and (unless confirmed) a date more than two years ahead.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from .check import check
from .errors import Severity
from .joint_users import publishers
from .layout import COMPANIES, GROUP_FILE, VERSIONS, company_file
from .loader import load_group
from .lookup import RecordError, company_of, document_of
from .provenance import check_archive
from .render import render_version
from .unrecorded import suggestion
from .version_pdf import pdf_paths, record_pdfs
from .versions import MANIFEST, Archive, Frozen, all_or_nothing, write_atomic
from .yamlio import editor_for

__all__ = ["RecordError", "Recorded", "record", "record_all", "changed_documents",
           "refuse_far_future", "refuse_unchanged", "apart_from_dates", "with_pdfs",
           "append_history", "history_appended", "move_trailing_comment", "company_path"]


@dataclass(frozen=True)
class Recorded:
    version: Frozen
    appended: bool
    """False when the history entry existed already and only its version was frozen."""
    files: list[Path]


def company_path(root: Path, company: str) -> Path:
    """The file holding the company's documents and their history (the group file for the group's list)."""
    from .joint_users import GROUP_ID

    single = root / COMPANIES / f"{company}.yaml"
    if company == GROUP_ID and not single.is_file() and not (root / COMPANIES / company).is_dir():
        return root / GROUP_FILE
    return company_file(root, company)


def append_history(path: Path, document: str, day: dt.date, summary: str) -> None:
    """Append ``{date, summary}`` to the document's history, keeping the rest of the file byte for byte."""
    write_atomic(path, history_appended(path.read_text(encoding="utf-8"), document, day, summary).encode("utf-8"))


def history_appended(text: str, document: str, day: dt.date, summary: str) -> str:
    """The company file's text with ``{date, summary}`` appended to the document's history."""
    yaml = editor_for(text)
    data = yaml.load(text)
    entry = CommentedMap()
    entry["date"] = day
    entry["summary"] = summary
    # the group file has no documents: its one versioned document (the list of joint users) is joint_users
    history = (data["documents"][document] if "documents" in data else data["joint_users"])["history"]
    move_trailing_comment(history[-1], entry)
    history.append(entry)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def move_trailing_comment(source: CommentedMap, target: CommentedMap) -> None:
    """Move what follows ``source`` in the file (blank lines, a comment before the next key) to ``target``.

    ruamel.yaml attaches the lines after a list to its last item; without this, a new last
    item would push them up between the old last item and itself.
    """
    last = list(source)[-1]
    tail = source.ca.items.pop(last, None)
    if tail is not None:
        target.ca.items[list(target)[-1]] = tail


def record(root: Path, company_id: str, document: str, day: dt.date, summary: str, pdf: bool = True) -> Recorded:
    """Record the revision of ``document`` effective on ``day`` and freeze its version, with its PDF (DECISIONS.md 44;
    ``pdf=False``: the caller makes the PDFs of several versions together, :func:`~.version_pdf.record_pdfs`)."""
    group, problems = check(root, versions=False, as_of=day)
    archive = Archive(root)
    blocking = [p for p in problems if p.severity is Severity.ERROR] + check_archive(archive).problems
    if group is None or blocking:
        raise RecordError("データに誤りがあるため記録できません。先に check の指摘を直してください:\n"
                          + "\n".join(p.format() for p in blocking))
    company = company_of(group, company_id)
    spec = document_of(company, document)
    history = spec.history
    version = Frozen(company_id, document, day)
    if archive.exists(version):
        raise RecordError(f"{day.isoformat()} の版は記録済みです。公開済みの版は上書きできません"
                          " → 内容を改めるときは、新しい施行日で改定を記録してください")
    last = history[-1].date
    if day < last:
        raise RecordError(f"施行日 {day.isoformat()} が最後の改定 ({last.isoformat()}) より前です"
                          " → 最後の改定より後の日付を --date に指定してください")
    appended = day > last
    if appended and not summary.strip():
        raise RecordError("改定の概要が空です → --summary に何を改めたかを書いてください"
                          + suggestion(group, company, document, archive))
    path = company_path(root, company_id)
    # all or nothing: a failure (a template error, Ctrl-C) puts the company file and versions/ back
    with all_or_nothing([path, root / MANIFEST, *(archive.base / f"{version.stem}{s}" for s in (".md", ".json", ".pdf"))]):
        if appended:
            append_history(path, document, day, summary.strip())
            group, problems = load_group(root)
            if group is None or problems:
                raise RecordError("記録した後のデータを読めません:\n" + "\n".join(p.format() for p in problems))
            company = company_of(group, company_id)
        text, data = render_version(group, company, document, day)
        refuse_unchanged(archive, version, text)
        files = archive.freeze(version, text, data)
        if pdf:
            files += record_pdfs(root, group, [version])
    return Recorded(version, appended, files)


DATE_LINE = re.compile(r"^\s*(制定日|最終改定日|改定日|施行日)[\s:：]", re.MULTILINE)
"""The lines of a notice that state its dates: they change with every revision, so they do not count."""


def apart_from_dates(text: str) -> str:
    """A notice's text without its front matter and its 制定日/改定日 lines."""
    if text.startswith("---\n") and (end := text.find("\n---\n", 4)) != -1:
        text = text[end + 5:]
    return "\n".join(line for line in text.splitlines() if not DATE_LINE.match(line)).strip()


def refuse_unchanged(archive: Archive, version: Frozen, text: str) -> None:
    """Refuse a revision whose text is the previous version's apart from its dates (an empty revision)."""
    earlier = [d for d in archive.dates(version.company, version.document) if d < version.date]
    if not earlier:
        return  # the first version: there is nothing to compare it with
    previous = archive.latest(version.company, version.document, earlier[-1])
    if apart_from_dates(text) == apart_from_dates(archive.text(previous)):
        raise RecordError(f"本文が前の版 ({earlier[-1].isoformat()}) と同じで、違うのは制定日・改定日だけです。"
                          "記録する改定がありません → 改める内容をデータ (companies/ の会社のファイルなど) に"
                          "書いてから記録してください。内容を変えないのなら、記録は要りません")


FAR_FUTURE_YEARS = 2
"""An effective date further ahead than this is more likely a typo (2062 for 2026) than a plan."""


def refuse_far_future(day: dt.date, today: dt.date) -> None:
    """Refuse an effective date more than two years after ``today`` (``record --far-future`` confirms it)."""
    try:
        limit = today.replace(year=today.year + FAR_FUTURE_YEARS)
    except ValueError:  # 29 February
        limit = today.replace(year=today.year + FAR_FUTURE_YEARS, day=28)
    if day > limit:
        raise RecordError(f"施行日 {day.isoformat()} は今日 ({today.isoformat()}) から{FAR_FUTURE_YEARS}年より先です。"
                          f"年の打ち間違い ({today.year} を {_swapped(today.year)} と打つなど) ではありませんか"
                          " → --date の施行日を確かめてください。この日付で正しいときは --far-future を付けて記録してください")


def _swapped(year: int) -> str:
    """The year with its last two digits swapped (2026 -> 2062): the typo the refusal warns of."""
    text = str(year)
    swapped = text[:-2] + text[-1] + text[-2]
    return swapped if swapped != text else str(year + 10)


def record_all(root: Path, targets: list[tuple[str, str]], day: dt.date, summary: str) -> list[Recorded]:
    """Record several documents at once (``record --all``): every one of them, or none."""
    paths = [root / MANIFEST]
    for cid, doc in targets:
        stem = Frozen(cid, doc, day).stem
        paths += [company_path(root, cid), root / VERSIONS / f"{stem}.md", root / VERSIONS / f"{stem}.json",
                  *pdf_paths(root, [Frozen(cid, doc, day)])]
    done = []
    with all_or_nothing(dict.fromkeys(paths)):
        for cid, doc in targets:
            try:
                done.append(record(root, cid, doc, day, summary, pdf=False))
            except RecordError as exc:
                raise RecordError(f"{cid} {doc}: {exc}") from None
        with_pdfs(root, done)  # the PDFs of every version recorded, together (in parallel)
    return done


def with_pdfs(root: Path, done: list[Recorded]) -> None:
    """Write the PDFs of the versions just recorded (their files listed in each :class:`Recorded`)."""
    group, problems = load_group(root)
    if group is None:
        raise RecordError("記録した後のデータを読めません:\n" + "\n".join(p.format() for p in problems))
    written = set(record_pdfs(root, group, [d.version for d in done]))
    for d in done:
        d.files.extend(path for path in pdf_paths(root, [d.version]) if path in written)


def changed_documents(root: Path) -> list[tuple[str, str]]:
    """Documents whose published text would differ from their latest frozen version (for --all)."""
    group, problems = check(root, versions=False)
    if group is None or any(p.severity is Severity.ERROR for p in problems):
        raise RecordError("データに誤りがあるため記録できません。先に check の指摘を直してください")
    archive = Archive(root)
    changed = []
    for company in publishers(group):  # the companies, then the group's list of joint users
        cid = company.id
        for doc in company.data.documents:
            dates = archive.dates(cid, doc)
            if not dates:
                continue
            text, _ = render_version(group, company, doc, dates[-1])
            if text != archive.text(archive.latest(cid, doc, dates[-1])):
                changed.append((cid, doc))
    return changed
