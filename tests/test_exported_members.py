"""`eformkit.__all__` is sorted, complete and importable."""

from __future__ import annotations

import importlib.metadata
import types

import eformkit


def _public_names() -> set[str]:
    """Every public name of the package, the ones it imports on first use (PEP 562) included."""
    return {
        name
        for name in dir(eformkit)
        if not name.startswith("_") and not isinstance(getattr(eformkit, name), types.ModuleType)
    }


def test_all_is_sorted_without_duplicates() -> None:
    assert eformkit.__all__ == sorted(eformkit.__all__)
    assert len(set(eformkit.__all__)) == len(eformkit.__all__)


def test_all_is_complete() -> None:
    assert set(eformkit.__all__) == _public_names()


def test_every_member_resolves_and_star_import_matches() -> None:
    namespace: dict[str, object] = {}
    exec("from eformkit import *", namespace)  # the point of the test
    assert sorted(k for k in namespace if k != "__builtins__") == eformkit.__all__
    for name in eformkit.__all__:
        assert getattr(eformkit, name) is namespace[name]


def test_the_documented_entry_points_are_exported() -> None:
    assert {"load_form", "parse_form", "Form", "Finding", "Severity", "FormLoadError", "load_pack"} <= set(
        eformkit.__all__
    )


def test_version_matches_the_installed_metadata() -> None:
    assert eformkit.__version__ == importlib.metadata.version("eformkit")
