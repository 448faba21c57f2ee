"""Row-level security for merchant-scoped tables: one definition used by every migration."""

from __future__ import annotations

from alembic import op

from patronage.core.tenancy import CURRENT_MERCHANT_SQL as CURRENT_MERCHANT

CURRENT_USER = "NULLIF(current_setting('app.user_id', true), '')::uuid"
# The delivery worker (`tenancy.bind_worker`) serves every brand's outbox and codes.
WORKER = "current_setting('app.worker', true) = 'on'"
# No brand bound: before authentication, or a signed-in customer (who has no brand).
NO_MERCHANT = f"{CURRENT_MERCHANT} IS NULL"


def on_postgresql() -> bool:
    """Row-level security exists only on PostgreSQL; on SQLite these helpers do nothing."""
    return op.get_bind().dialect.name == "postgresql"


def _enable(table: str, *, using: str, check: str) -> None:
    op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY tenant_isolation ON {table} USING ({using}) WITH CHECK ({check})")


def enable_tenant_rls(table: str) -> None:
    """Enable and force RLS on `table`: rows are visible only to their merchant."""
    if on_postgresql():
        own = f"merchant_id = {CURRENT_MERCHANT}"
        _enable(table, using=own, check=own)


def allow_own_rows(table: str, column: str = "user_id", *, command: str = "SELECT") -> None:
    """Also let the signed-in user see rows that are theirs (e.g. their memberships)."""
    if not on_postgresql():
        return
    op.execute(f"CREATE POLICY own_rows ON {table} FOR {command} USING ({column} = {CURRENT_USER})")


def enable_shared_rls(table: str, *, using: str, check: str) -> None:
    """Enable and force RLS on a table whose rows a brand, or no brand, may own: a brand
    sees its own rows; `using`/`check` say what else the bindings admit."""
    if on_postgresql():
        own = f"merchant_id = {CURRENT_MERCHANT}"
        _enable(table, using=f"{own} OR {using}", check=f"{own} OR {check}")


def disable_rls(table: str, *policies: str) -> None:
    """Undo `enable_shared_rls` (and drop the named extra policies)."""
    if not on_postgresql():
        return
    for policy in ("tenant_isolation", *policies):
        op.execute(f"DROP POLICY IF EXISTS {policy} ON {table}")
    op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")


def allow_by_setting(table: str, policy: str, setting: str, column: str = "id") -> None:
    """Also let a transaction that named one row in `setting` see and change that row
    (e.g. an invitee, who belongs to no brand yet, accepting their invitation by id)."""
    if not on_postgresql():
        return
    current = f"NULLIF(current_setting('{setting}', true), '')::uuid"
    op.execute(
        f"CREATE POLICY {policy} ON {table} USING ({column} = {current}) "
        f"WITH CHECK ({column} = {current})"
    )


def append_only(table: str) -> None:
    """Rows of `table` may be added and read, never changed or removed (PostgreSQL): a
    restrictive policy that no UPDATE or DELETE passes, whatever the other policies admit."""
    if op.get_bind().dialect.name != "postgresql":
        return
    for command in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE POLICY append_only_{command.lower()} ON {table} "
            f"AS RESTRICTIVE FOR {command} USING (false)"
        )
