"""The dossier: the record of an accepted submission, its 766 indicators, corrections, access log and storage.

The portal's calls, in order (docs/dossier.md): prefill with an `Identity` and an `AccessLog`; on an accepted
post, `build_record`, `DossierStorage.put_record` and `route_corrections`; show `FeedbackSink.of_subject` and
`AccessLog.entries_of` to the signed-in citizen; `eformkit indicators` over the exported records.
"""

from eformkit.dossier.access_log import AccessEntry, AccessLog, RelationResolver
from eformkit.dossier.errors import RecordError
from eformkit.dossier.feedback import (
    FeedbackItem,
    FeedbackSink,
    MemoryFeedbackSink,
    SqliteFeedbackSink,
    load_feedback_sink,
    route_corrections,
)
from eformkit.dossier.indicators import IndicatorReport, Ratio, compute, read_records
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
from eformkit.dossier.record_xml import from_xml, to_xml
from eformkit.dossier.storage import DossierStorage, SqliteStorage, StoredReceipt
from eformkit.prefill.identity import Identity

__all__ = [
    "RECORD_VERSION",
    "AccessEntry",
    "AccessLog",
    "Assurance",
    "Attachment",
    "CorrectionRequest",
    "DossierRecord",
    "DossierStorage",
    "FeedbackItem",
    "FeedbackSink",
    "Identity",
    "IndicatorReport",
    "MemoryFeedbackSink",
    "Ratio",
    "RecordError",
    "RecordWarning",
    "RelationResolver",
    "Reuse",
    "SqliteFeedbackSink",
    "SqliteStorage",
    "StoredReceipt",
    "SubjectRef",
    "ValueSource",
    "build_record",
    "compute",
    "from_xml",
    "load_feedback_sink",
    "read_records",
    "record_schema",
    "route_corrections",
    "to_xml",
]
