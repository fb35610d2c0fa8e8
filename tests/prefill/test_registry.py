"""ConnectorRegistry: a value, unique names, lazy and forgiving entry-point discovery."""

from __future__ import annotations

import warnings
from importlib.metadata import EntryPoint
from typing import Any

import pytest

from eformkit.errors import EformkitUsageError
from eformkit.prefill.connectors.static import StaticConnector
from eformkit.prefill.registry import ConnectorRegistry, ConnectorWarning

GOOD = StaticConnector("good", {"1": {"full_name": "A"}})


def _fake_eps(monkeypatch: pytest.MonkeyPatch, eps: list[EntryPoint]) -> None:
    def fake(group: str) -> list[EntryPoint]:
        return [ep for ep in eps if ep.group == group]

    monkeypatch.setattr("eformkit.prefill.registry.entry_points", fake)


def make_good() -> Any:
    return StaticConnector("plugged", {"1": {"full_name": "B"}})


def make_broken() -> Any:
    raise RuntimeError("boom 012345678901")


class NotAConnector:
    name = "bad"


def test_duplicate_names_raise() -> None:
    registry = ConnectorRegistry([GOOD])
    with pytest.raises(EformkitUsageError):
        registry.add(StaticConnector("good", {}))


def test_non_connector_is_refused() -> None:
    with pytest.raises(EformkitUsageError):
        ConnectorRegistry([NotAConnector()])  # type: ignore[list-item]


def test_providers_index() -> None:
    registry = ConnectorRegistry([GOOD])
    assert registry.providers("full_name") == [GOOD]
    assert registry.providers("sex") == []
    assert "good" in registry and len(registry) == 1


def test_entry_points_lazy_and_forgiving(monkeypatch: pytest.MonkeyPatch) -> None:
    mod = __name__
    eps = [
        EntryPoint("plugged", f"{mod}:make_good", "eformkit.connectors"),
        EntryPoint("broken", f"{mod}:make_broken", "eformkit.connectors"),
        EntryPoint("bad", f"{mod}:NotAConnector", "eformkit.connectors"),
        EntryPoint("missing", "no_such_module_xyz:thing", "eformkit.connectors"),
    ]
    _fake_eps(monkeypatch, eps)
    registry = ConnectorRegistry.from_entry_points(environ={})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        names = registry.names()
    assert names == ["plugged"]
    messages = [str(w.message) for w in caught if issubclass(w.category, ConnectorWarning)]
    assert len(messages) == 3
    assert not any("012345678901" in m for m in messages)  # exception text may hold personal data


def test_entry_points_disabled_by_env(monkeypatch: pytest.MonkeyPatch) -> None:
    eps = [EntryPoint("plugged", f"{__name__}:make_good", "eformkit.connectors")]
    _fake_eps(monkeypatch, eps)
    assert ConnectorRegistry.from_entry_points(environ={"EFORMKIT_DISABLE_CONNECTORS": "plugged"}).names() == []
    assert ConnectorRegistry.from_entry_points(environ={"EFORMKIT_DISABLE_CONNECTORS": "all"}).names() == []
    assert ConnectorRegistry.from_entry_points(environ={"EFORMKIT_DISABLE_CONNECTORS": "other"}).names() == ["plugged"]
