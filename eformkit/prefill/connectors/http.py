"""Declarative connectors for real agency APIs: JSON over HTTP and XML (SOAP-style), on httpx and lxml.

Every HTTP status and parse failure maps to a typed outcome (401/403 → denied, 404 → not_found,
204 or nothing mapped → empty, 408/429/5xx/connection errors/malformed bodies → unavailable,
client timeout → timeout). Reasons quote the status or the kind of failure, never the body, which
may hold personal data. XML is parsed with entities, DTDs and network access off, and a document
that declares a DTD is refused outright.
"""

from __future__ import annotations

import functools
import json
import re
import ssl
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote
from xml.sax.saxutils import escape

import httpx
from lxml import etree

from eformkit.prefill.base import ConnectorError
from eformkit.prefill.connectors.config import HttpConnectorConfig, load_connector_configs
from eformkit.prefill.outcome import (
    AttributeSpec,
    FetchRequest,
    FetchResult,
    Outcome,
    Provenance,
    Value,
    utcnow,
)
from eformkit.text import nfc_deep

__all__ = ["HttpJsonConnector", "XmlConnector", "connectors_from_yaml", "json_path"]

_STEP = re.compile(r"\.([^.\[\]]+)|\[(\d+|\*)\]")


def json_path(doc: Any, path: str) -> list[Any]:
    """Evaluate a small JSONPath subset (``$.a.b[0].c``, ``$.items[*]``); returns every match."""
    if not path.startswith("$"):
        raise ValueError(f"JSON path must start with '$': {path!r}")
    current = [doc]
    for key, index in _STEP.findall(path[1:]):
        nxt: list[Any] = []
        for node in current:
            if key and isinstance(node, Mapping) and key in node:
                nxt.append(node[key])
            elif index == "*" and isinstance(node, list):
                nxt.extend(node)
            elif index and index != "*" and isinstance(node, list) and int(index) < len(node):
                nxt.append(node[int(index)])
        current = nxt
    return [n for n in current if n is not None]


def _asked(key: str, many: bool, request: FetchRequest) -> bool:
    if many:
        return key in request.relations
    relation, dot, attr = key.partition(".")
    return attr in request.relations.get(relation, ()) if dot else key in request.attributes


@functools.cache
def _tls() -> ssl.SSLContext:
    # Loading the CA bundle costs ~30 ms of CPU; done per client it would serialise "concurrent" sources.
    return httpx.create_ssl_context()


_STATUS = {401: Outcome.DENIED, 403: Outcome.DENIED, 404: Outcome.NOT_FOUND, 410: Outcome.NOT_FOUND}
_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


class _HttpConnector:
    """What both flavours share: the request, the status mapping, the attribute mapping."""

    def __init__(self, config: HttpConnectorConfig, *, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.config = config
        self.name = config.name
        self.subject_kind = config.subject_kind
        self._transport = transport
        specs: dict[str, AttributeSpec] = {}
        for key, fmap in config.attributes.items():
            verified = config.verified if fmap.verified is None else fmap.verified
            relation, dot, _ = key.partition(".")
            if dot:
                specs[relation] = AttributeSpec(relation, "person", verified, relation=True)
            else:
                many = bool(fmap.columns)
                specs[key] = AttributeSpec(key, "table" if many else "text", verified, relation=many, many=many)
        self._specs = specs

    def attributes(self) -> Mapping[str, AttributeSpec]:
        """Top-level names from the mapping (``mother.x`` declares the relation ``mother``)."""
        return self._specs

    def _body(self, request: FetchRequest) -> str | None:
        return None

    async def fetch(self, request: FetchRequest) -> FetchResult:
        """Call the endpoint once for all requested attributes and map the response."""
        cfg = self.config
        wanted = sorted(request.attributes | {f"{r}.{a}" for r, attrs in request.relations.items() for a in attrs})
        # Purpose and the attribute list travel with the call, so the source can enforce minimisation too.
        headers = {"X-Purpose": request.purpose, "X-Attributes": ",".join(wanted), **cfg.headers}
        if cfg.auth is not None and (value := cfg.auth.header_value()):
            headers[cfg.auth.header] = value
        url = cfg.endpoint.format(subject=quote(request.subject, safe=""))
        timeout = min(cfg.timeout, request.deadline)
        try:
            async with httpx.AsyncClient(transport=self._transport, timeout=timeout, verify=_tls()) as client:
                response = await client.request(cfg.method, url, headers=headers, content=self._body(request))
        except httpx.TimeoutException:
            raise ConnectorError(Outcome.TIMEOUT, f"no answer within {timeout:g} s") from None
        except httpx.HTTPError as exc:
            raise ConnectorError(Outcome.UNAVAILABLE, f"connection failed ({type(exc).__name__})") from None
        status = response.status_code
        if status == 204 or (status == 200 and not response.content.strip()):
            return FetchResult(Outcome.EMPTY, {}, "source answered with no content")
        if status != 200:
            return FetchResult.failure(_STATUS.get(status, Outcome.UNAVAILABLE), f"source answered HTTP {status}")
        values = self._map(self._parse(response.content), request)
        return FetchResult.ok(values)

    def _parse(self, content: bytes) -> Any:
        raise NotImplementedError

    def _find(self, doc: Any, path: str) -> list[Any]:
        raise NotImplementedError

    def _map(self, doc: Any, request: FetchRequest) -> dict[str, Value]:
        now = utcnow()
        values: dict[str, Value] = {}
        for key, fmap in self.config.attributes.items():
            if not _asked(key, bool(fmap.columns), request):
                continue
            verified = self.config.verified if fmap.verified is None else fmap.verified
            found = self._find(doc, fmap.path)
            if fmap.columns:
                cols = {c: p for c, p in fmap.columns.items() if c in request.relations.get(key, frozenset())}
                rows = [{c: m[0] for c, p in cols.items() if (m := self._find(node, p))} for node in found]
                value: Any = [r for r in rows if r]
            else:
                value = found[0] if found else None
            if value not in (None, "", []):
                values[key] = Value(nfc_deep(value), Provenance(self.name, key, now, verified))
        return values


class HttpJsonConnector(_HttpConnector):
    """A JSON API; attributes map to JSON paths."""

    def _body(self, request: FetchRequest) -> str | None:
        if self.config.method != "POST":
            return None
        return json.dumps({"subject": request.subject, "purpose": request.purpose,
                           "attributes": sorted(request.names)}, ensure_ascii=False)  # fmt: skip

    def _parse(self, content: bytes) -> Any:
        try:
            doc = json.loads(content)
        except ValueError:
            raise ConnectorError(Outcome.UNAVAILABLE, "malformed JSON response") from None
        if not isinstance(doc, (dict, list)):
            raise ConnectorError(Outcome.UNAVAILABLE, "unexpected JSON response (not an object)")
        return doc

    def _find(self, doc: Any, path: str) -> list[Any]:
        return json_path(doc, path)


class XmlConnector(_HttpConnector):
    """An XML/SOAP API; attributes map to XPath expressions (with `namespaces` prefixes)."""

    def _body(self, request: FetchRequest) -> str | None:
        if self.config.body is None:
            return None
        return self.config.body.format(
            subject=escape(request.subject), purpose=escape(request.purpose),
            attributes=escape(",".join(sorted(request.names))),
        )  # fmt: skip

    def _parse(self, content: bytes) -> Any:
        try:
            root = etree.fromstring(content, parser=_SAFE_PARSER)
        except etree.XMLSyntaxError:
            raise ConnectorError(Outcome.UNAVAILABLE, "malformed XML response") from None
        if root.getroottree().docinfo.doctype:
            raise ConnectorError(Outcome.UNAVAILABLE, "XML response declares a DTD; refused")
        if root.xpath("//*[local-name()='Fault']"):
            raise ConnectorError(Outcome.UNAVAILABLE, "source answered with a SOAP fault")
        return root

    def _find(self, doc: Any, path: str) -> list[Any]:
        found = doc.xpath(path, namespaces=self.config.namespaces)
        items = found if isinstance(found, list) else [found]
        out: list[Any] = []
        for item in items:
            if isinstance(item, etree._Element):
                # A row node stays a node (columns are evaluated relative to it); a leaf becomes its text.
                out.append(item if len(item) else (item.text or "").strip())
            elif item not in (None, ""):
                out.append(str(item).strip())
        return [o for o in out if o != ""]

    def _map(self, doc: Any, request: FetchRequest) -> dict[str, Value]:
        values = super()._map(doc, request)
        # Rows and scalars must be plain data, never lxml nodes.
        return {k: v for k, v in values.items() if not isinstance(v.value, etree._Element)}


def connectors_from_yaml(
    source: str | Any, *, transport: httpx.AsyncBaseTransport | None = None
) -> list[_HttpConnector]:
    """Build the declarative connectors configured in a YAML file or mapping."""
    kinds: dict[str, type[_HttpConnector]] = {"http_json": HttpJsonConnector, "xml": XmlConnector}
    return [kinds[c.kind](c, transport=transport) for c in load_connector_configs(source)]
