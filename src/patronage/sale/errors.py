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
ORDER_CONFLICT = define(
    "order.changed_concurrently",
    409,
    en="Someone else changed this order at the same moment; reload it and try again.",
    vi="Đơn hàng vừa được người khác thay đổi cùng lúc; hãy tải lại và thử lại.",
)
# Vietnamese names of the closed statuses, for `order.closed`.
STATUS_VI = {"completed": "hoàn tất", "voided": "huỷ"}

i18n.register(
    {
        "field.sku.empty": {"en": "The SKU is empty.", "vi": "Mã hàng (SKU) đang để trống."},
        "field.sku.too_long": {
            "en": "The SKU is too long (at most 64 characters).",
            "vi": "Mã hàng (SKU) quá dài (tối đa 64 ký tự).",
        },
        "field.sku.control_characters": {
            "en": "The SKU contains control characters.",
            "vi": "Mã hàng (SKU) chứa ký tự điều khiển.",
        },
        "field.note.control_characters": {
            "en": "The note contains control characters.",
            "vi": "Ghi chú chứa ký tự điều khiển.",
        },
    }
)
