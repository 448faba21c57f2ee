"""Row-level security cannot be escaped and covers every table that carries a brand."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import httpx
import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from patronage.app import create_app
from patronage.core import migrate, tenancy
from patronage.core.db import Database, PrivilegedRoleError
from patronage.core.settings import Settings
from tests.databases import POSTGRES_ADMIN_URL, as_admin, postgres_database
from tests.factories import Brand, create_customer
from tests.factories.accounts import start
from tests.integration.conftest import make_settings

pytestmark = pytest.mark.postgres_only

_TABLES_WITH_A_BRAND = text(
    "SELECT c.table_name, k.relrowsecurity, k.relforcerowsecurity,"
    " (SELECT count(*) FROM pg_policies p"
    "   WHERE p.schemaname = 'public' AND p.tablename = c.table_name)"
    " FROM information_schema.columns c"
    " JOIN pg_class k ON k.relname = c.table_name AND k.relnamespace = 'public'::regnamespace"
    " WHERE c.table_schema = 'public' AND c.column_name = 'merchant_id'"
    " ORDER BY c.table_name"
)


@pytest.fixture
async def raw_db(settings: Settings) -> AsyncIterator[Database]:
    """The app's login role without the test-time scope check: RLS alone guards it."""
    database = Database(settings)
    yield database
    await database.dispose()


async def test_every_table_with_a_merchant_id_has_a_forced_policy(raw_db: Database) -> None:
    async with raw_db.unit_of_work() as session:
        tables = (await session.execute(_TABLES_WITH_A_BRAND)).all()
    assert {"auth_sessions", "otp_challenges", "outbox_messages", "customers"} <= {
        t[0] for t in tables
    }
    unguarded = [name for name, enabled, forced, policies in tables if not (enabled and forced)]
    without_policy = [name for name, _, _, policies in tables if policies == 0]
    assert unguarded == []
    assert without_policy == []


async def test_the_app_logs_in_as_itself_not_through_set_role(
    raw_db: Database, settings: Settings
) -> None:
    async with raw_db.unit_of_work() as session:
        row = (await session.execute(text("SELECT session_user, current_user"))).one()
    assert tuple(row) == (settings.database_app_role, settings.database_app_role)


async def test_the_app_role_is_no_superuser_owns_nothing_and_bypasses_nothing(
    raw_db: Database,
) -> None:
    async with raw_db.unit_of_work() as session:
        flags = (
            await session.execute(
                text(
                    "SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb"
                    " FROM pg_roles WHERE rolname = current_user"
                )
            )
        ).one()
        owned = await session.scalar(
            text(
                "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace"
                " AND pg_has_role(current_user, relowner, 'MEMBER')"
            )
        )
        privileged = await session.scalar(
            text(
                "SELECT count(*) FROM pg_roles WHERE (rolsuper OR rolbypassrls)"
                " AND rolname <> current_user AND pg_has_role(current_user, oid, 'MEMBER')"
            )
        )
    assert tuple(flags) == (False, False, False, False)
    assert (owned, privileged) == (0, 0)


async def test_reset_role_does_not_escape_row_level_security(
    client: httpx.AsyncClient, brand: Brand, raw_db: Database, settings: Settings
) -> None:
    await create_customer(client, brand)
    async with raw_db.unit_of_work() as session:
        await session.execute(text("RESET ROLE"))
        who = await session.scalar(text("SELECT current_user"))
        seen = await session.scalar(text("SELECT count(*) FROM customers"))
    assert (who, seen) == (settings.database_app_role, 0)


@pytest.mark.parametrize("role", ["postgres", "pg_read_all_data"])
async def test_set_role_to_a_privileged_role_is_refused(raw_db: Database, role: str) -> None:
    with pytest.raises(DBAPIError, match="permission denied"):
        async with raw_db.unit_of_work() as session:
            await session.execute(text(f"SET ROLE {role}"))


async def test_a_brand_sees_no_session_code_or_message_of_another_brand(
    client: httpx.AsyncClient, brand: Brand, other_brand: Brand, raw_db: Database
) -> None:
    assert (
        await start(client, other_brand, await create_customer(client, other_brand))
    ).status_code == 202
    async with raw_db.unit_of_work() as session:
        await tenancy.bind(session, merchant_id=tenancy.trusted_merchant_id(brand.merchant_id))
        seen = {
            table: await session.scalar(
                text(f"SELECT count(*) FROM {table} WHERE merchant_id IS DISTINCT FROM :a"),
                {"a": brand.merchant_id},
            )
            for table in ("auth_sessions", "otp_challenges", "outbox_messages")
        }
    assert seen == {"auth_sessions": 0, "otp_challenges": 0, "outbox_messages": 0}


async def test_a_request_without_a_brand_reads_no_brands_messages(
    client: httpx.AsyncClient, brand: Brand, raw_db: Database
) -> None:
    assert (await start(client, brand, await create_customer(client, brand))).status_code == 202
    async with raw_db.unit_of_work() as session:
        seen = await session.scalar(
            text("SELECT count(*) FROM outbox_messages WHERE merchant_id IS NOT NULL")
        )
    assert seen == 0


async def test_the_worker_sees_every_brands_messages(
    client: httpx.AsyncClient, brand: Brand, raw_db: Database
) -> None:
    assert (await start(client, brand, await create_customer(client, brand))).status_code == 202
    async with raw_db.unit_of_work() as session:
        await tenancy.bind_worker(session)
        seen = await session.scalar(
            text("SELECT count(*) FROM outbox_messages WHERE merchant_id = :m"),
            {"m": brand.merchant_id},
        )
    assert seen == 1


async def test_the_app_refuses_to_serve_as_a_superuser(settings: Settings) -> None:
    app = create_app(settings.model_copy(update={"database_url": as_admin(settings.database_url)}))
    with pytest.raises(PrivilegedRoleError):
        async with app.router.lifespan_context(app):
            pass


async def test_db_upgrade_creates_the_apps_login_role_with_no_privilege() -> None:
    role = f"patronage_test_{uuid.uuid4().hex[:8]}"
    try:
        with postgres_database() as admin_url:
            app_url = make_url(admin_url).set(username=role, password="it's-a-secret")
            settings = make_settings(app_url.render_as_string(False), database_admin_url=admin_url)
            try:
                await migrate.upgrade(settings)
                await migrate.upgrade(settings)  # again, without harm
                database = Database(settings)
                try:
                    await database.refuse_privileged_role()
                    async with database.unit_of_work() as session:
                        who = await session.scalar(text("SELECT current_user"))
                        rows = await session.scalar(text("SELECT count(*) FROM customers"))
                finally:
                    await database.dispose()
            finally:
                with psycopg.connect(_plain(admin_url), autocommit=True) as conn:
                    conn.execute(f'DROP OWNED BY "{role}"')
        assert (who, rows) == (role, 0)
    finally:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as conn:
            flags = conn.execute(
                "SELECT rolcanlogin, rolsuper, rolbypassrls, rolcreatedb, rolcreaterole"
                " FROM pg_roles WHERE rolname = %s",
                (role,),
            ).fetchone()
            conn.execute(f'DROP ROLE IF EXISTS "{role}"')
    assert flags == (True, False, False, False, False)


def _plain(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)
