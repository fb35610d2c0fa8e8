"""Identity and assurance: a form's `prefill_assurance`, a bare subject string, and the purpose rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from eformkit.prefill.connectors.static import StaticConnector
from eformkit.prefill.engine import PrefillEngine
from eformkit.prefill.identity import Identity, as_identity
from eformkit.prefill.registry import ConnectorRegistry
from eformkit.prefill.registry_db import RegistryDB
from eformkit.prefill.token import verify_submission
from eformkit.schema.form import Form, load_form, parse_form

from .forms import FakeForm, bind

CT01 = Path(__file__).parents[2] / "forms" / "vn.bca.ct01.yaml"
KEY = b"k" * 32


def _variant(old: str, new: str) -> Form:
    text = CT01.read_text(encoding="utf-8")
    assert old in text
    form, findings = parse_form(text.replace(old, new, 1), file="ct01-variant.yaml")
    assert form is not None, [f.message_en for f in findings]
    return form


@pytest.fixture(scope="module")
def pid(registry_db: RegistryDB) -> str:
    return registry_db.person_ids()[0]


def test_catalogue_ct01_asks_for_level_2() -> None:
    assert load_form(CT01).definition.prefill_assurance == 2


def test_level_1_gets_values_but_no_locks(bundled: ConnectorRegistry, pid: str) -> None:
    form = load_form(CT01)
    engine = PrefillEngine(bundled, token_key=KEY)
    low = engine.prefill(form, Identity(pid, 1, "vneid"))
    high = engine.prefill(form, Identity(pid, 2, "vneid"))
    assert high.locked and high.assurance_met
    assert not low.locked and not low.assurance_met
    assert low.values == high.values and low.refusal is None
    # the token of the level-1 page locks nothing: a changed registry value is not refused there
    changed = dict(low.data, full_name="Người Khác")
    assert verify_submission(low.token, changed, key=KEY, form_id=form.id, subject=pid).problems == []
    assert verify_submission(high.token, changed, key=KEY, form_id=form.id, subject=pid).problems


def test_bare_string_keeps_its_old_meaning(bundled: ConnectorRegistry, pid: str) -> None:
    form = load_form(CT01)
    engine = PrefillEngine(bundled)
    assert engine.prefill(form, pid).locked == engine.prefill(form, Identity(pid, 2, "vneid")).locked
    bare = as_identity(pid)
    assert (bare.level, bare.method, bare.vneid_verified) == (2, "unspecified", False)
    assert pid not in repr(bare)


def test_skip_policy_fetches_nothing_below_the_level(bundled: ConnectorRegistry, pid: str) -> None:
    form = _variant("prefill_assurance: 2\n", "prefill_assurance: 2\nprefill_below_assurance: skip\n")
    engine = PrefillEngine(bundled, token_key=KEY)
    low = engine.prefill(form, Identity(pid, 1, "password"))
    assert low.refusal is not None and low.refusal.code == "EFK-PREFILL-002"
    assert low.values == {} and low.outcomes == [] and low.token
    assert set(low.to_type) == {b.pointer for b in form.bindings()}
    assert engine.prefill(form, Identity(pid, 2, "vneid")).values


def test_a_form_without_purpose_asks_no_source() -> None:
    asked: list[object] = []

    class Spy(StaticConnector):
        async def fetch(self, request):  # type: ignore[no-untyped-def]
            asked.append(request)
            return await super().fetch(request)

    spy = Spy("population", {"066190001234": {"full_name": "Nguyễn Văn A"}})
    engine = PrefillEngine(ConnectorRegistry([spy]), token_key=KEY)
    form = FakeForm("t.no_purpose", [bind("/full_name", "applicant.full_name")], purpose="")
    result = engine.prefill(form, "066190001234")
    assert asked == [] and result.values == {}
    assert result.refusal is not None and result.refusal.code == "EFK-PREFILL-001"
    assert "purpose" in result.refusal.message("en") and result.refusal.message("vi")
    assert result.to_type == ["/full_name"] and result.token
    assert result.to_json()["refusal"]["code"] == "EFK-PREFILL-001"
    # the same form with a purpose is prefilled by the same engine
    with_purpose = FakeForm("t.purpose", form.items, purpose="test-purpose")
    assert engine.prefill(with_purpose, "066190001234").values == {"/full_name": "Nguyễn Văn A"}


def test_identity_refuses_unknown_levels_and_methods() -> None:
    with pytest.raises(ValueError):
        Identity("066190001234", 3)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Identity("066190001234", 2, "telepathy")
