"""The ``privacy-notices`` command: a thin adapter over the package's functions.

Exit codes: 0 clean, 1 problems found, 2 usage error (bad arguments, no group here).
"""

from __future__ import annotations

import argparse
import datetime as dt
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

from .check import check, has_errors
from .checked import check_once
from .dates import as_of_date
from .errors import Severity
from .lint import rules_table
from .layout import GROUP_FILE
from .loader import Group
from .schema import write_schemas
from .pdf import PdfError
from .template_problems import TemplateProblem
from .writer import WriteError


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminate) if in_main_thread else None
    try:
        return int(args.run(args))
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # Ctrl-C: clean-up (finally blocks) has run; one line, no traceback
        print("中断しました", file=sys.stderr)
        return 130
    except Terminated:
        print("終了の指示 (SIGTERM) を受けたため、中断しました", file=sys.stderr)
        return 143
    except TemplateProblem as exc:  # a template failed on a page check does not render (another date)
        print("\n".join(p.format() for p in exc.problems))
        print("error: テンプレートに誤りがあるため、中止しました", file=sys.stderr)
        return 1
    except PdfError as exc:  # the machine lacks what the PDFs of versions need
        print(f"error: 版の PDF を作れません: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # an unexpected failure: a message, not a traceback, unless --debug
        if args.debug:
            raise
        print(f"error: 内部エラーです ({type(exc).__name__}: {exc})。--debug を付けると詳細を表示します", file=sys.stderr)
        return 2
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


class Terminated(BaseException):
    """SIGTERM, raised where the program is, so that clean-up runs as for Ctrl-C (a BaseException,
    like KeyboardInterrupt: no ``except Exception`` swallows it)."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="privacy-notices", description="グループ各社のプライバシーポリシーを生成・検証します")
    parser.add_argument("--debug", action="store_true", help="内部エラーの詳細 (traceback) を表示します")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    cmd = commands.add_parser("check", help="データを検証し、法令上の記載漏れを調べます")
    cmd.add_argument("root", nargs="?", default=".", type=Path, help="グループのフォルダ (既定: カレント)")
    cmd.add_argument("--strict", action="store_true", help="警告もエラーとして扱います")
    cmd.add_argument("--format", choices=["text", "github"], default="text", help="出力の形式")
    cmd.add_argument("--since", metavar="REF", help="この git の参照 (例: origin/main) から後に変更・削除された公開済みの版も調べます")
    cmd.set_defaults(run=_check)

    cmd = commands.add_parser("build", help="検証してから、サイトを作ります (mkdocs build)")
    cmd.add_argument("root", nargs="?", default=".", type=Path, help="グループのフォルダ (既定: カレント)")
    cmd.add_argument("--as-of", metavar="YYYY-MM-DD", help="この日に施行されている版でサイトを作ります (既定: 今日、日本時間)")
    cmd.add_argument("--site-dir", type=Path, help="出力先 (既定: ROOT/site、--editors では ROOT/site-editors)")
    cmd.add_argument("--strict", action="store_true", help="警告もエラーとして扱います")
    cmd.add_argument("--editors", action="store_true",
                     help="編集者用のサイトを作ります (公開サイトに、編集者のための手引き・規則の一覧・用語集を加えたもの。公開しません)")
    cmd.set_defaults(run=_build)

    cmd = commands.add_parser("generate", help="他のエンジン (Zensical など) 向けに、ページ・資材・設定 (mkdocs.yml) をそろえたプロジェクトを書き出します")
    cmd.add_argument("directory", type=Path, help="書き出し先のフォルダ")
    cmd.add_argument("--root", default=".", type=Path, help="グループのフォルダ (既定: カレント)")
    cmd.add_argument("--as-of", metavar="YYYY-MM-DD", help="この日に施行されている版を書き出します")
    cmd.set_defaults(run=_generate)

    cmd = commands.add_parser("record", help="改定を記録し、その版を凍結します")
    cmd.add_argument("company", nargs="?", help="会社の id (--all のときは省略。共同して利用する者の一覧は group)")
    cmd.add_argument("document", nargs="?", help="文書の id (例: policy)")
    cmd.add_argument("--date", required=True, metavar="YYYY-MM-DD", help="施行日")
    cmd.add_argument("--summary", default="", help="改定の概要")
    cmd.add_argument("--all", action="store_true", help="本文が変わるすべての文書に記録します (共通テンプレートの変更など)")
    cmd.add_argument("--amend", action="store_true",
                     help="施行前の改定 (--date の施行日) の内容を、今のデータで修正します。告知済みの版も残ります")
    cmd.add_argument("--keep-announced", action="store_true",
                     help="--all のとき、施行予定の改定がある文書には記録せず、その改定もそのままにします")
    cmd.add_argument("--far-future", action="store_true",
                     help="今日から2年より先の施行日でも記録します (年の打ち間違いでないことを確かめたとき)")
    cmd.add_argument("--root", default=".", type=Path, help="グループのフォルダ (既定: カレント)")
    cmd.set_defaults(run=_record)

    about = ("PDF なしで記録された版の PDF を作り、版のファイルの隣に置きます"
             " (一度だけ。作った PDF は versions/ と一緒にコミットしてください)")
    cmd = commands.add_parser("pdfs", help=about, description=about + "。今の record は版と一緒に PDF を作ります")
    cmd.add_argument("--root", default=".", type=Path, help="グループのフォルダ (既定: カレント)")
    cmd.set_defaults(run=_pdfs)

    cmd = commands.add_parser("withdraw", help="施行前の改定を取り下げます (版のファイルは残ります)")
    cmd.add_argument("company", help="会社の id")
    cmd.add_argument("document", help="文書の id (例: policy)")
    cmd.add_argument("--date", required=True, metavar="YYYY-MM-DD", help="取り下げる改定の施行日")
    cmd.add_argument("--reason", default="", help="取り下げの理由 (改定履歴に表示します)")
    cmd.add_argument("--root", default=".", type=Path, help="グループのフォルダ (既定: カレント)")
    cmd.set_defaults(run=_withdraw)

    cmd = commands.add_parser("history", help="文書の版の一覧を表示します")
    cmd.add_argument("company")
    cmd.add_argument("document", nargs="?")
    cmd.add_argument("--root", default=".", type=Path, help="グループのフォルダ (既定: カレント)")
    cmd.set_defaults(run=_history)

    cmd = commands.add_parser("diff", help="二つの版を比べます")
    cmd.add_argument("company")
    cmd.add_argument("document")
    cmd.add_argument("date_a", metavar="DATE_A", help="旧の版の施行日 (YYYY-MM-DD)")
    cmd.add_argument("date_b", metavar="DATE_B", help="新の版の施行日 (YYYY-MM-DD)")
    cmd.add_argument("--format", choices=["terminal", "markdown", "html", "json"], default="terminal")
    cmd.add_argument("--root", default=".", type=Path, help="グループのフォルダ (既定: カレント)")
    cmd.set_defaults(run=_diff)

    cmd = commands.add_parser("compare", help="二つの git の参照の間で、公開される文書の変更を Markdown で報告します")
    cmd.add_argument("base", metavar="BASE", help="比べる元 (例: origin/main)")
    cmd.add_argument("head", metavar="HEAD", help="比べる先 (例: HEAD)")
    cmd.add_argument("--repo", default=".", type=Path, help="git のリポジトリ (既定: カレント)")
    cmd.add_argument("--max-chars", type=int, default=0, metavar="N",
                     help="標準出力を N 文字以内に短くします (要約が先、PR のコメント用。例: 60000。既定: 短くしない)")
    cmd.add_argument("--output", type=Path, metavar="FILE", help="報告の全文をこのファイルにも書きます")
    cmd.add_argument("--link", metavar="URL", help="短くしたときに案内する、全文の置き場所 (https の URL)")
    cmd.set_defaults(run=_compare)

    cmd = commands.add_parser("new-company", help="新しい会社のファイルのひな形を作り、グループに登録します")
    cmd.add_argument("company_id", metavar="ID", help="会社の id (英小文字、例: aoba-travel)")
    cmd.add_argument("--root", default=".", type=Path, help="グループのフォルダ (既定: カレント)")
    cmd.set_defaults(run=_new_company)

    cmd = commands.add_parser("codeowners", help=".github/CODEOWNERS を owners の欄から作ります")
    cmd.add_argument("--root", default=".", type=Path, help="グループのフォルダ (既定: カレント)")
    cmd.set_defaults(run=_codeowners)

    cmd = commands.add_parser("schema", help="JSON Schema を書き出します")
    cmd.add_argument("directory", nargs="?", default=Path("schema"), type=Path)
    cmd.set_defaults(run=_schema)

    cmd = commands.add_parser("report", help="グループの整合性の報告 (編集者向け、Markdown と HTML) を作ります")
    cmd.add_argument("--root", default=".", type=Path, help="グループのフォルダ (既定: カレント)")
    cmd.add_argument("--output", type=Path, metavar="DIR", help="report.md と report.html を書くフォルダ (省略: Markdown を表示)")
    cmd.add_argument("--as-of", metavar="YYYY-MM-DD", help="この日の時点で報告します (既定: 今日、日本時間)")
    cmd.set_defaults(run=_consistency_report)

    cmd = commands.add_parser("rules", help="法令チェックの規則の表 (Markdown) を表示します")
    cmd.set_defaults(run=lambda args: print(rules_table(), end="") or 0)
    return parser


class UsageError(Exception):
    """A bad argument: printed as `error: ...`, exit code 2."""


def _root(path: Path) -> Path:
    if not path.is_dir():
        raise UsageError(f"フォルダがありません: {path}")
    return path


def _today() -> dt.date:
    from .dates import today_in_tokyo

    try:
        return today_in_tokyo()
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _as_of(value: str | None) -> dt.date:
    try:
        return as_of_date(value)
    except ValueError as exc:
        raise UsageError(f"--as-of: {exc}") from None


def _report(root: Path, strict: bool, output_format: str = "text", since: str | None = None,
            build: bool = False) -> tuple[Group | None, bool]:
    """Run the check, print its problems and a summary; True when the data has errors. ``build``: the
    engine's hook asks for the same check next, and gets this one (checked.py)."""
    started = time.perf_counter()
    group, problems = (check_once if build else check)(root, strict=strict, since=since)
    for problem in problems:
        print(problem.format_github() if output_format == "github" else problem.format())
    errors = sum(p.severity is Severity.ERROR for p in problems)
    elapsed = time.perf_counter() - started
    companies = len(group.companies) if group else 0
    print(f"{companies} 社を検査しました: エラー {errors} 件、警告 {len(problems) - errors} 件 ({elapsed:.2f} 秒)",
          file=sys.stderr)
    return group, has_errors(problems)


def _check(args: argparse.Namespace) -> int:
    _, failed = _report(_root(args.root), args.strict, args.format, args.since)
    return 1 if failed else 0


def _build(args: argparse.Namespace) -> int:
    root, as_of = _root(args.root), _as_of(args.as_of)
    _, failed = _report(root, args.strict, build=True)
    if failed:
        print("error: データに誤りがあるため、サイトを作りませんでした (前回のサイトはそのままです)", file=sys.stderr)
        return 1
    from .build import BuildError, build_site

    site_dir = args.site_dir or root / ("site-editors" if args.editors else "site")
    try:
        build_site(root, site_dir, as_of, strict=args.strict, editors=args.editors)
    except BuildError as exc:
        print(f"error: {exc} (前回のサイトはそのままです)", file=sys.stderr)
        return 1
    kind = "編集者用のサイト" if args.editors else "サイト"
    print(f"{as_of.isoformat()} 時点の{kind}を {site_dir} に作りました", file=sys.stderr)
    return 0


def _generate(args: argparse.Namespace) -> int:
    root, as_of = _root(args.root), _as_of(args.as_of)
    group, failed = _report(root, strict=False)
    if failed or group is None:
        return 1
    from .project import ProjectError, write_project
    try:
        written = write_project(group, as_of, root, args.directory)
    except (WriteError, ProjectError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{len(written)} ファイルを {args.directory} に書き出しました"
          f" (サイトの設定 mkdocs.yml とページ・資材。zensical build か mkdocs build でサイトになります)", file=sys.stderr)
    return 0


def _record(args: argparse.Namespace) -> int:
    from .record import RecordError, changed_documents, refuse_far_future

    root, day = _root(args.root), _as_of(args.date)
    if args.all == bool(args.company):
        raise UsageError("COMPANY DOCUMENT か --all のどちらか一方を指定してください")
    if args.amend:
        if args.all:
            raise UsageError("--amend は一つの文書に指定してください (COMPANY DOCUMENT)")
        return _amend(args, root, day)
    try:
        if not args.far_future:
            refuse_far_future(day, _today())
    except RecordError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    targets = changed_documents(root) if args.all else [(args.company, args.document or "")]
    if args.all and not targets:
        print("本文が変わる文書はありません。記録するものはありません", file=sys.stderr)
        return 0
    try:
        recorded = _record_targets(args, root, targets, day)  # all of them or none
    except RecordError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for done in recorded:
        if done.version.amended:
            print(f"{done.version.company}/{done.version.document}: {done.version.date.isoformat()} 施行予定の改定を修正し、"
                  f"{done.version.name} の版を凍結しました (告知済みの版も残ります)", file=sys.stderr)
            continue
        action = "改定を記録し、" if done.appended else ""
        print(f"{done.version.company}/{done.version.document}: {action}{day.isoformat()} の版を凍結しました", file=sys.stderr)
    return 0


def _record_targets(args: argparse.Namespace, root: Path, targets: list[tuple[str, str]], day: dt.date) -> list[Any]:
    """``record``, or ``record --all``: documents with a revision announced after the date take the change
    too (their announcements amended), unless ``--keep-announced`` leaves them out."""
    from .amend import announced_after, record_group
    from .record import record_all

    if not args.all:
        return record_all(root, targets, day, args.summary)
    announced = announced_after(root, targets, day)
    plain = [t for t in targets if t not in announced]
    if args.keep_announced:
        for cid, doc in announced:
            print(f"{cid}/{doc}: {day.isoformat()} より後に施行予定の改定があるため、記録しませんでした (--keep-announced)",
                  file=sys.stderr)
        return record_all(root, plain, day, args.summary) if plain else []
    return record_group(root, plain, announced, day, args.summary, _today())


def _amend(args: argparse.Namespace, root: Path, day: dt.date) -> int:
    from .amend import amend
    from .lookup import RecordError

    try:
        done = amend(root, args.company, args.document or "", day, args.summary, _today())
    except RecordError as exc:
        print(f"error: {args.company} {args.document}: {exc}", file=sys.stderr)
        return 1
    print(f"{done.version.company}/{done.version.document}: {day.isoformat()} の改定を修正し、"
          f"{done.version.name} の版を凍結しました (告知済みの版も残ります)", file=sys.stderr)
    return 0


def _pdfs(args: argparse.Namespace) -> int:
    """The PDFs of the versions recorded before each version's PDF was recorded with it (DECISIONS.md 44)."""
    from .errors import Severity
    from .layout import GROUP_FILE, VERSIONS
    from .loader import load_group
    from .provenance import check_archive
    from .version_pdf import backfill
    from .versions import Archive

    root = _root(args.root)
    group, problems = load_group(root)
    blocking = [p for p in problems if p.severity is Severity.ERROR]
    if group is not None and not blocking:
        blocking = check_archive(Archive(root)).problems
    if group is None or blocking:
        print("\n".join(p.format() for p in blocking), file=sys.stderr)
        print("error: データか版に誤りがあるため、PDF を作れません。先に check の指摘を直してください", file=sys.stderr)
        return 1
    if not group.file.pdf:
        print(f"error: {GROUP_FILE} に pdf: false があるため、PDF は作りません"
              " (版の PDF を作るときは pdf: false を消してください)", file=sys.stderr)
        return 1
    written = backfill(root, group)
    if not written:
        print("PDF のない版はありません。作るものはありません", file=sys.stderr)
        return 0
    for path in written:
        print(path.relative_to(root).as_posix())
    print(f"{len(written)} 件の版の PDF を作り、目録 ({VERSIONS}/manifest.json) に載せました。"
          f"{VERSIONS}/ をコミットしてください", file=sys.stderr)
    return 0


def _withdraw(args: argparse.Namespace) -> int:
    from .amend import withdraw
    from .lookup import RecordError

    root, day = _root(args.root), _as_of(args.date)
    try:
        withdraw(root, args.company, args.document, day, args.reason, _today())
    except RecordError as exc:
        print(f"error: {args.company} {args.document}: {exc}", file=sys.stderr)
        return 1
    print(f"{args.company}/{args.document}: {day.isoformat()} の改定を取り下げました (版のファイルは残ります)。"
          "データを施行中の版の内容に戻してください (違いは privacy-notices check が示します)", file=sys.stderr)
    return 0


def _history(args: argparse.Namespace) -> int:
    from .history import history_lines
    from .lookup import RecordError

    try:
        lines = history_lines(_root(args.root), args.company, args.document)
    except RecordError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0


def _diff(args: argparse.Namespace) -> int:
    from .history import compare_versions
    from .lookup import RecordError

    try:
        result = compare_versions(_root(args.root), args.company, args.document, args.date_a, args.date_b,
                                  args.format, colour=sys.stdout.isatty())
    except RecordError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(result, end="" if result.endswith("\n") else "\n")
    return 0


def _compare(args: argparse.Namespace) -> int:
    from .review import ReviewError, compare_refs
    from .review_format import option_problem, shorten

    if problem := option_problem(args.max_chars, args.link):
        print(f"error: {problem}", file=sys.stderr)
        return 2
    try:
        report = compare_refs(_root(args.repo), args.base, args.head)
    except ReviewError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.output:
        args.output.write_text(report, encoding="utf-8")
    print(shorten(report, args.max_chars, args.link) if args.max_chars else report, end="")
    return 0


def _new_company(args: argparse.Namespace) -> int:
    from .lookup import RecordError
    from .new_company import new_company

    root = _root(args.root)
    try:
        path = new_company(root, args.company_id)
    except RecordError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{path.relative_to(root).as_posix()} を作り、{GROUP_FILE} に登録しました。"
          "《》の部分を書き換えてから privacy-notices check を実行してください", file=sys.stderr)
    return 0


def _codeowners(args: argparse.Namespace) -> int:
    from .codeowners import write_codeowners
    from .loader import load_group

    group, problems = load_group(_root(args.root))
    if group is None or problems:
        print("error: データに誤りがあるため作れません。check の指摘を直してください", file=sys.stderr)
        return 1
    print(write_codeowners(group), file=sys.stderr)
    return 0


def _consistency_report(args: argparse.Namespace) -> int:
    from .report import build_report, to_markdown, write_report

    try:
        report = build_report(_root(args.root), _as_of(args.as_of))
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.output is None:
        print(to_markdown(report), end="")
        return 0
    for path in write_report(report, args.output):
        print(path, file=sys.stderr)
    return 0


def _schema(args: argparse.Namespace) -> int:
    for path in write_schemas(args.directory):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
