"""Messages for request-validation failures, by pydantic error type."""

from patronage.core import i18n

i18n.register(
    {
        "field.invalid": {"en": "This value is invalid.", "vi": "Giá trị này không hợp lệ."},
        "field.missing": {"en": "This field is required.", "vi": "Trường này là bắt buộc."},
        "field.extra_forbidden": {
            "en": "This field is not allowed.",
            "vi": "Không được phép gửi trường này.",
        },
        "field.string_type": {"en": "Expected text.", "vi": "Cần giá trị dạng văn bản."},
        "field.string_too_short": {
            "en": "Must be at least {min_length} characters.",
            "vi": "Cần ít nhất {min_length} ký tự.",
        },
        "field.string_too_long": {
            "en": "Must be at most {max_length} characters.",
            "vi": "Tối đa {max_length} ký tự.",
        },
        "field.string_pattern_mismatch": {
            "en": "The format is not valid.",
            "vi": "Định dạng không hợp lệ.",
        },
        "field.int_type": {"en": "Expected a whole number.", "vi": "Cần một số nguyên."},
        "field.int_parsing": {"en": "Expected a whole number.", "vi": "Cần một số nguyên."},
        "field.int_from_float": {"en": "Expected a whole number.", "vi": "Cần một số nguyên."},
        "field.bool_type": {"en": "Expected true or false.", "vi": "Cần giá trị true hoặc false."},
        "field.bool_parsing": {
            "en": "Expected true or false.",
            "vi": "Cần giá trị true hoặc false.",
        },
        "field.greater_than_equal": {
            "en": "Must be at least {ge}.",
            "vi": "Phải lớn hơn hoặc bằng {ge}.",
        },
        "field.greater_than": {"en": "Must be greater than {gt}.", "vi": "Phải lớn hơn {gt}."},
        "field.less_than_equal": {
            "en": "Must be at most {le}.",
            "vi": "Phải nhỏ hơn hoặc bằng {le}.",
        },
        "field.less_than": {"en": "Must be less than {lt}.", "vi": "Phải nhỏ hơn {lt}."},
        "field.too_short": {
            "en": "Needs at least {min_length} items.",
            "vi": "Cần ít nhất {min_length} mục.",
        },
        "field.too_long": {
            "en": "At most {max_length} items are allowed.",
            "vi": "Chỉ cho phép tối đa {max_length} mục.",
        },
        "field.list_type": {"en": "Expected a list.", "vi": "Cần một danh sách."},
        "field.dict_type": {"en": "Expected an object.", "vi": "Cần một đối tượng."},
        "field.model_type": {"en": "Expected an object.", "vi": "Cần một đối tượng."},
        "field.model_attributes_type": {
            "en": "Expected an object.",
            "vi": "Cần một đối tượng.",
        },
        "field.uuid_parsing": {"en": "Expected a valid id.", "vi": "Cần một mã định danh hợp lệ."},
        "field.uuid_type": {"en": "Expected a valid id.", "vi": "Cần một mã định danh hợp lệ."},
        "field.date_parsing": {
            "en": "Expected a date as YYYY-MM-DD.",
            "vi": "Cần ngày theo dạng YYYY-MM-DD.",
        },
        "field.date_from_datetime_parsing": {
            "en": "Expected a date as YYYY-MM-DD.",
            "vi": "Cần ngày theo dạng YYYY-MM-DD.",
        },
        "field.date_type": {
            "en": "Expected a date as YYYY-MM-DD.",
            "vi": "Cần ngày theo dạng YYYY-MM-DD.",
        },
        "field.literal_error": {
            "en": "Must be one of: {expected}.",
            "vi": "Phải là một trong: {expected}.",
        },
        "field.enum": {"en": "Must be one of: {expected}.", "vi": "Phải là một trong: {expected}."},
        "field.value_error": {"en": "This value is invalid.", "vi": "Giá trị này không hợp lệ."},
        "field.json_invalid": {"en": "Invalid JSON.", "vi": "JSON không hợp lệ."},
        "field.email.invalid": {
            "en": "This is not a valid email address.",
            "vi": "Địa chỉ email không hợp lệ.",
        },
        "field.phone.invalid": {
            "en": "This is not a valid phone number.",
            "vi": "Số điện thoại không hợp lệ.",
        },
        "field.name.empty": {"en": "The name is empty.", "vi": "Tên đang để trống."},
        "field.name.too_long": {"en": "The name is too long.", "vi": "Tên quá dài."},
        "field.name.control_characters": {
            "en": "The name contains control characters.",
            "vi": "Tên chứa ký tự điều khiển.",
        },
        "field.time_zone.invalid": {
            "en": "Use an IANA time zone such as Asia/Ho_Chi_Minh (or UTC).",
            "vi": "Hãy dùng múi giờ IANA như Asia/Ho_Chi_Minh (hoặc UTC).",
        },
        "field.date.not_text": {
            "en": "Expected a date as YYYY-MM-DD.",
            "vi": "Cần ngày theo dạng YYYY-MM-DD.",
        },
        "field.note.too_long": {"en": "The note is too long.", "vi": "Ghi chú quá dài."},
        "field.password.too_short": {
            "en": "The password is too short.",
            "vi": "Mật khẩu quá ngắn.",
        },
        "field.password.too_long": {"en": "The password is too long.", "vi": "Mật khẩu quá dài."},
        "field.password.too_common": {
            "en": "This password is too easy to guess.",
            "vi": "Mật khẩu này quá dễ đoán.",
        },
        "field.password.keyboard_pattern": {
            "en": "Keys next to each other on a keyboard are easy to guess.",
            "vi": "Các phím liền nhau trên bàn phím rất dễ đoán.",
        },
        "field.password.repeated": {
            "en": "Repeated characters or words are easy to guess.",
            "vi": "Ký tự hoặc từ lặp lại rất dễ đoán.",
        },
        "field.password.sequence": {
            "en": "Sequences such as abc or 6543 are easy to guess.",
            "vi": "Dãy như abc hoặc 6543 rất dễ đoán.",
        },
        "field.password.dates": {
            "en": "Dates and years are easy to guess.",
            "vi": "Ngày tháng và năm rất dễ đoán.",
        },
        "field.password.guessable": {
            "en": "This password is too easy to guess; add a few uncommon words.",
            "vi": "Mật khẩu này quá dễ đoán; hãy thêm vài từ ít gặp.",
        },
    }
)
