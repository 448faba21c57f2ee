"""Error codes of duplicate merges, in English and Vietnamese."""

from __future__ import annotations

from patronage.core.errors import define

SAME_CUSTOMER = define(
    "merge.same_customer",
    422,
    en="A profile cannot be merged into itself; choose another profile to merge.",
    vi="Không thể gộp một hồ sơ vào chính nó; hãy chọn hồ sơ khác để gộp.",
)
DIFFERENT_ACCOUNTS = define(
    "merge.different_accounts",
    409,
    en="These two profiles are linked to different sign-in accounts; they belong to two "
    "people and cannot be merged.",
    vi="Hai hồ sơ này gắn với hai tài khoản đăng nhập khác nhau; chúng thuộc về hai người "
    "và không thể gộp.",
)
SOURCE_HAS_ACCOUNT = define(
    "merge.source_has_account",
    409,
    en="The profile to merge away has a sign-in account; merge the other profile into it "
    "instead, so the account keeps its profile.",
    vi="Hồ sơ bị gộp có tài khoản đăng nhập; hãy gộp hồ sơ kia vào hồ sơ này để tài khoản "
    "giữ nguyên hồ sơ của mình.",
)
TOO_MANY_CONTACTS = define(
    "merge.too_many_contacts",
    422,
    en="Together the two profiles would have more than {max} phone numbers or email "
    "addresses; remove some from one of them before merging.",
    vi="Gộp lại, hai hồ sơ sẽ có hơn {max} số điện thoại hoặc địa chỉ email; hãy bớt ở một "
    "hồ sơ trước khi gộp.",
)
NOTHING_TO_UNDO = define(
    "merge.not_found",
    404,
    en="This profile has no merge of that customer to undo.",
    vi="Hồ sơ này không có lần gộp nào với khách hàng đó để hoàn tác.",
)
UNDO_EXPIRED = define(
    "merge.undo_expired",
    410,
    en="A merge can be undone for {days} days; this one is older.",
    vi="Chỉ hoàn tác được lần gộp trong vòng {days} ngày; lần gộp này đã quá hạn.",
)
UNDO_SURVIVOR_DELETED = define(
    "merge.undo_survivor_deleted",
    409,
    en="The surviving profile was deleted or merged since; restore or undo that first.",
    vi="Hồ sơ được giữ lại đã bị xoá hoặc gộp tiếp; hãy khôi phục hoặc hoàn tác trước.",
)
UNDO_CONTACT_CHANGED = define(
    "merge.undo_contact_changed",
    409,
    en="The contact {value} that came with the merge was removed from the profile or given "
    "to another customer since, so the merge can no longer be undone faithfully.",
    vi="Liên hệ {value} được chuyển sang khi gộp đã bị xoá khỏi hồ sơ hoặc chuyển cho khách "
    "khác, nên không thể hoàn tác lần gộp này một cách chính xác.",
)
UNDO_ORDER_CHANGED = define(
    "merge.undo_order_changed",
    409,
    en="An order that came with the merge was moved to another customer or detached since, "
    "so the merge can no longer be undone faithfully.",
    vi="Một đơn hàng được chuyển sang khi gộp đã bị chuyển cho khách khác hoặc gỡ ra, nên "
    "không thể hoàn tác lần gộp này một cách chính xác.",
)
