"""Staff invitations; sign-in throttles count a growing delay.

Revision ID: 0005
Revises: 0004

`staff_invitations` is brand-scoped under row-level security; the invitee (who belongs to no
brand yet) reaches one invitation by its id through the `invitee` policy keyed to
`app.invitation_id`. A throttle row now remembers its last counted attempt.
"""

import sqlalchemy as sa
from alembic import op

from patronage.migrations.rls import allow_by_setting, enable_tenant_rls
from patronage.migrations.schema import UTC, merchant_fk

revision: str = "0005"
down_revision: str | None = "0004"


def upgrade() -> None:
    op.create_table(
        "staff_invitations",
        sa.Column("merchant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("locale", sa.String(length=2), nullable=False),
        sa.Column("code_digest", sa.String(length=64), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("expires_at", UTC, nullable=False),
        sa.Column("accepted_at", UTC, nullable=True),
        sa.Column("accepted_by", sa.Uuid(), nullable=True),
        sa.Column("revoked_at", UTC, nullable=True),
        sa.Column("revoked_by", sa.Uuid(), nullable=True),
        merchant_fk("staff_invitations"),
        sa.PrimaryKeyConstraint("merchant_id", "id", name=op.f("pk_staff_invitations")),
    )
    op.create_index("ix_staff_invitations_id", "staff_invitations", ["id"])
    op.create_index("ix_staff_invitations_email", "staff_invitations", ["merchant_id", "email"])
    enable_tenant_rls("staff_invitations")
    allow_by_setting("staff_invitations", "invitee", "app.invitation_id")
    with op.batch_alter_table("sign_in_throttles") as batch_op:
        batch_op.alter_column("window_started_at", new_column_name="last_attempt_at")


def downgrade() -> None:
    with op.batch_alter_table("sign_in_throttles") as batch_op:
        batch_op.alter_column("last_attempt_at", new_column_name="window_started_at")
    op.drop_index("ix_staff_invitations_email", table_name="staff_invitations")
    op.drop_index("ix_staff_invitations_id", table_name="staff_invitations")
    op.drop_table("staff_invitations")
