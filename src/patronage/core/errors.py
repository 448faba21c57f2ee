"""Domain errors with stable codes, rendered by one handler in the caller's language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from patronage.core import i18n


@dataclass(frozen=True)
class ErrorCode:
    """A stable, documented error: its code, HTTP status and message in each language."""

    code: str
    status: int


def define(code: str, status: int, *, en: str, vi: str) -> ErrorCode:
    """Declare an error code once; its messages join the catalog."""
    i18n.register({code: {"en": en, "vi": vi}})
    return ErrorCode(code, status)


class AppError(Exception):
    """Raised below the HTTP layer; carries a code, details and message parameters.

    `keep_work`: the unit of work commits what the transaction did before the error is
    answered (a counted failed guess must outlive its refusal); otherwise it rolls back.
    """

    keep_work: bool = False

    def __init__(
        self,
        error: ErrorCode,
        details: dict[str, Any] | None = None,
        *,
        headers: dict[str, str] | None = None,
        keep_work: bool | None = None,
        **params: object,
    ) -> None:
        super().__init__(error.code)
        if keep_work is not None:
            self.keep_work = keep_work
        self.error = error
        self.details = details or {}
        self.headers = headers or {}
        self.params = params

    @property
    def code(self) -> str:
        return self.error.code

    @property
    def status(self) -> int:
        return self.error.status

    def message(self, lang: i18n.Lang | None = None) -> str:
        return i18n.translate(self.error.code, lang, **self.params)

    def envelope(self, lang: i18n.Lang | None = None) -> dict[str, Any]:
        return error_body(self.code, self.message(lang), self.details)


def invalid_fields(*fields: tuple[str, str]) -> AppError:
    """A 422 naming each (path, reason) the way request validation does; the message of
    a reason is the catalog's `field.<reason>`."""
    details: list[dict[str, Any]] = [
        {"path": path, "type": reason, "message": i18n.translate(f"field.{reason}")}
        for path, reason in fields
    ]
    return AppError(VALIDATION, {"fields": details})


def error_body(code: str, message: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
    """The one JSON shape of every error answer."""
    return {"error": {"code": code, "message": message, "details": details or {}}}


BAD_REQUEST = define(
    "request.malformed",
    400,
    en="The request body is not valid JSON.",
    vi="Nội dung yêu cầu không phải JSON hợp lệ.",
)
VALIDATION = define(
    "request.invalid",
    422,
    en="Some fields are invalid.",
    vi="Một số trường không hợp lệ.",
)
NOT_FOUND = define(
    "request.not_found",
    404,
    en="Nothing was found at this address.",
    vi="Không tìm thấy tài nguyên tại địa chỉ này.",
)
METHOD_NOT_ALLOWED = define(
    "request.method_not_allowed",
    405,
    en="This method is not allowed here.",
    vi="Phương thức này không được phép tại đây.",
)
TOO_LARGE = define(
    "request.too_large",
    413,
    en="The request body is too large (limit {limit} bytes).",
    vi="Nội dung yêu cầu quá lớn (giới hạn {limit} byte).",
)
UNSUPPORTED_MEDIA = define(
    "request.unsupported_media_type",
    415,
    en="Send the body as application/json.",
    vi="Hãy gửi nội dung dưới dạng application/json.",
)
HTTP_ERROR = define(
    "request.error",
    400,
    en="The request could not be processed.",
    vi="Không thể xử lý yêu cầu.",
)
INTERNAL = define(
    "internal",
    500,
    en="Something went wrong on our side. Reference: {request_id}.",
    vi="Đã có lỗi phía máy chủ. Mã tham chiếu: {request_id}.",
)
BUSY = define(
    "service.busy",
    503,
    en="The service is busy; please retry in a moment.",
    vi="Hệ thống đang bận; vui lòng thử lại sau giây lát.",
)
UNAVAILABLE = define(
    "service.unavailable",
    503,
    en="The database is not reachable.",
    vi="Không kết nối được cơ sở dữ liệu.",
)
