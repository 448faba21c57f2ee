"""Error codes of data requests and erasure, in English and Vietnamese."""

from __future__ import annotations

from patronage.core.errors import define

NOT_FOUND = define(
    "data_request.not_found",
    404,
    en="No such data request.",
    vi="Không có yêu cầu dữ liệu này.",
)
KIND_INVALID = define(
    "data_request.kind_invalid",
    422,
    en="Unknown kind of request. Use one of: {allowed}.",
    vi="Loại yêu cầu không hợp lệ. Hãy dùng một trong: {allowed}.",
)
STATUS_INVALID = define(
    "data_request.status_invalid",
    422,
    en="Unknown status. Use one of: {allowed}.",
    vi="Trạng thái không hợp lệ. Hãy dùng một trong: {allowed}.",
)
INVALID_TRANSITION = define(
    "data_request.invalid_transition",
    409,
    en="A request that is {current} cannot become {wanted}.",
    vi="Yêu cầu đang ở trạng thái {current} không thể chuyển sang {wanted}.",
)
REASON_REQUIRED = define(
    "data_request.reason_required",
    422,
    en="Give the reason for refusing the request.",
    vi="Hãy nêu lý do từ chối yêu cầu.",
)
ERASE_BY_ERASING = define(
    "data_request.erase_by_erasing",
    409,
    en="An erasure request is done by erasing the customer, not by marking it done.",
    vi="Yêu cầu xóa dữ liệu chỉ hoàn tất bằng cách xóa dữ liệu khách hàng, không đánh dấu tay.",
)
TEXT_INVALID = define(
    "data_request.text_invalid",
    422,
    en="The text holds control or invisible characters, or is longer than {max_length} characters.",
    vi="Nội dung chứa ký tự điều khiển hoặc ký tự ẩn, hoặc dài hơn {max_length} ký tự.",
)
BRAND_NOT_FOUND = define(
    "data_request.brand_not_found",
    404,
    en="You have no profile at this brand.",
    vi="Bạn không có hồ sơ tại thương hiệu này.",
)
ERASE_CONFIRMATION = define(
    "erasure.confirmation_mismatch",
    422,
    en="To erase, type the customer's id or the word ERASE in the confirmation.",
    vi="Để xóa, hãy nhập mã khách hàng hoặc chữ ERASE vào ô xác nhận.",
)
REQUEST_MISMATCH = define(
    "erasure.request_mismatch",
    409,
    en="The request named is not an open erasure request of this customer.",
    vi="Yêu cầu được nêu không phải là yêu cầu xóa dữ liệu đang mở của khách hàng này.",
)
