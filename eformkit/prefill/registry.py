"""`ConnectorRegistry`: the set of sources one engine may use, passed in as a value.

There is no hidden global: tests build a registry from `StaticConnector`s, an application builds one
from entry points (group ``eformkit.connectors``) or from YAML. Discovery is lazy: entry points are
listed up front but each plugin is imported only when the registry is first used, and a plugin that
fails to import, to build or to meet the contract is dropped with a warning, never a crash.
``EFORMKIT_DISABLE_CONNECTORS`` (comma-separated names, or ``all``) switches plugins off.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Iterator, Mapping
from importlib.metadata import EntryPoint, entry_points

from eformkit.errors import EformkitUsageError
from eformkit.prefill.base import AnyConnector, check_connector
from eformkit.prefill.outcome import AttributeSpec, SubjectKind

__all__ = ["DISABLE_ENV", "ConnectorRegistry", "ConnectorWarning"]

DISABLE_ENV = "EFORMKIT_DISABLE_CONNECTORS"


class ConnectorWarning(UserWarning):
    """A connector plugin was skipped (import error, build error, contract violation)."""


class ConnectorRegistry:
    """Connectors by unique name, with an index of who provides which attribute."""

    def __init__(self, connectors: Iterable[AnyConnector] = ()) -> None:
        self._connectors: dict[str, AnyConnector] = {}
        self._pending: dict[str, EntryPoint] = {}
        self._index: dict[str, list[AnyConnector]] | None = None
        self._version = 0
        for connector in connectors:
            self.add(connector)

    @classmethod
    def from_entry_points(
        cls,
        group: str = "eformkit.connectors",
        *,
        disabled: Iterable[str] | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> ConnectorRegistry:
        """Discover connector plugins; each entry point names a connector, its class or a factory."""
        env = os.environ if environ is None else environ
        off = {n.strip() for n in env.get(DISABLE_ENV, "").split(",") if n.strip()}
        off |= set(disabled or ())
        registry = cls()
        if "all" in off:
            return registry
        for ep in entry_points(group=group):
            if ep.name in off:
                continue
            if ep.name in registry._pending:
                warnings.warn(f"connector {ep.name!r} is registered twice; keeping the first", ConnectorWarning, 2)
                continue
            registry._pending[ep.name] = ep
        return registry

    def add(self, connector: AnyConnector) -> None:
        """Add `connector`; a name already taken raises, and so does a contract violation."""
        problems = check_connector(connector)
        if problems:
            raise EformkitUsageError(f"not a connector: {'; '.join(problems)}")
        if connector.name in self._connectors or connector.name in self._pending:
            raise EformkitUsageError(f"a connector named {connector.name!r} is already registered")
        self._connectors[connector.name] = connector
        self._index = None
        self._version += 1

    @property
    def version(self) -> int:
        """Changes whenever the set of connectors changes (callers may cache per version)."""
        if self._pending:
            self._load_pending()
        return self._version

    def _load_pending(self) -> None:
        pending, self._pending = self._pending, {}
        for name, ep in pending.items():
            try:
                target = ep.load()
                # A class or a factory is built; an object that already has `fetch` is the connector.
                build = isinstance(target, type) or (callable(target) and not hasattr(target, "fetch"))
                connector = target() if build else target
            except Exception as exc:
                warnings.warn(f"connector {name!r} failed to load ({type(exc).__name__}); skipped", ConnectorWarning, 3)
                continue
            problems = check_connector(connector)
            if problems:
                warnings.warn(f"connector {name!r} skipped: {'; '.join(problems)}", ConnectorWarning, 3)
                continue
            if connector.name in self._connectors:
                warnings.warn(
                    f"connector {connector.name!r} is registered twice; keeping the first", ConnectorWarning, 3
                )
                continue
            self._connectors[connector.name] = connector
        self._index = None
        self._version += 1

    def _all(self) -> dict[str, AnyConnector]:
        if self._pending:
            self._load_pending()
        return self._connectors

    def get(self, name: str) -> AnyConnector:
        """Return the connector called `name`."""
        try:
            return self._all()[name]
        except KeyError:
            raise EformkitUsageError(f"no connector named {name!r}; have {sorted(self._all())}") from None

    def names(self) -> list[str]:
        """Connector names, in registration order."""
        return list(self._all())

    def __contains__(self, name: object) -> bool:
        return name in self._all()

    def __iter__(self) -> Iterator[AnyConnector]:
        return iter(list(self._all().values()))

    def __len__(self) -> int:
        return len(self._all())

    def providers(self, name: str, kind: SubjectKind | None = None) -> list[AnyConnector]:
        """Connectors that provide attribute or relation `name` (of `kind` when given), in registration order."""
        if self._index is None or self._pending:
            index: dict[str, list[AnyConnector]] = {}
            for connector in self._all().values():
                for attr in connector.attributes():
                    index.setdefault(attr, []).append(connector)
            self._index = index
        found = self._index.get(name, [])
        return found if kind is None else [c for c in found if SubjectKind(c.subject_kind) is kind]

    def spec(self, name: str, kind: SubjectKind | None = None) -> AttributeSpec | None:
        """The first provider's spec of `name`, or None."""
        for connector in self.providers(name, kind):
            return connector.attributes()[name]
        return None
