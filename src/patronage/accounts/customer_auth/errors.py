"""Error codes of customer sign-in and the customer's own account."""

from patronage.core.errors import define

INVALID_CREDENTIALS = define(
    "customer_auth.invalid_credentials",
    401,
    en="The phone number or email, or the password, is incorrect.",
    vi="Số điện thoại hoặc email, hoặc mật khẩu, không đúng.",
)
ACCOUNT_UNAVAILABLE = define(
    "customer_auth.account_unavailable",
    401,
    en="This account can no longer sign in with that phone number or email.",
    vi="Tài khoản này không thể đăng nhập bằng số điện thoại hoặc email đó nữa.",
)
