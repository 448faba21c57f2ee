"""Error codes of customer tags, in English and Vietnamese."""

from __future__ import annotations

from patronage.core.errors import define

NOT_FOUND = define(
    "tag.not_found",
    404,
    en="No such tag.",
    vi="Không tìm thấy nhãn.",
)
NAME_INVALID = define(
    "tag.name_invalid",
    422,
    en="A tag name is 1 to {max} characters, letters, digits, spaces and punctuation, "
    "without control characters.",
    vi="Tên nhãn dài từ 1 đến {max} ký tự gồm chữ, số, khoảng trắng và dấu câu, "
    "không có ký tự điều khiển.",
)
NAME_TAKEN = define(
    "tag.name_taken",
    409,
    en="The brand already has a tag named {name}.",
    vi="Thương hiệu đã có nhãn tên {name}.",
)
TOO_MANY = define(
    "tag.too_many",
    422,
    en="A customer can carry at most {max} tags.",
    vi="Mỗi khách hàng chỉ gắn được tối đa {max} nhãn.",
)
LIMIT_REACHED = define(
    "tag.limit_reached",
    409,
    en="The brand already has {max} tags; delete one before adding another.",
    vi="Thương hiệu đã có {max} nhãn; hãy xoá bớt một nhãn trước khi thêm.",
)
