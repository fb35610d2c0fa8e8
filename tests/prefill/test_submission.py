"""`check_submission`: the token is required and decides the locks; validation follows."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from eformkit.prefill.defaults import default_registry
from eformkit.prefill.embedded import default_db
from eformkit.prefill.engine import PrefillEngine
from eformkit.prefill.submission import check_submission
from eformkit.schema.form import Form, load_form

KEY = b"submission-key-0123456789abcdef"
CT01 = Path(__file__).parents[2] / "forms" / "vn.bca.ct01.yaml"


@pytest.fixture(scope="module")
def prefilled() -> tuple[Form, str, str, dict[str, Any]]:
    form = load_form(CT01)
    subject = default_db().person_ids(1)[0]
    result = PrefillEngine(default_registry(), token_key=KEY).prefill(form, subject)
    assert result.token and result.locked
    data = result.data
    data.update({"request_kind": "permanent_registration", "signature": {"place": "Huế", "date": "2025-02-05"}})
    return form, subject, result.token, data


def test_unchanged_post_is_accepted(prefilled: tuple[Form, str, str, dict[str, Any]]) -> None:
    form, subject, token, data = prefilled
    check = check_submission(form, data, token=token, key=KEY, subject=subject)
    assert check.accepted, [i.message for i in check.issues]
    assert check.data["full_name"] == data["full_name"] and check.locked


@pytest.mark.parametrize("token", [None, "", "not.a-token"])
def test_without_a_good_token_nothing_is_accepted(prefilled: tuple[Form, str, str, dict[str, Any]], token: Any) -> None:
    form, subject, _, data = prefilled
    check = check_submission(form, data, token=token, key=KEY, subject=subject, lang="en")
    assert not check.accepted and check.report is None and not check.locked
    assert check.tamper[0].code in ("EFK-TOKEN-001", "EFK-TOKEN-003") and "reload" in check.tamper[0].message
    with pytest.raises(ValueError, match="refused"):
        _ = check.data


def test_a_changed_locked_value_is_refused_and_the_rest_still_validated(
    prefilled: tuple[Form, str, str, dict[str, Any]],
) -> None:
    form, subject, token, data = prefilled
    changed = copy.deepcopy(data)
    changed["full_name"] = "Kẻ Giả Mạo"
    del changed["request_kind"]
    check = check_submission(form, changed, token=token, key=KEY, subject=subject)
    assert not check.accepted
    assert [(i.pointer, i.code) for i in check.tamper] == [("/full_name", "EFK-TOKEN-007")]
    assert "/request_kind" in {i.pointer for i in check.issues}
    assert all("Giả" not in i.message for i in check.issues)


def test_another_persons_session_is_refused(prefilled: tuple[Form, str, str, dict[str, Any]]) -> None:
    form, _, token, data = prefilled
    other = default_db().person_ids(2)[1]
    check = check_submission(form, data, token=token, key=KEY, subject=other)
    assert not check.accepted and [i.code for i in check.tamper] == ["EFK-TOKEN-006"]
