"""Error codes of staff invitations."""

from patronage.core.errors import AppError, define

NOT_FOUND = define(
    "invitation.not_found",
    404,
    en="No such invitation.",
    vi="Không tìm thấy lời mời.",
)
WRONG_CODE = define(
    "invitation.wrong_code",
    422,
    en="The invitation code is not right. Attempts left: {attempts_left}.",
    vi="Mã lời mời không đúng. Số lần thử còn lại: {attempts_left}.",
)
EXPIRED = define(
    "invitation.expired",
    410,
    en="The invitation has expired; ask the brand's owner for a new one.",
    vi="Lời mời đã hết hạn; hãy đề nghị chủ thương hiệu gửi lời mời mới.",
)
UNAVAILABLE = define(
    "invitation.unavailable",
    409,
    en="The invitation has already been used or was withdrawn.",
    vi="Lời mời đã được sử dụng hoặc đã bị thu hồi.",
)
DEAD = define(
    "invitation.too_many_attempts",
    429,
    en="Too many wrong codes; ask the brand's owner for a new invitation.",
    vi="Nhập sai mã quá nhiều lần; hãy đề nghị chủ thương hiệu gửi lời mời mới.",
)
TOO_MANY = define(
    "invitation.too_many",
    429,
    en="This brand sent too many invitations today. Try again later.",
    vi="Thương hiệu đã gửi quá nhiều lời mời hôm nay. Hãy thử lại sau.",
)
SIGN_IN_REQUIRED = define(
    "invitation.sign_in_required",
    401,
    en="This email already has a staff account: sign in with it, then accept the invitation.",
    vi="Email này đã có tài khoản nhân viên: hãy đăng nhập bằng tài khoản đó rồi chấp nhận "
    "lời mời.",
)
PASSWORD_REQUIRED = define(
    "invitation.password_required",
    422,
    en="Choose a password for your new account.",
    vi="Hãy chọn mật khẩu cho tài khoản mới của bạn.",
)


class WrongInvitationCode(AppError):
    """A wrong guess: it was counted, and the count outlives the refusal."""

    keep_work = True
