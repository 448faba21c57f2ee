"""Error codes of import jobs."""

from __future__ import annotations

from patronage.core.errors import define

NOT_FOUND = define(
    "import.not_found",
    404,
    en="No such import.",
    vi="Không tìm thấy lượt nhập dữ liệu này.",
)
FILE_TOO_LARGE = define(
    "import.file_too_large",
    413,
    en="The file is larger than {limit} bytes; split it into smaller files.",
    vi="Tệp lớn hơn {limit} byte; hãy chia thành các tệp nhỏ hơn.",
)
GAVE_UP = define(
    "import.gave_up",
    500,
    en="The import stopped {attempts} times without finishing; it was given up.",
    vi="Lượt nhập đã dừng {attempts} lần mà chưa xong nên đã bị huỷ.",
)
