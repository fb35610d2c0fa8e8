"""Pydantic validation errors → findings with a location and a "did you mean"."""

from __future__ import annotations

import types
import typing
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from eformkit.errors import Finding
from eformkit.pointers import escape as escape_pointer
from eformkit.schema.codes import make_finding
from eformkit.schema.definition import FormDefinition
from eformkit.schema.source_map import SourceMap
from eformkit.schema.suggest import suggestion_text

__all__ = ["findings_from_validation_error"]

_SHOWN = 80  # characters of an offending value quoted in a finding


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    origin = get_origin(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    if origin in (Union, types.UnionType, list, dict, typing.Annotated):
        out: list[type[BaseModel]] = []
        for arg in get_args(annotation):
            out.extend(_models_in(arg))
        return out
    return []


def _model_at(loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The model that owns the last key of `loc` (to list its valid keys)."""
    current: type[BaseModel] | None = FormDefinition
    container: list[type[BaseModel]] = []  # models inside a dict/list we are about to index into
    for part in loc[:-1]:
        if container:
            current, container = container[0], []
            continue
        if current is None or not isinstance(part, str) or part not in current.model_fields:
            return None
        annotation = current.model_fields[part].annotation
        models = _models_in(annotation)
        args = [annotation, *get_args(annotation)]
        if any(get_origin(a) in (dict, list) for a in args):
            container, current = models, None
        else:
            current = models[0] if models else None
    return current


def findings_from_validation_error(exc: ValidationError, source_map: SourceMap) -> list[Finding]:
    """One finding per pydantic error, located in the YAML source."""
    findings: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith(("function-", "literal["))))
        # pydantic adds union-branch names ("str", "LocalText") to loc; drop those that are not real keys
        clean: list[int | str] = []
        for part in loc:
            if isinstance(part, str) and part in ("str", "bool", "int", "float", "LocalText", "PrefillSpec") and clean:
                continue
            clean.append(part)
        pointer = "".join(f"/{escape_pointer(str(p))}" for p in clean)
        kind = err["type"]
        if (pointer, kind) in seen:
            continue
        seen.add((pointer, kind))
        if kind == "extra_forbidden":
            key = str(clean[-1])
            model = _model_at(tuple(clean))
            choices = list(model.model_fields) if model else []
            line, col = source_map.locate(pointer, key=True)
            findings.append(
                make_finding(
                    "EFK-KEY-001",
                    file=source_map.file,
                    pointer=pointer,
                    line=line,
                    column=col,
                    key=key,
                    suggestion=suggestion_text(key, choices),
                )
            )
        elif kind == "missing":
            parent = pointer.rsplit("/", 1)[0]
            line, col = source_map.locate(parent)
            findings.append(
                make_finding(
                    "EFK-KEY-002",
                    file=source_map.file,
                    pointer=pointer,
                    line=line,
                    column=col,
                    key=str(clean[-1]) if clean else "",
                )
            )
        else:
            line, col = source_map.locate(pointer)
            value = err.get("input")
            shown = repr(value) if isinstance(value, (str, int, float, bool)) or value is None else type(value).__name__
            if len(shown) > _SHOWN:  # a whole paragraph pasted into the wrong key: enough to find it
                shown = shown[: _SHOWN - 1] + "…"
            findings.append(
                make_finding(
                    "EFK-VALUE-001",
                    file=source_map.file,
                    pointer=pointer,
                    line=line,
                    column=col,
                    detail=f"{err['msg']} (got {shown})",
                )
            )
    return findings
