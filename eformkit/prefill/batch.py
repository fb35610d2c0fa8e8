"""Batch prefill: one form for many citizens, streamed from a subjects file to a JSON Lines file.

Memory does not grow with the number of subjects: the subjects file is read as the work goes, a
bounded window of subjects is in flight (`in_order`), and each result is written as soon as every
row before it is. The output has one line per input row, in input order:

```json
{"row": 7, "subject": "066190001234", "usable": true,
 "sources": [{"connector": "population", "role": "applicant", "outcome": "ok"}],
 "values": {"/full_name": "…"}, "locked": ["/full_name"], "to_type": ["/phone"]}
```

A row whose subject is unknown has its `not_found` outcomes; a blank or unreadable row has
`"error"`. The output is for the agency and holds the subject; progress and summaries (stderr, logs)
never do. Because rows are written in order, a run stopped half-way resumes from the output file:
its complete lines are checked against the subjects file and kept, a torn last line is cut off.
"""

from __future__ import annotations

import asyncio
import collections
import csv
import json
import time
from collections import Counter
from collections.abc import AsyncGenerator, AsyncIterable, AsyncIterator, Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from eformkit.errors import EformkitUsageError
from eformkit.prefill.result import BatchItem, PrefillResult
from eformkit.text import nfc

__all__ = ["BatchSummary", "batch_record", "in_order", "open_output", "read_subjects", "resume", "run_batch"]

_SUBJECT_COLUMNS = ("subject", "personal_id", "so_dinh_danh", "id")


def read_subjects(path: str | Path) -> Iterator[str]:
    """The subjects of a CSV (a `subject`/`personal_id` column, else the first) or JSON Lines file, lazily.

    One item per data row; a row with no readable subject gives "" so that row numbers stay true.
    """
    path = Path(path)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        if path.suffix.lower() in (".jsonl", ".ndjson"):
            yield from _jsonl(fh)
        else:
            yield from _csv(fh)


def _jsonl(fh: IO[str]) -> Iterator[str]:
    for line in fh:
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError:
            yield ""
            continue
        if isinstance(item, dict):
            item = next((item[k] for k in _SUBJECT_COLUMNS if k in item), None)
        yield nfc(item).strip() if isinstance(item, str) else ""  # a number would have lost its leading zeros


def _csv(fh: IO[str]) -> Iterator[str]:
    rows = csv.reader(fh)
    first = next(rows, None)
    if first is None:
        return
    names = [c.strip().lower() for c in first]
    column = next((names.index(n) for n in _SUBJECT_COLUMNS if n in names), None)
    if column is None:  # no header: the first row is data, the subject is the first column
        column = 0
        yield nfc(first[0]).strip() if first else ""
    for row in rows:
        if not any(cell.strip() for cell in row):
            continue
        yield nfc(row[column]).strip() if column < len(row) else ""


async def in_order(
    work: Callable[[str], Awaitable[PrefillResult]],
    subjects: Iterable[str] | AsyncIterable[str],
    *,
    window: int,
    first_row: int = 1,
) -> AsyncGenerator[BatchItem, None]:
    """Run `work` on each subject, at most `window` at once, yielding the items in input order."""
    pending: collections.deque[asyncio.Task[BatchItem]] = collections.deque()

    async def one(row: int, subject: str) -> BatchItem:
        subject = subject.strip()
        if not subject:
            return BatchItem(row, subject, None, "no subject in this row")
        try:
            return BatchItem(row, subject, await work(subject))
        except Exception as exc:  # one bad subject never stops the batch; the type only (no data)
            return BatchItem(row, subject, None, f"internal error ({type(exc).__name__})")

    try:
        row = first_row
        async for subject in _aiter(subjects):
            pending.append(asyncio.ensure_future(one(row, subject)))
            row += 1
            if len(pending) >= window:
                yield await pending.popleft()
        while pending:
            yield await pending.popleft()
    finally:  # the consumer stopped early (or was cancelled): stop what is still in flight
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)


async def _aiter(items: Iterable[str] | AsyncIterable[str]) -> AsyncIterator[str]:
    if isinstance(items, AsyncIterable):
        async for item in items:
            yield item
    else:
        for item in items:
            yield item


def batch_record(item: BatchItem) -> dict[str, Any]:
    """The output line of one row (no durations or fetch times: the same input gives the same line)."""
    out: dict[str, Any] = {"row": item.row, "subject": item.subject}
    result = item.result
    if result is None:
        out["error"] = item.error
        return out
    out["usable"] = result.usable
    out["sources"] = [
        {
            "connector": o.connector,
            "role": o.role,
            "outcome": o.outcome.value,
            **({"reason": o.reason} if o.reason else {}),
        }
        for o in result.outcomes
    ]
    out["values"] = result.values
    out["locked"] = sorted(result.locked)
    out["to_type"] = result.to_type
    if result.blocked:
        out["blocked"] = [{"pointer": b.pointer, "reason": b.reason} for b in result.blocked]
    if result.notes:
        out["notes"] = [{"pointer": n.pointer, "note": n.note} for n in result.notes]
    return out


def resume(output: Path, subjects: Iterator[str]) -> int:
    """Keep the complete lines of `output` that match the first subjects (consumed from `subjects`).

    Returns how many rows are done; cuts the file after the last good line. A line for another
    subject means `output` belongs to another input: `EformkitUsageError` (start over with force).
    """
    done = keep = 0
    with output.open("rb+") as fh:
        for line in fh:
            try:
                record = json.loads(line) if line.endswith(b"\n") else None
            except ValueError:
                record = None
            if not isinstance(record, dict) or record.get("row") != done + 1:
                break  # a torn or foreign line: everything from here is done again
            if record.get("subject") != next(subjects, None):
                raise EformkitUsageError(
                    f"{output}: row {done + 1} is not the subjects file's row {done + 1}; "
                    "this output belongs to another input (start over with --force)"
                )
            done += 1
            keep += len(line)
        fh.truncate(keep)
    return done


@dataclass
class BatchSummary:
    """Counts for the run, safe to print: never a subject."""

    rows: int = 0
    resumed: int = 0
    errors: int = 0
    seconds: float = 0.0
    outcomes: Counter[tuple[str, str]] = field(default_factory=Counter)  # (connector, outcome) → rows

    def add(self, record: dict[str, Any]) -> None:
        """Count one output line (`batch_record`): an error, or the applicant's outcome per source."""
        self.rows += 1
        if "error" in record:
            self.errors += 1
        else:
            seen = {(s["connector"], s["outcome"]) for s in record["sources"] if s["role"] == "applicant"}
            self.outcomes.update(seen)

    @property
    def failed(self) -> int:
        """(connector, outcome) pairs that are failures, summed: rows where a source could not answer."""
        return sum(n for (_c, o), n in self.outcomes.items() if o in ("denied", "unavailable", "timeout"))

    def text(self) -> str:
        """One line per source, in English and Vietnamese."""
        rate = self.rows / self.seconds if self.seconds else 0.0
        lines = [f"{self.rows} rows / dòng ({self.resumed} resumed / đã có, {self.errors} errors / lỗi) "
                 f"in {self.seconds:.1f} s ({rate:.0f}/s)"]  # fmt: skip
        by_source: dict[str, list[str]] = {}
        for (connector, outcome), n in sorted(self.outcomes.items()):
            by_source.setdefault(connector, []).append(f"{outcome} {n}")
        lines += [f"  {connector}: {', '.join(parts)}" for connector, parts in by_source.items()]
        return "\n".join(lines)


def open_output(
    output: str | Path, subjects_path: str | Path, force: bool
) -> tuple[Path, Iterator[str], BatchSummary]:
    """The output file ready to append to: resumed (the subjects already done skipped) unless `force`,
    which starts it over; the subjects still to do and a summary counting the resumed rows."""
    out_path = Path(output)
    subjects = read_subjects(subjects_path)
    summary = BatchSummary()
    if out_path.exists() and not force:
        summary.resumed = resume(out_path, subjects)
    else:
        out_path.write_bytes(b"")
    return out_path, subjects, summary


async def run_batch(
    prefill_many: Callable[..., AsyncIterator[BatchItem]],
    subjects_path: str | Path,
    output: str | Path,
    *,
    concurrency: int = 16,
    force: bool = False,
    progress: Callable[[BatchSummary], None] | None = None,
) -> BatchSummary:
    """Prefill every row of `subjects_path` into `output` (JSON Lines), resuming unless `force`.

    `prefill_many` is `functools.partial(engine.prefill_many, form)`.
    """
    out_path, subjects, summary = open_output(output, subjects_path, force)
    start = time.perf_counter()
    with out_path.open("a", encoding="utf-8") as fh:
        async for item in prefill_many(subjects, concurrency=concurrency, first_row=summary.resumed + 1):
            record = batch_record(item)
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            summary.add(record)
            if progress is not None and summary.rows % 1000 == 0:
                progress(summary)
    summary.seconds = time.perf_counter() - start
    return summary
