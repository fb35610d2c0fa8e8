"""`SourceGate` and per-source rates in `prefill_many`: the calls a batch makes to one source are spaced."""

from __future__ import annotations

import asyncio
import time

import pytest

from eformkit.prefill.gate import SourceGate


def test_a_rate_spaces_the_calls_and_concurrency_caps_them() -> None:
    starts: list[float] = []
    running = 0
    most = 0

    async def call(gate: SourceGate) -> None:
        nonlocal running, most
        async with gate:
            starts.append(time.monotonic())
            running += 1
            most = max(most, running)
            await asyncio.sleep(0.01)
            running -= 1

    async def main() -> None:
        gate = SourceGate(2, rate=50.0)  # at most 2 at once, 50 a second: 20 ms apart
        await asyncio.gather(*(call(gate) for _ in range(10)))

    asyncio.run(main())
    assert len(starts) == 10 and most <= 2
    # The i-th call starts no sooner than i intervals after the first (a timer may fire a hair early).
    assert all(t - starts[0] >= i * 0.02 - 0.003 for i, t in enumerate(starts))


def test_without_a_rate_only_concurrency_holds() -> None:
    async def main() -> int:
        gate = SourceGate(10)
        running = most = 0

        async def call() -> None:
            nonlocal running, most
            async with gate:
                running += 1
                most = max(most, running)
                await asyncio.sleep(0.05)
                running -= 1

        await asyncio.gather(*(call() for _ in range(12)))
        return most

    assert asyncio.run(main()) == 10  # ten at once (none spaced), never an eleventh


def test_a_cancelled_wait_gives_its_slot_back() -> None:
    async def main() -> bool:
        gate = SourceGate(1, rate=1.0)
        async with gate:
            pass  # books the next start one second ahead
        waiter = asyncio.ensure_future(gate.__aenter__())
        await asyncio.sleep(0.01)
        waiter.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiter
        return gate._slots.locked()

    assert asyncio.run(main()) is False


def test_bad_settings_are_refused() -> None:
    with pytest.raises(ValueError, match="concurrency"):
        SourceGate(0)
    with pytest.raises(ValueError, match="rate"):
        SourceGate(1, rate=0)


def test_the_cli_takes_rates_per_source(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from eformkit.prefill.cli_commands import prefill
    from eformkit.prefill.embedded import default_db

    subjects = tmp_path / "subjects.csv"
    subjects.write_text("subject\n" + "\n".join(default_db().person_ids(3)) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    args = ["vn.bca.ct01", "--subjects", str(subjects), "-o", str(out)]
    bad = CliRunner().invoke(prefill, [*args, "--rate", "population=fast"])
    assert bad.exit_code == 2 and "SOURCE=CALLS_PER_SECOND" in bad.output
    t = time.monotonic()
    ok = CliRunner().invoke(prefill, [*args, "--rate", "population=20"])
    assert ok.exit_code == 0, ok.output
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3
    assert time.monotonic() - t >= 2 * 0.05 - 0.003  # three population calls, 50 ms apart at the least
