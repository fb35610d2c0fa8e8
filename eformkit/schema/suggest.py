""" "Did you mean": the nearest valid names for an unknown one (rapidfuzz)."""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process

__all__ = ["did_you_mean", "suggestion_text"]


def did_you_mean(name: str, choices: Iterable[str], limit: int = 3, cutoff: float = 70.0) -> list[str]:
    """Up to `limit` choices close to `name`, best first."""
    pool = list(dict.fromkeys(choices))
    if not pool:
        return []
    found = process.extract(name, pool, scorer=fuzz.WRatio, limit=limit, score_cutoff=cutoff)
    return [match for match, _score, _idx in found]


def suggestion_text(name: str, choices: Iterable[str]) -> str | None:
    """'x' or 'x', 'y' for a finding's suggestion; None when nothing is close."""
    found = did_you_mean(name, choices)
    return ", ".join(f"'{f}'" for f in found) if found else None
