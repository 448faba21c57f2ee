"""The load generator: closed loops against a real local HTTP server, always bounded."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
from bench.loadgen import Call, Connection, run_cell


async def _answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    # A minimal keep-alive HTTP/1.1 server: `/slow` waits, `/chunked` streams, `/missing` is 404.
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            path = head.split(b" ", 2)[1]
            if path == b"/slow":
                await asyncio.sleep(0.05)
            if path == b"/chunked":
                writer.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
                writer.write(b"3\r\nabc\r\n0\r\n\r\n")
            else:
                status = b"404 Not Found" if path == b"/missing" else b"200 OK"
                writer.write(b"HTTP/1.1 " + status + b"\r\nContent-Length: 2\r\n\r\nok")
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionResetError):
        writer.close()


@pytest.fixture
async def port() -> AsyncIterator[int]:
    server = await asyncio.start_server(_answer, "127.0.0.1", 0)
    async with server:
        yield server.sockets[0].getsockname()[1]


async def test_a_cell_sends_exactly_the_requested_count(port: int) -> None:
    summary = await run_cell(
        port, lambda i: Call("GET", "/"), concurrency=4, count=200, time_cap_s=30
    )
    assert (summary.count, summary.errors) == (200, 0)
    assert summary.p50_ms <= summary.p99_ms


async def test_a_cell_stops_at_its_time_cap(port: int) -> None:
    begun = time.perf_counter()
    summary = await run_cell(
        port, lambda i: Call("GET", "/slow"), concurrency=2, count=10_000, time_cap_s=0.3
    )
    assert time.perf_counter() - begun < 2
    assert 0 < summary.count < 100


async def test_unexpected_statuses_are_counted_as_errors_with_the_first_one_kept(
    port: int,
) -> None:
    summary = await run_cell(
        port, lambda i: Call("GET", "/missing"), concurrency=1, count=5, time_cap_s=10
    )
    assert (summary.count, summary.errors) == (0, 5)
    assert summary.first_error is not None and "404" in summary.first_error


async def test_chunked_answers_are_read_whole(port: int) -> None:
    bodies: list[bytes] = []
    await run_cell(
        port,
        lambda i: Call("GET", "/chunked"),
        concurrency=1,
        count=3,
        time_cap_s=10,
        on_answer=lambda i, answer: bodies.append(answer.body),
    )
    assert bodies == [b"abc"] * 3


def test_only_the_loopback_address_is_a_target() -> None:
    with pytest.raises(ValueError):
        Connection(80, host="10.0.0.1")
