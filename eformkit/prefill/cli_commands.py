"""CLI commands of the prefill part: `prefill`, `report` and `registry build` (registered by `eformkit.cli`)."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

import click

from eformkit.errors import FormLoadError
from eformkit.prefill.defaults import bundled_registry, default_registry
from eformkit.prefill.embedded import DEFAULT_CITIZENS, DEFAULT_SEED, build_registry, default_db, default_db_path
from eformkit.prefill.engine import PrefillEngine
from eformkit.prefill.outcome import Outcome
from eformkit.prefill.registry import ConnectorRegistry
from eformkit.prefill.registry_db import RegistryDB
from eformkit.prefill.report import FormBurden, burden, catalogue_total

__all__ = ["prefill", "registry", "report"]

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _mask(subject: str) -> str:
    # Never echo a full personal ID in a message: keep the province prefix and the last two digits.
    return subject[:3] + "*" * max(len(subject) - 5, 0) + subject[-2:] if len(subject) >= 8 else "*" * len(subject)


def _load(path: str) -> Any:
    from eformkit.schema.form import load_form

    try:
        return load_form(path)
    except FormLoadError as exc:
        first = exc.findings[0] if exc.findings else None
        click.echo(f"eformkit: {first.where + ': ' + first.message_en if first else exc}", err=True)
        sys.exit(EXIT_USAGE if first is None or first.code.startswith(("EFK-IO", "EFK-YAML")) else EXIT_FINDINGS)


def _registry(db_path: str | None, connectors: str | None) -> tuple[ConnectorRegistry, RegistryDB | None]:
    db = RegistryDB.open(db_path) if db_path else None
    registry = bundled_registry(db) if db is not None else default_registry()
    if connectors:
        from eformkit.prefill.connectors.http import connectors_from_yaml

        for connector in connectors_from_yaml(connectors):
            registry.add(connector)
    return registry, db


def _text(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…"


_db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(exists=True, dir_okay=False),
    help="Registry database (default: the embedded one, built on first use).",
)
_connectors_option = click.option(
    "--connectors",
    type=click.Path(exists=True, dir_okay=False),
    help="YAML file of declarative HTTP/XML connectors to add.",
)


@click.command()
@click.argument("form_path", metavar="FORM", type=click.Path())
@click.option("--subject", help="The signed-in citizen's personal ID.")
@click.option(
    "--subjects",
    "subjects_path",
    type=click.Path(exists=True, dir_okay=False),
    help="Batch: a CSV (column subject/personal_id, else the first) or JSON Lines file of subjects; needs -o.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="Batch: the JSON Lines output, one line per input row; an existing one is resumed.",
)
@click.option(
    "--concurrency",
    type=click.IntRange(1, 10_000),
    default=16,
    show_default=True,
    help="Batch: calls at once per source.",
)
@click.option("--force", is_flag=True, help="Batch: start the output over instead of resuming it.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_db_option
@_connectors_option
def prefill(
    form_path: str,
    subject: str | None,
    subjects_path: str | None,
    output: str | None,
    concurrency: int,
    force: bool,
    fmt: str,
    db_path: str | None,
    connectors: str | None,
) -> None:
    """Prefill FORM for a citizen, or for every citizen of a --subjects file (Điền sẵn biểu mẫu cho công dân).

    Exit codes: 0 done; 1 unknown citizen, or (batch) some rows with a failed source or an error;
    2 usage or unreadable input.
    """
    if (subject is None) == (subjects_path is None) or (subjects_path is not None and not output):
        click.echo(
            "give --subject ID, or --subjects FILE with -o OUT.jsonl / cần --subject hoặc --subjects và -o", err=True
        )
        sys.exit(EXIT_USAGE)
    if subjects_path is not None and output is not None:
        _batch(form_path, subjects_path, output, concurrency, force, db_path, connectors)
        return
    assert subject is not None
    form = _load(form_path)
    registry, _ = _registry(db_path, connectors)
    result = PrefillEngine(registry).prefill(form, subject.strip())
    if fmt == "json":
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(f"{result.form_id} — {_mask(subject)}")
        rows = [("field", "value", "source", "verified", "locked")]
        for pointer, value in result.values.items():
            prov = result.provenance[pointer]
            rows.append(
                (
                    pointer,
                    _text(value),
                    prov.source,
                    "yes" if prov.verified else "no",
                    "yes" if pointer in result.locked else "no",
                )
            )
        widths = [max(len(r[i]) for r in rows) for i in range(5)]
        for row in rows:
            click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        sources = ", ".join(f"{o.connector} {o.outcome.value} ({o.duration_ms:.1f} ms)" for o in result.outcomes)
        click.echo(f"sources / nguồn: {sources or '-'}")
        click.echo(f"to type / cần nhập: {', '.join(result.to_type) or '-'}")
        for note in result.notes:
            click.echo(f"note / ghi chú: {note.pointer}: {note.note}")
        for block in result.blocked:
            click.echo(f"blocked / chặn: {block.pointer}: {block.message_vi} / {block.message_en}")
    if any(
        o.outcome is Outcome.NOT_FOUND and o.role == "applicant" and o.connector == "population"
        for o in result.outcomes
    ):
        click.echo(f"Không tìm thấy công dân {_mask(subject)} / no citizen {_mask(subject)} in the registry", err=True)
        sys.exit(EXIT_FINDINGS)


def _batch(form_path: str, subjects_path: str, output: str, concurrency: int, force: bool,
           db_path: str | None, connectors: str | None) -> None:  # fmt: skip
    import asyncio
    import functools

    from eformkit.errors import EformkitUsageError
    from eformkit.prefill.batch import BatchSummary, run_batch

    form = _load(form_path)
    registry, _ = _registry(db_path, connectors)

    def progress(summary: BatchSummary) -> None:
        click.echo(f"… {summary.resumed + summary.rows} rows / dòng", err=True)

    async def main() -> BatchSummary:
        async with PrefillEngine(registry) as engine:
            many = functools.partial(engine.prefill_many, form)
            return await run_batch(many, subjects_path, output, concurrency=concurrency, force=force,
                                   progress=progress if sys.stderr.isatty() else None)  # fmt: skip

    try:
        summary = asyncio.run(main())
    except EformkitUsageError as exc:
        click.echo(f"eformkit: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    except (UnicodeDecodeError, csv.Error) as exc:
        click.echo(f"eformkit: {subjects_path}: unreadable subjects file ({type(exc).__name__})", err=True)
        sys.exit(EXIT_USAGE)
    click.echo(summary.text(), err=True)
    if summary.errors or summary.failed:
        sys.exit(EXIT_FINDINGS)


def _form_files(paths: tuple[str, ...]) -> list[Path]:
    found: list[Path] = []
    for raw in paths or ("forms",):
        path = Path(raw)
        found.extend(sorted(path.glob("*.yaml")) if path.is_dir() else [path])
    return found


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--citizens", type=click.IntRange(1, 100_000), default=100, show_default=True)
@_db_option
def report(paths: tuple[str, ...], fmt: str, citizens: int, db_path: str | None) -> None:
    """The once-only burden per form: fields prefilled, locked and typed (Gánh nặng nhập liệu còn lại)."""
    files = _form_files(paths)
    if not files:
        click.echo("no form files found / không tìm thấy tệp biểu mẫu", err=True)
        sys.exit(EXIT_USAGE)
    registry, db = _registry(db_path, None)
    source_db = db or default_db()
    ids = source_db.person_ids()
    subjects = ids[:: max(1, len(ids) // citizens)][:citizens]
    engine = PrefillEngine(registry)
    rows: list[FormBurden] = [burden(_load(str(f)), engine, subjects) for f in files]
    total = catalogue_total(rows)
    if fmt == "json":
        click.echo(
            json.dumps(
                {"forms": [r.to_json() for r in rows], "catalogue": total.to_json()}, ensure_ascii=False, indent=2
            )
        )
        return
    click.echo(f"once-only burden over {len(subjects)} citizens / gánh nặng nhập liệu ({len(subjects)} công dân)")
    header = f"{'form':<44} {'fields':>6} {'bound':>5} {'prefilled':>9} {'locked':>6} {'typed':>6} {'typed %':>7}"
    click.echo(header)
    for r in [*rows, total]:
        click.echo(
            f"{r.form_id:<44} {r.fields:>6} {r.bound:>5} {r.prefilled:>9.1f} {r.locked:>6.1f} "
            f"{r.typed:>6.1f} {r.typed_share:>7.0%}"
        )


@click.group()
def registry() -> None:
    """The embedded citizen registry (Cơ sở dữ liệu công dân mẫu)."""


@registry.command("build")
@click.option("--citizens", type=click.IntRange(1, 1_000_000), default=DEFAULT_CITIZENS, show_default=True)
@click.option("--seed", type=int, default=DEFAULT_SEED, show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Database file (default: the cache one).")
def build(citizens: int, seed: int, output: str | None) -> None:
    """Generate a deterministic synthetic registry (same seed, same citizens)."""
    path = Path(output) if output else default_db_path()
    made = build_registry(path, citizens=citizens, seed=seed)
    click.echo(f"{made} citizens → {path}")
