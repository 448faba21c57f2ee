"""Error codes of one-time codes."""

from patronage.core.errors import AppError, define

TOO_MANY_SENDS = define(
    "otp.too_many_requests",
    429,
    en="Too many codes were requested. Try again in {retry_after} seconds.",
    vi="Đã yêu cầu quá nhiều mã. Hãy thử lại sau {retry_after} giây.",
)
NOT_FOUND = define(
    "otp.not_found",
    404,
    en="No such code request.",
    vi="Không tìm thấy yêu cầu mã này.",
)
WRONG_CODE = define(
    "otp.wrong_code",
    422,
    en="The code is not right. Attempts left: {attempts_left}.",
    vi="Mã không đúng. Số lần thử còn lại: {attempts_left}.",
)
EXPIRED = define(
    "otp.expired",
    410,
    en="The code has expired; ask for a new one.",
    vi="Mã đã hết hạn; hãy yêu cầu mã mới.",
)
USED = define(
    "otp.used",
    409,
    en="The code has already been used; ask for a new one.",
    vi="Mã này đã được sử dụng; hãy yêu cầu mã mới.",
)
DEAD = define(
    "otp.too_many_attempts",
    429,
    en="Too many wrong codes; ask for a new one.",
    vi="Nhập sai mã quá nhiều lần; hãy yêu cầu mã mới.",
)


class WrongCode(AppError):
    """A wrong guess: it was counted, and the count outlives the refusal."""

    keep_work = True
