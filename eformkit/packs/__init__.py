"""Country packs: vocabulary, lists, blocks and rules beside the country-neutral core.

A pack is found by name through the entry-point group `eformkit.packs` (the Vietnamese pack `vn` ships
with eformkit). Another country adds its own pack package and entry point; the core never imports a
pack directly.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import yaml

from eformkit.errors import EformkitUsageError
from eformkit.schema.choice_lists import Block, ChoiceList
from eformkit.schema.vocabulary import Vocabulary

__all__ = ["Pack", "load_pack"]


def _read_yaml(path: Path) -> Any:
    with path.open("rb") as fh:
        return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@dataclass(frozen=True, eq=False)  # identity hash: a pack is a singleton per name
class Pack:
    """A country pack. Data files load lazily, once."""

    name: str
    root: Path
    rules: Mapping[str, Any] = field(default_factory=dict)  # field type -> list of domain rules
    functions: Mapping[str, Callable[[Any], Any]] = field(default_factory=dict)  # computed-field functions
    guards: Mapping[Any, Any] = field(default_factory=dict)  # domain rule -> RuleGuard (validation fast path)
    # A subject's ID (the citizen a prefill is for) -> None, or (finding code, message en, message vi) when it
    # is malformed: the CLI says so before asking any source.
    subject_problem: Callable[[str], tuple[str, str, str] | None] | None = None

    @cached_property
    def vocabulary(self) -> Vocabulary:
        return Vocabulary.model_validate(_read_yaml(self.root / "vocabulary.yaml"))

    @cached_property
    def lists(self) -> dict[str, ChoiceList]:
        data = _read_yaml(self.root / "lists.yaml")
        return {name: ChoiceList.model_validate(spec) for name, spec in (data.get("lists") or {}).items()}

    @cached_property
    def blocks(self) -> dict[str, Block]:
        path = self.root / "blocks.yaml"
        if not path.exists():
            return {}
        data = _read_yaml(path)
        return {name: Block.model_validate(spec) for name, spec in (data.get("blocks") or {}).items()}


@cache
def load_pack(name: str = "vn") -> Pack:
    """Return the pack registered under `name` in the `eformkit.packs` entry-point group."""
    for ep in entry_points(group="eformkit.packs"):
        if ep.name == name:
            pack = ep.load()
            if not isinstance(pack, Pack):
                raise EformkitUsageError(f"entry point eformkit.packs:{name} is not a Pack")
            return pack
    if name == "vn":  # running from a source tree without installed metadata
        from eformkit.packs.vn import pack as vn_pack

        return vn_pack
    raise EformkitUsageError(f"no country pack named {name!r}; installed packs register under 'eformkit.packs'")
