"""Posted forms back to typed JSON: round trips through the rendered page, parts, actions, envelope."""

from __future__ import annotations

import unicodedata

import pytest
from formsim import form_pairs

from eformkit.packs.vn.admin_units import communes
from eformkit.render.form_post import apply_action, parse_envelope, parse_form_post, text_to_date
from eformkit.render.html_form import RenderOptions, render_form


def _full(extra: dict | None = None) -> dict:
    commune = communes("66")[3]
    data = {
        "full_name": "Nguyễn <b>Văn</b> A",
        "date_of_birth": "1990-03",
        "sex": "female",
        "personal_id": "066190000123",
        "phone": "0912345678",
        "email": "a@example.vn",
        "head_name": "Trần B",
        "relationship": "wife",
        "head_id": "066085000111",
        "request_kind": "other",
        "other_request": "dòng 1\ndòng 2",
        "new_address": {"detail": "12 Lê Duẩn", "commune": commune.code, "province": "66"},
        "move_date": "2024-05-06",
        "members": [
            {"full_name": "B", "date_of_birth": "2001-02-03", "sex": "male", "personal_id": "066201000001",
             "relationship_to_household_head": "child"},
            {"full_name": "C", "date_of_birth": "2003", "sex": "female", "personal_id": "066303000002",
             "relationship_to_household_head": "child"},
        ],
        "copies": 3,
        "urgent": False,
        "declaration": True,
        "signature": {"place": "Buôn Ma Thuột", "date": "2025-01-02"},
    }  # fmt: skip
    data.update(extra or {})
    return data


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_round_trip_through_the_page(mini, lang) -> None:
    data = _full()
    back = parse_form_post(mini, form_pairs(render_form(mini, data, lang=lang)))
    assert back == data
    assert mini.validate(back).valid


def test_round_trip_with_prefill_and_locks(mini, prefill) -> None:
    data = {**prefill.data, "urgent": True, "copies": 2}
    back = parse_form_post(mini, form_pairs(render_form(mini, data, prefill=prefill)))
    for key in ("full_name", "date_of_birth", "sex", "personal_id", "phone", "urgent", "copies"):
        assert back[key] == data[key], key
    assert back["id_card"] == {"document_type": "citizen_id_card", "source": "store", "ref": "doc-1"}


def test_types_from_raw_posts(mini) -> None:
    post = {
        "copies": " 12 ", "date_of_birth:d": "7", "date_of_birth:m": "3", "date_of_birth:y": "1990",
        "move_date:d": "", "move_date:m": "", "move_date:y": "2024", "urgent:present": "1",
        "members.5.full_name": "X", "members.5.date_of_birth": "27/3/2001", "members.2.full_name": "",
        "new_address:commune": communes("66")[0].code, "unknown": "ignored", "declaration": "true",
    }  # fmt: skip
    data = parse_form_post(mini, post)
    assert data["copies"] == 12
    assert data["date_of_birth"] == "1990-03-07"
    assert data["move_date"] == "2024"
    assert data["urgent"] is False
    assert data["members"] == [{"full_name": "X", "date_of_birth": "2001-03-27"}]
    assert data["new_address"]["province"] == "66"
    assert "unknown" not in data and data["declaration"] is True


def test_unconvertible_values_are_kept_for_validation(mini) -> None:
    data = parse_form_post(mini, {"copies": "ba", "date_of_birth:d": "x", "date_of_birth:y": "1990"})
    assert data["copies"] == "ba"
    report = mini.validate(data, "en")
    pointers = {i.pointer for i in report.issues}
    assert "/copies" in pointers and "/date_of_birth" in pointers


def test_text_is_nfc(mini) -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn")
    assert parse_form_post(mini, {"head_name": decomposed})["head_name"] == "Nguyễn"


@pytest.mark.parametrize(
    ("text", "iso"),
    [("27/3/1990", "1990-03-27"), ("1990-03-27", "1990-03-27"), ("3/1990", "1990-03"), ("1990", "1990"),
     ("27.03.1990", "1990-03-27"), ("", None), ("soon", "soon")],
)  # fmt: skip
def test_text_to_date(text, iso) -> None:
    assert text_to_date(text) == iso


def test_add_and_remove_rows_without_javascript(mini) -> None:
    page = render_form(mini, _full())
    env = parse_envelope(mini, [*form_pairs(page, None), ("_action", "add:/members")])
    assert apply_action(env, mini)
    assert env.rows["/members"] == 4
    again = render_form(mini, env.data, options=RenderOptions(rows=env.rows))
    env = parse_envelope(mini, [*form_pairs(again, None), ("_action", "remove:/members/0")])
    assert apply_action(env, mini)
    assert [m["full_name"] for m in env.data["members"]] == ["C"]
    env = parse_envelope(mini, form_pairs(page))
    assert not apply_action(env, mini) and env.action == "submit"


def test_envelope_records_corrections(mini, prefill) -> None:
    pairs = form_pairs(render_form(mini, prefill=prefill))
    pairs += [("_flag", "/full_name"), ("_reason/full_name", "Sai  dấu"), ("_flag", "/not/a/field")]
    env = parse_envelope(mini, pairs)
    assert env.corrections == [{"pointer": "/full_name", "reason": "Sai  dấu"}]
    assert env.data["full_name"] == "Nguyễn Thị Hoa"  # the value stays
    assert env.token == "tok.en" and env.lang == "vi"
    assert env.to_json()["prefill_token"] == "tok.en"


def test_uploads_go_through_the_hook(mini) -> None:
    class Upload:
        filename = "../../etc/passwd .pdf"

    data = parse_form_post(mini, [("id_card", Upload())], uploads=lambda pointer, up: f"ref:{pointer}")
    assert data["id_card"] == {"document_type": "citizen_id_card", "source": "upload", "ref": "ref:/id_card"}
    plain = parse_form_post(mini, [("id_card", Upload())])
    assert "/" not in plain["id_card"]["ref"]
