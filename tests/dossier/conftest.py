"""Shared helpers: the catalogue, a prefill engine on the embedded registry, and accepted submissions."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import eformkit
from eformkit.prefill.defaults import default_registry
from eformkit.prefill.engine import PrefillEngine
from eformkit.prefill.identity import Identity
from eformkit.prefill.result import PrefillResult
from eformkit.prefill.submission import SubmissionCheck, check_submission
from eformkit.schema.form import Form

ROOT = Path(__file__).resolve().parents[2]
FORMS = sorted((ROOT / "forms").glob("*.yaml"))
FIXTURES = ROOT / "tests" / "fixtures" / "submissions"
KEY = b"dossier-test-key-0123456789abcdef"


def merge(base: Any, over: Any) -> Any:
    """`base` with `over` laid on top (objects merged member by member; anything else replaced)."""
    if not isinstance(base, dict) or not isinstance(over, dict):
        return copy.deepcopy(over)
    out = copy.deepcopy(base)
    for key, value in over.items():
        out[key] = merge(out[key], value) if key in out else copy.deepcopy(value)
    return out


def typed_parts(form: Form) -> list[dict[str, Any]]:
    """What a citizen types: the form's valid example submissions (tests/fixtures/submissions)."""
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted((FIXTURES / form.id).glob("valid-*.json"))]


def submit(
    engine: PrefillEngine, form: Form, identity: Identity, edit: dict[str, Any] | None = None
) -> tuple[PrefillResult, SubmissionCheck]:
    """Prefill for `identity`, lay the prefilled values over an example the citizen typed, post it.

    The first example that the form accepts with this citizen's values is used (an example may need a
    field the registry leaves empty for this citizen)."""
    result = engine.prefill(form, identity)
    check = None
    for typed in typed_parts(form):
        data = merge(merge(typed, result.data), edit or {})
        check = check_submission(form, data, token=result.token, key=KEY, subject=identity.personal_id)
        if check.accepted:
            break
    assert check is not None
    return result, check


def engine() -> PrefillEngine:
    return PrefillEngine(default_registry(), token_key=KEY)


def load(path: Path) -> Form:
    return eformkit.load_form(path)
