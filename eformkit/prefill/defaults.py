"""The ready-made registry: the bundled connectors over one registry database (the embedded one by default).

Two environment variables shape it without code (`eformkit serve --db/--connectors` sets them for the portal):
`EFORMKIT_REGISTRY_DB`, the registry database (eformkit.prefill.embedded), and `EFORMKIT_CONNECTORS`, a YAML
file of declarative HTTP/XML connectors added to the default registry (docs/connectors.md).
"""

from __future__ import annotations

import os

from eformkit.prefill.connectors.business import BusinessRegistryConnector
from eformkit.prefill.connectors.documents import DocumentStoreConnector
from eformkit.prefill.connectors.population import PopulationConnector
from eformkit.prefill.connectors.submissions import PreviousSubmissionsConnector
from eformkit.prefill.registry import ConnectorRegistry
from eformkit.prefill.registry_db import RegistryDB

__all__ = ["CONNECTORS_ENV", "bundled_registry", "default_registry"]

CONNECTORS_ENV = "EFORMKIT_CONNECTORS"


def bundled_registry(db: RegistryDB | None = None) -> ConnectorRegistry:
    """Population, documents, business and previous submissions over `db` (None: the embedded database)."""
    return ConnectorRegistry([
        PopulationConnector(db),
        DocumentStoreConnector(db),
        BusinessRegistryConnector(db),
        PreviousSubmissionsConnector(db),
    ])  # fmt: skip


def default_registry() -> ConnectorRegistry:
    """Installed connector plugins (entry points; the bundled ones when running from a bare source tree), plus
    the declarative connectors of the file `$EFORMKIT_CONNECTORS` names."""
    registry = ConnectorRegistry.from_entry_points()
    registry = registry if len(registry) else bundled_registry()
    declared = os.environ.get(CONNECTORS_ENV)
    if declared:
        from eformkit.prefill.connectors.http import connectors_from_yaml

        for connector in connectors_from_yaml(declared):
            registry.add(connector)
    return registry
