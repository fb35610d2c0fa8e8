"""The `eformkit` command: a thin layer over the library.

Exit codes everywhere: 0 clean, 1 findings, 2 usage error or unreadable input, 3 internal error.
Commands owned by other parts (prefill, convert, render) are registered from their modules.
"""

from __future__ import annotations

import json
import sys
from importlib import import_module
from typing import Any

import click

from eformkit.errors import FormLoadError, Severity
from eformkit.schema.catalogue import check_catalogue
from eformkit.schema.form import load_form
from eformkit.schema.reporters import REPORTERS, report

__all__ = ["main", "run"]

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def _fail_load(exc: FormLoadError, lang: str) -> None:
    click.echo(report("text", exc.findings, [], lang), err=True, nl=False)
    unreadable = any(f.code.startswith(("EFK-IO", "EFK-YAML")) for f in exc.findings)
    sys.exit(EXIT_USAGE if unreadable else EXIT_FINDINGS)


def _dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="eformkit")
def cli() -> None:
    """eformkit: standardised paper forms as e-forms, prefilled from the data the state holds."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(sorted(REPORTERS)), default="text", show_default=True)
@click.option("--fail-on", type=click.Choice(["error", "warning"]), default="error", show_default=True)
@click.option("--lang", type=click.Choice(["en", "vi"]), default="en", show_default=True, help="Message language.")
def check(paths: tuple[str, ...], fmt: str, fail_on: str, lang: str) -> None:
    """Check form definitions (files or folders; default: forms/)."""
    result = check_catalogue(paths or ("forms",))
    if not result.files:
        click.echo("no form files found" if lang == "en" else "không tìm thấy tệp biểu mẫu", err=True)
        sys.exit(EXIT_USAGE)
    click.echo(report(fmt, result.findings, result.files, lang), nl=False)
    sys.exit(result.exit_code(Severity(fail_on)))


@cli.command()
@click.argument("form_path", metavar="FORM", type=click.Path(), required=False)
@click.option(
    "--ui",
    is_flag=False,
    flag_value="eformkit",
    default=None,
    metavar="[eformkit|rjsf|jsonforms]",
    help="Print a UI schema instead: eformkit's own (the default), an RJSF uiSchema or a JSON Forms UISchema.",
)
@click.option("--lang", type=click.Choice(["en", "vi"]), default="en", show_default=True)
def schema(form_path: str | None, ui: str | None, lang: str) -> None:
    """Print a form's published JSON Schema 2020-12 document in --lang (or a UI schema)."""
    from eformkit.schema.ui_adapters import UI_FORMATS, jsonforms_ui_schema, rjsf_ui_schema

    if ui is not None and ui not in UI_FORMATS and form_path is None:  # `--ui FORM`: the flag, then the form
        form_path, ui = ui, "eformkit"
    if form_path is None:
        raise click.UsageError("missing argument FORM")
    if ui is not None and ui not in UI_FORMATS:
        raise click.UsageError(f"--ui takes one of {', '.join(UI_FORMATS)}, not {ui!r}")
    try:
        form = load_form(form_path)
    except FormLoadError as exc:
        _fail_load(exc, lang)
        return
    if ui == "rjsf":
        click.echo(_dump(rjsf_ui_schema(form, lang)))
    elif ui == "jsonforms":
        click.echo(_dump(jsonforms_ui_schema(form, lang)))
    else:
        click.echo(_dump(form.ui_schema() if ui else form.json_schema(lang)))


# Commands that live beside the parts they drive; each module exposes click commands.
_PLUGGED: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("eformkit.schema.validate_command", ("validate",)),
    ("eformkit.schema.convert.cli_command", ("convert",)),
    ("eformkit.prefill.cli_commands", ("prefill", "report", "registry")),
    ("eformkit.render.cli_commands", ("render", "serve")),
)
for _module_name, _names in _PLUGGED:
    try:
        _module = import_module(_module_name)
    except ModuleNotFoundError as _exc:  # a part not built yet, or an optional extra missing
        if _exc.name is None or not _module_name.startswith(_exc.name):
            raise
        continue
    for _name in _names:
        _command = getattr(_module, _name, None) or getattr(_module, f"{_name}_command", None)
        if isinstance(_command, click.Command):
            cli.add_command(_command, _name)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; unexpected exceptions become exit code 3 with a one-line message, not a traceback."""
    try:
        cli.main(args=argv, prog_name="eformkit", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        return EXIT_USAGE
    except click.exceptions.Abort:
        return EXIT_USAGE
    except SystemExit as exc:
        return int(exc.code or 0) if not isinstance(exc.code, str) else EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the contract: exit 3, never a traceback
        click.echo(f"eformkit: internal error: {type(exc).__name__}: {exc}", err=True)
        return EXIT_INTERNAL
    return EXIT_OK


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
