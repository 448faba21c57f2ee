"""Error codes of staff management."""

from patronage.core.errors import define

EMAIL_TAKEN = define(
    "staff.email_taken",
    409,
    en="This email already has a staff account; give that account's password to add it here.",
    vi="Email này đã có tài khoản nhân viên; "
    "hãy nhập đúng mật khẩu của tài khoản đó để thêm vào đây.",
)
ALREADY_MEMBER = define(
    "staff.already_member",
    409,
    en="This person is already a staff member of the brand.",
    vi="Người này đã là nhân viên của thương hiệu.",
)
WEAK_PASSWORD = define(
    "staff.weak_password",
    422,
    en="The password is too weak: use at least {min_length} characters that are hard to guess.",
    vi="Mật khẩu quá yếu: hãy dùng ít nhất {min_length} ký tự khó đoán.",
)
MERCHANT_NOT_FOUND = define(
    "merchant.not_found",
    404,
    en="No such brand.",
    vi="Không tìm thấy thương hiệu.",
)
LAST_OWNER = define(
    "staff.last_owner",
    409,
    en="A brand needs at least one owner: make someone else an owner first.",
    vi="Thương hiệu cần ít nhất một chủ: hãy chỉ định người khác làm chủ trước.",
)
MEMBER_NOT_FOUND = define(
    "staff.not_found",
    404,
    en="No such staff member at this brand.",
    vi="Không tìm thấy nhân viên này tại thương hiệu.",
)
