"""`python -m bench.import_bench`: time `patronage customers import` on a fresh database.

Generates a CSV of Vietnamese customers (Faker `vi_VN` names, unique mobile numbers and
emails, some birthdays and notes), creates a throw-away database (a SQLite file, or a
PostgreSQL database dropped afterwards), migrates it, creates a brand, then runs the real
command line twice — the first run creates every row, the second matches every row — and
exports the result; prints wall-clock times, CPU time and peak memory as JSON. After the
first run the statistics are refreshed (`ANALYZE`), as autovacuum would.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import psycopg
from faker import Faker

DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
_PREFIXES: tuple[str, ...] = (
    "32",
    "33",
    "34",
    "35",
    "36",
    "37",
    "38",
    "39",
    "70",
    "76",
    "77",
    "78",
    "79",
)
_PREFIXES += ("81", "82", "83", "84", "85", "88", "90", "91", "93", "94", "96", "97", "98")
_NOTES = ("Khách quen, thích cà phê sữa đá.", "Hay mua bánh mì buổi sáng.", "Regular.")


def write_csv(path: Path, rows: int, *, seed: int = 2026) -> None:
    """`rows` customers, each with a phone and an email no other row has."""
    fake, rng = Faker("vi_VN"), random.Random(seed)
    fake.seed_instance(seed)
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["name", "phones", "emails", "birthday", "locale", "note"])
        for index in range(rows):
            prefix = _PREFIXES[index % len(_PREFIXES)]
            phone = f"0{prefix}{index // len(_PREFIXES):07d}"
            birthday = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 58))
            writer.writerow(
                [
                    fake.name(),
                    phone,
                    f"khach{index}@example.vn",
                    birthday.isoformat() if rng.random() < 0.6 else "",
                    "vi",
                    rng.choice(_NOTES) if rng.random() < 0.1 else "",
                ]
            )


@contextmanager
def database(backend: str, directory: Path, admin_url: str) -> Iterator[str]:
    """A fresh, empty database URL for `backend`."""
    if backend == "sqlite":
        yield f"sqlite+aiosqlite:///{directory / 'import-bench.db'}"
        return
    name = f"patronage_import_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            base = admin_url.rpartition("/")[0].split("://", 1)[1]
            yield f"postgresql+psycopg://{base}/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def patronage(url: str, *args: str) -> tuple[float, str, int, float]:
    """Run the command line: its wall-clock seconds, stdout, peak memory (MiB) and CPU
    seconds (on a shared machine the CPU time, not the wall clock, is what it costs)."""
    env = {**os.environ, "PATRONAGE_DATABASE_URL": url, "PATRONAGE_LOG_LEVEL": "WARNING"}
    command = [sys.executable, "-m", "patronage", *args]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        if child.returncode != 0:
            message = err.read().decode()
            raise RuntimeError(f"{' '.join(args[:2])} failed: {message[:3000]}")
        cpu = usage.ru_utime + usage.ru_stime
        return elapsed, out.read().decode(), usage.ru_maxrss // 1024, cpu


def analyze(url: str) -> None:
    """Refresh the planner's statistics after the load, as autovacuum would (PostgreSQL).

    A server running with autovacuum off (this machine's shared one does) would otherwise
    plan the export and the second run for tables it believes empty.
    """
    if url.startswith("postgresql"):
        with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as conn:
            conn.execute("ANALYZE")


def measure(backend: str, rows: int, batch_size: int, admin_url: str) -> dict[str, Any]:
    """Both runs of one import on a fresh database of `backend`."""
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        source = directory / "customers.csv"
        write_csv(source, rows)
        with database(backend, directory, admin_url) as url:
            patronage(url, "db", "upgrade")
            _, created, _, _ = patronage(
                url, "merchant", "create", "--name", "Bench", "--owner-email",
                "owner@example.com", "--owner-password", "bench-owner-2026",
            )  # fmt: skip
            merchant = json.loads(created)["merchant_id"]
            args: tuple[str, ...] = ("customers", "import", str(source), "--merchant", merchant)
            args += ("--batch-size", str(batch_size))
            first_s, first, first_mib, first_cpu = patronage(url, *args)
            analyze(url)
            second_s, second, _, second_cpu = patronage(url, *args)
            export = ("customers", "export", "--merchant", merchant, "--output")
            export_s, _, export_mib, export_cpu = patronage(
                url, *export, str(directory / "out.csv")
            )
    return {
        "backend": backend,
        "rows": rows,
        "batch_size": batch_size,
        "first_run_s": round(first_s, 1),
        "first_run_rows_per_s": round(rows / first_s),
        "first_run_cpu_s": round(first_cpu, 1),
        "first_run": json.loads(first),
        "second_run_s": round(second_s, 1),
        "second_run_cpu_s": round(second_cpu, 1),
        "second_run": json.loads(second),
        "import_peak_mib": first_mib,
        "export_s": round(export_s, 1),
        "export_cpu_s": round(export_cpu, 1),
        "export_peak_mib": export_mib,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], action="append")
    parser.add_argument(
        "--postgres-url", default=os.environ.get("PATRONAGE_TEST_POSTGRES_URL", DEFAULT_ADMIN_URL)
    )
    options = parser.parse_args()
    for backend in options.backend or ["sqlite", "postgresql"]:
        result = measure(backend, options.rows, options.batch_size, options.postgres_url)
        print(json.dumps(result, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
