"""The Vietnamese pack: vocabulary (CSDLQG về dân cư items, document store, business registry), shared
lists (54 ethnic groups, …), blocks, identifier rules and the 2025 two-level administrative units."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from importlib import import_module
from pathlib import Path
from typing import Any

from eformkit.packs import Pack

__all__ = ["pack"]


class _Lazy(Mapping[Any, Any]):
    """A mapping imported on first use (rules pull in the admin-unit tables; keep `import eformkit` fast)."""

    def __init__(self, module: str, name: str) -> None:
        self._where = (module, name)

    def _target(self) -> Mapping[Any, Any]:
        module, name = self._where
        value: Mapping[Any, Any] = getattr(import_module(module), name)
        return value

    def __getitem__(self, key: Any) -> Any:
        return self._target()[key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._target())

    def __len__(self) -> int:
        return len(self._target())


def _subject_problem(subject: str) -> tuple[str, str, str] | None:
    """A personal ID that is not 12 digits with a known province prefix: EFK-VN-001 (messages masked)."""
    from eformkit.packs.vn.personal_id import PersonalIdError, parse_personal_id

    try:
        parse_personal_id(subject)
    except PersonalIdError as exc:
        return "EFK-VN-001", exc.message_en, exc.message_vi
    return None


pack = Pack(
    name="vn",
    root=Path(__file__).parent,
    rules=_Lazy("eformkit.packs.vn.rules", "RULES"),
    functions=_Lazy("eformkit.packs.vn.rules", "FUNCTIONS"),
    guards=_Lazy("eformkit.packs.vn.rules", "GUARDS"),
    subject_problem=_subject_problem,
)
