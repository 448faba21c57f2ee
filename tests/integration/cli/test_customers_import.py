"""`patronage customers import`: rows validated like the API, matched never duplicated."""

from __future__ import annotations

import asyncio
import csv
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import Result
from typer.testing import CliRunner

from patronage.cli import app
from patronage.core import tenancy
from patronage.core.db import Database
from patronage.directory import import_file, import_repository, importing
from tests.factories import Brand, acting_for, create_customer, unique_email, vn_phone

CUSTOMERS = "/api/v1/customers"


async def _import(cli: CliRunner, brand: Brand, path: Path, *args: str) -> dict[str, Any]:
    result = await _invoke(cli, "import", str(path), "--merchant", str(brand.merchant_id), *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


async def _invoke(cli: CliRunner, *args: str) -> Result:
    return await asyncio.to_thread(cli.invoke, app, ["customers", *args])


def _write(path: Path, text: str, *, bom: bool = False) -> Path:
    path.write_text(("\ufeff" if bom else "") + text, encoding="utf-8")
    return path


async def _customers(client: httpx.AsyncClient, brand: Brand, **params: Any) -> list[Any]:
    response = await client.get(CUSTOMERS, headers=brand.owner, params={"limit": 100, **params})
    return response.json()["items"]  # type: ignore[no-any-return]


async def test_import_creates_customers_normalised_like_the_api_with_source_import(
    cli: CliRunner, client: httpx.AsyncClient, brand: Brand, tmp_path: Path
) -> None:
    email = unique_email("dao")
    path = _write(
        tmp_path / "in.csv",
        "name,phone,email,birthday,locale,note\n"
        f"  Nguyễn   Thị Đào ,0912 345 678,{email.upper()},1990-04-30,vi,Thích cà phê\n",
    )
    summary = await _import(cli, brand, path)
    assert summary == {"read": 1, "created": 1, "matched": 0, "rejected": 0, "dry_run": False}
    [customer] = await _customers(client, brand, q="nguyen thi dao")
    assert customer["name"] == "Nguyễn Thị Đào"
    assert customer["phones"][0]["number"] == "+84912345678"
    assert customer["emails"][0]["address"] == email
    assert (customer["source"], customer["birthday"]) == ("import", "1990-04-30")


async def test_an_imported_customer_has_a_creation_event_and_a_user(
    cli: CliRunner, client: httpx.AsyncClient, brand: Brand, tmp_path: Path
) -> None:
    path = _write(
        tmp_path / "in.csv", f"name,phones,emails\nTrần Bình,{vn_phone()},{unique_email()}\n"
    )
    await _import(cli, brand, path)
    [customer] = await _customers(client, brand)
    events = await client.get(f"{CUSTOMERS}/{customer['id']}/events", headers=brand.owner)
    [event] = events.json()["items"]
    assert event["action"] == "customer.created"
    assert event["changes"]["source"] == {"old": None, "new": "import"}
    assert customer["user_id"]


async def test_semicolons_a_bom_and_any_header_case_are_read(
    cli: CliRunner, client: httpx.AsyncClient, brand: Brand, tmp_path: Path
) -> None:
    first, second = vn_phone(), vn_phone()
    path = _write(
        tmp_path / "in.csv",
        f'NAME;Phones;EMAILS\nLê Văn Cường;"{first};{second}";{unique_email()}\n',
        bom=True,
    )
    assert (await _import(cli, brand, path))["created"] == 1
    [customer] = await _customers(client, brand)
    assert [p["display"].replace(" ", "") for p in customer["phones"]] == [first, second]


async def test_bad_rows_go_to_the_reject_file_with_their_row_and_reason_and_the_rest_is_created(
    cli: CliRunner, client: httpx.AsyncClient, brand: Brand, tmp_path: Path
) -> None:
    path = _write(
        tmp_path / "in.csv",
        "name,phones,emails,birthday\n"
        f"Good One,{vn_phone()},{unique_email()},\n"
        f"Bad Phone,12,{unique_email()},\n"
        f"Good Two,{vn_phone()},{unique_email()},\n"
        f"Too Old,{vn_phone()},{unique_email()},1800-01-01\n",
    )
    rejects = tmp_path / "rejects.csv"
    args = ("--rejects", str(rejects), "--lang", "vi", "--batch-size", "10")
    summary = await _import(cli, brand, path, *args)
    assert (summary["created"], summary["rejected"]) == (2, 2)
    rows = list(csv.DictReader(rejects.read_text(encoding="utf-8-sig").splitlines()))
    assert [(r["row"], r["name"]) for r in rows] == [("3", "Bad Phone"), ("5", "Too Old")]
    assert rows[0]["reason"].startswith("phones.0: ")
    assert "Ngày sinh" in rows[1]["reason"]
    assert {c["name"] for c in await _customers(client, brand)} == {"Good One", "Good Two"}


async def test_importing_the_same_file_twice_adds_nothing(
    cli: CliRunner, client: httpx.AsyncClient, brand: Brand, tmp_path: Path
) -> None:
    lines = [f"Khách {i},{vn_phone()},{unique_email()}" for i in range(5)]
    path = _write(tmp_path / "in.csv", "name,phones,emails\n" + "\n".join(lines) + "\n")
    await _import(cli, brand, path, "--batch-size", "2")
    again = await _import(cli, brand, path, "--batch-size", "2")
    assert (again["created"], again["matched"]) == (0, 5)
    assert len(await _customers(client, brand)) == 5


async def test_a_row_sharing_a_contact_with_an_earlier_row_is_matched(
    cli: CliRunner, client: httpx.AsyncClient, brand: Brand, tmp_path: Path
) -> None:
    phone = vn_phone()
    path = _write(
        tmp_path / "in.csv",
        f"name,phones,emails\nAn,{phone},{unique_email()}\nAn Again,{phone},{unique_email()}\n",
    )
    summary = await _import(cli, brand, path)
    assert (summary["created"], summary["matched"]) == (1, 1)


async def test_a_dry_run_reports_what_would_happen_and_writes_nothing(
    cli: CliRunner, client: httpx.AsyncClient, brand: Brand, tmp_path: Path
) -> None:
    path = _write(tmp_path / "in.csv", f"name,phones,emails\nAn,{vn_phone()},{unique_email()}\n")
    summary = await _import(cli, brand, path, "--dry-run")
    assert summary == {"read": 1, "created": 1, "matched": 0, "rejected": 0, "dry_run": True}
    assert await _customers(client, brand) == []


async def test_an_exported_file_imports_back_matching_everything(
    cli: CliRunner, client: httpx.AsyncClient, brand: Brand, tmp_path: Path
) -> None:
    for _ in range(3):
        await create_customer(
            client, brand, phones=[vn_phone(), vn_phone()], note="Ghi chú; có dấu"
        )
    exported = tmp_path / "customers.csv"
    result = await _invoke(
        cli, "export", "--merchant", str(brand.merchant_id), "--output", str(exported)
    )
    assert result.exit_code == 0, result.output
    summary = await _import(cli, brand, exported)
    assert summary == {"read": 3, "created": 0, "matched": 3, "rejected": 0, "dry_run": False}
    assert len(await _customers(client, brand)) == 3


async def test_an_unknown_column_is_refused_before_anything_is_read(
    cli: CliRunner, client: httpx.AsyncClient, brand: Brand, tmp_path: Path
) -> None:
    path = _write(tmp_path / "in.csv", "name,phnoe\nAn,0912345678\n")
    result = await _invoke(cli, "import", str(path), "--merchant", str(brand.merchant_id))
    assert result.exit_code == 1
    error = json.loads(result.stderr)["error"]
    assert (error["code"], error["details"]["columns"]) == ("import.unknown_columns", ["phnoe"])


async def test_a_file_that_is_not_utf8_is_refused(
    cli: CliRunner, client: httpx.AsyncClient, brand: Brand, tmp_path: Path
) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(b"name,phones\nTr\xe2n,0912345678\n")  # Windows-1258
    result = await _invoke(cli, "import", str(path), "--merchant", str(brand.merchant_id))
    assert result.exit_code == 1
    assert json.loads(result.stderr)["error"]["code"] == "import.bad_file"


async def test_a_contact_taken_during_the_batch_is_matched_through_the_savepoint(
    client: httpx.AsyncClient,
    db: Database,
    brand: Brand,
    customer: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    phone = customer["phones"][0]["number"]  # type: ignore[index]

    async def nothing_held(*args: Any) -> set[str]:  # as if the holder were created just after
        return set()

    monkeypatch.setattr(import_repository, "held_values", nothing_held)
    path = _write(
        tmp_path / "in.csv",
        f"name,phones,emails\nRace,{phone},{unique_email()}\nFresh,{vn_phone()},{unique_email()}\n",
    )
    layout = import_file.read_layout(path)
    async with acting_for(db, brand) as (session, merchant_id):
        rows = list(import_file.rows(path, layout))
        outcome = await importing.import_batch(session, merchant_id, rows)
    assert (outcome.created, outcome.matched) == (1, 1)
    assert {c["name"] for c in await _customers(client, brand)} == {"Nguyễn Thị Đào", "Fresh"}


async def test_a_deleted_customers_row_from_an_export_is_rejected_not_brought_back(
    cli: CliRunner,
    client: httpx.AsyncClient,
    brand: Brand,
    customer: dict[str, Any],
    tmp_path: Path,
) -> None:
    await client.delete(f"{CUSTOMERS}/{customer['id']}", headers=brand.owner)
    exported, rejects = tmp_path / "all.csv", tmp_path / "rejects.csv"
    merchant = ["--merchant", str(brand.merchant_id)]
    await _invoke(cli, "export", *merchant, "--include-deleted", "--output", str(exported))
    summary = await _import(cli, brand, exported, "--rejects", str(rejects))
    assert (summary["created"], summary["rejected"]) == (0, 1)
    assert "deleted_at: This row is a deleted customer" in rejects.read_text(encoding="utf-8-sig")
    assert await _customers(client, brand) == []


async def test_tags_are_matched_by_name_in_any_case_and_an_unknown_tag_rejects_its_row(
    cli: CliRunner, client: httpx.AsyncClient, brand: Brand, tmp_path: Path
) -> None:
    await client.post("/api/v1/tags", json={"name": "Khách sỉ"}, headers=brand.owner)
    path = _write(
        tmp_path / "in.csv",
        "name,phones,emails,tags\n"
        f'Có Nhãn,{vn_phone()},{unique_email()},"KHÁCH SỈ; khách sỉ"\n'
        f"Nhãn Lạ,{vn_phone()},{unique_email()},VIP\n",
    )
    rejects = tmp_path / "rejects.csv"
    summary = await _import(cli, brand, path, "--rejects", str(rejects))
    assert (summary["created"], summary["rejected"]) == (1, 1)
    assert "tags: The brand has no tag named “VIP”" in rejects.read_text(encoding="utf-8-sig")
    [tagged] = await _customers(client, brand, tag="Khách sỉ")
    assert tagged["name"] == "Có Nhãn"


async def test_a_consent_answer_needs_the_files_wording_version_and_is_recorded_as_import(
    cli: CliRunner, client: httpx.AsyncClient, brand: Brand, tmp_path: Path
) -> None:
    header = "name,phones,emails,consent_marketing_zalo\n"
    first = f"Lan,{vn_phone()},{unique_email()},granted\n"
    path = _write(tmp_path / "in.csv", header + first)
    refused = await _import(cli, brand, path)
    assert (refused["created"], refused["rejected"]) == (0, 1)
    summary = await _import(cli, brand, path, "--consent-wording", "2026-01-vi")
    assert summary["created"] == 1
    [lan] = await _customers(client, brand)
    consents = await client.get(f"{CUSTOMERS}/{lan['id']}/consents", headers=brand.owner)
    [record] = consents.json()["history"]
    assert (record["purpose"], record["status"], record["method"]) == (
        "marketing_zalo", "granted", "import",
    )  # fmt: skip
    assert record["wording_version"] == "2026-01-vi"


async def test_a_matched_row_is_never_changed_by_its_tags_or_consent_cells(
    cli: CliRunner, client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any],
    tmp_path: Path,
) -> None:  # fmt: skip
    phone, email = customer["phones"][0]["number"], customer["emails"][0]["address"]
    path = _write(
        tmp_path / "in.csv",
        f"name,phones,emails,tags,consent_marketing_sms\nĐào,{phone},{email},Không Có,granted\n",
    )
    summary = await _import(cli, brand, path)
    assert (summary["matched"], summary["rejected"]) == (1, 0)
    consents = await client.get(f"{CUSTOMERS}/{customer['id']}/consents", headers=brand.owner)
    assert consents.json()["history"] == []


async def test_a_consent_cell_that_is_not_an_answer_rejects_the_row(
    cli: CliRunner, client: httpx.AsyncClient, brand: Brand, tmp_path: Path
) -> None:
    path = _write(
        tmp_path / "in.csv",
        f"name,phones,emails,consent_marketing_sms\nAn,{vn_phone()},{unique_email()},yes\n",
    )
    rejects = tmp_path / "rejects.csv"
    args = ("--rejects", str(rejects), "--consent-wording", "v1")
    assert (await _import(cli, brand, path, *args))["rejected"] == 1
    assert "consent_marketing_sms: " in rejects.read_text(encoding="utf-8-sig")


async def test_rows_checked_in_a_worker_process_import_exactly_as_in_process(
    db: Database, client: httpx.AsyncClient, brand: Brand, tmp_path: Path
) -> None:
    path = _write(
        tmp_path / "in.csv",
        "name,phones,emails\n"
        + "".join(f"Khách {i},{vn_phone()},{unique_email()}\n" for i in range(5))
        + f"Bad Phone,12,{unique_email()}\n",
    )
    layout = import_file.read_layout(path)
    rows = import_file.rows(path, layout)
    merchant_id = tenancy.trusted_merchant_id(brand.merchant_id)
    imported = importing.run_import(
        db.unit_of_work, merchant_id, rows, options=importing.Options(), batch_size=2, checkers=1
    )
    outcomes = [outcome async for _, outcome in imported]
    assert sum(o.created for o in outcomes) == 5
    [rejected] = [r for o in outcomes for r in o.rejected]
    assert rejected.row.number == 7
    assert importing.reason_text(rejected, "vi").startswith("phones.0: ")
    assert importing.reason_text(rejected, "en") != importing.reason_text(rejected, "vi")
    assert len(await _customers(client, brand)) == 5
