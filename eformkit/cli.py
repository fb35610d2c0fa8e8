"""The `eformkit` command: a thin layer over the library.

Exit codes, the same rule in every command (eformkit.cli_support says it in full):
0 clean; 1 findings in what the command examines (form definitions for `check`, the submission for
`validate`, a citizen the registry does not know for `prefill`/`render`); 2 usage error or unusable input
(unreadable file, bad YAML/JSON, a FORM that is not a valid definition, a malformed personal ID);
3 internal error, in one line, never a traceback.

Start-up is kept to click and this module: subcommands are imported when run, and `--help` lists them
from the table below, so `eformkit --version` and `--help` load no pydantic, packs, converter or Word code.
Each command also takes `-q`/`-v`; colour follows the terminal, NO_COLOR and FORCE_COLOR; '-' reads stdin.
"""

from __future__ import annotations

import sys
from importlib import import_module

import click

from eformkit.cli_support import (
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_USAGE,
    Output,
    colour_wanted,
    exit_codes,
    load_form_arg,
    output,
    output_options,
    read_input,
)

__all__ = ["COMMANDS", "cli", "main", "run"]

REPORT_FORMATS = ("github", "json", "junit", "sarif", "text")  # eformkit.schema.reporters.REPORTERS, sorted

# name -> (module, attribute, the one-line help `eformkit --help` shows without importing the module).
# A test holds each line to the command's own short help.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "check": ("eformkit.cli", "check", "Check form definitions (files or folders; default: forms/)."),
    "convert": (
        "eformkit.schema.convert.cli_command",
        "convert",
        "Convert a Word/HTML/text template (or a folder of them) into a draft form definition.",
    ),
    "feedback": (
        "eformkit.dossier.cli_commands",
        "feedback",
        "Correction requests for the agencies that own the sources.",
    ),
    "indicators": (
        "eformkit.dossier.cli_commands",
        "indicators",
        "Decision 766 indicators 4.3, 4.4, 4.5 and 3.3 over dossier records (JSON Lines files or folders).",
    ),
    "prefill": (
        "eformkit.prefill.cli_commands",
        "prefill",
        "Prefill FORM for a citizen: each field's value, source and lock (Điền sẵn biểu mẫu cho công dân).",
    ),
    "registry": (
        "eformkit.prefill.cli_commands",
        "registry",
        "The embedded citizen registry: build one, list its citizens (Cơ sở dữ liệu công dân mẫu).",
    ),
    "render": (
        "eformkit.render.cli_commands",
        "render",
        "Render FORM as an e-form page (html), a print view (print) or a filled Word file (docx).",
    ),
    "report": (
        "eformkit.prefill.cli_commands",
        "report",
        "The once-only burden per form: fields prefilled, locked and typed (Gánh nặng nhập liệu còn lại).",
    ),
    "schema": (
        "eformkit.cli",
        "schema",
        "Print a form's published JSON Schema 2020-12 document in --lang (or a UI schema).",
    ),
    "serve": (
        "eformkit.render.cli_commands",
        "serve",
        "Start the demo portal (sign in, open a prefilled form, submit, get the Word file and dossier record).",
    ),
    "validate": ("eformkit.schema.validate_command", "validate", "Validate a submission against a form."),
}


class _LazyGroup(click.Group):
    """A group whose subcommands are imported only when one of them runs (or its own help is asked for)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        entry = COMMANDS.get(cmd_name)
        if entry is None:
            return None
        module_name, attribute, _ = entry
        try:
            module = import_module(module_name)
        except ModuleNotFoundError as exc:  # an optional extra that is not installed
            raise click.UsageError(
                f"`eformkit {cmd_name}` needs the Python package {exc.name!r}, which is not installed "
                '(pip install "eformkit[demo]")'
            ) from exc
        command = getattr(module, attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{module_name}.{attribute} is not a click command")
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2]) for name in self.list_commands(ctx) if name in COMMANDS]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from eformkit import __version__

    click.echo(f"eformkit, version {__version__}")
    ctx.exit(EXIT_OK)


@click.group(
    cls=_LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog=exit_codes("findings (see each command's help)"),
)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_version,
    help="Show the version and exit.",
)
@output_options
@click.pass_context
def cli(ctx: click.Context) -> None:
    """eformkit: standardised paper forms as e-forms, prefilled from the data the state holds.

    Options -q/-v also work after a command name; colour is on at a terminal unless NO_COLOR is set
    (FORCE_COLOR forces it); '-' stands for standard input wherever a file is read.
    """
    ctx.color = output().colour


# -- check, schema (small enough to live here) --------------------------------------------------------


@cli.command(epilog=exit_codes("an error in a form definition (a warning too with --fail-on warning)"))
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--format", "fmt", type=click.Choice(REPORT_FORMATS), default="text", show_default=True, help="Report format."
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning"]),
    default="error",
    show_default=True,
    help="Lowest severity that makes the exit code 1.",
)
@click.option("--lang", type=click.Choice(["en", "vi"]), default="en", show_default=True, help="Message language.")
@click.option("--jobs", type=click.IntRange(1, 256), default=1, show_default=True, help="Worker processes.")
@click.option("--scheduler", metavar="ADDRESS", help='A Dask scheduler to check on (pip install "eformkit[dask]").')
@output_options
def check(paths: tuple[str, ...], fmt: str, fail_on: str, lang: str, jobs: int, scheduler: str | None) -> None:
    """Check form definitions (files or folders; default: forms/).

    Checks the whole set given together (a form id used twice is found across files). PATHS may be
    shipped form ids (vn.bca.ct01) or '-' for one definition on stdin; without PATHS, ./forms/.
    --jobs/--scheduler check the files in parallel: the same findings in the same order.
    """
    import time
    from pathlib import Path

    from eformkit.errors import Severity
    from eformkit.schema.catalogue import check_catalogue
    from eformkit.schema.reporters import report
    from eformkit.shipped import catalogue_dir, shipped_form

    out = output()
    started = time.perf_counter()
    paths = paths or ("forms",)
    files = [p if p == "-" or Path(p).exists() else str(shipped_form(p) or p) for p in paths]
    texts = [("<stdin>", read_input("-", lang))] if "-" in files else []
    result = check_catalogue([p for p in files if p != "-"], texts=texts, jobs=jobs, scheduler=scheduler)
    if not result.files:
        shipped = catalogue_dir()
        where = f" (the catalogue shipped with eformkit: {shipped})" if shipped is not None else ""
        message = "no form files found" if lang == "en" else "không tìm thấy tệp biểu mẫu"
        out.error(message + where)
        sys.exit(EXIT_USAGE)
    for name in result.files:
        out.detail(f"checked {name}")
    click.echo(
        report(fmt, result.findings, result.files, lang, colour=out.colour, summary=out.verbosity >= 0),
        nl=False,
        color=out.colour,
    )
    out.detail(f"{len(result.files)} file(s) in {time.perf_counter() - started:.2f} s")
    sys.exit(result.exit_code(Severity(fail_on)))


@cli.command(epilog=exit_codes("not used (a FORM that is not a valid definition is 2)"))
@click.argument("form_path", metavar="FORM", required=False)
@click.option(
    "--ui",
    is_flag=False,
    flag_value="eformkit",
    default=None,
    metavar="[eformkit|rjsf|jsonforms]",
    help="Print a UI schema instead: eformkit's own (the default), an RJSF uiSchema or a JSON Forms UISchema.",
)
@click.option(
    "--lang",
    type=click.Choice(["en", "vi"]),
    default="vi",
    show_default=True,
    help="Language of titles and descriptions in the document, and of messages.",
)
@output_options
def schema(form_path: str | None, ui: str | None, lang: str) -> None:
    """Print a form's published JSON Schema 2020-12 document in --lang (or a UI schema).

    FORM is a file, a shipped form id (vn.bca.ct01) or '-' for YAML on stdin.
    """
    import json

    from eformkit.schema.ui_adapters import UI_FORMATS, jsonforms_ui_schema, rjsf_ui_schema

    if ui is not None and ui not in UI_FORMATS and form_path is None:  # `--ui FORM`: the flag, then the form
        form_path, ui = ui, "eformkit"
    if form_path is None:
        raise click.UsageError("missing argument FORM")
    if ui is not None and ui not in UI_FORMATS:
        raise click.UsageError(f"--ui takes one of {', '.join(UI_FORMATS)}, not {ui!r}")
    form = load_form_arg(form_path, lang)
    if ui == "rjsf":
        document = rjsf_ui_schema(form, lang)
    elif ui == "jsonforms":
        document = jsonforms_ui_schema(form, lang)
    else:
        document = form.ui_schema() if ui else form.json_schema(lang)
    click.echo(json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False))  # JSON only: never NaN


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; unexpected exceptions become exit code 3 with a one-line message, not a traceback."""
    settings = Output(colour=colour_wanted(sys.stdout))
    try:
        cli.main(args=argv, prog_name="eformkit", standalone_mode=False, obj=settings)
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
        if settings.verbosity >= 1:
            import traceback

            traceback.print_exc()
        return EXIT_INTERNAL
    return EXIT_OK


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
