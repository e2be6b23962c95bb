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
