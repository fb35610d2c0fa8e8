"""Naming: a printed label → a vocabulary element `role.attribute`, with a confidence, or nothing.

Deterministic layers first (the folded label equals an attribute wording; a role phrase such as
"chủ hộ" or "người mẹ" is split off and the rest equals an attribute wording), then rapidfuzz over the
same wordings. Below `THRESHOLD` a label is not bound: it becomes a form-specific field
(`field_id`), never forced onto an element.

Matching is script-aware: a label printed with Vietnamese letters is fuzzy-matched only against
Vietnamese wordings, a plain-ASCII label only against English ones ("năm" is never "Name"), and short
keys are never fuzzy-matched. A role phrase after "với" is the object of a relation ("Quan hệ với người
chết"), not whose blank it is. Work per label is linear in its length and capped (`MAX_LABEL`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from rapidfuzz import fuzz, process

from eformkit.schema.convert.labels import clean_label
from eformkit.schema.vocabulary import Vocabulary
from eformkit.text import fold, nfc

__all__ = [
    "MAX_LABEL",
    "ROLE_ALONE",
    "THRESHOLD",
    "LabelMatch",
    "NamingIndex",
    "field_id",
    "match_collection",
    "match_label",
    "naming_index",
]

THRESHOLD = 0.8  # bind a label only at or above this confidence
ROLE_ALONE = "(a person named alone: their name)"  # the variant of "Người khởi kiện: ……" matches
MAX_LABEL = 400  # characters of a label read for naming: a longer "label" is running text, its tail names it
_FUZZY_CUTOFF = 85.0
_FUZZY_MIN = 8  # folded keys shorter than this match exactly or not at all ("nam" / "name")
_OBJECT_MARKERS = frozenset({"voi"})  # "quan hệ với <role>": the role is the relation's object
_WORD = re.compile(r"\w+")
_ID_PAPERS = ("cmnd", "cmtnd", "cccd", "can cuoc", "chung minh", "dinh danh")
# Trailing words that do not change what a label names ("Số CCCD đã được cấp", "Email (nếu có)").
_TRAILING_FILLER = re.compile(r"(?:\s+(?:da duoc cap|duoc cap|da cap|neu co|cua toi))+$")
_PAREN = re.compile(r"\([^)]*\)")
_CONNECTORS = ("cua", "la", "voi")
_CACHE_LIMIT = 65536
# Abbreviations printed on real forms, expanded only when the label as printed matched nothing.
_ABBREVIATIONS = {
    "ddhp": "dai dien hop phap",
    "ddcn": "dinh danh ca nhan",
    "cmnd": "chung minh nhan dan",
    "cccd": "can cuoc cong dan",
    "dt": "dien thoai",
    "sdt": "so dien thoai",
}


@dataclass(frozen=True, slots=True)
class LabelMatch:
    """A label bound to a vocabulary element."""

    element: str
    role: str
    attribute: str
    confidence: float
    variant: str  # the vocabulary wording that matched
    role_explicit: bool = False  # the label itself named the role


def _get(obj: Any, name: str, default: Any = None) -> Any:
    return obj.get(name, default) if isinstance(obj, Mapping) else getattr(obj, name, default)


def _label_vi(obj: Any) -> str:
    label = _get(obj, "label")
    if isinstance(label, str):
        return label
    return str(_get(label, "vi", "") or "")


def _label_en(obj: Any) -> str:
    label = _get(obj, "label")
    return "" if isinstance(label, str) or label is None else str(_get(label, "en", "") or "")


class NamingIndex:
    """Folded wordings of one vocabulary, precomputed once: the attribute table, role phrases, fuzzy choices.

    Accepts the pack's `Vocabulary` model or the plain mapping of its YAML (same keys).
    """

    def __init__(self, vocabulary: Vocabulary | Mapping[str, Any]) -> None:
        roles: Mapping[str, Any] = _get(vocabulary, "roles", {}) or {}
        attributes: Mapping[str, Any] = _get(vocabulary, "attributes", {}) or {}
        collections: Mapping[str, Any] = _get(vocabulary, "collections", {}) or {}
        self.attr_subject = {name: str(_get(a, "subject", "person")) for name, a in attributes.items()}
        self.attr_type = {name: str(_get(a, "type", "text")) for name, a in attributes.items()}
        self.role_subject = {name: str(_get(r, "subject", "person")) for name, r in roles.items()}
        self.role_may_file = {name: bool(_get(r, "may_file", False)) for name, r in roles.items()}
        self.role_linked = {name: bool(_get(r, "linked", True)) for name, r in roles.items()}
        self.attr_default_role = {name: _get(a, "default_role") for name, a in attributes.items()}
        self.attr_origin = {name: str(_get(a, "origin", "population")) for name, a in attributes.items()}
        self.attributes: dict[str, tuple[str, str]] = {}  # folded wording → (attribute, wording)
        # wordings that fold alike but print differently ("Khóa" / "Khoa"): told apart by their letters
        self._printed_attr: dict[str, dict[str, tuple[str, str]]] = {}
        english: set[str] = set()
        for name, attr in attributes.items():
            for wording in [_label_vi(attr), *(_get(attr, "variants", []) or [])]:
                key = fold(nfc(wording))
                if not key:
                    continue
                self._printed_attr.setdefault(key, {})[nfc(wording).lower()] = (name, wording)
                self.attributes.setdefault(key, (name, wording))
        self._printed_attr = {
            k: v for k, v in self._printed_attr.items() if len({name for name, _ in v.values()}) > 1
        }
        for name, attr in attributes.items():
            key = fold(nfc(_label_en(attr)))
            if key and key not in self.attributes:
                self.attributes[key] = (name, _label_en(attr))
                english.add(key)
        self._first_wording: dict[str, str] = {}
        for attribute, wording in self.attributes.values():
            self._first_wording.setdefault(attribute, wording)
        self.roles: list[tuple[str, str]] = []  # (folded phrase, role), longest first
        for name, role in roles.items():
            if str(_get(role, "subject", "person")) == "submission":
                continue  # the filing is named by its attributes, never by a role word ("hồ sơ")
            for wording in [_label_vi(role), *(_get(role, "variants", []) or [])]:
                key = fold(nfc(wording))
                if key:
                    self.roles.append((key, name))
        self.roles.sort(key=lambda item: -len(item[0]))
        # one-word role wordings as printed ("bố", "mẹ"): folded they collide with other words ("bổ sung")
        self._printed: dict[str, set[str]] = {}
        for role in roles.values():
            for wording in [_label_vi(role), *(_get(role, "variants", []) or [])]:
                key = fold(nfc(wording))
                if key and " " not in key:
                    self._printed.setdefault(key, set()).add(nfc(wording).lower())
        self._role_by_phrase = {phrase: role for phrase, role in reversed(self.roles)}
        # Only phrases whose first word occurs in a label can match it: index them by that word.
        self._roles_by_word: dict[str, list[tuple[int, str, str]]] = {}
        for order, (phrase, role) in enumerate(self.roles):
            self._roles_by_word.setdefault(phrase.split()[0], []).append((order, phrase, role))
        # document roles by their folded wordings ("giấy phép lái xe" → driving_licence), longest first
        self.document_phrases = [(p, r) for p, r in self.roles if self.role_subject.get(r) == "document"]
        self.collections: dict[str, str] = {}
        for name, coll in collections.items():
            for wording in [_label_vi(coll), *(_get(coll, "variants", []) or [])]:
                self.collections[fold(nfc(wording))] = name
        # ratio >= 85 needs lengths within a factor of 0.85/1.15 of each other: bucket choices by length,
        # one list per script (Vietnamese wordings, English labels)
        self._choices: dict[bool, tuple[list[str], list[int]]] = {}
        for is_english in (False, True):
            chosen = sorted((k for k in self.attributes if (k in english) == is_english), key=len)
            self._choices[is_english] = (chosen, [len(c) for c in chosen])
        self._max_words = max((len(k.split()) for k in self.attributes), default=1)
        self._cache: dict[str, LabelMatch | None] = {}

    def default_role(self, attribute: str) -> str | None:
        declared = self.attr_default_role.get(attribute)
        if declared:
            return str(declared)
        subject = self.attr_subject.get(attribute)
        if subject == "person":
            return "applicant"
        if subject == "organisation":
            return "business" if "business" in self.role_subject else None
        if subject == "submission":
            return "submission" if "submission" in self.role_subject else None
        return None  # a document attribute needs the document named

    def _make(self, attribute: str, role: str | None, confidence: float, explicit: bool) -> LabelMatch | None:
        role = role or self.default_role(attribute)
        if role is None or self.role_subject.get(role) != self.attr_subject.get(attribute):
            return None
        return LabelMatch(
            f"{role}.{attribute}", role, attribute, round(confidence, 3), self.attributes_by_name(attribute), explicit
        )

    def attributes_by_name(self, attribute: str) -> str:
        """The first wording of `attribute` (its label), from a table built once."""
        return self._first_wording.get(attribute, attribute)

    def printed(self, phrase: str, text: str) -> bool:
        """Whether a role phrase found in the folded text is really printed in `text`: a one-word wording
        must appear with its own letters when the text has Vietnamese letters ("bổ sung" is not "bố")."""
        forms = self._printed.get(phrase)
        if not forms or text.isascii():
            return True
        return bool(forms & set(_WORD.findall(nfc(text).lower())))

    def split_roles(self, key: str, text: str = "") -> tuple[list[str], str]:
        """Role names whose phrase occurs in `key` as whole words, and `key` with those phrases removed.
        `text` is the printed label `key` was folded from (one-word role wordings are checked against it)."""
        found: list[str] = []
        words = key.split()
        by_word = self._roles_by_word
        candidates = [c for word in words if word in by_word for c in by_word[word] if self.printed(c[1], text)]
        if candidates:
            candidates = sorted(set(candidates))  # longest phrase first, each once
            rest = f" {key} "
            for _order, phrase, role in candidates:
                at = rest.find(f" {phrase} ")
                if at >= 0 and rest.strip() != phrase:
                    before = rest[:at].split()
                    rest = rest.replace(f" {phrase} ", " ")
                    if before and before[-1] in _OBJECT_MARKERS:
                        continue  # "quan hệ với người chết": whom it relates to, not whose it is
                    if role not in found:
                        found.append(role)
            words = rest.split()
        while words and words[-1] in _CONNECTORS:
            words.pop()
        return found, " ".join(words)

    def _exact(self, key: str, roles: list[str], confidence: float) -> LabelMatch | None:
        hit = self.attributes.get(key)
        if hit is None:
            return None
        role = roles[0] if roles else None
        penalty = 0.35 if len(roles) > 1 else 0.0  # "cha/mẹ/giám hộ": whose is it? an author decides
        return self._make(hit[0], role, confidence - penalty, bool(roles))

    def _fuzzy(self, key: str, english: bool) -> tuple[str, float] | None:
        if len(key) < _FUZZY_MIN:
            return None
        choices, lengths = self._choices[english]
        low = bisect_left(lengths, int(len(key) * 0.73))
        high = bisect_right(lengths, int(len(key) / 0.73) + 1)
        best = process.extractOne(key, choices[low:high], scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF)
        if best is None:
            return None
        return self.attributes[best[0]][0], float(best[1]) / 100.0

    def match(self, label: str) -> LabelMatch | None:
        cached = self._cache.get(label, False)
        if cached is not False:
            return cached  # type: ignore[return-value]
        result = self._match(label)
        if len(self._cache) < _CACHE_LIMIT:
            self._cache[label] = result
        return result

    def _match(self, label: str) -> LabelMatch | None:
        if len(label) > MAX_LABEL:
            label = label[-MAX_LABEL:]  # running text: its last words name the blank
        found = self._match_text(clean_label(nfc(label))[0])
        if found is None:
            legacy = _tcvn3(label)
            if legacy is not None:
                found = self._match_text(clean_label(legacy)[0])
        return found

    def _match_text(self, text: str) -> LabelMatch | None:
        colliding = self._printed_attr.get(fold(text))
        if colliding is not None:
            hit = colliding.get(" ".join(text.lower().split()))
            return self._make(hit[0], None, 1.0, False) if hit else None  # unaccented: either, so neither
        keys = [_TRAILING_FILLER.sub("", fold(text)).strip() or fold(text)]
        bare = fold(_PAREN.sub(" ", text))
        if bare != keys[0]:
            keys.append(bare)
        splits = {key: self.split_roles(key, text) for key in keys}
        for key in keys:
            found = self._exact(key, [], 1.0)
            if found:
                return found
            roles, rest = splits[key]
            found = self._exact(rest, roles, 0.95) if rest != key else None  # roles split off (or objects)
            if found:
                return found
            if not roles and key in self._role_by_phrase:
                roles, rest = [self._role_by_phrase[key]], ""
            if len(roles) == 1 and not rest and "full_name" in self.attr_subject:
                # a role alone ("Người khởi kiện:", "Người nộp hồ sơ:"): that person's name
                found = self._make("full_name", roles[0], 0.9, True)
                if found:
                    return replace(found, variant=ROLE_ALONE)
        candidates: list[LabelMatch] = []
        fuzzed: set[str] = set()
        english = text.isascii()  # Vietnamese letters: Vietnamese wordings only; plain ASCII: English only
        for key in keys:
            roles, rest = splits[key]
            probes: tuple[tuple[str, list[str]], ...] = ((key, []), (rest, roles)) if rest != key else ((key, []),)
            for probe, probe_roles in probes:
                if probe in fuzzed:
                    continue
                fuzzed.add(probe)
                fuzzy = self._fuzzy(probe, english)
                if fuzzy:
                    made = self._make(
                        fuzzy[0],
                        probe_roles[0] if probe_roles else None,
                        fuzzy[1] * 0.95 - (0.35 if len(probe_roles) > 1 else 0.0),
                        bool(probe_roles),
                    )
                    if made:
                        candidates.append(made)
        alternatives = self._alternatives(text)
        candidates.extend(alternatives)
        if candidates:
            return max(candidates, key=lambda m: m.confidence)
        expanded = " ".join(_ABBREVIATIONS.get(word, word) for word in keys[-1].split())
        if expanded != keys[-1]:
            roles, rest = self.split_roles(expanded)
            found = self._exact(rest, roles, 0.9) if roles else self._exact(expanded, [], 0.9)
            if found:
                return found
        return self._clause(text, keys[-1])

    def _clause(self, text: str, key: str) -> LabelMatch | None:
        """Weaker evidence: the first comma clause is a wording ("Nghề nghiệp, nơi làm việc"), or a wording
        of three words or more ends the label ("… tên gọi khác")."""
        if "," in text:
            first, _, after = _PAREN.sub(" ", text).partition(",")
            roles, rest = self.split_roles(fold(first))
            hit = self.attributes.get(rest)
            if hit and len(after.split()) <= 4:  # "Nghề nghiệp, nơi làm việc"; not a clause of a long sentence
                return self._make(hit[0], roles[0] if roles else None, 0.82, bool(roles))
        words = key.split()
        # only suffixes as long as the longest wording can match: linear in the label's length
        for start in range(max(1, len(words) - self._max_words), len(words) - 2):
            hit = self.attributes.get(" ".join(words[start:]))
            if hit:
                return self._make(hit[0], None, 0.8, False)
        return None

    def _alternatives(self, text: str) -> list[LabelMatch]:
        """ "Số CCCD/ĐDCN/Hộ chiếu", "Số định danh cá nhân/CMND": each slash alternative, the head word shared."""
        if "/" not in text and " hoặc " not in text:
            return []
        parts = [p.strip() for p in re.split(r"/| hoặc ", _PAREN.sub(" ", text)) if p.strip()]
        head = parts[0].split()[0] if parts and parts[0].split() else ""
        out: list[LabelMatch] = []
        for i, part in enumerate(parts):
            probe = part if i == 0 or fold(part).startswith(fold(head)) else f"{head} {part}"
            roles, rest = self.split_roles(fold(probe))
            hit = self.attributes.get(rest)
            if hit and not any(self._names_role(fold(p)) for p in parts[1:]):
                made = self._make(hit[0], roles[0] if roles else None, 0.9, bool(roles))
                if made:
                    out.append(made)
        # a number that may be any of several cards: the personal ID is the one the registry holds
        ids = [m for m in out if self.attr_type.get(m.attribute) == "personal_id"]
        if ids:
            return ids
        key = f" {fold(text)} "
        if " ho chieu " in key and any(f" {c} " in key for c in _ID_PAPERS) and "id_document" in self.attr_subject:
            # "Giấy CMND/Thẻ căn cước/Hộ chiếu số": whichever identity paper the citizen holds
            made = self._make("id_document", None, 0.9, False)
            return [made] if made else []
        return out[:1]

    def _names_role(self, key: str) -> bool:
        padded = f" {key} "
        return any(
            f" {phrase} " in padded for word in set(key.split()) for _o, phrase, _r in self._roles_by_word.get(word, ())
        )

    def collection(self, text: str) -> str | None:
        key = fold(clean_label(nfc(text))[0])
        for wording, name in self.collections.items():
            if wording and wording in key:
                return name
        return None


_ABOVE_LATIN1 = re.compile("[^\x00-\xff]")
_HIGH_LATIN1 = re.compile("[\xa1-\xff]")


def _tcvn3(label: str) -> str | None:
    """The label decoded from TCVN3 when it looks like TCVN3 bytes read as Latin-1 ("Hä vµ tªn").

    Readers decode by font; this content check is only a last resort for labels that arrive without one.
    """
    # Unicode Vietnamese has letters above U+00FF; TCVN3 read as Latin-1 has none, and has some in A1-FF.
    if label.isascii() or _ABOVE_LATIN1.search(label) or not _HIGH_LATIN1.search(label):
        return None
    try:
        from eformkit.packs.vn.legacy_encodings import decode
    except ImportError:
        return None
    return decode(label, "tcvn3")


_INDEXES: dict[int, tuple[object, NamingIndex]] = {}


def naming_index(vocabulary: Vocabulary | Mapping[str, Any] | NamingIndex) -> NamingIndex:
    """The (cached) index of a vocabulary object."""
    if isinstance(vocabulary, NamingIndex):
        return vocabulary
    entry = _INDEXES.get(id(vocabulary))
    if entry is None or entry[0] is not vocabulary:
        entry = (vocabulary, NamingIndex(vocabulary))
        _INDEXES[id(vocabulary)] = entry
    return entry[1]


def match_label(label: str, vocabulary: Vocabulary | Mapping[str, Any] | NamingIndex) -> LabelMatch | None:
    """The element a printed label names, with a confidence in 0..1, or None when nothing fits.

    Callers bind only matches with `confidence >= THRESHOLD`; lower ones are suggestions for review.
    """
    return naming_index(vocabulary).match(label)


def match_collection(text: str, vocabulary: Vocabulary | Mapping[str, Any] | NamingIndex) -> str | None:
    """The collection ("household.members") a table caption or heading names, or None."""
    return naming_index(vocabulary).collection(text)


def field_id(label: str, taken: set[str] | None = None) -> str:
    """A form-specific snake_case ASCII id from the folded label ("Nội dung đề nghị" → noi_dung_de_nghi)."""
    words = fold(clean_label(label)[0]).split()
    out: list[str] = []
    for word in words:
        if len("_".join([*out, word])) > 40:
            break
        out.append(word)
    name = re.sub(r"[^a-z0-9_]", "", "_".join(out)) or "field"
    if name[0].isdigit():
        name = f"f_{name}"
    if taken is not None:
        base, n = name, 2
        while name in taken:
            name, n = f"{base}_{n}", n + 1
        taken.add(name)
    return name
