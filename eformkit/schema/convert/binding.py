"""Binding decisions: a label's match, put together with whose blank it is and which document it is about.

Every decision carries a confidence and its evidence (the label and the wording it matched, the person
context, the document). A person attribute takes the role the label names, else the person context's;
an unknown person (a context the vocabulary has no role for) is never bound. Issue date, place and number
belong to the document the line names: the ID card's and the passport's are person attributes, a held
document's (driving licence …) its role's, any other document's (a decision, a contract) no element.
Callers bind at or above `naming.THRESHOLD`; below it the field is named and listed for review.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from eformkit.schema.convert.blanks import Blank
from eformkit.schema.convert.labels import clean_label
from eformkit.schema.convert.naming import LabelMatch, NamingIndex
from eformkit.schema.convert.persons import BlankContext
from eformkit.text import fold

__all__ = ["Decision", "decide"]

_SIGNED_DATE = "ngày … tháng … năm …"
_NAME_WORDING = re.compile(r"^(?:ho va ten|ho ten|ho chu dem va ten|ho chu dem ten)\b")
_PRINTED_HONORIFICS = frozenset({"anh", "chị", "ông", "bà", "em", "cháu", "ông/bà", "anh/chị"})
_SIGNED_PLACE = "Địa danh"
_WORDS = re.compile(r"\w+")
# "Đề nghị <the authority> …… <what it is asked to do>": the blank names the authority asked
_ASKED = re.compile(r"^de nghi(?: (?:bao hiem xa hoi|uy ban nhan dan|ubnd|co quan|phong|so|cuc|chi cuc|toa an)\b.*)?$")
_ASKS = re.compile(r"^\W*(?:xem xet|xac nhan|cap|giai quyet|chap thuan|cho phep)\b")
# A person attribute's wording printed for the organisation that files the form ("3. Địa chỉ", "4. Điện thoại")
_ORGANISATION_ATTRIBUTES = {
    "residence": "address",
    "current_residence": "address",
    "permanent_residence": "address",
    "mobile_phone": "phone",
    "email": "contact_email",
    "fax_number": "fax",
}
_DEATH_WORDS = frozenset({"chết", "mất"})  # as printed: folded "mat" is also "mặt"
# Issue kinds of a decision the filing cites (the document context "decision").
_DECISION_PARTS = {"number": "decision_number", "issue_date": "decision_date", "issuer": "decision_issuer"}
# What an issue attribute is about, whatever paper it is printed for.
_ISSUE_KIND = {
    "id_card_issue_date": "issue_date",
    "id_card_issue_place": "issuer",
    "id_card_expiry_date": "valid_until",
    "issue_date": "issue_date",
    "issuer": "issuer",
    "valid_until": "valid_until",
    "number": "number",
    "passport_number": "number",
    "passport_issue_date": "issue_date",
    "passport_issue_place": "issuer",
    "passport_expiry_date": "valid_until",
}
# The person attribute of each identity paper, per issue kind (None: the paper's number is another element).
_PERSON_PAPERS = {
    "id_card": {
        "issue_date": "id_card_issue_date",
        "issuer": "id_card_issue_place",
        "valid_until": "id_card_expiry_date",
    },
    "passport": {
        "issue_date": "passport_issue_date",
        "issuer": "passport_issue_place",
        "valid_until": "passport_expiry_date",
        "number": "passport_number",
    },
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Decision:
    """The element a blank would take (`match`), how sure (`confidence`), why, and what to check."""

    match: LabelMatch | None
    confidence: float
    evidence: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    name: str = ""  # a field name when no element fits but the blank is known ("document_issue_date")


def _label_evidence(found: LabelMatch, label: str) -> str:
    return f"label '{label}' ~ '{found.variant}' ({found.confidence:.2f})"


def _bare(blank: Blank) -> bool:
    """No "label:" before the date on its line: "3. Thời gian nhận hồ sơ: ngày … tháng … năm …" is an item's
    date, not the signing's."""
    return ":" not in blank.left


def _special(blank: Blank, index: NamingIndex, opens_line: bool) -> LabelMatch | None:
    """The filing's own blanks: the addressee after "Kính gửi", the place and date of signing."""
    attribute = None
    if fold(blank.left).find("kinh gui") >= 0 and blank.kind == "text":
        attribute = "addressee"
    elif blank.kind == "text" and _ASKED.match(fold(clean_label(blank.left)[0])) and _ASKS.match(fold(blank.right)):
        attribute = "addressee"  # "Đề nghị (1): …… xác nhận …", "Đề nghị Bảo hiểm xã hội tỉnh …… xem xét": who is asked
    elif blank.label == _SIGNED_PLACE:
        attribute = "signing_place"
    elif blank.kind == "date" and blank.label == _SIGNED_DATE and not blank.number and opens_line and _bare(blank):
        after = fold(blank.right).strip(" .,;:()/")
        if not any(c.isalpha() for c in after):
            attribute = "signing_date"
    if attribute is None or attribute not in index.attr_subject:
        return None
    return index._make(attribute, None, 0.95, False)


def _decision_part(blank: Blank, printed: list[str], previous: str | None, index: NamingIndex) -> LabelMatch | None:
    """ "Quyết định số …… ngày …… của ……": the date right after a decision's number on the line is its
    date, a "của ……" right after that date its issuer."""
    if previous is None:
        return None
    attribute = None
    if previous.endswith(".decision_number") and blank.kind == "date" and blank.label == _SIGNED_DATE:
        attribute = "decision_date"
    elif previous.endswith(".decision_date") and printed == ["của"]:
        attribute = "decision_issuer"
    if attribute is None or attribute not in index.attr_subject:
        return None
    return index._make(attribute, None, 0.9, False)


def _date_of_death(blank: Blank, context: BlankContext, index: NamingIndex) -> LabelMatch | None:
    """ "3. Ngày …… tháng …… năm …… chết" about someone other than the filer: that person's date of death."""
    after = _WORDS.findall(blank.right.lower())
    if blank.kind != "date" or blank.label != _SIGNED_DATE or not after or after[0] not in _DEATH_WORDS:
        return None
    if context.person.role in (None, "applicant") or "date_of_death_or_missing" not in index.attr_subject:
        return None
    return index._make("date_of_death_or_missing", None, 0.9, False)


def decide(
    found: LabelMatch | None,
    blank: Blank,
    context: BlankContext,
    index: NamingIndex,
    opens_line: bool = True,
    after_issuer: bool = False,
    previous: str | None = None,
) -> Decision:
    """Whose and which element a blank takes, with a confidence and its evidence. `opens_line`: no blank
    but the signing place comes before this one on its line (a date there is the date of signing);
    `after_issuer`: the blank before it on the line holds an issuing authority ("Cơ quan cấp … ngày …");
    `previous`: the element bound to the blank before it on the line, if any."""
    if found is None and after_issuer and blank.kind == "date" and blank.label == _SIGNED_DATE:
        found = index._make("id_card_issue_date", None, 0.9, False)  # the paper's date: resolved below
    printed = re.sub(r"\([^)]*\)", " ", blank.label).lower().split()
    if found is None:
        found = _decision_part(blank, printed, previous, index) or _date_of_death(blank, context, index)
        if found is not None and found.attribute == "date_of_death_or_missing":
            context = replace(context, document=None)
    if found is None and printed and printed[-1].strip(":") == "số" and "number" in index.attr_subject:
        # "Số: ……" under a paper's lead-in, "Hộ chiếu … số ……": the number of the paper the line names
        found = LabelMatch("number", "", "number", 0.9, "Số")
    opened_here = context.person.how == "label" and context.person.evidence == blank.label
    if found is None and opened_here and context.person.role and _NAME_WORDING.match(fold(blank.label)):
        # "Họ và tên con: ……": the name label that opened the child's context is the child's name
        found = index._make("full_name", None, 0.9, False)
    if found is None and opened_here and context.person.role == "business" and "name" in index.attr_subject:
        found = index._make("name", "business", 0.9, True)  # "Tên cơ quan/tổ chức" that opened the context
    someone_else = context.person.role not in (None, "applicant")
    if found is None and someone_else and printed and printed[-1] in _PRINTED_HONORIFICS:
        # "Anh: ……", "Vì anh ……" under "… tố cáo … của:": the name of the person the section introduced
        found = index._make("full_name", None, 0.9, False)
    special = _special(blank, index, opens_line)
    if special is not None and (found is None or index.attr_subject.get(found.attribute) != "submission"):
        where = "after 'Kính gửi'" if special.attribute == "addressee" else "place-and-date line of the signature"
        return Decision(special, special.confidence, (f"{special.attribute}: {where}",))
    if found is None:
        return Decision(None, 0.0)
    if blank.caption and blank.label == clean_label(blank.caption)[0] and not clean_label(blank.left)[0]:
        return Decision(None, 0.0, (f"caption under a signature line: '{blank.caption}'",))
    evidence = [_label_evidence(found, blank.label)]
    subject = index.attr_subject.get(found.attribute)
    if subject == "submission":
        return Decision(found, found.confidence, tuple(evidence))
    person = context.person
    document = context.document
    kind = _ISSUE_KIND.get(found.attribute)
    if kind is not None and not (found.role_explicit and index.role_subject.get(found.role) == "document"):
        named_here = found.attribute.startswith("passport_")  # the label itself says "hộ chiếu"
        paper = "passport" if named_here else (document.kind if document else None)
        if document is not None and not named_here:
            evidence.append(f"document: '{document.evidence}'")
        if paper in _PERSON_PAPERS:
            attribute = _PERSON_PAPERS[paper].get(kind)
            if attribute is None:
                return Decision(None, 0.0, tuple(evidence), name=f"{paper}_{kind}")
            found = replace(found, attribute=attribute, element=f"{found.role}.{attribute}")
        elif paper is not None and paper != "other" and index.role_subject.get(paper) == "document":
            made = index._make(kind, paper, found.confidence, True)  # document attributes are named by kind
            if made is None:
                return Decision(None, 0.0, tuple(evidence), name=f"{paper}_{kind}")
            found = made
        elif paper == "decision" and _DECISION_PARTS.get(kind) in index.attr_subject:
            made = index._make(_DECISION_PARTS[kind], None, found.confidence, False)
            if made is None:
                return Decision(None, 0.0, tuple(evidence), name=f"decision_{kind}")
            return Decision(made, made.confidence, tuple(evidence))
        elif paper == "other" or paper == "decision":
            return Decision(
                None,
                0.0,
                tuple(evidence),
                (f"{kind} of '{document.evidence if document else ''}': no element / giấy tờ chưa có phần tử",),
                name=f"document_{kind}",
            )
        elif kind == "number" or found.attribute in ("issue_date", "issuer", "valid_until"):
            return Decision(None, 0.0, tuple(evidence), ("no document named on the line / không rõ giấy tờ nào",))
        else:
            # "Ngày cấp" with no paper named anywhere near: the ID card is a guess, not a reading
            return Decision(
                found,
                found.confidence * 0.7,
                (*evidence, "no document named: the ID card is only a guess"),
                ("issue date/place with no document named: check which paper / không rõ giấy tờ nào",),
            )
    subject = index.attr_subject.get(found.attribute)
    if subject == "document":
        named = document.kind if document is not None else None
        if not found.role_explicit and named and index.role_subject.get(named) == "document":
            made = index._make(found.attribute, named, found.confidence, True)  # the document the line names
            if made is not None:
                evidence.append(f"document: '{document.evidence if document else ''}'")
                found = made
        if not found.role_explicit and index.attr_default_role.get(found.attribute) == found.role:
            found = replace(found, role_explicit=True)  # an attribute of one document ("Mã số BHXH")
        if not found.role_explicit:
            return Decision(None, 0.0, tuple(evidence), ("document attribute with no document named",))
        if person.role != "applicant":
            evidence.append(f"person: {person.how} '{person.evidence}'")
            return Decision(found, 0.0, tuple(evidence), ("a held document of someone other than the applicant",))
        return Decision(found, found.confidence, tuple(evidence))
    if subject == "organisation":
        if found.role_explicit or person.role == "business":
            return Decision(found, found.confidence, tuple(evidence))
        evidence.append(f"person: {person.how} '{person.evidence}'")
        return Decision(
            found, 0.0, tuple(evidence), ("an organisation's data, no organisation named / chưa rõ tổ chức nào",)
        )
    if found.role_explicit:
        evidence.append(f"role named in the label: {found.role}")
        return Decision(found, found.confidence, tuple(evidence))
    if person.role == "business" and index.role_subject.get("business") == "organisation":
        # the organisation filing the form: its address, phone and e-mail are the organisation's
        evidence.append(f"organisation: {person.how} '{person.evidence}'")
        made = index._make(_ORGANISATION_ATTRIBUTES.get(found.attribute, ""), "business", found.confidence, True)
        if made is None:
            return Decision(None, 0.0, tuple(evidence), ("a person's attribute for an organisation / tổ chức",))
        return Decision(made, round(made.confidence * person.confidence, 3), tuple(evidence))
    if found.attribute.startswith("relationship") and person.how in ("label", "line"):
        person = context.section  # "Họ và tên chủ hộ: … Quan hệ với chủ hộ: …": the relation is the filer's
    evidence.append(f"person: {person.how} '{person.evidence}'")
    if person.role is None:
        return Decision(
            None,
            0.0,
            tuple(evidence),
            (f"whose blank? '{person.evidence}' names a person with no role / người chưa có vai trò",),
            name=f"other_{found.attribute}",
        )
    if person.role != found.role:
        made = index._make(found.attribute, person.role, found.confidence, False)
        if made is None:
            return Decision(found, 0.0, tuple(evidence), ("the person in context cannot hold this attribute",))
        found = made
    return Decision(found, round(found.confidence * person.confidence, 3), tuple(evidence))
