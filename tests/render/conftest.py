"""Shared fixtures for the rendering tests: small forms, a fake prefill result, the CT01 form."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from eformkit.schema.form import Form, load_form

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
SHARED_TEMPLATES = ROOT.parent / "shared" / "templates"


@dataclass(frozen=True)
class Prov:
    source: str
    verified: bool = True


@dataclass
class FakePrefill:
    values: dict[str, Any]
    provenance: dict[str, Prov]
    locked: set[str] = field(default_factory=set)
    token: str | None = "tok.en"

    @property
    def data(self) -> dict[str, Any]:
        from eformkit.render.state import nested

        return nested(self.values)


@pytest.fixture(scope="session")
def mini() -> Form:
    return load_form(HERE / "fixtures" / "ct01_mini.yaml")


@pytest.fixture(scope="session")
def hostile() -> Form:
    return load_form(HERE / "fixtures" / "hostile.yaml")


@pytest.fixture(scope="session")
def ct01() -> Form:
    path = ROOT / "forms" / "vn.bca.ct01.yaml"
    if not path.exists():
        pytest.skip("forms/vn.bca.ct01.yaml is not in this checkout")
    return load_form(path)


@pytest.fixture()
def prefill() -> FakePrefill:
    return FakePrefill(
        values={
            "/full_name": "Nguyễn Thị Hoa",
            "/date_of_birth": "1990-03-27",
            "/sex": "female",
            "/personal_id": "066190000123",
            "/phone": "0912345678",
            "/id_card": {"document_type": "citizen_id_card", "source": "store", "ref": "doc-1"},
        },
        provenance={
            "/full_name": Prov("population"),
            "/date_of_birth": Prov("population"),
            "/sex": Prov("population"),
            "/personal_id": Prov("population"),
            "/phone": Prov("population", verified=False),
            "/id_card": Prov("documents"),
        },
        locked={"/full_name", "/date_of_birth", "/sex", "/personal_id"},
    )
