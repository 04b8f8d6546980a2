"""The built-in catalogue of common external-transmission tools (catalogue.yaml)."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from ruamel.yaml import YAML

from .model import Transmission


@cache
def catalogue() -> dict[str, Transmission]:
    """Tool key -> its default description (recipient, information sent, purposes, links)."""
    raw = YAML(typ="safe").load(files(__package__).joinpath("catalogue.yaml").read_text(encoding="utf-8"))
    return {key: Transmission.model_validate({"tool": key, **value}) for key, value in raw.items()}


def complete(item: Transmission) -> Transmission:
    """``item`` with every field it leaves out taken from the catalogue entry of its tool."""
    entry = catalogue().get(item.tool)
    if entry is None:
        return item
    return entry.model_copy(update={k: getattr(item, k) for k in item.model_fields_set})
