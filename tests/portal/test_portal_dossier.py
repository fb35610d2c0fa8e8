"""The portal wired to the dossier library (docs/dossier.md §7), through the real app: sign-in levels, the
record of each accepted post (JSON and XML), corrections routed to the feedback sink and their status shown
to the citizen, the access log (relatives' reads included), and a restart on the same database losing nothing."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from formsim import form_pairs
from portal_signin import sign_in

pytest.importorskip("starlette")
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from eformkit.dossier.record import DossierRecord
from eformkit.dossier.record_xml import from_xml
from eformkit.portal.app import create_app

ROOT = Path(__file__).resolve().parents[2]
CT01 = "/forms/vn.bca.ct01"
CC01 = "/forms/vn.bca.cc01"
FIX = {"request_kind": "permanent_registration", "signature:place": "Buôn Ma Thuột",
       "signature:date:d": "5", "signature:date:m": "2", "signature:date:y": "2025"}  # fmt: skip
KEY = b"dossier-portal-key-0123456789abc"


def _app(store: Path | str, key: bytes | None = KEY) -> Any:
    if not (ROOT / "forms" / "vn.bca.ct01.yaml").exists():
        pytest.skip("the catalogue is not in this checkout")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return create_app(template_dirs=[], key=key, store=store)


def _client(app: Any, index: int = 0, level: int = 2) -> TestClient:
    client = TestClient(app)
    assert sign_in(client, index, level=level).status_code == 303
    return client


def _post(client: TestClient, path: str, pairs: list[tuple[str, str]]) -> Any:
    return client.post(path, content=urlencode(pairs), follow_redirects=False,
                       headers={"content-type": "application/x-www-form-urlencoded"})  # fmt: skip


def _submit(client: TestClient, extra: list[tuple[str, str]] = ()) -> str:  # type: ignore[assignment]
    pairs = [(k, FIX.get(k, v)) for k, v in form_pairs(client.get(CT01).text)]
    r = _post(client, CT01, pairs + list(extra))
    assert r.status_code == 303, r.text[:2000]
    return str(r.headers["location"]).split("?")[0]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "PYTHONPATH")}
    return subprocess.run([sys.executable, "-m", "eformkit", *args], capture_output=True, text=True,
                          encoding="utf-8", timeout=120, check=False, env=env)  # fmt: skip


def test_a_level_1_sign_in_gets_no_locked_values_on_a_form_that_asks_for_level_2(tmp_path: Path) -> None:
    app = _app(tmp_path / "portal.sqlite")
    low, high = _client(app, level=1), _client(app, level=2)
    low_page, high_page = low.get(CT01).text, high.get(CT01).text
    assert "field--locked" in high_page and 'id="assurance-notice"' not in high_page
    assert "field--locked" not in low_page  # values offered, none locked
    assert 'id="assurance-notice"' in low_page and "mức 1" in low_page and "mức 2" in low_page
    assert dict(form_pairs(low_page)).get("full_name")  # still prefilled, for the citizen to check
    # The level lives in the session: a post cannot raise it, and the record says the level was not met.
    pairs = [(k, FIX.get(k, v)) for k, v in form_pairs(low_page)] + [("level", "2"), ("_level", "2")]
    r = _post(low, CT01, pairs)
    assert r.status_code == 303
    rid = str(r.headers["location"]).split("?")[0].rsplit("/", 1)[1]
    record = DossierRecord.from_json(low.get(f"/receipts/{rid}/record.json").json())
    assert record.subject.assurance_level == 1 and record.subject.method == "vneid"
    assert (record.assurance.required, record.assurance.met) == (2, False)
    assert not any(v.locked for v in record.provenance) and not record.reuse.vneid_verified_account


def test_each_accepted_post_leaves_a_record_offered_as_json_and_xml(tmp_path: Path) -> None:
    client = _client(_app(tmp_path / "portal.sqlite"))
    receipt = _submit(client)
    page = client.get(receipt).text
    assert 'id="record-json-link"' in page and 'id="record-xml-link"' in page
    record = DossierRecord.from_json(client.get(f"{receipt}/record.json").json())
    xml = client.get(f"{receipt}/record.xml")
    assert xml.headers["content-type"].startswith("application/xml")
    assert from_xml(xml.content) == record
    name = next(v for v in record.provenance if v.pointer == "/full_name")
    assert (name.source, name.verified, name.locked, name.edited) == ("population", True, True, False)
    assert record.assurance.met and record.reuse.vneid_verified_account and record.reuse.population_data
    other = _client(client.app, index=1)  # another citizen gets nothing of it
    assert other.get(f"{receipt}/record.json").status_code == 404
    assert other.get(f"{receipt}/record.xml").status_code == 404


def test_corrections_reach_the_feedback_sink_and_their_status_shows_to_the_citizen(tmp_path: Path) -> None:
    db = tmp_path / "portal.sqlite"
    client = _client(_app(db))
    page = client.get(CT01).text
    assert 'name="_flag" value="/full_name"' in page  # locked, prefilled
    assert 'name="_flag" value="/household_head_name"' in page  # prefilled, never locked (lock: never)
    receipt = _submit(client, [("_flag", "/full_name"), ("_reason/full_name", "Sai dấu tên đệm")])
    assert "Sai dấu tên đệm" in client.get(receipt).text
    listed = _cli("feedback", "list", "--db", str(db), "--format", "json")
    assert listed.returncode == 0, listed.stderr
    (item,) = json.loads(listed.stdout)
    assert (item["pointer"], item["source"], item["status"]) == ("/full_name", "population", "open")
    mine = client.get("/requests").text
    assert "Sai dấu tên đệm" in mine and "Đã tiếp nhận" in mine
    done = _cli("feedback", "set", item["id"], "in_review", "--note", "Đang đối chiếu sổ hộ tịch", "--db", str(db))
    assert done.returncode == 0, done.stderr
    mine = client.get("/requests").text
    assert 'data-status="in_review"' in mine and "Đang xem xét" in mine and "Đang đối chiếu sổ hộ tịch" in mine
    assert "Under review" in client.get("/requests?lang=en").text
    assert 'data-request' not in _client(client.app, index=1).get("/requests").text  # not another citizen's


def test_a_correction_on_an_unlocked_prefilled_value_is_routed_too(tmp_path: Path) -> None:
    db = tmp_path / "portal.sqlite"
    client = _client(_app(db), level=1)  # level 1 on CT01: every value offered, none locked
    _submit(client, [("_flag", "/full_name"), ("_reason/full_name", "Tên cũ")])
    listed = json.loads(_cli("feedback", "list", "--db", str(db), "--format", "json").stdout)
    assert [(i["pointer"], i["source"]) for i in listed] == [("/full_name", "population")]


def test_the_fathers_log_lists_the_read_made_through_his_sons_form(tmp_path: Path) -> None:
    app = _app(tmp_path / "portal.sqlite")
    citizens = app.state.portal.citizens()
    db = app.state.portal.db
    son = next(i for i, c in enumerate(citizens) if any(f == x["id"] for f in db.related(c["id"], "father")
                                                       for x in citizens))  # fmt: skip
    father_id = db.related(citizens[son]["id"], "father")[0]
    father = next(i for i, c in enumerate(citizens) if c["id"] == father_id)
    son_client = _client(app, son)
    assert son_client.get(CC01).status_code == 200  # the form reads the father's data
    log = _client(app, father).get("/access-log").text
    rows = re.findall(r'<tr data-role="([^"]+)" data-source="([^"]+)">(.*?)</tr>', log, re.S)
    theirs = [(role, source, cells) for role, source, cells in rows if role == "father"]
    assert any(source == "population" for _, source, _ in theirs), log[-3000:]
    assert all("identity-card-issuance" in cells for _, _, cells in theirs)  # purpose
    assert citizens[son]["id"] not in log and father_id not in log  # never an ID, never a value
    son_log = son_client.get("/access-log").text
    assert 'data-role="applicant"' in son_log


def test_a_restart_on_the_same_database_keeps_receipts_feedback_and_the_access_log(tmp_path: Path) -> None:
    db = tmp_path / "portal.sqlite"
    first = _app(db, key=None)  # the secret is made once, in a key file beside the database
    client = _client(first)
    receipt = _submit(client, [("_flag", "/full_name"), ("_reason/full_name", "Sai năm sinh")])
    reads = client.get("/access-log").text.count("<tr data-role")
    assert reads >= 1 and (tmp_path / "portal.sqlite.key").is_file()
    closed: list[str] = []

    async def aclose() -> None:
        closed.append("engine")

    first.state.portal.engine.aclose = aclose
    with client:  # the lifespan's shutdown closes the engine (its pooled clients) and the storage
        pass
    assert closed == ["engine"]
    with pytest.raises(sqlite3.ProgrammingError):
        first.state.portal.storage.get_receipt("x")
    restarted = _client(_app(db, key=None))  # a new app: new sessions, the same file and secret
    assert restarted.get(receipt).status_code == 200
    assert DossierRecord.from_json(restarted.get(f"{receipt}/record.json").json()).receipt_id == receipt.rsplit("/")[-1]
    assert "Sai năm sinh" in restarted.get("/requests").text
    assert restarted.get("/access-log").text.count("<tr data-role") >= reads


def test_an_accepted_post_reads_no_source_again_and_its_record_is_whole(tmp_path: Path) -> None:
    """Showing the form is one read of the citizen's data (logged); an accepted post is none: its record
    takes each value's source, attribute and fetch time from the page's signed token."""
    client = _client(_app(tmp_path / "portal.sqlite"))
    page = client.get(CT01).text
    reads = client.get("/access-log").text.count("<tr data-role")
    assert reads >= 1
    r = _post(client, CT01, [(k, FIX.get(k, v)) for k, v in form_pairs(page)])
    assert r.status_code == 303, r.text[:2000]
    assert client.get("/access-log").text.count("<tr data-role") == reads
    receipt = str(r.headers["location"]).split("?")[0]
    record = DossierRecord.from_json(client.get(f"{receipt}/record.json").json())
    name = next(v for v in record.provenance if v.pointer == "/full_name")
    assert (name.source, name.attribute, name.locked) == ("population", "full_name", True) and name.fetched_at
    # A page shown again after an error shows the registry's data again: that is a read, and logged.
    wrong = [(k, "" if k == "request_kind" else FIX.get(k, v)) for k, v in form_pairs(client.get(CT01).text)]
    assert _post(client, CT01, wrong).status_code == 422
    assert client.get("/access-log").text.count("<tr data-role") > reads
