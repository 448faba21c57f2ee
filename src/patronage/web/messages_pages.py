"""Labels of the web UI's customer pages, in English and Vietnamese."""

from patronage.core import i18n

i18n.register(
    {
        "web.sort": {"en": "Sort", "vi": "Sắp xếp"},
        "web.sort.newest": {"en": "Newest first", "vi": "Mới nhất trước"},
        "web.sort.name": {"en": "By name", "vi": "Theo tên"},
        "web.sort_hint": {
            "en": "A search lists the best matches first.",
            "vi": "Khi tìm kiếm, kết quả khớp nhất được xếp trước.",
        },
        "web.include_deleted": {"en": "Include deleted", "vi": "Gồm cả khách đã xoá"},
        "web.account_status": {"en": "Account", "vi": "Tài khoản"},
        "web.deleted": {"en": "deleted", "vi": "đã xoá"},
        "web.no_customers": {"en": "No customers yet.", "vi": "Chưa có khách hàng."},
        "web.pages": {"en": "Pages", "vi": "Trang"},
        "web.previous_page": {"en": "← Previous", "vi": "← Trang trước"},
        "web.next_page": {"en": "Next →", "vi": "Trang sau →"},
        "web.create": {"en": "Create customer", "vi": "Tạo khách hàng"},
        "web.open_customer": {"en": "Open {name}", "vi": "Mở hồ sơ {name}"},
        "web.notice.created": {"en": "Customer created.", "vi": "Đã tạo khách hàng."},
        "web.notice.saved": {"en": "Changes saved.", "vi": "Đã lưu thay đổi."},
        "web.notice.deleted": {"en": "Customer deleted.", "vi": "Đã xoá khách hàng."},
        "web.notice.restored": {"en": "Customer restored.", "vi": "Đã khôi phục khách hàng."},
        "web.notice.promoted": {
            "en": "The customer now has a sign-in account.",
            "vi": "Khách hàng đã có tài khoản đăng nhập.",
        },
        "web.deleted_banner": {
            "en": "This customer was deleted on {when}. Their orders still show them.",
            "vi": "Khách hàng này đã bị xoá lúc {when}. Các đơn hàng vẫn hiển thị họ.",
        },
        "web.edit": {"en": "Edit", "vi": "Sửa"},
        "web.promote": {"en": "Send sign-up code", "vi": "Gửi mã đăng ký"},
        "web.delete": {"en": "Delete customer", "vi": "Xoá khách hàng"},
        "web.restore": {"en": "Restore customer", "vi": "Khôi phục khách hàng"},
        "web.details": {"en": "Details", "vi": "Thông tin"},
        "web.phones": {"en": "Phones", "vi": "Số điện thoại"},
        "web.emails": {"en": "Emails", "vi": "Email"},
        "web.primary": {"en": "primary", "vi": "chính"},
        "web.birthday": {"en": "Birthday", "vi": "Ngày sinh"},
        "web.locale": {"en": "Language", "vi": "Ngôn ngữ"},
        "web.note": {"en": "Note", "vi": "Ghi chú"},
        "web.source": {"en": "Captured at", "vi": "Nguồn"},
        "web.source.checkout": {"en": "checkout", "vi": "quầy thanh toán"},
        "web.source.web": {"en": "back office", "vi": "trang quản lý"},
        "web.source.api": {"en": "API", "vi": "API"},
        "web.source.import": {"en": "import", "vi": "nhập dữ liệu"},
        "web.customer_since": {"en": "Customer since", "vi": "Khách hàng từ"},
        "web.purchases": {"en": "Purchases", "vi": "Mua hàng"},
        "web.last_order": {"en": "Last purchase", "vi": "Lần mua gần nhất"},
        "web.orders": {"en": "Orders", "vi": "Đơn hàng"},
        "web.no_orders": {"en": "No orders yet.", "vi": "Chưa có đơn hàng."},
        "web.order_pages": {"en": "Order pages", "vi": "Trang đơn hàng"},
        "web.newest_orders": {"en": "← Newest orders", "vi": "← Đơn mới nhất"},
        "web.older_orders": {"en": "Older orders →", "vi": "Đơn cũ hơn →"},
        "web.history": {"en": "History", "vi": "Lịch sử thay đổi"},
        "web.latest_changes": {"en": "← Latest changes", "vi": "← Thay đổi mới nhất"},
        "web.earlier_changes": {"en": "Earlier changes →", "vi": "Thay đổi trước đó →"},
        "web.someone": {"en": "system", "vi": "hệ thống"},
        "web.changed_fields": {"en": "Changed", "vi": "Đã đổi"},
        "web.event.customer.created": {"en": "Created", "vi": "Tạo hồ sơ"},
        "web.event.customer.updated": {"en": "Edited", "vi": "Sửa hồ sơ"},
        "web.event.customer.deleted": {"en": "Deleted", "vi": "Xoá"},
        "web.event.customer.restored": {"en": "Restored", "vi": "Khôi phục"},
        "web.event.customer.account_changed": {
            "en": "Account changed",
            "vi": "Thay đổi tài khoản",
        },
        "web.event.promotion.started": {"en": "Sign-up code sent", "vi": "Đã gửi mã đăng ký"},
        "web.event.promotion.succeeded": {
            "en": "Sign-up code confirmed",
            "vi": "Đã xác nhận mã đăng ký",
        },
        "web.event.promotion.merged": {
            "en": "Joined an existing account",
            "vi": "Gộp vào tài khoản có sẵn",
        },
        "web.field.name": {"en": "name", "vi": "họ tên"},
        "web.field.phones": {"en": "phones", "vi": "số điện thoại"},
        "web.field.emails": {"en": "emails", "vi": "email"},
        "web.field.birthday": {"en": "birthday", "vi": "ngày sinh"},
        "web.field.locale": {"en": "language", "vi": "ngôn ngữ"},
        "web.field.note": {"en": "note", "vi": "ghi chú"},
        "web.field.account_status": {"en": "account", "vi": "tài khoản"},
        "web.field.user_id": {"en": "account", "vi": "tài khoản"},
        "web.edit_customer": {"en": "Edit {name}", "vi": "Sửa hồ sơ {name}"},
        "web.first_is_primary": {
            "en": "The first one is the primary.",
            "vi": "Số đầu tiên là số chính.",
        },
        "web.phone_n": {"en": "Phone {n}", "vi": "Số điện thoại {n}"},
        "web.email_n": {"en": "Email {n}", "vi": "Email {n}"},
        "web.save": {"en": "Save", "vi": "Lưu"},
        "web.cancel": {"en": "Cancel", "vi": "Huỷ bỏ"},
        "web.changed_by_someone_else": {
            "en": "Someone else changed this customer while you were editing; nothing was "
            "saved. Reload to see their version, then make your change again.",
            "vi": "Người khác đã sửa khách hàng này trong lúc bạn đang sửa; chưa có gì được "
            "lưu. Hãy tải lại để xem bản mới nhất rồi sửa lại.",
        },
        "web.reload_latest": {"en": "Reload the latest version", "vi": "Tải lại bản mới nhất"},
        "field.birthday.invalid": {
            "en": "Enter a date such as 1990-05-31.",
            "vi": "Hãy nhập ngày, ví dụ 1990-05-31.",
        },
        "web.delete_customer_title": {"en": "Delete {name}?", "vi": "Xoá {name}?"},
        "web.delete_explained": {
            "en": "The customer leaves searches and their phone and email become free for "
            "someone else. Their orders and history stay, and an owner can restore them.",
            "vi": "Khách hàng sẽ không còn xuất hiện khi tìm kiếm và số điện thoại, email "
            "được giải phóng. Đơn hàng và lịch sử vẫn được giữ, chủ có thể khôi phục.",
        },
        "web.delete_confirm": {"en": "Yes, delete", "vi": "Đồng ý xoá"},
        "web.notice.merged": {
            "en": "The code was right: this profile joined the customer's existing account.",
            "vi": "Mã đúng: hồ sơ này đã được gộp vào tài khoản sẵn có của khách hàng.",
        },
        "web.promote_title": {"en": "Sign-up for {name}", "vi": "Đăng ký cho {name}"},
        "web.promote_explained": {
            "en": "The customer gets a 6-digit code and reads it out to you; their profile then "
            "becomes an account they can sign in to.",
            "vi": "Khách hàng nhận một mã 6 chữ số và đọc cho bạn; hồ sơ của họ sẽ trở thành "
            "tài khoản có thể đăng nhập.",
        },
        "web.send_code_by": {"en": "Send the code by", "vi": "Gửi mã qua"},
        "web.channel.sms": {"en": "SMS", "vi": "SMS"},
        "web.channel.email": {"en": "Email", "vi": "Email"},
        "web.none_on_record": {"en": "none on record", "vi": "chưa có"},
        "web.send_code": {"en": "Send code", "vi": "Gửi mã"},
        "web.send_new_code": {"en": "Send a new code", "vi": "Gửi mã mới"},
        "web.back_to_profile": {"en": "Back to the profile", "vi": "Về hồ sơ"},
        "web.code_sent": {
            "en": "Code sent to {destination}.",
            "vi": "Đã gửi mã tới {destination}.",
        },
        "web.code_went_to": {
            "en": "Ask the customer for the code sent to {destination}.",
            "vi": "Hãy hỏi khách hàng mã đã gửi tới {destination}.",
        },
        "web.code_expires": {"en": "Valid until {when}.", "vi": "Có hiệu lực đến {when}."},
        "web.code_label": {"en": "Code", "vi": "Mã"},
        "web.confirm_code": {"en": "Confirm code", "vi": "Xác nhận mã"},
        "web.attempts_left.one": {
            "en": "{count} attempt left.",
            "vi": "Còn {count} lần thử.",
        },
        "web.attempts_left.other": {
            "en": "{count} attempts left.",
            "vi": "Còn {count} lần thử.",
        },
        "web.refusal.promotion.no_contact": {
            "en": "This customer has no {channel} on record to send a code to.",
            "vi": "Khách hàng này chưa có {channel} để gửi mã.",
        },
        "web.refusal.promotion.already_verified": {
            "en": "This customer's account has already confirmed this {channel}; nothing to do.",
            "vi": "Tài khoản của khách hàng này đã xác minh {channel} này; không cần làm gì thêm.",
        },
    }
)
