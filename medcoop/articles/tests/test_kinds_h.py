"""Kinds and fields from the language (round H): the English synonyms of the vocabularies' fields (trauma, triage,
stroke, hospital operation), education given to staff as training, and "là Bệnh viện X" naming a list's members
rather than describing an institution. The sentences are our own, never an article's."""

from medcoop.articles.extraction import extract


def kinds(text):
    return extract(text)["activity_kinds"]


def fields(text):
    return extract(text)["specialties"]


def test_english_synonyms_of_the_fields():
    text = (
        "The visiting team held seminars on spinal trauma, emergency triage and acute stroke care at the "
        "Riverside Hospital."
    )
    assert {"orthopedics", "emergency", "neurology"} <= set(fields(text))


def test_hospital_operation_is_hospital_management():
    text = "The doctors shared their standard operating procedures for hospital operation with the partner hospital."
    assert "hospital_management" in fields(text)


def test_an_education_programme_for_nurses_is_training():
    text = "Each year the Lakeside Nursing Team provides an education program to nurses at the Riverside Hospital."
    assert "training" in kinds(text)


def test_la_before_a_capitalised_name_lists_it_and_describes_nothing():
    text = (
        "Tổ chức Westbrook đã hợp tác đào tạo cán bộ y tế thông qua hai bệnh viện là Bệnh viện Sông Lam và "
        "Bệnh viện Hồ Tây."
    )
    assert "training" in kinds(text)
    text = "Bệnh viện Sông Lam là bệnh viện lớn, có thế mạnh về đào tạo."
    assert "training" not in kinds(text)


def test_a_follow_us_block_ends_the_story():
    from medcoop.articles.cleaning import clean

    text = (
        "Bệnh viện Sông Lam hợp tác với Nhật Bản\n"
        "Bệnh viện Sông Lam đã ký kết hợp tác đào tạo với Bệnh viện Kanto.\n"
        "-----\n"
        "Theo dõi chúng tôi tại:\n"
        "Ứng dụng Tin Nhanh\n"
        "Android:\n"
        "iOS:\n"
        "Zalo:\n"
        "Tiktok: tiktok.com/@tinnhanh"
    )
    assert clean(text).text.splitlines()[-1] == "Bệnh viện Sông Lam đã ký kết hợp tác đào tạo với Bệnh viện Kanto."
    assert "digital_health" not in extract(text)["specialties"]


def test_one_social_label_in_a_sentence_is_no_block():
    from medcoop.articles.cleaning import clean

    text = "Tin hợp tác\nBệnh viện A mở trang Zalo cho bệnh nhân Nhật Bản.\nBệnh viện B sẽ cử 5 bác sĩ sang Lào."
    assert len(clean(text).text.splitlines()) == 3


def test_a_counted_team_that_teaches_is_no_delegation():
    text = (
        "In 2004, 20 Westland nurses travelled to Hanoi. They visited the Riverside Hospital and provided "
        "education to its nurses."
    )
    found = kinds(text)
    assert "expert_exchange" in found and "training" in found and "delegation_visit" not in found


def test_officials_who_visit_and_talk_of_training_are_still_a_delegation():
    text = "The deputy minister visited the Riverside Hospital. Both sides will cooperate in training and experts."
    assert "delegation_visit" in kinds(text)


def test_a_proposal_or_what_could_be_is_no_activity():
    text = (
        "The two sides met at the Riverside Hospital. He proposed that alumni could help with research and "
        "patient care."
    )
    found = kinds(text)
    assert "research" not in found and "patient_care" not in found


def test_as_proposed_tells_what_was_done():
    text = "As proposed by the Westland Embassy, the two sides held a working visit and a training course."
    assert "training" in kinds(text)


def test_a_person_described_as_an_expert_is_a_biography():
    text = "Professor Lee is a global health expert currently serving as head of research at Westbrook University."
    assert kinds(text) == []


def test_fellows_welcomed_for_a_programme_are_training():
    assert "training" in kinds("In 2012 the faculty welcomed nine fellows from Laos for a four-week program.")


def test_support_for_facilities_is_funding():
    text = "Tổ chức Westbrook đã hỗ trợ về cơ sở vật chất cho Bệnh viện Sông Lam."
    assert "funding" in kinds(text)


def test_staff_exchanged_with_words_between_is_an_expert_exchange():
    text = "Westbrook University and the Riverside Hospital began exchanging nursing students and staff in 2010."
    assert "expert_exchange" in kinds(text)
    text = "Hai trường sẽ trao đổi giảng viên, sinh viên và cán bộ."
    assert "expert_exchange" in kinds(text)


def test_students_exchanged_alone_are_no_expert_exchange():
    text = "Westbrook University and the Riverside Hospital began exchanging nursing students in 2010."
    assert "expert_exchange" not in kinds(text)
