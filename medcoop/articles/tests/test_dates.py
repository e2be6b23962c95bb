"""Dates as written in Vietnamese and English; a day and month without a year take the article's year."""

from medcoop.articles.numbers import find_date


def test_english_dates_with_and_without_a_year():
    assert find_date("The two sides signed it on March 4, 2021.") == "2021-03-04"
    assert find_date("They met on 9 October 2019 in the capital.") == "2019-10-09"
    assert find_date("The deal was inked on November 3.", 2024) == "2024-11-03"
    assert find_date("The deal was inked on November 3.") is None


def test_vietnamese_day_month_takes_the_given_year():
    assert find_date("Hai bên ký kết vào ngày 12/8 tại Hà Nội.", 2022) == "2022-08-12"
    assert find_date("Hai bên ký kết vào ngày 12/8 tại Hà Nội.") is None


def test_numbers_in_either_usage():
    from medcoop.articles.numbers import find_numbers

    values = [n.value for n in find_numbers("Có 13,5 triệu đồng, 300.000 người; over 100,000 people and 22.5 million")]
    assert values == [13_500_000, 300_000, 100_000, 22_500_000]


def test_day_ranges_within_a_month_and_stated_days():
    from medcoop.articles.numbers import find_day_spans

    assert [d for d, _s, _e in find_day_spans("Đoàn làm việc từ 3–7/5 tại tỉnh.")] == [5]
    assert [d for d, _s, _e in find_day_spans("a 6-day visit")] == [6]


def test_money_symbol_before_the_amount():
    from medcoop.articles.figures import find_figures

    assert find_figures("The fund gave $75,000 to the ward.")[0] == {
        "metric": "funding",
        "value": 75000,
        "currency": "USD",
        "evidence": [{"start": 15, "end": 21}],
    }


def test_the_written_out_vietnamese_date_with_and_without_its_year():
    assert find_date("Sáng thứ Năm ngày 9 tháng 5 năm 2024, hai bên gặp nhau.") == "2024-05-09"
    assert find_date("Hai bên ký vào ngày 21 tháng 11 tại Hà Nội.", 2019) == "2019-11-21"


def test_a_cited_documents_date_is_not_the_events():
    text = "Thực hiện Quyết định số 120/QĐ-UBND ngày 2/3/2021, sáng ngày 15/4/2021 hai bên ký kết."
    assert find_date(text) == "2021-04-15"
    assert find_date("Under Decision No. 45/QD-BYT dated 2/3/2021, the sides met on June 1, 2021.") == "2021-06-01"


def test_day_ranges_with_the_month_written_out():
    from medcoop.articles.numbers import find_day_spans

    assert [d for d, _s, _e in find_day_spans("Đoàn làm việc từ 12 đến 15 tháng 9 tại tỉnh.")] == [4]
    assert [d for d, _s, _e in find_day_spans("The team will operate from October 3-7 in the city.")] == [5]
    assert [d for d, _s, _e in find_day_spans("The course runs 10 to 14 May.")] == [5]


def test_a_dateline_followed_by_the_sites_menu_is_the_page_date():
    from medcoop.articles.cleaning import clean

    article = clean(
        "Hai bệnh viện hợp tác\n date 2024-06-01 Video Báo Ảnh Podcast Emagazine Infographic Multimedia\nNội dung."
    )
    assert article.published_on == "2024-06-01"


def test_a_year_first_date_and_a_weekday_counted_back_from_the_page_date():
    from medcoop.articles.numbers import weekday_date

    assert find_date("The memorandum was signed on 2021/9/14 in the capital.") == "2021-09-14"
    assert weekday_date("The two sides signed it on Tuesday.", "2023-05-11") == "2023-05-09"
    assert weekday_date("Chiều thứ Sáu, hai bên đã ký biên bản.", "2023-05-12") == "2023-05-12"
    assert weekday_date("They met on Tuesday.", "2023-05") is None
    assert weekday_date("Sáng thứ Hai ngày 8/5, hai bên gặp nhau.", "2023-05-11") is None
    assert weekday_date("The deal was signed yesterday in the capital.", "2023-05-11") == "2023-05-10"
    assert weekday_date("Sáng nay, hai bệnh viện đã ký kết.", "2023-05-11") == "2023-05-11"


def test_a_line_that_says_who_stands_where_is_a_photo_caption():
    from medcoop.articles.cleaning import clean

    text = "Hai bệnh viện hợp tác\nÔng A (bên trái) và ông B trao biên bản.\nJohn Smith (left) and Tran Binh shake hands.\nNội dung."
    assert clean(text).text == "Hai bệnh viện hợp tác\nNội dung."


def test_a_day_range_whose_month_follows_a_hyphen():
    from medcoop.articles.numbers import find_day_spans

    assert [d for d, _s, _e in find_day_spans("Đoàn công tác (từ ngày 7 đến 11-10) tại tỉnh.")] == [5]


def test_counts_written_in_words():
    from medcoop.articles.numbers import find_number_words

    text = "Forty-one doctors, eleven nurses, ba mươi lăm học viên, mười bốn chuyên gia và năm 2021"
    assert [int(n.value) for n in find_number_words(text)] == [41, 11, 35, 14]


def test_spans_across_two_months_with_or_without_the_year():
    from medcoop.articles.numbers import find_day_spans

    assert [d for d, _s, _e in find_day_spans("The mission ran from May 29 to June 3.")] == [6]
    assert [d for d, _s, _e in find_day_spans("Held 30 November – 2 December 2022 in the city.")] == [3]
    assert [d for d, _s, _e in find_day_spans("Đoàn làm việc từ ngày 27/2 đến ngày 2/3.")] == [4]
