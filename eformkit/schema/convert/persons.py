"""Whose blank it is: a form read as a sequence of person (and document) contexts.

A heading or lead-in that introduces a person ("I. THÔNG TIN NGƯỜI CHẾT", "A. Thông tin người đại diện
hợp pháp:", "Người được giám hộ:", "Đề nghị … cho người có tên dưới đây:") opens a context carried to the
following lines until the next one. A line that starts with a person ("Cha: họ và tên …", "Người bị kiện:
…") or whose name label names one ("Họ, chữ đệm, tên người mẹ:") opens a context for that item, carried to
the unnumbered lines under it. First-person wording ("Tôi tên là", "Tên tôi là", "Tôi là", "… của tôi") is
the applicant. A role named inside a label ("… của chủ hộ") overrides the context for that blank only; the
naming layer reads it. The document a line names ("Hộ chiếu số …", "Giấy CMND số …", "Quyết định số …")
decides whose issue date, place and number the blanks after it hold.

Role wordings come from the vocabulary (role `variants`); the cue words below are the grammar around them.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from eformkit.schema.convert.blanks import Blank
from eformkit.schema.convert.labels import clean_label
from eformkit.schema.convert.layout import Document, Paragraph
from eformkit.schema.convert.naming import NamingIndex
from eformkit.text import fold

__all__ = ["BlankContext", "Context", "DocumentContext", "read_contexts"]

# Words that open a heading about someone: "Thông tin (về|của) …", "Phần dành cho …", "Trường hợp …".
_HEADING_PREFIX = re.compile(r"^(?:(?:phan|muc)\s+)?(?:thong tin\s+(?:ve\s+|cua\s+)?|ke khai cua\s+)?")
_LETTER = re.compile(r"^\s*(?:[A-HIVX]+|[a-hđ])[.)]\s*")
# A title's scope note ("(Dùng cho cha, mẹ học sinh …)", "dành cho người chưa đủ 14 tuổi") names no one on the page.
_SCOPE_NOTE = re.compile(r"^(?:\(|dung cho|danh cho|ap dung)")
# An organisation or an unnamed party at the head of a heading: someone the vocabulary has no person for.
_PARTY = re.compile(
    r"^(?:truong hop\s+)?(?:co quan|to chuc|don vi|doanh nghiep|nha truong|ho gia dinh|ca nhan|ben [ab]\b|"
    r"ben thue|ben cho|cong ty|xac nhan)"
)
# A lead-in that introduces someone else: "… cho người có tên dưới đây:", "… vi phạm pháp luật của:",
# "… giữa:", "… việc ông/bà:".
_LEAD_IN_OTHER = re.compile(
    r"(?:nguoi (?:co ten )?duoi day|nguoi sau day|\bcua|\bgiua|\bong ba|\banh chi)$"
)
_REQUEST_FOR = re.compile(r"^de nghi\b.*\bcho (?!toi\b)")
# "Đề nghị … công nhận người có tên dưới đây:", "(Đề nghị … việc ……) cho người có tên dưới đây:": the person
# the request is about, when no act names their role
_CONCERNED = re.compile(r"^(?:de nghi\b.*|cho )\bnguoi (?:co ten )?(?:duoi day|sau day)$")
_FIRST_PERSON = re.compile(r"(?:^|\s)(?:toi|chung toi)(?:\s|$)")
_WORD = re.compile(r"\w+")
_FIRST_PERSON_PRINTED = re.compile(r"(?<!\w)tôi(?!\w)")


def _printed(text: str) -> list[str]:
    """Words as printed (lowercase NFC); an unaccented text gives its words with the letters it has."""
    return _WORD.findall(unicodedata.normalize("NFC", text).lower())


def _first_person(text: str) -> bool:
    """ "Tôi", "chúng tôi" as printed ("tới", "tội" fold alike: unaccented text is read folded)."""
    if text.isascii():
        return _FIRST_PERSON.search(fold(text)) is not None
    return _FIRST_PERSON_PRINTED.search(unicodedata.normalize("NFC", text).lower()) is not None
# An honorific standing for someone the writer talks about ("Anh: …", "Ông/bà: …", "của em: …").
# Honorifics and words for a child, as printed: folded they collide with common words ("có", "chữ", "ba").
_HONORIFIC = frozenset({"anh", "chị", "ông", "bà", "em", "cháu", "cô", "chú", "bác"})
_PARENTHETICAL = re.compile(r"\([^)]*\)")
_NAME_LABEL = re.compile(r"^(?:ho va ten|ho ten|ho chu dem|ten)\b")
_ORGANISATION_NAME = re.compile(r"^ten (?:co quan|to chuc|don vi|doanh nghiep|cong ty|ho kinh doanh)\b")
# "của em", "của cháu", "của con": the child the form is about
_CHILD_WORDS = frozenset({"em", "cháu", "con"})
_NUMBERED = re.compile(r"^\s*(?:\[?\d+(?:\.\d+)*\]?[.)]|[a-zđ]\)|[IVX]+\.|[A-H]\.)\s*")
# Documents a line may name. Identity papers of a person are person attributes (id_card_*, passport_*);
# other held documents are the vocabulary's document roles; the rest name no element (no binding).
_ID_CARD = (
    "cmnd", "cmtnd", "cccd", "can cuoc", "chung minh nhan dan", "chung minh thu", "dinh danh", "giay to tuy than",
)  # fmt: skip
_PASSPORT = ("ho chieu",)
_DECISION = ("quyet dinh",)  # a decision the filing cites: `decision_*` of the filing when the vocabulary has them
_OTHER_DOCUMENTS = (
    "hop dong", "thi thuc", "giay phep", "giay chung nhan", "van ban", "giay uy quyen", "nghi dinh",
    "giay xac nhan", "giay to di lai", "the bao hiem", "so ho khau", "giay gioi thieu", "bien ban",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Context:
    """A person context: the role (None: a person the vocabulary has no role for), why, and how sure."""

    role: str | None
    evidence: str
    how: str  # default, first_person, heading, lead_in, line, label
    confidence: float


@dataclass(frozen=True, slots=True)
class DocumentContext:
    """The document a line names: "id_card", "passport", a document role, or "other" (no element)."""

    kind: str
    evidence: str


@dataclass(frozen=True, slots=True)
class BlankContext:
    person: Context
    document: DocumentContext | None
    section: Context  # the heading's / lead-in's person, under an item's own


DEFAULT = Context("applicant", "no person named: the one who files the form", "default", 1.0)


def _words(text: str) -> str:
    return fold(text)  # folded: no case, no diacritics, no punctuation


class _Reader:
    def __init__(self, index: NamingIndex) -> None:
        self.index = index
        # Person role phrases by their first word (longest first within each): a line is tested against the
        # few phrases its first word can start, not the whole vocabulary (linear in the text, small constant).
        self._starts: dict[str, list[tuple[str, str]]] = {}
        for phrase, role in index.roles:
            if index.role_subject.get(role) == "person":
                self._starts.setdefault(phrase.split(" ", 1)[0], []).append((phrase, role))
        self.section = DEFAULT
        self.item: Context | None = None
        self.document: DocumentContext | None = None
        self.applicant_seen = False
        self.filer_named = False  # a blank asks for the filer by name ("Tôi tên là", "… người yêu cầu")
        self.party_filer = False  # the filer was read from a party heading ("… hộ gia đình, cá nhân …")
        self.concerned_seen = False  # a request's person was introduced: a second "người … dưới đây" is another

    # -- cues -------------------------------------------------------------------------------------
    def _role_at_start(self, key: str, text: str) -> tuple[str, str] | None:
        """(role, phrase) when `key` (folded from `text`) starts with a role phrase of the vocabulary."""
        padded = f"{key} "
        for phrase, role in self._starts.get(key.split(" ", 1)[0], ()):  # longest first
            if padded.startswith(f"{phrase} ") and self.index.printed(phrase, text):
                return role, phrase
        return None

    def _role_of_act(self, key: str) -> str | None:
        """The role a lead-in's act gives the person it introduces: "… đăng ký khai sinh cho người dưới
        đây:" → the one "được khai sinh"; "… tố cáo … của:" → the one "bị tố cáo"."""
        padded = f" {key} "
        for phrase, role in self.index.roles:
            for marker in ("nguoi duoc ", "nguoi bi "):
                if phrase.startswith(marker) and self.index.role_subject.get(role) == "person":
                    act = phrase[len(marker) :]
                    if len(act.split()) >= 2 and f" {act} " in padded:
                        return role
        return None

    def _person(self, role: str | None, evidence: str, how: str, confidence: float) -> Context:
        """A context for `role`; the first person a form describes under a role its filer may hold is
        the applicant (a representative filing for a child, a worker claiming a benefit)."""
        if role == "applicant":
            self.applicant_seen = True
            return Context("applicant", evidence, how, 1.0 if how in ("first_person", "label") else confidence)
        if (
            role is not None
            and not self.applicant_seen
            and not self.filer_named
            and self.index.role_may_file.get(role, False)
        ):
            self.applicant_seen = True
            return Context("applicant", f"{evidence} (the first person described: the one filing)", how, 0.9)
        return Context(role, evidence, how, confidence)

    def heading(self, text: str, styled: bool = False) -> None:
        """A line with no blank: it may open a section context (heading, lead-in, first-person sentence)."""
        cleaned = clean_label(_LETTER.sub("", text))[0]
        key = _words(cleaned)
        if not key or _SCOPE_NOTE.match(key):
            return
        intro = text.rstrip().endswith(":")
        if not (styled or intro or _is_heading(text) or _first_person(cleaned)):
            return  # a sentence running on ("thuộc vùng có điều kiện …"): the item goes on
        self.item = None
        self.document = None
        if " xac nhan cua " in f" {key} " or key.startswith("xac nhan"):
            self.section = Context(None, cleaned, "heading", 0.95)  # an official's confirmation block
            return
        stripped = _HEADING_PREFIX.sub("", key).strip()
        if intro and (_LEAD_IN_OTHER.search(key) or _REQUEST_FOR.search(key)):
            found = self._role_at_start(stripped, cleaned)
            role = found[0] if found else self._role_of_act(key)
            if role is None and (_CONCERNED.match(key) or _REQUEST_FOR.search(key)) and not self.concerned_seen:
                role = "person_concerned" if "person_concerned" in self.index.role_subject else None
            self.concerned_seen = self.concerned_seen or role == "person_concerned"
            self.section = Context(role, cleaned, "lead_in", 0.95)
            return
        found = self._role_at_start(stripped, cleaned)
        if found:
            self.section = self._person(found[0], cleaned, "heading", 0.95)
            return
        if _PARTY.match(stripped) and (intro or _is_heading(text)):
            filer_unknown = not self.filer_named and (self.party_filer or not self.applicant_seen)
            if " ca nhan " in f" {stripped} " and filer_unknown:
                # "Trường hợp hộ gia đình, cá nhân …" before the filer is described: the filer's own case
                self.applicant_seen = self.party_filer = True
                self.section = Context("applicant", f"{cleaned} (an individual: the one filing)", "heading", 0.9)
            else:
                self.section = Context(None, cleaned, "heading", 0.95)
            return
        if _first_person(cleaned) and len(key.split()) <= 40:
            words = set(_printed(cleaned))
            if intro and (words & (_HONORIFIC | _CHILD_WORDS) or self.index.split_roles(key, cleaned)[0]):
                # "Tôi làm đơn này cho con tôi là:": the writer introduces someone else
                self.section = Context(None, cleaned, "lead_in", 0.95)
                return
            self.section = Context("applicant", cleaned, "first_person", 1.0)
            self.applicant_seen = True
            return
        if (styled or _is_heading(cleaned)) and self.section.role is None:
            self.section = DEFAULT  # a new section about the filing itself

    def heading_document(self, text: str) -> None:
        self.note_document(text)

    def line(self, blank: Blank) -> None:
        """The first blank of a line: a numbered item ends the item context; a person at the line's
        start ("Cha: họ và tên", "Người bị kiện:", "Anh:") opens one."""
        left = blank.left
        if _NUMBERED.match(left) or blank.numbering:
            self.item = None
            self.document = None
        head = clean_label(left.split(":")[0])[0] if ":" in left else ""
        key = _words(head)
        if not key:
            return
        found = self._role_at_start(key, head)
        if found and key == found[1]:
            self.item = self._person(found[0], head, "line", 1.0)
        elif 0 < len(_printed(head)) <= 2 and set(_printed(head)) <= _HONORIFIC:
            # "Anh: …" under "… tố cáo … của:": the person the section introduced; else someone unnamed
            someone_else = self.section.role is not None and self.section.how == "lead_in"
            self.item = Context(self.section.role if someone_else else None, head, "line", 1.0)

    def label(self, blank: Blank, role: str | None, attribute: str | None, label_key: str) -> None:
        """A label that names a person opens an item context for it (a name label, or a role alone)."""
        if _first_person(blank.label):
            self.item = Context("applicant", blank.label, "first_person", 1.0)
            self.applicant_seen = True
            return
        if _ORGANISATION_NAME.match(label_key) and " ca nhan " not in f" {label_key} ":
            self.item = None
            if self.section.how == "default" and not self.applicant_seen and not self.filer_named:
                # "1. Tên cơ quan/tổ chức: ……" before anyone is described: the organisation files the form
                self.section = Context("business", blank.label, "label", 0.9)  # described first: the one filing
                self.applicant_seen = True
                return
            self.section = Context(None, blank.label, "label", 1.0)  # an organisation is described
            return
        printed = _printed(_PARENTHETICAL.sub(" ", blank.label))
        owner = printed[len(printed) - printed[::-1].index("của") :] if "của" in printed else []
        if len(owner) == 1 and owner[0] in _CHILD_WORDS and "child" in self.index.role_subject:
            self.item = Context("child", blank.label, "label", 1.0)
            return
        if owner and len(owner) <= 2 and set(owner) <= _HONORIFIC:
            self.item = Context(None, blank.label, "label", 1.0)
            return
        if role is not None and attribute == "full_name" and self.index.role_subject.get(role) == "person":
            self.item = self._person(role, blank.label, "label", 1.0)
        elif (
            role is None
            and (named := _NAME_LABEL.match(label_key))
            and _is_child_tail(_printed(_PARENTHETICAL.sub(" ", blank.label))[len(label_key[: named.end()].split()) :])
            and "child" in self.index.role_subject
        ):
            self.item = Context("child", blank.label, "label", 1.0)  # "Họ và tên con:", "Họ tên cháu"
        elif role is None and _NAME_LABEL.match(label_key) and re.search(r"\bnguoi\b", label_key):
            # "Họ và tên người đại diện cơ quan": a person the vocabulary has no role for
            self.item = (
                Context(None, blank.label, "label", 1.0)
                if self.applicant_seen or self.section.role is None  # "người đại diện cơ quan" of an organisation
                else self._person("applicant", blank.label, "label", 0.9)
            )

    def note_document(self, text: str) -> None:
        key = _words(text)
        found = _document_in(key, self.index)
        if found is not None:
            self.document = DocumentContext(found, clean_label(text)[0])

    @property
    def person(self) -> Context:
        return self.item or self.section


def _is_child_tail(words: list[str]) -> bool:
    """ "… con", "… của cháu": a name wording followed by one word for a child and nothing else."""
    words = [w for w in words if w != "của"]
    return len(words) == 1 and words[0] in _CHILD_WORDS


def _is_heading(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    upper = bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.8
    return upper or bool(re.match(r"^\s*(?:[IVX]+|[A-H]|\d{1,2})[.)]\s", text))


def _document_in(key: str, index: NamingIndex) -> str | None:
    """The first document `key` names: the head of "Hộ chiếu/giấy tờ đi lại … số", "Giấy CMND số"."""
    pattern, kinds = _document_pattern(index)
    found = pattern.search(f" {key} ")
    return kinds[found.group(0)] if found else None


@functools.lru_cache(maxsize=8)
def _document_pattern(index: NamingIndex) -> tuple[re.Pattern[str], dict[str, str]]:
    """One alternation of every document phrase, longest first: a search finds the first phrase of the
    line and, at one place, the longest ("giấy phép lái xe" over "giấy phép"). A phrase listed twice keeps
    its first kind."""
    kinds: dict[str, str] = {}
    for phrase in _ID_CARD:
        kinds.setdefault(phrase, "id_card")
    for phrase in _PASSPORT:
        kinds.setdefault(phrase, "passport")
    for phrase in _OTHER_DOCUMENTS:
        kinds.setdefault(phrase, "other")
    for phrase in _DECISION:
        kinds.setdefault(phrase, "decision" if "decision_number" in index.attr_subject else "other")
    for phrase, role in index.document_phrases:
        kinds.setdefault(phrase, role)
    ordered = sorted(kinds, key=len, reverse=True)
    return re.compile("(?<= )(?:" + "|".join(map(re.escape, ordered)) + ")(?= )"), kinds


def read_contexts(doc: Document, blanks: list[Blank], index: NamingIndex, matches: list[object]) -> list[BlankContext]:
    """The person and document context of every blank (same order as `blanks`).

    `matches` holds each blank's `LabelMatch` (or None): a name label naming a role opens a context.
    """
    reader = _Reader(index)
    for blank, match in zip(blanks, matches, strict=True):
        explicit_applicant = getattr(match, "role_explicit", False) and getattr(match, "role", None) == "applicant"
        if explicit_applicant or _first_person(blank.label):
            reader.filer_named = True
            break
    by_block: dict[int, list[int]] = {}
    for n, blank in enumerate(blanks):
        by_block.setdefault(blank.block, []).append(n)
    out: list[BlankContext | None] = [None] * len(blanks)
    last_block = max(by_block, default=-1)
    for block_index, block in enumerate(doc.blocks[: last_block + 1]):
        numbers = by_block.get(block_index)
        if numbers is None:
            if isinstance(block, Paragraph) and block.text.strip():
                reader.heading(" ".join(block.text.split()), block.heading or block.bold)
                reader.heading_document(block.text)
            continue
        line_key: str | None = None
        for n in numbers:
            blank = blanks[n]
            if blank.container != line_key:
                line_key = blank.container
                reader.line(blank)
            match = matches[n]
            role = getattr(match, "role", None) if getattr(match, "role_explicit", False) else None
            attribute = getattr(match, "attribute", None)
            reader.label(blank, role, attribute, _words(_PARENTHETICAL.sub(" ", blank.label)))
            reader.note_document(blank.left)
            out[n] = BlankContext(reader.person, reader.document, reader.section)
            if attribute and reader.person.role == "applicant" and index.attr_subject.get(attribute) == "person":
                reader.applicant_seen = True  # the filer has been described: a representative later is not them
        tail = blanks[numbers[-1]].right.strip()
        if tail.endswith(":") and _LEAD_IN_OTHER.search(_words(tail)):
            reader.heading(tail)  # "Là …… của người có tên dưới đây:": the line introduces the next person
    return [c if c is not None else BlankContext(DEFAULT, None, DEFAULT) for c in out]
