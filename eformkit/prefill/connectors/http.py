"""Declarative connectors for real agency APIs: JSON over HTTP and XML (SOAP-style), on httpx and lxml.

Every HTTP status and parse failure maps to a typed outcome (401/403 → denied, 404 → not_found,
204 or nothing mapped → empty, 408/429/5xx/connection errors/malformed or oversized bodies →
unavailable, no answer within `timeout` → timeout). `timeout` bounds the whole call: connecting,
retries, reading and parsing. An answer is read only up to `max_response_bytes` (see `bounded`).
JSON with `NaN`/`Infinity` is not JSON (RFC 8259) and is refused, so no non-finite number is ever
bound. Reasons quote the status or the kind of failure, never the body, which may hold personal
data. XML is parsed with entities, DTDs and network access off, and a document that declares a DTD
is refused outright.

Each connector keeps one pooled `httpx.AsyncClient` per event loop (a client's connections belong
to the loop that opened them; past 16 connections in use it spills over to a further client), with
transport retries (`httpx-retries`) of connection errors, dropped connections and 429/502/503/504
answers, with exponential backoff and jitter. `aclose()` (or the engine's) closes them.
"""

from __future__ import annotations

import asyncio
import functools
import json
import math
import re
import ssl
import weakref
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote
from xml.sax.saxutils import escape

import httpx
from httpx_retries import Retry, RetryTransport
from lxml import etree

from eformkit.prefill.base import ConnectorError
from eformkit.prefill.connectors.bounded import ACCEPT_ENCODING, read_bounded
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


_POOL = 16  # connections per pooled client (see `_HttpConnector._pool`)
_STATUS = {401: Outcome.DENIED, 403: Outcome.DENIED, 404: Outcome.NOT_FOUND, 410: Outcome.NOT_FOUND}
_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


class _Pool:
    """One pooled client and how many fetches are using it now."""

    __slots__ = ("busy", "client")

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client
        self.busy = 0


def _busy(pool: _Pool) -> int:
    return pool.busy


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
        self._clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, list[_Pool]] = weakref.WeakKeyDictionary()

    def _pool(self) -> _Pool:
        """This event loop's client, made on first use and reused by every later fetch on the loop.

        Past `_POOL` connections the pool spills over to further clients, the least busy first:
        httpcore's pool bookkeeping costs O(connections × waiting requests) per request, which at
        200 connections in one pool took most of the CPU of `benchmarks/bench_prefill_batch.py`.
        One fetch at a time always takes the first client, so it keeps reusing one connection.
        """
        loop = asyncio.get_running_loop()
        pools = self._clients.get(loop)
        if pools is None or pools[0].client.is_closed:
            shards = 1 if self._transport is not None else -(-self.config.max_connections // _POOL)
            size = -(-self.config.max_connections // shards)
            pools = self._clients[loop] = [_Pool(self._new_client(size)) for _ in range(shards)]
        return min(pools, key=_busy)

    def _new_client(self, connections: int) -> httpx.AsyncClient:
        cfg = self.config
        transport = self._transport or httpx.AsyncHTTPTransport(
            verify=_tls(), limits=httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
        )
        if cfg.retries:
            # One retry layer for everything, with our backoff: httpx's own `retries=` covers connection
            # errors only and waits a fixed 0.5 s, 1 s, … which a 2 s budget cannot afford.
            retry = Retry(
                total=cfg.retries,
                allowed_methods=("GET", "POST"),  # a POST here is a read (a query or a SOAP call)
                status_forcelist=(429, 502, 503, 504),
                # Not timeouts: `timeout` bounds the whole call, so a timed-out attempt leaves no time to retry.
                retry_on_exceptions=(httpx.ConnectError, httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError),
                backoff_factor=cfg.backoff,
                max_backoff_wait=cfg.timeout,
            )
            transport = RetryTransport(transport, retry=retry)
        return httpx.AsyncClient(transport=transport, timeout=cfg.timeout)

    async def aclose(self) -> None:
        """Close this event loop's clients and their pooled connections (the next fetch opens new ones)."""
        for pool in self._clients.pop(asyncio.get_running_loop(), []):
            await pool.client.aclose()

    def attributes(self) -> Mapping[str, AttributeSpec]:
        """Top-level names from the mapping (``mother.x`` declares the relation ``mother``)."""
        return self._specs

    def _body(self, request: FetchRequest) -> str | None:
        return None

    async def fetch(self, request: FetchRequest) -> FetchResult:
        """Call the endpoint once for all requested attributes and map the response, all within `timeout`."""
        budget = min(self.config.timeout, request.deadline)
        loop = asyncio.get_running_loop()
        end = loop.time() + budget
        try:
            status, content = await asyncio.wait_for(self._exchange(request, budget), budget)
        except (asyncio.TimeoutError, httpx.TimeoutException):
            raise ConnectorError(Outcome.TIMEOUT, f"no answer within {budget:g} s") from None
        except httpx.HTTPError as exc:
            raise ConnectorError(Outcome.UNAVAILABLE, f"connection failed ({type(exc).__name__})") from None
        if status == 204 or (status == 200 and not content.strip()):
            return FetchResult(Outcome.EMPTY, {}, "source answered with no content")
        if status != 200:
            return FetchResult.failure(_STATUS.get(status, Outcome.UNAVAILABLE), f"source answered HTTP {status}")
        values = self._map(self._parse(content), request)
        if loop.time() > end:  # parsing is bounded by the size limit, but the deadline is the deadline
            raise ConnectorError(Outcome.TIMEOUT, f"answer not read within {budget:g} s")
        return FetchResult.ok(values)

    async def _exchange(self, request: FetchRequest, budget: float) -> tuple[int, bytes]:
        """Send the request; read the body of a 200 only, and only up to the size limit."""
        cfg = self.config
        wanted = sorted(request.attributes | {f"{r}.{a}" for r, attrs in request.relations.items() for a in attrs})
        # Purpose and the attribute list travel with the call, so the source can enforce minimisation too.
        headers = {"X-Purpose": request.purpose, "X-Attributes": ",".join(wanted),
                   "Accept-Encoding": ACCEPT_ENCODING, **cfg.headers}  # fmt: skip
        if cfg.auth is not None and (value := cfg.auth.header_value()):
            headers[cfg.auth.header] = value
        url = cfg.endpoint.format(subject=quote(request.subject, safe=""))
        pool = self._pool()
        body = self._body(request)
        pool.busy += 1
        try:
            async with pool.client.stream(cfg.method, url, headers=headers, content=body, timeout=budget) as response:
                if response.status_code != 200:
                    return response.status_code, b""
                return 200, await read_bounded(response, cfg.max_response_bytes)
        finally:
            pool.busy -= 1

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


def _refuse_constant(name: str) -> Any:
    raise ConnectorError(Outcome.UNAVAILABLE, f"invalid JSON response: {name} is not a number JSON allows")


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):  # 1e999 parses to inf
        raise ConnectorError(Outcome.UNAVAILABLE, "invalid JSON response: a number out of range")
    return number


class HttpJsonConnector(_HttpConnector):
    """A JSON API; attributes map to JSON paths."""

    def _body(self, request: FetchRequest) -> str | None:
        if self.config.method != "POST":
            return None
        return json.dumps({"subject": request.subject, "purpose": request.purpose,
                           "attributes": sorted(request.names)}, ensure_ascii=False)  # fmt: skip

    def _parse(self, content: bytes) -> Any:
        try:
            doc = json.loads(content, parse_constant=_refuse_constant, parse_float=_finite_float)
        except (ValueError, RecursionError):
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
