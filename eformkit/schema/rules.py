"""Domain rules: small checkers registered per field type, each with a code and vi/en messages.

The core ships the country-neutral ones (calendar dates, `not_future`/`not_past`); a pack adds its own
(personal ID, phone, tax code, address) through `Pack.rules`, keyed by field type. A rule is any
callable `(value, field, ctx) -> Iterable[ValidationIssue]`.

A rule may also come with a `RuleGuard`: what it promises ahead of the data, so that a clean submission
skips the rule on the validation fast path (see `eformkit.schema.validation_guard`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from eformkit.schema.resolve import ResolvedField
from eformkit.schema.validation_report import ValidationIssue

if TYPE_CHECKING:
    from eformkit.packs import Pack

__all__ = [
    "DomainRule",
    "RuleContext",
    "RuleGuard",
    "calendar_pattern",
    "core_rules",
    "guard_for",
    "lexical_bound",
    "rules_for",
    "same_person_paths",
]


@dataclass(slots=True)  # not frozen: built per submission and per table row, and frozen init is slow
class RuleContext:
    """What a rule may look at besides the value: the whole submission, the language, the table row."""

    data: Mapping[str, Any]
    lang: str
    row: Mapping[str, Any] | None = None
    row_pointer: str | None = None
    today: dt.date | None = None
    peers: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)  # see same_person_paths
    normalised: dict[str, Any] = field(default_factory=dict)  # pointer -> canonical value a rule produced

    def pointer(self, f: ResolvedField) -> str:
        return f"{self.row_pointer}/{f.id}" if self.row_pointer is not None else f.pointer

    def siblings(self, f: ResolvedField) -> Mapping[str, Any]:
        """The object holding `f` (the row, the person block, or the root)."""
        if self.row is not None:
            return self.row
        node: Any = self.data
        for part in f.path[:-1]:
            node = node.get(part, {}) if isinstance(node, Mapping) else {}
        return node if isinstance(node, Mapping) else {}

    def peer(self, f: ResolvedField, attribute: str) -> Any:
        """The value of `attribute` for the person `f` describes (same row, same block, or same bound role)."""
        if self.row is not None:
            return self.row.get(attribute)
        path = self.peers.get(f.pointer, {}).get(attribute)
        node: Any = self.data if path else None
        for part in path or ():
            node = node.get(part) if isinstance(node, Mapping) else None
        return node

    def normalise(self, f: ResolvedField, value: Any) -> None:
        """Record the canonical spelling of a valid value ("0905 123 456" -> "+84905123456")."""
        self.normalised[self.pointer(f)] = value

    def issue(
        self, f: ResolvedField, rule: str, code: str, en: str, vi: str, *, severity: str = "error", at: str = ""
    ) -> ValidationIssue:
        """An issue on `f` (or on its member `at`, such as "/date" of a signature)."""
        return ValidationIssue(
            self.pointer(f) + at, f.id, f.label.get(self.lang), vi if self.lang == "vi" else en, rule, severity, code
        )


DomainRule = Callable[[Any, ResolvedField, RuleContext], Iterable["ValidationIssue"]]


@dataclass(frozen=True, slots=True)
class RuleGuard:
    """What a rule promises ahead of the data, for the validation fast path.

    - `schema(field, today)`: a JSON Schema the value must meet; a value that meets it (and `check`) makes
      the rule silent: no issue, no rewrite but `rewrite`'s. It must admit only NFC text and no "".
    - `check(value, *peers)`: what JSON Schema cannot say, in Python; `peers` are the values of the same
      person's attributes named in `peers` (None when absent). Skipped when the form has none of them.
    - `rewrite(value)`: the canonical spelling the rule would record (the same value when already canonical).
    A stricter guard only costs speed: whatever fails it takes the full pipeline, which decides.
    """

    schema: Callable[[ResolvedField, dt.date], dict[str, Any]]
    check: Callable[..., bool] | None = None
    peers: tuple[str, ...] = ()
    rewrite: Callable[[Any], Any] | None = None


def same_person_paths(fields: list[ResolvedField]) -> dict[str, dict[str, tuple[str, ...]]]:
    """For each field, where the other attributes of the same person live (computed once per form).

    Fields bound to one role describe one person wherever they sit: "mother.sex" beside
    "mother.personal_id", or the personal ID of an applicant's ID-card block beside the applicant's
    top-level sex and date of birth (LLTP-03). So do the fields of one typed person block. Typed top-level
    fields describe nobody in particular. When a form binds an attribute more than once (TK1-TS: the sex
    in part I and the corrected sex in part II), a field's peer is the one beside it (same object, same
    section), else in its section, else in its object, else the first in the paper's order.
    """
    groups: dict[tuple[str, str], dict[str, list[ResolvedField]]] = {}
    members: list[tuple[ResolvedField, tuple[str, str]]] = []
    for f in fields:
        if f.in_table:
            continue
        if f.binding is not None and "." in f.binding.element:
            role, attribute = f.binding.element.rsplit(".", 1)
            key = ("role", role)
        elif len(f.path) > 1:
            key, attribute = ("block", f.pointer.rsplit("/", 1)[0]), f.id
        else:
            continue
        groups.setdefault(key, {}).setdefault(attribute, []).append(f)
        members.append((f, key))
    return {f.pointer: {a: _nearest(f, found).path for a, found in groups[key].items()} for f, key in members}


def _nearest(f: ResolvedField, candidates: list[ResolvedField]) -> ResolvedField:
    """The candidate closest to `f`: same object and section, same section, same object, the first."""
    holder = f.path[:-1]
    return min(candidates, key=lambda c: (c.section != f.section, c.path[:-1] != holder))  # min keeps the first


def _date(value: Any, f: ResolvedField, ctx: RuleContext) -> Iterator[ValidationIssue]:
    if type(value) is str and len(value) == 10 and not (f.spec and f.spec.constraints):
        try:  # the common case, done without a generator: a full date and no author limits
            dt.date.fromisoformat(value)
            return iter(())
        except ValueError:
            pass
    return _date_checks(value, f, ctx)


def _date_checks(value: Any, f: ResolvedField, ctx: RuleContext) -> Iterator[ValidationIssue]:
    if not isinstance(value, str):
        return
    try:
        if len(value) == 10:
            when = dt.date.fromisoformat(value)  # C fast path for the common full date
        else:
            parts = value.split("-")
            when = dt.date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, 1)
    except (ValueError, IndexError):
        yield ctx.issue(
            f,
            "calendar",
            "EFK-DATA-010",
            f"{f.label.get('en')}: {value} is not a real date",
            f"{f.label.get('vi')}: {value} không phải ngày có thật",
        )
        return
    today = ctx.today or dt.date.today()
    constraints: dict[str, Any] = {c.rule: c for c in (f.spec.constraints if f.spec else [])}
    for rule, bad in (("not_future", when > today), ("not_past", when < today)):
        c = constraints.get(rule)
        if c is not None and bad:
            en = (
                c.message.en
                if c.message and c.message.en
                else (
                    f"{f.label.get('en')} cannot be in the future"
                    if rule == "not_future"
                    else f"{f.label.get('en')} cannot be in the past"
                )
            )
            vi = (
                c.message.vi
                if c.message
                else (
                    f"{f.label.get('vi')} không được sau ngày hôm nay"
                    if rule == "not_future"
                    else f"{f.label.get('vi')} không được trước ngày hôm nay"
                )
            )
            yield ctx.issue(f, rule, "EFK-DATA-011", en, vi)


def lexical_bound(bound: str, at_most: bool) -> str:
    """An ECMA-262 pattern for the dates "YYYY", "YYYY-MM" or "YYYY-MM-DD" that sort at most (else at least)
    `bound` ("2025-08-04"); a partial date counts as its first day, so "2025-08" is at most, not at least."""
    alternatives = []
    for i, ch in enumerate(bound):
        if ch.isdigit() and (ch != "0" if at_most else ch != "9"):
            chars = f"0-{int(ch) - 1}" if at_most else f"{int(ch) + 1}-9"
            alternatives.append(f"{bound[:i]}[{chars}]")
    exact = [f"{bound[:n]}$" for n in (4, 7, 10)] if at_most else [f"{bound}$"]
    return "^(?:" + "|".join(alternatives + exact) + ")"


# Real calendar dates as one regular expression (year 0001-9999, leap years by the Gregorian rule): one
# `pattern` costs jsonschema-rs about as much as the shape check it replaces.
_YEAR = "(?:[0-9]{3}[1-9]|[0-9]{2}[1-9]0|[0-9][1-9]00|[1-9]000)"
_LEAP_YEAR = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
_MONTH_DAY = (
    "(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    "|02-(?:0[1-9]|1[0-9]|2[0-8]))"
)
_CALENDAR = {
    "day": f"{_YEAR}-{_MONTH_DAY}|{_LEAP_YEAR}-02-29",
    "month": f"{_YEAR}-(?:0[1-9]|1[0-2])",
    "year": _YEAR,
}


def calendar_pattern(precision: tuple[str, ...]) -> str:
    """An ECMA-262 pattern for the real dates of `precision` ("2024-02-29", "2025-02", "2025")."""
    return (
        "^(?:"
        + "|".join(_CALENDAR[p] for p in ("day", "month", "year") if p in precision or (p == "day" and not precision))
        + ")$"
    )


def _date_guard_schema(f: ResolvedField, today: dt.date) -> dict[str, Any]:
    # Calendar validity as one pattern; not_future/not_past as a lexical bound on the ISO text.
    rules = {c.rule for c in (f.spec.constraints if f.spec else [])}
    bounds = [
        {"pattern": lexical_bound(today.isoformat(), r == "not_future")}
        for r in ("not_future", "not_past")
        if r in rules
    ]
    calendar = {"pattern": calendar_pattern(f.precision)}
    if "pattern" in rules:  # the author's own pattern stays
        return {"allOf": [calendar, *bounds]}
    return {**calendar, "allOf": bounds} if bounds else calendar


_DATE_GUARD = RuleGuard(schema=_date_guard_schema)

_DAY_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)  # what the compiled schema admits; it reports the rest


def _signature(value: Any, f: ResolvedField, ctx: RuleContext) -> Iterator[ValidationIssue]:
    """The date a form is signed on is a real date, and not after today."""
    when = value.get("date") if isinstance(value, dict) else None
    if not isinstance(when, str) or not _DAY_SHAPE.fullmatch(when):
        return
    label_en, label_vi = f.label.get("en"), f.label.get("vi")
    try:
        day = dt.date.fromisoformat(when)
    except ValueError:
        yield ctx.issue(
            f,
            "calendar",
            "EFK-DATA-010",
            f"{label_en}: the signing date {when} is not a real date",
            f"{label_vi}: ngày ký {when} không phải ngày có thật",
            at="/date",
        )
        return
    if day > (ctx.today or dt.date.today()):
        yield ctx.issue(
            f,
            "not_future",
            "EFK-DATA-011",
            f"{label_en}: the signing date cannot be in the future",
            f"{label_vi}: ngày ký không được sau ngày hôm nay",
            at="/date",
        )


def _signature_guard_schema(f: ResolvedField, today: dt.date) -> dict[str, Any]:
    day = {"pattern": calendar_pattern(("day",)), "allOf": [{"pattern": lexical_bound(today.isoformat(), True)}]}
    return {"properties": {"date": day}}


_CORE_GUARDS: dict[Any, RuleGuard] = {_date: _DATE_GUARD, _signature: RuleGuard(schema=_signature_guard_schema)}


def core_rules() -> dict[str, list[DomainRule]]:
    """The country-neutral rules, by field type."""
    return {"date": [_date], "signature": [_signature]}


def guard_for(pack: Pack, rule: DomainRule) -> RuleGuard | None:
    """The guard of `rule` (core or pack), or None: the fast path then runs the rule itself."""
    core = _CORE_GUARDS.get(rule)
    if core is not None:
        return core
    guards: Mapping[Any, RuleGuard] = pack.guards
    return guards.get(rule)


def rules_for(pack: Pack, f: ResolvedField) -> list[DomainRule]:
    """Rules that apply to field `f`: the core ones, then the pack's, for its type."""
    found = list(core_rules().get(f.type, []))
    pack_rules: Mapping[str, Any] = pack.rules
    found.extend(pack_rules.get(f.type, []))
    return found
