"""A citizen's receipts: the receipt page, the Word file, the submission JSON, the print view and the dossier
record (JSON and XML), each only for the citizen it belongs to (anyone else gets a 404)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from eformkit.dossier.record_xml import to_xml
from eformkit.dossier.storage import StoredReceipt
from eformkit.portal.guard import SECURITY_HEADERS as _HEADERS
from eformkit.portal.guard import request_lang
from eformkit.render.display import display_value
from eformkit.render.html_form import RenderOptions
from eformkit.render.outputs import word_file
from eformkit.render.print_view import render_print
from eformkit.render.texts import ui_text
from eformkit.render.view import form_view
from eformkit.schema.form import Form

if TYPE_CHECKING:
    from eformkit.portal.app import Portal

__all__ = [
    "print_view",
    "receipt_for",
    "receipt_of",
    "receipt_page",
    "record_json",
    "record_response",
    "record_xml",
    "submission_json",
    "word",
    "word_response",
]

_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"



def receipt_for(portal: Portal, receipt_id: str, subject: str | None) -> tuple[StoredReceipt, Form] | None:
    """The receipt `receipt_id`, only for the citizen `subject` it belongs to (else None: a 404, never a 403)."""
    receipt = portal.storage.get_receipt(receipt_id) if subject is not None and len(receipt_id) <= 40 else None
    if subject is None or receipt is None or receipt.subject != subject or receipt.form_id not in portal.forms:
        return None
    return receipt, portal.forms[receipt.form_id]


def receipt_of(portal: Portal, request: Request) -> tuple[StoredReceipt, Form] | None:
    """The receipt of the path, only for the session's citizen."""
    session = portal.session(request)
    return receipt_for(portal, request.path_params["receipt_id"], session.subject if session else None)


async def receipt_page(portal: Portal, request: Request) -> Response:
    found = receipt_of(portal, request)
    lang = request_lang(request.scope)
    if found is None:
        return portal.page("message.html", request, 404, message=ui_text("not_found", lang))
    receipt, form = found
    view = form_view(form, lang)
    rows = []
    for f in view.fields():
        if f.in_table or "/" in f.pointer[1:] or f.type in ("note", "person"):
            continue
        value = receipt.body["data"].get(f.id)
        if f.type == "table":
            shown = f"{len(value)} {ui_text('row', lang)}" if isinstance(value, list) else ""
        else:
            shown = display_value(f, value, lang)
        if shown:
            rows.append((f.label, shown))
    linked = word_file(form, {}, lang=lang, dirs=portal.template_dirs).filled
    corrections = [(getattr(view.by_pointer.get(c["pointer"]), "label", c["pointer"]), c["reason"])
                   for c in receipt.body.get("corrections", [])]  # fmt: skip
    return portal.page("receipt.html", request, receipt=receipt, view=view, rows=rows, linked=linked,
                     corrections=corrections)  # fmt: skip


async def word(portal: Portal, request: Request) -> Response:
    found = receipt_of(portal, request)
    return Response(status_code=404) if found is None else word_response(portal, *found)


def word_response(portal: Portal, receipt: StoredReceipt, form: Form) -> Response:
    """The receipt's Word file (the form's own template filled in, else a generated document)."""
    made = word_file(form, receipt.body["data"], lang="vi", dirs=portal.template_dirs)
    headers = {"Content-Disposition": f'attachment; filename="{made.filename}"', **_HEADERS}
    return Response(made.data, media_type=_DOCX, headers=headers)


async def submission_json(portal: Portal, request: Request) -> Response:
    found = receipt_of(portal, request)
    if found is None:
        return Response(status_code=404)
    receipt, _form = found
    body = {"receipt": receipt.id, **receipt.body}
    name = f"{receipt.form_id.replace('.', '-')}-{receipt.id}.json"
    return JSONResponse(body, headers={"Content-Disposition": f'attachment; filename="{name}"', **_HEADERS})


async def print_view(portal: Portal, request: Request) -> Response:
    found = receipt_of(portal, request)
    if found is None:
        return Response(status_code=404)
    receipt, form = found
    opts = RenderOptions(static_url="/static/eform")
    data = receipt.body["data"]
    return HTMLResponse(render_print(form, data, lang=request_lang(request.scope), options=opts), headers=_HEADERS)


async def record_json(portal: Portal, request: Request) -> Response:
    found = receipt_of(portal, request)
    return record_response(portal, found[0] if found is not None else None)


def record_response(portal: Portal, receipt: StoredReceipt | None) -> Response:
    """The dossier record of a receipt the caller may read, as a JSON download (404 when there is none)."""
    record = portal.storage.get_record(receipt.id) if receipt is not None else None
    if record is None:
        return Response(status_code=404)
    name = f"{record.form_id.replace('.', '-')}-{record.receipt_id}-record.json"
    return JSONResponse(record.to_json(), headers={"Content-Disposition": f'attachment; filename="{name}"'})


async def record_xml(portal: Portal, request: Request) -> Response:
    found = receipt_of(portal, request)
    record = portal.storage.get_record(found[0].id) if found is not None else None
    if record is None:
        return Response(status_code=404)
    name = f"{record.form_id.replace('.', '-')}-{record.receipt_id}-record.xml"
    return Response(to_xml(record), media_type="application/xml",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip
