"""A bounded closed-loop load generator speaking HTTP/1.1 over raw asyncio streams.

Each of `concurrency` virtual users holds one keep-alive connection and sends its next
request as soon as the previous answer is read (closed loop). A cell stops after `count`
requests or `time_cap_s` seconds, whichever comes first, so every run ends by itself. The
client is deliberately thin (no HTTP library) so that, on a machine whose cores it shares
with the server, it takes as little CPU as it can from what is measured.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from bench.stats import Summary, summarize

REQUEST_TIMEOUT_S = 10.0
LOOPBACK = "127.0.0.1"


@dataclass(frozen=True)
class Call:
    """One HTTP request to send."""

    method: str
    path: str
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    expect: tuple[int, ...] = (200,)


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes


class HttpError(Exception):
    """The server answered something that is not HTTP/1.1 as we speak it."""


class Connection:
    """One keep-alive HTTP/1.1 connection to the server under test."""

    def __init__(self, port: int, *, host: str = LOOPBACK) -> None:
        if host != LOOPBACK:
            raise ValueError("the load generator targets 127.0.0.1 only")
        self.host, self.port = host, port
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def send(self, call: Call) -> Answer:
        """Send `call` and read the whole answer; reconnects when the server closed."""
        if self._writer is None or self._writer.is_closing():
            await self._open()
        assert self._reader is not None and self._writer is not None
        self._writer.write(self._encode(call))
        status, headers = await self._read_head(self._reader)
        body = await self._read_body(self._reader, headers)
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return Answer(status, body)

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            with contextlib.suppress(OSError):
                await self._writer.wait_closed()
        self._reader = self._writer = None

    async def _open(self) -> None:
        self._reader, self._writer = await asyncio.open_connection(self.host, self.port)

    def _encode(self, call: Call) -> bytes:
        lines = [f"{call.method} {call.path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        lines += [f"{name}: {value}" for name, value in call.headers.items()]
        body = call.body or b""
        if call.body is not None or call.method in ("POST", "PUT", "PATCH"):
            lines.append(f"Content-Length: {len(body)}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body

    @staticmethod
    async def _read_head(reader: asyncio.StreamReader) -> tuple[int, dict[str, str]]:
        head = await reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        parts = status_line.split(" ", 2)
        if len(parts) < 2 or not parts[0].startswith("HTTP/1."):
            raise HttpError(f"bad status line: {status_line!r}")
        headers: dict[str, str] = {}
        for line in header_lines:
            if line:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
        return int(parts[1]), headers

    @staticmethod
    async def _read_body(reader: asyncio.StreamReader, headers: dict[str, str]) -> bytes:
        if "content-length" in headers:
            return await reader.readexactly(int(headers["content-length"]))
        if headers.get("transfer-encoding", "").lower() == "chunked":
            chunks = []
            while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
                chunks.append(await reader.readexactly(size))
                await reader.readexactly(2)
            await reader.readuntil(b"\r\n")
            return b"".join(chunks)
        return b""


Make = Callable[[int], Call]
OnAnswer = Callable[[int, Answer], None]


@dataclass
class _Cell:
    make: Make
    count: int
    deadline: float
    on_answer: OnAnswer | None
    next_index: int = 0
    errors: int = 0
    latencies: list[float] = field(default_factory=list)
    first_error: str | None = None

    def take(self) -> int | None:
        if self.next_index >= self.count or time.perf_counter() >= self.deadline:
            return None
        self.next_index += 1
        return self.next_index - 1

    def fail(self, reason: str) -> None:
        self.errors += 1
        self.first_error = self.first_error or reason


async def run_cell(
    port: int,
    make: Make,
    *,
    concurrency: int,
    count: int,
    time_cap_s: float,
    on_answer: OnAnswer | None = None,
) -> Summary:
    """Send up to `count` requests made by `make(i)` from `concurrency` closed loops."""
    started = time.perf_counter()
    cell = _Cell(make, count, started + time_cap_s, on_answer)
    users = [Connection(port) for _ in range(concurrency)]
    try:
        await asyncio.gather(*(_user(connection, cell) for connection in users))
    finally:
        for connection in users:
            await connection.close()
    elapsed = time.perf_counter() - started
    summary = summarize(
        cell.latencies, errors=cell.errors, seconds=elapsed, concurrency=concurrency
    )
    if cell.first_error:
        summary = summary.with_error(cell.first_error)
    return summary


async def _user(connection: Connection, cell: _Cell) -> None:
    while (index := cell.take()) is not None:
        call = cell.make(index)
        begun = time.perf_counter()
        try:
            answer = await asyncio.wait_for(connection.send(call), REQUEST_TIMEOUT_S)
        except (OSError, TimeoutError, asyncio.IncompleteReadError, HttpError) as exc:
            cell.fail(f"{call.method} {call.path}: {type(exc).__name__}: {exc}")
            await connection.close()
            continue
        took = time.perf_counter() - begun
        if answer.status not in call.expect:
            cell.fail(f"{call.method} {call.path}: {answer.status} {answer.body[:300]!r}")
            continue
        cell.latencies.append(took)
        if cell.on_answer is not None:
            cell.on_answer(index, answer)
