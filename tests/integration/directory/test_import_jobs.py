"""`POST /customers/import`: an owner uploads a CSV, the worker runs it, the owner polls."""

from __future__ import annotations

import asyncio
import csv
import uuid
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import update

from patronage.core.columns import utcnow
from patronage.core.db import Database
from patronage.directory.import_jobs import service as import_jobs
from patronage.directory.import_jobs.models import ImportJob
from tests.factories import Brand, acting_for, create_brand, unique_email, vn_phone
from tests.integration.answers import assert_error
from tests.integration.conftest import http_client, make_settings, serving

UPLOAD = "/api/v1/customers/import"
CUSTOMERS = "/api/v1/customers"


def _csv(*rows: str, header: str = "name,phones,emails") -> bytes:
    return ("\ufeff" + header + "\n" + "\n".join(rows) + "\n").encode()


def _good_rows(count: int) -> list[str]:
    return [f"Khách {i},{vn_phone()},{unique_email('import')}" for i in range(count)]


async def _upload(
    client: httpx.AsyncClient, brand: Brand, content: bytes, **form: str
) -> httpx.Response:
    files = {"file": ("khach.csv", content, "text/csv")}
    return await client.post(UPLOAD, headers=brand.owner, files=files, data=form)


async def _queued(client: httpx.AsyncClient, brand: Brand, content: bytes, **form: str) -> str:
    response = await _upload(client, brand, content, **form)
    assert response.status_code == 202, response.text
    return str(response.json()["id"])


async def _job(client: httpx.AsyncClient, brand: Brand, job_id: str) -> dict[str, Any]:
    response = await client.get(f"{CUSTOMERS}/imports/{job_id}", headers=brand.owner)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


async def _work(db: Database) -> int:
    """Run every waiting job of every brand, as the worker does; how many ran."""
    ran = 0
    while await import_jobs.run_next(db, "worker-a"):
        ran += 1
    return ran


async def _names(client: httpx.AsyncClient, brand: Brand) -> set[str]:
    response = await client.get(CUSTOMERS, headers=brand.owner, params={"limit": 100})
    return {c["name"] for c in response.json()["items"]}


async def test_an_upload_is_queued_with_a_location_to_poll(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    response = await _upload(client, brand, _csv(*_good_rows(3)))
    assert response.status_code == 202, response.text
    job = response.json()
    assert response.headers["location"] == f"{CUSTOMERS}/imports/{job['id']}"
    assert (job["status"], job["rows_total"], job["read"], job["progress"]) == ("queued", 3, 0, 0)
    assert (job["filename"], job["started_at"], job["finished_at"]) == ("khach.csv", None, None)


async def test_the_worker_runs_the_job_and_the_poll_shows_it_done_with_counts(
    client: httpx.AsyncClient, db: Database, brand: Brand
) -> None:
    rows = [*_good_rows(3), f"Bad Phone,12,{unique_email()}"]
    job_id = await _queued(client, brand, _csv(*rows))
    assert await _work(db) >= 1
    job = await _job(client, brand, job_id)
    assert (job["status"], job["progress"], job["error"]) == ("done", 1.0, None)
    assert (job["read"], job["created"], job["matched"], job["rejected"]) == (4, 3, 0, 1)
    assert job["started_at"] and job["finished_at"]
    assert await _names(client, brand) == {"Khách 0", "Khách 1", "Khách 2"}


async def test_the_rejects_download_names_each_row_and_reason_in_the_callers_language(
    client: httpx.AsyncClient, db: Database, brand: Brand
) -> None:
    rows = [
        *_good_rows(1),
        f"Bad Phone,12,{unique_email()},",
        f"Old,{vn_phone()},{unique_email()},1800-01-01",
    ]
    job_id = await _queued(client, brand, _csv(*rows, header="name,phones,emails,birthday"))
    await _work(db)
    path = f"{CUSTOMERS}/imports/{job_id}/rejects"
    answers = {
        lang: await client.get(path, headers={**brand.owner, "Accept-Language": lang})
        for lang in ("en", "vi")
    }
    assert answers["vi"].headers["content-type"].startswith("text/csv"), answers["vi"].text
    assert answers["vi"].content.startswith("\ufeff".encode())
    vi = list(csv.DictReader(answers["vi"].content.decode("utf-8-sig").splitlines()))
    en = list(csv.DictReader(answers["en"].content.decode("utf-8-sig").splitlines()))
    assert [(r["row"], r["name"]) for r in vi] == [("3", "Bad Phone"), ("4", "Old")]
    assert vi[0]["reason"].startswith("phones.0: ")
    assert "Ngày sinh" in vi[1]["reason"] and "birthday" in en[1]["reason"]


async def test_a_file_over_the_limit_is_refused_with_413(database_url: str) -> None:
    settings = make_settings(database_url, import_max_bytes=2048)
    async with serving(settings) as app, http_client(app) as client:
        brand = await create_brand(client, app.state.db)
        response = await _upload(client, brand, _csv(*_good_rows(60)))
        assert_error(response, 413, "import.file_too_large")
        assert response.json()["error"]["details"] == {"limit": 2048}


async def test_a_file_that_cannot_be_read_is_refused_at_upload(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    assert_error(await _upload(client, brand, b"name,phnoe\nAn,1\n"), 422, "import.unknown_columns")
    assert_error(await _upload(client, brand, b"\xff\xfe\x00n"), 422, "import.bad_file")
    assert_error(await _upload(client, brand, b""), 422, "import.name_column_missing")


async def test_a_row_that_is_not_utf8_far_down_the_file_is_refused_at_upload_naming_it(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    filler = [f"Khách {i},0912345678,khach{i}@example.com" for i in range(2000)]  # > 64 KiB
    content = _csv(*filler) + b"Tr\xe2n,0912345679,\n"  # Windows-1258
    response = await _upload(client, brand, content)
    assert_error(response, 422, "import.bad_file")
    assert response.json()["error"]["details"]["row"] > 1000  # where decoding stopped


async def test_a_cashier_may_not_import(client: httpx.AsyncClient, brand: Brand) -> None:
    files = {"file": ("khach.csv", _csv(*_good_rows(1)), "text/csv")}
    response = await client.post(UPLOAD, headers=brand.cashier, files=files)
    assert response.status_code == 403, response.text


async def test_another_brand_cannot_see_the_job_or_its_rejects(
    client: httpx.AsyncClient, brand: Brand, other_brand: Brand
) -> None:
    job_id = await _queued(client, brand, _csv(*_good_rows(1)))
    for suffix in ("", "/rejects"):
        response = await client.get(
            f"{CUSTOMERS}/imports/{job_id}{suffix}", headers=other_brand.owner
        )
        assert_error(response, 404, "import.not_found")
    missing = await client.get(f"{CUSTOMERS}/imports/{uuid.uuid4()}", headers=brand.owner)
    assert_error(missing, 404, "import.not_found")


async def test_two_workers_never_run_the_same_job(
    client: httpx.AsyncClient, db: Database, brand: Brand
) -> None:
    await _work(db)  # the queue is shared by every brand: start from an idle one
    job_id = await _queued(client, brand, _csv(*_good_rows(5)))
    ran = await asyncio.gather(
        import_jobs.run_next(db, "worker-a"), import_jobs.run_next(db, "worker-b")
    )
    assert sorted(ran) == [0, 1]
    job = await _job(client, brand, job_id)
    assert (job["status"], job["created"], job["read"]) == ("done", 5, 5)


async def test_a_job_left_running_by_a_crashed_worker_is_taken_over_and_adds_nothing_twice(
    client: httpx.AsyncClient, db: Database, brand: Brand
) -> None:
    rows = _good_rows(4)
    first = await _queued(client, brand, _csv(*rows[:2]))
    await _work(db)  # these two are committed already
    job_id = await _queued(client, brand, _csv(*rows))
    async with acting_for(db, brand) as (session, merchant_id):
        await session.execute(  # a worker claimed it, then died: its lease ran out
            update(ImportJob)
            .where(ImportJob.merchant_id == merchant_id, ImportJob.id == uuid.UUID(job_id))
            .values(status="running", claimed_by="dead", attempts=1,
                    lease_until=utcnow() - timedelta(seconds=1))
        )  # fmt: skip
    assert await _work(db) >= 1
    job = await _job(client, brand, job_id)
    assert (job["status"], job["created"], job["matched"]) == ("done", 2, 2)
    assert len(await _names(client, brand)) == 4
    assert (await _job(client, brand, first))["created"] == 2


async def test_a_stopped_worker_hands_the_job_back_and_the_next_resumes_after_the_last_batch(
    client: httpx.AsyncClient, db: Database, brand: Brand
) -> None:
    await _work(db)  # the queue is shared by every brand: start from an idle one
    job_id = await _queued(client, brand, _csv(*_good_rows(3)))
    async with acting_for(db, brand) as (session, merchant_id):
        await session.execute(
            update(ImportJob)
            .where(ImportJob.merchant_id == merchant_id, ImportJob.id == uuid.UUID(job_id))
            .values(batch_size=2)
        )
    stop = asyncio.Event()
    stop.set()  # asked to stop: finishes the batch it is in, then hands the job back
    await import_jobs.run_next(db, "worker-a", stop)
    job = await _job(client, brand, job_id)
    assert (job["status"], job["read"], job["created"]) == ("queued", 2, 2)
    await _work(db)
    job = await _job(client, brand, job_id)
    assert (job["status"], job["read"], job["created"], job["matched"]) == ("done", 3, 3, 0)


async def test_imported_tags_and_consents_apply_to_created_customers_with_their_evidence(
    client: httpx.AsyncClient, db: Database, brand: Brand
) -> None:
    await client.post("/api/v1/tags", json={"name": "VIP"}, headers=brand.owner)
    header = "name,phones,emails,tags,consent_marketing_sms,consent_marketing_email"
    rows = [
        f"Đào,{vn_phone()},{unique_email()},vip,granted,withdrawn",
        f"Lan,{vn_phone()},{unique_email()},Khách sỉ,,",
    ]
    job_id = await _queued(client, brand, _csv(*rows, header=header), consent_wording="2026-01-vi")
    await _work(db)
    job = await _job(client, brand, job_id)
    assert (job["created"], job["rejected"], job["consent_wording"]) == (1, 1, "2026-01-vi")
    listed = await client.get(CUSTOMERS, headers=brand.owner, params={"tag": "VIP"})
    [dao] = listed.json()["items"]
    consents = await client.get(f"{CUSTOMERS}/{dao['id']}/consents", headers=brand.owner)
    current = {c["purpose"]: c for c in consents.json()["current"]}
    assert current["marketing_sms"]["status"] == "granted"
    assert current["marketing_email"]["status"] == "withdrawn"
    assert current["marketing_sms"]["method"] == "import"
    assert current["marketing_sms"]["wording_version"] == "2026-01-vi"
    assert current["marketing_sms"]["actor_kind"] == "staff"
    assert current["marketing_sms"]["actor_id"] is not None
    rejects = await client.get(f"{CUSTOMERS}/imports/{job_id}/rejects", headers=brand.owner)
    assert "Khách sỉ" in rejects.text, rejects.text


async def test_a_bad_consent_wording_is_refused_at_upload(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    response = await _upload(client, brand, _csv(*_good_rows(1)), consent_wording="bad wording!")
    assert_error(response, 422, "consent.wording_version_invalid")
