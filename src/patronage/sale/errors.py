"""Error codes of sale orders, and the messages of their field checks."""

from patronage.core import i18n
from patronage.core.errors import define

ORDER_NOT_FOUND = define(
    "order.not_found",
    404,
    en="No such order.",
    vi="Không tìm thấy đơn hàng.",
)
ORDER_CLOSED = define(
    "order.closed",
    409,
    en="This order is {state}; it can no longer be changed.",
    vi="Đơn hàng này đã {state_vi}; không thể thay đổi nữa.",
)
ORDER_EMPTY = define(
    "order.empty",
    422,
    en="An order needs at least one line before it can be completed.",
    vi="Đơn hàng cần ít nhất một dòng hàng trước khi hoàn tất.",
)
ORDER_TOO_LARGE = define(
    "order.total_too_large",
    422,
    en="An order's total may not exceed {max_total} (in minor units of the currency).",
    vi="Tổng tiền của một đơn hàng không được vượt quá {max_total} (đơn vị nhỏ nhất của tiền tệ).",
)
ORDER_CONFLICT = define(
    "order.changed_concurrently",
    409,
    en="Someone else changed this order at the same moment; reload it and try again.",
    vi="Đơn hàng vừa được người khác thay đổi cùng lúc; hãy tải lại và thử lại.",
)
# Vietnamese names of the closed statuses, for `order.closed`.
STATUS_VI = {"completed": "hoàn tất", "voided": "huỷ"}

i18n.load("patronage.sale")
