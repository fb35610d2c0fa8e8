"""Read an HTTP answer into memory only up to a size limit, whatever the source sends.

A source that answers with 200 MB, an endless chunked stream or a small gzip bomb must cost at most
the limit plus one network chunk: a declared `Content-Length` over the limit is refused before any
byte is read, and the body is counted while it streams (after decompression, which is itself capped
per chunk, so a compressed answer cannot expand past the limit in memory either).
"""

from __future__ import annotations

import zlib
from collections.abc import Callable

import httpx

from eformkit.prefill.base import ConnectorError
from eformkit.prefill.outcome import Outcome

__all__ = ["ACCEPT_ENCODING", "read_bounded"]

ACCEPT_ENCODING = "gzip, deflate"  # only what `read_bounded` can decode with a cap; never br/zstd

_Decode = Callable[[bytes, int], bytes]


def _too_large(limit: int, declared: str = "") -> ConnectorError:
    size = f" (declared {declared} bytes)" if declared else ""
    return ConnectorError(Outcome.UNAVAILABLE, f"answer larger than the {limit}-byte limit{size}; refused")


def _decoder(encoding: str) -> _Decode | None:
    codings = [c.strip().lower() for c in encoding.split(",") if c.strip()]
    codings = [c for c in codings if c != "identity"]
    if not codings:
        return lambda data, _room: data
    if len(codings) > 1 or codings[0] not in ("gzip", "x-gzip", "deflate"):
        return None
    engine = zlib.decompressobj(16 + zlib.MAX_WBITS if codings[0] != "deflate" else zlib.MAX_WBITS)
    # `room` caps what one chunk may expand to; zlib keeps the rest in `unconsumed_tail`, which is
    # only left when the cap was reached, i.e. when the answer is over the limit anyway.
    return lambda data, room: engine.decompress(data, room)


async def read_bounded(response: httpx.Response, limit: int) -> bytes:
    """The decoded body of a streamed `response`, or `ConnectorError(unavailable)` once it passes `limit`."""
    declared = response.headers.get("Content-Length", "").strip()
    # A malformed length is the HTTP parser's to refuse; a well-formed one over the limit is refused here.
    if declared.isascii() and declared.isdigit() and (len(declared) > 18 or int(declared) > limit):
        raise _too_large(limit, declared[:20])
    decode = _decoder(response.headers.get("Content-Encoding", ""))
    if decode is None:
        raise ConnectorError(Outcome.UNAVAILABLE, "answer in an unsupported content encoding")
    body = bytearray()
    try:
        async for chunk in response.aiter_raw():
            room = limit - len(body) + 1  # never 0: zlib reads 0 as "no cap"
            data = decode(chunk, room)
            if len(data) >= room:
                raise _too_large(limit)
            body += data
    except zlib.error:
        raise ConnectorError(Outcome.UNAVAILABLE, "malformed compressed answer") from None
    return bytes(body)
