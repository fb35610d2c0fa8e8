"""Tamper tests: every way of changing a locked value is refused; unchanged data is accepted."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest

from eformkit.prefill.connectors.static import StaticConnector
from eformkit.prefill.engine import PrefillEngine
from eformkit.prefill.registry import ConnectorRegistry
from eformkit.prefill.token import verify_submission

from .forms import FakeForm, bind

KEY = b"token-key-for-tests-0123456789"
PID = "066190001234"
MEMBERS = [
    {"full_name": "Nguyễn Văn An", "personal_id": "066085000001", "relationship_to_household_head": "head"},
    {"full_name": "Nguyễn Thị Hồng", "personal_id": PID, "relationship_to_household_head": "wife"},
    {"full_name": "Nguyễn Văn Bình", "personal_id": "066212000003", "relationship_to_household_head": "child"},
]
DATA = {
    PID: {
        "full_name": "Nguyễn Thị Hồng",
        "date_of_birth": "1990-03-04",
        "mother": {"full_name": "Trần Thị Lan", "personal_id": "066160000009"},
        "household_members": MEMBERS,
        "children": [MEMBERS[2]],
        "mobile_phone": "0912345678",
    }
}
COLUMNS = {"full_name": "full_name", "personal_id": "personal_id", "relationship": "relationship_to_household_head"}
FORM = FakeForm(
    "vn.test.tamper",
    [
        bind("/full_name", "applicant.full_name"),
        bind("/date_of_birth", "applicant.date_of_birth", "date", precision=("day", "month", "year")),
        bind("/mother/full_name", "mother.full_name"),
        bind("/mother/personal_id", "mother.personal_id", "personal_id"),
        bind("/phone", "applicant.mobile_phone", "phone", lock="never"),
        bind("/members", "household.members", "table", columns=COLUMNS, key_attribute="personal_id"),
        bind("/changing", "household.members", "table", columns=COLUMNS, key_attribute="personal_id", pick=True),
    ],
)


@pytest.fixture(scope="module")
def issued() -> tuple[str, dict[str, Any]]:
    engine = PrefillEngine(ConnectorRegistry([StaticConnector("population", DATA)]), token_key=KEY)
    result = engine.prefill(FORM, PID)
    assert result.token is not None
    assert result.locked == {
        "/full_name",
        "/date_of_birth",
        "/mother/full_name",
        "/mother/personal_id",
        "/members",
        "/changing",
    }
    data = result.data
    data["request_content"] = "Đăng ký thường trú"
    return result.token, data


def _verify(issued: tuple[str, dict[str, Any]], mutate: Callable[[dict[str, Any]], Any]) -> list[str]:
    token, data = issued
    changed = copy.deepcopy(data)
    mutate(changed)
    check = verify_submission(token, changed, key=KEY, form_id=FORM.id, subject=PID)
    return [p.code for p in check.problems]


def test_unchanged_is_accepted(issued: tuple[str, dict[str, Any]]) -> None:
    assert _verify(issued, lambda d: None) == []


def _set(path: list[Any], value: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(d: dict[str, Any]) -> None:
        node = d
        for p in path[:-1]:
            node = node[p]
        node[path[-1]] = value

    return mutate


ACCEPTED: dict[str, Callable[[dict[str, Any]], Any]] = {
    "unlocked field changed": _set(["phone"], "0999999999"),
    "citizen field typed": _set(["request_content"], "Tách hộ"),
    "rows reordered": lambda d: d["members"].reverse(),
    "pick: rows dropped": lambda d: d["changing"].pop(0),
    "pick: reordered": lambda d: d["changing"].reverse(),
    "pick: every row unticked (absent)": lambda d: d.pop("changing"),
    "pick: every row unticked (empty)": _set(["changing"], []),
    "same text in NFD": _set(["full_name"], "Nguye\u0302\u0303n Thi\u0323 Ho\u0302\u0300ng"),
}


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_allowed_changes_pass(name: str, issued: tuple[str, dict[str, Any]]) -> None:
    assert _verify(issued, ACCEPTED[name]) == []


def _swap_row_value(d: dict[str, Any]) -> None:
    d["members"].reverse()
    d["members"][0]["full_name"] = "Tên Khác"


REFUSED: dict[str, tuple[Callable[[dict[str, Any]], Any], str]] = {
    "scalar changed": (_set(["full_name"], "Trần Văn Giả"), "changed"),
    "scalar case changed": (_set(["full_name"], "NGUYỄN THỊ HỒNG"), "changed"),
    "scalar removed": (lambda d: d.pop("full_name"), "removed"),
    "scalar nulled": (_set(["full_name"], None), "changed"),
    "date type changed": (_set(["date_of_birth"], 19900304), "changed"),
    "date precision changed": (_set(["date_of_birth"], "1990"), "changed"),
    "scalar to list": (_set(["full_name"], ["Nguyễn Thị Hồng"]), "changed"),
    "nested changed": (_set(["mother", "full_name"], "Lê Thị Giả"), "changed"),
    "nested removed": (lambda d: d["mother"].pop("personal_id"), "removed"),
    "nested parent replaced": (_set(["mother"], "Trần Thị Lan"), "removed"),
    "pointer escape key": (
        lambda d: (d["mother"].__setitem__("full_name", "Giả"), d.__setitem__("mother/full_name", "Trần Thị Lan")),
        "changed",
    ),
    "tilde escape key": (lambda d: (d.pop("full_name"), d.__setitem__("full_name~0", "Nguyễn Thị Hồng")), "removed"),
    "row changed": (_set(["members", 0, "full_name"], "Tên Khác"), "row_changed"),
    "row key changed": (_set(["members", 0, "personal_id"], "066085999999"), "row_added"),
    "row removed": (lambda d: d["members"].pop(1), "row_removed"),
    "row added": (
        lambda d: d["members"].append(
            {"full_name": "Người Lạ", "personal_id": "079099000001", "relationship": "other"}
        ),
        "row_added",
    ),
    "row duplicated": (lambda d: d["members"].append(dict(d["members"][0])), "row_duplicate"),
    "row reordered with change": (_swap_row_value, "row_changed"),
    "row cell removed": (lambda d: d["members"][2].pop("relationship"), "row_changed"),
    "row cell type changed": (_set(["members", 0, "personal_id"], 66085000001), "row_added"),
    "row not an object": (_set(["members", 0], "Nguyễn Văn An"), "row_added"),
    "table replaced by object": (_set(["members"], {"0": MEMBERS[0]}), "not_a_table"),
    "table removed": (lambda d: d.pop("members"), "removed"),
    "pick: row changed": (_set(["changing", 0, "relationship"], "child"), "row_changed"),
    "pick: row added": (lambda d: d["changing"].append({"full_name": "X", "personal_id": "079099000001"}), "row_added"),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_tampering_is_refused(name: str, issued: tuple[str, dict[str, Any]]) -> None:
    mutate, code = REFUSED[name]
    assert code in _verify(issued, mutate)


def test_wrong_key_form_subject_and_expiry(issued: tuple[str, dict[str, Any]]) -> None:
    token, data = issued
    def codes(token: str | None, **kw: Any) -> list[str]:
        args: dict[str, Any] = {"key": KEY, "form_id": FORM.id, "subject": PID, **kw}
        return [p.code for p in verify_submission(token, data, **args).problems]

    assert codes(token, key=b"another-key-0123456789") == ["signature"]
    assert codes(token, form_id="vn.other") == ["form"]
    assert codes(token, subject="066190009999") == ["subject"]
    assert codes(token, now=10**12) == ["expired"]
    assert codes("garbage") == ["malformed"]
    assert codes(None) == codes("") == ["missing"]


def test_forged_payload_is_refused(issued: tuple[str, dict[str, Any]]) -> None:
    token, data = issued
    import base64

    body, mac = token.split(".")
    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    payload["locked"] = {}  # the client tries to unlock everything
    payload["tables"] = {}
    forged = base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=").decode() + "." + mac
    assert [p.code for p in verify_submission(forged, data, key=KEY, form_id=FORM.id, subject=PID).problems] == [
        "signature"
    ]


def test_token_holds_no_personal_value(issued: tuple[str, dict[str, Any]]) -> None:
    import base64

    token, _ = issued
    body = token.split(".")[0]
    text = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).decode()
    for value in ("Hồng", PID, "066085000001", "1990-03-04", "Lan", "0912345678", "912345678"):
        assert value not in text  # the phone is offered unlocked: only its keyed digest is signed


def test_messages_are_bilingual_and_quote_no_value(issued: tuple[str, dict[str, Any]]) -> None:
    token, data = issued
    changed = copy.deepcopy(data)
    changed["full_name"] = "Trần Văn Giả"
    (problem,) = verify_submission(token, changed, key=KEY, form_id=FORM.id, subject=PID).problems
    assert problem.message_vi and problem.message_en and "Giả" not in problem.message_vi + problem.message_en


def _payload(token: str) -> dict[str, Any]:
    import base64

    body = token.split(".")[0]
    return dict(json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))))


def test_subject_digest_is_not_a_value_digest() -> None:
    """The subject's digest must not equal the digest of the same ID locked as a value."""
    from eformkit.prefill.result import PrefillResult
    from eformkit.prefill.token import issue_token

    result = PrefillResult("vn.test.tamper", values={"/personal_id": PID}, locked={"/personal_id"})
    payload = _payload(issue_token(result, key=KEY, subject=PID))
    assert payload["sub"] not in payload["locked"].values()


def test_two_tokens_share_no_digest(issued: tuple[str, dict[str, Any]]) -> None:
    """Digests are salted per token: equal values in two tokens cannot be linked."""
    engine = PrefillEngine(ConnectorRegistry([StaticConnector("population", DATA)]), token_key=KEY)
    again = engine.prefill(FORM, PID).token
    assert again is not None
    first, second = _payload(issued[0]), _payload(again)
    assert first["sub"] == second["sub"]  # the same subject, by design (and keyed apart from values)
    assert not set(first["locked"].values()) & set(second["locked"].values())


def test_empty_members_are_what_a_form_posts() -> None:
    """An HTML form cannot post null: a locked object posted without its empty members is unchanged."""
    from eformkit.prefill.result import PrefillResult
    from eformkit.prefill.token import issue_token

    home = {"detail": None, "commune": "24133", "province": "66", "village": ""}
    result = PrefillResult("vn.test.tamper", values={"/home": home}, locked={"/home"})
    token = issue_token(result, key=KEY, subject=PID)

    def codes(posted: dict[str, Any]) -> list[str]:
        check = verify_submission(token, posted, key=KEY, form_id="vn.test.tamper", subject=PID)
        return [p.code for p in check.problems]

    assert codes({"home": {"commune": "24133", "province": "66"}}) == []
    assert codes({"home": {"commune": "24134", "province": "66"}}) == ["changed"]
    assert codes({"home": {"commune": "24133"}}) == ["changed"]


def test_problem_codes_are_stable_and_documented() -> None:
    from pathlib import Path

    from eformkit.prefill.token import TamperProblem

    docs = (Path(__file__).parents[2] / "docs" / "findings.md").read_text(encoding="utf-8")
    for name in ("missing", "malformed", "signature", "changed", "row_removed"):
        code = TamperProblem("", name).error_code
        assert code.startswith("EFK-TOKEN-") and code in docs


def test_the_token_signs_the_level_and_each_offered_values_provenance(issued: tuple[str, dict[str, Any]]) -> None:
    """Version 3: the level the page was prefilled at, and per offered value its source, verification, lock and
    whether the post edited it, all from the signed payload (no source is asked at verification)."""
    token, data = issued
    check = verify_submission(token, data, key=KEY, form_id=FORM.id, subject=PID)
    assert check.ok and check.level == 2  # a bare subject: the caller vouches, level 2
    assert set(check.values) == {"/full_name", "/date_of_birth", "/mother/full_name", "/mother/personal_id",
                                 "/phone", "/members", "/changing"}  # fmt: skip
    phone, name = check.values["/phone"], check.values["/full_name"]
    assert (phone.source, phone.verified, phone.locked, phone.edited) == ("population", True, False, False)
    assert (name.locked, name.edited) == (True, False)
    edited = copy.deepcopy(data)
    edited["phone"] = "0987654321"
    edited["changing"] = edited["changing"][:1]  # a pick list: dropping rows is allowed, and is an edit
    check = verify_submission(token, edited, key=KEY, form_id=FORM.id, subject=PID)
    assert check.ok and check.values["/phone"].edited and check.values["/changing"].edited
    assert not check.values["/members"].edited
    del edited["phone"]
    assert verify_submission(token, edited, key=KEY, form_id=FORM.id, subject=PID).values["/phone"].edited


def test_a_token_of_an_earlier_version_is_refused() -> None:
    import base64
    import hashlib
    import hmac

    from eformkit.prefill.result import PrefillResult
    from eformkit.prefill.token import issue_token

    payload = _payload(issue_token(PrefillResult("vn.test.tamper"), key=KEY, subject=PID))
    payload["v"] = 2
    body = json.dumps(payload).encode()
    sign = hmac.new(KEY, b"eformkit-token/sign", hashlib.sha256).digest()
    mac = base64.urlsafe_b64encode(hmac.new(sign, body, hashlib.sha256).digest()).rstrip(b"=").decode()
    token = base64.urlsafe_b64encode(body).rstrip(b"=").decode() + "." + mac
    check = verify_submission(token, {}, key=KEY, form_id="vn.test.tamper", subject=PID)
    assert [p.code for p in check.problems] == ["malformed"] and check.level is None


def test_a_key_ring_verifies_tokens_signed_with_an_earlier_key(issued: tuple[str, dict[str, Any]]) -> None:
    """Rotation: sign with the new key, accept the old one too (newest first) until its tokens expire."""
    token, data = issued
    new = b"the-new-token-key-after-rotation"
    for ring in ([new, KEY], [KEY, new], (new, KEY)):
        check = verify_submission(token, data, key=ring, form_id=FORM.id, subject=PID)
        assert check.ok and "/full_name" in check.locked
        # The old key's digests still hold the locks: a changed value is refused under the ring too.
        changed = {**data, "full_name": "Trần Văn Giả"}
        refused = verify_submission(token, changed, key=ring, form_id=FORM.id, subject=PID)
        assert [(p.pointer, p.code) for p in refused.problems] == [("/full_name", "changed")]
        assert verify_submission(token, data, key=ring, form_id=FORM.id, subject="066190009999").problems[0].code == (
            "subject"
        )
    dropped = verify_submission(token, data, key=[new], form_id=FORM.id, subject=PID)
    assert [p.code for p in dropped.problems] == ["signature"] and not dropped.locked
    with pytest.raises(ValueError, match="at least one key"):
        verify_submission(token, data, key=[], form_id=FORM.id, subject=PID)
