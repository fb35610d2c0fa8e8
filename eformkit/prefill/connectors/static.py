"""`StaticConnector`: an in-memory source for tests, demos and benchmarks (like httpx.MockTransport).

Data is a mapping subject → record. A record maps attribute → value; a single relation maps to a
record of the related person (``{"mother": {"full_name": ...}}``) and a relation with many subjects
to a list of records. Only what the request names comes back (data minimisation holds even here).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from eformkit.prefill.base import ConnectorError
from eformkit.prefill.outcome import (
    AttributeSpec,
    FetchRequest,
    FetchResult,
    Outcome,
    Provenance,
    SubjectKind,
    Value,
    utcnow,
)
from eformkit.text import nfc_deep

__all__ = ["StaticConnector"]


class StaticConnector:
    """An in-memory connector; `fail` and `delay` let tests simulate a bad source."""

    def __init__(
        self,
        name: str,
        data: Mapping[str, Mapping[str, Any]],
        *,
        specs: Mapping[str, AttributeSpec] | None = None,
        subject_kind: SubjectKind = SubjectKind.PERSON,
        verified: bool = True,
        fail: Outcome | None = None,
        delay: float = 0.0,
    ) -> None:
        self.name = name
        self.subject_kind = subject_kind
        self._data = {k: nfc_deep(dict(v)) for k, v in data.items()}
        self._verified = verified
        self._fail = fail
        self._delay = delay
        self._specs = dict(specs) if specs is not None else self._infer_specs()

    def _infer_specs(self) -> dict[str, AttributeSpec]:
        specs: dict[str, AttributeSpec] = {}
        for record in self._data.values():
            for key, value in record.items():
                if key in specs:
                    continue
                many = isinstance(value, list) and all(isinstance(v, Mapping) for v in value) and bool(value)
                relation = many or (isinstance(value, Mapping) and "detail" not in value)
                specs[key] = AttributeSpec(
                    key, "table" if many else "person" if relation else "text", self._verified, relation, many
                )
        return specs

    def attributes(self) -> Mapping[str, AttributeSpec]:
        """Return the declared (or inferred) attributes."""
        return self._specs

    async def fetch(self, request: FetchRequest) -> FetchResult:
        """Return the requested attributes of `request.subject` from memory."""
        if self._delay:
            await asyncio.sleep(self._delay)
        if self._fail is not None:
            raise ConnectorError(self._fail, f"simulated {self._fail.value}")
        record = self._data.get(request.subject)
        if record is None:
            return FetchResult.failure(Outcome.NOT_FOUND, "subject not held")
        now = utcnow()
        values: dict[str, Value] = {}
        for name in request.attributes:
            if name in record and record[name] not in (None, "", [], {}):
                values[name] = Value(record[name], self._prov(name, now))
        for relation, wanted in request.relations.items():
            related = record.get(relation)
            if isinstance(related, list):
                rows = [{a: row[a] for a in wanted if a in row} for row in related if isinstance(row, Mapping)]
                if rows:
                    values[relation] = Value(rows, self._prov(relation, now))
            elif isinstance(related, Mapping):
                for attr in wanted:
                    if related.get(attr) not in (None, "", [], {}):
                        values[f"{relation}.{attr}"] = Value(related[attr], self._prov(f"{relation}.{attr}", now))
        return FetchResult.ok(values)

    def _prov(self, attribute: str, now: Any) -> Provenance:
        spec = self._specs.get(attribute.partition(".")[0])
        return Provenance(self.name, attribute, now, self._verified if spec is None else spec.verified)
