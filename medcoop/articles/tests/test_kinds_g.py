"""Kinds and fields from the language (held-out set G): a headline's verb "eyes", alumni, the English for
fighting an epidemic, a New Year's visit, professional exchanges and internships. Sentences are our own."""

from medcoop.articles.kinds import find_codes


def test_a_headlines_verb_eyes_is_no_ophthalmology():
    assert "ophthalmology" not in find_codes("specialties", "Danang eyes closer ties with Kestrel city.")
    assert "ophthalmology" in find_codes("specialties", "The team examined the eyes of 200 children.")


def test_alumni_are_no_students_placed_with_a_partner():
    text = "Tham dự buổi làm việc có các cựu sinh viên của Đại học Kestrel."
    assert "student_exchange" not in find_codes("activity_kinds", text)
    assert "student_exchange" in find_codes("activity_kinds", "Bệnh viện tiếp nhận 20 sinh viên của Đại học Kestrel.")


def test_the_fight_against_covid_is_infectious_disease():
    text = "The hospital sent masks to help its partner in the fight against COVID-19."
    assert "infectious_disease" in find_codes("specialties", text)
    assert "infectious_disease" not in find_codes("specialties", "The meeting was held after the COVID-19 pandemic.")


def test_a_new_years_visit_is_a_delegation_visit():
    text = "Lãnh đạo Sở Y tế tỉnh Kestrel (Lào) đến chúc tết Sở Y tế tỉnh Sông Lam."
    assert "delegation_visit" in find_codes("activity_kinds", text)


def test_professional_exchanges_and_internships():
    text = "The two hospitals will cooperate through internship programs and professional exchanges."
    assert {"student_exchange", "expert_exchange"} <= set(find_codes("activity_kinds", text))
