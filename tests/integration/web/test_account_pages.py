"""The customer's account pages over HTTP: their sign-in forms refuse a foreign post."""

from __future__ import annotations

import re

import httpx

from patronage.core.db import Database


async def test_the_sign_in_form_posts_with_its_own_token(
    client: httpx.AsyncClient, db: Database
) -> None:
    form = await client.get("/app/account/sign-in")
    token = re.search(r'name="csrf" value="([0-9a-f]+)"', form.text)
    assert token and "patronage_account_login" in form.headers["set-cookie"]
    sent = await client.post(
        "/app/account/sign-in", data={"csrf": token.group(1), "destination": "a@example.com"}
    )
    assert sent.status_code == 200
    assert "a code is on its way" in sent.text


async def test_a_sign_in_post_from_elsewhere_is_refused(
    client: httpx.AsyncClient, db: Database
) -> None:
    # A foreign page's post: no nonce cookie from our form, a made-up token.
    refused = await client.post(
        "/app/account/sign-in", data={"csrf": "0" * 64, "destination": "a@example.com"}
    )
    assert refused.status_code == 403
    assert "This form has expired" in refused.text
