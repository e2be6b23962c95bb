"""Figures from the language (round H): a team counted as it travels to Vietnam, a count of institutions that a
list of their names follows ("là A, B và C", "namely A, B and C"), fellows counted in words. The sentences are
our own, never an article's."""

from medcoop.articles.figures import find_figures


def figures(text):
    return [(f["metric"], f["value"]) for f in find_figures(text)]


def test_a_team_that_travels_to_vietnam_is_received():
    assert figures("The next year 25 Westland nurses and doctors travelled to Hanoi.") == [("experts_received", 25)]
    assert figures("Năm 2019, 14 bác sĩ đã sang Việt Nam.") == [("experts_received", 14)]


def test_a_team_that_travels_elsewhere_is_not_received():
    assert ("experts_received", 40) not in figures("Last year 40 nurses travelled to Japan for a course.")


def test_a_count_of_institutions_followed_by_their_names_is_a_partner_count():
    text = "Tổ chức X hỗ trợ 3 bệnh viện tuyến tỉnh của Bộ Y tế là Bệnh viện Sông Lam, BV Hồ Tây và BV Núi Xanh."
    assert ("partner_count", 3) in figures(text)
    text = "The fund works with four hospitals, namely Riverside, Lakeside, Hill and Bay."
    assert ("partner_count", 4) in figures(text)


def test_a_count_with_la_and_no_list_is_no_partner_count():
    assert figures("Bệnh viện Sông Lam có 2 viện là đơn vị trực thuộc.") == []


def test_fellows_counted_in_words_are_trained():
    text = "In 2012 the faculty welcomed nine fellows from Laos for a four-week training program."
    assert ("staff_trained", 9) in figures(text)
