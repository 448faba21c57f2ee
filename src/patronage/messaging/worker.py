"""The delivery loop: claims due messages, hands them to senders, records the outcome.

Each step is its own short transaction, so a message is handed to a sender only after
`sending` was committed, and a crash at any point leads to a redelivery only when the
message was never handed over.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core import tenancy
from patronage.core.columns import utcnow
from patronage.core.db import Database
from patronage.core.settings import Settings
from patronage.messaging import service as outbox_service
from patronage.messaging.channels import mask_destination
from patronage.messaging.senders import DeliveryError, Sender, senders_from_settings

log = logging.getLogger("patronage.worker")
HOUSEKEEPING_INTERVAL_S = 30.0

# A tidying job of a feature above messaging (e.g. purging expired one-time codes), handed to
# the worker by the edge that builds it; answers how many rows it removed.
Housekeeper = Callable[[AsyncSession, Settings, datetime], Awaitable[int]]
# A job of a feature above messaging (e.g. a customer import), handed over the same way:
# claims one waiting job of any brand and runs it, answering 1, or 0 when none waited. Given
# the worker's id and its stop signal, which it checks between two committed steps.
Job = Callable[[Database, str, asyncio.Event | None], Awaitable[int]]


@dataclass
class PassReport:
    """What one pass over the outbox did, by outcome."""

    outcomes: Counter[str] = field(default_factory=Counter)

    @property
    def delivered(self) -> int:
        return self.outcomes[outbox_service.SENT]


def new_worker_id() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Worker:
    """Delivers the outbox with the given senders (one per channel)."""

    def __init__(
        self,
        database: Database,
        settings: Settings,
        senders: dict[str, Sender],
        *,
        worker_id: str | None = None,
        housekeepers: Mapping[str, Housekeeper] | None = None,
        jobs: Mapping[str, Job] | None = None,
    ) -> None:
        self.database = database
        self.housekeepers = dict(housekeepers or {})
        self.jobs = dict(jobs or {})
        self.settings = settings
        self.senders = senders
        self.worker_id = worker_id or new_worker_id()
        self._tidied_at = 0.0

    async def run(self, stop: asyncio.Event) -> None:
        """Deliver until `stop` is set; an in-flight batch is always finished first."""
        log.info("worker started", extra={"worker_id": self.worker_id})
        # Jobs (a long import) run beside delivery, so messages never wait for one.
        jobs = asyncio.create_task(self._run_jobs(stop), name="worker-jobs")
        while not stop.is_set():
            try:
                await self.run_pass(stop, with_jobs=False)
            except Exception:
                log.exception("delivery pass failed; retrying after the poll interval")
            await self._pause(stop)
        await jobs
        log.info("worker stopped", extra={"worker_id": self.worker_id})

    async def _pause(self, stop: asyncio.Event) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), self.settings.worker_poll_interval_s)

    async def _run_jobs(self, stop: asyncio.Event) -> None:
        while self.jobs and not stop.is_set():
            try:
                ran = await self.run_jobs(stop)
            except Exception:
                log.exception("job failed; retrying after the poll interval")
                ran = Counter()
            if not ran:
                await self._pause(stop)

    async def run_jobs(self, stop: asyncio.Event | None = None) -> Counter[str]:
        """Run every waiting job of every kind (until `stop` is set), by kind."""
        done: Counter[str] = Counter()
        for name, job in self.jobs.items():
            while (stop is None or not stop.is_set()) and await job(
                self.database, self.worker_id, stop
            ):
                done[f"{name}_jobs"] += 1
        return done

    async def run_pass(
        self, stop: asyncio.Event | None = None, *, with_jobs: bool = True
    ) -> PassReport:
        """Tidy up, then deliver batches until nothing is due (or `stop` is set); then run
        the waiting jobs (unless `run` runs them beside)."""
        report = PassReport()
        # Tidying takes the write lock (all of SQLite): once in a while is enough.
        if time.monotonic() - self._tidied_at >= HOUSEKEEPING_INTERVAL_S or stop is None:
            await self._housekeeping()
            self._tidied_at = time.monotonic()
        while stop is None or not stop.is_set():
            async with self._unit_of_work() as session:
                batch = await outbox_service.claim(
                    session, self.settings, worker_id=self.worker_id, now=utcnow()
                )
            if not batch:
                break
            for outcome in await asyncio.gather(*(self._deliver(c) for c in batch)):
                report.outcomes[outcome] += 1
        if with_jobs:
            report.outcomes.update(await self.run_jobs(stop))
        return report

    async def _housekeeping(self) -> None:
        now = utcnow()
        async with self._unit_of_work() as session:
            done = await outbox_service.housekeeping(session, self.settings, now)
            purged = {
                f"purged_{name}": await tidy(session, self.settings, now)
                for name, tidy in self.housekeepers.items()
            }
        if done.released or done.abandoned or done.expired:
            log.warning(
                "outbox recovered",
                extra={
                    "released": done.released,
                    "abandoned": done.abandoned,
                    "expired": done.expired,
                    **purged,
                },
            )

    async def _deliver(self, claimed: outbox_service.Claimed) -> str:
        async with self._unit_of_work() as session:
            started = await outbox_service.start_sending(
                session, claimed, worker_id=self.worker_id, now=utcnow()
            )
        if not started:
            return "released"
        error = await self._send(claimed)
        async with self._unit_of_work() as session:
            outcome = await outbox_service.record_outcome(
                session,
                self.settings,
                claimed,
                worker_id=self.worker_id,
                error=error,
                now=utcnow(),
            )
        self._log(claimed, outcome, error)
        return outcome

    async def _send(self, claimed: outbox_service.Claimed) -> DeliveryError | None:
        message = claimed.message
        sender = self.senders.get(message.channel)
        if sender is None:
            return DeliveryError(f"no sender for channel {message.channel}", permanent=True)
        try:
            await sender.send(message)
        except DeliveryError as exc:
            return exc
        except Exception as exc:
            log.exception("sender failed unexpectedly", extra={"message_id": str(message.id)})
            return DeliveryError(f"unexpected {type(exc).__name__}")
        return None

    def _log(
        self, claimed: outbox_service.Claimed, outcome: str, error: DeliveryError | None
    ) -> None:
        message = claimed.message
        log.log(
            logging.INFO if outcome == outbox_service.SENT else logging.WARNING,
            "message %s",
            outcome,
            extra={
                "message_id": str(message.id),
                "channel": message.channel,
                "to": mask_destination(message.channel, message.destination),
                "attempt": claimed.attempts + 1,
                "error": error.reason if error else None,
            },
        )

    @asynccontextmanager
    async def _unit_of_work(self) -> AsyncIterator[AsyncSession]:
        """A transaction acting as the worker (it serves every brand's outbox)."""
        async with self.database.unit_of_work() as session:
            await tenancy.bind_worker(session)
            yield session

    async def aclose(self) -> None:
        """Close the senders' connections."""
        for sender in self.senders.values():
            await sender.aclose()


@asynccontextmanager
async def deliver_in_process(
    database: Database,
    settings: Settings,
    housekeepers: Mapping[str, Housekeeper],
    jobs: Mapping[str, Job] | None = None,
) -> AsyncIterator[None]:
    """Run a worker beside the API while the block runs (when the settings ask for it)."""
    if not settings.runs_worker_in_process:
        yield
        return
    runner = Worker(
        database, settings, senders_from_settings(settings), housekeepers=housekeepers,
        jobs=jobs,
    )  # fmt: skip
    stop = asyncio.Event()
    task = asyncio.create_task(runner.run(stop), name="outbox-worker")
    try:
        yield
    finally:
        stop.set()
        await task
        await runner.aclose()
