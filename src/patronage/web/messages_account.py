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
    }
)
