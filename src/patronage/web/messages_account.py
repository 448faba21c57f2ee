"""Labels of the customer's own account pages and the owners' back office, in English and
Vietnamese."""

from patronage.core import i18n

i18n.register(
    {
        "web.account_sign_in": {"en": "Your customer account", "vi": "Tài khoản khách hàng"},
        "web.account_explained": {
            "en": "Enter the phone number or email you confirmed at the shop; we send you a "
            "one-time code.",
            "vi": "Nhập số điện thoại hoặc email bạn đã xác nhận tại cửa hàng; chúng tôi sẽ "
            "gửi cho bạn một mã dùng một lần.",
        },
        "web.phone_or_email": {"en": "Phone or email", "vi": "Số điện thoại hoặc email"},
        "web.destination_invalid": {
            "en": "Enter a phone number or an email address.",
            "vi": "Hãy nhập số điện thoại hoặc địa chỉ email.",
        },
        "web.account_code_sent": {
            "en": "If {destination} belongs to an account, a code is on its way.",
            "vi": "Nếu {destination} thuộc một tài khoản, mã đang được gửi tới.",
        },
        "web.account_enter_code": {
            "en": "Enter the code sent to {destination}.",
            "vi": "Nhập mã đã gửi tới {destination}.",
        },
        "web.staff_sign_in_link": {"en": "Staff sign-in", "vi": "Đăng nhập cho nhân viên"},
        "web.hello": {"en": "Hello, {name}", "vi": "Xin chào, {name}"},
        "web.my_brands": {"en": "Where you are a customer", "vi": "Nơi bạn là khách hàng"},
        "web.my_language": {
            "en": "Language of your messages",
            "vi": "Ngôn ngữ tin nhắn gửi cho bạn",
        },
        "web.my_orders": {"en": "Your orders", "vi": "Đơn hàng của bạn"},
        "web.report_title": {"en": "Customer report", "vi": "Báo cáo khách hàng"},
        "web.from": {"en": "From", "vi": "Từ ngày"},
        "web.last_days": {"en": "Last {count} days", "vi": "{count} ngày qua"},
        "web.password_optional": {
            "en": "A password for the customer (optional)",
            "vi": "Mật khẩu cho khách hàng (không bắt buộc)",
        },
        "web.password_optional_hint": {
            "en": "Without one, the customer signs in with a code each time.",
            "vi": "Nếu bỏ trống, khách hàng đăng nhập bằng mã mỗi lần.",
        },
        "web.to": {"en": "To", "vi": "Đến ngày"},
        "web.show": {"en": "Show", "vi": "Xem"},
        "web.bad_date": {
            "en": "Enter dates such as 2026-11-30.",
            "vi": "Hãy nhập ngày, ví dụ 2026-11-30.",
        },
        "web.report_period": {
            "en": "{first} to {last}, days in {zone}.",
            "vi": "Từ {first} đến {last}, theo múi giờ {zone}.",
        },
        "web.at_a_glance": {"en": "At a glance", "vi": "Tổng quan"},
        "web.customers_created": {"en": "New customers", "vi": "Khách hàng mới"},
        "web.completed_sales": {"en": "Completed sales", "vi": "Đơn đã hoàn tất"},
        "web.attachment_rate": {"en": "Sales with a customer", "vi": "Đơn có gắn khách hàng"},
        "web.attachment_detail": {"en": "{part} of {whole}", "vi": "{part} trên {whole}"},
        "web.promotion_rate": {"en": "Sign-up codes confirmed", "vi": "Mã đăng ký được xác nhận"},
        "web.promotion_detail": {
            "en": "{part} of {whole} sent",
            "vi": "{part} trên {whole} mã đã gửi",
        },
        "web.created_per_day": {
            "en": "New customers per day, by where they were captured",
            "vi": "Khách hàng mới mỗi ngày, theo nguồn",
        },
        "web.chart_summary": {
            "en": "{total} new customers over {days} days.",
            "vi": "{total} khách hàng mới trong {days} ngày.",
        },
        "web.as_a_table": {"en": "Show as a table", "vi": "Xem dạng bảng"},
        "web.role": {"en": "Role", "vi": "Vai trò"},
        "web.since": {"en": "Since", "vi": "Từ ngày"},
        "web.actions": {"en": "Actions", "vi": "Thao tác"},
        "web.role_of": {"en": "Role of {name}", "vi": "Vai trò của {name}"},
        "web.change_role": {"en": "Change role", "vi": "Đổi vai trò"},
        "web.role_invalid": {"en": "Choose owner or cashier.", "vi": "Hãy chọn chủ hoặc thu ngân."},
        "web.remove_member": {"en": "Remove", "vi": "Gỡ khỏi thương hiệu"},
        "web.remove_member_confirm": {
            "en": "Remove {name} from the brand? Their sessions here end at once.",
            "vi": "Gỡ {name} khỏi thương hiệu? Các phiên đăng nhập của họ tại đây kết thúc ngay.",
        },
        "web.invitations": {"en": "Invitations", "vi": "Lời mời"},
        "web.no_invitations": {
            "en": "No invitation is waiting.",
            "vi": "Không có lời mời nào đang chờ.",
        },
        "web.invitation_expires": {"en": "Expires", "vi": "Hết hạn"},
        "web.revoke_invitation": {"en": "Withdraw", "vi": "Rút lại"},
        "web.invite": {"en": "Invite someone", "vi": "Mời một người"},
        "web.invite_hint": {
            "en": "They get an email with a code; a new person sets their own password.",
            "vi": "Họ nhận email kèm mã; người mới tự đặt mật khẩu của mình.",
        },
        "web.send_invitation": {"en": "Send invitation", "vi": "Gửi lời mời"},
        "web.staff_notice.invited": {"en": "Invitation sent.", "vi": "Đã gửi lời mời."},
        "web.staff_notice.revoked": {"en": "Invitation withdrawn.", "vi": "Đã rút lại lời mời."},
        "web.staff_notice.role_changed": {"en": "Role changed.", "vi": "Đã đổi vai trò."},
        "web.staff_notice.removed": {"en": "Member removed.", "vi": "Đã gỡ nhân viên."},
        "web.phone_region": {"en": "Phone region", "vi": "Vùng số điện thoại"},
        "web.phone_region_hint": {
            "en": "Phones typed without a country code are read in this region (VN: Vietnam).",
            "vi": "Số điện thoại không có mã quốc gia được hiểu theo vùng này (VN: Việt Nam).",
        },
        "web.brand_language": {"en": "Language for new customers", "vi": "Ngôn ngữ cho khách mới"},
        "web.time_zone": {"en": "Time zone", "vi": "Múi giờ"},
        "web.contact_policy": {
            "en": "A new customer needs",
            "vi": "Khách hàng mới cần có",
        },
        "web.policy.phone_and_email": {
            "en": "a phone and an email",
            "vi": "số điện thoại và email",
        },
        "web.policy.phone": {"en": "a phone", "vi": "số điện thoại"},
        "web.policy.phone_or_email": {
            "en": "a phone or an email",
            "vi": "số điện thoại hoặc email",
        },
    }
)
