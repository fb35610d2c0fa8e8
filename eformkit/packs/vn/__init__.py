"""The Vietnamese pack: vocabulary (CSDLQG về dân cư items, document store, business registry), shared
lists (54 ethnic groups, …), blocks, identifier rules and the 2025 two-level administrative units."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from eformkit.packs import Pack

__all__ = ["pack"]


class _LazyRules(Mapping[str, Any]):
    """The pack's validation rules, imported on first use (they pull in the admin-unit tables)."""

    def _rules(self) -> Mapping[str, Any]:
        from eformkit.packs.vn.rules import RULES

        return RULES

    def __getitem__(self, key: str) -> Any:
        return self._rules()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._rules())

    def __len__(self) -> int:
        return len(self._rules())


pack = Pack(name="vn", root=Path(__file__).parent, rules=_LazyRules())
