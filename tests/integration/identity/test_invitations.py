"""Staff join a brand by invitation: no request of one brand checks another's password."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select, text, update

from patronage.app import create_app
from patronage.core import tenancy
from patronage.core.columns import utcnow
from patronage.core.db import Database
from patronage.core.settings import Settings
from patronage.identity.invitations.models import StaffInvitation
from tests.factories import PASSWORD, Brand, create_brand, sign_in, unique_email
from tests.factories.accounts import client_from, latest_message
from tests.factories.invitations import INVITATIONS, accept, invite, sent_code
from tests.integration.answers import assert_error, error_codes
from tests.integration.conftest import make_settings
from tests.integration.identity.conftest import SentInvitation

NEW_PASSWORD = "violet-lantern-harbour"


async def test_a_new_invitee_sets_their_password_and_signs_in(
    client: httpx.AsyncClient, brand: Brand, invitation: SentInvitation
) -> None:
    accepted = await invitation.accept(client, password=NEW_PASSWORD)
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["merchant_id"] == str(brand.merchant_id)
    assert accepted.json()["role"] == "cashier"
    assert await sign_in(client, invitation.email, NEW_PASSWORD)


async def test_the_answer_is_the_same_whether_or_not_the_email_has_an_account(
    client: httpx.AsyncClient, brand: Brand, other_brand: Brand
) -> None:
    known = await client.post(
        INVITATIONS,
        headers=other_brand.owner,
        json={"email": brand.cashier_email, "name": "Lan", "role": "owner"},
    )
    unknown = await client.post(
        INVITATIONS,
        headers=other_brand.owner,
        json={"email": unique_email(), "name": "Lan", "role": "owner"},
    )
    assert known.status_code == unknown.status_code == 202
    assert known.json().keys() == unknown.json().keys()
    assert known.json()["role"] == unknown.json()["role"] == "owner"


async def test_an_existing_account_accepts_only_signed_in_as_itself(
    client: httpx.AsyncClient, db: Database, brand: Brand, other_brand: Brand
) -> None:
    invitation = await invite(client, other_brand, brand.cashier_email)
    code = await sent_code(db, brand.cashier_email)
    with_password = await accept(client, invitation["id"], code, password=PASSWORD)
    as_someone_else = await accept(client, invitation["id"], code, token=other_brand.cashier_token)
    assert with_password.status_code == as_someone_else.status_code == 401
    assert with_password.json()["error"]["code"] == "invitation.sign_in_required"
    as_itself = await accept(client, invitation["id"], code, token=brand.cashier_token)
    assert as_itself.status_code == 200
    assert await sign_in(client, brand.cashier_email, merchant_id=other_brand.merchant_id)


async def test_a_new_invitee_must_choose_a_strong_password(
    client: httpx.AsyncClient, invitation: SentInvitation
) -> None:
    missing = await invitation.accept(client)
    weak = await invitation.accept(client, password="password123")
    assert missing.json()["error"]["code"] == "invitation.password_required"
    assert_error(weak, 422, "staff.weak_password")


async def test_an_invitation_is_used_once(
    client: httpx.AsyncClient, invitation: SentInvitation
) -> None:
    assert (await invitation.accept(client, password=NEW_PASSWORD)).status_code == 200
    again = await invitation.accept(client, password=NEW_PASSWORD)
    assert_error(again, 409, "invitation.unavailable")


async def test_an_expired_invitation_is_refused(
    client: httpx.AsyncClient, db: Database, brand: Brand, invitation: SentInvitation
) -> None:
    async with db.unit_of_work() as session:
        await tenancy.bind(session, merchant_id=brand.merchant_id)
        await session.execute(
            update(StaffInvitation)
            .where(StaffInvitation.merchant_id == brand.merchant_id)
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
    response = await invitation.accept(client, password=NEW_PASSWORD)
    assert_error(response, 410, "invitation.expired")


async def test_a_revoked_invitation_leaves_the_list_and_stops_working(
    client: httpx.AsyncClient, brand: Brand, invitation: SentInvitation
) -> None:
    listed = await client.get(INVITATIONS, headers=brand.owner)
    assert [i["id"] for i in listed.json()["items"]] == [invitation.id]
    revoked = await client.delete(f"{INVITATIONS}/{invitation.id}", headers=brand.owner)
    assert revoked.status_code == 204
    assert (await client.get(INVITATIONS, headers=brand.owner)).json()["items"] == []
    response = await invitation.accept(client, password=NEW_PASSWORD)
    assert response.json()["error"]["code"] == "invitation.unavailable"


async def test_another_brand_neither_lists_nor_revokes_an_invitation(
    client: httpx.AsyncClient, brand: Brand, other_brand: Brand
) -> None:
    invitation = await invite(client, brand, unique_email())
    assert (await client.get(INVITATIONS, headers=other_brand.owner)).json()["items"] == []
    revoked = await client.delete(f"{INVITATIONS}/{invitation['id']}", headers=other_brand.owner)
    assert revoked.status_code == 404
    cashier = await client.get(INVITATIONS, headers=brand.cashier)
    assert cashier.status_code == 403


async def test_the_code_is_stored_only_as_a_digest(
    client: httpx.AsyncClient, db: Database, brand: Brand, invitation: SentInvitation
) -> None:
    async with db.unit_of_work() as session:
        await tenancy.bind(session, merchant_id=brand.merchant_id)
        row = await session.scalar(
            select(StaffInvitation).where(StaffInvitation.merchant_id == brand.merchant_id)
        )
    assert row is not None and str(row.id) == invitation.id
    assert invitation.code.replace("-", "") not in row.code_digest


async def test_the_invitation_is_written_in_the_invitees_language(
    client: httpx.AsyncClient, db: Database, brand: Brand
) -> None:
    email = unique_email()
    await invite(client, brand, email, locale="vi")
    message = await latest_message(db, email)
    assert message is not None and message.locale == "vi"
    assert "mời" in message.subject


async def test_wrong_codes_are_counted_and_then_the_invitation_dies(
    client: httpx.AsyncClient, invitation: SentInvitation
) -> None:
    answers = [
        await invitation.accept(client, "WRONG-CODE2", password=NEW_PASSWORD) for _ in range(5)
    ]
    assert [a.json()["error"]["details"]["attempts_left"] for a in answers] == [4, 3, 2, 1, 0]
    right = await invitation.accept(client, password=NEW_PASSWORD)
    assert_error(right, 429, "invitation.too_many_attempts")


async def test_parallel_wrong_codes_are_judged_at_most_five_times(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    email = unique_email()
    invitation = await invite(client, brand, email)
    answers = await asyncio.gather(
        *(accept(client, invitation["id"], "WRONG-CODE2", password=NEW_PASSWORD) for _ in range(15))
    )
    codes = {"invitation.wrong_code": 5, "invitation.too_many_attempts": 10}
    assert error_codes(answers) == codes


@pytest.mark.postgres_only
async def test_row_level_security_shows_an_invitation_only_to_its_brand_or_its_invitee(
    client: httpx.AsyncClient, brand: Brand, other_brand: Brand, settings: Settings
) -> None:
    invitation = await invite(client, brand, unique_email())
    await invite(client, brand, unique_email())
    unchecked = Database(settings)  # without the test-time scope check: RLS alone guards it
    try:
        async with unchecked.unit_of_work() as session:
            await tenancy.bind(session, merchant_id=other_brand.merchant_id)
            as_other_brand = await session.scalar(
                text("SELECT count(*) FROM staff_invitations WHERE id = :id"),
                {"id": invitation["id"]},
            )
        async with unchecked.unit_of_work() as session:
            await session.execute(
                text("SELECT set_config('app.invitation_id', :id, true)"),
                {"id": invitation["id"]},
            )
            as_invitee = await session.scalar(text("SELECT count(*) FROM staff_invitations"))
    finally:
        await unchecked.dispose()
    assert (as_other_brand, as_invitee) == (0, 1)


async def test_a_brand_sends_a_bounded_number_of_invitations_a_day(database_url: str) -> None:
    app = create_app(make_settings(database_url, invitation_max_per_day=2))
    async with app.router.lifespan_context(app), client_from(app) as client:
        brand = await create_brand(client, app.state.db)
        body = {"name": "Lan", "role": "cashier"}
        answers = [
            await client.post(
                INVITATIONS, headers=brand.owner, json=body | {"email": unique_email()}
            )
            for _ in range(3)
        ]
    assert [a.status_code for a in answers] == [202, 202, 429]
    assert answers[2].json()["error"]["code"] == "invitation.too_many"
