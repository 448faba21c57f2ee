"""Labels of the tag pages (the owners' tag list, the profile's chips), en and vi."""

from patronage.core import i18n

i18n.register(
    {
        "web.tags": {"en": "Tags", "vi": "Nhãn"},
        "web.tags.explained": {
            "en": "Tags group customers (VIP, wholesale, cake orders…). Staff put them on a "
            "customer's profile; the customer list and the export filter by them.",
            "vi": "Nhãn dùng để nhóm khách hàng (VIP, khách sỉ, đặt bánh…). Nhân viên gắn nhãn "
            "trên hồ sơ khách hàng; danh sách khách hàng và tệp xuất lọc được theo nhãn.",
        },
        "web.tags.none": {"en": "No tags yet.", "vi": "Chưa có nhãn nào."},
        "web.tags.new": {"en": "New tag", "vi": "Nhãn mới"},
        "web.tags.create": {"en": "Add tag", "vi": "Thêm nhãn"},
        "web.tags.rename": {"en": "Rename", "vi": "Đổi tên"},
        "web.tags.rename_label": {"en": "New name for {name}", "vi": "Tên mới cho {name}"},
        "web.tags.delete": {"en": "Delete", "vi": "Xoá"},
        "web.tags.delete_confirm": {
            "en": "Delete the tag {name}? It is taken off every customer.",
            "vi": "Xoá nhãn {name}? Nhãn sẽ bị gỡ khỏi mọi khách hàng.",
        },
        "web.tags.on_customer": {"en": "Tags", "vi": "Nhãn"},
        "web.tags.customer_none": {"en": "No tags.", "vi": "Chưa gắn nhãn."},
        "web.tags.add": {"en": "Add", "vi": "Gắn"},
        "web.tags.choose": {"en": "Tag to add", "vi": "Nhãn cần gắn"},
        "web.tags.remove_label": {"en": "Remove tag {name}", "vi": "Gỡ nhãn {name}"},
        "web.tags.manage": {"en": "Manage tags", "vi": "Quản lý nhãn"},
        "web.tags.all_defined": {
            "en": "Every tag of the brand is on this customer.",
            "vi": "Khách hàng đã có mọi nhãn của thương hiệu.",
        },
        "web.tags.owners_define": {
            "en": "No tags yet: an owner defines them under Tags.",
            "vi": "Chưa có nhãn: chủ cửa hàng tạo nhãn trong mục Nhãn.",
        },
        "web.notice.tags": {"en": "Tags saved.", "vi": "Đã lưu nhãn."},
        "web.notice.tag_created": {"en": "Tag added.", "vi": "Đã thêm nhãn."},
        "web.notice.tag_renamed": {"en": "Tag renamed.", "vi": "Đã đổi tên nhãn."},
        "web.notice.tag_deleted": {"en": "Tag deleted.", "vi": "Đã xoá nhãn."},
        "web.event.customer.tags_changed": {"en": "Tags changed", "vi": "Thay đổi nhãn"},
    }
)
