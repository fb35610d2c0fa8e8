"""What every connector over the embedded registry shares: its name, the database opened on first use,
and its attribute catalogue."""

from __future__ import annotations

from collections.abc import Mapping

from eformkit.prefill.embedded import default_db
from eformkit.prefill.outcome import AttributeSpec
from eformkit.prefill.registry_db import RegistryDB

__all__ = ["EmbeddedConnector"]


class EmbeddedConnector:
    """Base of the connectors backed by a `RegistryDB` (the default one is built on first use)."""

    def __init__(self, db: RegistryDB | None, name: str, specs: dict[str, AttributeSpec]) -> None:
        self.name = name
        self._db = db
        self._specs = specs

    @property
    def db(self) -> RegistryDB:
        """The database, opened (and built) on first use."""
        if self._db is None:
            self._db = default_db()
        return self._db

    def attributes(self) -> Mapping[str, AttributeSpec]:
        """The attributes (and relations) this connector answers."""
        return self._specs
