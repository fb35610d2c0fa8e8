"""`eformkit validate FORM SUBMISSION.json`: exit 0 valid, 1 not valid, 2 unreadable input."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from eformkit.errors import FormLoadError
from eformkit.schema.form import load_form
from eformkit.schema.source_map import MAX_EXACT_INTEGER

__all__ = ["validate"]

MAX_SUBMISSION_BYTES = 5 * 1024 * 1024


def _json_int(text: str) -> int:
    """An integer of the submission. One past the exact range (2**53 - 1, 16 digits) is read as the first
    integer beyond it, which validation refuses (EFK-DATA-003, rule `range`): never converted in full,
    since Python stops at 4,300 digits and the conversion is quadratic below that."""
    digits = len(text) - text.startswith("-")
    if digits <= 16:
        return int(text)
    return -(MAX_EXACT_INTEGER + 1) if text.startswith("-") else MAX_EXACT_INTEGER + 1


def _unreadable(message_en: str, message_vi: str, lang: str) -> None:
    click.echo(f"eformkit validate: {message_vi if lang == 'vi' else message_en}", err=True)
    sys.exit(2)


@click.command()
@click.argument("form_path", metavar="FORM", type=click.Path())
@click.argument("submission", metavar="SUBMISSION.json", type=click.Path())
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def validate(form_path: str, submission: str, lang: str, fmt: str) -> None:
    """Validate a submission against a form."""
    try:
        form = load_form(form_path)
    except FormLoadError as exc:
        for f in exc.findings:
            click.echo(f"{f.where}: {f.code} {f.message(lang)}", err=True)
        sys.exit(2)
    path = Path(submission)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        _unreadable(f"cannot read {submission}: {exc.strerror}", f"không đọc được {submission}: {exc.strerror}", lang)
        return
    if len(raw) > MAX_SUBMISSION_BYTES:
        _unreadable(
            f"{submission} is {len(raw)} bytes, over the {MAX_SUBMISSION_BYTES}-byte limit",
            f"{submission} có {len(raw)} byte, vượt giới hạn {MAX_SUBMISSION_BYTES} byte",
            lang,
        )
    try:
        data = json.loads(raw.decode("utf-8-sig"), parse_int=_json_int)
    except UnicodeDecodeError:
        _unreadable(f"{submission} is not UTF-8 text", f"{submission} không phải văn bản UTF-8", lang)
        return
    except json.JSONDecodeError as exc:
        _unreadable(
            f"{submission}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}",
            f"{submission}:{exc.lineno}:{exc.colno}: không phải JSON hợp lệ: {exc.msg}",
            lang,
        )
        return
    except RecursionError:
        _unreadable(f"{submission}: JSON nested too deeply", f"{submission}: JSON lồng nhau quá sâu", lang)
        return
    result = form.validate(data, lang=lang)
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        for issue in result.issues:
            label = f" ({issue.label})" if issue.label else ""
            click.echo(f"{submission}:{issue.pointer or '/'}{label}: {issue.severity}: {issue.message} [{issue.rule}]")
        for pointer in result.dropped:
            click.echo(
                f"{submission}:{pointer}: hidden field, value dropped"
                if lang == "en"
                else f"{submission}:{pointer}: trường bị ẩn, đã bỏ giá trị"
            )
        if result.valid:
            click.echo("valid" if lang == "en" else "hợp lệ")
    sys.exit(0 if result.valid else 1)
