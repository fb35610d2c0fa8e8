"""Vietnamese text normalisation: one tone-mark placement, NFC, collapsed whitespace, and a name matching key.

Canonical style: the **traditional** placement ("hòa", "thúy", "khỏe"): in an open syllable ending in oa/oe/uy the
tone sits on the first vowel. It is the style of the NSO unit list and of most government data ("Khánh Hòa",
"Tuy Hòa"), so normalised citizen input meets registry values. The newer school style ("hoà", "thuý") is converted.
Syllables with a final consonant are identical in both styles ("hoàng", "thuyền") and are only repaired if misplaced.
"""

from __future__ import annotations

import re
import unicodedata

from eformkit.text import fold, nfc

__all__ = ["name_key", "normalize", "unify_tone_placement"]

_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền, sắc, ngã, hỏi, nặng
_VOWELS = frozenset("aăâeêioôơuưy")
_PRIMARY = frozenset("êơ")  # tone always lands here ("thuyền", "người")
_SECONDARY = frozenset("ăâôư")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_SPACES = re.compile(r"\s+", re.UNICODE)


def _tone_index(letters: list[str]) -> int | None:
    """Index (into `letters`, lower-case NFC without tone) where the tone belongs, or None if not a syllable."""
    start = 0
    if len(letters) > 2 and letters[0] == "q" and letters[1] == "u" and letters[2] in _VOWELS:
        start = 2  # "qu" is an onset: "quý", "quà"
    elif len(letters) > 2 and letters[0] == "g" and letters[1] == "i" and letters[2] in _VOWELS:
        start = 2  # "gi" before a vowel is an onset: "giữa", "già"
    vowel_at = [i for i in range(start, len(letters)) if letters[i] in _VOWELS]
    if not vowel_at or vowel_at[-1] - vowel_at[0] != len(vowel_at) - 1:
        return None  # no vowel, or vowels split by consonants: not one syllable
    for group in (_PRIMARY, _SECONDARY):
        marked = [i for i in vowel_at if letters[i] in group]
        if marked:
            return marked[-1] if group is _PRIMARY else marked[0]
    if len(vowel_at) == 1:
        return vowel_at[0]
    if vowel_at[-1] < len(letters) - 1:
        return vowel_at[-1]  # closed syllable: "hoàng", "huỳnh", "hoạch"
    if len(vowel_at) == 3:
        return vowel_at[1]  # "ngoài", "khuỷu", "xoáy"
    return vowel_at[0]  # open two-vowel: "hòa", "thúy", "mùa", "khỏe" (traditional style)


def _fix_word(word: str) -> str:
    letters: list[str] = []  # NFC letter without its tone
    tones: list[str] = []
    for ch in unicodedata.normalize("NFD", word):
        if unicodedata.combining(ch):
            if not letters:
                return word
            if ch in _TONES:
                tones.append(ch)
            else:
                letters[-1] = unicodedata.normalize("NFC", letters[-1] + ch)
        else:
            letters.append(ch)
    if len(tones) != 1:
        return word  # no tone to move, or not a Vietnamese syllable
    target = _tone_index([c.lower() for c in letters])
    if target is None:
        return word
    letters[target] += tones[0]
    return unicodedata.normalize("NFC", "".join(letters))


def unify_tone_placement(s: str) -> str:
    """Return `s` (NFC) with every syllable's tone mark in the traditional position ("hoà" → "hòa", "thuý" → "thúy")."""
    return _WORD.sub(lambda m: _fix_word(m.group(0)), nfc(s))


def normalize(s: str) -> str:
    """Return `s` as NFC with unified tone placement and whitespace collapsed to single spaces, trimmed."""
    return _SPACES.sub(" ", unify_tone_placement(s)).strip()


def name_key(s: str) -> str:
    """Return the matching key of a person or place name: `fold` of the normalised text ("Nguyễn Thị Hoà" → "nguyen
    thi hoa")."""
    return fold(normalize(s))
