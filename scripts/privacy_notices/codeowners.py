"""`.github/CODEOWNERS` from the owners fields: each company's legal contact reviews its files,
the group's legal team the shared ones. `check` reports a file that drifted from the data."""

from __future__ import annotations

from pathlib import Path

from .errors import Problem
from .layout import COMPANIES, CONTENT, TEMPLATES, VERSIONS
from .loader import Group

PATH = ".github/CODEOWNERS"
HEADER = "# privacy-notices codeowners が owners の欄から作ったファイルです。手で編集しないでください。\n"


def render_codeowners(group: Group) -> str:
    team = " ".join(group.file.owners)
    lines = [HEADER.rstrip(), ""]
    if team:
        lines += [f"* {team}", f"/{CONTENT}/ {team}", f"/{TEMPLATES}/ {team}", f"/{VERSIONS}/manifest.json {team}"]
    for cid, company in group.companies.items():
        owners = " ".join(company.own.owners) or team
        if owners:
            lines += [f"/{COMPANIES}/{cid}.yaml {owners}", f"/{COMPANIES}/{cid}/ {owners}",
                      f"/{TEMPLATES}/{cid}/ {owners}", f"/{VERSIONS}/{cid}/ {owners}"]
    return "\n".join(lines) + "\n"


def codeowners_problems(group: Group) -> list[Problem]:
    """Drift between the owners fields and the committed CODEOWNERS (only when owners are used)."""
    if not group.file.owners and not any(c.own.owners for c in group.companies.values()):
        return []
    path = group.root / PATH
    current = path.read_text(encoding="utf-8") if path.is_file() else None
    if current == render_codeowners(group):
        return []
    found = "ファイルがありません" if current is None else "owners の欄と一致しません"
    return [Problem(PATH, 1, 1, "", "CODEOWNERS がデータの owners と合っていません", found,
                    "privacy-notices codeowners を実行して、できたファイルをコミットしてください")]


def write_codeowners(group: Group) -> Path:
    path = group.root / PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_codeowners(group), encoding="utf-8")
    return path
