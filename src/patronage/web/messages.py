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
        "web.customers": {"en": "Customers", "vi": "Khách hàng"},
        "web.find_customer": {"en": "Find customer", "vi": "Tìm khách hàng"},
        "web.find_hint": {
            "en": "Phone (any form, or its last digits), email, or name without accents",
            "vi": "Số điện thoại (mọi dạng, hoặc vài số cuối), email, hoặc tên không dấu",
        },
        "web.search": {"en": "Search", "vi": "Tìm"},
        "web.no_results": {"en": "No customer matches.", "vi": "Không có khách hàng phù hợp."},
        "web.new_customer": {"en": "New customer", "vi": "Khách hàng mới"},
        "web.name": {"en": "Name", "vi": "Họ tên"},
        "web.phone": {"en": "Phone", "vi": "Số điện thoại"},
        "web.create": {"en": "Create customer", "vi": "Tạo khách hàng"},
        "web.use_existing": {
            "en": "Open {name} instead",
            "vi": "Mở hồ sơ {name}",
        },
        "web.status": {"en": "Account", "vi": "Tài khoản"},
        "web.status.captured": {"en": "captured", "vi": "chưa đăng ký"},
        "web.status.invited": {"en": "invited", "vi": "đã mời"},
        "web.status.active": {"en": "active", "vi": "đang hoạt động"},
        "web.birthday": {"en": "Birthday", "vi": "Ngày sinh"},
        "web.note": {"en": "Note", "vi": "Ghi chú"},
        "web.locale": {"en": "Language", "vi": "Ngôn ngữ"},
        "web.deleted_banner": {
            "en": "This customer was deleted on {when}. Orders keep showing them.",
            "vi": "Khách hàng này đã bị xoá ngày {when}. Các đơn hàng vẫn hiển thị họ.",
        },
        "web.delete": {"en": "Delete customer", "vi": "Xoá khách hàng"},
        "web.restore": {"en": "Restore customer", "vi": "Khôi phục khách hàng"},
        "web.orders": {"en": "Orders", "vi": "Đơn hàng"},
        "web.order_stats": {
            "en": "{count} completed orders, {total} {currency} in all",
            "vi": "{count} đơn đã hoàn tất, tổng cộng {total} {currency}",
        },
        "web.order_number": {"en": "No.", "vi": "Số"},
        "web.order_status.open": {"en": "open", "vi": "đang mở"},
        "web.order_status.completed": {"en": "completed", "vi": "đã hoàn tất"},
        "web.order_status.voided": {"en": "voided", "vi": "đã huỷ"},
        "web.total": {"en": "Total", "vi": "Tổng"},
        "web.date": {"en": "Date", "vi": "Ngày"},
        "web.no_orders": {"en": "No orders yet.", "vi": "Chưa có đơn hàng."},
        "web.csrf_failed": {
            "en": "This form has expired; please try again.",
            "vi": "Biểu mẫu đã hết hạn; vui lòng thử lại.",
        },
    }
)
