"""Every failure answers with the error envelope, in English or Vietnamese."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from tests.factories import Brand

SIGN_IN = "/api/v1/auth/staff/sign-in"


def _error(response: httpx.Response) -> dict[str, object]:
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    return body["error"]  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "The request body is not valid JSON."),
        ("vi", "Nội dung yêu cầu không phải JSON hợp lệ."),
    ],
)
async def test_malformed_json_is_a_400_in_the_callers_language(
    client: httpx.AsyncClient, lang: str, message: str
) -> None:
    response = await client.post(
        SIGN_IN,
        content=b'{"email": "a@b.vn", ',
        headers={"Content-Type": "application/json", "Accept-Language": lang},
    )
    assert response.status_code == 400
    assert _error(response) == {"code": "request.malformed", "message": message, "details": {}}


async def test_wrong_types_name_each_field(client: httpx.AsyncClient) -> None:
    response = await client.post(
        SIGN_IN, json={"email": 42, "password": ["x"]}, headers={"Accept-Language": "vi"}
    )
    assert response.status_code == 422
    error = _error(response)
    assert error["code"] == "request.invalid"
    assert error["message"] == "Một số trường không hợp lệ."
    fields = {f["path"]: f for f in error["details"]["fields"]}  # type: ignore[index]
    assert set(fields) == {"body.email", "body.password"}
    assert fields["body.email"]["message"] == "Cần giá trị dạng văn bản."


async def test_unknown_fields_are_refused(client: httpx.AsyncClient) -> None:
    response = await client.post(
        SIGN_IN, json={"email": "a@b.vn", "password": "x", "is_admin": True}
    )
    assert response.status_code == 422
    paths = [f["path"] for f in _error(response)["details"]["fields"]]  # type: ignore[index]
    assert paths == ["body.is_admin"]


async def test_a_json_array_instead_of_an_object_is_a_422(client: httpx.AsyncClient) -> None:
    response = await client.post(SIGN_IN, json=[1, 2, 3])
    assert response.status_code == 422
    assert _error(response)["code"] == "request.invalid"


@pytest.mark.parametrize("lang", ["en", "vi"])
async def test_unknown_routes_are_404(client: httpx.AsyncClient, lang: str) -> None:
    response = await client.get("/api/v1/nowhere", headers={"Accept-Language": lang})
    assert response.status_code == 404
    assert _error(response)["code"] == "request.not_found"


async def test_wrong_methods_are_405_in_vietnamese(client: httpx.AsyncClient) -> None:
    response = await client.delete(SIGN_IN, headers={"Accept-Language": "vi-VN,vi;q=0.9"})
    assert response.status_code == 405
    assert _error(response)["message"] == "Phương thức này không được phép tại đây."


async def test_oversized_bodies_are_413(client: httpx.AsyncClient) -> None:
    body = b'{"email": "' + b"a" * (1024 * 1024 + 10) + b'"}'
    response = await client.post(
        SIGN_IN, content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert _error(response)["code"] == "request.too_large"


async def test_missing_token_is_401_with_the_envelope(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/staff", headers={"Accept-Language": "vi"})
    assert response.status_code == 401
    assert _error(response) == {
        "code": "auth.required",
        "message": "Vui lòng đăng nhập để tiếp tục.",
        "details": {},
    }


async def test_every_answer_carries_a_request_id(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/nowhere")
    assert len(response.headers["x-request-id"]) >= 16


async def test_a_bad_uuid_is_a_422_not_a_500(client: httpx.AsyncClient, brand: Brand) -> None:
    response = await client.post(
        SIGN_IN,
        json={"email": brand.owner_email, "password": "x", "merchant_id": "not-a-uuid"},
    )
    assert response.status_code == 422
    assert _error(response)["details"]["fields"][0]["path"] == "body.merchant_id"  # type: ignore[index]


async def test_an_unexpected_exception_is_a_500_envelope_with_a_request_id(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    async def explode() -> None:
        raise RuntimeError("boom")

    app.add_api_route("/api/v1/test-explodes", explode)
    response = await client.get("/api/v1/test-explodes", headers={"X-Request-Id": "req-500-1"})
    assert response.status_code == 500
    assert response.headers["x-request-id"] == "req-500-1"
    error = _error(response)
    assert error["code"] == "internal"
    assert "req-500-1" in str(error["message"])
