"""The connector contract as a check any connector author can run: `check_connector_contract`.

eformkit's own tests hold every bundled connector to it (tests/prefill/test_connector_contract.py); a
third-party connector calls it from its own test suite:

    from eformkit.testing import assert_connector_contract, contract_request

    def test_my_connector_keeps_the_contract() -> None:
        connector = InsuranceConnector(base_url=server.url)
        assert_connector_contract(
            connector,
            contract_request("066190001234", {"insurance_number"}, {"mother": {"full_name"}}),
            unknown_subject="066190009999",
            calls=lambda: len(server.requests),  # optional: calls the backing service has seen
        )

It calls the connector through `call_connector`, as the engine does, with `asyncio.run`: call it from
synchronous test code. docs/connectors.md lists the checks.
"""

from __future__ import annotations

import asyncio
import json
import unicodedata
from collections.abc import Callable, Iterable, Mapping

from eformkit.prefill.base import AnyConnector, call_connector, check_connector
from eformkit.prefill.outcome import AttributeSpec, FetchRequest, FetchResult, Outcome, SubjectKind

__all__ = ["assert_connector_contract", "check_connector_contract", "contract_request"]

_UNKNOWN_OUTCOMES = (Outcome.NOT_FOUND, Outcome.EMPTY, Outcome.SKIPPED)


def contract_request(
    subject: str,
    attributes: Iterable[str],
    relations: Mapping[str, Iterable[str]] | None = None,
    kind: SubjectKind = SubjectKind.PERSON,
    *,
    deadline: float = 2.0,
) -> FetchRequest:
    """A request for the contract check: `attributes` of `subject`, `relations` -> attributes of related ones."""
    rels = {name: frozenset(attrs) for name, attrs in (relations or {}).items()}
    return FetchRequest(subject, frozenset(attributes), "contract-test", deadline, kind, rels, "contract.test")


def _fetch(connector: AnyConnector, request: FetchRequest) -> FetchResult:
    return asyncio.run(call_connector(connector, request))


def _asked(request: FetchRequest, key: str) -> bool:
    relation, dot, attribute = key.partition(".")
    return (
        key in request.attributes
        or key in request.relations
        or bool(dot and attribute in request.relations.get(relation, ()))
    )


def check_connector_contract(
    connector: AnyConnector,
    request: FetchRequest,
    unknown_subject: str,
    *,
    calls: Callable[[], int] | None = None,
) -> list[str]:
    """Every way `connector` breaks the connector contract (an empty list when it keeps it).

    `request` must be one the source answers with values (a subject it holds); `unknown_subject` one it
    does not hold; `calls`, when given, counts the calls the backing service has received so far. Checks:
    the protocol (name, subject_kind, attributes(), fetch()); `request` answered `ok` with only what was
    asked; each value's provenance (source, attribute, time zone, verified) and NFC text; the unknown
    subject a typed outcome (not_found, empty or skipped) with no values; a request asking nothing never
    raises and returns nothing; at most one call to the service per request; no subject ID in a reason.
    """
    problems = [f"protocol: {p}" for p in check_connector(connector)]
    if problems:
        return problems
    specs = connector.attributes()
    if not specs:
        problems.append("protocol: attributes() is empty")
    problems += [
        f"protocol: attributes()[{key!r}] is named {spec.name!r}"
        for key, spec in specs.items()
        if isinstance(spec, AttributeSpec) and spec.name != key
    ]

    before = calls() if calls is not None else 0
    result = _fetch(connector, request)
    if calls is not None and calls() - before > 1:
        problems.append(f"bulk: one request made {calls() - before} calls to the service (at most 1)")
    if result.outcome is not Outcome.OK:
        problems.append(f"answer: the request gave {result.outcome.value} ({result.reason}), not ok")
    elif not result.values:
        problems.append("answer: ok with no values (FetchResult.ok reports empty then)")
    for key, value in result.values.items():
        if not _asked(request, key):
            problems.append(f"answer: {key!r} was not asked for")
        prov = value.provenance
        if prov.source != connector.name:
            problems.append(f"provenance: {key!r} names source {prov.source!r}, not {connector.name!r}")
        if prov.attribute != key:
            problems.append(f"provenance: {key!r} names attribute {prov.attribute!r}")
        if prov.fetched_at.tzinfo is None:
            problems.append(f"provenance: {key!r} fetched_at has no time zone")
        if not isinstance(prov.verified, bool):
            problems.append(f"provenance: {key!r} verified is not a bool")
        text = json.dumps(value.value, ensure_ascii=False, default=str)
        if not unicodedata.is_normalized("NFC", text):
            problems.append(f"text: {key!r} is not in NFC")

    unknown = FetchRequest(
        unknown_subject,
        request.attributes,
        request.purpose,
        request.deadline,
        request.subject_kind,
        request.relations,
        request.form_id,
    )
    missing = _fetch(connector, unknown)
    if missing.outcome not in _UNKNOWN_OUTCOMES:
        problems.append(f"unknown subject: gave {missing.outcome.value}, not not_found/empty/skipped")
    if missing.values:
        problems.append("unknown subject: values returned")
    for label, reason in (("answer", result.reason), ("unknown subject", missing.reason)):
        for subject in (request.subject, unknown_subject):
            if reason and subject and subject in reason:
                problems.append(f"{label}: the reason quotes the subject ID (personal data)")

    nothing = FetchRequest(request.subject, frozenset(), request.purpose, request.deadline, request.subject_kind)
    empty = _fetch(connector, nothing)
    if empty.outcome is Outcome.UNAVAILABLE and "connector error" in (empty.reason or ""):
        problems.append(f"nothing asked: the connector raised ({empty.reason})")
    if empty.values:
        problems.append("nothing asked: values returned")
    return problems


def assert_connector_contract(
    connector: AnyConnector,
    request: FetchRequest,
    unknown_subject: str,
    *,
    calls: Callable[[], int] | None = None,
) -> None:
    """`check_connector_contract`, raising AssertionError that lists every problem (for pytest)."""
    problems = check_connector_contract(connector, request, unknown_subject, calls=calls)
    if problems:
        raise AssertionError(
            f"{getattr(connector, 'name', connector)!s} breaks the connector contract:\n- " + "\n- ".join(problems)
        )
