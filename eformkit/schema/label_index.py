"""Deterministic label → element matching on folded keys (the exact layer; fuzzy matching builds on it).

A printed label such as "7. Họ, chữ đệm và tên chủ hộ(3):" is cleaned (numbering, footnote marks,
trailing colon and "(nếu có)"-style parentheticals removed), folded, split into a role phrase (the
longest role variant found at its end, e.g. "chủ hộ") and an attribute phrase, and looked up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from eformkit.packs import Pack
from eformkit.schema.vocabulary import Vocabulary
from eformkit.text import fold

__all__ = ["LabelIndex", "clean_label", "label_index"]

_NUMBERING = re.compile(r"^\s*(?:\[\d+\]|\d+(?:\.\d+)*[.)]?|[a-zđ][.)]|[IVX]+\.)\s+", re.IGNORECASE)
_FOOTNOTE = re.compile(r"\(\s*\d+\s*\)|\*+")
_PAREN = re.compile(r"\([^)]*\)")


def clean_label(label: str) -> str:
    """The label without numbering, footnote marks, parentheticals and trailing punctuation."""
    text = _NUMBERING.sub("", label)
    text = _FOOTNOTE.sub(" ", text)
    text = _PAREN.sub(" ", text)
    return text.strip(" :.…_\t")


@dataclass
class LabelIndex:
    """Folded attribute wordings and role phrases of one vocabulary."""

    vocabulary: Vocabulary
    attributes: dict[str, str] = field(default_factory=dict)  # folded wording -> attribute
    roles: list[tuple[str, str]] = field(default_factory=list)  # (folded role phrase, role), longest first

    def split(self, folded: str) -> tuple[str | None, str]:
        """(role, attribute phrase) for a folded label; role None when no role phrase ends it."""
        for phrase, role in self.roles:
            if folded.endswith(" " + phrase) and folded != phrase:
                rest = folded[: -len(phrase) - 1].strip()
                # "Số định danh cá nhân của chủ hộ": the possessive joins attribute and role
                return role, rest.removesuffix(" cua").strip()
        return None, folded

    def match(self, label: str) -> str | None:
        """The element id the label names exactly (after cleaning and folding), or None."""
        folded = fold(clean_label(label))
        attribute = self.attributes.get(folded)
        role: str | None = None
        if attribute is None:
            role, rest = self.split(folded)
            attribute = self.attributes.get(rest)
            if attribute is None:
                return None
        subject = self.vocabulary.attributes[attribute].subject
        if role is None:
            role = (
                "applicant"
                if subject == "person"
                else next((r for r, spec in self.vocabulary.roles.items() if spec.subject == subject), None)
            )
        if role is None or self.vocabulary.roles[role].subject != subject:
            return None
        return f"{role}.{attribute}"


@cache
def _index_for(pack: Pack) -> LabelIndex:
    vocab = pack.vocabulary
    index = LabelIndex(vocab)
    for name, attr in vocab.attributes.items():
        for wording in [attr.label.vi, *attr.variants]:
            index.attributes.setdefault(fold(clean_label(wording)), name)
    phrases: list[tuple[str, str]] = []
    for name, role in vocab.roles.items():
        for wording in [role.label.vi, *role.variants]:
            phrases.append((fold(wording), name))
    index.roles = sorted(set(phrases), key=lambda p: -len(p[0]))
    return index


def label_index(pack: Pack) -> LabelIndex:
    """The (cached) label index of `pack`'s vocabulary."""
    return _index_for(pack)
