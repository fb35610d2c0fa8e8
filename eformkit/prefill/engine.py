"""The prefill engine: ask each source once, concurrently, for exactly what the form binds.

`PrefillEngine.run(form, subject)`:

1. plans the form once (cached): every binding routed to the citizen's own attribute, a relation
   (mother, household head, household members, the applicant's business, a held document) or a
   person identified by the personal ID typed into the same block;
2. sends each connector one bulk request with only the attributes it serves, all connectors at once,
   each under its own deadline, so the total is close to the slowest source, not the sum;
3. writes one audit event per call (attributes and outcome, never values);
4. picks a value per field (verified sources first; disagreeing verified sources are reported),
   converts it to the field's type, locks it only when present, exact, verified and bound with
   ``lock: verified``, and applies the author's ``on_error`` / ``on_missing`` choices;
5. signs the locked values into a token when the engine has a key.

`prefill_many(form, subjects)` streams the same for many citizens: a bounded window of subjects in
flight, at most `concurrency` calls at once per source, results in input order. Connectors that hold
resources (the HTTP connectors' pooled clients) are closed by `aclose()` or ``async with engine``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator, AsyncIterable, Awaitable, Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from eformkit.pointers import MISSING, get
from eformkit.prefill.audit import AuditEvent, AuditLog
from eformkit.prefill.base import AnyConnector, call_connector, serves
from eformkit.prefill.batch import in_order
from eformkit.prefill.convert import Converted, ListLookup, convert_value
from eformkit.prefill.gate import SourceGate
from eformkit.prefill.identity import Identity, as_identity
from eformkit.prefill.outcome import FetchRequest, FetchResult, Outcome, SubjectKind, Value
from eformkit.prefill.plan import BindingLike, Plan, Route, build_plan
from eformkit.prefill.registry import ConnectorRegistry
from eformkit.prefill.result import (
    BELOW_ASSURANCE,
    NO_PURPOSE,
    BatchItem,
    Blocker,
    Conflict,
    FieldNote,
    PrefillRefusal,
    PrefillResult,
    SourceOutcome,
)
from eformkit.prefill.token import canonical_json, issue_token

__all__ = ["PrefillEngine"]

_FAILED_MSG = ("Không lấy được dữ liệu từ cơ quan quản lý nên chưa thể tiếp tục biểu mẫu này.",
               "The data could not be obtained from the registry, so this form cannot continue yet.")  # fmt: skip
_MISSING_MSG = ("Cơ sở dữ liệu không có thông tin bắt buộc này nên không thể tiếp tục.",
                "The registry holds no such data, which this form requires.")  # fmt: skip


_Shape = tuple[AnyConnector, frozenset[str], Mapping[str, frozenset[str]]]
_Gates = Mapping[str, SourceGate]


@dataclass(frozen=True, slots=True)
class _Call:
    connector: AnyConnector
    request: FetchRequest
    role: str


def _default_legacy_converter() -> Callable[..., list[Any]] | None:
    try:
        from eformkit.packs.vn.admin_units import convert_legacy
    except ImportError:  # pragma: no cover - the vn pack ships with eformkit
        return None
    return convert_legacy


class PrefillEngine:
    """Prefill forms from the connectors of one `ConnectorRegistry`."""

    def __init__(
        self,
        registry: ConnectorRegistry,
        *,
        audit: AuditLog | None = None,
        token_key: bytes | None = None,
        token_ttl: float = 3600.0,
        deadline: float = 2.0,
        legacy_converter: Callable[..., list[Any]] | None = None,
    ) -> None:
        self.registry = registry
        self.audit = audit
        self.token_key = token_key
        self.token_ttl = token_ttl
        self.deadline = deadline
        self.legacy_converter = legacy_converter or _default_legacy_converter()
        self._plans: dict[int, tuple[Any, Plan, ListLookup | None, Any]] = {}
        self._shapes: dict[
            tuple[Any, ...], list[tuple[AnyConnector, frozenset[str], Mapping[str, frozenset[str]]]]
        ] = {}

    # ---- planning ----

    def plan(self, form: Any) -> tuple[Plan, ListLookup | None, Any]:
        """The cached plan of `form` (a `Form`, or anything with `id` and `bindings()`)."""
        cached = self._plans.get(id(form))
        if cached is not None and cached[0] is form:
            return cached[1], cached[2], cached[3]
        pack = getattr(form, "pack", None)
        vocabulary = getattr(pack, "vocabulary", None)
        definition = getattr(form, "definition", None)
        purpose = getattr(definition, "purpose", None) or getattr(form, "purpose", None) or ""
        plan = build_plan(form.bindings(), form_id=str(form.id), purpose=str(purpose), vocabulary=vocabulary)
        resolved = getattr(form, "resolved", None)
        lists: ListLookup | None = getattr(resolved, "list_for", None)
        if lists is None and pack is not None:
            lists = pack.lists.get
        self._plans[id(form)] = (form, plan, lists, vocabulary)
        return plan, lists, vocabulary

    # ---- fetching ----

    def _calls(self, plan: Plan, subject: str, role: str, attrs: frozenset[str], rels: Mapping[str, frozenset[str]],
               case_id: str | None, kind: SubjectKind = SubjectKind.PERSON) -> list[_Call]:  # fmt: skip
        # Which connector serves which part does not depend on the subject: work it out once per plan.
        cache_key = (id(plan), self.registry.version, role, attrs, tuple(sorted(rels)))
        shapes = self._shapes.get(cache_key)
        if shapes is None:
            base = FetchRequest("", attrs, plan.purpose, self.deadline, kind, dict(rels), plan.form_id)
            shapes = []
            for connector in self.registry:
                narrowed = serves(connector, base)
                if narrowed is not None:
                    shapes.append((connector, narrowed.attributes, narrowed.relations))
            self._shapes[cache_key] = shapes
        return [
            _Call(c, FetchRequest(subject, a, plan.purpose, self.deadline, kind, r, plan.form_id, case_id), role)
            for c, a, r in shapes
        ]

    async def _run_calls(
        self, calls: list[_Call], subject_hash: str, gates: _Gates | None = None
    ) -> list[tuple[_Call, FetchResult, float]]:
        async def one(call: _Call) -> tuple[_Call, FetchResult, float]:
            gate = gates.get(call.connector.name) if gates else None
            if gate is None:
                start = time.perf_counter()
                result = await call_connector(call.connector, call.request)
            else:
                async with gate:  # waiting for a slot is not the source's time: the deadline starts after
                    start = time.perf_counter()
                    result = await call_connector(call.connector, call.request)
            return call, result, (time.perf_counter() - start) * 1000.0

        # One source needs no gather (cheaper); several run concurrently, each under its own deadline.
        done = [await one(calls[0])] if len(calls) == 1 else list(await asyncio.gather(*(one(c) for c in calls)))
        if self.audit is not None:
            at = datetime.now(timezone.utc).isoformat()
            for call, result, ms in done:
                req = call.request
                names = sorted(req.attributes) + sorted(f"{r}.{a}" for r, attrs in req.relations.items() for a in attrs)
                self.audit.record(AuditEvent(
                    at, self.audit.reader, call.connector.name, call.role, tuple(names), req.purpose, req.form_id,
                    subject_hash, result.outcome.value, round(ms, 3), result.reason, req.case_id,
                ), subject=req.subject)  # fmt: skip
        return done

    async def run(
        self,
        form: Any,
        subject: str | Identity,
        *,
        known: Mapping[str, Any] | None = None,
        case_id: str | None = None,
    ) -> PrefillResult:
        """Prefill `form` for the signed-in citizen `subject` (an `Identity`, or a bare personal ID); the
        async twin of `prefill`.

        `known` is the data already in the form (for a role whose block holds a typed personal ID).
        A form without a `purpose` asks no source (`EFK-PREFILL-001`); an identity below the form's
        `prefill_assurance` gets no locks, or no fetch at all under `prefill_below_assurance: skip`.
        """
        return await self._run(form, as_identity(subject), known, case_id, None)

    async def _run(self, form: Any, identity: Identity, known: Mapping[str, Any] | None, case_id: str | None,
                   gates: _Gates | None) -> PrefillResult:  # fmt: skip
        subject = identity.personal_id
        plan, lists, vocabulary = self.plan(form)
        definition = getattr(form, "definition", None)
        assured = identity.meets(getattr(definition, "prefill_assurance", None))
        skip = not assured and getattr(definition, "prefill_below_assurance", "unlock") == "skip"
        if plan.routes and (not plan.purpose or skip):
            return self._refused(plan, NO_PURPOSE if not plan.purpose else BELOW_ASSURANCE, identity, assured)
        subject_hash = self.audit.subject_hash(subject) if self.audit is not None else ""
        calls = self._calls(plan, subject, "applicant", plan.attributes, plan.relations, case_id)
        done = await self._run_calls(calls, subject_hash, gates)
        found, failed = _collect(done, "")
        result = PrefillResult(form_id=plan.form_id)
        result.outcomes.extend(_outcomes(done))
        await self._referenced(plan, known, found, failed, case_id, result, gates)
        for route in plan.routes:
            self._fill(route, found, failed, lists, vocabulary, result)
        for binding in plan.unroutable:
            result.to_type.append(binding.pointer)
        if not assured:  # below the form's level of assurance: values are offered, never locked
            result.assurance_met = False
            result.locked.clear()
        if self.token_key is not None:
            result.token = issue_token(result, key=self.token_key, subject=subject, level=identity.level,
                                       ttl=self.token_ttl)  # fmt: skip
        return result

    def _refused(self, plan: Plan, refusal: PrefillRefusal, identity: Identity, assured: bool) -> PrefillResult:
        """No source asked: every bound field is for the citizen to type (the token still comes, lock-free)."""
        result = PrefillResult(form_id=plan.form_id, refusal=refusal, assurance_met=assured)
        pointers = [r.binding.pointer for r in plan.routes] + [b.pointer for b in plan.unroutable]
        result.to_type.extend(dict.fromkeys(pointers))
        if self.token_key is not None:
            result.token = issue_token(result, key=self.token_key, subject=identity.personal_id,
                                       level=identity.level, ttl=self.token_ttl)  # fmt: skip
        return result

    def prefill(self, form: Any, subject: str | Identity, **kwargs: Any) -> PrefillResult:
        """Blocking `run` for scripts and the CLI; works inside a running event loop too.

        Each call has an event loop of its own, and the connectors' clients opened on it are closed at
        the end. Inside a running loop (a notebook, an async app) that private loop runs in a worker
        thread while this call blocks; there, `await engine.run(...)` is the better choice.
        """

        async def once() -> PrefillResult:
            try:
                return await self.run(form, subject, **kwargs)
            finally:
                await self.aclose()

        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return asyncio.run(once())
        with ThreadPoolExecutor(1, thread_name_prefix="eformkit-prefill") as pool:
            return pool.submit(asyncio.run, once()).result()

    def prefill_many(
        self,
        form: Any,
        subjects: Iterable[str] | AsyncIterable[str],
        *,
        concurrency: int = 16,
        rates: Mapping[str, float] | None = None,
        first_row: int = 1,
    ) -> AsyncGenerator[BatchItem, None]:
        """Prefill `form` for each subject, yielding one `BatchItem` per subject in input order.

        Streaming: `subjects` is read as the work goes and at most ``2 × concurrency`` subjects are in
        flight, so memory does not grow with their number. Each source gets at most `concurrency`
        calls at once and, where `rates` names it (source name → calls a second), no more than that rate.
        A blank subject, or one whose prefill fails unexpectedly, still yields its item (with `error` set):
        no row is ever dropped. Rows are numbered from `first_row`.
        """
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        gates = {c.name: SourceGate(concurrency, (rates or {}).get(c.name)) for c in self.registry}

        def work(subject: str) -> Awaitable[PrefillResult]:
            return self._run(form, as_identity(subject), None, None, gates)

        return in_order(work, subjects, window=2 * concurrency, first_row=first_row)

    async def aclose(self) -> None:
        """Close what the connectors hold on this event loop (the HTTP connectors' pooled clients)."""
        for connector in self.registry:
            close = getattr(connector, "aclose", None)
            if close is not None:
                await close()

    async def __aenter__(self) -> PrefillEngine:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def _referenced(self, plan: Plan, known: Mapping[str, Any] | None, found: dict[str, list[Value]],
                          failed: dict[str, Outcome], case_id: str | None, result: PrefillResult,
                          gates: _Gates | None = None) -> None:  # fmt: skip
        """Roles identified by what the citizen typed into the role's block: a personal ID or a tax code."""
        if not known:
            return
        for role, (pointer, id_attr) in plan.id_pointers.items():
            typed = get(known, pointer)
            if typed is MISSING or not isinstance(typed, str) or not typed.strip():
                continue
            typed = typed.strip()
            routes = plan.roles[role]
            relation = routes[0].relation
            held = found.get(f"{relation}.{id_attr}")
            if held and held[0].value == typed:
                continue  # the typed subject is the related one already fetched
            for r in routes:  # the relation's values are about someone else: drop them
                found.pop(r.key, None)
            if id_attr == "tax_code":  # a business register is public: every bound attribute may be read
                kind = SubjectKind.ORGANISATION
                wanted = frozenset(r.attribute for r in routes if r.attribute and r.attribute != id_attr)
            else:  # a person not related to the citizen: only the name, to confirm the right person
                kind = SubjectKind.PERSON
                wanted = frozenset(r.attribute for r in routes if r.attribute == "full_name")
            if not wanted:
                continue
            subject_hash = self.audit.subject_hash(typed) if self.audit is not None else ""
            calls = self._calls(plan, typed, role, wanted, {}, case_id, kind)
            done = await self._run_calls(calls, subject_hash, gates)
            ref_found, ref_failed = _collect(done, f"{relation}.")
            found.update(ref_found)
            failed.update(ref_failed)
            result.outcomes.extend(_outcomes(done))

    def elements_of(self, form: Any, data: Mapping[str, Any]) -> dict[str, Any]:
        """The submitted values of `form` keyed by element id (what the submissions store remembers)."""
        plan, _, _ = self.plan(form)
        out: dict[str, Any] = {}
        for route in plan.routes:
            value = get(data, route.binding.pointer)
            if value is not MISSING and value not in (None, "", [], {}) and not route.many:
                out.setdefault(route.binding.element, value)
        return out

    # ---- filling ----

    def _fill(self, route: Route, found: dict[str, list[Value]], failed: dict[str, Outcome],
              lists: ListLookup | None, vocabulary: Any, result: PrefillResult) -> None:  # fmt: skip
        b = route.binding
        candidates = found.get(route.key)
        if not candidates:
            return _missing(b, route.key, failed, result)
        chosen = candidates[0]
        if len(candidates) > 1:
            chosen = next((c for c in candidates if c.provenance.verified), chosen)
        if route.many:
            converted = _rows(route, chosen.value, lists, vocabulary, self.legacy_converter, result)
        else:
            converted = convert_value(
                chosen.value,
                b.field_type,
                precision=tuple(b.precision),
                list_name=b.list_name,
                lists=lists,
                legacy_converter=self.legacy_converter,
            )
        if converted.value is None:
            result.notes.append(FieldNote(b.pointer, converted.note))
            return _missing(b, route.key, failed, result)
        result.values[b.pointer] = converted.value
        result.provenance[b.pointer] = chosen.provenance
        if converted.note:
            result.notes.append(FieldNote(b.pointer, converted.note, converted.candidates))
        if b.lock == "verified" and chosen.provenance.verified and converted.exact:
            result.locked.add(b.pointer)
        if len(candidates) == 1:
            return
        others = [c for c in candidates if c is not chosen and c.provenance.verified]
        if others and chosen.provenance.verified:
            mine = canonical_json(chosen.value)
            differing = tuple((c.provenance.source, c.value) for c in others if canonical_json(c.value) != mine)
            if differing:
                result.conflicts.append(Conflict(b.pointer, chosen.provenance.source, differing))
                result.locked.discard(b.pointer)  # sources disagree: the citizen must see and confirm


def _collect(
    done: list[tuple[_Call, FetchResult, float]], prefix: str
) -> tuple[dict[str, list[Value]], dict[str, Outcome]]:
    found: dict[str, list[Value]] = {}
    failed: dict[str, Outcome] = {}
    for call, result, _ms in done:
        for key, value in result.values.items():
            found.setdefault(prefix + key, []).append(value)
        if result.outcome.failed:
            for name in call.request.attributes:
                failed[prefix + name] = result.outcome
            for relation, attrs in call.request.relations.items():
                failed[relation] = result.outcome
                for attr in attrs:
                    failed[f"{relation}.{attr}"] = result.outcome
    return found, failed


def _outcomes(done: list[tuple[_Call, FetchResult, float]]) -> list[SourceOutcome]:
    return [
        SourceOutcome(c.connector.name, r.outcome, r.reason, ms, c.role, tuple(sorted(c.request.names)))
        for c, r, ms in done
    ]


def _missing(b: BindingLike, key: str, failed: Mapping[str, Outcome], result: PrefillResult) -> None:
    outcome = failed.get(key)
    if outcome is not None:
        result.notes.append(FieldNote(b.pointer, f"source {outcome.value}: enter it yourself"))
        block = b.on_error == "block"
        reason, default = "source_failed", _FAILED_MSG
    else:
        block = b.on_missing == "block"
        reason, default = "not_held", _MISSING_MSG
    if block:
        msg = dict(b.message) if isinstance(b.message, Mapping) else b.message
        text = {"vi": msg} if isinstance(msg, str) else msg if isinstance(msg, dict) else {}
        vi = text.get("vi") or getattr(msg, "vi", None) or default[0]
        en = text.get("en") or getattr(msg, "en", None) or default[1]
        result.blocked.append(Blocker(b.pointer, reason, vi, en))
    result.to_type.append(b.pointer)


_ColumnSpec = tuple[str, str, str, tuple[str, ...], "str | None"]
_COLUMN_CACHE: dict[int, tuple[BindingLike, list[_ColumnSpec]]] = {}


def _column_specs(b: BindingLike, vocabulary: Any) -> list[_ColumnSpec]:
    """(column, attribute, type, precision, list) per table column, from the vocabulary; computed once."""
    cached = _COLUMN_CACHE.get(id(b))
    if cached is not None and cached[0] is b:
        return cached[1]
    attrs = getattr(vocabulary, "attributes", {}) if vocabulary is not None else {}
    specs: list[_ColumnSpec] = []
    for col, attr in b.columns.items():
        spec = attrs.get(attr)
        if spec is None:
            specs.append((col, attr, "text", (), None))
        else:
            specs.append((col, attr, spec.type, tuple(spec.precision or ()), spec.list))
    _COLUMN_CACHE[id(b)] = (b, specs)
    return specs


def _rows(route: Route, rows: Any, lists: ListLookup | None, vocabulary: Any,
          legacy: Callable[..., list[Any]] | None, result: PrefillResult) -> Converted:  # fmt: skip
    """Rows of a repeating table: attributes renamed to column ids and converted per column."""
    b = route.binding
    if not isinstance(rows, list):
        return Converted(None, False, "not a list")
    key_attr = b.key_attribute or "personal_id"
    key_col = next((c for c, a in b.columns.items() if a == key_attr), None)
    out: list[dict[str, Any]] = []
    exact = True
    columns = _column_specs(b, vocabulary)
    for row in rows:
        if not isinstance(row, Mapping):
            continue
        new: dict[str, Any] = {}
        for col, attr, ftype, precision, list_name in columns:
            value = row.get(attr)
            if value is None or value == "":
                continue
            conv = convert_value(
                value, ftype, precision=precision, list_name=list_name, lists=lists, legacy_converter=legacy
            )
            if conv.value is not None:
                new[col] = conv.value
            exact = exact and conv.exact
        if new:
            out.append(new)
    if key_col is not None:
        result.row_keys[b.pointer] = key_col
    if getattr(b, "pick", False):
        result.picks.add(b.pointer)
    return Converted(out or None, exact, "" if exact else "some cells need the citizen")
