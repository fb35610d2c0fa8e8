"""The signed-in citizen's own pages: the status of their correction requests and "Ai đã xem dữ liệu của
tôi" (who read my data), per docs/dossier.md §7; and the notice on a form prefilled below its level.

Every page is for the session's subject only; a page never shows a value read about anyone, and the
access log never another person's ID."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markupsafe import escape
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from eformkit.portal.guard import request_lang
from eformkit.prefill.result import PrefillResult
from eformkit.render.view import form_view

if TYPE_CHECKING:
    from eformkit.portal.app import Portal

__all__ = ["QUOTA", "access_log", "my_requests", "notices", "with_notice"]

QUOTA = ("Bạn đã nộp quá nhiều hồ sơ; vui lòng liên hệ cơ quan tiếp nhận.",
         "You have submitted too many dossiers; please contact the receiving agency.")  # fmt: skip
_BELOW = ("Bạn đăng nhập bằng tài khoản định danh điện tử mức {level}; biểu mẫu này cần mức {required} để khóa "
          "thông tin đã xác thực. Thông tin được điền sẵn để bạn kiểm tra và có thể sửa.",
          "You signed in with a level {level} electronic identity account; this form needs level {required} to "
          "lock verified values. The values are filled in for you to check, and you may change them.")  # fmt: skip



def notices(prefill: PrefillResult, lang: str, level: int, required: int | None) -> list[str]:
    """Why the prefill asked no source, or locked nothing because of the sign-in's level (empty: neither)."""
    if prefill.refusal is not None:
        return [prefill.refusal.message(lang)]
    if not prefill.assurance_met:
        return [_BELOW[lang == "en"].format(level=level, required=required)]
    return []


def with_notice(page: str, prefill: PrefillResult, lang: str, level: int, required: int | None) -> str:
    """The form page with a notice under its heading when the prefill refused or locked nothing by level."""
    texts = notices(prefill, lang, level, required)
    head = page.find('<header class="form-head">')
    end = page.find("</header>", head) if head >= 0 else -1
    if not texts or end < 0:
        return page
    end += len("</header>")
    notice = "".join(f"<p>{escape(t)}</p>" for t in texts)
    return f'{page[:end]}\n<div class="notice" role="status" id="assurance-notice">{notice}</div>{page[end:]}'


def _label(portal: Portal, form_id: str, pointer: str, lang: str) -> str:
    form = portal.forms.get(form_id)
    field = form_view(form, lang).by_pointer.get(pointer) if form is not None else None
    return field.label if field is not None else pointer


async def my_requests(portal: Portal, request: Request) -> Response:
    """The status of the citizen's correction requests ("Thông tin này không đúng?")."""
    session = portal.session(request)
    if session is None:
        return RedirectResponse("/", 303)
    lang = request_lang(request.scope)
    rows = [
        {"id": item.id, "form": _title(portal, item.form_id, lang), "field": _label(portal, item.form_id,
         item.pointer, lang), "reason": item.reason, "status": item.status, "status_text": item.status_text(lang),
         "note": item.note, "updated": item.updated_at[:16].replace("T", " ")}
        for item in portal.storage.feedback.of_subject(session.subject)
    ]  # fmt: skip
    return portal.page("requests.html", request, rows=rows)


def _title(portal: Portal, form_id: str, lang: str) -> str:
    form = portal.forms.get(form_id)
    return form_view(form, lang).title if form is not None else form_id


def _data_labels(portal: Portal, form_id: str, names: tuple[str, ...], lang: str) -> str:
    form = portal.forms.get(form_id)
    vocabulary: Any = form.pack.vocabulary if form is not None and form.pack is not None else None
    out = []
    for name in names:
        attribute = vocabulary.attributes.get(name.rpartition(".")[2]) if vocabulary is not None else None
        label = getattr(attribute.label, lang, None) if attribute is not None else None
        out.append(str(label or name))
    return ", ".join(dict.fromkeys(out))


async def access_log(portal: Portal, request: Request) -> Response:
    """Ai đã xem dữ liệu của tôi: every read of the signed-in citizen's data (never a value)."""
    session = portal.session(request)
    if session is None:
        return RedirectResponse("/", 303)
    lang = request_lang(request.scope)
    rows = [
        {"at": e.at[:19].replace("T", " "), "reader": e.reader, "source": e.source,
         "form": _title(portal, e.form_id, lang), "purpose": e.purpose, "role": e.role,
         "data": _data_labels(portal, e.form_id, e.data, lang), "outcome": e.outcome}
        for e in reversed(portal.access_log.entries_of(session.subject))
    ]  # fmt: skip
    return portal.page("access_log.html", request, rows=rows)
