"""Decision 766/QĐ-TTg indicators over a set of dossier records: 4.3, 4.4, 4.5 (both forms) and 3.3.

Each indicator is a share of dossiers (or, for 4.5a, of procedures) whose record carries a reuse flag;
formulas and thresholds are those of the 766 formula document as summarised in docs/dossier.md:

- 4.3 Tỷ lệ hồ sơ khai thác, sử dụng lại thông tin, dữ liệu số hóa: dossiers with ≥1 component reused from
  digitised data ÷ dossiers received; full points at ≥ 80 %.
- 4.4 Tỷ lệ hồ sơ TTHC được số hóa có kết nối, chia sẻ dữ liệu phục vụ tái sử dụng: dossiers with ≥1 file
  taken from the citizen's document store ÷ dossiers received.
- 4.5a Tỷ lệ TTHC triển khai kết nối, chia sẻ dữ liệu dân cư: procedures with ≥1 dossier that used
  population data or a VNeID-verified account ÷ procedures with dossiers.
- 4.5b Tỷ lệ hồ sơ TTHC có sử dụng thông tin, dữ liệu dân cư: such dossiers ÷ dossiers received.
- 3.3 Tỷ lệ hồ sơ TTHC theo hình thức nộp hồ sơ (trực tuyến): online dossiers ÷ dossiers; full points at ≥ 50 %.

Records are read from JSON Lines files or folders of them. Only the version and the members counted are
read per record (the full schema check is `DossierRecord.from_json`'s), and of a line written by
`DossierRecord.dumps` only its head is parsed, so a large set is read fast.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eformkit.dossier.errors import RecordError
from eformkit.dossier.record import check_version

__all__ = ["INDICATORS", "Indicator", "IndicatorReport", "Ratio", "Tally", "compute", "read_records"]

_NO_PROCEDURE = "(form) "  # records of forms without a procedure code are grouped by form id, so prefixed


@dataclass(frozen=True, slots=True)
class Indicator:
    """One indicator: its number, its official name, what it counts and its full-points threshold (or None)."""

    code: str
    name_vi: str
    name_en: str
    threshold: float | None


INDICATORS = (
    Indicator("4.3", "Tỷ lệ hồ sơ khai thác, sử dụng lại thông tin, dữ liệu số hóa",
              "Dossiers reusing digitised data", 0.80),
    Indicator("4.4", "Tỷ lệ hồ sơ TTHC được số hóa có kết nối, chia sẻ dữ liệu phục vụ tái sử dụng",
              "Dossiers with a file from the citizen's document store", None),
    Indicator("4.5a", "Tỷ lệ TTHC triển khai kết nối, chia sẻ dữ liệu dân cư",
              "Procedures using population data", None),
    Indicator("4.5b", "Tỷ lệ hồ sơ TTHC có sử dụng thông tin, dữ liệu dân cư",
              "Dossiers using population data or a VNeID-verified account", None),
    Indicator("3.3", "Tỷ lệ hồ sơ TTHC nộp trực tuyến", "Dossiers submitted online", 0.50),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Ratio:
    """numerator ÷ denominator, with the indicator's threshold when it has one."""

    numerator: int
    denominator: int
    threshold: float | None = None

    @property
    def value(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None

    @property
    def meets(self) -> bool | None:
        """Whether the threshold for full points is reached (None without a threshold or without dossiers)."""
        value = self.value
        return None if self.threshold is None or value is None else value >= self.threshold


# A record reduced to what the indicators count: (procedure, agency, reused, store, population, online).
_Key = tuple[str, str, bool, bool, bool, bool]


@dataclass(slots=True)
class Tally:
    """Dossier counts by (procedure, agency, flags); every figure is derived from these counts."""

    counts: Counter[_Key] = field(default_factory=Counter)

    def add(self, record: Mapping[str, Any], *, file: str | None = None, line: int | None = None) -> None:
        """Count one record (a JSON object); its version is checked, and the flags it is counted by."""
        check_version(record, file=file, line=line)
        try:
            reuse = record["reuse"]
            raw = (reuse["reused_digitised_data"], reuse["store_file"], reuse["population_data"],
                   reuse["vneid_verified_account"], reuse["online"])  # fmt: skip
            procedure = record["procedure_code"] or _NO_PROCEDURE + record["form"]["id"]
            agency = record["agency"] or ""
        except (KeyError, TypeError):
            raise RecordError("EFK-RECORD-002", "missing reuse flags, form or procedure_code", file=file,
                              line=line, pointer="/reuse") from None  # fmt: skip
        r0, r1, r2, r3, r4 = raw
        if (
            not (type(r0) is type(r1) is type(r2) is type(r3) is type(r4) is bool)
            or type(procedure) is not str
            or (type(agency) is not str)
        ):
            raise RecordError("EFK-RECORD-002", "reuse flags must be booleans", file=file, line=line,
                              pointer="/reuse")  # fmt: skip
        key: _Key = (procedure, agency, r0, r1, r2 or r3, r4)
        self.counts[key] += 1

    def figures(self, keep: Any = None) -> dict[str, Ratio]:
        """Every indicator over the counted dossiers (or those whose key `keep(key)` accepts)."""
        n = reused = store = population = online = 0
        procedures: dict[str, bool] = {}
        for key, count in self.counts.items():
            if keep is not None and not keep(key):
                continue
            n += count
            reused += count * key[2]
            store += count * key[3]
            population += count * key[4]
            online += count * key[5]
            procedures[key[0]] = procedures.get(key[0], False) or key[4]
        spec = {i.code: i.threshold for i in INDICATORS}
        return {
            "4.3": Ratio(reused, n, spec["4.3"]),
            "4.4": Ratio(store, n, spec["4.4"]),
            "4.5a": Ratio(sum(procedures.values()), len(procedures), spec["4.5a"]),
            "4.5b": Ratio(population, n, spec["4.5b"]),
            "3.3": Ratio(online, n, spec["3.3"]),
        }

    @property
    def dossiers(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True, slots=True)
class IndicatorReport:
    """The indicators for the whole set, per procedure and per agency."""

    dossiers: int
    overall: dict[str, Ratio]
    by_procedure: dict[str, dict[str, Ratio]]
    by_agency: dict[str, dict[str, Ratio]]

    def rows(self) -> list[tuple[str, str, int, dict[str, Ratio]]]:
        """(scope, key, dossiers, figures) rows: the whole set first, then procedures, then agencies."""
        out = [("all", "", self.dossiers, self.overall)]
        for scope, groups in (("procedure", self.by_procedure), ("agency", self.by_agency)):
            out += [(scope, key, figures["3.3"].denominator, figures) for key, figures in groups.items()]
        return out

    def to_json(self) -> dict[str, Any]:
        def ratios(figures: dict[str, Ratio]) -> dict[str, Any]:
            return {code: {"numerator": r.numerator, "denominator": r.denominator, "value": r.value,
                           "threshold": r.threshold, "meets": r.meets} for code, r in figures.items()}  # fmt: skip

        return {
            "dossiers": self.dossiers,
            "indicators": {i.code: {"vi": i.name_vi, "en": i.name_en, "threshold": i.threshold} for i in INDICATORS},
            "overall": ratios(self.overall),
            "by_procedure": {k: ratios(v) for k, v in self.by_procedure.items()},
            "by_agency": {k: ratios(v) for k, v in self.by_agency.items()},
        }


def compute(records: Iterable[tuple[str | None, int | None, Mapping[str, Any]]] | Tally) -> IndicatorReport:
    """The indicators over `(file, line, record)` items (as `read_records` yields) or over a filled `Tally`."""
    if isinstance(records, Tally):
        tally = records
    else:
        tally = Tally()
        for file, line, record in records:
            tally.add(record, file=file, line=line)
    procedures = sorted({k[0] for k in tally.counts})
    agencies = sorted({k[1] for k in tally.counts})
    return IndicatorReport(
        dossiers=tally.dossiers,
        overall=tally.figures(),
        by_procedure={p: tally.figures(lambda k, p=p: k[0] == p) for p in procedures},
        by_agency={a: tally.figures(lambda k, a=a: k[1] == a) for a in agencies},
    )


def _files(paths: Iterable[str | Path]) -> Iterator[Path]:
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.jsonl") if p.is_file())
        elif path.is_file():
            yield path
        else:
            raise RecordError("EFK-RECORD-008", "the path (no such file or folder)", file=str(path))


def read_records(paths: Iterable[str | Path]) -> Iterator[tuple[str, int, Any]]:
    """`(file, line, record)` for every non-blank line of the JSON Lines files (folders: their ``*.jsonl``)."""
    for path in _files(paths):
        name = str(path)
        try:
            handle = path.open("rb")
        except OSError as exc:
            raise RecordError("EFK-RECORD-008", type(exc).__name__, file=name) from None
        with handle:
            for number, raw in enumerate(handle, start=1):
                if raw.isspace() or not raw:  # isspace stops at the first character; strip copies the line
                    continue
                try:
                    yield name, number, _counted_part(raw)
                except ValueError as exc:  # UnicodeDecodeError too
                    raise RecordError("EFK-RECORD-003", type(exc).__name__, file=name, line=number) from None


_HEAD_END = b',"submitted_at":'


def _counted_part(line: bytes) -> Any:
    """The record's members up to `submitted_at` when the line is in `DossierRecord.dumps` order (all the
    indicators count, a seventh of the line), else the whole record.

    A JSON string cannot hold an unescaped quote, so the marker is found either between top-level members,
    and the head parses as an object, or inside a nested object, and the head is unbalanced and does not."""
    cut = line.find(_HEAD_END)
    if cut > 0:
        try:
            head = json.loads(line[:cut].decode("utf-8") + "}")  # str: json.loads skips detecting the encoding
        except ValueError:
            head = None
        if isinstance(head, dict) and "reuse" in head:
            return head
    return json.loads(line.decode("utf-8"))
