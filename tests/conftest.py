"""Shared fixtures: where the example forms live."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def valid_forms_dir() -> Path:
    """Small valid forms written against the vn pack (no findings at all)."""
    return FIXTURES / "forms" / "valid"


@pytest.fixture(scope="session")
def invalid_forms_dir() -> Path:
    """One invalid form per finding code, each headed `# expect: CODE[, CODE...]`."""
    return FIXTURES / "forms" / "invalid"
