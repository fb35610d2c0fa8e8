"""The Vietnamese pack: vocabulary (CSDLQG về dân cư items, document store, business registry), shared
lists (54 ethnic groups, …), blocks, identifier rules and the 2025 two-level administrative units."""

from __future__ import annotations

from pathlib import Path

from eformkit.packs import Pack

__all__ = ["pack"]

pack = Pack(name="vn", root=Path(__file__).parent)
