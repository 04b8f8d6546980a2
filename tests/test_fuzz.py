"""Random and mutated YAML never crashes the checker: every outcome is success or clean problems."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINIMAL
from privacy_notices.check import check
from privacy_notices.errors import Problem

ALPHA = (MINIMAL / "companies" / "alpha.yaml").read_text(encoding="utf-8")
GROUP = (MINIMAL / "content" / "group.yaml").read_text(encoding="utf-8")


def outcome(files: dict[str, bytes]) -> list[Problem]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "g"
        shutil.copytree(MINIMAL, root)
        for relative, data in files.items():
            (root / relative).write_bytes(data)
        _, problems = check(root, strict=True)
    for problem in problems:
        line = problem.format()
        assert line.startswith(problem.path + ":") and problem.line >= 1 and problem.column >= 1
    return problems


def mutate(text: str, position: int, cut: int, insert: str) -> str:
    position %= len(text) + 1
    return text[:position] + insert + text[position + cut:]


yaml_bits = st.sampled_from([":", "- ", "\n", "  ", "[", "]", "{", "}", "&a ", "*a", "'", '"', "#", "|", ">",
                             "2023-02-30", "null", "true", "１", "\t", "!!python/object:os.system", "? ", "<<: *a"])
snippets = st.lists(st.one_of(yaml_bits, st.text(max_size=6)), max_size=8).map("".join)
mutations = st.lists(st.tuples(st.integers(0, 2000), st.integers(0, 20), snippets), min_size=1, max_size=4)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutations, st.booleans())
def test_mutated_files_never_crash(changes: list[tuple[int, int, str]], in_group: bool) -> None:
    text = GROUP if in_group else ALPHA
    for position, cut, insert in changes:
        text = mutate(text, position, cut, insert)
    outcome({"content/group.yaml" if in_group else "companies/alpha.yaml": text.encode("utf-8", "surrogatepass")})


yaml_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=10), st.dates().map(str)),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=12,
)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(["name", "documents", "purposes", "contacts", "requests", "abroad",
                                        "external_transmissions", "sections", "representative", "x"]),
                       yaml_values, max_size=5))
def test_random_structures_never_crash(data: dict[str, object]) -> None:
    import json

    outcome({"companies/alpha.yaml": json.dumps(data, ensure_ascii=False).encode("utf-8")})


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_never_crash(data: bytes) -> None:
    outcome({"companies/alpha.yaml": data})
