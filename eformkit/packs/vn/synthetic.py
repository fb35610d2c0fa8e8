"""Deterministic synthetic Vietnamese citizens for the embedded registry.

`build(db, citizens=N, seed=S)` fills a `RegistryDB` with families: grandparents' households and
their adult children's households with spouses and children, so father, mother, spouse, children,
household head and members all resolve. Everything comes from one `random.Random(seed)`, so the same
seed always gives the same people. Values are the pack's list codes (sex male/female, ethnicity
"01".."54", …); personal IDs are valid 12-digit numbers consistent with birth year and sex; tax codes
carry a valid check digit; addresses use the 2025 two-level units, and some people still hold a
pre-2025 (three-level) address that was never converted.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from eformkit.packs.vn import admin_units
from eformkit.packs.vn.names import (
    BUSINESS_LINES,
    EDE_CLANS,
    ETHNICITY_DAKLAK,
    FAMILY_NAMES,
    GIVEN_FEMALE,
    GIVEN_MALE,
    JRAI_CLANS,
    LEGACY_DAKLAK,
    MIDDLE_FEMALE,
    MIDDLE_MALE,
    MIGRANT_PREFIXES,
    MINORITY_GIVEN,
    MNONG_CLANS,
    OCCUPATIONS,
    RELIGION,
    STREETS,
    VILLAGE_PREFIXES,
)
from eformkit.packs.vn.personal_id import make_personal_id, parse_personal_id
from eformkit.packs.vn.tax_code import make_tax_code
from eformkit.prefill.registry_db import RegistryDB

__all__ = ["GENERATOR_VERSION", "build"]

GENERATOR_VERSION = "3"
TODAY = (2026, 6, 1)  # a fixed "today" keeps ages (and so the whole registry) independent of the clock

# 2025 province code → (weight, birth-registration prefixes of its pre-2025 provinces)
_PROVINCES: dict[str, tuple[int, tuple[str, ...]]] = {
    "66": (70, ("066", "066", "066", "054")),  # Đắk Lắk (with the former Phú Yên)
    "01": (6, ("001",)),
    "79": (6, ("079", "074", "077")),
    "52": (5, ("064", "052")),
    "68": (5, ("068", "067", "060")),
    "48": (4, ("048", "049")),
    "40": (4, ("040",)),
}


def _card_expiry(year: int, dob: str, age: int) -> str | None:
    """Cards are renewed at 25, 40 and 60; one issued after 60 never expires."""
    if age >= 60:
        return None
    renew_at = 25 if age < 25 else 40 if age < 40 else 60
    return f"{year + renew_at}-{dob[5:] or '01-01'}"


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([k for k, _ in weighted], [w for _, w in weighted])[0]


@dataclass
class _Person:
    pid: str
    female: bool
    year: int
    family: str
    ethnicity: str
    record: dict[str, Any] = field(default_factory=dict)


class _Builder:
    def __init__(self, db: RegistryDB, seed: int) -> None:
        self.db = db
        self.rng = random.Random(seed)
        self.serial = 0
        self.hh = 0
        self.legacy = [(w, d) for w, d in LEGACY_DAKLAK if admin_units.convert_legacy(w, d, "Đắk Lắk")]
        self.communes = {p: admin_units.communes(p) for p in _PROVINCES}

    # ---- people ----
    def name(self, female: bool, family: str, ethnicity: str) -> str:
        rng = self.rng
        if ethnicity in ("12", "20"):  # Ê Đê / M'nông: "Y Bih Niê", "H'Hen Mlô"
            return f"{'H' if female else 'Y'}{chr(39) if female else ' '}{rng.choice(MINORITY_GIVEN)} {family}"
        if ethnicity == "10":  # Gia Rai: clan first
            return f"{family} {'H' + chr(39) if female else ''}{rng.choice(MINORITY_GIVEN)}"
        middle = rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE)
        return f"{family} {middle} {rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)}"

    def family_name(self, ethnicity: str) -> str:
        clans = {"12": EDE_CLANS, "20": MNONG_CLANS, "10": JRAI_CLANS}.get(ethnicity)
        return self.rng.choice(clans) if clans else _pick(self.rng, FAMILY_NAMES)

    def person(self, *, female: bool, year: int, family: str, ethnicity: str, province: str) -> _Person:
        rng = self.rng
        self.serial += 1
        prefix = rng.choice(_PROVINCES[province][1]) if rng.random() < 0.85 else rng.choice(MIGRANT_PREFIXES)
        pid = make_personal_id(prefix, female, year, self.serial)
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        dob = f"{year}" if year < 1960 and rng.random() < 0.3 else f"{year}-{month:02d}-{day:02d}"
        age = TODAY[0] - year
        religions = RELIGION.get(ethnicity, (("none", 70), ("protestantism", 20), ("catholicism", 10)))
        rec: dict[str, Any] = {
            "personal_id": pid,
            "full_name": self.name(female, family, ethnicity),
            "date_of_birth": dob,
            "sex": "female" if female else "male",
            "ethnicity": ethnicity,
            "religion": _pick(rng, religions),
            "nationality": "VN",
            "native_place": parse_personal_id(pid).legacy_province,  # the family's home province
            "place_of_birth": f"Trạm Y tế {rng.choice(self.communes[province]).name}",
            "marital_status": "single",
        }
        if rng.random() < 0.3:
            rec["blood_type"] = rng.choice(("A", "B", "AB", "O", "O"))
        if age >= 16:
            rec["mobile_phone"] = f"0{rng.choice('389')}{rng.randint(10_000_000, 99_999_999)}"
            if rng.random() < 0.4:
                rec["email"] = f"user{self.serial:05d}@example.vn"
            rec["occupation"] = rng.choice([o for o, min_age in OCCUPATIONS if age >= min_age] or ["Học sinh"])
        else:
            rec["occupation"] = "Học sinh" if age >= 6 else None
        if year < 1995 and rng.random() < 0.7:
            rec["old_id_number_9"] = f"{24 + rng.randint(0, 1)}{rng.randint(1_000_000, 9_999_999)}"
        if rng.random() < 0.05:
            rec["other_names"] = [rng.choice(("Bé", "Tí", "Út", "Cu"))]
        self.db.add_person(rec)
        self.db.add_address(pid, "birth_registration_place", self.birth_place(pid, dob))
        if age >= 14:
            card_2024 = rng.random() < 0.4
            issue = f"{2024 if card_2024 else 2021}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            issue = max(issue, "2024-07-01") if card_2024 else issue
            self.db.add_id_card(
                pid,
                {
                    "kind": "id_card" if card_2024 else "citizen_id_card",
                    "number": pid,
                    "issue_date": issue,
                    "issue_place": "Bộ Công an" if card_2024 else "Cục Cảnh sát quản lý hành chính về trật tự xã hội",
                    "expiry_date": _card_expiry(year, dob, age),
                },
            )
        if year >= 1985:
            self.db.add_document(
                pid,
                {
                    "type": "birth_certificate",
                    "number": f"{rng.randint(1, 400)}",
                    "book_number": f"01/{year}",
                    "issue_date": dob if len(dob) == 10 else f"{year}-06-01",
                    "issuer": f"UBND {rec['place_of_birth'].removeprefix('Trạm Y tế ')}",
                    "fields": {"full_name": rec["full_name"], "date_of_birth": dob, "sex": rec["sex"]},
                    "file_ref": f"kho://birth_certificate/{pid}",
                },
            )
        if rng.random() < 0.8:
            self.db.add_document(
                pid,
                {
                    "type": "health_insurance_card",
                    "number": f"GD4{province}{rng.randint(10**9, 10**10 - 1)}",
                    "issue_date": "2025-01-01",
                    "issuer": "Bảo hiểm xã hội Việt Nam",
                    "valid_until": "2026-12-31",
                    "fields": {"holder_name": rec["full_name"], "social_insurance_number": f"{province}{pid[-8:]}"},
                    "file_ref": f"kho://health_insurance_card/{pid}",
                },
            )
        return _Person(pid, female, year, family, ethnicity, rec)

    # ---- places ----
    def address(self, province: str, ethnicity: str) -> dict[str, Any]:
        rng = self.rng
        commune = rng.choice(self.communes[province])
        if rng.random() < 0.5:
            detail = f"Số {rng.randint(1, 300)} đường {rng.choice(STREETS)}"
        else:
            prefix = "Buôn" if ethnicity in ("12", "20", "10") else rng.choice(VILLAGE_PREFIXES)
            detail = f"{prefix} {rng.randint(1, 15)}"
        return {"detail": detail, "commune_code": commune.code, "province_code": province, "as_of": "2025-07-01"}

    def birth_place(self, pid: str, dob: str) -> dict[str, Any]:
        """Where the birth was registered: the province of the ID prefix, in the units of that time."""
        info = parse_personal_id(pid)
        as_of = dob if len(dob) == 10 else f"{dob[:4]}-01-01"
        if info.prefix == "066" and self.legacy:
            ward, district = self.rng.choice(self.legacy)
            return {"legacy": {"ward": ward, "district": district, "province": info.legacy_province}, "as_of": as_of}
        # Elsewhere the registry has already mapped the old commune onto a 2025 one.
        units = admin_units.communes(info.province_code)
        commune = self.rng.choice(units).code if units else None
        return {
            "commune_code": commune,
            "province_code": info.province_code,
            "as_of": as_of,
            "legacy": {"province": info.legacy_province},
        }

    def legacy_address(self) -> dict[str, Any]:
        ward, district = self.rng.choice(self.legacy)
        return {
            "detail": f"Số {self.rng.randint(1, 200)} đường {self.rng.choice(STREETS)}",
            "legacy": {"ward": ward, "district": district, "province": "Tỉnh Đắk Lắk"},
            "as_of": "2019-05-01",
        }

    # ---- families ----
    def household(self, members: list[tuple[_Person, str]], province: str) -> None:
        rng = self.rng
        self.hh += 1
        head = members[0][0]
        stale = province == "66" and self.legacy and rng.random() < 0.1  # never re-registered after 2025
        home = self.legacy_address() if stale else self.address(province, head.ethnicity)
        file_no = f"{province}{self.hh:08d}"
        self.db.add_household(f"HH{self.hh:07d}", [(p.pid, rel) for p, rel in members])
        for p, _ in members:
            self.db.add_address(p.pid, "permanent_residence", home)
            self.set(p.pid, "residence_file_number", file_no)
            age = TODAY[0] - p.year
            if 18 <= age <= 30 and rng.random() < 0.3:  # studying or working away: a temporary residence
                away = self.address(rng.choice(("79", "01", "48")), p.ethnicity)
                self.db.add_address(p.pid, "temporary_residence", away)
                self.db.add_address(p.pid, "current_residence", away)
            else:
                self.db.add_address(p.pid, "current_residence", home)

    def marry(self, a: _Person, b: _Person, year: int) -> None:
        for x, y in ((a, b), (b, a)):
            self.db.add_relationship(x.pid, "spouse", y.pid)
            self.set(x.pid, "marital_status", "married")
        husband, wife = (a, b) if not a.female else (b, a)
        number = f"{self.rng.randint(1, 300)}"
        fields = {"husband_name": husband.record["full_name"], "wife_name": wife.record["full_name"]}
        for p in (a, b):
            self.db.add_document(
                p.pid,
                {
                    "type": "marriage_certificate",
                    "number": number,
                    "book_number": f"01/{year}",
                    "issue_date": f"{year}-{self.rng.randint(1, 12):02d}-15",
                    "issuer": "UBND xã",
                    "fields": fields,
                    "file_ref": f"kho://marriage_certificate/{husband.pid}-{year}",
                },
            )

    def child_of(self, father: _Person, mother: _Person, year: int, province: str) -> _Person:
        kid = self.person(
            female=self.rng.random() < 0.49,
            year=year,
            family=father.family,
            ethnicity=father.ethnicity,
            province=province,
        )
        self.db.add_relationship(kid.pid, "father", father.pid)
        self.db.add_relationship(kid.pid, "mother", mother.pid)
        if TODAY[0] - year < 18:
            self.db.add_relationship(kid.pid, "legal_representative", father.pid)
        return kid

    def couple(
        self, province: str, year: int, ethnicity: str, husband_family: str | None = None
    ) -> tuple[_Person, ...]:
        fam = husband_family or self.family_name(ethnicity)
        husband = self.person(female=False, year=year, family=fam, ethnicity=ethnicity, province=province)
        wife_year = year + self.rng.randint(-1, 5)
        wife = self.person(
            female=True, year=wife_year, family=self.family_name(ethnicity), ethnicity=ethnicity, province=province
        )
        self.marry(husband, wife, max(year, wife_year) + self.rng.randint(20, 28))
        return husband, wife

    def family(self, room: int) -> int:
        """One grandparent household and one to three households of their married children, of at most `room`
        people (at least 2): the last family of a registry is cut short so that the registry has the size asked.
        """
        rng = self.rng
        province = _pick(rng, tuple((p, w) for p, (w, _) in _PROVINCES.items()))
        eth = _pick(rng, ETHNICITY_DAKLAK) if province == "66" else ("01" if rng.random() < 0.93 else "03")
        gp_year = rng.randint(1938, 1965)
        grandpa, grandma = self.couple(province, gp_year, eth)
        grandparents: list[tuple[_Person, str]] = [(grandpa, "head"), (grandma, "wife")]
        count = 2
        for _ in range(rng.randint(1, 3)):
            if count >= room:
                break
            year = gp_year + rng.randint(21, 32)
            kid = self.child_of(grandpa, grandma, year, province)
            count += 1
            if TODAY[0] - year < 24 or rng.random() < 0.15 or count >= room:
                grandparents.append((kid, "child"))
                continue
            spouse_year = year + rng.randint(-2, 4)
            spouse = self.person(
                female=not kid.female, year=spouse_year, family=self.family_name(eth), ethnicity=eth, province=province
            )
            count += 1
            self.marry(kid, spouse, max(year, spouse_year) + rng.randint(20, 27))
            husband, wife = (spouse, kid) if kid.female else (kid, spouse)
            members = (
                [(husband, "head"), (wife, "wife")] if rng.random() < 0.85 else [(wife, "head"), (husband, "husband")]
            )
            for _ in range(rng.choices((0, 1, 2, 3), (10, 30, 45, 15))[0]):
                if count >= room:
                    break
                child_year = max(year, spouse_year) + rng.randint(20, 34)
                if child_year >= TODAY[0]:
                    continue
                members.append((self.child_of(husband, wife, child_year, province), "child"))
                count += 1
            if rng.random() < 0.1 and len(grandparents) == 2:  # a widowed grandparent moves in
                self.db.conn.execute(
                    "UPDATE persons SET marital_status = 'widowed' WHERE personal_id = ?", (grandma.pid,)
                )
                self.db.conn.execute(
                    "UPDATE persons SET date_of_death_or_missing = ? WHERE personal_id = ?",
                    (f"{rng.randint(2015, 2024)}", grandpa.pid),
                )
            self.household(members, province)
            self.maybe_business(husband if members[0][0] is husband else wife, province)
        if rng.random() < 0.12:  # the grandfather has died: the grandmother is widowed and heads the household
            self.set(grandpa.pid, "date_of_death_or_missing", f"{rng.randint(2015, 2024)}-0{rng.randint(1, 9)}-10")
            self.set(grandma.pid, "marital_status", "widowed")
            grandparents = [(grandma, "head"), *((p, "child") for p, _ in grandparents[2:])]
        self.household(grandparents, province)
        return count

    def single(self) -> int:
        """One person of working age living alone (the last place of a registry that families did not fill)."""
        rng = self.rng
        province = _pick(rng, tuple((p, w) for p, (w, _) in _PROVINCES.items()))
        eth = _pick(rng, ETHNICITY_DAKLAK) if province == "66" else "01"
        year = rng.randint(1970, 2000)
        person = self.person(
            female=rng.random() < 0.5, year=year, family=self.family_name(eth), ethnicity=eth, province=province
        )
        self.household([(person, "head")], province)
        return 1

    def set(self, pid: str, column: str, value: str) -> None:
        self.db.conn.execute(f"UPDATE persons SET {column} = ? WHERE personal_id = ?", (value, pid))

    def maybe_business(self, owner: _Person, province: str) -> None:
        rng = self.rng
        if rng.random() >= 0.15:
            return
        code, line = rng.choice(BUSINESS_LINES)
        tax_code = ""
        while not tax_code:  # about one in eleven nine-digit stems has no valid check digit: draw again
            try:
                tax_code = make_tax_code(f"8{rng.randint(10_000_000, 99_999_999)}")
            except ValueError:
                continue
        reg_date = f"{rng.randint(2010, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        given = owner.record["full_name"].split()[-1]
        business = {
            "tax_code": tax_code,
            "name": f"Hộ kinh doanh {rng.choice(('Tạp hóa', 'Quán', 'Cơ sở'))} {given}",
            "legal_form": "household_business",
            "owner_id": owner.pid,
            "registration_number": f"40A8{rng.randint(100_000, 999_999)}",
            "registration_date": reg_date,
            **self.address(province, owner.ethnicity),
            "phone": owner.record.get("mobile_phone"),
            "capital": rng.choice((50, 100, 200, 500)) * 1_000_000,
            "main_business_line": line,
            "main_business_line_code": code,
            "start_date": reg_date,
            "employee_count": rng.randint(1, 6),
        }
        self.db.add_business(business)
        self.db.add_document(
            owner.pid,
            {
                "type": "household_business_registration",
                "number": business["registration_number"],
                "issue_date": reg_date,
                "issuer": "Phòng Tài chính - Kế hoạch",
                "fields": {"name": business["name"], "tax_code": tax_code},
                "file_ref": f"kho://hkd/{tax_code}",
            },
        )


def build(db: RegistryDB, citizens: int = 1000, seed: int = 2025) -> int:
    """Fill `db` with exactly `citizens` synthetic people (families; one place left is a person living alone);
    return how many were made."""
    builder = _Builder(db, seed)
    made = 0
    while made < citizens:
        room = citizens - made
        made += builder.family(room) if room >= 2 else builder.single()
    for key, value in (
        ("generator", f"vn.synthetic/{GENERATOR_VERSION}"),
        ("seed", str(seed)),
        ("citizens", str(made)),
    ):
        db.set_meta(key, value)
    db.commit()
    return made
