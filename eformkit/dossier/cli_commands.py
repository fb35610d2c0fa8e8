"""CLI commands of the dossier part: `indicators` and `feedback list|show|export` (registered by `eformkit.cli`)."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Any

import click

from eformkit.cli_support import exit_codes
from eformkit.dossier.errors import RecordError
from eformkit.dossier.feedback import STATUSES, FeedbackItem, SqliteFeedbackSink
from eformkit.dossier.indicators import INDICATORS, IndicatorReport, compute, read_records
from eformkit.text import mask_id

__all__ = ["feedback", "indicators"]

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
_LANG = click.option(
    "--lang", type=click.Choice(["en", "vi"]), default="en", show_default=True, help="Message language."
)



def _fail(exc: RecordError, lang: str) -> None:
    click.echo(f"{exc.where}: {exc.code} {exc.message(lang)}", err=True)
    sys.exit(EXIT_USAGE)


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.1f}%"


def _text(report: IndicatorReport, lang: str) -> str:
    codes = [i.code for i in INDICATORS]
    head = "Chỉ số Quyết định 766" if lang == "vi" else "Decision 766 indicators"
    lines = [f"{head}: {report.dossiers} {'hồ sơ' if lang == 'vi' else 'dossiers'}", ""]
    for i in INDICATORS:
        goal = f" (≥{i.threshold * 100:.0f}%)" if i.threshold is not None else ""
        lines.append(f"  {i.code:<5} {i.name_vi if lang == 'vi' else i.name_en}{goal}")
    lines.append("")
    scope_h, key_h, n_h = ("phạm vi", "mã", "hồ sơ") if lang == "vi" else ("scope", "key", "dossiers")
    lines.append(f"{scope_h:<10} {key_h:<40} {n_h:>8} " + " ".join(f"{c:>22}" for c in codes))
    for scope, key, n, figures in report.rows():
        cells = []
        for code in codes:
            r = figures[code]
            mark = {True: " ✓", False: " ✗", None: "  "}[r.meets]
            cells.append(f"{_percent(r.value)} ({r.numerator}/{r.denominator}){mark}".rjust(22))
        lines.append(f"{scope:<10} {key or '-':<40} {n:>8} " + " ".join(cells))
    return "\n".join(lines) + "\n"


def _csv(report: IndicatorReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["scope", "key", "dossiers", "indicator", "numerator", "denominator", "value", "threshold",
                     "meets"])  # fmt: skip
    for scope, key, n, figures in report.rows():
        for code, r in figures.items():
            value = "" if r.value is None else f"{r.value:.6f}"
            meets = "" if r.meets is None else str(r.meets).lower()
            writer.writerow([scope, key, n, code, r.numerator, r.denominator, value, r.threshold or "", meets])
    return out.getvalue()


@click.command(epilog=exit_codes("not used (a record that cannot be read is 2)"))
@click.argument("records", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True,
              help="Output format.")
@_LANG
def indicators(records: tuple[str, ...], fmt: str, lang: str) -> None:
    """Decision 766 indicators 4.3, 4.4, 4.5 and 3.3 over dossier records (JSON Lines files or folders)."""
    try:
        report = compute(read_records(records))
    except RecordError as exc:
        _fail(exc, lang)
        return
    if fmt == "json":
        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(_csv(report) if fmt == "csv" else _text(report, lang), nl=False)


_DB = click.option("--db", "db", type=click.Path(), default="dossier.sqlite", show_default=True,
                   help="The SQLite database the feedback sink writes (the portal's storage file).")  # fmt: skip


def _sink(db: str, lang: str = "en") -> SqliteFeedbackSink:
    if not Path(db).is_file():  # never create an empty database by mistyping its name
        fail = RecordError("EFK-RECORD-008", "the feedback database (no such file)", file=db)
        _fail(fail, lang)
    return SqliteFeedbackSink(db)


def _row(item: FeedbackItem, reveal: bool = False) -> dict[str, Any]:
    row = item.to_json()
    row["subject"] = item.subject if reveal else mask_id(item.subject)
    return row


_FEEDBACK_CODES = exit_codes("no such correction request")


@click.group(epilog=_FEEDBACK_CODES)
def feedback() -> None:
    """Correction requests for the agencies that own the sources."""


@feedback.command("list", epilog=_FEEDBACK_CODES)
@_DB
@click.option("--source", help="Only requests about values from this source (connector name).")
@click.option("--status", type=click.Choice(STATUSES), help="Only requests with this status.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
@_LANG
def list_command(db: str, source: str | None, status: str | None, fmt: str, lang: str) -> None:
    """List correction requests, oldest first (personal IDs masked)."""
    items = _sink(db, lang).items(source=source, status=status)
    if fmt == "json":
        click.echo(json.dumps([_row(i) for i in items], ensure_ascii=False, indent=2))
        return
    for i in items:
        click.echo(f"{i.id}  {i.created_at[:19]}  {i.status_text(lang):<28}  {i.source or '-':<12} "
                   f"{i.form_id} {i.pointer}  {mask_id(i.subject)}")  # fmt: skip
    click.echo(f"{len(items)} {'yêu cầu' if lang == 'vi' else 'request(s)'}")


@feedback.command("show", epilog=_FEEDBACK_CODES)
@click.argument("item_id")
@_DB
@_LANG
def show_command(item_id: str, db: str, lang: str) -> None:
    """Show one correction request (personal ID masked)."""
    item = _sink(db, lang).get(item_id)
    if item is None:
        click.echo(f"no correction request {item_id!r}" if lang == "en" else f"không có yêu cầu {item_id!r}", err=True)
        sys.exit(EXIT_FINDINGS)
    row = _row(item)
    row["status_text"] = item.status_text(lang)
    click.echo(json.dumps(row, ensure_ascii=False, indent=2))


@feedback.command("set", epilog=_FEEDBACK_CODES)
@click.argument("item_id")
@click.argument("status", type=click.Choice(STATUSES))
@click.option("--note", default="", help="What the agency did (shown to the citizen).")
@_DB
@_LANG
def set_command(item_id: str, status: str, note: str, db: str, lang: str) -> None:
    """Set a request's status (the owning agency's answer, which the citizen sees)."""
    sink = _sink(db, lang)
    if sink.get(item_id) is None:
        click.echo(f"no correction request {item_id!r}" if lang == "en" else f"không có yêu cầu {item_id!r}", err=True)
        sys.exit(EXIT_FINDINGS)
    item = sink.set_status(item_id, status, note)
    click.echo(f"{item.id}: {item.status_text(lang)}")


@feedback.command("export", epilog=_FEEDBACK_CODES)
@_DB
@click.option("--source", help="Only requests about values from this source (connector name).")
@click.option("--status", type=click.Choice(STATUSES), help="Only requests with this status.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True,
              help="Output format.")
@click.option("-o", "--output", type=click.Path(), help="Write here instead of standard output.")
def export_command(db: str, source: str | None, status: str | None, fmt: str, output: str | None) -> None:
    """Export requests for the owning agency, with full personal IDs (its work queue; keep it private)."""
    rows = [_row(i, reveal=True) for i in _sink(db).items(source=source, status=status)]
    if fmt == "jsonl":
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    else:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(FeedbackItem.__dataclass_fields__), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        text = out.getvalue()
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
