"""Safe YAML loading that remembers where every value came from.

Form files are untrusted input: we parse with the safe loader only, refuse anchors and aliases (the
"billion laughs" expansion), refuse files over a size limit, and report duplicate keys instead of
silently keeping the last one. Every value's JSON pointer maps to its 1-based line and column, so a
finding anywhere in the pipeline can point at the author's line.
"""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass, field
from typing import Any

import yaml

from eformkit.pointers import escape as escape_pointer
from eformkit.text import nfc

__all__ = ["MAX_EXACT_INTEGER", "MAX_YAML_BYTES", "SourceMap", "YamlProblem", "load_yaml"]

MAX_YAML_BYTES = 2 * 1024 * 1024
# The largest integer every JSON reader keeps exactly (RFC 7493, I-JSON): a form's numbers end up in JSON
# Schema documents read by browsers, so a larger one would silently change on the way.
MAX_EXACT_INTEGER = 2**53 - 1
_MAX_DEPTH = 64
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ~10x faster


@dataclass(slots=True)
class SourceMap:
    """JSON pointer → (line, column) of the key or value at that pointer, 1-based."""

    file: str | None
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[str, tuple[int, int]] = field(default_factory=dict)
    quoted: set[str] = field(default_factory=set)  # scalars written in quotes (content starts one column later)

    def locate(self, pointer: str, *, key: bool = False) -> tuple[int | None, int | None]:
        """Position of `pointer`, falling back to its nearest located ancestor."""
        table = self.key_positions if key else self.positions
        probe = pointer
        while True:
            pos = table.get(probe) or self.positions.get(probe)
            if pos is not None:
                return pos
            if not probe:
                return (None, None)
            probe = probe.rsplit("/", 1)[0]


@dataclass(frozen=True, slots=True)
class YamlProblem:
    """Why a YAML text could not be turned into data (or a non-fatal note such as a duplicate key)."""

    code: str
    message_en: str
    message_vi: str
    line: int | None
    column: int | None
    pointer: str = ""
    fatal: bool = True


class _Builder:
    def __init__(self, loader: yaml.SafeLoader, source_map: SourceMap) -> None:
        self.loader = loader
        self.map = source_map
        self.seen: set[int] = set()
        self.problems: list[YamlProblem] = []

    def build(self, node: yaml.Node, pointer: str, depth: int) -> Any:
        if depth > _MAX_DEPTH:
            raise _Fatal("EFK-YAML-003", "nesting deeper than 64 levels", "lồng nhau sâu quá 64 cấp", node, pointer)
        if id(node) in self.seen:
            # The composer hands back the same node object for an alias: refuse it (no expansion bombs).
            raise _Fatal(
                "EFK-YAML-002",
                "YAML anchors and aliases are not allowed in form files; write the value out or use a shared list",
                "Không dùng anchor/alias của YAML trong tệp biểu mẫu; hãy viết giá trị ra "
                "hoặc dùng danh mục dùng chung",
                node,
                pointer,
            )
        self.seen.add(id(node))
        self.map.positions[pointer] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise _Fatal(
                        "EFK-YAML-004", "mapping keys must be plain text", "khóa phải là chuỗi", key_node, pointer
                    )
                key = nfc(str(key_node.value))
                child = f"{pointer}/{escape_pointer(key)}"
                if key in out:
                    self.problems.append(
                        YamlProblem(
                            "EFK-YAML-005",
                            f"duplicate key '{key}': the later value would silently win; remove one",
                            f"khóa '{key}' bị lặp: giá trị sau sẽ ghi đè; hãy xóa một",
                            key_node.start_mark.line + 1,
                            key_node.start_mark.column + 1,
                            child,
                            fatal=False,
                        )
                    )
                self.map.key_positions[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                out[key] = self.build(value_node, child, depth + 1)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, f"{pointer}/{i}", depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.ScalarNode) and node.style in ("'", '"'):
            self.map.quoted.add(pointer)
        try:
            value = self.loader.construct_object(node)
        except (ValueError, OverflowError):
            if node.tag == _TIMESTAMP_TAG:  # "2024-02-30": looks like a date, is none; the model says so
                return nfc(str(node.value))
            # an integer past Python's digit limit (4,300): never converted, so never printed either
            return self._out_of_range(node, pointer, f"a number of {len(str(node.value))} characters")
        if isinstance(value, bool):
            return value
        if isinstance(value, int) and not -MAX_EXACT_INTEGER <= value <= MAX_EXACT_INTEGER:
            return self._out_of_range(node, pointer, f"a {len(str(node.value))}-character integer")
        if isinstance(value, float) and not math.isfinite(value):
            return self._out_of_range(node, pointer, str(node.value))
        if isinstance(value, str):
            return nfc(value)
        if isinstance(value, (_dt.date, _dt.datetime)):
            return value.isoformat()  # dates stay text: the model parses them, submissions compare ISO strings
        if isinstance(value, bytes):
            raise _Fatal(
                "EFK-YAML-004", "binary values are not allowed", "không cho phép giá trị nhị phân", node, pointer
            )
        return value

    def _out_of_range(self, node: yaml.Node, pointer: str, what: str) -> None:
        """Record a number no form can use (NaN, infinity, past the exact range) and read it as absent."""
        self.problems.append(
            YamlProblem(
                "EFK-VALUE-002",
                f"{what} is not a usable number: a form's numbers are finite and at most "
                f"{MAX_EXACT_INTEGER:,} in size; write a smaller number",
                f"{what} không phải số dùng được: số trong biểu mẫu phải hữu hạn và không vượt quá "
                f"{MAX_EXACT_INTEGER:,}; hãy ghi số nhỏ hơn",
                node.start_mark.line + 1,
                node.start_mark.column + 1,
                pointer,
                fatal=False,
            )
        )


class _Fatal(Exception):
    def __init__(self, code: str, en: str, vi: str, node: yaml.Node, pointer: str) -> None:
        self.problem = YamlProblem(code, en, vi, node.start_mark.line + 1, node.start_mark.column + 1, pointer)


def load_yaml(text: str | bytes, file: str | None = None) -> tuple[Any, SourceMap, list[YamlProblem]]:
    """Parse one YAML document safely; return (data or None, source map, problems).

    Data is None when a fatal problem stops parsing; non-fatal problems (duplicate keys) come with data.
    """
    source_map = SourceMap(file)
    raw = text.encode("utf-8") if isinstance(text, str) else text
    if len(raw) > MAX_YAML_BYTES:
        return (
            None,
            source_map,
            [
                YamlProblem(
                    "EFK-YAML-006",
                    f"file is {len(raw)} bytes, over the {MAX_YAML_BYTES}-byte limit for a form",
                    f"tệp có {len(raw)} byte, vượt giới hạn {MAX_YAML_BYTES} byte của một biểu mẫu",
                    None,
                    None,
                )
            ],
        )
    try:
        decoded = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return (
            None,
            source_map,
            [
                YamlProblem(
                    "EFK-YAML-001",
                    f"file is not UTF-8 (byte {exc.start}); save it as UTF-8",
                    f"tệp không ở mã UTF-8 (byte {exc.start}); hãy lưu lại dạng UTF-8",
                    None,
                    None,
                )
            ],
        )
    loader = _Loader(decoded)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, source_map, [YamlProblem("EFK-YAML-001", "file is empty", "tệp rỗng", 1, 1)]
        builder = _Builder(loader, source_map)
        data = builder.build(node, "", 0)
        return data, source_map, builder.problems
    except _Fatal as fatal:
        return None, source_map, [fatal.problem]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
        what = f"{exc.context + ', ' if exc.context else ''}{exc.problem or 'syntax error'}"
        return (
            None,
            source_map,
            [
                YamlProblem(
                    "EFK-YAML-001",
                    f"YAML syntax error: {what}; check indentation and quoting on this line",
                    f"Lỗi cú pháp YAML: {what}; kiểm tra thụt lề và dấu nháy ở dòng này",
                    line,
                    col,
                )
            ],
        )
    except yaml.YAMLError as exc:
        return None, source_map, [YamlProblem("EFK-YAML-001", f"YAML error: {exc}", f"Lỗi YAML: {exc}", None, None)]
    finally:
        loader.dispose()
