"""The engine: data minimisation, roles, conversion, locks, conflicts, policies and concurrency."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import eformkit
from eformkit.prefill.audit import AuditLog, MemorySink
from eformkit.prefill.connectors.static import StaticConnector
from eformkit.prefill.engine import PrefillEngine
from eformkit.prefill.outcome import AttributeSpec, FetchRequest, FetchResult, Outcome, SubjectKind
from eformkit.prefill.registry import ConnectorRegistry

from .forms import FakeForm, bind

PID = "066190001234"
HEAD = "066060000002"
PERSON: dict[str, Any] = {
    "full_name": "Nguyễn Thị Hồng",
    "date_of_birth": "04/03/1990",
    "sex": "Nữ",
    "ethnicity": "Ê Đê",
    "religion": "none",
    "permanent_residence": {
        "detail": "Số 12 đường Lê Duẩn",
        "legacy": {"ward": "Phường Tân Lợi", "district": "Thành phố Buôn Ma Thuột", "province": "Tỉnh Đắk Lắk"},
    },
    "temporary_residence": {
        "detail": "Thôn 3",
        "legacy": {"ward": "Xã Ea BHốk", "district": "Huyện Cư Kuin", "province": "Đắk Lắk"},
    },
    "household_head": {"full_name": "Nguyễn Văn An", "personal_id": HEAD},
    "mother": {"full_name": "Trần Thị Lan", "date_of_birth": "1957"},
}


class Spy(StaticConnector):
    """Records every request it gets."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.requests: list[FetchRequest] = []

    async def fetch(self, request: FetchRequest) -> FetchResult:
        self.requests.append(request)
        return await super().fetch(request)


def _pop(**kw: Any) -> Spy:
    data = {PID: PERSON, HEAD: {"full_name": "Nguyễn Văn An"}, "079099000001": {"full_name": "Lê Văn Khác"}}
    return Spy("population", data, **kw)


def test_only_bound_attributes_are_requested() -> None:
    spy = _pop()
    form = FakeForm("f", [bind("/name", "applicant.full_name"), bind("/mother_name", "mother.full_name")])
    PrefillEngine(ConnectorRegistry([spy])).prefill(form, PID)
    (req,) = spy.requests
    assert req.attributes == {"full_name"} and dict(req.relations) == {"mother": {"full_name"}}
    assert req.purpose == "test-purpose" and req.form_id == "f"


def test_connectors_that_serve_nothing_are_not_called() -> None:
    spy, other = _pop(), Spy("other", {PID: {"occupation": "x"}})
    PrefillEngine(ConnectorRegistry([spy, other])).prefill(FakeForm("f", [bind("/n", "applicant.full_name")]), PID)
    assert len(spy.requests) == 1 and other.requests == []


def test_conversions_with_the_real_pack() -> None:
    pack = eformkit.load_pack("vn")
    form = FakeForm(
        "f",
        [
            bind("/dob", "applicant.date_of_birth", "date", precision=("day", "month", "year")),
            bind("/sex", "applicant.sex", "choice", list_name="sex"),
            bind("/ethnicity", "applicant.ethnicity", "choice", list_name="ethnicity"),
            bind("/home", "applicant.permanent_residence", "address"),
            bind("/temp", "applicant.temporary_residence", "address"),
            bind("/mother_year", "mother.date_of_birth", "date", precision=("year",)),
            bind("/mother_dob", "mother.date_of_birth", "date", precision=("day",)),
        ],
    )
    form.pack = pack  # type: ignore[attr-defined]
    result = PrefillEngine(ConnectorRegistry([_pop()])).prefill(form, PID)
    v = result.values
    assert v["/dob"] == "1990-03-04" and v["/sex"] == "female" and v["/ethnicity"] == "12"
    assert v["/home"] == {"detail": "Số 12 đường Lê Duẩn", "commune": "24133", "province": "66"}
    assert "/home" in result.locked  # an unambiguous conversion is exact
    assert "commune" not in v["/temp"] and "/temp" not in result.locked  # split ward: the citizen chooses
    note = next(n for n in result.notes if n.pointer == "/temp")
    assert {c["commune"] for c in note.candidates} == {"24544", "24561"}
    assert v["/mother_year"] == "1957"
    assert "/mother_dob" not in v and "/mother_dob" in result.to_type  # only the year is held


def test_locks_only_present_verified_values_bound_with_lock_verified() -> None:
    declared = StaticConnector("submissions", {PID: {"occupation": "Giáo viên"}}, verified=False)
    form = FakeForm(
        "f",
        [
            bind("/name", "applicant.full_name"),
            bind("/name_free", "applicant.full_name", lock="never"),
            bind("/job", "applicant.occupation"),
            bind("/email", "applicant.email"),
        ],
    )
    result = PrefillEngine(ConnectorRegistry([_pop(), declared])).prefill(form, PID)
    assert result.locked == {"/name"}
    assert result.values["/job"] == "Giáo viên" and not result.provenance["/job"].verified
    assert result.to_type == ["/email"]


def test_verified_source_wins_and_disagreement_is_a_conflict() -> None:
    other = StaticConnector("civil_status", {PID: {"full_name": "Nguyễn Thị Hồng Nhung"}})
    typed = StaticConnector("submissions", {PID: {"full_name": "Hồng"}}, verified=False)
    form = FakeForm("f", [bind("/name", "applicant.full_name")])
    result = PrefillEngine(ConnectorRegistry([typed, _pop(), other])).prefill(form, PID)
    assert result.values["/name"] == "Nguyễn Thị Hồng"
    (conflict,) = result.conflicts
    assert conflict.chosen == "population" and [s for s, _ in conflict.others] == ["civil_status"]
    assert "/name" not in result.locked  # sources disagree: shown, not locked


def test_person_identified_by_a_typed_personal_id() -> None:
    form = FakeForm(
        "f",
        [
            bind("/head/full_name", "household_head.full_name"),
            bind("/head/personal_id", "household_head.personal_id", "personal_id", lock="never"),
        ],
    )
    spy = _pop()
    engine = PrefillEngine(ConnectorRegistry([spy]))
    same = engine.prefill(form, PID, known={"head": {"personal_id": HEAD}})
    assert same.values["/head/full_name"] == "Nguyễn Văn An" and len(spy.requests) == 1
    other = engine.prefill(form, PID, known={"head": {"personal_id": "079099000001"}})
    assert other.values["/head/full_name"] == "Lê Văn Khác" and "/head/personal_id" not in other.values
    ref_request = spy.requests[-1]
    assert ref_request.subject == "079099000001" and ref_request.attributes == {"full_name"}  # name only


def test_attachment_satisfied_from_the_document_store() -> None:
    docs = StaticConnector(
        "documents",
        {
            PID: {
                "birth_certificate": {
                    "document": {"document_type": "birth_certificate", "source": "store", "ref": "kho://bc/1"}
                }
            }
        },
        specs={"birth_certificate": AttributeSpec("birth_certificate", "document", True, relation=True)},
        subject_kind=SubjectKind.DOCUMENT,
    )
    form = FakeForm(
        "f", [bind("/proof", "birth_certificate.file_ref", "attachment", document_type="birth_certificate")]
    )
    result = PrefillEngine(ConnectorRegistry([docs])).prefill(form, PID)
    assert result.values["/proof"] == {"document_type": "birth_certificate", "source": "store", "ref": "kho://bc/1"}


def test_sources_run_concurrently_with_per_call_deadlines() -> None:
    slow = [StaticConnector(f"s{i}", {PID: {f"a{i}": "x"}}, delay=0.05) for i in range(3)]
    stuck = StaticConnector("stuck", {PID: {"a9": "x"}}, delay=5.0)
    form = FakeForm("f", [bind(f"/a{i}", f"applicant.a{i}") for i in (0, 1, 2, 9)])
    engine = PrefillEngine(ConnectorRegistry([*slow, stuck]), deadline=0.2)
    start = time.perf_counter()
    result = engine.prefill(form, PID)
    elapsed = time.perf_counter() - start
    assert elapsed < 0.45, elapsed  # ≈ the deadline, not 0.15 + 5 s
    assert result.outcome_of("stuck") is Outcome.TIMEOUT and "/a9" in result.to_type
    assert all(result.values[f"/a{i}"] == "x" for i in range(3))


def test_sync_connectors_and_crashing_plugins() -> None:
    class SyncSource:
        name = "sync"
        subject_kind = SubjectKind.PERSON

        def attributes(self) -> dict[str, AttributeSpec]:
            return {"occupation": AttributeSpec("occupation")}

        def fetch(self, request: FetchRequest) -> FetchResult:
            return StaticResult

    class Crashing(StaticConnector):
        async def fetch(self, request: FetchRequest) -> FetchResult:
            raise RuntimeError("secret 066190001234")

    from eformkit.prefill.outcome import Provenance, Value, utcnow

    StaticResult = FetchResult.ok({"occupation": Value("Kỹ sư", Provenance("sync", "occupation", utcnow(), True))})
    sink = MemorySink()
    form = FakeForm("f", [bind("/job", "applicant.occupation"), bind("/n", "applicant.full_name")])
    engine = PrefillEngine(
        ConnectorRegistry([SyncSource(), Crashing("crash", {PID: {"full_name": "x"}})]),
        audit=AuditLog(sink, key=b"k" * 16),
    )
    result = engine.prefill(form, PID)
    assert result.values["/job"] == "Kỹ sư"
    assert result.outcome_of("crash") is Outcome.UNAVAILABLE
    assert "066190001234" not in str(result.outcomes) and "066190001234" not in str(sink.events)


def test_run_inside_a_running_loop() -> None:
    form = FakeForm("f", [bind("/name", "applicant.full_name")])
    engine = PrefillEngine(ConnectorRegistry([_pop()]))

    async def main() -> str:
        return str((await engine.run(form, PID)).values["/name"])

    assert asyncio.run(main()) == "Nguyễn Thị Hồng"


def test_audit_answers_who_read_what_for_which_form() -> None:
    sink = MemorySink()
    audit = AuditLog(sink, key=b"k" * 16, reader="cong-an-xa-ea-tu")
    engine = PrefillEngine(ConnectorRegistry([_pop()]), audit=audit)
    engine.prefill(FakeForm("vn.bca.ct01", [bind("/n", "applicant.full_name")], purpose="residence"), PID)
    (event,) = audit.reads_of(PID)
    assert (event.reader, event.connector, event.form_id, event.purpose) == (
        "cong-an-xa-ea-tu",
        "population",
        "vn.bca.ct01",
        "residence",
    )
    assert event.attributes == ("full_name",) and event.subject != PID
    assert audit.reads_of(HEAD) == []
