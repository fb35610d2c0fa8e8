"""Soak the demo portal: legitimate traffic while hostile clients push huge bodies and hang around.

    python benchmarks/soak_portal.py [--requests 2000] [--concurrency 50] [--big 3] [--big-mb 300]
                                     [--slow 300] [--timeout 5]

The portal runs as its own process (uvicorn on 127.0.0.1, the limits of `examples/portal/settings.py`
with header and body deadlines of `--timeout` seconds). At the same time:
- `--concurrency` signed-in citizens make `--requests` mixed requests in all (home, catalogue, form
  pages, print views, units, static files, submissions with their receipts and Word files);
- `--big` clients each stream a `--big-mb` MB body (sign-in with a declared length, sign-in chunked,
  a form post chunked);
- `--slow` clients open a connection and stall: a third send nothing, a third trickle their headers,
  a third trickle a body, one byte a second.
Hostile clients run in a process of their own, so that the busy citizens cannot delay their bytes.
Printed: answers by status, latency medians, what the big bodies got and how much of them the server
took, when the slow clients were dropped, the server's resident memory (sampled, and the kernel's
peak), and whether its log has a traceback. The verdict line checks the issue's targets.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "render"))

from formsim import form_pairs  # noqa: E402

SERVER = """
import sys, uvicorn
sys.path.insert(0, {root!r})
from examples.portal.app import create_app
from examples.portal.server import config
from examples.portal.settings import PortalSettings
settings = PortalSettings(body_timeout={timeout}, header_timeout={timeout})
app = create_app(template_dirs=[], settings=settings)
uvicorn.Server(config(app, "127.0.0.1", {port}, settings, log_level="warning")).run()
"""
FORM = "/forms/vn.bca.ct01"
FIX = {"request_kind": "permanent_registration", "signature:place": "Buôn Ma Thuột", "signature:date": "2025-02-05"}
MB = 1024 * 1024


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _rss_kb(pid: int, field: str = "VmRSS") -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


class Sampler(threading.Thread):
    """The server's resident memory every 50 ms."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.samples, self.stop = pid, [], threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                self.samples.append(_rss_kb(self.pid))
            except (OSError, ValueError):
                return
            self.stop.wait(0.05)


# -- legitimate citizens --------------------------------------------------------------------------
async def citizen(base: str, index: int, quota: int, results: list[tuple[str, int, float]]) -> None:
    rng = random.Random(index)
    async with httpx.AsyncClient(base_url=base, timeout=120, follow_redirects=False) as client:

        async def call(kind: str, method: str, url: str, **kw: Any) -> httpx.Response | None:
            start = time.perf_counter()
            try:
                r = await client.request(method, url, **kw)
            except httpx.HTTPError as exc:
                results.append((kind, -1, time.perf_counter() - start))
                print(f"  unanswered {kind}: {type(exc).__name__}", file=sys.stderr)
                return None
            results.append((kind, r.status_code, time.perf_counter() - start))
            return r

        home = await call("home", "GET", "/")
        if home is None:
            return
        handles = re.findall(r'name="subject" value="([^"]+)"', home.text)
        token = re.search(r'name="_csrf" value="([^"]+)"', home.text)
        data = {"_csrf": token.group(1) if token else "", "subject": handles[index % len(handles)]}
        await call("signin", "POST", "/signin", data=data)
        done, receipts = 2, []
        while done < quota:
            pick = rng.random()
            if pick < 0.25:
                page = await call("form", "GET", FORM)
                done += 1
                if page is not None and page.status_code == 200 and done < quota:
                    pairs = [(k, FIX.get(k, v)) for k, v in form_pairs(page.text)]
                    body = httpx.QueryParams(pairs).__str__()
                    headers = {"content-type": "application/x-www-form-urlencoded"}
                    r = await call("submit", "POST", FORM, content=body, headers=headers)
                    done += 1
                    if r is not None and r.status_code == 303:
                        receipts.append(r.headers["location"].split("?")[0])
            elif pick < 0.35 and receipts:
                rid = rng.choice(receipts)
                await call("receipt", "GET", rid if rng.random() < 0.5 else rid + "/word.docx")
                done += 1
            else:
                kind, url = rng.choice([("home", "/"), ("catalogue", "/forms"), ("print", FORM + "/print"),
                                        ("units", "/units/66.json"), ("static", "/static/eform/eform.css"),
                                        ("missing", "/no/such/page")])  # fmt: skip
                await call(kind, "GET", url)
                done += 1


# -- hostile clients ------------------------------------------------------------------------------
async def big_body(port: int, path: str, size: int, chunked: bool, cookie: str = "") -> dict[str, Any]:
    """Stream `size` bytes at the server until it answers or hangs up."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    length = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {size}"
    kind = "multipart/form-data; boundary=x" if path.startswith("/forms") else "application/x-www-form-urlencoded"
    head = f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {kind}\r\n{length}\r\n"
    writer.write((head + (f"Cookie: {cookie}\r\n" if cookie else "") + "\r\n").encode())
    answer = asyncio.ensure_future(reader.read(4096))
    await asyncio.wait([answer], timeout=0.5)  # a declared length over the limit is answered on the headers
    if path.startswith("/forms"):  # one file part that never ends: the parser spools it, the guard counts it
        piece = b"x" * MB
        part = b'--x\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n\r\n'
        writer.write(b"%x\r\n%s\r\n" % (len(part), part) if chunked else part)
    else:  # fields of 1 MB: a=xxx&a=xxx...
        piece = b"a=" + b"x" * (MB - 3) + b"&"
    sent, start = 0, time.perf_counter()
    try:
        while sent < size and not answer.done():  # chunked: the server must read up to its limit first
            block = b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece
            writer.write(block)
            sent += len(piece)  # handed to the socket; the server may hang up before reading it
            await asyncio.wait_for(writer.drain(), 30)
        if chunked and sent >= size:
            writer.write(b"0\r\n\r\n")
    except (ConnectionError, asyncio.TimeoutError):
        pass
    try:
        first = await asyncio.wait_for(answer, 30)
    except (ConnectionError, asyncio.TimeoutError):
        first = b""
    writer.close()
    # A server that hangs up with unread bytes sends a TCP reset, which can discard its 413 in transit.
    status = first.split(b"\r\n", 1)[0].decode(errors="replace") or "(connection closed by the server)"
    return {"path": path, "chunked": chunked, "sent_mb": sent / MB, "status": status,
            "seconds": time.perf_counter() - start}  # fmt: skip


async def slow_client(port: int, mode: str, limit: float) -> tuple[float | None, float | None]:
    """Stall in `mode`; return the seconds to the first byte of an answer (None: none) and until the
    server hung up (None: still open at `limit`)."""
    start = time.perf_counter()  # the server's clock starts at accept, which may come before connect returns
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    if mode == "headers":
        writer.write(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
    elif mode == "body":
        writer.write(b"POST /signin HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded"
                     b"\r\nContent-Length: 1000\r\n\r\nsubject=")  # fmt: skip

    async def trickle() -> None:
        while mode != "silent":
            await asyncio.sleep(1)
            writer.write(b"x")
            await writer.drain()

    dripping = asyncio.ensure_future(trickle())
    answered = None
    try:
        while await asyncio.wait_for(reader.read(4096), limit - (time.perf_counter() - start)):
            answered = answered or time.perf_counter() - start
        return answered, time.perf_counter() - start
    except asyncio.TimeoutError:
        return answered, None
    except ConnectionError:
        return answered, time.perf_counter() - start
    finally:
        dripping.cancel()
        writer.close()


def _hostile(
    port: int, modes: list[str], limit: float, bigs: list[tuple[str, bool, str]], size: int
) -> tuple[list[tuple[float | None, float | None]], list[dict[str, Any]]]:
    """The slow clients, then (a second later, with the citizens busy) the big bodies."""

    async def bodies() -> list[dict[str, Any]]:
        await asyncio.sleep(2)
        return list(await asyncio.gather(*(big_body(port, p, size, c, k) for p, c, k in bigs)))

    async def both() -> tuple[list[tuple[float | None, float | None]], list[dict[str, Any]]]:
        slow_task = asyncio.ensure_future(asyncio.gather(*(slow_client(port, mode, limit) for mode in modes)))
        big = await bodies()
        return list(await slow_task), big

    return asyncio.run(both())


async def soak(args: argparse.Namespace, port: int) -> dict[str, Any]:
    base = f"http://127.0.0.1:{port}"
    results: list[tuple[str, int, float]] = []
    async with httpx.AsyncClient(base_url=base) as setup:  # a signed-in cookie for the big form post
        home = await setup.get("/")
        handle = re.findall(r'name="subject" value="([^"]+)"', home.text)[0]
        token = re.search(r'name="_csrf" value="([^"]+)"', home.text).group(1)  # type: ignore[union-attr]
        await setup.post("/signin", data={"_csrf": token, "subject": handle})
        cookie = "; ".join(f"{k}={v}" for k, v in setup.cookies.items())
    per = [args.requests // args.concurrency + (i < args.requests % args.concurrency) for i in range(args.concurrency)]
    bigs = ([("/signin", False, ""), ("/signin", True, ""), (FORM, True, cookie)] * args.big)[: args.big]
    modes = [("silent", "headers", "body")[i % 3] for i in range(args.slow)]
    start = time.perf_counter()
    # Hostile clients get a process of their own: in this one, 50 busy citizens would delay their first
    # bytes by seconds, and the server would rightly drop them as silent before they said anything.
    with ProcessPoolExecutor(1) as pool:
        hostile = asyncio.get_running_loop().run_in_executor(
            pool, _hostile, port, modes, args.timeout * 6, bigs, args.big_mb * MB
        )
        await asyncio.sleep(1)  # the slow clients connect and stall before the citizens begin
        await asyncio.gather(*(citizen(base, i, n, results) for i, n in enumerate(per)))
        legit_seconds = time.perf_counter() - start
        dropped, big = await hostile
    return {"results": results, "legit_seconds": legit_seconds, "big": big,
            "slow": [(m, *t) for m, t in zip(modes, dropped, strict=True)]}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--big", type=int, default=3)
    parser.add_argument("--big-mb", type=int, default=300)
    parser.add_argument("--slow", type=int, default=300)
    parser.add_argument("--timeout", type=float, default=5.0, help="the served header and body deadlines (s)")
    args = parser.parse_args()
    port = _free_port()
    code = SERVER.format(root=str(ROOT), timeout=args.timeout, port=port)
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen([sys.executable, "-c", code], stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
        out, idle_kb, sampled_kb, peak_kb = _run(args, port, server)
        log.seek(0)
        log_text = log.read().decode(errors="replace")
    return report(args, out, idle_kb, sampled_kb, peak_kb, log_text)


def _run(args: argparse.Namespace, port: int, server: subprocess.Popen[bytes]) -> tuple[dict[str, Any], int, int, int]:
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        idle_kb = _rss_kb(server.pid)
        sampler = Sampler(server.pid)
        sampler.start()
        out = asyncio.run(soak(args, port))
        sampler.stop.set()
        sampler.join()
        peak_kb = _rss_kb(server.pid, "VmHWM")
    finally:
        server.terminate()
        server.wait(timeout=20)
    return out, idle_kb, max(sampler.samples or [0]), peak_kb


def report(args: argparse.Namespace, out: dict[str, Any], idle_kb: int, sampled_kb: int, peak_kb: int,
           log_text: str) -> int:  # fmt: skip
    results = out["results"]
    by_status: dict[int, int] = {}
    for _, status, _ in results:
        by_status[status] = by_status.get(status, 0) + 1
    unanswered = by_status.get(-1, 0) + sum(n for s, n in by_status.items() if s >= 500)
    print(f"legitimate: {len(results)} requests by {args.concurrency} citizens in {out['legit_seconds']:.1f} s; "
          f"statuses {dict(sorted(by_status.items()))}")  # fmt: skip
    kinds = sorted({k for k, _, _ in results})
    for kind in kinds:
        times = [t for k, s, t in results if k == kind and s > 0]
        if times:
            print(f"  {kind:10} n={len(times):4}  median {statistics.median(times) * 1000:7.1f} ms  "
                  f"max {max(times) * 1000:8.1f} ms")  # fmt: skip
    for b in out["big"]:
        how = "chunked" if b["chunked"] else "declared length"
        print(f"big body {b['path']} ({how}): wrote {b['sent_mb']:.0f} of {args.big_mb} MB, "
              f"answer {b['status']!r} after {b['seconds']:.2f} s")  # fmt: skip
    dropped_ok = True
    for mode in ("silent", "headers", "body"):
        times = [t for m, _, t in out["slow"] if m == mode]
        answers = [a for m, a, _ in out["slow"] if m == mode and a is not None]
        closed = [t for t in times if t is not None]
        if not closed:
            print(f"slow clients ({mode}): {len(times)}, none dropped within {args.timeout * 6:.0f} s")
            dropped_ok = False
            continue
        print(f"slow clients ({mode}): {len(times)}, dropped {len(closed)} after median "
              f"{statistics.median(closed):.2f} s, max {max(closed):.2f} s (timeout {args.timeout:g} s)")  # fmt: skip
        if answers:
            print(f"  {len(answers)} were answered before (median {statistics.median(answers):.2f} s)")
        dropped_ok &= len(closed) == len(times) and max(closed) <= args.timeout * 3
    tracebacks = log_text.count("Traceback")
    print(f"server resident memory: {idle_kb / 1024:.0f} MB idle, {sampled_kb / 1024:.0f} MB sampled peak, "
          f"{peak_kb / 1024:.0f} MB kernel peak (VmHWM)")  # fmt: skip
    print(f"server log: {len(log_text.splitlines())} lines, {tracebacks} tracebacks")
    if log_text.strip():
        print("  " + "\n  ".join(log_text.strip().splitlines()[:10]))
    refused = all(b["status"].split(" ")[1:2] in (["413"], ["408"]) or "closed" in b["status"] for b in out["big"])
    ok = unanswered == 0 and peak_kb < 250 * 1024 and dropped_ok and tracebacks == 0 and refused
    print(f"verdict: {'PASS' if ok else 'FAIL'} (every legitimate request answered: {unanswered == 0}; "
          f"peak RSS < 250 MB: {peak_kb < 250 * 1024}; big bodies refused: {refused}; "
          f"slow clients dropped: {dropped_ok}; no traceback: {tracebacks == 0})")  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
