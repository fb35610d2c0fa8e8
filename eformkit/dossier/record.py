"""The dossier record: what the library writes for every accepted submission, versioned and schema-checked.

One record per receipt: the procedure code (mã TTHC), the form and its version, language, channel and
time; the subject and how sure the portal was of them; the values with, per prefilled value, where it
came from, whether it was verified and locked, and whether the citizen edited it; the attachments (uploaded,
or taken from the citizen's document store with its reference); correction requests; validation warnings;
and the reuse flags that Decision 766 indicators 4.3, 4.4, 4.5 and 3.3 count (see docs/dossier.md).

`build_record` takes what a portal already holds at an accepted post; `DossierRecord.from_json` reads a
record back and refuses an unknown `record_version` (`EFK-RECORD-001`) or a record that does not match
the published schema ``record.schema.json`` (`EFK-RECORD-002`, every problem with its JSON pointer).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from eformkit.dossier.errors import RecordError
from eformkit.pointers import MISSING, from_parts, get
from eformkit.prefill.identity import Identity
from eformkit.prefill.submission import SubmissionCheck
from eformkit.prefill.token import SignedValue, canonical_json
from eformkit.text import nfc

if TYPE_CHECKING:
    from eformkit.prefill.result import PrefillResult
    from eformkit.schema.form import Form
    from eformkit.schema.validation_report import ValidationReport

__all__ = [
    "CHANNELS",
    "POPULATION_SOURCES",
    "RECORD_VERSION",
    "SUPPORTED_VERSIONS",
    "Assurance",
    "Attachment",
    "CorrectionRequest",
    "DossierRecord",
    "RecordWarning",
    "Reuse",
    "SubjectRef",
    "ValueSource",
    "build_record",
    "check_version",
    "record_schema",
]

RECORD_VERSION = "1"
SUPPORTED_VERSIONS = frozenset({RECORD_VERSION})
# How the dossier was submitted; `online` is the national sync field KenhThucHien = 2 (indicator 3.3).
CHANNELS = ("online", "counter", "post")
# Connector names whose values are population-database data (indicator 4.5, flag MaCSDL).
POPULATION_SOURCES = frozenset({"population"})
_MAX_REASON = 500


@dataclass(frozen=True, slots=True)
class SubjectRef:
    """Whom the dossier is about and how they were identified (from the portal's signed session)."""

    personal_id: str
    assurance_level: int
    method: str


@dataclass(frozen=True, slots=True)
class Assurance:
    """The form's prefill requirement against the subject's level; `met` false means nothing was locked
    (policy ``unlock``) or nothing was fetched (policy ``skip``)."""

    required: int | None
    met: bool
    policy: str


@dataclass(frozen=True, slots=True)
class ValueSource:
    """Where one prefilled value came from, and what became of it."""

    pointer: str
    source: str
    attribute: str | None
    fetched_at: str | None
    verified: bool
    locked: bool
    edited: bool


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file of the dossier: uploaded by the citizen, or taken from the document store (`ref` is the
    store's reference). `verified` is true only for a store file that prefill itself offered."""

    pointer: str
    document_type: str | None
    origin: str
    ref: str | None
    verified: bool


@dataclass(frozen=True, slots=True)
class CorrectionRequest:
    """ "This value is wrong": the field, the citizen's reason, and the source that holds the value."""

    pointer: str
    reason: str
    source: str | None


@dataclass(frozen=True, slots=True)
class RecordWarning:
    """A validation warning the citizen submitted past (never quoting a value)."""

    pointer: str
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class Reuse:
    """The per-dossier flags of Decision 766 (docs/dossier.md maps each to its national sync field)."""

    reused_digitised_data: bool  # 4.3: ≥1 component from digitised data (HoSoCoThanhPhanSoHoa)
    store_file: bool  # 4.4: ≥1 file taken from the document store (DuocLayTuKhoDMQG)
    population_data: bool  # 4.5: population-database data used (MaCSDL)
    vneid_verified_account: bool  # 4.5: level-2 VNeID sign-in (TaiKhoanDuocXacThucVoiVNeID)
    online: bool  # 3.3: submitted online (KenhThucHien = 2)
    fields_prefilled: int
    fields_unedited: int
    fields_edited: int


@dataclass(frozen=True, slots=True)
class DossierRecord:
    """One accepted submission, as handed to the case-management system."""

    receipt_id: str
    procedure_code: str | None
    form_id: str
    form_version: str
    agency: str | None
    lang: str
    channel: str
    submitted_at: str
    subject: SubjectRef
    assurance: Assurance
    values: dict[str, Any]
    provenance: tuple[ValueSource, ...]
    attachments: tuple[Attachment, ...]
    corrections: tuple[CorrectionRequest, ...]
    warnings: tuple[RecordWarning, ...]
    reuse: Reuse
    record_version: str = field(default=RECORD_VERSION)

    def to_json(self) -> dict[str, Any]:
        """The record as a JSON-ready dict (the published schema's shape)."""
        out = asdict(self)
        # A fixed order, with what the indicators count ahead of `submitted_at`: their reader parses only
        # that head of each line (docs/dossier.md, "Reading many records").
        head = {"record_version": out.pop("record_version"), "receipt_id": out.pop("receipt_id"),
                "procedure_code": out.pop("procedure_code"),
                "form": {"id": out.pop("form_id"), "version": out.pop("form_version")},
                "agency": out.pop("agency"), "channel": out.pop("channel"), "reuse": out.pop("reuse"),
                "submitted_at": out.pop("submitted_at")}  # fmt: skip
        for name in ("provenance", "attachments", "corrections", "warnings"):
            out[name] = list(out[name])
        return {**head, **out}

    def dumps(self) -> str:
        """One compact JSON line (a records file holds one per line)."""
        return json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":"), allow_nan=False)

    @classmethod
    def from_json(cls, data: Any, *, file: str | None = None, line: int | None = None) -> DossierRecord:
        """Read a record back: its version first, then the schema (every problem located), then the model."""
        check_version(data, file=file, line=line)
        problems = sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
        if problems:
            detail = "; ".join(f"{from_parts(e.absolute_path) or '/'}: {e.message}" for e in problems[:10])
            first = from_parts(problems[0].absolute_path)
            raise RecordError("EFK-RECORD-002", detail, file=file, line=line, pointer=first)
        d = dict(data)
        form = d.pop("form")
        d.pop("record_version")
        return cls(
            record_version=data["record_version"],
            form_id=form["id"],
            form_version=form["version"],
            subject=SubjectRef(**d.pop("subject")),
            assurance=Assurance(**d.pop("assurance")),
            provenance=tuple(ValueSource(**v) for v in d.pop("provenance")),
            attachments=tuple(Attachment(**v) for v in d.pop("attachments")),
            corrections=tuple(CorrectionRequest(**v) for v in d.pop("corrections")),
            warnings=tuple(RecordWarning(**v) for v in d.pop("warnings")),
            reuse=Reuse(**d.pop("reuse")),
            **d,
        )

    @classmethod
    def loads(cls, text: str | bytes, *, file: str | None = None, line: int | None = None) -> DossierRecord:
        """Read one JSON record (`EFK-RECORD-003` when it is not JSON)."""
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise RecordError("EFK-RECORD-003", type(exc).__name__, file=file, line=line) from None
        return cls.from_json(data, file=file, line=line)


def check_version(data: Any, *, file: str | None = None, line: int | None = None) -> None:
    """Refuse anything that is not an object of a supported `record_version` (the one version rule)."""
    if not isinstance(data, dict):
        raise RecordError("EFK-RECORD-003", "a record is a JSON object", file=file, line=line)
    version = data.get("record_version")
    if version not in SUPPORTED_VERSIONS:
        shown = repr(version)[:20] if version is not None else "(none)"
        raise RecordError("EFK-RECORD-001", shown, file=file, line=line, pointer="/record_version",
                          supported=", ".join(sorted(SUPPORTED_VERSIONS)))  # fmt: skip


@cache
def record_schema() -> dict[str, Any]:
    """The published JSON Schema (2020-12) of a record, shipped as ``eformkit/dossier/record.schema.json``."""
    text = resources.files("eformkit.dossier").joinpath("record.schema.json").read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


@cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(record_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)


def build_record(
    form: Form,
    check: SubmissionCheck | ValidationReport,
    prefill: PrefillResult | None,
    *,
    identity: Identity,
    receipt_id: str,
    channel: str = "online",
    agency: str | None = None,
    lang: str = "vi",
    corrections: Sequence[Mapping[str, str]] = (),
    submitted_at: datetime | None = None,
    population_sources: Collection[str] = POPULATION_SOURCES,
) -> DossierRecord:
    """The record of one accepted submission.

    `check` is `check_submission`'s verdict (or, for a form posted without prefill, the validation report).
    With a verdict, everything about the prefilled values comes from the signed token: which values were
    offered and by which source, verified, locked, edited (the post against the signed digest), each
    value's attribute name and fetch time, and the level of assurance the page was prefilled at; `prefill`
    may then be None (no second read of the sources at submit time), and a source that is down or answers
    differently at submit time changes nothing. With a bare validation report nothing is locked, and a value
    counts as coming from a source only when the submitted value is that source's value in `prefill`.
    `identity` comes from the portal's signed session. `corrections` are ``{pointer, reason}`` requests
    (the reason NFC, cut at 500 characters, the length the schema allows).
    """
    if channel not in CHANNELS:
        raise ValueError(f"channel must be one of {', '.join(CHANNELS)}")
    if lang not in ("vi", "en"):
        raise ValueError("lang must be 'vi' or 'en'")
    if submitted_at is not None and submitted_at.utcoffset() is None:
        raise ValueError("submitted_at must carry its UTC offset (a naive time is ambiguous)")
    sources = prefill.provenance if prefill is not None else {}
    definition = form.definition
    required = definition.prefill_assurance
    if isinstance(check, SubmissionCheck):
        if not check.accepted:
            raise RecordError("EFK-RECORD-007", "token or validation refused it")
        data, report = check.data, check.report
        provenance = [_signed_source(p, v, sources.get(p)) for p, v in sorted(check.values.items())]
        # A verdict built by hand may lock a pointer without signed provenance: the lock stands, sourceless.
        provenance += [ValueSource(p, "", None, None, True, True, False) for p in sorted(check.locked)
                       if p not in check.values]  # fmt: skip
        met = identity.meets(required) if check.level is None else required is None or check.level >= required
    else:
        if not check.valid:
            raise RecordError("EFK-RECORD-007", "validation refused it")
        data, report = check.data, check
        offered = prefill.values if prefill is not None else {}
        # Validation rewrites some values canonically (phone numbers): the offered values, cleaned the same
        # way, tell such a rewrite from an edit by the citizen.
        cleaned = form.validate(prefill.data, lang).data if prefill is not None and offered else {}
        provenance = [_value_source(p, data, offered[p], get(cleaned, p), sources.get(p)) for p in offered]
        met = identity.meets(required)
    attachments = tuple(_attachments(form, data, {v.pointer: v for v in provenance}))
    by_pointer = {v.pointer: v.source or None for v in provenance}
    requests = tuple(
        CorrectionRequest(str(c.get("pointer", "")), nfc(str(c.get("reason", "")))[:_MAX_REASON],
                          by_pointer.get(str(c.get("pointer", ""))))
        for c in corrections
    )  # fmt: skip
    unedited = [v for v in provenance if v.verified and not v.edited]
    store = any(a.origin == "store" and a.verified for a in attachments)
    return DossierRecord(
        receipt_id=receipt_id,
        procedure_code=definition.procedure_code,
        form_id=form.id,
        form_version=definition.version,
        agency=agency,
        lang=lang,
        channel=channel,
        submitted_at=(submitted_at or datetime.now(timezone.utc)).isoformat(),
        subject=SubjectRef(identity.personal_id, identity.level, identity.method),
        assurance=Assurance(required, met, definition.prefill_below_assurance),
        values=json.loads(json.dumps(data, ensure_ascii=False)),  # a plain JSON copy the record owns
        provenance=tuple(provenance),
        attachments=attachments,
        corrections=requests,
        warnings=tuple(RecordWarning(w.pointer, w.code, w.message) for w in (report.warnings if report else [])),
        reuse=Reuse(
            reused_digitised_data=bool(unedited) or store,
            store_file=store,
            population_data=any(v.source in population_sources for v in unedited),
            vneid_verified_account=identity.vneid_verified,
            online=channel == "online",
            fields_prefilled=len(provenance),
            fields_unedited=sum(not v.edited for v in provenance),
            fields_edited=sum(v.edited for v in provenance),
        ),
    )


def _signed_source(pointer: str, signed: SignedValue, prov: Any) -> ValueSource:
    """A value's provenance from the token, attribute and fetch time included. A token that does not carry
    those (a verdict built by hand) takes them from the prefill at hand, only when it names the same source."""
    same = signed.attribute is None and prov is not None and prov.source == signed.source
    attribute = prov.attribute if same else signed.attribute
    fetched_at = prov.fetched_at.isoformat() if same else signed.fetched_at
    return ValueSource(pointer, signed.source, attribute, fetched_at, signed.verified, signed.locked,
                       signed.edited)  # fmt: skip


def _value_source(pointer: str, data: Any, offered: Any, cleaned: Any, prov: Any) -> ValueSource:
    submitted = get(data, pointer)
    edited = submitted is MISSING or canonical_json(submitted) not in (
        canonical_json(offered),
        b"" if cleaned is MISSING else canonical_json(cleaned),
    )
    if prov is None:
        return ValueSource(pointer, "", None, None, False, False, edited)
    return ValueSource(pointer, prov.source, prov.attribute, prov.fetched_at.isoformat(), prov.verified, False,
                       edited)  # fmt: skip


def _attachments(form: Form, data: Any, offered: Mapping[str, ValueSource]) -> list[Attachment]:
    out = []
    for f in form.fields():
        if f.type != "attachment" or f.in_table:
            continue
        value = get(data, f.pointer)
        if not isinstance(value, Mapping):
            continue
        posted_store = value.get("source") == "store"
        # Taken from the store only when prefill offered this very file and the post kept it unchanged.
        origin = offered.get(f.pointer)
        from_store = posted_store and origin is not None and not origin.edited
        ref = value.get("ref")
        out.append(Attachment(f.pointer, value.get("document_type"), "store" if posted_store else "upload",
                              None if ref is None else str(ref), from_store))  # fmt: skip
    return out
