"""Figures from the language (held-out set G): partners counted as a total, a number inside a quoted name, money
for a body outside health care, staff a partner assigns to work. Sentences are our own, never an article's."""

from medcoop.articles.figures import find_figures


def values(text):
    return [(f["metric"], f["value"]) for f in find_figures(text)]


def test_partners_counted_as_a_total():
    assert values("Over the years the clinic has cooperated with nine partners such as A and B.") == [
        ("partner_count", 9)
    ]
    assert values("Dự án đã hỗ trợ 6 trường đại học gồm: Đại học A, Đại học B.") == [("partner_count", 6)]
    assert values("Theo biên bản, 2 trường ĐH của Việt Nam sẽ hợp tác với Trường Y Westbrook.") == [
        ("partner_count", 2)
    ]
    assert values("Bệnh viện có 3 khoa mới.") == []


def test_a_number_inside_a_quoted_name_is_no_figure():
    assert values("The staff launched the “2 Dollars for Friends” programme to buy masks.") == []


def test_money_for_a_body_outside_health_care_is_no_figure():
    assert values("The agency also gave a kindergarten toys worth $12,000.") == []
    assert values("The agency gave the clinic two machines worth $60,000.") == [("funding", 60000)]


def test_staff_a_partner_assigns_to_work_are_experts_received():
    assert values("The agency will assign four nurses to work at the hospital.") == [("experts_received", 4)]
