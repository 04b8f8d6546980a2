"""The ``new-company`` command: a skeleton company file, registered in the group."""

from __future__ import annotations

import io
import re
from importlib.resources import files
from pathlib import Path

from .layout import COMPANIES, GROUP_FILE
from .lookup import RecordError
from .model import ID_PATTERN
from .yamlio import editor_for


def new_company(root: Path, company_id: str) -> Path:
    """Write a skeleton company file with Japanese comments and register it in the group."""
    if not re.fullmatch(ID_PATTERN, company_id):
        raise RecordError(f"会社の id に使えない文字があります ({company_id})"
                          " → 英小文字で始め、英小文字・数字・- ・_ だけで書いてください (例: aoba-travel)")
    target = root / COMPANIES / f"{company_id}.yaml"
    if target.exists() or (root / COMPANIES / company_id).exists():
        raise RecordError(f"会社「{company_id}」のファイルはもうあります ({target.relative_to(root).as_posix()})")
    group_path = root / GROUP_FILE
    text = group_path.read_text(encoding="utf-8")
    yaml = editor_for(text)
    data = yaml.load(text)
    if company_id in data["companies"]:
        raise RecordError(f"会社「{company_id}」はもう {GROUP_FILE} に登録されています")
    skeleton = files(__package__).joinpath("skeleton.yaml").read_text(encoding="utf-8")
    target.parent.mkdir(parents=True, exist_ok=True)
    window = (data.get("defaults") or {}).get("requests", {}).get("window") or "privacy-desk"
    category = next(iter(data.get("categories") or {}), "customer")  # the group's first category, whatever its name
    skeleton = skeleton.replace("{category}", str(category))
    target.write_text(skeleton.replace("{id}", company_id).replace("{window}", str(window)), encoding="utf-8")
    data["companies"].append(company_id)
    out = io.StringIO()
    yaml.dump(data, out)
    group_path.write_text(out.getvalue(), encoding="utf-8")
    return target
