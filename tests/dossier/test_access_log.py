"""The citizen's access log: a read of the father's data through the son's form is in the father's log."""

from __future__ import annotations

from pathlib import Path

import pytest

from eformkit.dossier.access_log import AccessLog
from eformkit.prefill.audit import MemorySink, SqliteSink
from eformkit.prefill.defaults import default_registry
from eformkit.prefill.embedded import default_db
from eformkit.prefill.engine import PrefillEngine
from eformkit.prefill.identity import Identity
from eformkit.prefill.registry_db import RegistryDB

from .conftest import FORMS, load

KEY = b"access-log-key-0123456789"
CC01 = next(p for p in FORMS if p.stem == "vn.bca.cc01")


def _son_and_father(db: RegistryDB) -> tuple[str, str]:
    for pid in db.person_ids():
        fathers = db.related(pid, "father")
        if fathers:
            return pid, fathers[0]
    raise AssertionError("the embedded registry holds no father")


def test_the_fathers_log_lists_the_read_made_through_his_sons_form(tmp_path: Path) -> None:
    db = default_db()
    son, father = _son_and_father(db)
    log = AccessLog(SqliteSink(tmp_path / "audit.sqlite"), key=KEY, reader="portal", relations=db.related)
    form = load(CC01)
    result = PrefillEngine(default_registry(), audit=log).prefill(form, Identity(son, 2, "vneid"))
    assert any(p.startswith("/father") for p in result.values)  # the form did read the father's data
    entries = log.entries_of(father)
    mine = [e for e in entries if e.form_id == form.id]
    assert mine and all(e.role == "father" for e in mine)  # every source asked about him, whatever it held
    (read,) = [e for e in mine if e.source == "population"]
    assert (read.role, read.source, read.reader, read.purpose) == ("father", "population", "portal",
                                                                   form.definition.purpose)  # fmt: skip
    assert "full_name" in read.data and all("." not in d for d in read.data)
    assert read.outcome == "ok" and read.at
    # names of data, never values; and nothing in it points at the son
    shown = repr(read.to_json())
    assert son not in shown and father not in shown
    assert all(str(v) not in shown for v in result.values.values() if isinstance(v, str) and len(v) > 3)
    # the son's own log still has the call, as the applicant
    assert any(e.role == "applicant" and e.form_id == form.id for e in log.entries_of(son))


def test_without_a_resolver_only_the_subject_is_credited() -> None:
    db = default_db()
    son, father = _son_and_father(db)
    log = AccessLog(MemorySink(), key=KEY)
    PrefillEngine(default_registry(), audit=log).prefill(load(CC01), son)
    assert log.entries_of(father) == [] and log.entries_of(son)


def test_a_failing_resolver_does_not_break_prefill() -> None:
    def broken(subject: str, relation: str) -> list[str]:
        raise RuntimeError("registry down")

    log = AccessLog(MemorySink(), key=KEY, relations=broken)
    son, _ = _son_and_father(default_db())
    with pytest.warns(UserWarning, match="unresolved"):
        result = PrefillEngine(default_registry(), audit=log).prefill(load(CC01), son)
    assert result.values and log.entries_of(son)
