"""Error codes of consent records, in English and Vietnamese."""

from __future__ import annotations

from patronage.core.errors import define

PURPOSE_INVALID = define(
    "consent.purpose_invalid",
    422,
    en="Unknown consent purpose. Use one of: {allowed}.",
    vi="Mục đích đồng ý không hợp lệ. Hãy dùng một trong: {allowed}.",
)
STATUS_INVALID = define(
    "consent.status_invalid",
    422,
    en="The consent status must be one of: {allowed}.",
    vi="Trạng thái đồng ý phải là một trong: {allowed}.",
)
METHOD_INVALID = define(
    "consent.method_invalid",
    422,
    en="Staff may record consent given by one of these methods: {allowed}.",
    vi="Nhân viên chỉ được ghi nhận sự đồng ý theo một trong các cách: {allowed}.",
)
WORDING_VERSION_INVALID = define(
    "consent.wording_version_invalid",
    422,
    en="Name the version of the wording the customer was shown: 1 to 64 letters, digits "
    "or . _ : / - characters.",
    vi="Hãy ghi phiên bản nội dung đã cho khách hàng xem: từ 1 đến 64 chữ cái, chữ số "
    "hoặc ký tự . _ : / -.",
)
CONFLICT = define(
    "consent.conflict",
    409,
    en="This consent was changed at the same moment by someone else; reload and try again.",
    vi="Sự đồng ý này vừa được người khác thay đổi cùng lúc; hãy tải lại và thử lần nữa.",
)
BRAND_NOT_FOUND = define(
    "consent.brand_not_found",
    404,
    en="You have no profile at this brand.",
    vi="Bạn không có hồ sơ tại thương hiệu này.",
)
