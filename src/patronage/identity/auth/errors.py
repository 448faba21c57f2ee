"""Error codes of authentication and authorisation."""

from patronage.core.errors import define

AUTH_REQUIRED = define(
    "auth.required",
    401,
    en="Sign in to continue.",
    vi="Vui lòng đăng nhập để tiếp tục.",
)
INVALID_CREDENTIALS = define(
    "auth.invalid_credentials",
    401,
    en="The email or password is incorrect.",
    vi="Email hoặc mật khẩu không đúng.",
)
FORBIDDEN = define(
    "auth.forbidden",
    403,
    en="You are not allowed to do this.",
    vi="Bạn không có quyền thực hiện thao tác này.",
)
NO_MEMBERSHIP = define(
    "auth.no_membership",
    403,
    en="This account is not a staff member of that brand.",
    vi="Tài khoản này không thuộc nhân viên của thương hiệu đó.",
)
MERCHANT_REQUIRED = define(
    "auth.merchant_required",
    422,
    en="This account works for several brands; choose one with merchant_id.",
    vi="Tài khoản này làm việc cho nhiều thương hiệu; hãy chọn một qua merchant_id.",
)
THROTTLED = define(
    "auth.throttled",
    429,
    en="Too many failed attempts. Try again in {retry_after} seconds.",
    vi="Quá nhiều lần thử thất bại. Hãy thử lại sau {retry_after} giây.",
)
