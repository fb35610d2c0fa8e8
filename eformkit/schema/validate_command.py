"""`eformkit validate FORM SUBMISSION.json`: exit 0 valid, 1 not valid, 2 unusable input."""

from __future__ import annotations

import json
import sys

import click

from eformkit.cli_support import exit_codes, fail, format_option, load_form_arg, output, output_options, read_input
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


@click.command(epilog=exit_codes("the submission is not valid (an error; warnings alone give 0)"))
@click.argument("form_path", metavar="FORM")
@click.argument("submission", metavar="SUBMISSION.json")
@click.option(
    "--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True, help="Language of the messages."
)
@format_option("text: one line per issue; json: the whole validation report.")
@output_options
def validate(form_path: str, submission: str, lang: str, fmt: str) -> None:
    """Validate a submission against a form.

    FORM is a file or a shipped form id (vn.bca.ct01); SUBMISSION.json a file or '-' for standard input.
    """
    form = load_form_arg(form_path, lang)
    raw = read_input(submission, lang, MAX_SUBMISSION_BYTES)
    name = "<stdin>" if submission == "-" else submission
    try:
        data = json.loads(raw.decode("utf-8-sig"), parse_int=_json_int)
    except UnicodeDecodeError:
        fail(f"{name} is not UTF-8 text", f"{name} không phải văn bản UTF-8", lang)
    except json.JSONDecodeError as exc:
        fail(
            f"{name}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}",
            f"{name}:{exc.lineno}:{exc.colno}: không phải JSON hợp lệ: {exc.msg}",
            lang,
        )
    except RecursionError:
        fail(f"{name}: JSON nested too deeply", f"{name}: JSON lồng nhau quá sâu", lang)
    out = output()
    result = form.validate(data, lang=lang)
    out.detail(f"{form.id}: {len(result.issues)} issue(s), {len(result.normalised)} value(s) normalised")
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        for issue in result.issues:
            label = f" ({issue.label})" if issue.label else ""
            click.echo(
                f"{name}:{issue.pointer or '/'}{label}: {out.severity(issue.severity)}: {issue.message} [{issue.rule}]",
                color=out.colour,
            )
        for pointer in result.dropped:
            click.echo(
                f"{name}:{pointer}: hidden field, value dropped"
                if lang == "en"
                else f"{name}:{pointer}: trường bị ẩn, đã bỏ giá trị"
            )
        if result.valid and out.verbosity >= 0:
            click.echo("valid" if lang == "en" else "hợp lệ")
    sys.exit(0 if result.valid else 1)
