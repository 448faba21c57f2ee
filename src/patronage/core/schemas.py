"""The base of every request and response schema."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

# An email or other key typed at sign-in: no control characters (PostgreSQL refuses NUL in
# text, and no real address holds one), so a crafted one is a 422, not a database error.
SIGN_IN_KEY_PATTERN = r"^[^\x00-\x1f\x7f]*$"


class RequestSchema(BaseModel):
    """Request bodies: unknown fields are refused, not silently dropped."""

    model_config = ConfigDict(extra="forbid", str_max_length=10_000)

    @classmethod
    def openapi_body(cls) -> dict[str, Any]:
        """The schema as a route's OpenAPI `requestBody` (`openapi_extra`), for a hot path
        that reads its body itself (`core.http.read_body`) after the caller is known."""
        schema = cls.model_json_schema()
        body = _inlined(schema, schema.pop("$defs", {}))
        return {
            "requestBody": {"required": True, "content": {"application/json": {"schema": body}}}
        }


def _inlined(node: Any, defs: dict[str, Any]) -> Any:
    """`node` with each `$ref` to `defs` replaced by the definition (none is recursive)."""
    if isinstance(node, dict):
        if "$ref" in node:
            return _inlined(defs[node["$ref"].rsplit("/", 1)[1]], defs)
        return {key: _inlined(value, defs) for key, value in node.items()}
    if isinstance(node, list):
        return [_inlined(value, defs) for value in node]
    return node


class ResponseSchema(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class ErrorDetail(BaseModel):
    code: str = Field(description="Stable error code, e.g. `customer.phone_taken`.")
    message: str = Field(description="In the request's language (`Accept-Language`).")
    details: dict[str, Any] = Field(description="Machine-readable facts about the error.")


class ErrorOut(BaseModel):
    """The one shape of every error answer."""

    error: ErrorDetail


def _error(description: str) -> dict[str, Any]:
    return {"model": ErrorOut, "description": description}


# What any API operation may answer besides its own success, always as `ErrorOut`.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: _error("The body is not valid JSON (`request.malformed`) or could not be read."),
    401: _error("No token, or an unknown, expired or revoked one; or wrong credentials."),
    403: _error("The caller's kind or role may not do this."),
    404: _error("Nothing with this id in the caller's brand; another brand's ids answer the same."),
    409: _error("The request conflicts with the current state (e.g. a phone or email taken)."),
    410: _error("The one-time code expired."),
    412: _error("The resource changed since the `If-Match` version."),
    413: _error("The body is larger than the limit."),
    415: _error("The body is not `application/json`."),
    422: _error("A field is invalid (`request.invalid`, `details.fields[]`) or a rule refused it."),
    428: _error("`If-Match` is required."),
    429: _error("Too many attempts or codes; retry after `Retry-After` seconds."),
    500: _error("An unexpected failure, logged with the `X-Request-Id` sent back."),
    503: _error("The database is unreachable or busy; retry after `Retry-After` seconds."),
}


def error_responses(descriptions: dict[int, str]) -> dict[int | str, dict[str, Any]]:
    """A route's own wording of some of its error answers, still documented as `ErrorOut`."""
    return {status: _error(text) for status, text in descriptions.items()}


class QuerySchema(BaseModel):
    """Query parameters a hot path reads itself (`read_query`) rather than through FastAPI's
    parameters, so that they are checked after the caller is known. Unknown ones are
    ignored, as FastAPI ignores them."""

    model_config = ConfigDict(extra="ignore")

    @classmethod
    def openapi_parameters(cls) -> list[dict[str, Any]]:
        """The parameters as the route's OpenAPI `parameters` (`openapi_extra`)."""
        schema = cls.model_json_schema()
        return [
            {
                "name": name,
                "in": "query",
                "required": name in schema.get("required", ()),
                "schema": {k: v for k, v in field.items() if k != "description"},
                **({"description": field["description"]} if "description" in field else {}),
            }
            for name, field in schema["properties"].items()
        ]
