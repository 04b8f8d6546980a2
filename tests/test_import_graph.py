"""The package's modules import each other in one direction: no circle, and no stage above its own.

The graph is built from the source with ``ast`` (nothing is imported): every ``from . import x``,
``from .x import y`` and ``import privacy_notices.x``, at module level or inside a function, is an
edge; imports under ``if TYPE_CHECKING:`` are not (they never run).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "scripts" / "privacy_notices"

STAGES = ["loader", "references", "markdown_fields", "lint", "resolved", "render", "site", "writer"]
"""The pipeline load -> validate -> resolve -> render -> write, in order: a stage never imports a later one.
The drivers (``check``, the commands, ``cli``, ``mkdocs_hook``) sit above it and may import any stage."""


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking_only(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return True
    return False


def imports_of(path: Path, modules: set[str]) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    own = module_name(path)
    package = own if path.name == "__init__.py" else own.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if _type_checking_only(node, parents):
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".") if package else []
                base = base[:len(base) - (node.level - 1)] if node.level > 1 else base
                target = ".".join([*base, *(node.module.split(".") if node.module else [])])
            elif node.module and node.module.startswith("privacy_notices"):
                target = node.module.removeprefix("privacy_notices").lstrip(".")
            else:
                continue
            names = [f"{target}.{a.name}" if target else a.name for a in node.names]
            found |= {n for n in names if n in modules} or ({target} if target in modules else set())
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("privacy_notices."):
                    found.add(alias.name.removeprefix("privacy_notices."))
    return (found & modules) - {own}


def import_graph() -> dict[str, set[str]]:
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {module_name(p) for p in paths} - {""}
    return {module_name(p): imports_of(p, modules) for p in paths if module_name(p)}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    found, state, stack = [], {}, []

    def visit(node: str) -> None:
        state[node] = "open"
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                found.append(stack[stack.index(target):] + [target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return found


def test_the_package_imports_in_one_direction() -> None:
    assert cycles(import_graph()) == []


def test_no_stage_imports_a_later_stage() -> None:
    graph = import_graph()
    later = [(a, b) for a in STAGES for b in graph[a] if b in STAGES and STAGES.index(b) > STAGES.index(a)]
    assert later == []


def test_the_version_model_depends_on_no_command() -> None:
    graph = import_graph()
    model = {m for m in graph if m == "versions" or m.startswith("versions.")}
    outside = {t for m in model for t in graph[m] if t not in model}
    assert outside <= {"errors", "layout"}  # layout: the repository's folder names, constants only


def test_the_graph_sees_the_imports() -> None:
    graph = import_graph()
    assert "loader" in graph["check"] and "errors" in graph["loader"]
