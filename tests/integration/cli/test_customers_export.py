"""`patronage customers export`: the same rows as the API, to stdout or a file."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from pathlib import Path
from typing import Any

import httpx
from click.testing import Result
from typer.testing import CliRunner

from patronage.cli import app
from tests.factories import Brand, create_customer


async def _invoke(cli: CliRunner, *args: str) -> Result:
    """The command, run in a thread: it starts an event loop of its own."""
    return await asyncio.to_thread(cli.invoke, app, ["customers", *args])


async def test_export_writes_the_apis_csv_to_stdout(
    cli: CliRunner, client: httpx.AsyncClient, brand: Brand
) -> None:
    customer = await create_customer(client, brand, name="Trần Văn Bình")
    result = await _invoke(cli, "export", "--merchant", str(brand.merchant_id))
    assert result.exit_code == 0, result.output
    from_api = await client.get("/api/v1/customers/export", headers=brand.owner)
    assert result.stdout_bytes == from_api.content
    [row] = csv.DictReader(io.StringIO(result.stdout_bytes.decode("utf-8-sig")))
    assert (row["id"], row["name"]) == (customer["id"], "Trần Văn Bình")


async def test_export_writes_jsonl_to_a_file_and_shows_progress_on_stderr(
    cli: CliRunner, client: httpx.AsyncClient, brand: Brand, tmp_path: Path
) -> None:
    for _ in range(3):
        await create_customer(client, brand)
    target = tmp_path / "customers.jsonl"
    args = ["--merchant", str(brand.merchant_id), "--format", "jsonl", "--output", str(target)]
    result = await _invoke(cli, "export", *args)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "3/3" in result.stderr
    records = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 3


async def test_export_leaves_deleted_customers_out_unless_asked_for(
    cli: CliRunner, client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    await client.delete(f"/api/v1/customers/{customer['id']}", headers=brand.owner)
    merchant = ["--merchant", str(brand.merchant_id), "--format", "jsonl"]
    assert (await _invoke(cli, "export", *merchant)).stdout == ""
    every = await _invoke(cli, "export", *merchant, "--include-deleted")
    assert json.loads(every.stdout)["id"] == customer["id"]


async def test_export_of_an_unknown_brand_fails_with_a_clear_error(cli: CliRunner) -> None:
    result = await _invoke(cli, "export", "--merchant", "5b1f7c2e-0000-4000-8000-000000000000")
    assert result.exit_code == 1
    assert json.loads(result.stderr)["error"]["code"] == "merchant.not_found"
