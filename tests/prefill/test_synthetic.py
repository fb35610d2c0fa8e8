"""The synthetic Vietnamese registry: deterministic, realistic, and consistent with the pack's rules."""

from __future__ import annotations

import unicodedata
from collections import Counter

import eformkit
from eformkit.packs.vn import admin_units
from eformkit.packs.vn.personal_id import consistency, parse_personal_id
from eformkit.packs.vn.synthetic import build
from eformkit.packs.vn.tax_code import validate_tax_code
from eformkit.prefill.registry_db import RegistryDB


def _codes(name: str) -> set[str]:
    return set(eformkit.load_pack("vn").lists[name].values())


def test_same_seed_same_citizens_other_seed_others() -> None:
    a, b, c = RegistryDB.memory(), RegistryDB.memory(), RegistryDB.memory()
    build(a, 150, seed=5)
    build(b, 150, seed=5)
    build(c, 150, seed=6)
    assert [a.person(p) for p in a.person_ids()] == [b.person(p) for p in b.person_ids()]
    assert a.person_ids() != c.person_ids() or [a.person(p) for p in a.person_ids()] != [
        c.person(p) for p in c.person_ids()
    ]


def test_people_are_valid_and_consistent(registry_db: RegistryDB) -> None:
    lists = {
        n: _codes(n)
        for n in (
            "sex",
            "ethnicity",
            "religion",
            "nationality",
            "marital_status",
            "blood_type",
            "relationship_to_household_head",
            "id_document_kind",
        )
    }
    for pid in registry_db.person_ids():
        person = registry_db.person(pid)
        assert person is not None
        info = parse_personal_id(pid)
        year = int(person["date_of_birth"][:4])
        assert consistency(info, birth_year=year, female=person["sex"] == "female") == []
        assert unicodedata.is_normalized("NFC", person["full_name"]) and len(person["full_name"].split()) >= 2
        for attr in (
            "sex",
            "ethnicity",
            "religion",
            "nationality",
            "marital_status",
            "blood_type",
            "relationship_to_household_head",
        ):
            if attr in person:
                assert person[attr] in lists[attr], (attr, person[attr])
        for card in person.get("id_cards", []):
            assert card["kind"] in lists["id_document_kind"] and card["number"] == pid
        for kind in ("permanent_residence", "current_residence"):
            address = person.get(kind)
            if address and address.get("commune_code"):
                unit = admin_units.commune(address["commune_code"])
                assert unit is not None and unit.province_code == address["province_code"]


def test_population_looks_like_dak_lak(registry_db: RegistryDB) -> None:
    rows = registry_db.conn.execute("SELECT ethnicity, full_name, date_of_birth FROM persons").fetchall()
    ethnic = Counter(r[0] for r in rows)
    assert ethnic["01"] / len(rows) > 0.5 and ethnic["12"] > 0  # mostly Kinh, Ê Đê present
    assert {"10", "20"} & set(ethnic)  # Gia Rai or M'nông
    families = Counter(r[1].split()[0] for r in rows if r[0] == "01")
    assert families.most_common(1)[0][0] == "Nguyễn"
    assert any(len(r[2]) == 4 for r in rows)  # some year-only birth dates
    provinces = Counter(
        r[0]
        for r in registry_db.conn.execute(
            "SELECT province_code FROM addresses WHERE kind = 'permanent_residence' AND province_code IS NOT NULL"
        )
    )
    assert provinces.most_common(1)[0][0] == "66" and len(provinces) > 2
    legacy = registry_db.conn.execute(
        "SELECT COUNT(*) FROM addresses WHERE kind = 'permanent_residence' AND commune_code IS NULL"
    ).fetchone()[0]
    assert legacy > 0  # some citizens still hold a pre-2025 address


def test_relations_documents_and_businesses(registry_db: RegistryDB) -> None:
    ids = registry_db.person_ids()
    with_parents = [p for p in ids if registry_db.related(p, "father")]
    assert with_parents
    child = with_parents[0]
    father = registry_db.related(child, "father")[0]
    assert child in registry_db.related(father, "children")
    spouses = [p for p in ids if registry_db.related(p, "spouse")]
    assert spouses and registry_db.related(registry_db.related(spouses[0], "spouse")[0], "spouse") == [spouses[0]]
    for pid in ids[:50]:
        members = registry_db.related(pid, "household_members")
        if members:
            assert registry_db.related(pid, "household_head")[0] == members[0]
            assert registry_db.person(members[0])["relationship_to_household_head"] == "head"  # type: ignore[index]
    types = {r[0] for r in registry_db.conn.execute("SELECT DISTINCT type FROM documents")}
    assert {
        "birth_certificate",
        "marriage_certificate",
        "health_insurance_card",
        "household_business_registration",
    } <= types
    for (code,) in registry_db.conn.execute("SELECT tax_code FROM businesses"):
        assert validate_tax_code(code) == code


def test_embedded_default_builds_on_first_use(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from eformkit.prefill import embedded

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv(embedded.REGISTRY_ENV, raising=False)
    monkeypatch.setattr(embedded, "DEFAULT_CITIZENS", 60)
    path = embedded.default_db_path()
    assert not path.exists() and str(tmp_path) in str(path)
    db = embedded.default_db()
    assert path.exists() and len(db.person_ids()) >= 60
    assert embedded.default_db() is db  # opened once per process
