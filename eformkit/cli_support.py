"""What every `eformkit` command shares: exit codes, quiet/verbose output, colour, '-' for stdin, FORM arguments.

One exit-code rule for every command (the CLI docstring and docs/cli.md say the same):
- 0: nothing to report;
- 1: findings in what the command examines: form definitions (`check`), a submission (`validate`), the
  registry's answer for a citizen (`prefill`, `render --subject`: not found);
- 2: the command cannot do its job with what it was given: a usage error, an unreadable or oversized
  file, text that is not YAML/JSON/UTF-8, a FORM that is not a valid definition (the findings are shown;
  `eformkit check FORM` reports them in any format), a malformed personal ID;
- 3: an internal error (a bug), reported in one line without a traceback.

Kept free of heavy imports: `eformkit --version` and `--help` load this module and click, nothing else.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

if TYPE_CHECKING:
    from eformkit.errors import Finding, Severity
    from eformkit.schema.form import Form

__all__ = [
    "EXIT_FINDINGS",
    "EXIT_INTERNAL",
    "EXIT_OK",
    "EXIT_USAGE",
    "MAX_INPUT_BYTES",
    "Output",
    "check_subject",
    "colour_wanted",
    "exit_codes",
    "fail",
    "format_option",
    "load_form_arg",
    "output",
    "output_options",
    "read_input",
]

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
_F = TypeVar("_F", bound=Callable[..., Any])
MAX_INPUT_BYTES = 5 * 1024 * 1024
STDIN = "-"


def exit_codes(findings: str) -> str:
    """The "Exit codes" epilog of a command's help; `findings` says what exit 1 means for it."""
    return (
        "\b\nExit codes:\n"
        "  0  clean\n"
        f"  1  {findings}\n"
        "  2  usage error or unusable input (unreadable file, bad YAML/JSON, invalid FORM, malformed ID)\n"
        "  3  internal error"
    )


def colour_wanted(stream: Any) -> bool:
    """Colour on a terminal; NO_COLOR (non-empty) turns it off, FORCE_COLOR (non-empty) on; NO_COLOR wins."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


@dataclass
class Output:
    """The run's output settings: verbosity (-1 quiet, 0 normal, 1+ verbose) and colour."""

    verbosity: int = 0
    colour: bool = False

    def info(self, message: str) -> None:
        """A progress or summary line on stderr; `-q` hides it."""
        if self.verbosity >= 0:
            click.echo(message, err=True, color=self.colour)

    def detail(self, message: str) -> None:
        """A line shown only with `-v`."""
        if self.verbosity >= 1:
            click.echo(message, err=True, color=self.colour)

    def error(self, message: str) -> None:
        """An error line on stderr, always shown."""
        click.echo(click.style("error", fg="red", bold=True) + ": " + message, err=True, color=self.colour)

    def severity(self, severity: Severity | str) -> str:
        """The word for a finding's severity, coloured when colour is on."""
        word = getattr(severity, "value", severity)
        return click.style(str(word), fg="red" if word == "error" else "yellow", bold=True) if self.colour else word


def output() -> Output:
    """The settings of the running command, kept on the root context (made on first use)."""
    ctx = click.get_current_context(silent=True)
    root = ctx.find_root() if ctx is not None else None
    if root is not None and isinstance(root.obj, Output):
        return root.obj
    made = Output(colour=colour_wanted(sys.stdout))
    if root is not None and root.obj is None:
        root.obj = made
    return made


def _adjust_verbosity(ctx: click.Context, param: click.Parameter, value: int) -> int:
    if value:
        output().verbosity += value if param.name == "verbose" else -value
    return value


def output_options(command: Any) -> Any:
    """-q/--quiet and -v/--verbose, on the group and on every command (`eformkit check -q` as `eformkit -q check`)."""
    command = click.option(
        "-v",
        "--verbose",
        count=True,
        expose_value=False,
        callback=_adjust_verbosity,
        help="More output on stderr (files checked, timings, sources; a traceback on an internal error).",
    )(command)
    return click.option(
        "-q",
        "--quiet",
        count=True,
        expose_value=False,
        callback=_adjust_verbosity,
        help="Less output: results only, no summary or progress lines.",
    )(command)


def format_option(help_text: str) -> Callable[[_F], _F]:
    """The `--format text|json` option (stored as `fmt`, text by default) that most commands take."""
    return click.option(
        "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help=help_text
    )


def fail(message_en: str, message_vi: str, lang: str = "en", code: int = EXIT_USAGE) -> NoReturn:
    """Say what is wrong (in `lang`) and exit with `code` (2 by default)."""
    output().error(message_vi if lang == "vi" else message_en)
    sys.exit(code)


def read_input(arg: str, lang: str = "en", limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of file `arg`, or of standard input for '-'; exit 2 when unreadable or over `limit`."""
    name = "<stdin>" if arg == STDIN else arg
    try:
        if arg == STDIN:
            raw = sys.stdin.buffer.read(limit + 1)
        else:
            with open(arg, "rb") as stream:  # read no further than the limit, whatever the file's size
                raw = stream.read(limit + 1)
    except OSError as exc:
        fail(f"cannot read {name}: {exc.strerror or exc}", f"không đọc được {name}: {exc.strerror or exc}", lang)
    if len(raw) > limit:
        fail(
            f"{name} is over the {limit}-byte limit",
            f"{name} vượt giới hạn {limit} byte",
            lang,
        )
    return raw


def _show_findings(findings: list[Finding], lang: str) -> None:
    out = output()
    for f in findings:
        click.echo(f"{f.where}: {f.code} [{out.severity(f.severity)}] {f.message(lang)}", err=True, color=out.colour)


def load_form_arg(arg: str, lang: str = "en") -> Form:
    """The form named by a FORM argument: a file, '-' (YAML on stdin) or a shipped form id ("vn.bca.ct01").

    A FORM that is not a valid definition is unusable input: its findings, then exit 2."""
    from eformkit.errors import FormLoadError
    from eformkit.schema.form import load_form, parse_form
    from eformkit.shipped import shipped_form

    if arg == STDIN:
        form, findings = parse_form(read_input(arg, lang), file="<stdin>")
        errors = [f for f in findings if f.severity.value == "error"]
        if form is None or errors:
            _show_findings(errors or findings, lang)
            fail("the form definition on stdin is not valid", "định nghĩa biểu mẫu trên stdin không hợp lệ", lang)
        return form
    path = Path(arg)
    if not path.exists():
        path = shipped_form(arg) or path
    try:
        return load_form(path)
    except FormLoadError as exc:
        _show_findings(exc.findings, lang)
        unreadable = any(f.code.startswith(("EFK-IO", "EFK-YAML")) for f in exc.findings)
        if unreadable:
            sys.exit(EXIT_USAGE)
        fail(
            f"{arg} is not a valid form definition (eformkit check {arg} reports it in any format)",
            f"{arg} không phải định nghĩa biểu mẫu hợp lệ (eformkit check {arg} báo cáo chi tiết)",
            lang,
        )


def check_subject(form: Form, subject: str, lang: str = "en") -> str:
    """`subject` stripped; exit 2 with the pack's coded message when it is not a well-formed ID."""
    subject = subject.strip()
    check = form.pack.subject_problem
    problem = check(subject) if check is not None else None
    if problem is not None:
        code, message_en, message_vi = problem
        fail(f"--subject: {code} {message_en}", f"--subject: {code} {message_vi}", lang)
    return subject
