"""Published text that changed without a recorded revision, and frozen versions the history lost.

``check`` renders each document from the current data as of its latest version and compares it
with the frozen text (DECISIONS.md 13); a difference names the document and prints the ``record``
command, with a summary suggested from the data.
"""

from __future__ import annotations

import datetime as dt
import shlex

from .errors import Problem, Severity
from .joint_users import GROUP_ID, list_in_force_problems, publishers
from .layout import COMPANIES, GROUP_FILE, VERSIONS
from .loader import Company, Group
from .provenance import check_archive
from .render import Renderer
from .template_problems import TemplateProblem
from .resolved import resolved_data
from .versions import MANIFEST, Archive, Frozen


def record_command(company: str, document: str, day: dt.date | str, summary: str) -> str:
    """The command line an editor runs to record a revision."""
    date = day.isoformat() if isinstance(day, dt.date) else day
    return (f"privacy-notices record {company} {document} --date {date} "
            f"--summary {shlex.quote(summary)}")


def suggestion(group: Group, company: Company, document: str, archive: Archive) -> str:
    """An example summary from what changed in the data since the latest frozen version ("" when none)."""
    from .changes import summarize

    dates = archive.dates(company.id, document)
    if not dates:
        return ""
    lines = summarize(archive.data(archive.latest(company.id, document, dates[-1])),
                      resolved_data(group, company, document))
    return ("\n   データの変更から考えた概要の例: " + "、".join(lines)) if lines else ""


def version_problems(group: Group, archive: Archive, drafts: bool = False,
                     renderer: Renderer | None = None, since: str | None = None) -> list[Problem]:
    """Frozen versions against the history and the text that would be published now.

    ``renderer`` (as of ``date.max``) is check's, which has rendered every notice already.
    ``since`` (a git ref) also reports the frozen files changed or deleted since the branch left it."""
    checked = check_archive(archive, since)
    problems = checked.problems
    if not checked.usable:
        return problems  # without the manifest nothing else about the versions can be judged
    everyone = publishers(group)  # the companies, then the group's list of joint users
    known = {(c.id, doc) for c in everyone for doc in c.data.documents}
    for name in sorted(archive.manifest):
        cid, doc = name.split("/")[:2]
        if (cid, doc) not in known and cid == GROUP_ID and cid not in group.companies:
            problems.append(Problem(f"{VERSIONS}/{name}", 1, 1, "", "データにない文書の版です", f"{cid}/{doc}",
                                    f"{GROUP_FILE} に joint_users (共同して利用する者の一覧) を戻してください"))
        elif (cid, doc) not in known and cid in group.companies:
            problems.append(Problem(f"{VERSIONS}/{name}", 1, 1, "", "データにない文書の版です", f"{cid}/{doc}",
                                    f"{COMPANIES}/{cid}.yaml の documents に「{doc}」を戻してください"))
    renderer = renderer or Renderer(group, dt.date.max)  # one environment for every document's latest version
    for company in everyone:
        for doc in company.data.documents:
            try:
                problems += _document_problems(group, company, doc, archive, drafts, renderer, checked.reported)
            except TemplateProblem as exc:  # the group's list is rendered here first (check renders the companies' pages)
                problems += exc.problems
    problems += list_in_force_problems(group, archive, drafts)
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
            files = " ".join(f"{VERSIONS}/{stem}{suffix}" for suffix in (".md", ".json"))
            found.append(where.problem(doc, "history", i, message="改定の版のファイルがありません",
                                       found=revision.date.isoformat(),
                                       fix=f"公開済みの版は削除できません。git で元に戻してください (git checkout -- {MANIFEST} "
                                           f"{files})。版を記録していない改定を書き足したのなら、history から削除してください"))
    withdrawn = {r.date for r in spec.history if r.withdrawn}
    kept = [day for day in frozen if day not in withdrawn]  # a withdrawn version's data is not published
    latest = archive.latest(company.id, doc, kept[-1]) if kept else None
    present = latest and all((archive.base / f"{latest.stem}{suffix}").is_file() for suffix in (".md", ".json"))
    last = max((r.date for r in spec.history if not r.withdrawn), default=last)
    if latest and latest.date == last and not found and present:  # a missing file is reported above
        text = renderer.document(renderer.context(company, doc, latest.date), company)
        if text != archive.text(latest):
            found.append(where.problem(
                doc, message="公開される本文が最新の版と違うのに、改定が記録されていません",
                found=f"{company.id}/{doc} の {latest.date.isoformat()} の版",
                fix=record_command(company.id, doc, "YYYY-MM-DD", "改定の概要")
                + " (YYYY-MM-DD は施行日)" + suggestion(group, company, doc, archive),
                severity=Severity.WARNING if drafts else Severity.ERROR))
    return found
