"""Error codes of the reports."""

from patronage.core.errors import define

RANGE_INVALID = define(
    "report.range_invalid",
    422,
    en="`from` must be on or before `to`.",
    vi="Ngày `from` phải trước hoặc bằng ngày `to`.",
)
RANGE_TOO_LONG = define(
    "report.range_too_long",
    422,
    en="A report covers at most {max_days} days.",
    vi="Một báo cáo bao gồm tối đa {max_days} ngày.",
)
DATE_OUT_OF_RANGE = define(
    "report.date_out_of_range",
    422,
    en="Report dates must fall between {earliest} and {latest}.",
    vi="Ngày của báo cáo phải nằm trong khoảng {earliest} đến {latest}.",
)
