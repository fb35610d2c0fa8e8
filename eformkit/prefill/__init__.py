"""Prefill: connectors to citizen-data sources and the engine that fills forms."""

from eformkit.prefill.audit import AuditEvent, AuditLog, JsonlSink, MemorySink, SqliteSink
from eformkit.prefill.base import Connector, ConnectorError, PrefillSkipped, SyncConnector
from eformkit.prefill.connectors.static import StaticConnector
from eformkit.prefill.defaults import bundled_registry, default_registry
from eformkit.prefill.engine import PrefillEngine
from eformkit.prefill.identity import Identity
from eformkit.prefill.outcome import AttributeSpec, FetchRequest, FetchResult, Outcome, Provenance, SubjectKind, Value
from eformkit.prefill.registry import ConnectorRegistry
from eformkit.prefill.result import PrefillResult
from eformkit.prefill.submission import SubmissionCheck, SubmissionIssue, check_submission
from eformkit.prefill.token import TamperProblem, TokenCheck, issue_token, verify_submission

__all__ = [
    "AttributeSpec",
    "AuditEvent",
    "AuditLog",
    "Connector",
    "ConnectorError",
    "ConnectorRegistry",
    "FetchRequest",
    "FetchResult",
    "Identity",
    "JsonlSink",
    "MemorySink",
    "Outcome",
    "PrefillEngine",
    "PrefillResult",
    "PrefillSkipped",
    "Provenance",
    "SqliteSink",
    "StaticConnector",
    "SubjectKind",
    "SubmissionCheck",
    "SubmissionIssue",
    "SyncConnector",
    "TamperProblem",
    "TokenCheck",
    "Value",
    "bundled_registry",
    "check_submission",
    "default_registry",
    "issue_token",
    "verify_submission",
]
