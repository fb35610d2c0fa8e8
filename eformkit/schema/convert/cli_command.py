"""`eformkit convert TEMPLATE [-o FORM.yaml] [--report text|json]`; a folder converts in batch."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import click

from eformkit.batch.progress import progress_bar
from eformkit.cli_support import exit_codes, fail, output, output_options
from eformkit.schema.convert.batch import convert_folder
from eformkit.schema.convert.doc_reader import TIMEOUT_S
from eformkit.schema.convert.errors import ConversionError
from eformkit.schema.convert.pipeline import convert_template
from eformkit.schema.convert.safety import DEFAULT_LIMITS, Limits

__all__ = ["convert"]


@click.command("convert", epilog=exit_codes("a template of the folder could not be converted (batch mode)"))
@click.argument("template", type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Draft YAML file (a folder in batch mode).")
@click.option(
    "--report",
    "report_format",
    type=click.Choice(["text", "json", "csv"]),
    default="text",
    show_default=True,
    help="One file: the conversion report on stderr (text or json). A folder: the summary on stdout, one row "
    "per template (fields, bound, to review, error).",
)
@click.option("--jobs", type=click.IntRange(1, 256), default=1, show_default=True, help="Batch: worker processes.")
@click.option(
    "--scheduler", metavar="ADDRESS", help='Batch: a Dask scheduler to run on (pip install "eformkit[dask]").'
)
@click.option("--force", is_flag=True, help="Batch: convert again templates whose draft is newer than them.")
@click.option(
    "--timeout",
    type=click.FloatRange(1, 3600),
    default=TIMEOUT_S,
    show_default=True,
    help="Seconds LibreOffice may spend on one .doc/.rtf file.",
)
@click.option(
    "--max-text-bytes",
    type=click.IntRange(min=1),
    default=DEFAULT_LIMITS.max_text_bytes,
    show_default=True,
    help="Refuse a template whose text is longer (UTF-8 bytes, as if saved as .txt).",
)
@click.option(
    "--lang", type=click.Choice(["en", "vi"]), default="en", show_default=True, help="Language of the messages."
)
@output_options
def convert(
    template: Path,
    output: Path | None,
    report_format: str,
    jobs: int,
    scheduler: str | None,
    force: bool,
    timeout: float,
    max_text_bytes: int,
    lang: str,
) -> None:
    """Convert a Word/HTML/text template (or a folder of them) into a draft form definition.

    TEMPLATE is a file (the suffix tells the format, so not '-') or a folder converted in batch: drafts
    newer than their template are kept (--force converts them again), .doc/.rtf files share one LibreOffice.
    """
    limits = replace(DEFAULT_LIMITS, max_text_bytes=max_text_bytes)
    if template.is_dir():
        _batch(template, output or Path("drafts"), report_format, jobs, scheduler, force, timeout, limits, lang)
        return
    if report_format == "csv":
        fail("--report csv is for a folder", "--report csv chỉ dùng cho thư mục", lang)
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


def _batch(
    folder: Path,
    out_dir: Path,
    fmt: str,
    jobs: int,
    scheduler: str | None,
    force: bool,
    timeout: float,
    limits: Limits,
    lang: str,
) -> None:
    # A progress bar on a terminal only: in a pipe or a log, quiet until the summary.
    with progress_bar("convert", enabled=sys.stderr.isatty() and output().verbosity >= 0) as tick:
        batch = convert_folder(
            folder, out_dir, tick, jobs=jobs, scheduler=scheduler, force=force, timeout=timeout, limits=limits
        )
    summary = {"json": batch.to_json, "csv": batch.to_csv}.get(fmt, batch.to_text)(lang)
    click.echo(summary, nl=False)
    output().detail(f"drafts in {out_dir}")
    sys.exit(1 if batch.failed else 0)
