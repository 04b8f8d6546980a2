"""The built-in catalogue of common external-transmission tools (catalogue.yaml).

Each entry has two parts: what the notice shows (a :class:`Transmission`: name, recipient, information,
purposes, links) and facts the lint uses but the notice does not show (:class:`Facts`: the recipient's
country, the page the entry was checked against, the kind of tool, why there is no opt-out page).
Keeping the facts out of the Transmission keeps published versions' data unchanged when they are added.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from ruamel.yaml import YAML

from .model import SELF_REFERENCE, Transmission

FACT_KEYS = ("country", "source", "kind", "opt_out_note")


@dataclass(frozen=True)
class Facts:
    """What the catalogue knows about a tool beyond what the notice shows."""

    country: str
    """The recipient's country, in Japanese (日本, 米国, ...)."""
    source: str
    """The page (https) that names the recipient's legal entity, where the entry was checked."""
    kind: str
    """analytics, tag_manager, ads, heatmap, chat, ab_testing, captcha, video, maps, affiliate."""
    opt_out_note: str | None = None
    """Why the entry has no opt-out page (the tool is needed for the page to work, ...)."""


@cache
def _raw() -> dict[str, dict[str, Any]]:
    return YAML(typ="safe").load(files(__package__).joinpath("catalogue.yaml").read_text(encoding="utf-8"))


@cache
def catalogue() -> dict[str, Transmission]:
    """Tool key -> its default description (recipient, information sent, purposes, links)."""
    return {key: Transmission.model_validate({"tool": key, **{k: v for k, v in value.items() if k not in FACT_KEYS}})
            for key, value in _raw().items()}


@cache
def facts() -> dict[str, Facts]:
    """Tool key -> the facts the lint uses (country, source, ...)."""
    return {key: Facts(**{k: value[k] for k in FACT_KEYS if k in value}) for key, value in _raw().items()}


def complete(item: Transmission, we: str = SELF_REFERENCE) -> Transmission:
    """``item`` with every field it leaves out taken from the catalogue entry of its tool; the catalogue's
    当社 becomes ``we``, the company's self-reference (当法人, 弊社 …)."""
    entry = catalogue().get(item.tool)
    if entry is None:
        return item
    if we != SELF_REFERENCE:
        entry = entry.model_copy(update={k: _named(getattr(entry, k), we) for k in entry.model_fields_set})
    return entry.model_copy(update={k: getattr(item, k) for k in item.model_fields_set})


def _named(value: Any, we: str) -> Any:
    if isinstance(value, str):
        return value.replace(SELF_REFERENCE, we)
    if isinstance(value, list):
        return [_named(v, we) for v in value]
    return value
