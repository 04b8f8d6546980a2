"""Recording revisions: the history entry in the company's YAML, and the frozen version.

``record`` edits the company file in place through ruamel.yaml's round-trip mode, so the
editor's comments, key order, quoting and blank lines stay exactly as they were; then it
renders the notice as of the revision's date and freezes text and resolved data.
``version_problems`` is the other half: it finds published text that changed without a
recorded revision, and frozen versions that no longer match the history.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import shlex
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from .check import check
from .errors import Problem, Severity
from .loader import Company, Group, load_group
from .model import DocumentSpec
from .render import Renderer
from .resolved import resolved_data
from .versions import MANIFEST, Archive, Frozen, all_or_nothing, write_atomic
from .yamlio import editor_for


class RecordError(Exception):
    """A revision that cannot be recorded; the message says why and what to do, in Japanese."""


@dataclass(frozen=True)
class Recorded:
    version: Frozen
    appended: bool
    """False when the history entry existed already and only its version was frozen."""
    files: list[Path]


def render_version(group: Group, company: Company, document: str, day: dt.date,
                   renderer: Renderer | None = None) -> tuple[str, dict]:
    """The notice's text and resolved data as published on ``day``, from the current data."""
    renderer = renderer or Renderer(group, day)
    text = renderer.document(renderer.context(company, document, day), company)
    return text, resolved_data(group, company, document)


def record_command(company: str, document: str, day: dt.date | str, summary: str) -> str:
    """The command line an editor runs to record a revision."""
    date = day.isoformat() if isinstance(day, dt.date) else day
    return (f"privacy-notices record {company} {document} --date {date} "
            f"--summary {shlex.quote(summary)}")


def company_path(root: Path, company: str) -> Path:
    single = root / "companies" / f"{company}.yaml"
    return single if single.is_file() else root / "companies" / company / "company.yaml"


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
    history = data["documents"][document]["history"]
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


def record(root: Path, company_id: str, document: str, day: dt.date, summary: str) -> Recorded:
    """Record the revision of ``document`` effective on ``day`` and freeze its version."""
    from .provenance import check_archive

    group, problems = check(root, versions=False, as_of=day)
    archive = Archive(root)
    blocking = [p for p in problems if p.severity is Severity.ERROR] + check_archive(archive).problems
    if group is None or blocking:
        raise RecordError("データに誤りがあるため記録できません。先に check の指摘を直してください:\n"
                          + "\n".join(p.format() for p in blocking))
    company = _company(group, company_id)
    spec = _document(company, document)
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
                          + _suggestion(group, company, document, archive))
    path = company_path(root, company_id)
    # all or nothing: a failure (a template error, Ctrl-C) puts the company file and versions/ back
    with all_or_nothing([path, root / MANIFEST, *(archive.base / f"{version.stem}{s}" for s in (".md", ".json"))]):
        if appended:
            append_history(path, document, day, summary.strip())
            group, problems = load_group(root)
            if group is None or problems:
                raise RecordError("記録した後のデータを読めません:\n" + "\n".join(p.format() for p in problems))
            company = group.companies[company_id]
        text, data = render_version(group, company, document, day)
        files = archive.freeze(version, text, data)
    return Recorded(version, appended, files)


def record_all(root: Path, targets: list[tuple[str, str]], day: dt.date, summary: str) -> list[Recorded]:
    """Record several documents at once (``record --all``): every one of them, or none."""
    paths = [root / MANIFEST]
    for cid, doc in targets:
        stem = Frozen(cid, doc, day).stem
        paths += [company_path(root, cid), root / "versions" / f"{stem}.md", root / "versions" / f"{stem}.json"]
    done = []
    with all_or_nothing(dict.fromkeys(paths)):
        for cid, doc in targets:
            try:
                done.append(record(root, cid, doc, day, summary))
            except RecordError as exc:
                raise RecordError(f"{cid} {doc}: {exc}") from None
    return done


def _company(group: Group, company_id: str) -> Company:
    if company_id not in group.companies:
        raise RecordError(f"会社「{company_id}」はありません → 次のどれかを指定してください: "
                          + ", ".join(group.companies))
    return group.companies[company_id]


def _document(company: Company, document: str) -> DocumentSpec:
    if document not in company.data.documents:
        raise RecordError(f"{company.id} に文書「{document}」はありません → 次のどれかを指定してください: "
                          + ", ".join(company.data.documents))
    return company.data.documents[document]


def _suggestion(group: Group, company: Company, document: str, archive: Archive) -> str:
    from .changes import summarize

    dates = archive.dates(company.id, document)
    if not dates:
        return ""
    lines = summarize(archive.data(Frozen(company.id, document, dates[-1])),
                      resolved_data(group, company, document))
    return ("\n   データの変更から考えた概要の例: " + "、".join(lines)) if lines else ""


def version_problems(group: Group, archive: Archive, drafts: bool = False,
                     renderer: Renderer | None = None, since: str | None = None) -> list[Problem]:
    """Frozen versions against the history and the text that would be published now.

    ``renderer`` (as of ``date.max``) is check's, which has rendered every notice already.
    ``since`` (a git ref) also reports the frozen files changed or deleted since the branch left it."""
    from .provenance import check_archive

    checked = check_archive(archive, since)
    problems = checked.problems
    if not checked.usable:
        return problems  # without the manifest nothing else about the versions can be judged
    known = {(cid, doc) for cid, c in group.companies.items() for doc in c.data.documents}
    for name in sorted(archive.manifest):
        cid, doc = name.split("/")[:2]
        if (cid, doc) not in known and cid in group.companies:
            problems.append(Problem(f"versions/{name}", 1, 1, "", "データにない文書の版です", f"{cid}/{doc}",
                                    f"companies/{cid}.yaml の documents に「{doc}」を戻してください"))
    renderer = renderer or Renderer(group, dt.date.max)  # one environment for every document's latest version
    for cid, company in group.companies.items():
        for doc in company.data.documents:
            problems += _document_problems(group, company, doc, archive, drafts, renderer, checked.reported)
    return problems


def _document_problems(group: Group, company: Company, doc: str, archive: Archive, drafts: bool,
                       renderer: Renderer, reported: set[str] | None = None) -> list[Problem]:
    where = company.origin("documents")
    spec = company.data.documents[doc]
    frozen = archive.dates(company.id, doc)
    history = {r.date: r for r in spec.history}
    found = []
    for day in frozen:
        if day not in history:
            found.append(where.problem(doc, "history", message="記録済みの版の改定が履歴から消えています",
                                       found=day.isoformat(),
                                       fix=f"history に「- date: {day.isoformat()}」の改定を戻してください"))
    last = spec.history[-1].date
    first = frozen[0] if frozen else last  # revisions before it predate the archive: no text to show
    for i, revision in enumerate(spec.history):
        stem = Frozen(company.id, doc, revision.date).stem
        if revision.date < first or revision.date in frozen or f"{stem}.md" in (reported or set()):
            continue  # a frozen file git knew and that is gone is reported with its commit
        if not frozen or revision.date > frozen[-1]:  # never recorded; record freezes the last revision only
            fix = (record_command(company.id, doc, revision.date, revision.summary) if revision.date == last else
                   "改定の版は一つずつ記録します。この改定から後の改定を history から消し、古い順に privacy-notices record で記録してください")
            found.append(where.problem(doc, "history", i, message="改定の版が記録されていません",
                                       found=revision.date.isoformat(), fix=fix))
        else:  # between frozen versions: the version was deleted (or the revision written in afterwards)
            files = " ".join(f"versions/{stem}{suffix}" for suffix in (".md", ".json"))
            found.append(where.problem(doc, "history", i, message="改定の版のファイルがありません",
                                       found=revision.date.isoformat(),
                                       fix=f"公開済みの版は削除できません。git で元に戻してください (git checkout -- {MANIFEST} "
                                           f"{files})。版を記録していない改定を書き足したのなら、history から削除してください"))
    latest = Frozen(company.id, doc, frozen[-1]) if frozen else None
    present = latest and all((archive.base / f"{latest.stem}{suffix}").is_file() for suffix in (".md", ".json"))
    if latest and latest.date == last and not found and present:  # a missing file is reported above
        text = renderer.document(renderer.context(company, doc, frozen[-1]), company)
        if text != archive.text(latest):
            found.append(where.problem(
                doc, message="公開される本文が最新の版と違うのに、改定が記録されていません",
                found=f"{company.id}/{doc} の {frozen[-1].isoformat()} の版",
                fix=record_command(company.id, doc, "YYYY-MM-DD", "改定の概要")
                + " (YYYY-MM-DD は施行日)" + _suggestion(group, company, doc, archive),
                severity=Severity.WARNING if drafts else Severity.ERROR))
    return found


def changed_documents(root: Path) -> list[tuple[str, str]]:
    """Documents whose published text would differ from their latest frozen version (for --all)."""
    group, problems = check(root, versions=False)
    if group is None or any(p.severity is Severity.ERROR for p in problems):
        raise RecordError("データに誤りがあるため記録できません。先に check の指摘を直してください")
    archive = Archive(root)
    changed = []
    for cid, company in group.companies.items():
        for doc in company.data.documents:
            dates = archive.dates(cid, doc)
            if not dates:
                continue
            text, _ = render_version(group, company, doc, dates[-1])
            if text != archive.text(Frozen(cid, doc, dates[-1])):
                changed.append((cid, doc))
    return changed


def history_lines(root: Path, company_id: str, document: str | None) -> list[str]:
    """One line per revision: date, 制定/改定, whether its text is frozen, and the summary."""
    group, problems = load_group(root)
    if group is None:
        raise RecordError("データを読めません。check の指摘を直してください")
    company = _company(group, company_id)
    documents = [document] if document else list(company.data.documents)
    archive = Archive(root)
    lines = []
    for doc in documents:
        spec = _document(company, doc)
        frozen = set(archive.dates(company_id, doc))
        lines.append(f"{company_id}/{doc}: {spec.title}")
        for i, revision in enumerate(spec.history):
            kind = "制定" if i == 0 else "改定"
            mark = "版あり" if revision.date in frozen else "本文なし"
            lines.append(f"  {revision.date.isoformat()}  {kind}  [{mark}]  {revision.summary}")
    return lines


def compare_versions(root: Path, company_id: str, document: str, date_a: str, date_b: str,
                     output: str = "terminal", colour: bool = False) -> str:
    """Two frozen versions compared: the change summary from the data, then the text."""
    import json

    from .changes import summarize
    from .diff import compare
    from .diff_render import to_html, to_json, to_markdown, to_terminal

    group, _ = load_group(root)
    if group is None:
        raise RecordError("データを読めません。check の指摘を直してください")
    _document(_company(group, company_id), document)
    archive = Archive(root)
    dates = archive.dates(company_id, document)
    versions = [_version(company_id, document, text, dates) for text in (date_a, date_b)]
    old_text, new_text = (archive.text(v) for v in versions)
    changes = summarize(*(archive.data(v) for v in versions))
    comparison = compare(old_text, new_text)
    if output == "json":
        return json.dumps({"from": date_a, "to": date_b, "changes": changes, "comparison": to_json(comparison)},
                          ensure_ascii=False, indent=1) + "\n"
    if output == "html":
        items = "".join(f"<li>{html.escape(line)}</li>" for line in changes)
        return f"<ul class=\"pn-changes\">{items}</ul>\n{to_html(comparison)}\n"
    if output == "markdown":
        return "".join(f"- {line}\n" for line in changes) + "\n" + to_markdown(comparison)
    head = f"{company_id}/{document}: {date_a} → {date_b}\n" + "".join(f"  ・{line}\n" for line in changes)
    return head + "\n" + to_terminal(comparison, colour=colour)


def _version(company_id: str, document: str, text: str, dates: list[dt.date]) -> Frozen:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise RecordError(f"日付は YYYY-MM-DD の形で指定してください ({text})") from None
    if day not in dates:
        raise RecordError(f"{company_id}/{document} に {text} の版はありません → 次のどれかを指定してください: "
                          + ", ".join(d.isoformat() for d in dates))
    return Frozen(company_id, document, day)


def check_targets(root: Path, targets: list[tuple[str, str]], day: dt.date) -> None:
    """Refuse a group-wide record before writing anything when one document cannot take ``day``."""
    group, _ = load_group(root)
    if group is None:
        return
    for cid, doc in targets:
        last = group.companies[cid].data.documents[doc].history[-1].date
        if last > day:
            raise RecordError(f"{cid}/{doc} には {day.isoformat()} より後の施行予定の改定 ({last.isoformat()}) があります"
                              f" → 施行日を {last.isoformat()} より後にするか、この文書を除いて一つずつ記録してください")


def new_company(root: Path, company_id: str) -> Path:
    """Write a skeleton company file with Japanese comments and register it in the group."""
    import re
    from importlib.resources import files

    from .loader import GROUP_FILE
    from .model import ID_PATTERN

    if not re.fullmatch(ID_PATTERN, company_id):
        raise RecordError(f"会社の id に使えない文字があります ({company_id})"
                          " → 英小文字で始め、英小文字・数字・- ・_ だけで書いてください (例: aoba-travel)")
    target = root / "companies" / f"{company_id}.yaml"
    if target.exists() or (root / "companies" / company_id).exists():
        raise RecordError(f"会社「{company_id}」のファイルはもうあります ({target.relative_to(root).as_posix()})")
    group_path = root / GROUP_FILE
    text = group_path.read_text(encoding="utf-8")
    yaml = editor_for(text)
    data = yaml.load(text)
    if company_id in data["companies"]:
        raise RecordError(f"会社「{company_id}」はもう content/group.yaml に登録されています")
    skeleton = files(__package__).joinpath("skeleton.yaml").read_text(encoding="utf-8")
    target.parent.mkdir(parents=True, exist_ok=True)
    window = (data.get("defaults") or {}).get("requests", {}).get("window") or "privacy-desk"
    target.write_text(skeleton.replace("{id}", company_id).replace("{window}", str(window)), encoding="utf-8")
    data["companies"].append(company_id)
    out = io.StringIO()
    yaml.dump(data, out)
    group_path.write_text(out.getvalue(), encoding="utf-8")
    return target
