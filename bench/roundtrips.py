"""Round trips to PostgreSQL per request, counted on the wire.

A loopback TCP proxy stands between a server under test and PostgreSQL and reads the
server's half of the protocol: every `ReadyForQuery` message ends one exchange the client
waited for (a simple query, or a sync of the extended protocol — a whole pipeline is one).
Counting them over a number of requests gives round trips per request, whatever the driver
and whether or not the statements are pipelined. The connections must not use TLS or
GSSAPI encryption (the proxy reads the bytes): the server's URL asks for neither.
"""

from __future__ import annotations

import asyncio
import contextlib
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

_READY_FOR_QUERY = ord("Z")


@dataclass
class Counter:
    """`ReadyForQuery` messages seen from the server so far (all connections)."""

    ready: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, count: int) -> None:
        with self._lock:
            self.ready += count

    def read(self) -> int:
        with self._lock:
            return self.ready


class _BackendStream:
    """Splits the server's bytes into protocol messages (type byte, int32 length, body)."""

    def __init__(self, counter: Counter) -> None:
        self.counter, self.buffer = counter, bytearray()

    def feed(self, data: bytes) -> None:
        self.buffer += data
        ready, at = 0, 0
        while len(self.buffer) - at >= 5:
            kind, length = self.buffer[at], struct.unpack_from("!I", self.buffer, at + 1)[0]
            if len(self.buffer) - at < 1 + length:
                break
            ready += kind == _READY_FOR_QUERY
            at += 1 + length
        del self.buffer[:at]
        if ready:
            self.counter.add(ready)


@contextmanager
def counting_proxy(target_host: str, target_port: int) -> Iterator[tuple[int, Counter]]:
    """A proxy to `target_host:target_port` on a free loopback port (yielded with its
    counter), served by a thread of its own until the block ends."""
    counter = Counter()
    loop = asyncio.new_event_loop()
    started: asyncio.Future[int] = loop.create_future()

    async def pump(
        reader: asyncio.StreamReader, writer: asyncio.StreamWriter, seen: _BackendStream | None
    ) -> None:
        with contextlib.suppress(ConnectionError):
            while data := await reader.read(65536):
                if seen is not None:
                    seen.feed(data)
                writer.write(data)
                await writer.drain()
        writer.close()

    async def connect(client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        server_r, server_w = await asyncio.open_connection(target_host, target_port)
        await asyncio.gather(
            pump(client_r, server_w, None), pump(server_r, client_w, _BackendStream(counter))
        )

    async def serve() -> None:
        server = await asyncio.start_server(connect, "127.0.0.1", 0)
        started.set_result(server.sockets[0].getsockname()[1])
        async with server:
            with contextlib.suppress(asyncio.CancelledError):  # the block's end stops it
                await server.serve_forever()

    thread = threading.Thread(target=loop.run_until_complete, args=(serve(),), daemon=True)
    thread.start()
    port = asyncio.run_coroutine_threadsafe(_wait(started), loop).result(timeout=10)
    try:
        yield port, counter
    finally:
        for task in asyncio.all_tasks(loop):
            loop.call_soon_threadsafe(task.cancel)
        thread.join(timeout=5)


async def _wait(started: asyncio.Future[int]) -> int:
    return await started
