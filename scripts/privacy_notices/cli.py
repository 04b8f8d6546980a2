"""The ``privacy-notices`` command: a thin adapter over the package's functions.

Exit codes: 0 clean, 1 problems found, 2 usage error (bad arguments, no group here).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .check import check, has_errors
from .errors import Severity
from .lint import rules_table
from .schema import write_schemas


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except Exception as exc:  # an unexpected failure: a message, not a traceback, unless --debug
        if args.debug:
            raise
        print(f"error: 内部エラーです ({type(exc).__name__}: {exc})。--debug を付けると詳細を表示します", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="privacy-notices", description="グループ各社のプライバシーポリシーを生成・検証します")
    parser.add_argument("--debug", action="store_true", help="内部エラーの詳細 (traceback) を表示します")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    cmd = commands.add_parser("check", help="データを検証し、法令上の記載漏れを調べます")
    cmd.add_argument("root", nargs="?", default=".", type=Path, help="グループのフォルダ (既定: カレント)")
    cmd.add_argument("--strict", action="store_true", help="警告もエラーとして扱います")
    cmd.add_argument("--format", choices=["text", "github"], default="text", help="出力の形式")
    cmd.set_defaults(run=_check)

    cmd = commands.add_parser("schema", help="JSON Schema を書き出します")
    cmd.add_argument("directory", nargs="?", default=Path("schema"), type=Path)
    cmd.set_defaults(run=_schema)

    cmd = commands.add_parser("rules", help="法令チェックの規則の表 (Markdown) を表示します")
    cmd.set_defaults(run=lambda args: print(rules_table(), end="") or 0)
    return parser


def _check(args: argparse.Namespace) -> int:
    root: Path = args.root
    if not root.is_dir():
        print(f"error: フォルダがありません: {root}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    group, problems = check(root, strict=args.strict)
    for problem in problems:
        print(problem.format_github() if args.format == "github" else problem.format())
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = len(problems) - errors
    elapsed = time.perf_counter() - started
    companies = len(group.companies) if group else 0
    summary = f"{companies} 社を検査しました: エラー {errors} 件、警告 {warnings} 件 ({elapsed:.2f} 秒)"
    print(summary, file=sys.stderr)
    return 1 if has_errors(problems) else 0


def _schema(args: argparse.Namespace) -> int:
    for path in write_schemas(args.directory):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
