"""The embedded registry: a country-neutral SQLite schema for persons, households, documents, businesses.

It stands in for the authoritative sources (a population database, a document store, a business
registry, a store of previous submissions) so prefill works right after install and tests run with
real SQL instead of dict fixtures. A country pack fills it (the Vietnamese generator lives in
`eformkit.packs.vn.synthetic`); the bundled connectors read it.

Dates are ISO text and may be partial ("1957" when only the year is known). Addresses keep the
pre-reform (legacy) units beside the current ones, because old records are not converted in place.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

__all__ = ["PERSON_COLUMNS", "SCHEMA_VERSION", "RegistryDB"]

SCHEMA_VERSION = 1

# Person attributes stored as plain columns (names follow the pack vocabulary).
PERSON_COLUMNS = (
    "personal_id",
    "full_name",
    "date_of_birth",
    "sex",
    "place_of_birth",
    "native_place",
    "ethnicity",
    "religion",
    "nationality",
    "blood_type",
    "old_id_number_9",
    "marital_status",
    "mobile_phone",
    "email",
    "occupation",
    "residence_file_number",
    "date_of_death_or_missing",
)

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS persons ({
    ", ".join(c + " TEXT" + (" PRIMARY KEY" if c == "personal_id" else "") for c in PERSON_COLUMNS)
});
CREATE TABLE IF NOT EXISTS names (
  person_id TEXT NOT NULL REFERENCES persons, kind TEXT NOT NULL, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS addresses (
  person_id TEXT NOT NULL REFERENCES persons, kind TEXT NOT NULL, detail TEXT, commune_code TEXT,
  province_code TEXT, legacy_ward TEXT, legacy_district TEXT, legacy_province TEXT, as_of TEXT);
CREATE TABLE IF NOT EXISTS relationships (
  person_id TEXT NOT NULL REFERENCES persons, kind TEXT NOT NULL, other_id TEXT NOT NULL REFERENCES persons);
CREATE TABLE IF NOT EXISTS households (id TEXT PRIMARY KEY, head_id TEXT NOT NULL REFERENCES persons);
CREATE TABLE IF NOT EXISTS household_members (
  household_id TEXT NOT NULL REFERENCES households, person_id TEXT NOT NULL REFERENCES persons,
  relationship TEXT NOT NULL, position INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS id_cards (
  person_id TEXT NOT NULL REFERENCES persons, kind TEXT NOT NULL, number TEXT NOT NULL, issue_date TEXT,
  issue_place TEXT, expiry_date TEXT);
CREATE TABLE IF NOT EXISTS documents (
  id INTEGER PRIMARY KEY, person_id TEXT NOT NULL REFERENCES persons, type TEXT NOT NULL, number TEXT,
  book_number TEXT, issue_date TEXT, issuer TEXT, valid_until TEXT, fields TEXT NOT NULL DEFAULT '{{}}',
  file_ref TEXT);
CREATE TABLE IF NOT EXISTS businesses (
  tax_code TEXT PRIMARY KEY, name TEXT NOT NULL, legal_form TEXT, owner_id TEXT REFERENCES persons,
  registration_number TEXT, registration_date TEXT, detail TEXT, commune_code TEXT, province_code TEXT,
  phone TEXT, capital INTEGER, main_business_line TEXT, main_business_line_code TEXT, start_date TEXT,
  employee_count INTEGER);
CREATE TABLE IF NOT EXISTS submissions (
  id INTEGER PRIMARY KEY, person_id TEXT NOT NULL, form_id TEXT NOT NULL, submitted_at TEXT NOT NULL,
  data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS ix_names ON names(person_id);
CREATE INDEX IF NOT EXISTS ix_addresses ON addresses(person_id);
CREATE INDEX IF NOT EXISTS ix_rel ON relationships(person_id, kind);
CREATE INDEX IF NOT EXISTS ix_rel_other ON relationships(other_id, kind);
CREATE INDEX IF NOT EXISTS ix_members ON household_members(person_id);
CREATE INDEX IF NOT EXISTS ix_members_hh ON household_members(household_id);
CREATE INDEX IF NOT EXISTS ix_cards ON id_cards(person_id);
CREATE INDEX IF NOT EXISTS ix_docs ON documents(person_id, type);
CREATE INDEX IF NOT EXISTS ix_biz_owner ON businesses(owner_id);
CREATE INDEX IF NOT EXISTS ix_subs ON submissions(person_id, form_id);
"""

_BUSINESS_COLUMNS = (
    "tax_code", "name", "legal_form", "owner_id", "registration_number", "registration_date", "detail",
    "commune_code", "province_code", "phone", "capital", "main_business_line", "main_business_line_code",
    "start_date", "employee_count",
)  # fmt: skip

_ADDRESS_COLUMNS = ("detail", "commune_code", "province_code")

# Relations stored one way; the reverse kind is derived on read (a child's "father" row makes the
# father's "children").
_REVERSE = {"children": ("father", "mother"), "represented_persons": ("legal_representative",)}


def _address(row: sqlite3.Row) -> dict[str, Any]:
    address: dict[str, Any] = {
        "detail": row["detail"],
        "commune_code": row["commune_code"],
        "province_code": row["province_code"],
        "as_of": row["as_of"],
    }
    if row["legacy_ward"] or row["legacy_district"] or row["legacy_province"]:
        address["legacy"] = {
            "ward": row["legacy_ward"],
            "district": row["legacy_district"],
            "province": row["legacy_province"],
        }
    return address


class RegistryDB:
    """A connection to one registry database; reads are cheap, local and thread-safe (read-only use)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        conn.row_factory = sqlite3.Row
        self.conn = conn

    @classmethod
    def open(cls, path: str | Path, *, create: bool = False) -> RegistryDB:
        """Open `path` (creating the schema when `create`); reading never writes."""
        if not create and not Path(path).exists():
            raise FileNotFoundError(f"no registry database at {path}")
        conn = sqlite3.connect(str(path), check_same_thread=False)
        db = cls(conn)
        if create:
            conn.executescript(_SCHEMA)
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        return db

    @classmethod
    def memory(cls) -> RegistryDB:
        """A fresh in-memory database with the schema (tests)."""
        return cls.open(":memory:", create=True)

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def meta(self, key: str) -> str | None:
        """A metadata value (generator, seed, size, schema_version)."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    # ---- writing (used by generators and the submissions store) ----

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def add_person(self, record: Mapping[str, Any]) -> None:
        """Insert one person; keys are `PERSON_COLUMNS`, plus optional `other_names` (list)."""
        self.conn.execute(
            f"INSERT INTO persons VALUES ({', '.join('?' * len(PERSON_COLUMNS))})",
            [record.get(c) for c in PERSON_COLUMNS],
        )
        for name in record.get("other_names") or ():
            self.conn.execute("INSERT INTO names VALUES (?, 'other', ?)", (record["personal_id"], name))

    def add_address(self, person_id: str, kind: str, address: Mapping[str, Any]) -> None:
        """Insert an address of `kind` (permanent_residence, temporary_residence, …)."""
        legacy = address.get("legacy") or {}
        self.conn.execute(
            "INSERT INTO addresses VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (person_id, kind, address.get("detail"), address.get("commune_code"), address.get("province_code"),
             legacy.get("ward"), legacy.get("district"), legacy.get("province"), address.get("as_of")),
        )  # fmt: skip

    def add_relationship(self, person_id: str, kind: str, other_id: str) -> None:
        """Record that `other_id` is the `kind` (father, mother, spouse, legal_representative) of `person_id`."""
        self.conn.execute("INSERT INTO relationships VALUES (?, ?, ?)", (person_id, kind, other_id))

    def add_household(self, household_id: str, members: Iterable[tuple[str, str]]) -> None:
        """Insert a household; `members` are (personal_id, relationship code), the head first."""
        rows = list(members)
        self.conn.execute("INSERT INTO households VALUES (?, ?)", (household_id, rows[0][0]))
        self.conn.executemany(
            "INSERT INTO household_members VALUES (?, ?, ?, ?)",
            [(household_id, pid, rel, i) for i, (pid, rel) in enumerate(rows)],
        )

    def add_id_card(self, person_id: str, card: Mapping[str, Any]) -> None:
        self.conn.execute(
            "INSERT INTO id_cards VALUES (?, ?, ?, ?, ?, ?)",
            (person_id, card["kind"], card["number"], card.get("issue_date"), card.get("issue_place"),
             card.get("expiry_date")),
        )  # fmt: skip

    def add_document(self, person_id: str, doc: Mapping[str, Any]) -> None:
        self.conn.execute(
            "INSERT INTO documents (person_id, type, number, book_number, issue_date, issuer, valid_until, fields,"
            " file_ref) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (person_id, doc["type"], doc.get("number"), doc.get("book_number"), doc.get("issue_date"),
             doc.get("issuer"), doc.get("valid_until"), json.dumps(doc.get("fields") or {}, ensure_ascii=False),
             doc.get("file_ref")),
        )  # fmt: skip

    def add_business(self, business: Mapping[str, Any]) -> None:
        self.conn.execute(
            f"INSERT INTO businesses VALUES ({', '.join('?' * len(_BUSINESS_COLUMNS))})",
            [business.get(c) for c in _BUSINESS_COLUMNS],
        )

    def add_submission(self, person_id: str, form_id: str, submitted_at: str, data: Mapping[str, Any]) -> None:
        """Remember what a citizen typed (offered back next time, never locked)."""
        self.conn.execute(
            "INSERT INTO submissions (person_id, form_id, submitted_at, data) VALUES (?, ?, ?, ?)",
            (person_id, form_id, submitted_at, json.dumps(data, ensure_ascii=False, sort_keys=True)),
        )
        self.conn.commit()

    def commit(self) -> None:
        self.conn.commit()

    # ---- reading ----

    def person_ids(self, limit: int | None = None) -> list[str]:
        """Personal IDs in insertion order."""
        sql = "SELECT personal_id FROM persons ORDER BY rowid" + (f" LIMIT {int(limit)}" if limit else "")
        return [r[0] for r in self.conn.execute(sql)]

    def people(self, name: str | None = None, limit: int | None = 20) -> list[dict[str, Any]]:
        """Personal ID, full name, date of birth and sex of the people held, in insertion order; with `name`,
        only those whose full name contains it, diacritics and case aside ("tran van" finds "Trần Văn Đức")."""
        from eformkit.text import fold

        wanted = fold(name) if name else ""
        out: list[dict[str, Any]] = []
        for row in self.conn.execute("SELECT personal_id, full_name, date_of_birth, sex FROM persons ORDER BY rowid"):
            if wanted and wanted not in fold(row["full_name"] or ""):
                continue
            out.append(dict(row))
            if limit is not None and len(out) >= limit:
                break
        return out

    def person(self, personal_id: str) -> dict[str, Any] | None:
        """The person's own attributes, addresses (by kind), id cards and other names; None if not held."""
        row = self.conn.execute("SELECT * FROM persons WHERE personal_id = ?", (personal_id,)).fetchone()
        if row is None:
            return None
        record: dict[str, Any] = {k: v for k, v in dict(row).items() if v is not None}
        names = [r[0] for r in self.conn.execute("SELECT name FROM names WHERE person_id = ?", (personal_id,))]
        if names:
            record["other_names"] = names
        for a in self.conn.execute("SELECT * FROM addresses WHERE person_id = ? ORDER BY rowid", (personal_id,)):
            record[a["kind"]] = _address(a)
        cards = self.conn.execute(
            "SELECT kind, number, issue_date, issue_place, expiry_date FROM id_cards WHERE person_id = ?"
            " ORDER BY issue_date DESC",
            (personal_id,),
        ).fetchall()
        if cards:
            record["id_cards"] = [dict(c) for c in cards]
        member = self.conn.execute(
            "SELECT relationship FROM household_members WHERE person_id = ?", (personal_id,)
        ).fetchone()
        if member is not None:
            record["relationship_to_household_head"] = member[0]
        return record

    def related(self, personal_id: str, kind: str) -> list[str]:
        """Personal IDs related to `personal_id` as `kind` (father, mother, spouse, children, household_head,
        household_members, legal_representative, represented_persons), in a stable order."""
        if kind in ("household_head", "household_members"):
            hh = self.conn.execute(
                "SELECT household_id FROM household_members WHERE person_id = ?", (personal_id,)
            ).fetchone()
            if hh is None:
                return []
            if kind == "household_head":
                return [r[0] for r in self.conn.execute("SELECT head_id FROM households WHERE id = ?", (hh[0],))]
            sql = "SELECT person_id FROM household_members WHERE household_id = ? ORDER BY position"
            return [r[0] for r in self.conn.execute(sql, (hh[0],))]
        if kind in _REVERSE:
            marks = ", ".join("?" * len(_REVERSE[kind]))
            sql = f"SELECT person_id FROM relationships WHERE other_id = ? AND kind IN ({marks}) ORDER BY rowid"
            return [r[0] for r in self.conn.execute(sql, (personal_id, *_REVERSE[kind]))]
        sql = "SELECT other_id FROM relationships WHERE person_id = ? AND kind = ? ORDER BY rowid"
        return [r[0] for r in self.conn.execute(sql, (personal_id, kind))]

    def household_relationship(self, personal_id: str) -> str | None:
        row = self.conn.execute("SELECT relationship FROM household_members WHERE person_id = ?", (personal_id,))
        found = row.fetchone()
        return None if found is None else str(found[0])

    def documents(self, personal_id: str, doc_type: str | None = None) -> list[dict[str, Any]]:
        """Documents held for `personal_id` (newest first), with extracted `fields` decoded."""
        sql = "SELECT * FROM documents WHERE person_id = ?" + (" AND type = ?" if doc_type else "")
        args = (personal_id, doc_type) if doc_type else (personal_id,)
        out = []
        for row in self.conn.execute(sql + " ORDER BY issue_date DESC, id DESC", args):
            doc = {k: v for k, v in dict(row).items() if v is not None and k not in ("id", "person_id")}
            doc["fields"] = json.loads(row["fields"])
            out.append(doc)
        return out

    def business(self, tax_code: str) -> dict[str, Any] | None:
        """The business registered under `tax_code`."""
        row = self.conn.execute("SELECT * FROM businesses WHERE tax_code = ?", (tax_code,)).fetchone()
        return None if row is None else self._business(row)

    def businesses_of(self, personal_id: str) -> list[dict[str, Any]]:
        """Businesses owned by `personal_id`, newest registration first."""
        sql = "SELECT * FROM businesses WHERE owner_id = ? ORDER BY registration_date DESC"
        return [self._business(r) for r in self.conn.execute(sql, (personal_id,))]

    @staticmethod
    def _business(row: sqlite3.Row) -> dict[str, Any]:
        biz = {k: v for k, v in dict(row).items() if v is not None and k not in _ADDRESS_COLUMNS}
        biz["address"] = {"detail": row["detail"], "commune_code": row["commune_code"],
                          "province_code": row["province_code"]}  # fmt: skip
        return biz

    def submissions(self, personal_id: str, form_id: str | None = None) -> list[dict[str, Any]]:
        """Previous submissions of `personal_id` (newest first), data decoded."""
        sql = "SELECT form_id, submitted_at, data FROM submissions WHERE person_id = ?"
        args: tuple[str, ...] = (personal_id,)
        if form_id:
            sql, args = sql + " AND form_id = ?", (personal_id, form_id)
        rows = self.conn.execute(sql + " ORDER BY submitted_at DESC, id DESC", args)
        return [{"form_id": r[0], "submitted_at": r[1], "data": json.loads(r[2])} for r in rows]
