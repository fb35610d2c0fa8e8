"""YAML configuration of the declarative HTTP connectors (JSON and XML/SOAP agency APIs).

```yaml
connectors:
  - name: insurance
    kind: http_json                  # or xml
    endpoint: https://api.example.gov.vn/people/{subject}
    method: GET                      # POST sends `body` (XML: a SOAP envelope template)
    timeout: 2.0                     # the whole call: connect, retries, reading and parsing the answer
    max_response_bytes: 1048576      # a larger answer is refused as `unavailable`, never buffered
    retries: 2                       # connection errors, 429/502/503/504 and dropped connections
    backoff: 0.05                    # seconds; doubles per retry, with jitter (Retry-After respected)
    max_connections: 100             # one pooled client per connector and event loop
    verified: true                   # values from this source are registry data
    auth: {header: Authorization, env: INSURANCE_TOKEN, scheme: Bearer}
    attributes:
      full_name: $.hoTen                         # JSON path (xml: an XPath)
      mother.full_name: $.me.hoTen               # a single related person
      household_members:                         # a list: one row per match
        path: $.thanhVien[*]
        columns: {full_name: $.hoTen, personal_id: $.soDinhDanh}
```
The secret never sits in the file: `auth.env` names the environment variable read at call time.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from eformkit.errors import EformkitUsageError
from eformkit.prefill.outcome import SubjectKind
from eformkit.text import nfc_deep

__all__ = ["AuthConfig", "FieldMap", "HttpConnectorConfig", "load_connector_configs"]


class AuthConfig(BaseModel):
    """An auth header whose value comes from an environment variable."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    header: str = "Authorization"
    env: str
    scheme: str = ""

    def header_value(self) -> str | None:
        """The header value, or None when the variable is unset (the call then goes without it)."""
        secret = os.environ.get(self.env)
        if not secret:
            return None
        return f"{self.scheme} {secret}".strip()


class FieldMap(BaseModel):
    """Where one attribute sits in the response; `columns` makes it a list of rows."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    path: str
    columns: dict[str, str] = Field(default_factory=dict)
    verified: bool | None = None


class HttpConnectorConfig(BaseModel):
    """One declarative connector."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    kind: Literal["http_json", "xml"]
    endpoint: str
    method: Literal["GET", "POST"] = "GET"
    subject_kind: SubjectKind = SubjectKind.PERSON
    timeout: float = Field(2.0, gt=0)
    max_response_bytes: int = Field(1_048_576, gt=0)
    retries: int = Field(2, ge=0, le=10)
    backoff: float = Field(0.05, ge=0, le=10)
    max_connections: int = Field(100, ge=1, le=10_000)
    verified: bool = True
    auth: AuthConfig | None = None
    headers: dict[str, str] = Field(default_factory=dict)
    body: str | None = None
    namespaces: dict[str, str] = Field(default_factory=dict)
    attributes: dict[str, FieldMap]

    @classmethod
    def parse(cls, data: Mapping[str, Any]) -> HttpConnectorConfig:
        """Validate one mapping; a plain string attribute is shorthand for `{path: ...}`."""
        raw = dict(nfc_deep(dict(data)))
        attrs = raw.get("attributes") or {}
        if isinstance(attrs, Mapping):
            raw["attributes"] = {k: {"path": v} if isinstance(v, str) else v for k, v in attrs.items()}
        return cls.model_validate(raw)


def load_connector_configs(source: str | Path | Mapping[str, Any]) -> list[HttpConnectorConfig]:
    """Read the ``connectors:`` list from a YAML file (or an already-parsed mapping)."""
    if isinstance(source, Mapping):
        data: Any = source
    else:
        with Path(source).open("rb") as fh:
            data = yaml.safe_load(fh)
    items = (data or {}).get("connectors") if isinstance(data, Mapping) else None
    if not isinstance(items, list):
        raise EformkitUsageError("connector configuration needs a top-level `connectors:` list")
    try:
        return [HttpConnectorConfig.parse(item) for item in items]
    except ValidationError as exc:
        raise EformkitUsageError(f"invalid connector configuration: {exc}") from None
