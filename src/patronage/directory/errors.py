"""Error codes and field messages of the customer directory."""

from __future__ import annotations

from patronage.core import i18n
from patronage.core.errors import define

NOT_FOUND = define(
    "customer.not_found",
    404,
    en="No such customer.",
    vi="Không tìm thấy khách hàng.",
)
PHONE_TAKEN = define(
    "customer.phone_taken",
    409,
    en="This phone number already belongs to customer {name}.",
    vi="Số điện thoại này đã thuộc về khách hàng {name}.",
)
EMAIL_TAKEN = define(
    "customer.email_taken",
    409,
    en="This email address already belongs to customer {name}.",
    vi="Địa chỉ email này đã thuộc về khách hàng {name}.",
)
ERASED = define(
    "customer.erased",
    409,
    en="This customer's personal data was erased; the profile can no longer be changed, "
    "restored or erased again.",
    vi="Dữ liệu cá nhân của khách hàng này đã bị xóa; không thể sửa, khôi phục hay xóa lại hồ sơ.",
)
DELETED = define(
    "customer.deleted",
    409,
    en="This customer was deleted; an owner must restore them before they can be changed "
    "or attached to an order.",
    vi="Khách hàng này đã bị xoá; chủ cửa hàng cần khôi phục trước khi chỉnh sửa "
    "hoặc gắn vào đơn hàng.",
)
MERGED = define(
    "customer.merged",
    409,
    en="This customer was merged into {name}; use that profile instead.",
    vi="Khách hàng này đã được gộp vào {name}; hãy dùng hồ sơ đó.",
)
PRECONDITION_REQUIRED = define(
    "precondition.required",
    428,
    en="Send an If-Match header with the ETag you last read.",
    vi="Hãy gửi header If-Match với ETag bạn đã đọc gần nhất.",
)
PRECONDITION_FAILED = define(
    "precondition.failed",
    412,
    en="Someone changed this record since you read it; reload it and try again.",
    vi="Bản ghi đã bị người khác thay đổi từ lúc bạn đọc; hãy tải lại và thử lần nữa.",
)
IMPORT_BAD_FILE = define(
    "import.bad_file",
    422,
    en="The file cannot be read as UTF-8 CSV (around row {row}).",
    vi="Không đọc được tệp dưới dạng CSV UTF-8 (khoảng dòng {row}).",
)
IMPORT_NO_NAME = define(
    "import.name_column_missing",
    422,
    en="The file's first row must name its columns, one of them `name`.",
    vi="Dòng đầu của tệp phải là tên các cột, trong đó có cột `name`.",
)
IMPORT_UNKNOWN_COLUMNS = define(
    "import.unknown_columns",
    422,
    en="Unknown columns: {columns}. Known: name, phones, emails, birthday, locale, note, tags, "
    "consent_marketing_sms, consent_marketing_email, consent_marketing_zalo.",
    vi="Cột không hợp lệ: {columns}. Các cột được dùng: name, phones, emails, birthday, "
    "locale, note, tags, consent_marketing_sms, consent_marketing_email, "
    "consent_marketing_zalo.",
)

i18n.load("patronage.directory")
