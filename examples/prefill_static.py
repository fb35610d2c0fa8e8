"""Prefill a catalogue form from a source of your own: an in-memory connector, no registry database.

    python examples/prefill_static.py

A real deployment writes a connector for its own registry (docs/connectors.md) or declares an HTTP/XML
one in YAML; `StaticConnector` stands in for it here. The engine asks each source once for everything
the form binds, keeps provenance, and locks only verified values bound with `lock: verified`.
"""

from __future__ import annotations

import json

import eformkit
from eformkit.prefill import ConnectorRegistry, PrefillEngine, StaticConnector
from eformkit.shipped import shipped_form

CITIZEN = "066190012345"  # a made-up personal ID: Đắk Lắk, female, born 1990

source = StaticConnector(
    "my_registry",
    {
        CITIZEN: {
            "full_name": "Nguyễn Thị Hương",
            "date_of_birth": "1990-04-12",
            "sex": "female",
            "personal_id": CITIZEN,
            "mobile_phone": "0905123456",
        }
    },
)
form_path = shipped_form("vn.bca.ct01")
assert form_path is not None, "the catalogue is not in this install"
form = eformkit.load_form(form_path)
result = PrefillEngine(ConnectorRegistry([source])).prefill(form, CITIZEN)

for pointer, value in result.values.items():
    lock = "locked" if pointer in result.locked else "editable"
    print(
        f"{pointer:<16} {json.dumps(value, ensure_ascii=False):<24} from {result.provenance[pointer].source} ({lock})"
    )
print("still to type:", ", ".join(result.to_type) or "-")
