"""Labels of the web UI, in English and Vietnamese."""

from patronage.core import i18n

i18n.register(
    {
        "web.app_name": {"en": "Patronage", "vi": "Patronage"},
        "web.sign_in": {"en": "Sign in", "vi": "Đăng nhập"},
        "web.sign_out": {"en": "Sign out", "vi": "Đăng xuất"},
        "web.email": {"en": "Email", "vi": "Email"},
        "web.password": {"en": "Password", "vi": "Mật khẩu"},
        "web.brand": {"en": "Brand", "vi": "Thương hiệu"},
        "web.brand_hint": {
            "en": "Only if you work for several brands.",
            "vi": "Chỉ cần khi bạn làm việc cho nhiều thương hiệu.",
        },
        "web.choose_brand": {"en": "Choose a brand", "vi": "Chọn thương hiệu"},
        "web.language": {"en": "Tiếng Việt", "vi": "English"},
        "web.error_title": {"en": "Something is not right", "vi": "Có điều gì đó chưa đúng"},
        "web.back": {"en": "Back", "vi": "Quay lại"},
        "web.signed_in_as": {"en": "Signed in as {role}", "vi": "Đăng nhập với vai trò {role}"},
        "web.role.owner": {"en": "owner", "vi": "chủ"},
        "web.role.cashier": {"en": "cashier", "vi": "thu ngân"},
        "web.csrf_failed": {
            "en": "This form has expired; please try again.",
            "vi": "Biểu mẫu đã hết hạn; vui lòng thử lại.",
        },
    }
)
