"""The validation fast path: one jsonschema-rs call proves a submission is already clean.

Most submissions a portal sends are valid and already clean: NFC text, no blanks, no hidden values, and
no domain rule with anything to say. For those, `FormValidator.validate` needs no cleaning copy, no
condition evaluation and no rule calls. It asks one question of a *guard schema*: the form's schema,
plus what cleaning and the rules would otherwise check in Python.
- Text is in NFC and not empty.
- Hidden fields are absent.
- Each rule's `RuleGuard` schema holds: the personal ID has a known prefix, a full date is a real
  date, a not_future date sorts before tomorrow, and so on.

Python then runs only what JSON Schema cannot say: checks across one person's fields, rules that
have no guard (check digits, the address units), and canonical rewrites (phone numbers).

The guard is a sufficient condition, nothing more. A submission that fails it, or that jsonschema-rs
cannot read, takes the full pipeline, which decides. So a stricter guard costs speed, never
correctness. tests/schema/test_validation_guard.py holds both paths to the same report, field by field.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from eformkit.pointers import escape, from_parts, value_at
from eformkit.schema.compiler import field_schemas
from eformkit.schema.computed import apply_computed
from eformkit.schema.expressions import to_json_schema
from eformkit.schema.resolve import ResolvedField
from eformkit.schema.rules import RuleContext, RuleGuard, guard_for, rules_for, same_person_paths
from eformkit.schema.source_map import MAX_EXACT_INTEGER
from eformkit.schema.validation_report import ValidationReport
from eformkit.text import nfc_stable_pattern

if TYPE_CHECKING:
    from eformkit.schema.form import Form

__all__ = ["CleanGuard"]

# Keywords whose value is a schema, a list of schemas, or a map of name -> schema.
_SCHEMA = frozenset(
    {"items", "not", "if", "then", "else", "contains", "propertyNames", "additionalProperties", "unevaluatedItems"}
)
_SCHEMA_LIST = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
_SCHEMA_MAP = frozenset({"properties", "patternProperties", "$defs", "dependentSchemas"})
# The compiled e-mail shape (no "@" or white space around one "@" and a dot) narrowed to printable ASCII.
_ASCII_EMAIL = "^[!-?A-~]+@[!-?A-~]+\\.[!-?A-~]+$"
_ANNOTATIONS = frozenset({"title", "description", "format", "$comment", "examples", "default", "readOnly"})


def _bare(node: Any) -> Any:
    """A copy of a schema without annotations (`format` too: the guard's patterns say what it checks)."""
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key.startswith("x-") or key in _ANNOTATIONS:
            continue
        if key in _SCHEMA:
            out[key] = _bare(value)
        elif key in _SCHEMA_LIST:
            out[key] = [_bare(v) for v in value]
        elif key in _SCHEMA_MAP:
            out[key] = {name: _bare(v) for name, v in value.items()}
        else:
            out[key] = value
    return out


def _merge(node: dict[str, Any], extra: dict[str, Any]) -> None:
    for key, value in extra.items():
        if key in node:
            node.setdefault("allOf", []).append({key: value})
        else:
            node[key] = value


def _apply(node: dict[str, Any], extra: dict[str, Any], author_pattern: bool) -> None:
    """Add a guard's keywords to a field's schema. A guard's `pattern` replaces the compiled shape check (it
    is at least as strict) but not an author's pattern; an `allOf` adds to the node's own; any other keyword
    already there is kept too."""
    for key, value in extra.items():
        if key == "pattern" and not author_pattern:
            node[key] = value
        elif key == "allOf":
            node.setdefault("allOf", []).extend(value)
        elif key in node:
            node.setdefault("allOf", []).append({key: value})
        else:
            node[key] = value


def _require_at(path: tuple[str, ...]) -> dict[str, Any]:
    """ "The value at `path` is present" (its objects too, unlike the compiler's: this one goes under `not`)."""
    schema: dict[str, Any] = {"required": [path[-1]]}
    for part in reversed(path[:-1]):
        schema = {"properties": {part: schema}, "required": [part]}
    return schema


_NUMERIC = frozenset({"integer", "number", "money"})


def _exact_number(value: Any) -> bool:
    """Not an integer that cleaning refuses (beyond the exact range)."""
    return type(value) is not int or -MAX_EXACT_INTEGER <= value <= MAX_EXACT_INTEGER


def _next_midnight() -> float:
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    return time.mktime(tomorrow.timetuple())


# A residual: what runs in Python after the guard schema passed, for one field:
#   ("check", check, peers: keys in the same object or paths from the root)
#   ("rewrite", rewrite, ())  ("rule", rule, ())
_Residual = tuple[ResolvedField, str, Callable[..., Any], tuple[str | tuple[str, ...] | None, ...]]


class CleanGuard:
    """The fast path of one form: `report(data, lang)` is the validation report, or None for the full path.

    Text is checked by a pattern in the guard schema (non-empty NFC), inside the one jsonschema-rs call."""

    def __init__(self, form: Form) -> None:
        import jsonschema_rs

        self.form = form
        fields = form.fields()
        by_pointer = {f.pointer: f for f in fields}
        self._peers = same_person_paths(fields)
        schema = _bare(form._json_schema)
        # Free text is non-empty NFC by pattern; other strings are held to their own patterns and enums,
        # which admit only NFC; object keys by propertyNames.
        text = {"pattern": nfc_stable_pattern()}
        today = dt.date.today()
        self.dated = False  # a guard with not_future/not_past bounds is rebuilt each day
        self._arrays: list[tuple[str, ...]] = []
        self._top: list[_Residual] = []
        self._rows: dict[tuple[str, ...], list[_Residual]] = {}
        for pointer, node in field_schemas(schema):
            f = by_pointer.get(pointer)
            author_pattern = f is not None and any(c.rule == "pattern" for c in (f.spec.constraints if f.spec else []))
            guarded = False
            for rule in rules_for(form.pack, f) if f is not None else []:
                assert f is not None
                guard = guard_for(form.pack, rule)
                if guard is None:
                    self._add(f, ("rule", rule, ()), by_pointer)
                    continue
                guarded = True
                extra = guard.schema(f, today)
                # A schema that says something else tomorrow (a not_future bound) makes the guard a daily one.
                self.dated = self.dated or extra != guard.schema(f, today + dt.timedelta(days=1))
                _apply(node, extra, author_pattern)
                self._add_guard(f, guard, by_pointer)
            if f is not None and f.type in _NUMERIC:
                # jsonschema-rs misjudges integers past 4,300 digits; cleaning refuses them
                self._add(f, ("check", _exact_number, ()), by_pointer)
            if pointer and not ({"type", "enum", "const"} & node.keys()):
                node["not"] = {}  # an unconstrained value could hide anything cleaning refuses: full path
            kind = node.get("type")
            if f is not None and f.type == "email" and not guarded:
                _apply(node, {"pattern": _ASCII_EMAIL}, author_pattern)  # ASCII text is NFC: one pattern, not two
            elif kind == "string" and not guarded and "enum" not in node and "const" not in node:
                _merge(node, text)
            elif kind == "object" and node.get("additionalProperties") is not False:
                node["propertyNames"] = text
            elif kind == "array":
                self._arrays.append(tuple(p for p in pointer.split("/")[1:]))
            if kind == "string" and all(type(v) is str for v in node.get("enum", [None])):
                del node["type"]  # implied by a list of texts; one keyword less per choice (~13 ns)
        # A hidden field must be absent: its value would otherwise be dropped (or reported as kept).
        hidden: list[dict[str, Any]] = []
        for f in fields:
            if f.visible_if is not None and not f.in_table:
                hidden.append({"if": to_json_schema(f.visible_if), "else": {"not": _require_at(f.path)}})
        for section in form.resolved.sections:
            if section.visible_if is not None:
                for f in section.fields:
                    hidden.append({"if": to_json_schema(section.visible_if), "else": {"not": _require_at(f.path)}})
        if hidden:
            schema.setdefault("allOf", []).extend(hidden)
        self.schema = schema
        self.expires = _next_midnight() if self.dated else math.inf
        self._validator = jsonschema_rs.Draft202012Validator(schema)
        self._computed = [f for f in fields if f.spec is not None and f.spec.compute is not None and not f.in_table]
        # report(data, lang): the report of a clean submission (data copied only where a value is rewritten),
        # else None. Generated code, called directly: a wrapping method would add a call to the fast path.
        self.report: Callable[[dict[str, Any], str], ValidationReport | None] = _compile_fast(self)

    def _add(
        self, f: ResolvedField, residual: tuple[str, Callable[..., Any], tuple[Any, ...]], by_pointer: Any
    ) -> None:
        if f.in_table:
            table = by_pointer[f.pointer.rsplit("/-/", 1)[0]]
            self._rows.setdefault(table.path, []).append((f, *residual))
        else:
            self._top.append((f, *residual))

    def _add_guard(self, f: ResolvedField, guard: RuleGuard, by_pointer: Any) -> None:
        if guard.check is not None:
            # Peers live in the object that holds `f`: the same table row, block, or (typed top-level) root.
            if f.in_table:
                table = by_pointer[f.pointer.rsplit("/-/", 1)[0]]
                columns = {c.id for c in table.children}
                keys: tuple[str | tuple[str, ...] | None, ...] = tuple(a if a in columns else None for a in guard.peers)
            else:  # a key in the same object, or the path of a peer elsewhere (LLTP-03: the ID in a block)
                mine = self._peers.get(f.pointer, {})
                paths = [mine.get(a) for a in guard.peers]
                keys = tuple(None if p is None else p[-1] if p[:-1] == f.path[:-1] else p for p in paths)
            if not guard.peers or any(k is not None for k in keys):
                self._add(f, ("check", guard.check, keys), by_pointer)
        if guard.rewrite is not None:
            self._add(f, ("rewrite", guard.rewrite, ()), by_pointer)

    def _with_computed(self, data: dict[str, Any]) -> dict[str, Any] | None:
        """`data` with the computed fields derived, on copies of the objects that hold them."""
        out = dict(data)
        for f in self._computed:
            if type(value_at(data, f.path)) not in (str, type(None)):
                return None  # cleaning refuses what JSON cannot carry, even in a value about to be replaced
            node = out
            for part in f.path[:-1]:
                child = node.get(part)
                if type(child) is not dict:
                    break
                node[part] = node = dict(child)
        return apply_computed(self.form, out)


def _compile_fast(guard: CleanGuard) -> Callable[[dict[str, Any], str], ValidationReport | None]:
    """The fast path of one form as one Python function, specialised to its field paths.

    Looping over (path, kind, function) tuples cost about 1.5 µs per field on this path; the generated
    straight-line code costs a tenth of that. The code only reads the submission, calls jsonschema-rs,
    the guards' and rules' own functions, and `ValidationReport`. Any exception means "take the full path".
    """
    names: dict[str, Any] = {
        "value_at": value_at,
        "_lists_at": _lists_at,
        "_rewritten": _rewritten,
        "_Ctx": RuleContext,
        "_Report": ValidationReport,
        "_peers": guard._peers,
        "_is_valid": guard._validator.is_valid,
        "_with_computed": guard._with_computed,
    }
    uses_ctx = any(kind == "rule" for _, kind, _, _ in guard._top) or any(
        kind == "rule" for residuals in guard._rows.values() for _, kind, _, _ in residuals
    )
    lines = ["def fast(data, lang):"]
    if guard._computed:
        lines += ["    data = _with_computed(data)", "    if data is None: return None"]
    rewriting = [r for r in guard._top if r[1] == "rewrite"] + [
        r for residuals in guard._rows.values() for r in residuals if r[1] == "rewrite"
    ]
    nested = any(len(r[0].path) > 1 for r in rewriting)
    if rewriting:  # top-level values are rewritten into a copy made on the first change; nested ones at the end
        lines += ["    out = data", "    normalised = []"] + (["    rewrites = []"] if nested else [])
    lines.append("    try:")
    lines.append("        if not _is_valid(data): return None")
    if uses_ctx:
        lines.append("        ctx = _Ctx(data, lang, peers=_peers)")
    fetched: dict[tuple[str, ...], str] = {}  # top-level tables already in a local variable
    for i, path in enumerate(guard._arrays):
        if len(path) == 1:  # a top-level table: the common case, inline
            fetched[path] = f"t{i}"
            lines.append(f"        t{i} = data.get({path[0]!r})")
            lines.append(f"        if t{i} is not None and type(t{i}) is not list: return None")
        else:
            names[f"A{i}"] = path
            lines.append(f"        if not _lists_at(data, A{i}): return None")

    def emit(residuals: list[_Residual], holder: str, path: str, pointer: str, indent: str) -> None:
        for f, kind, fn, keys in residuals:
            n = len(names)
            names[f"fn{n}"], names[f"F{n}"] = fn, f
            lines.append(f"{indent}v = {holder}.get({f.path[-1]!r})")
            lines.append(f"{indent}if v is not None:")
            if kind == "check":
                args = ", ".join(_peer_code(k, holder, names) for k in keys)
                lines.append(f"{indent}    if not fn{n}(v{', ' if args else ''}{args}): return None")
            elif kind == "rewrite":
                lines.append(f"{indent}    c = fn{n}(v)")
                lines.append(f"{indent}    if c != v:")
                if holder == "data":
                    lines.append(f"{indent}        if out is data: out = dict(data)")
                    lines.append(f"{indent}        out[{f.id!r}] = c")
                    lines.append(f"{indent}        normalised.append({'/' + escape(f.id)!r})")
                else:
                    where = f"({path}{f.path[-1]!r},)"
                    lines.append(f"{indent}        normalised.append({pointer} + {escape(f.id)!r})")
                    lines.append(f"{indent}        rewrites.append(({where}, c))")
            else:
                lines.append(f"{indent}    for _ in fn{n}(v, F{n}, ctx): return None")

    by_holder: dict[tuple[str, ...], list[_Residual]] = {}
    for residual in guard._top:
        by_holder.setdefault(residual[0].path[:-1], []).append(residual)
    for holder_path, residuals in by_holder.items():
        if holder_path:
            names[f"H{len(names)}"] = holder_path
            lines.append(f"        h = value_at(data, H{len(names) - 1})")
            lines.append("        if type(h) is dict:")
            emit(
                residuals,
                "h",
                "".join(f"{p!r}, " for p in holder_path),
                repr(from_parts(holder_path) + "/"),
                "            ",
            )
        else:
            emit(residuals, "data", "", "'/'", "        ")
    for table_path, residuals in guard._rows.items():
        names[f"T{len(names)}"] = table_path
        rows = f"{fetched[table_path]} or ()" if table_path in fetched else f"value_at(data, T{len(names) - 1}) or ()"
        indexed = uses_ctx or any(kind == "rewrite" for _, kind, _, _ in residuals)
        lines.append(f"        for i, row in enumerate({rows}):" if indexed else f"        for row in {rows}:")
        if uses_ctx:
            lines.append(f"            ctx.row, ctx.row_pointer = row, {from_parts(table_path) + '/'!r} + str(i)")
        emit(
            residuals,
            "row",
            "".join(f"{p!r}, " for p in table_path) + "i, ",
            f"{from_parts(table_path) + '/'!r} + str(i) + '/'",
            "            ",
        )
    if uses_ctx:
        lines.append("        if ctx.normalised: return None")
    lines += [
        "    except Exception:",  # a value jsonschema-rs or a rule cannot read: the full path says what is wrong
        "        return None",
    ]
    if not rewriting:
        lines.append("    return _Report(None, data)")
    else:
        if nested:
            lines.append("    if rewrites: out = _rewritten(out, rewrites)")
        if len(rewriting) > 1:
            lines.append("    normalised.sort()")
        lines.append("    return _Report(None, out, None, None, normalised)")
    exec(
        compile("\n".join(lines), f"<eformkit fast path of {guard.form.id}>", "exec"), names
    )  # our own code: field ids are identifiers
    fast: Callable[[dict[str, Any], str], ValidationReport | None] = names["fast"]
    return fast


def _peer_code(key: str | tuple[str, ...] | None, holder: str, names: dict[str, Any]) -> str:
    """The expression of a peer's value in the generated code: absent, in `holder`, or at a path of `data`."""
    if key is None:
        return "None"
    if isinstance(key, str):
        return f"{holder}.get({key!r})"
    name = f"P{len(names)}"
    names[name] = key
    return f"value_at(data, {name})"


def _lists_at(data: Any, path: tuple[str, ...]) -> bool:
    """Every value at `path` ("-" steps into each row) is a list or absent."""
    if not path:
        return type(data) is list
    head, rest = path[0], path[1:]
    if head == "-":
        return all(_lists_at(row, rest) for row in data) if type(data) is list else True
    value = data.get(head) if type(data) is dict else None
    return value is None or (_lists_at(value, rest) if rest else type(value) is list)


def _rewritten(data: dict[str, Any], rewrites: Any) -> dict[str, Any]:
    """A copy of `data` with each nested (path, value) set; only the objects and lists on those paths are
    copied. (Top-level values are set by the generated code itself.)"""
    out = dict(data)
    for path, value in rewrites:
        node: Any = out
        for part in path[:-1]:
            child = node[part]
            copy = dict(child) if type(child) is dict else list(child)
            node[part] = copy
            node = copy
        node[path[-1]] = value
    return out
