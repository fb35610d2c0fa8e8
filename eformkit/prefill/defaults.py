"""The ready-made registry: the bundled connectors over one registry database (the embedded one by default)."""

from __future__ import annotations

from eformkit.prefill.connectors.business import BusinessRegistryConnector
from eformkit.prefill.connectors.documents import DocumentStoreConnector
from eformkit.prefill.connectors.population import PopulationConnector
from eformkit.prefill.connectors.submissions import PreviousSubmissionsConnector
from eformkit.prefill.registry import ConnectorRegistry
from eformkit.prefill.registry_db import RegistryDB

__all__ = ["bundled_registry", "default_registry"]


def bundled_registry(db: RegistryDB | None = None) -> ConnectorRegistry:
    """Population, documents, business and previous submissions over `db` (None: the embedded database)."""
    return ConnectorRegistry([
        PopulationConnector(db),
        DocumentStoreConnector(db),
        BusinessRegistryConnector(db),
        PreviousSubmissionsConnector(db),
    ])  # fmt: skip


def default_registry() -> ConnectorRegistry:
    """Installed connector plugins (entry points); the bundled ones when running from a bare source tree."""
    registry = ConnectorRegistry.from_entry_points()
    return registry if len(registry) else bundled_registry()
