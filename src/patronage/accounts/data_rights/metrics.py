"""The figure `/metrics` reads at scrape time: data requests past their legal deadline.

Read from the database whenever `/metrics` is asked (not kept in a process), so it is right
whichever of `serve --workers N` answers; no label, so no personal data.
"""

from __future__ import annotations

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.metrics_core import Metric

from patronage.accounts.data_rights import repository as request_repository
from patronage.core import tenancy
from patronage.core.columns import utcnow
from patronage.core.db import Database

OVERDUE = "patronage_data_requests_overdue"


async def overdue_requests(database: Database) -> list[Metric]:
    """How many data requests of every brand are open or in progress past their deadline."""
    async with database.unit_of_work() as session:
        # The worker binding may read every brand's requests (RLS policy `worker_reads`).
        await tenancy.bind_worker(session)
        count = await request_repository.count_overdue(session, utcnow())
    help_text = "Data requests still open or in progress after their legal deadline (all brands)"
    return [GaugeMetricFamily(OVERDUE, help_text, value=count)]
