"""Text at the boundaries: NFC normalisation and the folded key used for matching.

Everything that enters eformkit (YAML, submissions, registry values, template text) is normalised to
NFC; output keeps full diacritics. Matching never compares raw text: it compares `fold()` keys, which
drop combining marks, map stroked letters (đ→d) that Unicode does not decompose, casefold, and collapse
punctuation and whitespace, so "Họ, chữ đệm và tên" and "HO CHU DEM VA TEN" meet.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

__all__ = ["fold", "mask_id", "nfc", "nfc_deep", "nfc_stable_pattern"]

# Letters with a stroke or ligature that NFD leaves whole; fold them to their base letter.
_STROKES = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "ß": "ss"})
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def nfc(text: str) -> str:
    """Return `text` in Unicode NFC (cheap when it already is)."""
    if text.isascii() or unicodedata.is_normalized("NFC", text):  # the quick check is ~10x cheaper than normalize
        return text
    return unicodedata.normalize("NFC", text)


def nfc_deep(value: Any) -> Any:
    """Return `value` with every string inside dicts and lists normalised to NFC (keys too)."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, dict):
        return {nfc(k) if isinstance(k, str) else k: nfc_deep(v) for k, v in value.items()}
    if isinstance(value, list):
        return [nfc_deep(v) for v in value]
    return value


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Return the matching key of `text`: no marks, đ→d, casefolded, punctuation collapsed to one space."""
    decomposed = unicodedata.normalize("NFD", text.translate(_STROKES))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", stripped.translate(_STROKES).casefold()).strip()


# Where the fast check looks: the blocks Latin-script forms are written in (ASCII, Latin-1, Latin Extended
# A/B, Latin Extended Additional with Vietnamese's precomposed letters, punctuation, currency, letterlike
# symbols), plus tab and line breaks. Text outside them is not refused, only checked the slow way.
_STABLE_BLOCKS = ((0x09, 0x0A), (0x0D, 0x0D), (0x20, 0x7E), (0xA0, 0x24F), (0x1E00, 0x1EFF), (0x2000, 0x214F))


def _character_class(code_points: list[int]) -> str:
    """The body of an ECMA-262 character class holding exactly `code_points` (ascending)."""
    ranges: list[tuple[int, int]] = []
    for cp in code_points:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1] = (ranges[-1][0], cp)
        else:
            ranges.append((cp, cp))
    return "".join(f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges)


@lru_cache(maxsize=1)
def nfc_stable_pattern() -> str:
    """An ECMA-262 pattern for text already in NFC, over the blocks above, that is not blank: some
    character is not white space (`str.isspace`, as cleaning reads it: blank text counts as absent).

    A character qualifies when it is a starter (combining class 0) and NFC leaves it alone. A string of
    such characters is in NFC when none of them composes with the character before it, which holds in
    these blocks: no character of theirs is the second part of a canonical decomposition (the test of
    this function checks that against the whole Unicode database)."""
    admitted = [
        cp
        for lo, hi in _STABLE_BLOCKS
        for cp in range(lo, hi + 1)
        if not unicodedata.combining(chr(cp)) and unicodedata.normalize("NFC", chr(cp)) == chr(cp)
    ]
    spaces = [cp for cp in admitted if chr(cp).isspace()]
    others = [cp for cp in admitted if not chr(cp).isspace()]
    # Leading white space, then the first other character: one way to match, so no backtracking.
    return f"^[{_character_class(spaces)}]*[{_character_class(others)}][{_character_class(admitted)}]*$"


def mask_id(subject: str) -> str:
    """A subject's ID as messages, logs and pages may show it: the first three and last two characters
    (the province prefix and a check for the citizen, ``066*******34``), the rest starred; short ones wholly."""
    return subject[:3] + "*" * (len(subject) - 5) + subject[-2:] if len(subject) >= 8 else "*" * len(subject)
