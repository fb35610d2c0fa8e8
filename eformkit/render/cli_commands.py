"""`eformkit render` (an e-form page, print view or Word file, without a server) and `eformkit serve`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from eformkit.errors import FormLoadError

__all__ = ["render", "serve"]


def _mask(subject: str) -> str:
    return subject[:3] + "*" * max(len(subject) - 5, 0) + subject[-2:] if len(subject) >= 8 else "*" * len(subject)


def _prefill(form: Any, subject: str) -> Any:
    from eformkit.prefill.defaults import default_registry
    from eformkit.prefill.engine import PrefillEngine

    result = PrefillEngine(default_registry()).prefill(form, subject)
    if not result.values and all(o.outcome.value != "ok" for o in result.outcomes):
        click.echo(f"Không tìm thấy công dân {_mask(subject)} / no citizen {_mask(subject)} in the registry", err=True)
        sys.exit(1)
    return result


@click.command("render")
@click.argument("form_path", metavar="FORM", type=click.Path())
@click.option("--subject", help="Prefill for this citizen (personal ID) from the registry.")
@click.option("--data", "data_path", type=click.Path(), help="Submission data (JSON) to show or fill in.")
@click.option("--to", "target", type=click.Choice(["html", "print", "docx"]), default="html", show_default=True)
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
@click.option("--templates", multiple=True, type=click.Path(), help="Folder with Word templates and links files.")
@click.option("-o", "--output", required=True, type=click.Path(), help="Output file ('-' for stdout, not docx).")
def render(
    form_path: str, subject: str | None, data_path: str | None, target: str, lang: str, templates: tuple[str, ...],
    output: str,
) -> None:  # fmt: skip
    """Render FORM as an e-form page (html), a print view (print) or a filled Word file (docx)."""
    from eformkit.render.html_form import render_form
    from eformkit.render.outputs import word_file
    from eformkit.render.print_view import render_print
    from eformkit.schema.form import load_form

    try:
        form = load_form(form_path)
    except FormLoadError as exc:
        for f in exc.findings[:5]:
            click.echo(f"{f.where}: {f.code}: {f.message_vi} / {f.message_en}", err=True)
        sys.exit(2)
    prefill = _prefill(form, subject.strip()) if subject else None
    data: dict[str, Any] = dict(prefill.data) if prefill is not None else {}
    if data_path:
        try:
            loaded = json.loads(Path(data_path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            click.echo(f"Không đọc được dữ liệu / cannot read the data: {type(exc).__name__}", err=True)
            sys.exit(2)
        if not isinstance(loaded, dict):
            click.echo("Dữ liệu phải là một đối tượng JSON / the data must be a JSON object", err=True)
            sys.exit(2)
        data.update(loaded)
    if target == "docx":
        if output == "-":
            click.echo("Tệp Word cần một đường dẫn -o / a Word file needs an -o path", err=True)
            sys.exit(2)
        made = word_file(form, data, lang=lang, dirs=templates)
        Path(output).write_bytes(made.data)
        kind = "mẫu gốc đã điền / filled template" if made.filled else "tệp tạo mới / generated document"
        click.echo(f"{output}: {kind}", err=True)
        return
    if target == "print":
        page = render_print(form, data, lang=lang)
    else:
        page = render_form(form, data if data_path else None, prefill=prefill, lang=lang)
    if output == "-":
        click.echo(page, nl=False)
    else:
        Path(output).write_text(page, encoding="utf-8")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--forwarded-allow-ips", default=None, help="Proxies trusted to report HTTPS (X-Forwarded-Proto): Secure cookies."
)
def serve(host: str, port: int, forwarded_allow_ips: str | None) -> None:
    """Start the demo portal (pick a demo citizen, open a prefilled form, submit, get the Word file)."""
    root = Path(__file__).resolve().parents[2]
    if not (root / "examples" / "portal" / "app.py").is_file():
        click.echo(
            "Không tìm thấy cổng thử nghiệm (examples/portal) / the demo portal is not in this install", err=True
        )
        sys.exit(2)
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    from importlib import import_module

    import_module("examples.portal.__main__").main(host=host, port=port, forwarded_allow_ips=forwarded_allow_ips)
