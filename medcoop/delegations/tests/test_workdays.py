from datetime import date

from medcoop.delegations.workdays import add_working_days, is_working_day, working_days_between


def test_tet_and_weekends_are_not_working_days():
    assert not is_working_day(date(2026, 2, 17))  # Mùng 1 Tết Bính Ngọ
    assert not is_working_day(date(2026, 2, 16))  # 30 Tết
    assert not is_working_day(date(2026, 2, 21))  # a Saturday
    assert not is_working_day(date(2025, 1, 29))  # Mùng 1 Tết Ất Tỵ
    assert not is_working_day(date(2025, 9, 2))  # Quốc khánh
    assert is_working_day(date(2026, 2, 23))


def test_counting_across_tet_2026_skips_the_whole_holiday():
    # Friday 13/02/2026 + 1 working day: Tết runs Monday 16 to Friday 20, so Monday 23/02.
    assert add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 23)
    # 20 working days before Monday 09/03/2026 reaches back over Tết to Monday 02/02.
    assert add_working_days(date(2026, 3, 9), -20) == date(2026, 2, 2)
    assert working_days_between(date(2026, 2, 2), date(2026, 3, 9)) == 20


def test_counting_across_tet_2025_and_the_hung_kings_day():
    # Friday 24/01/2025 + 5 working days: 27/01–31/01 are Tết, so Friday 07/02.
    assert add_working_days(date(2025, 1, 24), 5) == date(2025, 2, 7)
    # Giỗ Tổ Hùng Vương, Monday 07/04/2025.
    assert add_working_days(date(2025, 4, 4), 1) == date(2025, 4, 8)
    assert add_working_days(date(2025, 4, 4), 0) == date(2025, 4, 4)
