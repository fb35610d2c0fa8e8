"""Run `check` (the form loader and lints) over a converter draft: what the issue calls "the draft passes"."""

from __future__ import annotations

from eformkit.errors import Finding, Severity
from eformkit.packs import Pack, load_pack
from eformkit.schema.form import parse_form
from eformkit.schema.lints import run_lints

_PACK: list[Pack] = []


def pack() -> Pack:
    if not _PACK:
        _PACK.append(load_pack("vn"))
    return _PACK[0]


def draft_errors(yaml_text: str) -> list[Finding]:
    """The findings above warning level that `eformkit check` reports for this draft."""
    form, findings = parse_form(yaml_text.encode("utf-8"), file="draft.yaml", pack=pack())
    if form is not None:
        findings = [*findings, *run_lints(form)]
    return [f for f in findings if f.severity.rank > Severity.WARNING.rank]
