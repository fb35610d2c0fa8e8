"""From a form definition and its pack to resolved fields, collecting every finding on the way.

Resolution fills in what the author did not have to write (type, label, list and precision inherited
from a bound element; person-block sub-fields from the role and block) and checks every reference:
elements, lists, blocks, roles, document types, and the fields conditions name.
"""

from __future__ import annotations

import re
from typing import Any

from eformkit.errors import Finding
from eformkit.packs import Pack
from eformkit.pointers import escape as escape_pointer
from eformkit.schema.choice_lists import ChoiceList
from eformkit.schema.codes import make_finding
from eformkit.schema.definition import FieldSpec, FormDefinition, PrefillSpec, RowsSpec
from eformkit.schema.expressions import ConditionSyntaxError, Expr, parse_condition
from eformkit.schema.i18n import LocalText
from eformkit.schema.resolved import Binding, ResolvedField, ResolvedForm, ResolvedSection
from eformkit.schema.source_map import SourceMap
from eformkit.schema.suggest import suggestion_text
from eformkit.schema.validation_backends import pattern_error
from eformkit.schema.vocabulary import Attribute

__all__ = ["Binding", "ResolvedField", "ResolvedForm", "ResolvedSection", "resolve"]


# Which element types a field type accepts (an address can be printed into a text field, not the reverse).
_FITS: dict[str, set[str]] = {
    "text": {"text", "long_text", "personal_id", "phone", "email", "tax_code", "address", "choice"},
    "long_text": {"text", "long_text", "address"},
    "integer": {"integer"},
    "number": {"integer", "number", "money"},
    "money": {"money", "integer"},
    "date": {"date"},
    "boolean": {"boolean"},
    "choice": {"choice"},
    "multi_choice": {"choice", "multi_choice"},
    "personal_id": {"personal_id"},
    "phone": {"phone"},
    "email": {"email"},
    "tax_code": {"tax_code"},
    "address": {"address"},
    "attachment": set(),
}
_CONSTRAINTS_FOR: dict[str, set[str]] = {
    "min_length": {"text", "long_text"},
    "max_length": {"text", "long_text"},
    "pattern": {"text", "long_text"},
    "minimum": {"integer", "number", "money"},
    "maximum": {"integer", "number", "money"},
    "min_items": {"multi_choice", "table"},
    "max_items": {"multi_choice", "table"},
    "not_future": {"date"},
    "not_past": {"date"},
}
_SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")


class _Resolver:
    def __init__(self, definition: FormDefinition, pack: Pack, source_map: SourceMap | None) -> None:
        self.d = definition
        self.pack = pack
        self.vocab = pack.vocabulary
        self.map = source_map
        self.findings: list[Finding] = []
        self.by_pointer: dict[str, ResolvedField] = {}
        self.first_use: dict[str, str] = {}
        self.conditions: list[tuple[ResolvedField | None, str, str, str]] = []  # (owner, text, source, key)
        # sources already given a root-cause finding: do not pile consequences (no type, no label) on them
        self.explained: set[str] = set()

    # -- helpers ---------------------------------------------------------------------------------
    def add(self, code: str, source: str, *, key: bool = False, offset: int | None = None, **params: Any) -> None:
        line, col = self.map.locate(source, key=key) if self.map else (None, None)
        if offset is not None and col is not None and self.map is not None and source in self.map.positions:
            # point inside a one-line condition: its column, plus the opening quote if any
            col += offset - 1 + (1 if source in self.map.quoted else 0)
        self.findings.append(
            make_finding(
                code, file=self.map.file if self.map else None, pointer=source, line=line, column=col, **params
            )
        )

    def lists(self) -> dict[str, ChoiceList]:
        return {**self.pack.lists, **self.d.lists}

    # -- fields ----------------------------------------------------------------------------------
    def resolve(self) -> ResolvedForm:
        for name in self.d.lists:
            if name in self.pack.lists:
                self.add("EFK-REF-005", f"/lists/{escape_pointer(name)}", key=True, name=name)
        sections: list[ResolvedSection] = []
        for sid, sspec in self.d.sections.items():
            source = f"/sections/{escape_pointer(sid)}"
            fields = [
                self.field(fid, fspec, f"/{escape_pointer(fid)}", f"{source}/fields/{escape_pointer(fid)}", sid)
                for fid, fspec in sspec.fields.items()
            ]
            title = sspec.title or LocalText(vi=sid.replace("_", " ").capitalize())
            section = ResolvedSection(sid, title, sspec.number, sspec.help, None, fields)
            if sspec.visible_if:
                self.conditions.append((None, sspec.visible_if, source, "visible_if"))
            sections.append(section)
        self.check_conditions(sections)
        return ResolvedForm(self.d, self.pack, sections, self.by_pointer, self.findings)

    def field(
        self,
        fid: str,
        spec: FieldSpec,
        pointer: str,
        source: str,
        section: str,
        *,
        role: str | None = None,
        attribute_hint: Attribute | None = None,
        in_table: bool = False,
        nested: bool = False,
        unbound: bool = False,
    ) -> ResolvedField:
        if not _SNAKE.match(fid):
            self.add("EFK-FIELD-005", source, key=True, id=fid, fix=re.sub(r"[^a-z0-9]+", "_", fid.lower()).strip("_"))
        unbound = unbound or spec.prefill == "none"
        prefill = spec.prefill if isinstance(spec.prefill, PrefillSpec) else None
        if not in_table and not nested:
            if fid in self.first_use:
                self.add("EFK-FIELD-001", source, key=True, id=fid, other=self.first_use[fid])
            else:
                self.first_use[fid] = source
        element_id = prefill.element if prefill else None
        attribute = attribute_hint
        if element_id is not None:
            element = self.vocab.element(element_id)
            if element is None:
                self.add(
                    "EFK-BIND-001",
                    f"{source}/prefill",
                    name=element_id,
                    suggestion=suggestion_text(element_id, self.vocab.element_ids()),
                )
                self.explained.add(source)  # its missing type and label follow from the unknown element
            elif element.collection is not None:
                self.add("EFK-BIND-006", f"{source}/prefill", name=element_id)
                element_id = None
            else:
                attribute = element.attribute
        elif role is not None and attribute_hint is not None and not unbound:
            element_id = f"{role}.{fid}"
        ftype = spec.type or (attribute.type if attribute else None)
        if spec.type is None and spec.columns is not None:
            ftype = "table"
        if spec.type is None and (spec.role or spec.block) is not None:
            ftype = "person"
        if ftype is None:
            if attribute is None and source not in self.explained:
                self.add("EFK-FIELD-002", source, id=fid)
            ftype = "text"
        label = spec.label or (attribute.label if attribute else None)
        if label is None and ftype == "person":
            block = self.d.blocks.get(spec.block or "") or self.pack.blocks.get(spec.block or "")
            role_def = self.vocab.roles.get(spec.role or "applicant")
            label = (block.label if block else None) or (role_def.label if role_def else None)
        if label is None:
            if ftype not in ("note", "declaration") and source not in self.explained:
                self.add("EFK-FIELD-004", source, id=fid)
            label = LocalText(vi=fid.replace("_", " "))
        list_name = spec.list or (attribute.list if attribute else None)
        choices: ChoiceList | None = None
        if spec.options:
            choices = ChoiceList(options=spec.options)
        elif list_name:
            choices = self.lists().get(list_name)
            if choices is None:
                self.add(
                    "EFK-REF-001", f"{source}/list", name=list_name, suggestion=suggestion_text(list_name, self.lists())
                )
        elif ftype in ("choice", "multi_choice"):
            self.add("EFK-FIELD-003", source, id=fid)
        precision = tuple(
            spec.precision or (attribute.precision if attribute and spec.type is None else None) or ["day"]
        )
        if spec.precision is None and attribute is not None and attribute.precision and ftype == "date":
            precision = tuple(attribute.precision)
        required: bool = True
        required_if: Expr | None = None
        resolved = ResolvedField(
            id=fid,
            pointer=pointer,
            source=source,
            type=ftype,
            label=label,
            section=section,
            number=spec.number,
            help=spec.help,
            default=spec.default,
            spec=spec,
            choices=choices,
            list_name=list_name,
            precision=precision,
            in_table=in_table,
            typed_on_purpose=unbound,
        )
        if isinstance(spec.required, str):
            self.conditions.append((resolved, spec.required, f"{source}/required", "required"))
        else:
            required = spec.required
        resolved.required = required
        resolved.required_if = required_if
        if spec.visible_if:
            if in_table:
                self.add("EFK-EXPR-005", f"{source}/visible_if", name=fid)
            else:
                self.conditions.append((resolved, spec.visible_if, f"{source}/visible_if", "visible_if"))
        if element_id is not None and attribute is not None:
            self.check_fit(element_id, attribute, resolved, source)
        self.check_constraints(resolved)
        if ftype == "person":
            self.person(resolved, spec, pointer, source, section)
        elif ftype == "table":
            self.table(resolved, spec, pointer, source, section)
        if ftype == "attachment" and spec.document_type:
            doc_types = self.lists().get("document_type")
            if doc_types is not None and spec.document_type not in doc_types.values():
                self.add(
                    "EFK-REF-004",
                    f"{source}/document_type",
                    name=spec.document_type,
                    suggestion=suggestion_text(spec.document_type, doc_types.values()),
                )
        if element_id is not None and attribute is not None and (prefill is not None or role is not None):
            self.bind(resolved, element_id, spec)
        elif ftype == "attachment" and spec.document_type and spec.prefill is None:
            doc_role = next((r for r, rv in self.vocab.roles.items() if rv.document_type == spec.document_type), None)
            if doc_role is not None:
                self.bind(resolved, doc_role, spec, document_type=spec.document_type)
        if (
            spec.default is not None
            and choices is not None
            and ftype == "choice"
            and spec.default not in choices.values()
        ):
            self.add("EFK-FIELD-008", f"{source}/default", value=spec.default, id=fid, detail="not an option value")
        if not in_table:
            self.by_pointer[pointer] = resolved
        return resolved

    def bind(self, f: ResolvedField, element_id: str, spec: FieldSpec, **extra: Any) -> None:
        p = spec.prefill if isinstance(spec.prefill, PrefillSpec) else None
        f.binding = Binding(
            pointer=f.pointer,
            field_id=f.id,
            field_type=f.type,
            element=element_id,
            columns={},
            lock=p.lock if p else "verified",
            on_missing=p.on_missing if p else "ask",
            on_error=p.on_error if p else "manual",
            message=p.message if p else None,
            list_name=f.list_name,
            precision=f.precision,
            document_type=extra.get("document_type"),
            key_attribute=None,
        )

    def check_fit(self, element_id: str, attribute: Attribute, f: ResolvedField, source: str) -> None:
        if attribute.type not in _FITS.get(f.type, set()):
            self.add("EFK-BIND-002", f"{source}/prefill", name=element_id, etype=attribute.type, ftype=f.type)
        elif f.type in ("choice", "multi_choice") and attribute.list and f.list_name and attribute.list != f.list_name:
            self.add("EFK-BIND-003", f"{source}/list", name=element_id, elist=attribute.list, flist=f.list_name)

    def check_constraints(self, f: ResolvedField) -> None:
        assert f.spec is not None
        for i, c in enumerate(f.spec.constraints):
            src = f"{f.source}/constraints/{i}"
            if f.type not in _CONSTRAINTS_FOR[c.rule]:
                self.add("EFK-FIELD-009", src, rule=c.rule, type=f.type)
            if c.rule == "pattern" and isinstance(c.value, str):
                problem = pattern_error(c.value)
                if problem is not None:
                    self.add("EFK-FIELD-010", f"{src}/value", value=c.value, detail=problem)

    def person(self, f: ResolvedField, spec: FieldSpec, pointer: str, source: str, section: str) -> None:
        role = spec.role or "applicant"
        if role not in self.vocab.roles:
            self.add("EFK-REF-003", f"{source}/role", name=role, suggestion=suggestion_text(role, self.vocab.roles))
            role_ok = False
        else:
            role_ok = True
        names: dict[str, FieldSpec] = {}
        if spec.block:
            block = self.d.blocks.get(spec.block) or self.pack.blocks.get(spec.block)
            if block is None:
                blocks = {**self.pack.blocks, **self.d.blocks}
                self.add(
                    "EFK-REF-002", f"{source}/block", name=spec.block, suggestion=suggestion_text(spec.block, blocks)
                )
            else:
                for attr_name in block.fields:
                    if attr_name not in self.vocab.attributes:
                        self.add("EFK-REF-006", f"{source}/block", name=attr_name, block=spec.block)
                        self.explained.add(f"{source}/fields/{escape_pointer(attr_name)}")
                    names[attr_name] = FieldSpec()
        names.update(spec.fields or {})
        for sub_id, sub_spec in names.items():
            attr = self.vocab.attributes.get(sub_id)
            sub_source = f"{source}/fields/{escape_pointer(sub_id)}"
            if attr is None and sub_spec.prefill is None and sub_spec.type is None and sub_source not in self.explained:
                self.add(
                    "EFK-BIND-005",
                    sub_source,
                    key=True,
                    name=sub_id,
                    subject="person",
                    suggestion=suggestion_text(sub_id, self.vocab.attributes),
                )
                self.explained.add(sub_source)
            child = self.field(
                sub_id,
                sub_spec,
                f"{pointer}/{escape_pointer(sub_id)}",
                sub_source,
                section,
                role=role if role_ok and attr is not None and sub_spec.prefill is None else None,
                attribute_hint=attr,
                nested=True,
                unbound=f.typed_on_purpose,
            )
            self.by_pointer[child.pointer] = child
            f.children.append(child)

    def table(self, f: ResolvedField, spec: FieldSpec, pointer: str, source: str, section: str) -> None:
        if not spec.columns:
            self.add("EFK-FIELD-007", source, id=f.id)
            return
        if spec.min_rows is not None and spec.max_rows is not None and spec.min_rows > spec.max_rows:
            self.add("EFK-FIELD-011", source, min=spec.min_rows, max=spec.max_rows)
        rows: RowsSpec | None = spec.rows
        collection = None
        if rows is not None:
            collection = self.vocab.collections.get(rows.prefill)
            if collection is None:
                self.add(
                    "EFK-BIND-004",
                    f"{source}/rows/prefill",
                    name=rows.prefill,
                    suggestion=suggestion_text(rows.prefill, self.vocab.collections),
                )
        columns: dict[str, str] = {}
        for col_id, col_spec in spec.columns.items():
            attr = self.vocab.attributes.get(col_id)
            col_source = f"{source}/columns/{escape_pointer(col_id)}"
            if collection is not None and attr is not None and attr.subject != collection.subject:
                attr = None
            if attr is None and col_spec.type is None and col_spec.prefill is None:
                self.add(
                    "EFK-BIND-005",
                    col_source,
                    key=True,
                    name=col_id,
                    subject=collection.subject if collection else "row",
                    suggestion=suggestion_text(col_id, self.vocab.attributes),
                )
                self.explained.add(col_source)
            child = self.field(
                col_id,
                col_spec,
                f"{pointer}/-/{escape_pointer(col_id)}",
                col_source,
                section,
                attribute_hint=attr,
                in_table=True,
            )
            f.children.append(child)
            if (attr is not None and col_spec.type in (None, attr.type)) or (attr is not None and child.type != "text"):
                columns[col_id] = col_id
        if rows is not None and collection is not None:
            f.binding = Binding(
                pointer=pointer,
                field_id=f.id,
                field_type="table",
                element=rows.prefill,
                columns=columns,
                lock=rows.lock,
                on_missing=rows.on_missing,
                on_error=rows.on_error,
                message=None,
                list_name=None,
                precision=(),
                document_type=None,
                key_attribute=collection.key,
                pick=rows.pick,
            )

    # -- conditions ------------------------------------------------------------------------------
    def check_conditions(self, sections: list[ResolvedSection]) -> None:
        from eformkit.schema.condition_types import check_condition

        by_path = {".".join(f.path): f for f in self.by_pointer.values() if not f.in_table}
        for f in self.by_pointer.values():
            if f.spec is not None and f.spec.compute is not None and f.spec.compute.of not in by_path:
                self.add(
                    "EFK-REF-007",
                    f"{f.source}/compute/of",
                    name=f.spec.compute.of,
                    suggestion=suggestion_text(f.spec.compute.of, by_path),
                )
        section_by_id = {s.id: s for s in sections}
        for owner, text, source, key in self.conditions:
            try:
                expr = parse_condition(text)
            except ConditionSyntaxError as exc:
                self.add("EFK-EXPR-001", source, offset=exc.column, detail=str(exc), detail_vi=exc.message_vi)
                continue
            self_path = ".".join(owner.path) if owner else None
            for code, params in check_condition(expr, by_path, self_path):
                self.add(code, source, **params)
            if owner is None:
                sid = source.rsplit("/", 1)[-1]
                section_by_id[sid].visible_if = expr
            elif key == "visible_if":
                owner.visible_if = expr
            else:
                owner.required = False
                owner.required_if = expr


def resolve(definition: FormDefinition, pack: Pack, source_map: SourceMap | None = None) -> ResolvedForm:
    """Resolve `definition` against `pack`; the result carries every finding."""
    return _Resolver(definition, pack, source_map).resolve()
