"""A small asyncio HTTP/1.1 source on 127.0.0.1, run in its own process so its CPU and memory are not
the measured client's. Routes (GET, keep-alive):

- ``/kb/{subject}``: a 1 KB JSON answer.
- ``/big/{subject}``: 200 MB with its Content-Length, streamed; ``/bigchunked/{subject}``: the same chunked.
- ``/endless/{subject}``: a chunked stream that never ends.
- ``/person/{delay_ms}/{fail_per_mille}/{subject}``: a person record after `delay_ms`; 404 for a subject
  starting with 9 (unknown); HTTP 503 for a random `fail_per_mille` of the calls.
"""

from __future__ import annotations

import asyncio
import json
import random
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

CHUNK = b"x" * 65536
BIG = 200 * 1024 * 1024


def person(subject: str) -> bytes:
    n = int(subject[-4:]) if subject[-4:].isdigit() else 0
    record = {"hoTen": f"Nguyễn Văn {n:04d}", "ngaySinh": f"{1950 + n % 50}-0{1 + n % 9}-1{n % 10}",
              "gioiTinh": "Nam" if n % 2 else "Nữ", "soDinhDanh": subject}  # fmt: skip
    return json.dumps(record, ensure_ascii=False).encode()


async def _write_head(writer: asyncio.StreamWriter, status: int, length: int | None) -> None:
    head = f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\n"
    head += "Transfer-Encoding: chunked\r\n" if length is None else f"Content-Length: {length}\r\n"
    writer.write(head.encode() + b"\r\n")


async def _answer(path: str, writer: asyncio.StreamWriter, rng: random.Random) -> None:
    parts = path.strip("/").split("/")
    kind, subject = parts[0], parts[-1]
    if kind == "kb":
        body = b'{"bhxh": {"soThe": "GD4661234567890"}, "pad": "' + b"x" * 970 + b'"}'
        await _write_head(writer, 200, len(body))
        writer.write(body)
    elif kind in ("big", "bigchunked", "endless"):
        await _write_head(writer, 200, BIG if kind == "big" else None)
        sent = 0
        while kind == "endless" or sent < BIG:
            writer.write(CHUNK if kind == "big" else b"10000\r\n" + CHUNK + b"\r\n")
            sent += len(CHUNK)
            await writer.drain()
        if kind != "big":
            writer.write(b"0\r\n\r\n")
    elif kind == "person":
        delay, fail = int(parts[1]), int(parts[2])
        await asyncio.sleep(delay / 1000)
        if rng.randrange(1000) < fail:
            await _write_head(writer, 503, 4)
            writer.write(b"busy")
        elif subject.startswith("9"):
            await _write_head(writer, 404, 2)
            writer.write(b"{}")
        else:
            body = person(subject)
            await _write_head(writer, 200, len(body))
            writer.write(body)
    else:
        await _write_head(writer, 404, 0)
    await writer.drain()


async def _serve(seed: int) -> None:
    rng = random.Random(seed)

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                path = head.split(b" ", 2)[1].decode()
                await _answer(path, writer, rng)
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=1024)
    print(server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


@contextmanager
def loopback_source(seed: int = 16) -> Iterator[str]:
    """Start the source in a child process; yields its base URL."""
    proc = subprocess.Popen([sys.executable, __file__, str(seed)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        yield f"http://127.0.0.1:{int(proc.stdout.readline())}"
    finally:
        proc.terminate()
        proc.wait(5)


if __name__ == "__main__":
    asyncio.run(_serve(int(sys.argv[1])))
