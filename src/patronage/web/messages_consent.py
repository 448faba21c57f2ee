"""Labels of the consent panels (staff's profile page, the customer's account), en and vi."""

from patronage.core import i18n

i18n.register(
    {
        "web.consent.heading": {"en": "Marketing consent", "vi": "Đồng ý nhận tiếp thị"},
        "web.consent.explained": {
            "en": "Read the wording to the customer in their language, then record their answer.",
            "vi": "Đọc nội dung cho khách hàng bằng ngôn ngữ của họ, rồi ghi nhận câu trả lời.",
        },
        "web.consent.mine_explained": {
            "en": "Choose which brands may send you offers, and how. You can change your mind "
            "at any time; each answer is kept as proof.",
            "vi": "Chọn thương hiệu nào được gửi ưu đãi cho bạn, và qua kênh nào. Bạn có thể "
            "đổi ý bất cứ lúc nào; mỗi câu trả lời đều được lưu làm bằng chứng.",
        },
        "web.consent.purpose.marketing_sms": {"en": "SMS", "vi": "SMS"},
        "web.consent.purpose.marketing_email": {"en": "Email", "vi": "Email"},
        "web.consent.purpose.marketing_zalo": {"en": "Zalo", "vi": "Zalo"},
        "web.consent.status.granted": {"en": "Granted", "vi": "Đã đồng ý"},
        "web.consent.status.withdrawn": {"en": "Withdrawn", "vi": "Đã rút lại"},
        "web.consent.status.not_recorded": {"en": "Not asked", "vi": "Chưa hỏi"},
        "web.consent.method.at_till": {"en": "at the till", "vi": "tại quầy"},
        "web.consent.method.web": {"en": "on the web", "vi": "trên web"},
        "web.consent.method.sms_keyword": {"en": "by SMS keyword", "vi": "qua từ khoá SMS"},
        "web.consent.method.import": {"en": "by import", "vi": "qua nhập dữ liệu"},
        "web.consent.method.self_service": {
            "en": "by the customer",
            "vi": "do khách hàng tự chọn",
        },
        "web.consent.evidence": {
            "en": "{when}, {method}, wording {version}",
            "vi": "{when}, {method}, nội dung {version}",
        },
        "web.consent.wording_shown": {
            "en": "Wording shown (version {version})",
            "vi": "Nội dung hiển thị (phiên bản {version})",
        },
        "web.consent.grant": {"en": "Record consent", "vi": "Ghi nhận đồng ý"},
        "web.consent.withdraw": {"en": "Withdraw", "vi": "Rút lại"},
        "web.consent.i_agree": {"en": "I agree", "vi": "Tôi đồng ý"},
        # Accessible names start with the button's visible words (WCAG 2.5.3).
        "web.consent.grant_label": {
            "en": "Record consent: {purpose}",
            "vi": "Ghi nhận đồng ý: {purpose}",
        },
        "web.consent.withdraw_label": {"en": "Withdraw: {purpose}", "vi": "Rút lại: {purpose}"},
        "web.consent.agree_label": {
            "en": "I agree: {brand}, {purpose}",
            "vi": "Tôi đồng ý: {brand}, {purpose}",
        },
        "web.consent.withdraw_mine_label": {
            "en": "Withdraw: {brand}, {purpose}",
            "vi": "Rút lại: {brand}, {purpose}",
        },
        "web.consent.deleted": {
            "en": "A deleted customer's consent can be read, not changed.",
            "vi": "Sự đồng ý của khách hàng đã xoá chỉ xem được, không thay đổi được.",
        },
        "web.consent.by_customer": {"en": "the customer", "vi": "khách hàng"},
        "web.notice.consent": {"en": "Consent recorded.", "vi": "Đã ghi nhận sự đồng ý."},
        "web.event.customer.consent_changed": {
            "en": "Consent changed",
            "vi": "Thay đổi đồng ý nhận tiếp thị",
        },
    }
)
