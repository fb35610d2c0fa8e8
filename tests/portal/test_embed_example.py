"""examples/embed_starlette.py: a host Starlette app with its own sign-in that mounts the JSON API."""

from __future__ import annotations

import importlib.util
import warnings
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).parents[2]
pytest.importorskip("starlette")
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient


def _example() -> Any:
    spec = importlib.util.spec_from_file_location("embed_starlette", ROOT / "examples" / "embed_starlette.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        spec.loader.exec_module(module)
    return module


def test_the_starlette_example_answers_forms_and_signs_in_its_own_way() -> None:
    example = _example()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        client = TestClient(example.app)
    with client:  # runs the example's lifespan (closes the portal at the end)
        forms = client.get("/api/forms?lang=en")
        assert forms.status_code == 200
        ct01 = {"id": "vn.bca.ct01", "code": "CT01", "title": "Declaration of change of residence information"}
        assert ct01 in forms.json()
        assert client.get("/api/session").status_code == 401
        assert client.post("/login", follow_redirects=False).status_code == 303
        session = client.get("/api/session").json()
        assert session["level"] == 2 and "*" in session["subject"]
        prefill = client.post("/api/forms/vn.bca.ct01/prefill", json={}, headers={"x-csrf-token": session["csrf"]})
        assert prefill.status_code == 200 and prefill.json()["fields"]["/full_name"]["locked"] is True
        assert "Signed in." in client.get("/").text
