"""The public `Form`: a loaded, resolved definition with its compiled schemas (built once, cached)."""

from __future__ import annotations

import copy
import json
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from eformkit.errors import EformkitUsageError, Finding, FormLoadError
from eformkit.packs import Pack, load_pack
from eformkit.schema.codes import make_finding
from eformkit.schema.compiler import compile_json_schema, compile_ui_schema
from eformkit.schema.definition import FormDefinition
from eformkit.schema.model_errors import findings_from_validation_error
from eformkit.schema.resolve import Binding, ResolvedField, ResolvedForm, resolve
from eformkit.schema.source_map import SourceMap, load_yaml

if TYPE_CHECKING:
    from eformkit.schema.validation import FormValidator, ValidationReport

__all__ = ["Form", "load_form", "parse_form"]


class Form:
    """A form definition resolved against its pack. Schemas compile on first use and are cached."""

    def __init__(self, resolved: ResolvedForm, path: Path | None = None, source_map: SourceMap | None = None) -> None:
        self.resolved = resolved
        self.path = path
        self.source_map = source_map
        self._validators: dict[str, FormValidator] = {}  # by backend name; see validator_for

    @property
    def id(self) -> str:
        return self.resolved.definition.form

    @property
    def definition(self) -> FormDefinition:
        return self.resolved.definition

    @property
    def pack(self) -> Pack:
        return self.resolved.pack

    @property
    def findings(self) -> list[Finding]:
        """Problems found while resolving (warnings, and errors when loaded with `strict=False`)."""
        return self.resolved.findings

    @cached_property
    def _json_schema(self) -> dict[str, Any]:
        return compile_json_schema(self.resolved)

    @cached_property
    def _ui_schema(self) -> dict[str, Any]:
        return compile_ui_schema(self.resolved)

    def json_schema(self) -> dict[str, Any]:
        """The JSON Schema 2020-12 document (a fresh copy; the cached one stays untouched)."""
        return json.loads(json.dumps(self._json_schema))  # type: ignore[no-any-return]

    def ui_schema(self) -> dict[str, Any]:
        """The UI schema (order, groups, widgets, visibility rules)."""
        return json.loads(json.dumps(self._ui_schema))  # type: ignore[no-any-return]

    def fields(self) -> list[ResolvedField]:
        """Every field in the paper's order, sub-fields after their block."""
        return self.resolved.walk()

    def field(self, pointer: str) -> ResolvedField | None:
        """The field at a JSON pointer such as `/mother/full_name`."""
        return self.resolved.by_pointer.get(pointer)

    def bindings(self) -> list[Binding]:
        """Every prefill binding (fields, blocks, table rows, attachments)."""
        return self.resolved.bindings()

    def validate(self, data: Any, lang: str = "vi") -> ValidationReport:
        """Check a submission; return every problem with pointer, label and message in `lang`."""
        return self._validator.validate(data, lang)

    @cached_property
    def _validator(self) -> FormValidator:
        from eformkit.schema.validation import validator_for

        return validator_for(self)

    def __repr__(self) -> str:
        return f"<Form {self.id} v{self.definition.version}>"


def _prune(data: Any, loc: tuple[int | str, ...]) -> bool:
    """Delete the value at `loc` (or, for a missing key, its parent); False when nothing can go."""
    if not loc:
        return False
    node: Any = data
    for part in loc[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return False
    try:
        del node[loc[-1]]
    except (KeyError, IndexError, TypeError):
        return False
    return True


def _validate_pruned(
    data: dict[str, Any], source_map: SourceMap, findings: list[Finding], refused: frozenset[str] = frozenset()
) -> FormDefinition | None:
    """Validate; on errors, record them, drop the offending parts and retry, so that one bad key does not
    hide the reference and condition findings of the rest of the form."""
    try:
        return FormDefinition.model_validate(data)
    except ValidationError:
        data = copy.deepcopy(data)  # pruning below must not touch the caller's data
    seen: set[tuple[str, str]] = set()
    for _round in range(8):
        try:
            return FormDefinition.model_validate(data)
        except ValidationError as exc:
            for finding in findings_from_validation_error(exc, source_map):
                if finding.pointer in refused and finding.code in ("EFK-VALUE-001", "EFK-KEY-002"):
                    continue
                if (finding.pointer, finding.code) not in seen:
                    seen.add((finding.pointer, finding.code))
                    seen.add((finding.pointer, "EFK-KEY-002"))  # a refused value is pruned: not "missing" next round
                    findings.append(finding)
            progressed = False
            for err in exc.errors(include_url=False):
                loc = tuple(
                    p for p in err["loc"] if not ((isinstance(p, str) and p[:1].isupper()) or p in ("str", "bool"))
                )
                if err["type"] == "missing":
                    loc = loc[:-1]
                if len(loc) >= 1 and loc[0] in ("form", "title", "sections") and len(loc) == 1:
                    return None
                progressed = _prune(data, loc) or progressed
            if not progressed:
                return None
    return None


def parse_form(
    text: str | bytes, *, file: str | None = None, pack: Pack | None = None
) -> tuple[Form | None, list[Finding]]:
    """Parse and resolve form text; return the form (None when it cannot be built) and every finding."""
    data, source_map, problems = load_yaml(text, file)
    findings: list[Finding] = []
    for p in problems:
        findings.append(
            make_finding(
                p.code,
                file=file,
                pointer=p.pointer,
                line=p.line,
                column=p.column,
                detail=p.message_en,
                detail_vi=p.message_vi,
            )
        )
    if data is None:
        return None, findings
    if not isinstance(data, dict):
        findings.append(
            make_finding(
                "EFK-VALUE-001",
                file=file,
                line=1,
                column=1,
                detail="a form file holds a mapping with 'form:', 'title:' and 'sections:'",
            )
        )
        return None, findings
    # A number the loader refused reads as absent; the model's "missing" or "wrong type" on it says nothing new.
    # (Checked at the value and at the object holding it: a constraint without its value is one problem.)
    refused = frozenset(
        q for p in problems if p.code == "EFK-VALUE-002" for q in (p.pointer, p.pointer.rsplit("/", 1)[0])
    )
    definition = _validate_pruned(data, source_map, findings, refused)
    if definition is None:
        return None, findings
    try:
        the_pack = pack or load_pack(definition.pack)
    except EformkitUsageError:
        line, col = source_map.locate("/pack")
        findings.append(
            make_finding("EFK-FORM-004", file=file, pointer="/pack", line=line, column=col, name=definition.pack)
        )
        return None, findings
    resolved = resolve(definition, the_pack, source_map)
    findings.extend(resolved.findings)
    resolved.findings = findings
    return Form(resolved, Path(file) if file else None, source_map), findings


def load_form(path: str | Path, *, pack: Pack | None = None, strict: bool = True) -> Form:
    """Load a form definition file.

    With `strict` (the default) any error finding raises FormLoadError carrying all findings; warnings
    stay on `form.findings`.
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise FormLoadError([make_finding("EFK-IO-001", file=str(p), detail=exc.strerror or str(exc))]) from exc
    form, findings = parse_form(raw, file=str(p), pack=pack)
    if form is None or (strict and any(f.severity.value == "error" for f in findings)):
        raise FormLoadError(findings)
    return form
