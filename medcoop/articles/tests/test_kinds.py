"""The kinds stage: a phrase counts in a sentence that reports an event, not in a biography; a team of
doctors is an expert exchange; `agreement` comes only from a signing. Sentences are our own."""

from medcoop.articles.extraction import extract
from medcoop.articles.kinds import find_codes


def test_a_biography_gives_no_activity():
    assert find_codes("activity_kinds", "Ông tốt nghiệp đào tạo tại Westmark năm 1990.") == []
    assert find_codes("activity_kinds", "Bệnh viện tổ chức đào tạo cho 20 điều dưỡng.") == ["training"]


def test_a_phrase_without_an_event_word_gives_nothing():
    assert find_codes("activity_kinds", "Phòng hội thảo ở tầng 3.") == []
    assert find_codes("activity_kinds", "Bệnh viện tổ chức hội thảo.") == ["conference"]


def test_a_team_of_doctors_is_an_expert_exchange_and_only_a_signing_is_an_agreement():
    kinds = extract(
        "Đoàn bác sĩ tình nguyện của Đại học Westmark sẽ sang khám bệnh. Hai bên mong muốn có biên bản ghi nhớ."
    )["activity_kinds"]
    assert "expert_exchange" in kinds
    assert "agreement" not in kinds


def test_care_for_the_people_of_a_partner_country_or_a_referral_abroad_is_patient_care():
    assert "patient_care" in extract("Đoàn đã khám bệnh cho 500 người dân tỉnh Sekora, Campuchia.")["activity_kinds"]
    assert "patient_care" in extract("Một bệnh nhi được đưa sang Nhật Bản để phẫu thuật tim.")["activity_kinds"]
    assert "patient_care" not in extract("Bệnh viện tổ chức khám bệnh cho 500 người dân trong tỉnh.")["activity_kinds"]


def test_an_amount_given_is_funding():
    assert "funding" in extract("Westland will provide 200 million Japanese yen for the project.")["activity_kinds"]


def test_overlapping_phrases_each_count_and_cleft_reshaping_is_no_orthopaedics():
    codes = extract("Hai bên hợp tác về sức khỏe bà mẹ trẻ em.")["specialties"]
    assert {"maternal_health", "pediatrics"} <= set(codes)
    codes = extract("Đoàn sẽ phẫu thuật chỉnh hình sứt môi, hở hàm ếch cho trẻ em.")["specialties"]
    assert "maxillofacial" in codes and "orthopedics" not in codes


def test_sentences_end_at_punctuation_and_line_breaks():
    from medcoop.articles.sentences import sentences

    assert sentences("Một. Hai; ba\nBốn") == [(0, "Một."), (4, " Hai;"), (9, " ba"), (13, "Bốn")]


def test_english_ing_forms_report_an_event_and_human_resource_development_is_training():
    text = (
        "The two universities will work on developing human resources; exchanging students; "
        "and building joint research programmes."
    )
    assert find_codes("activity_kinds", text) == ["training", "student_exchange", "research"]
