"""Decode text typed in the pre-Unicode Vietnamese encodings TCVN3 (ABC) and VNI into Unicode NFC.

Old Word templates still carry runs in `.VnTime` (TCVN3) or `VNI-Times` (VNI) fonts. Their bytes surface as Latin-1
characters ("Hä vµ tªn"); which table applies is known only from the run's font, so detection goes by font name,
never by content. TCVN3 has no upper-case toned letters: headings use a twin font (`.VnTimeH`) that draws every
letter upper case, so the case lives in the font and `decode(..., upper=True)` restores it.

Tables written from the TCVN 5712:1993 (VN3) layout and the VNI Windows layout, cross-checked against the
MIT-licensed `viparse` 0.1.31 tables (© 2026 minhtridinh). VNI is composite: base letter + one modifier character.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from eformkit.text import nfc

__all__ = ["Encoding", "decode", "detect_font_encoding", "is_uppercase_font"]

Encoding = Literal["tcvn3", "vni"]

# --- TCVN3: one byte per letter; each group lists the letters in the order of the code points on the right. ---
_TCVN3_GROUPS: tuple[tuple[str, tuple[int, ...]], ...] = (
    ("ĂÂÊÔƠƯĐ", (0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7)),
    ("ăâêôơưđ", (0xA8, 0xA9, 0xAA, 0xAB, 0xAC, 0xAD, 0xAE)),
    ("àảãáạ", (0xB5, 0xB6, 0xB7, 0xB8, 0xB9)),
    ("ằẳẵắặ", (0xBB, 0xBC, 0xBD, 0xBE, 0xC6)),
    ("ầẩẫấậ", (0xC7, 0xC8, 0xC9, 0xCA, 0xCB)),
    ("èẻẽéẹ", (0xCC, 0xCE, 0xCF, 0xD0, 0xD1)),
    ("ềểễếệ", (0xD2, 0xD3, 0xD4, 0xD5, 0xD6)),
    ("ìỉĩíị", (0xD7, 0xD8, 0xDC, 0xDD, 0xDE)),
    ("òỏõóọ", (0xDF, 0xE1, 0xE2, 0xE3, 0xE4)),
    ("ồổỗốộ", (0xE5, 0xE6, 0xE7, 0xE8, 0xE9)),
    ("ờởỡớợ", (0xEA, 0xEB, 0xEC, 0xED, 0xEE)),
    ("ùủũúụ", (0xEF, 0xF1, 0xF2, 0xF3, 0xF4)),
    ("ừửữứự", (0xF5, 0xF6, 0xF7, 0xF8, 0xF9)),
    ("ỳỷỹýỵ", (0xFA, 0xFB, 0xFC, 0xFD, 0xFE)),
)
TCVN3_TABLE: dict[str, str] = {
    chr(code): letter for letters, codes in _TCVN3_GROUPS for letter, code in zip(letters, codes, strict=True)
}
"""TCVN3 surface character (Latin-1) → Unicode letter."""

# --- VNI: base letter + modifier; tones in the order acute, grave, hook, tilde, dot below. ---
_TONELESS = "aeiouy"
_TONES = ("\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
_MOD_TONE = "ùøûõï"  # plain vowel + tone
_MOD_CIRCUMFLEX = "âáàåãä"  # â ê ô: bare, then + each tone
_MOD_BREVE = "êéèúüë"  # ă: bare, then + each tone
_VNI_SINGLE = {"đ": "ñ", "ơ": "ô", "ư": "ö", "ì": "ì", "í": "í", "ỉ": "æ", "ĩ": "ó", "ị": "ò"}


def _vni_lower_table() -> dict[str, str]:
    """Lower-case Unicode letter → VNI sequence."""

    def toned(base: str, tone: str) -> str:
        return unicodedata.normalize("NFC", base + tone)

    table: dict[str, str] = dict(_VNI_SINGLE)
    for vowel in _TONELESS:
        for tone, mod in zip(_TONES, _MOD_TONE, strict=True):
            table.setdefault(toned(vowel, tone), vowel + mod)
    for base, marked in (("a", "â"), ("e", "ê"), ("o", "ô")):
        table[marked] = base + _MOD_CIRCUMFLEX[0]
        for tone, mod in zip(_TONES, _MOD_CIRCUMFLEX[1:], strict=True):
            table[toned(marked, tone)] = base + mod
    table["ă"] = "a" + _MOD_BREVE[0]
    for tone, mod in zip(_TONES, _MOD_BREVE[1:], strict=True):
        table[toned("ă", tone)] = "a" + mod
    for marked in "ơư":
        for tone, mod in zip(_TONES, _MOD_TONE, strict=True):
            table[toned(marked, tone)] = _VNI_SINGLE[marked] + mod
    return table


def _vni_tables() -> tuple[dict[str, str], dict[str, str]]:
    """(Unicode letter → VNI sequence, VNI sequence → Unicode letter), both cases."""
    lower = _vni_lower_table()
    encode = dict(lower)
    for letter, seq in lower.items():
        encode[letter.upper()] = seq.upper()  # VNI upper case: upper base and upper modifier ("AØ" = "À")
    decode_ = {seq: letter for letter, seq in encode.items()}
    # Be lenient with a modifier whose case differs from its base ("Aø"): the base decides.
    for letter, seq in lower.items():
        if len(seq) == 2:
            decode_.setdefault(seq[0].upper() + seq[1], letter.upper())
            decode_.setdefault(seq[0] + seq[1].upper(), letter)
    return encode, decode_


VNI_ENCODE, VNI_TABLE = _vni_tables()
"""VNI_ENCODE: Unicode letter → VNI sequence; VNI_TABLE: VNI sequence (1–2 characters) → Unicode letter."""

_TCVN3_RE = re.compile("[" + re.escape("".join(TCVN3_TABLE)) + "]")
_VNI_RE = re.compile("|".join(re.escape(seq) for seq in sorted(VNI_TABLE, key=len, reverse=True)))
# Symbol-font extraction sometimes shifts bytes into the private use area (U+F0xx); shift them back.
_PUA_RE = re.compile("[\uf020-\uf0ff]")


def detect_font_encoding(font_name: str) -> Encoding | None:
    """Return the legacy encoding implied by a font name: ".VnTime", ".VnArialH" → "tcvn3"; "VNI-Times" → "vni"."""
    name = font_name.strip().casefold()
    if name.startswith(".vn"):
        return "tcvn3"
    if re.match(r"vni[-_ ]", name):
        return "vni"
    return None


def is_uppercase_font(font_name: str) -> bool:
    """Return True for the TCVN3 capitals-only fonts (".VnTimeH", ".VnArialH"), whose text must be upper-cased."""
    name = font_name.strip()
    return detect_font_encoding(name) == "tcvn3" and name.endswith("H")


def decode(text: str, encoding: Encoding, *, upper: bool = False) -> str:
    """Return `text` (legacy bytes read as Latin-1 characters) as Unicode NFC; `upper` for a capitals-only font.

    Characters outside the table (ASCII, digits, punctuation) pass through unchanged.
    """
    text = _PUA_RE.sub(lambda m: chr(ord(m.group(0)) - 0xF000), text)
    if encoding == "tcvn3":
        out = _TCVN3_RE.sub(lambda m: TCVN3_TABLE[m.group(0)], text)
    elif encoding == "vni":
        out = _VNI_RE.sub(lambda m: VNI_TABLE[m.group(0)], text)
    else:
        raise ValueError(f"unknown legacy encoding {encoding!r}")
    return nfc(out.upper() if upper else out)
