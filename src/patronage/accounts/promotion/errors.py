"""Error codes of promoting a customer to a sign-in account."""

from patronage.core.errors import define

NO_CONTACT = define(
    "promotion.no_contact",
    422,
    en="This customer has no {channel} on record to send a code to.",
    vi="Khách hàng này chưa có {channel} để gửi mã.",
)
ALREADY_VERIFIED = define(
    "promotion.already_verified",
    409,
    en="This customer's account has already proved this {channel}.",
    vi="Tài khoản của khách hàng này đã xác minh {channel} này rồi.",
)
ACCOUNT_CONFLICT = define(
    "promotion.account_conflict",
    409,
    en="This contact belongs to another sign-in account; two accounts are not joined here.",
    vi="Liên hệ này thuộc về một tài khoản đăng nhập khác; không thể gộp hai tài khoản tại đây.",
)
WEAK_PASSWORD = define(
    "promotion.weak_password",
    422,
    en="The password is too weak: use at least {min_length} characters that are hard to guess.",
    vi="Mật khẩu quá yếu: hãy dùng ít nhất {min_length} ký tự khó đoán.",
)
PASSWORD_EXISTS = define(
    "promotion.password_exists",
    409,
    en="This account already has a password; only its owner can change it. Verify again "
    "without a password.",
    vi="Tài khoản này đã có mật khẩu; chỉ chủ tài khoản mới có thể đổi. Hãy xác minh lại "
    "mà không nhập mật khẩu.",
)
