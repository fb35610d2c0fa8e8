"""`eformkit convert TEMPLATE [-o FORM.yaml] [--report text|json]`; a folder converts in batch."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

import click

from eformkit.cli_support import exit_codes, output_options
from eformkit.schema.convert.batch import convert_folder
from eformkit.schema.convert.errors import ConversionError
from eformkit.schema.convert.pipeline import convert_template
from eformkit.schema.convert.safety import DEFAULT_LIMITS

__all__ = ["convert"]


@click.command("convert", epilog=exit_codes("a template of the folder could not be converted (batch mode)"))
@click.argument("template", type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Draft YAML file (a folder in batch mode).")
@click.option(
    "--report",
    "report_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Format of the conversion report on stderr (what was found, what needs the author).",
)
@click.option(
    "--lang", type=click.Choice(["en", "vi"]), default="en", show_default=True, help="Language of the messages."
)
@click.option(
    "--max-text-bytes",
    type=click.IntRange(min=1),
    default=DEFAULT_LIMITS.max_text_bytes,
    show_default=True,
    help="Refuse a template whose text is longer (UTF-8 bytes, as if saved as .txt).",
)
@output_options
def convert(template: Path, output: Path | None, report_format: str, lang: str, max_text_bytes: int) -> None:
    """Convert a Word/HTML/text template (or a folder of them) into a draft form definition.

    TEMPLATE is a file (the suffix tells the format, so not '-') or a folder converted in batch.
    """
    limits = replace(DEFAULT_LIMITS, max_text_bytes=max_text_bytes)
    if template.is_dir():
        out_dir = output or Path("drafts")
        with click.progressbar(length=1, label="convert", file=sys.stderr) as bar:

            def tick(done: int, total: int, _path: Path) -> None:
                bar.length = total
                bar.update(1)

            batch = convert_folder(template, out_dir, progress=tick, limits=limits)
        for path, exc in batch.failed.items():
            click.echo(f"{path}: {exc.code} {exc.message_vi if lang == 'vi' else exc.message_en}", err=True)
        summary = {str(p): r.report.to_dict()["summary"] for p, r in batch.results.items()}
        click.echo(
            json.dumps(summary, ensure_ascii=False, indent=2)
            if report_format == "json"
            else f"{len(batch.converted)} converted, {len(batch.failed)} failed → {out_dir}"
        )
        sys.exit(1 if batch.failed else 0)
    try:
        result = convert_template(template, limits=limits)
    except ConversionError as exc:
        click.echo(f"{exc.code} {exc.location}: {exc.message_vi if lang == 'vi' else exc.message_en}", err=True)
        sys.exit(2)
    if output:
        output.write_text(result.yaml_text, encoding="utf-8")
    else:
        click.echo(result.yaml_text, nl=False)
    text = result.report.to_json() if report_format == "json" else result.report.to_text()
    click.echo(text, err=True, nl=False)
