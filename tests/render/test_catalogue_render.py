"""Every catalogue form renders (page, print view, Word file) in both languages, prefilled or blank,
and its page round-trips through a post."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from formsim import form_pairs

from eformkit.prefill.defaults import default_registry
from eformkit.prefill.embedded import default_db
from eformkit.prefill.engine import PrefillEngine
from eformkit.prefill.token import verify_submission
from eformkit.render.docx_generate import generate_docx
from eformkit.render.form_post import parse_form_post
from eformkit.render.html_form import render_form
from eformkit.render.print_view import render_print
from eformkit.schema.form import load_form

FORMS = sorted((Path(__file__).parents[2] / "forms").glob("*.yaml"))



def _filled(value: object) -> object:
    """A value as an HTML form can post it back: no null or empty members."""
    if isinstance(value, dict):
        return {k: _filled(v) for k, v in value.items() if v not in (None, "")}
    return [_filled(v) for v in value] if isinstance(value, list) else value


@pytest.fixture(scope="module")
def engine() -> PrefillEngine:
    return PrefillEngine(default_registry(), token_key=b"t" * 32)


@pytest.mark.parametrize("path", FORMS, ids=[p.stem for p in FORMS])
def test_renders_and_round_trips(path: Path, engine: PrefillEngine) -> None:
    form = load_form(path)
    subject = default_db().person_ids(3)[2]
    prefill = engine.prefill(form, subject)
    for lang in ("vi", "en"):
        page = render_form(form, prefill=prefill, lang=lang)
        blank = render_form(form, lang=lang)
        assert "<form" in page and "<form" in blank
        assert "CỘNG HÒA" in render_print(form, prefill.data, lang="vi")
        render_print(form, None, lang=lang)
    back = parse_form_post(form, form_pairs(render_form(form, prefill=prefill)))
    assert verify_submission(prefill.token, back, key=b"t" * 32, form_id=form.id, subject=subject).ok
    for pointer in prefill.locked:
        key = pointer.strip("/").split("/")
        node = back
        for k in key:
            node = node.get(k) if isinstance(node, dict) else None
        assert _filled(node) == _filled(prefill.values[pointer]), pointer
    with zipfile.ZipFile(io.BytesIO(generate_docx(form, prefill.data))) as z:
        assert z.testzip() is None
