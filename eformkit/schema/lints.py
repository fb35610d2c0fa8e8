"""Per-form lints that go beyond "does it resolve": translations, legal basis, purpose, once-only.

Each rule is a generator of findings over a loaded `Form`; the catalogue checker runs them all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from eformkit.errors import Finding
from eformkit.schema.codes import make_finding
from eformkit.schema.convert.naming import THRESHOLD, match_label
from eformkit.schema.form import Form
from eformkit.schema.i18n import LocalText
from eformkit.schema.resolve import _FITS
from eformkit.schema.resolved import ResolvedField

__all__ = ["LINTS", "run_lints"]

_UNBOUNDABLE = {"note", "declaration", "signature", "person", "table", "attachment", "computed"}


def _at(form: Form, code: str, pointer: str, **params: Any) -> Finding:
    line, col = form.source_map.locate(pointer) if form.source_map else (None, None)
    return make_finding(
        code, file=str(form.path) if form.path else None, pointer=pointer, line=line, column=col, **params
    )


def missing_translations(form: Form) -> Iterator[Finding]:
    """EFK-I18N-001: a text the form's languages need but that exists only in Vietnamese."""
    if "en" not in form.definition.languages:
        return
    d = form.definition

    def check(text: LocalText | None, pointer: str, what: str) -> Iterator[Finding]:
        if text is not None and not text.en:
            yield _at(form, "EFK-I18N-001", pointer, lang="en", what=what)

    yield from check(d.title, "/title", "the title")
    yield from check(d.addressee, "/addressee", "the addressee")
    for sid, section in d.sections.items():
        yield from check(section.title, f"/sections/{sid}/title", f"section '{sid}'")
    for f in form.fields():
        spec = f.spec
        if spec is None:
            continue
        yield from check(spec.label, f"{f.source}/label", f"the label of '{f.id}'")
        yield from check(spec.help, f"{f.source}/help", f"the help of '{f.id}'")
        yield from check(spec.text, f"{f.source}/text", f"the text of '{f.id}'")
        for i, option in enumerate(spec.options or []):
            yield from check(option.label, f"{f.source}/options/{i}/label", f"option '{option.value}' of '{f.id}'")
    for name, choice_list in d.lists.items():
        for i, option in enumerate(choice_list.options):
            yield from check(
                option.label, f"/lists/{name}/options/{i}/label", f"option '{option.value}' of list '{name}'"
            )


def legal_basis(form: Form) -> Iterator[Finding]:
    """EFK-FORM-002: every standard form rests on an instrument."""
    if form.definition.legal_basis is None:
        yield _at(form, "EFK-FORM-002", "/form")


def purpose(form: Form) -> Iterator[Finding]:
    """EFK-FORM-003: prefill sources are told why their data is read."""
    if form.definition.purpose is None and form.bindings():
        yield _at(form, "EFK-FORM-003", "/form")


# Origins a registry connector reads (vocabulary.yaml header); "none" and sources without a connector
# ("immigration") hold nothing a form could prefill.
_READ_ORIGINS = frozenset({"population", "documents", "business", "derived"})


def _with_person(fields: list[ResolvedField], role: str | None = None) -> Iterator[tuple[ResolvedField, str | None]]:
    """Each field with the role of the person block it sits in: None at the top level (the applicant's
    own paper), "" in a block that names no role (whose data it is, nobody knows)."""
    for f in fields:
        yield f, role
        if f.type == "person":
            yield from _with_person(f.children, (f.spec.role if f.spec else None) or "")


def once_only(form: Form) -> Iterator[Finding]:
    """EFK-ONCE-001: a typed field whose label names data the state already holds.

    Inside a person block the label names that person's data: "Số CCCD" under the person denounced is
    the accused's number, which no source gives the applicant, so it is not suggested as the applicant's."""
    vocabulary = form.pack.vocabulary
    for f, person in _with_person([f for s in form.resolved.sections for f in s.fields]):
        if f.binding is not None or f.type in _UNBOUNDABLE or f.in_table or f.spec is None or f.typed_on_purpose:
            continue
        if f.spec.label is None or person == "":
            continue
        match = match_label(f.spec.label.vi, vocabulary)
        if match is None or match.confidence < THRESHOLD:
            continue
        found = vocabulary.element(match.element)
        element_id = match.element if person is None or found is None else f"{person}.{found.attribute_name}"
        element = vocabulary.element(element_id)
        if element is None or element.attribute is None or element.attribute.type not in _FITS.get(f.type, set()):
            continue  # never suggest a binding the checker would refuse (EFK-BIND-002)
        role = vocabulary.roles.get(element.role)
        if element.attribute.origin not in _READ_ORIGINS or (role is not None and not role.linked):
            continue  # no source the connectors read holds it: typing it is not asking twice
        yield _at(form, "EFK-ONCE-001", f.source, label=f.spec.label.vi, element=element_id)


LINTS: tuple[Callable[[Form], Iterator[Finding]], ...] = (missing_translations, legal_basis, purpose, once_only)


def run_lints(form: Form) -> list[Finding]:
    """Every lint finding for `form`."""
    return [finding for lint in LINTS for finding in lint(form)]
