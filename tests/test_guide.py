"""Every message the checker can print is explained in the editors' guide (on the editors' site:
tests/test_public_site.py checks it is built there and kept off the public site)."""

from __future__ import annotations

import ast

from conftest import ROOT

PACKAGE = ROOT / "scripts" / "privacy_notices"


def _constants(tree: ast.Module) -> dict[str, str]:
    return {t.id: node.value.value for node in tree.body if isinstance(node, ast.Assign)
            for t in node.targets if isinstance(t, ast.Name)
            and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)}


def _text(node: ast.AST, constants: dict[str, str]) -> list[str]:
    """The literal parts of a message expression (an f-string's constant parts)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Name) and node.id in constants:
        return [constants[node.id]]
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values if isinstance(v, ast.Constant) and len(v.value) >= 4]
    return []


def checker_messages() -> set[str]:
    """The 'what is wrong' part of every problem the package can report, read from its source."""
    found: set[str] = set()
    for path in sorted(PACKAGE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = _constants(tree)
        for node in ast.walk(tree):
            parts: list[ast.AST] = []
            if isinstance(node, ast.Call):
                name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
                parts += [kw.value for kw in node.keywords if kw.arg == "message"]
                position = {"Problem": 4, "_problem": 3, "_Bad": 1, "TemplateFileError": 1}.get(str(name))
                if position is not None and len(node.args) > position:
                    parts.append(node.args[position])
            elif isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple) and len(node.value.elts) == 3 \
                    and path.name == "validate.py":
                parts.append(node.value.elts[0])  # (message, found, fix)
            elif isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple) and len(node.value.elts) == 4 \
                    and path.name == "template_problems.py":
                parts.append(node.value.elts[0])  # (message, found, fix, needle)
            elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Tuple) and len(node.value.elts) == 2 \
                    and isinstance(node.targets[0], ast.Tuple) and path.name == "references.py":
                parts.append(node.value.elts[0])  # message, fix = "...", "..."
            elif isinstance(node, ast.Dict) and path.name == "validate.py":
                parts += [v.elts[0] for v in node.values if isinstance(v, ast.Tuple) and len(v.elts) == 2]
            for part in parts:
                found.update(_text(part, constants))
    return {m for m in found if m.strip()}


def test_every_message_is_in_the_guide() -> None:
    guide = (ROOT / "docs" / "guide.md").read_text(encoding="utf-8")
    messages = checker_messages()
    assert len(messages) > 60  # the extraction itself works
    missing = sorted(m for m in messages if m not in guide)
    assert missing == []

