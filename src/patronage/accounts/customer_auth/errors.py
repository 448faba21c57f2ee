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
WRONG_PASSWORD = define(
    "customer_auth.wrong_password",
    403,
    en="The current password is not right.",
    vi="Mật khẩu hiện tại không đúng.",
)
CODE_NOT_YOURS = define(
    "customer_auth.code_not_yours",
    403,
    en="This code was not sent to a phone number or email of your account.",
    vi="Mã này không được gửi tới số điện thoại hoặc email của tài khoản bạn.",
)
WEAK_PASSWORD = define(
    "customer_auth.weak_password",
    422,
    en="The password is too weak: use at least {min_length} characters that are hard to guess.",
    vi="Mật khẩu quá yếu: hãy dùng ít nhất {min_length} ký tự khó đoán.",
)
