"""Property-based fuzzing of the portal's form decoding: random posts built from real rendered forms
(every catalogue form, prefilled for a demo citizen) go through `parse_envelope`, `apply_action` and
`check_submission` (token and validation) without an uncaught exception, and what comes back is typed, bounded JSON."""

from __future__ import annotations

import io
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from formsim import form_pairs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eformkit.prefill.submission import check_submission
from eformkit.render.form_post import apply_action, parse_envelope
from eformkit.render.html_form import render_form
from eformkit.render.view import form_view
from eformkit.schema.form import Form, load_form

ROOT = Path(__file__).parents[2]
FORMS = sorted((ROOT / "forms").glob("*.yaml"))
TRICKY = [
    "", " ", "0", "00", "-1", "+7", "1.5", "1,5", ".5", "1e999", "nan", "inf", "Infinity", "²", "①", "٣", "１２",
    "7" * 5000, "9" * 31, "1." + "0" * 40, "31/12/1990", "3/1990", "1990-02-30", "99/99/9999", "2025-13-45",
    "true", "on", "false", "\x00", "\u202e", "a\r\nb", "Nguyễn Văn A", "Nguyễn Văn A", "1.000.000 đồng",
    "remove:/members/0", "remove:/members/²", "remove:/members/" + "9" * 40, "remove:", "add:/members", "add:/nope",
    "add:", "refresh", "submit", "/full_name", "/members/0", "~1", "store", "upload", "66", "xx",
]  # fmt: skip


class _Upload:
    """What a multipart post carries for a file (starlette's UploadFile has the same two attributes)."""

    def __init__(self, filename: str, data: bytes) -> None:
        self.filename = filename
        self.file = io.BytesIO(data)


@cache
def _page(path: Path) -> tuple[Form, tuple[tuple[str, str], ...], str]:
    from eformkit.prefill.defaults import default_registry
    from eformkit.prefill.embedded import default_db
    from eformkit.prefill.engine import PrefillEngine

    form = load_form(path)
    subject = default_db().person_ids(1)[0]
    prefill = PrefillEngine(default_registry(), token_key=b"f" * 32).prefill(form, subject)
    pairs = tuple(form_pairs(render_form(form, prefill=prefill)))
    return form, pairs, subject


@cache
def _names(path: Path) -> tuple[list[str], list[str]]:
    """Every name the page posts, and the names where text becomes numbers (the parser's risky part)."""
    form, pairs, _ = _page(path)
    base = sorted({k for k, _ in pairs})
    extra = ["_action", "_flag", "_token", "_lang", "_reason/full_name", "members.9999.full_name", "members.²:keep",
             "nope", ""]  # fmt: skip
    numeric = ["_action"]
    for f in form_view(form, "vi").fields():
        if f.type == "table" and not f.in_table:
            numeric += [f"{f.name}:rows", f"{f.name}:pick", f"{f.name}.0:keep", f"{f.name}.1:keep"]
        elif f.type in ("date", "signature"):
            numeric += [f"{f.name}:{p}" for p in ("d", "m", "y", "date")] + [f.name]
        elif f.type in ("integer", "number", "money"):
            numeric.append(f.name)
    return base + extra, numeric


NUMERALS = ["²", "①", "٣", "１２", "7" * 5000, "9" * 31, "-0", "1,5", "1e999", "", "12", "3/²/1990", "1990-02-30",
            "remove:/members/²", "remove:/members/" + "9" * 40, "add:/members"]  # fmt: skip
_tricky = st.sampled_from(TRICKY)
_values = st.one_of(
    _tricky,
    _tricky,
    _tricky,
    st.text(max_size=30),
    st.from_regex(r"[0-9²①٣]{1,6}([/.\- ][0-9²①]{1,4}){0,2}", fullmatch=True),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.builds(_Upload, st.text(max_size=20), st.binary(max_size=64)),
)


@st.composite
def _posts(draw: st.DrawFn) -> tuple[Form, list[tuple[str, Any]], str]:
    path = draw(st.sampled_from(FORMS))
    form, pairs, subject = _page(path)
    names, numeric = _names(path)
    post: list[tuple[str, Any]] = list(pairs)
    for _ in range(draw(st.integers(1, 12))):
        op = draw(st.sampled_from(("set", "set", "add", "drop")))
        risky = draw(st.booleans())  # half the time: a name read as a number, and a numeral-like value
        name = draw(st.sampled_from(numeric if risky else names))
        if op == "set":  # every value posted under the name, or a new pair when there is none
            value = draw(st.sampled_from(NUMERALS) if risky else _values)
            post = [(k, value if k == name else v) for k, v in post]
            if all(k != name for k, _ in post):
                post.append((name, value))
        elif op == "add":
            post.append((name, draw(_values)))
        else:
            post = [(k, v) for k, v in post if k != name]
    return form, post, subject


@pytest.mark.skipif(not FORMS, reason="the catalogue is not in this checkout")
@settings(max_examples=500, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_posts())
def test_random_posts_decode_without_an_uncaught_exception(case: Any) -> None:
    form, post, subject = case
    envelope = parse_envelope(form, post, uploads=lambda pointer, upload: f"upload:{len(upload.file.read())}")
    assert isinstance(envelope.data, dict) and envelope.lang in ("vi", "en")
    assert all(isinstance(n, int) and 0 <= n <= 500 for n in envelope.rows.values())
    assert isinstance(apply_action(envelope, form), bool)
    assert all(isinstance(n, int) and 0 <= n <= 500 for n in envelope.rows.values())
    check = check_submission(form, envelope.data, token=envelope.token, key=b"f" * 32, subject=subject)
    assert check.accepted == (not check.issues or all(i.severity != "error" for i in check.issues))
    json.dumps(envelope.to_json(), allow_nan=False)  # typed, finite JSON: no NaN, no infinity, no objects
