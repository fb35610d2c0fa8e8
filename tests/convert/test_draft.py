"""The draft YAML writer: written in chunks, it reads back as the same mapping whatever the text holds."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from eformkit.schema.convert.draft import _CHUNK, dump_yaml

ODD = [
    "no",
    "yes",
    "null",
    "~",
    "- item",
    "key: value",
    "# not a comment",
    "  leading spaces",
    "line\nbreak",
    "\n\nblank lines\n",
    "tab\there",
    "u2028\u2028para\u2029",
    "nel\x85",
    "bom\ufeff",
    "quote ' and \"",
    "a" * 300,
    "Họ, chữ đệm, tên: ………… ☐",
    "|",
    ">",
    "@at",
    "%pct",
    "12",
    "1e3",
    "",
]


def _mapping(n_fields: int, sections: int = 2) -> dict[str, Any]:
    doc: dict[str, Any] = {"form": "draft.x", "version": "draft", "title": {"vi": ODD[8]}}
    doc["sections"] = {
        f"s{s}" if s else "no": {
            "title": ODD[(s + 3) % len(ODD)],
            "fields": {
                (ODD[i % len(ODD)] if i % 5 == 0 else f"f_{i}"): {
                    "label": ODD[(i * 7) % len(ODD)],
                    "options": [{"value": "yes", "label": ODD[(i + k) % len(ODD)]} for k in range(i % 3)],
                    "anchor": {"part": "text", "path": f"line[{i}]", "parts": [ODD[i % len(ODD)]]},
                    "required": False,
                }
                for i in range(n_fields)
            },
        }
        for s in range(sections)
    }
    return doc


@pytest.mark.parametrize("n_fields", [0, 1, _CHUNK, _CHUNK + 1, 5 * _CHUNK + 3])
def test_dump_reads_back_the_same(n_fields: int) -> None:
    mapping = _mapping(n_fields)
    text = dump_yaml(mapping)
    assert yaml.safe_load(text) == mapping
    assert "&" not in text.split("\n", 1)[0] and "*id" not in text  # no anchors or aliases
