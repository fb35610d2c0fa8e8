"""Structural integrity of the Vietnamese pack's data files: vocabulary.yaml, lists.yaml, blocks.yaml.

These are data tests: they read the YAML with `yaml.safe_load` (not through the pack loader) and check
the format the loader expects, the cross-references between the three files, and that the printed
labels of shared/reference/forms.md §D resolve to the right element through the variant lists.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml

from eformkit.text import fold

PACK = Path(__file__).resolve().parents[3] / "eformkit" / "packs" / "vn"
FILES = ("vocabulary.yaml", "lists.yaml", "blocks.yaml")

FIELD_TYPES = {
    "text",
    "long_text",
    "integer",
    "number",
    "money",
    "date",
    "boolean",
    "choice",
    "multi_choice",
    "personal_id",
    "phone",
    "email",
    "tax_code",
    "address",
}
SUBJECTS = {"person", "organisation", "document", "submission"}
RELATIONS = {"self", "father", "mother", "spouse", "household_head", "legal_representative", "business", "document"}
ORIGINS = {"population", "documents", "business", "derived", "immigration", "none"}
PRECISIONS = {"day", "month", "year"}
FOLDED_COLLISIONS = {"khoa": ("course", "faculty")}  # "Khóa" (intake) / "Khoa" (faculty)
ROLE_KEYS = {"subject", "relation", "label", "variants"}
COLLECTION_KEYS = {"subject", "relation", "label", "variants", "key"}
ATTRIBUTE_KEYS = {"subject", "type", "origin", "label", "variants"}
ATTRIBUTE_OPTIONAL = {"list", "precision", "format", "item", "default_role"}
VALUE_RE = re.compile(r"^(?:[a-z][a-z0-9]*(?:_[a-z0-9]+)*|[A-Z]{1,2}|\d{2})$")

# Scalar items of Luật Căn cước 2023 Art. 9 (forms.md §A) and the attribute that carries each.
POPULATION_ITEMS = {
    1: "full_name",
    2: "other_names",
    3: "personal_id",
    4: "date_of_birth",
    5: "sex",
    6: "place_of_birth",
    7: "birth_registration_place",
    8: "native_place",
    9: "ethnicity",
    10: "religion",
    11: "nationality",
    12: "blood_type",
    13: "old_id_number_9",
    16: "permanent_residence",
    17: "temporary_residence",
    18: "current_residence",
    20: "residence_file_number",
    21: "marital_status",
    22: "relationship_to_household_head",
    24: "date_of_death_or_missing",
    25: "mobile_phone",
}
REQUIRED_ATTRIBUTES = {
    *POPULATION_ITEMS.values(),
    "email",
    "id_document",
    "id_card_issue_date",
    "id_card_issue_place",
    "id_card_expiry_date",
    "residence",
    "occupation",
    "name",
    "tax_code",
    "address",
    "registration_number",
    "registration_date",
    "phone",
    "capital",
    "main_business_line",
    "legal_form",
    "number",
    "issue_date",
    "issuer",
    "valid_until",
    "holder_name",
    "holder_personal_id",
    "file_ref",
}
REQUIRED_ROLES = {
    "applicant",
    "father",
    "mother",
    "spouse",
    "household_head",
    "legal_representative",
    "business",
    "birth_certificate",
    "marriage_certificate",
    "household_business_registration",
    "health_insurance_card",
    "driving_licence",
    "academic_degree",
}
REQUIRED_LISTS = {
    "sex",
    "ethnicity",
    "religion",
    "nationality",
    "marital_status",
    "relationship_to_household_head",
    "blood_type",
    "document_type",
    "id_document_kind",
    "yes_no",
    "criminal_record_certificate_type",
    "business_founder_type",
    "residence_request_kind",
}

# forms.md §D: printed labels that must resolve to the applicant's own attribute.
POSITIVE_FIXTURES = {
    "full_name": [
        "Họ, chữ đệm và tên",
        "Họ, chữ đệm và tên khai sinh",
        "Họ, chữ đệm, tên",
        "Họ và tên",
        "Họ và tên (ghi bằng chữ in hoa)",
        "HỌ VÀ TÊN",
        "Ho va ten",
        "Họ tên",
        # "Hä vµ tªn" (TCVN3 bytes) needs legacy-encoding repair before folding; not a vocabulary matter.
    ],
    "date_of_birth": ["Ngày, tháng, năm sinh", "Ngày sinh", "Sinh ngày", "Năm sinh"],
    "personal_id": [
        "Số định danh cá nhân",
        "Số định danh",
        "Số CCCD",
        "Số căn cước",
        "Số giấy tờ pháp lý của cá nhân",
        "Số định danh cá nhân/CMND",
    ],
}
# V-graded labels of forms.md §C (CT01 2023, birth-registration form), as printed incl. markers.
V_GRADED_LABELS = {
    "1. Họ, chữ đệm và tên:": "full_name",
    "2. Ngày, tháng, năm sinh:……/……/……": "date_of_birth",
    "3. Giới tính:": "sex",
    "4. Số định danh cá nhân:": "personal_id",
    "5. Số điện thoại liên hệ:": "mobile_phone",
    "6. Email:": "email",
    "8. Mối quan hệ với chủ hộ:": "relationship_to_household_head",
    "Nơi cư trú: (2)": "residence",
    "Giấy tờ tùy thân: (3)": "id_document",
    "Dân tộc:": "ethnicity",
    "Quốc tịch:": "nationality",
    "Nơi sinh: (4)": "place_of_birth",
    "Quê quán:": "native_place",
    "Năm sinh: (5)": "date_of_birth",
}
# Labels that name another person's attribute: (label, role, attribute). forms.md §D negatives first,
# then role-qualified labels of CT01 (V), the birth form (V) and the criminal-record form (S).
ROLE_FIXTURES = [
    ("Số định danh cá nhân của chủ hộ", "household_head", "personal_id"),
    ("Họ, chữ đệm, tên người mẹ", "mother", "full_name"),
    ("Họ, chữ đệm, tên người yêu cầu", "applicant", "full_name"),
    ("7. Họ, chữ đệm và tên chủ hộ:", "household_head", "full_name"),
    ("9. Số định danh cá nhân của chủ hộ:", "household_head", "personal_id"),
    ("Họ, chữ đệm, tên người cha:", "father", "full_name"),
    ("11. Họ và tên cha:", "father", "full_name"),
    ("12. Họ và tên mẹ:", "mother", "full_name"),
    ("13. Họ và tên vợ/chồng:", "spouse", "full_name"),
]
NEGATIVE_FIXTURES = ROLE_FIXTURES[:3]

_NUMBERING = re.compile(r"^\s*\d+(?:\.\d+)*\.\s*")
_PARENTHETICAL = re.compile(r"\s*\((?:\d+|[^()]*)\)")
_DOTS = re.compile(r"[.…/\s]*$")


def _load(name: str) -> Any:
    return yaml.safe_load((PACK / name).read_text(encoding="utf-8"))


VOCAB = _load("vocabulary.yaml")
LISTS = _load("lists.yaml")["lists"]
BLOCKS = _load("blocks.yaml")["blocks"]
ROLES: dict[str, dict[str, Any]] = VOCAB["roles"]
COLLECTIONS: dict[str, dict[str, Any]] = VOCAB["collections"]
ATTRS: dict[str, dict[str, Any]] = VOCAB["attributes"]


def label_key(text: str) -> str:
    """Folded matching key of a printed label: no numbering, footnote markers, parentheticals, dot leaders, colon."""
    text = unicodedata.normalize("NFC", text)
    text = _NUMBERING.sub("", text)
    text = _PARENTHETICAL.sub("", text)
    text = text.strip().rstrip(":").strip()
    text = _DOTS.sub("", text).rstrip(":")
    return fold(text)


def attribute_keys(name: str) -> set[str]:
    spec = ATTRS[name]
    return {label_key(spec["label"]["vi"])} | {label_key(v) for v in spec["variants"]}


def role_keys(name: str) -> set[str]:
    return {label_key(v) for v in ROLES[name]["variants"]}


def resolve(label: str, subject: str = "person") -> list[str]:
    """Attributes of `subject` whose label or a variant folds to the label's key (the applicant's own data)."""
    key = label_key(label)
    return [n for n, a in ATTRS.items() if a["subject"] == subject and key in attribute_keys(n)]


def resolve_with_role(label: str) -> set[tuple[str, str]]:
    """(role, attribute) pairs where the label = attribute wording + optional "của" + role wording."""
    key = label_key(label)
    found = set()
    for role, spec in ROLES.items():
        for attr, aspec in ATTRS.items():
            if aspec["subject"] != spec["subject"]:
                continue
            for a_key in attribute_keys(attr):
                rest = key[len(a_key) :].strip() if key.startswith(a_key + " ") else None
                if rest is None:
                    continue
                rest = rest.removeprefix("cua ")
                if rest in role_keys(role):
                    found.add((role, attr))
    return found


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _assert_label(label: Any, where: str) -> None:
    assert isinstance(label, dict), f"{where}: label must be {{vi, en}}"
    assert set(label) == {"vi", "en"}, f"{where}: label keys {sorted(label)}"
    assert all(isinstance(label[k], str) and label[k].strip() for k in ("vi", "en")), f"{where}: empty label"


# ---- all files ----


@pytest.mark.parametrize("name", FILES)
def test_file_is_nfc(name: str) -> None:
    text = (PACK / name).read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text)
    for s in _strings(_load(name)):
        assert unicodedata.is_normalized("NFC", s), s


# ---- vocabulary: roles and collections ----


def test_vocabulary_top_level() -> None:
    assert set(VOCAB) == {"version", "roles", "collections", "attributes"}
    assert isinstance(VOCAB["version"], str) and VOCAB["version"]
    assert set(ROLES) >= REQUIRED_ROLES
    assert set(ATTRS) >= REQUIRED_ATTRIBUTES, sorted(REQUIRED_ATTRIBUTES - set(ATTRS))
    assert {"household.members", "applicant.children"} <= set(COLLECTIONS)


@pytest.mark.parametrize("name", sorted(ROLES))
def test_role_structure(name: str) -> None:
    spec = ROLES[name]
    assert re.fullmatch(r"[a-z][a-z0-9_]*", name)
    assert ROLE_KEYS <= set(spec) <= ROLE_KEYS | {"document_type", "linked", "may_file"}, sorted(spec)
    assert spec["subject"] in SUBJECTS
    linked = spec.get("linked", True)
    # a person no registry links to the citizen has a relation of its own, which no connector answers
    assert spec["relation"] in RELATIONS if linked else spec["relation"] == name
    _assert_label(spec["label"], f"roles.{name}")
    assert all(isinstance(v, str) and v.strip() for v in spec["variants"])
    assert spec["variants"] or spec["subject"] == "submission"  # the filing is named by its attributes only
    is_document = spec["subject"] == "document"
    assert is_document == (spec["relation"] == "document") == ("document_type" in spec)
    if is_document:
        assert spec["document_type"] in {o["value"] for o in LISTS["document_type"]["options"]}
    if spec["subject"] == "organisation":
        assert spec["relation"] == "business"


def test_role_variants_are_unambiguous() -> None:
    owner: dict[str, str] = {}
    for name in ROLES:
        for key in role_keys(name):
            assert owner.setdefault(key, name) == name, f"role word {key!r} in {owner[key]} and {name}"
    # a role word is never itself an attribute wording, so "<attribute> <role>" splits one way only
    all_attribute_keys = {k for a in ATTRS for k in attribute_keys(a)}
    assert not set(owner) & all_attribute_keys, sorted(set(owner) & all_attribute_keys)


def test_required_role_words() -> None:
    expected = {
        "applicant": ["người yêu cầu", "người khai", "người đề nghị", "bản thân", "người kê khai"],
        "father": ["cha", "người cha", "bố", "cha đẻ"],
        "mother": ["mẹ", "người mẹ"],
        "spouse": ["vợ/chồng", "vợ, chồng", "vợ hoặc chồng"],
        "household_head": ["chủ hộ"],
        "legal_representative": ["người đại diện hợp pháp"],
        "guardian": ["người giám hộ"],
        "deceased": ["người chết", "người đã mất"],
        "child": ["trẻ em", "người chưa đủ 14 tuổi"],
        "authorised_person": ["người được ủy quyền"],
        "ward": ["người được giám hộ"],
        "accused": ["người bị tố cáo"],
        "business": ["hộ kinh doanh", "doanh nghiệp", "cơ sở kinh doanh"],
    }
    for role, words in expected.items():
        assert {fold(w) for w in words} <= role_keys(role), role


@pytest.mark.parametrize("name", sorted(COLLECTIONS))
def test_collection_structure(name: str) -> None:
    spec = COLLECTIONS[name]
    assert re.fullmatch(r"[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*", name)
    assert set(spec) == COLLECTION_KEYS, sorted(spec)
    assert spec["subject"] in SUBJECTS
    _assert_label(spec["label"], f"collections.{name}")
    assert spec["variants"]
    assert spec["key"] in ATTRS and ATTRS[spec["key"]]["subject"] == spec["subject"]
    assert name not in ROLES


# ---- vocabulary: attributes ----


@pytest.mark.parametrize("name", sorted(ATTRS))
def test_attribute_structure(name: str) -> None:
    spec = ATTRS[name]
    assert re.fullmatch(r"[a-z][a-z0-9_]*", name)
    assert ATTRIBUTE_KEYS <= set(spec) <= ATTRIBUTE_KEYS | ATTRIBUTE_OPTIONAL, sorted(spec)
    assert spec["subject"] in SUBJECTS
    assert spec["type"] in FIELD_TYPES
    assert spec["origin"] in ORIGINS
    _assert_label(spec["label"], f"attributes.{name}")
    assert isinstance(spec["variants"], list) and all(isinstance(v, str) and v.strip() for v in spec["variants"])
    if spec["type"] in {"choice", "multi_choice"}:
        assert spec.get("list") in LISTS, f"{name}: list {spec.get('list')!r} not in lists.yaml"
    else:
        assert spec.get("list") is None, f"{name}: only choice types take a list"
    if "precision" in spec:
        assert spec["type"] == "date"
        assert spec["precision"] and set(spec["precision"]) <= PRECISIONS
    if "format" in spec:
        assert spec["format"] is None or isinstance(spec["format"], str)
    if spec["origin"] == "population" and "item" in spec:
        assert spec["subject"] == "person" and isinstance(spec["item"], int) and 1 <= spec["item"] <= 26
    if "item" in spec and spec["origin"] != "population":
        assert spec["origin"] == "derived" and 1 <= spec["item"] <= 26
    # every wording keeps a non-empty key once numbering, parentheticals and the colon are stripped
    keys = [label_key(spec["label"]["vi"])] + [label_key(v) for v in spec["variants"]]
    assert all(keys), name
    # a variant that equals the label after folding (case, tone placement) adds nothing
    assert not {fold(v) for v in spec["variants"]} & {fold(spec["label"]["vi"])}, name


def test_population_items_covered() -> None:
    for item, name in POPULATION_ITEMS.items():
        assert ATTRS[name]["origin"] == "population", name
        assert ATTRS[name].get("item") == item, name
    assert ATTRS["residence"]["origin"] == "derived" and ATTRS["residence"]["type"] == "address"
    assert ATTRS["date_of_birth"]["precision"] == ["day", "month", "year"]
    assert ATTRS["personal_id"]["type"] == "personal_id"
    assert ATTRS["tax_code"]["type"] == "tax_code" and ATTRS["tax_code"]["subject"] == "organisation"
    assert ATTRS["capital"]["type"] == "money"


def test_attribute_variants_unambiguous_per_subject() -> None:
    for subject in SUBJECTS:
        owner: dict[str, str] = {}
        for name, spec in ATTRS.items():
            if spec["subject"] != subject:
                continue
            for key in attribute_keys(name):
                if key in FOLDED_COLLISIONS:
                    continue  # told apart by their printed letters (naming.py)
                assert owner.setdefault(key, name) == name, f"{subject}: {key!r} in {owner[key]} and {name}"
    # a collision is only allowed between different printed wordings
    for key, names in FOLDED_COLLISIONS.items():
        printed = [w.lower() for n in names for w in [ATTRS[n]["label"]["vi"], *ATTRS[n]["variants"]] if fold(w) == key]
        assert len(printed) == len(set(printed)) == len(names), key


def test_every_subject_has_a_role() -> None:
    assert {a["subject"] for a in ATTRS.values()} <= {r["subject"] for r in ROLES.values()}


# ---- label fixtures (forms.md §C, §D) ----


@pytest.mark.parametrize(("target", "label"), [(t, lbl) for t, labels in POSITIVE_FIXTURES.items() for lbl in labels])
def test_positive_fixture(target: str, label: str) -> None:
    assert resolve(label) == [target]


@pytest.mark.parametrize(("label", "target"), sorted(V_GRADED_LABELS.items()))
def test_v_graded_label(label: str, target: str) -> None:
    assert resolve(label) == [target]


@pytest.mark.parametrize(("label", "role", "attribute"), ROLE_FIXTURES)
def test_role_qualified_label(label: str, role: str, attribute: str) -> None:
    assert resolve_with_role(label) == {(role, attribute)}


@pytest.mark.parametrize(("label", "role", "attribute"), NEGATIVE_FIXTURES)
def test_negative_fixture_is_not_the_subjects_own(label: str, role: str, attribute: str) -> None:
    # no person attribute carries the role-qualified wording itself
    assert resolve(label) == []
    # and the role word sits in that role's variants only
    key = label_key(label)
    prefix = max((k for k in attribute_keys(attribute) if key.startswith(k + " ")), key=len)
    role_word = key[len(prefix) :].strip().removeprefix("cua ")
    assert [r for r in ROLES if role_word in role_keys(r)] == [role]


# ---- lists ----


def test_required_lists() -> None:
    assert set(LISTS) >= REQUIRED_LISTS, sorted(REQUIRED_LISTS - set(LISTS))


@pytest.mark.parametrize("name", sorted(LISTS))
def test_list_structure(name: str) -> None:
    spec = LISTS[name]
    assert set(spec) == {"label", "options"}
    _assert_label(spec["label"], f"lists.{name}")
    assert spec["options"]
    values = [o["value"] for o in spec["options"]]
    assert len(values) == len(set(values)), f"{name}: duplicate values"
    owner: dict[str, str] = {}
    for option in spec["options"]:
        assert set(option) == {"value", "label", "aliases"}, option
        assert isinstance(option["value"], str) and VALUE_RE.fullmatch(option["value"]), option["value"]
        _assert_label(option["label"], f"lists.{name}.{option['value']}")
        assert isinstance(option["aliases"], list) and all(isinstance(a, str) and a for a in option["aliases"])
        # every spelling of an option (value, labels, aliases) folds to a key no other option uses
        for text in (option["value"], option["label"]["vi"], option["label"]["en"], *option["aliases"]):
            key = fold(text)
            assert owner.setdefault(key, option["value"]) == option["value"], f"{name}: {text!r} is ambiguous"


def test_ethnicity_list() -> None:
    options = LISTS["ethnicity"]["options"]
    assert [o["value"] for o in options] == [f"{i:02d}" for i in range(1, 55)]
    by_code = {o["value"]: o for o in options}
    assert by_code["01"]["label"]["vi"] == "Kinh"
    assert by_code["54"]["label"]["vi"] == "Rơ-măm"
    assert len({fold(o["label"]["vi"]) for o in options}) == 54
    names = {fold(o["label"]["vi"]) for o in options} | {fold(a) for o in options for a in o["aliases"]}
    for common in (
        "Tày",
        "Thái",
        "Mường",
        "Khmer",
        "Hoa",
        "Nùng",
        "Mông",
        "H'Mông",
        "Dao",
        "Gia Rai",
        "Ê Đê",
        "Ê-đê",
        "Ba Na",
        "Chăm",
        "Ơ Đu",
    ):
        assert fold(common) in names, common


def test_nationality_list() -> None:
    values = [o["value"] for o in LISTS["nationality"]["options"]]
    assert values[0] == "VN"
    assert all(re.fullmatch(r"[A-Z]{2}", v) for v in values)
    assert len(values) >= 30


def test_small_lists() -> None:
    def vals(name: str) -> list[str]:
        return [o["value"] for o in LISTS[name]["options"]]

    assert vals("sex") == ["male", "female"]
    assert vals("blood_type") == ["A", "B", "AB", "O"]
    assert vals("yes_no") == ["yes", "no"]
    assert set(vals("marital_status")) == {"single", "married", "divorced", "widowed"}
    assert {"head", "wife", "husband", "child", "father", "mother", "grandchild", "other"} <= set(
        vals("relationship_to_household_head")
    )
    assert {"citizen_id_card", "id_card", "passport", "other"} == set(vals("id_document_kind"))
    assert "none" in vals("religion")


# ---- blocks ----


def test_required_blocks() -> None:
    assert {"person_basic", "parent", "spouse_side", "identity_document", "contact"} <= set(BLOCKS)
    assert BLOCKS["person_basic"]["fields"] == ["full_name", "date_of_birth", "sex", "personal_id"]
    assert BLOCKS["parent"]["fields"] == ["full_name", "date_of_birth", "ethnicity", "nationality", "residence"]
    assert BLOCKS["identity_document"]["fields"] == ["id_document", "id_card_issue_date", "id_card_issue_place"]
    assert BLOCKS["contact"]["fields"] == ["mobile_phone", "email"]


@pytest.mark.parametrize("name", sorted(BLOCKS))
def test_block_structure(name: str) -> None:
    spec = BLOCKS[name]
    assert set(spec) == {"label", "fields"}
    _assert_label(spec["label"], f"blocks.{name}")
    fields = spec["fields"]
    assert fields and len(fields) == len(set(fields))
    missing = [f for f in fields if f not in ATTRS]
    assert not missing, f"{name}: unknown attributes {missing}"
    assert len({ATTRS[f]["subject"] for f in fields}) == 1, f"{name}: mixes subjects"
