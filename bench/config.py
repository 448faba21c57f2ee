"""What a benchmark run measures and on what, from `BENCH_*` environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

HERE = Path(__file__).resolve().parent
DATA_DIR = HERE / "data"
RESULTS_DIR = HERE / "results"


def _int(name: str, default: int) -> int:
    value = int(os.environ.get(name, default))
    if value < 0:
        raise ValueError(f"{name} must not be negative")
    return value


def _float(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


@dataclass(frozen=True)
class Config:
    """Sizes of the data set and of every measured cell."""

    customers: int
    big_brand: int
    brands: int
    orders_per_customer: float
    sqlite_customers: int
    postgres_admin_url: str
    database_name: str
    requests: int
    cell_seconds: float
    naive_requests: int
    write_requests: int
    workers: int
    seed: int
    page_size: int

    @property
    def database_url(self) -> str:
        """The bench database, as the app is configured with it (psycopg, login role)."""
        base = self.postgres_admin_url.rsplit("/", 1)[0]
        return base.replace("postgresql://", "postgresql+psycopg://", 1) + "/" + self.database_name

    @property
    def app_database_url(self) -> str:
        """The bench database as the app logs in to it: its own role, created by the
        migrations (the server trusts loopback connections)."""
        return _as_role(self.database_url, APP_ROLE)

    @property
    def app_database_dsn(self) -> str:
        return _as_role(self.database_dsn, APP_ROLE)

    @property
    def database_dsn(self) -> str:
        """The bench database as a plain libpq URL."""
        return self.postgres_admin_url.rsplit("/", 1)[0] + "/" + self.database_name

    @property
    def sqlite_path(self) -> Path:
        return DATA_DIR / f"patronage-{self.sqlite_customers}.db"

    def sizes(self) -> dict[str, int | float]:
        return {
            "customers": self.customers,
            "big_brand_customers": self.big_brand,
            "brands": self.brands,
            "orders_per_customer": self.orders_per_customer,
            "sqlite_customers": self.sqlite_customers,
        }


def load_config() -> Config:
    """The run's configuration; defaults are the sizes the targets are stated for."""
    customers = _int("BENCH_CUSTOMERS", 1_000_000)
    big = min(_int("BENCH_BIG_BRAND", 500_000), customers)
    brands = max(1, _int("BENCH_BRANDS", 100))
    if brands > 1 and customers - big < brands - 1:
        raise ValueError("BENCH_CUSTOMERS - BENCH_BIG_BRAND must leave a customer per other brand")
    return Config(
        customers=customers,
        big_brand=big,
        brands=brands,
        orders_per_customer=_float("BENCH_ORDERS_PER_CUSTOMER", 2.0),
        sqlite_customers=_int("BENCH_SQLITE_CUSTOMERS", 100_000),
        postgres_admin_url=os.environ.get(
            "BENCH_POSTGRES_URL",
            os.environ.get(
                "PATRONAGE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
            ),
        ),
        database_name=os.environ.get("BENCH_DATABASE", "patronage_bench"),
        requests=max(1, _int("BENCH_REQUESTS", 1000)),
        cell_seconds=_float("BENCH_CELL_SECONDS", 10.0),
        naive_requests=max(1, _int("BENCH_NAIVE_REQUESTS", 40)),
        write_requests=max(1, _int("BENCH_WRITE_REQUESTS", 300)),
        workers=max(1, _int("BENCH_WORKERS", 2)),
        seed=_int("BENCH_SEED", 7),
        page_size=max(1, _int("BENCH_PAGE_SIZE", 20)),
    )


APP_ROLE = "patronage_app"


def _as_role(url: str, role: str) -> str:
    return make_url(url).set(username=role, password=None).render_as_string(False)
