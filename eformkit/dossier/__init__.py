"""The dossier: the record of an accepted submission, its reuse indicators, corrections, access log and storage."""

from eformkit.dossier.errors import RecordError
from eformkit.dossier.record import (
    RECORD_VERSION,
    Assurance,
    Attachment,
    CorrectionRequest,
    DossierRecord,
    RecordWarning,
    Reuse,
    SubjectRef,
    ValueSource,
    build_record,
    record_schema,
)

__all__ = [
    "RECORD_VERSION",
    "Assurance",
    "Attachment",
    "CorrectionRequest",
    "DossierRecord",
    "RecordError",
    "RecordWarning",
    "Reuse",
    "SubjectRef",
    "ValueSource",
    "build_record",
    "record_schema",
]
