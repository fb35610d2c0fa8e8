"""Benchmark submission validation: eformkit vs plain jsonschema on the same compiled schema. A script, not a test.

    python benchmarks/bench_validate.py [--samples 60] [--profile]

On the CT01 form (forms/vn.bca.ct01.yaml; the residence fixture when the catalogue is absent), side by side:
- `form.validate(data)`: eformkit with its cached validator (jsonschema-rs backend when installed), including
  NFC cleaning, the hidden-value policy, domain rules (personal ID, phone, address...) and messages;
- `jsonschema.Draft202012Validator(form.json_schema())`, built once, `list(iter_errors(data))`;
for one valid submission and one with 3 errors (a missing required field, a choice not in the list, a
malformed personal ID). Every figure is a median of per-call means, in microseconds; the two sides are timed
in alternation and the ratio is the median of the per-sample ratios. `--profile` adds the
stage breakdown of `FormValidator.validate` and a cProfile listing.
"""

from __future__ import annotations

import argparse
import copy
import cProfile
import os
import platform
import pstats
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema

from eformkit import Form, load_form
from eformkit.pointers import value_at
from eformkit.schema.computed import apply_computed
from eformkit.schema.rules import RuleContext
from eformkit.schema.validation import _clean, validator_for

ROOT = Path(__file__).resolve().parent.parent

# A real-looking CT01 submission (Đắk Lắk household; IDs consistent with dates of birth and sex).
CT01_VALID: dict[str, Any] = {
    "full_name": "Nguyễn Thị Hương",
    "date_of_birth": "1990-04-12",
    "sex": "female",
    "personal_id": "066190012345",
    "phone": "0905123456",
    "email": "huong.nguyen@example.vn",
    "household_head_name": "Trần Văn Đức",
    "relationship_to_head": "wife",
    "household_head_personal_id": "066088004512",
    "request_kind": "permanent_registration",
    "request_content": (
        "Đăng ký thường trú vào hộ ông Trần Văn Đức tại số 25 Lê Duẩn, phường Buôn Ma Thuột, tỉnh Đắk Lắk."
    ),
    "members": [
        {
            "full_name": "Trần Minh Khang",
            "date_of_birth": "2015-09-03",
            "sex": "male",
            "personal_id": "066215003871",
            "relationship_to_household_head": "child",
        },
        {
            "full_name": "Trần Ngọc Hân",
            "date_of_birth": "2019-01-27",
            "sex": "female",
            "personal_id": "066319007702",
            "relationship_to_household_head": "child",
        },
    ],
    "head_opinion": "Đồng ý cho vợ và các con đăng ký thường trú vào hộ.",
    "head_signature": {"place": "Buôn Ma Thuột", "date": "2025-08-04"},
    "signature": {"place": "Buôn Ma Thuột", "date": "2025-08-04"},
}
RESIDENCE_VALID: dict[str, Any] = {
    "full_name": "Nguyễn Văn An",
    "date_of_birth": "1990-05-02",
    "sex": "male",
    "personal_id": "001090001234",
    "phone": "0912 345 678",
    "current_residence": {"detail": "Số 12 phố Huế", "commune": "00004", "province": "01"},
    "request_kind": "temporary_registration",
    "household_head": {
        "full_name": "Nguyễn Văn Bình",
        "date_of_birth": "1960",
        "sex": "male",
        "personal_id": "079060000005",
    },
    "declaration": True,
}


def pick() -> tuple[Form, dict[str, Any]]:
    ct01 = ROOT / "forms" / "vn.bca.ct01.yaml"
    if ct01.exists():
        return load_form(ct01), CT01_VALID
    return load_form(ROOT / "tests" / "fixtures" / "forms" / "valid" / "residence_declaration.yaml"), RESIDENCE_VALID


def three_errors(valid: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(valid)
    del data["full_name"]  # required
    data["sex"] = "unknown"  # enum
    data["personal_id"] = "12345"  # pattern
    return data


def _calls_per_sample(fn: Callable[[], object], target_seconds: float) -> int:
    """Warm `fn` up, then size a sample to about `target_seconds` of calls."""
    for _ in range(50):
        fn()
    start = time.perf_counter()
    fn()
    return max(1, int(target_seconds / max(time.perf_counter() - start, 1e-7)))


def _mean_call(fn: Callable[[], object], calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - start) / calls


def median_us(fn: Callable[[], object], samples: int, target_seconds: float = 0.02) -> float:
    """Median over `samples` of the mean time per call (calls per sample sized to ~`target_seconds`)."""
    calls = _calls_per_sample(fn, target_seconds)
    return statistics.median(_mean_call(fn, calls) for _ in range(samples)) * 1e6


def paired_us(
    ours: Callable[[], object], theirs: Callable[[], object], samples: int, target_seconds: float = 0.02
) -> tuple[float, float, float]:
    """(median µs of `ours`, of `theirs`, median of the per-sample ratios), the two timed in alternation so
    that a slower or faster spell of the machine falls on both sides of each ratio."""
    ours_calls, theirs_calls = _calls_per_sample(ours, target_seconds), _calls_per_sample(theirs, target_seconds)
    pairs = [(_mean_call(ours, ours_calls), _mean_call(theirs, theirs_calls)) for _ in range(samples)]
    return (
        statistics.median(a for a, _ in pairs) * 1e6,
        statistics.median(b for _, b in pairs) * 1e6,
        statistics.median(b / a for a, b in pairs),
    )


def stage_breakdown(form: Form, data: dict[str, Any], samples: int) -> list[tuple[str, float]]:
    """Median cost of each stage of `FormValidator.validate`, run on its own."""
    validator = validator_for(form)
    guard = validator._guard
    rows: list[tuple[str, float]] = []
    if guard is not None and guard.report(data, "vi") is not None:  # the fast path takes it
        check = guard._validator.is_valid
        rows.append(("guard schema, one jsonschema-rs is_valid", median_us(lambda: check(data), samples)))
        whole = median_us(lambda: validator.validate(data), samples)
        rows.append(("residuals in Python, report, calls", whole - sum(us for _, us in rows)))
        rows.append(("FormValidator.validate, timed whole", whole))
        return rows
    if guard is not None:
        rows.append(("guard schema (fails: take the full path)", median_us(lambda: guard.report(data, "vi"), samples)))
    cleaned = _clean(data)
    if validator._computed:
        apply_computed(form, cleaned)
    failed = {i.pointer for i in validator.validate(data).issues}
    backend = validator.backend
    rows.append(("cleaning (NFC, blanks -> absent, guards)", median_us(lambda: _clean(data), samples)))
    rows.append(("hidden values (conditions)", median_us(lambda: validator._hidden(cleaned), samples)))
    rows.append((f"backend is_valid ({backend.name})", median_us(lambda: backend.is_valid(cleaned), samples)))
    rules_us = median_us(lambda: validator._rule_issues(cleaned, "vi", failed, {}), samples)
    rows.append(("domain rules", rules_us))
    if failed:
        errors_us = median_us(lambda: list(validator._schema_issues(cleaned, "vi")), samples)
        rows.append(("schema errors -> issues with messages", errors_us))
    rows.append(("sum of the stages, each timed alone", sum(us for _, us in rows)))
    rows.append(("FormValidator.validate, timed whole", median_us(lambda: validator.validate(data), samples)))
    return rows


def rule_breakdown(form: Form, data: dict[str, Any], samples: int) -> list[tuple[str, int, float]]:
    """(rule, calls, total µs) of the domain rules on `data`, each call timed alone."""
    validator = validator_for(form)
    cleaned = _clean(data)
    totals: dict[str, tuple[int, float]] = {}

    def add(rule: Any, value: Any, f: Any, ctx: Any) -> None:
        name = f"{rule.__module__.rsplit('.', 2)[-2]}.{rule.__name__}"
        us = median_us(lambda: list(rule(value, f, ctx)), samples, target_seconds=0.005)
        calls, total = totals.get(name, (0, 0.0))
        totals[name] = (calls + 1, total + us)

    ctx = RuleContext(cleaned, "vi", peers=validator._peers)
    for f, rules in validator._checked:
        value = value_at(cleaned, f.path)
        for rule in rules if value is not None else []:
            add(rule, value, f, ctx)
    for table, columns in validator._table_rules:
        rows = value_at(cleaned, table.path)
        for i, row in enumerate(rows if isinstance(rows, list) else []):
            row_ctx = RuleContext(cleaned, "vi", row=row, row_pointer=f"{table.pointer}/{i}", peers=validator._peers)
            for col, rules in columns:
                for rule in rules if row.get(col.id) is not None else []:
                    add(rule, row[col.id], col, row_ctx)
    return sorted(((name, calls, us) for name, (calls, us) in totals.items()), key=lambda r: -r[2])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=60)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    form, valid = pick()
    invalid = three_errors(valid)
    report_valid, report_invalid = form.validate(valid), form.validate(invalid)
    if report_valid.issues or len(report_invalid.errors) != 3:
        raise SystemExit(
            f"benchmark inputs are off: {[(i.pointer, i.rule) for i in report_valid.issues]} / "
            f"{[(i.pointer, i.rule) for i in report_invalid.issues]}"
        )
    plain = jsonschema.Draft202012Validator(form.json_schema())
    assert not list(plain.iter_errors(valid)) and len(list(plain.iter_errors(invalid))) == 3
    backend = validator_for(form).backend.name
    guard = validator_for(form)._guard
    if guard is not None:
        backend += ", fast path (one guard schema)"

    machine = f"Python {platform.python_version()}, {os.cpu_count()} CPU(s), {platform.machine()}"
    print(f"eformkit validate benchmark: {machine}")
    print(f"form {form.id} ({len(form.fields())} fields), eformkit backend {backend}")
    print(f"median of {args.samples} samples, µs per call\n")
    print(f"{'submission':<22}{'eformkit form.validate':>24}{'plain jsonschema':>20}{'ratio':>9}   target")
    for name, data, target in (("valid", valid, ">= 20x"), ("3 errors", invalid, "<= 40 µs")):
        ours, theirs, ratio = paired_us(
            lambda data=data: form.validate(data), lambda data=data: list(plain.iter_errors(data)), args.samples
        )
        print(f"{name:<22}{ours:>21.2f} µs{theirs:>17.2f} µs{ratio:>8.1f}x   {target}")
    fast = validator_for(form).backend
    cleaned = _clean(valid)
    ours, theirs, ratio = paired_us(lambda: fast.is_valid(cleaned), lambda: plain.is_valid(valid), args.samples)
    print(f"{'valid, is_valid only':<22}{ours:>21.2f} µs{theirs:>17.2f} µs{ratio:>8.1f}x   (schema check alone)")

    if args.profile:
        for name, data in (("valid", valid), ("3 errors", invalid)):
            print(f"\nFormValidator.validate stages, {name} submission (µs, medians):")
            for stage, us in stage_breakdown(form, data, args.samples):
                print(f"  {stage:<42}{us:8.2f}")
        print("\ndomain rules on the valid submission, each call timed alone:")
        for name, calls, us in rule_breakdown(form, valid, args.samples):
            print(f"  {name:<32}{calls:>3} call(s){us:8.2f} µs")
        print("\n--- cProfile: 20,000 x form.validate(valid) (sorted by internal time) ---")
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(20_000):
            form.validate(valid)
        profiler.disable()
        pstats.Stats(profiler).strip_dirs().sort_stats("tottime").print_stats(15)


if __name__ == "__main__":
    main()
