"""CLI commands of the prefill part: `prefill`, `report`, `registry build` and `registry list` (see `eformkit.cli`)."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

import click

from eformkit.cli_support import check_subject, exit_codes, fail, format_option, load_form_arg, output, output_options
from eformkit.prefill.defaults import bundled_registry, default_registry
from eformkit.prefill.embedded import DEFAULT_CITIZENS, DEFAULT_SEED, build_registry, default_db, default_db_path
from eformkit.prefill.engine import PrefillEngine
from eformkit.prefill.outcome import Outcome
from eformkit.prefill.registry import ConnectorRegistry
from eformkit.prefill.registry_db import RegistryDB
from eformkit.prefill.report import FormBurden, burden, catalogue_total
from eformkit.text import mask_id

__all__ = ["prefill", "registry", "report"]

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2



def _load(path: str) -> Any:
    return load_form_arg(path)


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
    help="Registry database, e.g. one made by `eformkit registry build -o` (default: the embedded one).",
)
_connectors_option = click.option(
    "--connectors",
    type=click.Path(exists=True, dir_okay=False),
    help="YAML file of declarative HTTP/XML connectors to add.",
)


def _to_type(form: Any, result: Any) -> list[str]:
    """What the citizen still types: the bound fields left empty, then the required fields nothing binds."""
    listed = list(result.to_type)
    for f in form.fields():
        unbound = f.binding is None and not f.children and not f.in_table and f.visible_if is None
        computed = f.spec is not None and f.spec.compute is not None
        if f.required and unbound and not computed and f.pointer not in result.values and f.pointer not in listed:
            listed.append(f.pointer)
    return listed


@click.command(epilog=exit_codes("the registry does not know the citizen; (batch) a row with a failed source"))
@click.argument("form_path", metavar="FORM")
@click.option("--subject", help="The signed-in citizen's personal ID (12 digits).")
@click.option(
    "--subjects",
    "subjects_path",
    type=click.Path(exists=True, dir_okay=False),
    help="Batch: a CSV (column subject/personal_id, else the first) or JSON Lines file of subjects; needs -o.",
)
@click.option(
    "-o",
    "--output",
    "output_path",
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
@click.option(
    "--rate",
    "rates",
    multiple=True,
    metavar="SOURCE=PER_SECOND",
    help="Batch: at most this many calls a second to SOURCE (a connector name); repeat for several sources.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help='Batch: run chunks of 1000 subjects on this Dask scheduler (pip install "eformkit[dask]").',
)
@format_option("text: a table of values, sources and locks; json: the whole prefill result.")
@_db_option
@_connectors_option
@output_options
def prefill(
    form_path: str,
    subject: str | None,
    subjects_path: str | None,
    output_path: str | None,
    concurrency: int,
    force: bool,
    rates: tuple[str, ...],
    scheduler: str | None,
    fmt: str,
    db_path: str | None,
    connectors: str | None,
) -> None:
    """Prefill FORM for a citizen: each field's value, source and lock (Điền sẵn biểu mẫu cho công dân).

    FORM is a file, a shipped form id (vn.bca.ct01) or '-' for YAML on stdin. "To type" lists what the
    citizen still fills in: bound fields no source answered, and required fields nothing binds. With
    --subjects FILE -o OUT.jsonl, prefills every citizen of the file, one output line per input row.
    """
    if (subject is None) == (subjects_path is None) or (subjects_path is not None and not output_path):
        fail("give --subject ID, or --subjects FILE with -o OUT.jsonl", "cần --subject, hoặc --subjects và -o", "en")
    if subjects_path is not None and output_path is not None:
        per_second = _rates(rates)
        if per_second and scheduler:
            fail("--rate is for a local run, not with --scheduler", "--rate chỉ dùng khi chạy tại chỗ")
        _batch(form_path, subjects_path, output_path, concurrency, force, db_path, connectors, scheduler, per_second)
        return
    assert subject is not None
    form = _load(form_path)
    subject = check_subject(form, subject)
    registry, _ = _registry(db_path, connectors)
    result = PrefillEngine(registry).prefill(form, subject)
    to_type = _to_type(form, result)
    if fmt == "json":
        click.echo(json.dumps({**result.to_json(), "to_type": to_type}, ensure_ascii=False, indent=2))
    else:
        click.echo(f"{result.form_id} — {mask_id(subject)}")
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
        click.echo(f"to type / cần nhập: {', '.join(to_type) or '-'}")
        for note in result.notes:
            click.echo(f"note / ghi chú: {note.pointer}: {note.note}")
        for block in result.blocked:
            click.echo(f"blocked / chặn: {block.pointer}: {block.message_vi} / {block.message_en}")
    if any(
        o.outcome is Outcome.NOT_FOUND and o.role == "applicant" and o.connector == "population"
        for o in result.outcomes
    ):
        output().error(f"Không tìm thấy công dân {mask_id(subject)} / no citizen {mask_id(subject)} in the registry")
        sys.exit(EXIT_FINDINGS)


def _rates(given: tuple[str, ...]) -> dict[str, float]:
    """`--rate population=50` → {"population": 50.0}; a malformed one is a usage error (exit 2)."""
    out: dict[str, float] = {}
    for item in given:
        name, _, number = item.partition("=")
        try:
            value = float(number)
        except ValueError:
            value = 0.0
        if not name.strip() or not 0 < value < float("inf"):
            fail(f"--rate {item!r}: write SOURCE=CALLS_PER_SECOND (a number above 0)",
                 f"--rate {item!r}: viết NGUỒN=SỐ_LẦN_GỌI_MỖI_GIÂY (số lớn hơn 0)")  # fmt: skip
        out[name.strip()] = value
    return out


def _batch(form_path: str, subjects_path: str, output: str, concurrency: int, force: bool,
           db_path: str | None, connectors: str | None, scheduler: str | None = None,
           rates: dict[str, float] | None = None) -> None:  # fmt: skip
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
            many = functools.partial(engine.prefill_many, form, rates=rates)
            return await run_batch(many, subjects_path, output, concurrency=concurrency, force=force,
                                   progress=progress if sys.stderr.isatty() else None)  # fmt: skip

    try:
        if scheduler is None:
            summary = asyncio.run(main())
        else:  # the workers open the same registry and connectors files (docs/batch.md)
            from eformkit.batch.prefill import Registry, prefill_in_chunks

            summary = prefill_in_chunks(form, subjects_path, output, registry=Registry(db_path, connectors),
                                        scheduler=scheduler, concurrency=concurrency, force=force)  # fmt: skip
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


@click.command(epilog=exit_codes("not used (a FORM that is not a valid definition is 2)"))
@click.argument("paths", nargs=-1, type=click.Path())
@format_option("text: one row per form and the catalogue total; json: the same figures.")
@click.option(
    "--citizens",
    type=click.IntRange(1, 100_000),
    default=100,
    show_default=True,
    help="How many citizens of the registry to prefill each form for (spread over the registry).",
)
@_db_option
@output_options
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


@click.group(epilog=exit_codes("not used"))
def registry() -> None:
    """The embedded citizen registry: build one, list its citizens (Cơ sở dữ liệu công dân mẫu)."""


@registry.command("build", epilog=exit_codes("not used"))
@click.option(
    "--citizens",
    type=click.IntRange(1, 1_000_000),
    default=DEFAULT_CITIZENS,
    show_default=True,
    help="How many citizens (exactly; whole families, the last one cut short).",
)
@click.option(
    "--seed", type=int, default=DEFAULT_SEED, show_default=True, help="Random seed: same seed, same citizens."
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Database file (default: the cache one).")
@output_options
def build(citizens: int, seed: int, output: str | None) -> None:
    """Generate a deterministic synthetic registry (same seed, same citizens)."""
    path = Path(output) if output else default_db_path()
    made = build_registry(path, citizens=citizens, seed=seed)
    click.echo(f"{made} citizens → {path}")


@registry.command("list", epilog=exit_codes("no citizen matches --name"))
@click.option("--name", help="Only citizens whose full name contains this (diacritics and case aside).")
@click.option(
    "--limit", type=click.IntRange(1, 1_000_000), default=20, show_default=True, help="At most this many citizens."
)
@format_option("text: a table; json: a list of objects.")
@_db_option
@output_options
def list_citizens(name: str | None, limit: int, fmt: str, db_path: str | None) -> None:
    """List citizens of a registry (synthetic data) to try `prefill --subject` and the portal with."""
    db = RegistryDB.open(db_path) if db_path else default_db()
    people = db.people(name=name, limit=limit)
    if fmt == "json":
        click.echo(json.dumps(people, ensure_ascii=False, indent=2))
    else:
        for p in people:
            click.echo(f"{p['personal_id']}  {p['date_of_birth'] or '-':<10}  {p['sex'] or '-':<6}  {p['full_name']}")
        output().detail(f"{len(people)} citizen(s) from {db_path or default_db_path()}")
    if not people:
        output().error("no citizen matches / không có công dân phù hợp")
        sys.exit(EXIT_FINDINGS)
