"""Bodies of customer sign-in and of the customer's own account."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal, Self

from pydantic import Field, model_validator

from patronage.accounts.customer_auth.service import Me
from patronage.core.schemas import RequestSchema, ResponseSchema
from patronage.sale.schemas import OrderOut

CODE_PATTERN = r"^[0-9]{6}$"


class CodeRequestIn(RequestSchema):
    destination: str = Field(min_length=3, max_length=254)


class ChallengeOut(ResponseSchema):
    challenge_id: uuid.UUID
    expires_at: datetime
    channel: Literal["sms", "email"]
    destination_masked: str


class CustomerSignIn(RequestSchema):
    """Either `{challenge_id, code}` or `{destination, password}`."""

    challenge_id: uuid.UUID | None = None
    code: str | None = Field(None, pattern=CODE_PATTERN)
    destination: str | None = Field(None, min_length=3, max_length=254)
    password: str | None = Field(None, min_length=1, max_length=256)

    @model_validator(mode="after")
    def _one_way_to_sign_in(self) -> Self:
        by_code = self.challenge_id is not None and self.code is not None
        by_password = self.destination is not None and self.password is not None
        given = [v for v in (self.challenge_id, self.code, self.destination, self.password) if v]
        if (by_code or by_password) and len(given) == 2:
            return self
        raise ValueError("send either challenge_id and code, or destination and password")


class PasswordChangeIn(RequestSchema):
    """`{current_password, new_password}` or `{challenge_id, code, new_password}`."""

    new_password: str = Field(min_length=1, max_length=256)
    current_password: str | None = Field(None, min_length=1, max_length=256)
    challenge_id: uuid.UUID | None = None
    code: str | None = Field(None, pattern=CODE_PATTERN)

    @model_validator(mode="after")
    def _one_proof(self) -> Self:
        by_code = self.challenge_id is not None and self.code is not None
        by_password = self.current_password is not None
        half_a_code = (self.challenge_id is None) != (self.code is None)
        if by_code != by_password and not half_a_code:
            return self
        raise ValueError("prove it is you with current_password, or with challenge_id and code")


class CustomerTokenOut(ResponseSchema):
    token: str
    token_type: str = "bearer"
    expires_at: datetime
    user_id: uuid.UUID


class ProfileOut(ResponseSchema):
    merchant_id: uuid.UUID
    merchant_name: str
    customer_id: uuid.UUID
    name: str
    account_status: str
    locale: str
    created_at: datetime


class MeOut(ResponseSchema):
    user_id: uuid.UUID
    name: str
    verified_phone: str | None
    verified_email: str | None
    locale: str
    has_password: bool
    profiles: list[ProfileOut]


def me_out(me: Me) -> MeOut:
    """The account and its profiles as `GET /me` answers them."""
    account = me.user
    return MeOut(
        user_id=account.id,
        name=account.name,
        verified_phone=account.verified_phone,
        verified_email=account.verified_email,
        locale=account.locale,
        has_password=account.password_hash is not None,
        profiles=[ProfileOut.model_validate(p) for p in me.profiles],
    )


class MePatch(RequestSchema):
    locale: Literal["en", "vi"]


class MyOrderOut(OrderOut):
    """One of the customer's own orders, with the brand it was placed at."""

    merchant_id: uuid.UUID
    merchant_name: str


class MyOrderList(ResponseSchema):
    items: list[MyOrderOut]
    next_cursor: str | None
