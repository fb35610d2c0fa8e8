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

__all__ = ["fold", "nfc", "nfc_deep"]

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
