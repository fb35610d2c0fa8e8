"""`eformkit render` (an e-form page, print view or Word file, without a server) and `eformkit serve`."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from eformkit.cli_support import check_subject, exit_codes, fail, load_form_arg, output_options, read_input
from eformkit.cli_support import output as cli_output
from eformkit.text import mask_id

__all__ = ["render", "serve"]



def _warn(message: str) -> None:
    """A warning on stderr, shown even with -q (the output is not what was asked for)."""
    out = cli_output()
    click.echo(click.style("warning", fg="yellow", bold=True) + ": " + message, err=True, color=out.colour)


def _prefill(form: Any, subject: str) -> Any:
    from eformkit.prefill.defaults import default_registry
    from eformkit.prefill.engine import PrefillEngine

    result = PrefillEngine(default_registry()).prefill(form, subject)
    if not result.values and all(o.outcome.value != "ok" for o in result.outcomes):
        masked = mask_id(subject)
        cli_output().error(f"Không tìm thấy công dân {masked} / no citizen {masked} in the registry")
        sys.exit(1)
    return result


@click.command("render", epilog=exit_codes("the registry does not know the --subject citizen"))
@click.argument("form_path", metavar="FORM")
@click.option("--subject", help="Prefill for this citizen (personal ID) from the registry.")
@click.option(
    "--data", "data_path", help="Submission data (a JSON object) to show or fill in; '-' reads standard input."
)
@click.option(
    "--to",
    "target",
    type=click.Choice(["html", "print", "docx"]),
    default="html",
    show_default=True,
    help="html: the e-form page; print: the print view laid out like the paper; docx: the filled Word file.",
)
@click.option(
    "--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True, help="Language of the page."
)
@click.option(
    "--templates",
    multiple=True,
    type=click.Path(),
    help="Folder with Word templates and links files (repeatable); used by --to docx.",
)
@click.option(
    "--require-template",
    is_flag=True,
    help="--to docx: exit 2 rather than write a generated document when the form's own template is not found.",
)
@click.option("-o", "--output", required=True, type=click.Path(), help="Output file ('-' for stdout, not docx).")
@output_options
def render(
    form_path: str, subject: str | None, data_path: str | None, target: str, lang: str, templates: tuple[str, ...],
    require_template: bool, output: str,
) -> None:  # fmt: skip
    """Render FORM as an e-form page (html), a print view (print) or a filled Word file (docx).

    FORM is a file, a shipped form id (vn.bca.ct01) or '-' for YAML on stdin.
    """
    from eformkit.render.html_form import render_form
    from eformkit.render.outputs import word_file
    from eformkit.render.print_view import render_print

    form = load_form_arg(form_path, lang)
    prefill = _prefill(form, check_subject(form, subject, lang)) if subject else None
    data: dict[str, Any] = dict(prefill.data) if prefill is not None else {}
    if data_path:
        try:
            loaded = json.loads(read_input(data_path, lang).decode("utf-8-sig"))
        except (ValueError, RecursionError) as exc:
            fail(
                f"cannot read the data: {type(exc).__name__}",
                f"không đọc được dữ liệu: {type(exc).__name__}",
                lang,
            )
        if not isinstance(loaded, dict):
            fail("the data must be a JSON object", "dữ liệu phải là một đối tượng JSON", lang)
        data.update(loaded)
    if target == "docx":
        if output == "-":
            fail("a Word file needs an -o path", "tệp Word cần một đường dẫn -o", lang)
        made = word_file(form, data, lang=lang, dirs=templates)
        if made.missing is not None:
            if require_template:
                fail(made.missing.message("en"), made.missing.message("vi"), lang)
            fallback = "viết tệp tạo mới" if lang == "vi" else "writing a generated document"
            refuse = "--require-template để từ chối" if lang == "vi" else "--require-template refuses"
            _warn(f"{made.missing.message(lang)}; {fallback} ({refuse})")
        Path(output).write_bytes(made.data)
        kind = "mẫu gốc đã điền / filled template" if made.filled else "tệp tạo mới / generated document"
        cli_output().info(f"{output}: {kind}")
        return
    if target == "print":
        page = render_print(form, data, lang=lang)
    else:
        page = render_form(form, data if data_path else None, prefill=prefill, lang=lang)
    if output == "-":
        click.echo(page, nl=False)
    else:
        Path(output).write_text(page, encoding="utf-8")


@click.command("serve", epilog=exit_codes("not used"))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--db",
    "db_path",
    type=click.Path(exists=True, dir_okay=False),
    help="Registry database, e.g. from `eformkit registry build -o` (sets EFORMKIT_REGISTRY_DB).",
)
@click.option(
    "--connectors",
    type=click.Path(exists=True, dir_okay=False),
    help="YAML file of declarative HTTP/XML connectors to add (sets EFORMKIT_CONNECTORS).",
)
@click.option(
    "--forwarded-allow-ips", default=None, help="Proxies trusted to report HTTPS (X-Forwarded-Proto): Secure cookies."
)
@click.option(
    "--store",
    type=click.Path(dir_okay=False),
    help="The portal's own SQLite file: receipts, dossier records, correction requests, access log "
    "(default: $EFORMKIT_PORTAL_DB, else portal.sqlite in the user cache). `eformkit feedback list --db` reads it.",
)
@output_options
def serve(
    host: str, port: int, db_path: str | None, connectors: str | None, forwarded_allow_ips: str | None,
    store: str | None,
) -> None:  # fmt: skip
    """Start the demo portal (sign in, open a prefilled form, submit, get the Word file and dossier record).

    Sign-in offers VNeID level 1 and level 2; the citizen follows their correction requests and sees who read
    their data. Needs the demo extra: pip install "eformkit[demo]"."""
    from eformkit.prefill.defaults import CONNECTORS_ENV
    from eformkit.prefill.embedded import REGISTRY_ENV

    # The portal builds its registry with default_registry(), which reads these (docs/connectors.md).
    if db_path:
        os.environ[REGISTRY_ENV] = str(Path(db_path).resolve())
    if connectors:
        os.environ[CONNECTORS_ENV] = str(Path(connectors).resolve())
    try:
        from eformkit.portal.__main__ import main
    except ImportError as exc:  # starlette/uvicorn are the `demo` extra, imported only by the portal
        fail(
            f"the demo portal needs the demo extra ({exc.name or 'a module'} is missing): pip install 'eformkit[demo]'",
            f"cổng thử nghiệm cần gói phụ demo (thiếu {exc.name or 'một mô-đun'}): pip install 'eformkit[demo]'",
        )
    main(host=host, port=port, forwarded_allow_ips=forwarded_allow_ips, store=store)
