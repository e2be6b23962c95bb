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


def test_what_an_institution_is_or_is_strong_in_is_no_field_of_the_cooperation():
    assert find_codes("specialties", "Bệnh viện Westmark có thế mạnh về ung thư.") == []
    assert find_codes("specialties", "Lakeside Aid is a charity for heart care.") == []
    assert find_codes("specialties", "Hai bên tổ chức hội thảo về ung thư.") == ["oncology"]


def test_doctors_and_nurses_name_who_takes_part_not_the_nursing_field():
    assert find_codes("specialties", "The team trained doctors and nurses in cardiology.") == ["cardiology"]
    assert find_codes("specialties", "The course covered nursing and cardiology.") == ["nursing", "cardiology"]


def test_english_and_vietnamese_synonyms_of_the_vocabularies():
    text = "The team offered free cataract operations to 40 patients."
    assert {"humanitarian", "joint_clinical_work"} <= set(find_codes("activity_kinds", text))
    assert find_codes("specialties", text) == ["ophthalmology"]
    assert find_codes("specialties", "Đoàn sẽ mổ tim cho trẻ em.") == ["cardiothoracic_surgery", "pediatrics"]


def test_a_visiting_team_that_operates_is_an_expert_exchange_not_a_delegation_visit():
    kinds = extract("During the visit, surgeons from Westmark Hospital performed free surgery for 20 children.")[
        "activity_kinds"
    ]
    assert "expert_exchange" in kinds and "delegation_visit" not in kinds
    kinds = extract("A delegation of the Westmark Ministry visited the hospital and performed free surgery.")[
        "activity_kinds"
    ]
    assert "delegation_visit" in kinds


def test_care_for_the_people_of_a_partner_country_written_without_cho():
    assert "patient_care" in extract("Các bác sĩ khám và chữa bệnh người dân Campuchia tại huyện.")["activity_kinds"]


def test_a_keyword_written_with_accents_matches_only_its_own_accents():
    from medcoop.articles.kinds import find_codes

    assert "traditional_medicine" not in find_codes("specialties", "Hai bên đồng ý ký kết hợp tác đào tạo.")
    assert "traditional_medicine" in find_codes("specialties", "Hai bên ký kết hợp tác về Đông y.")


def test_a_corporations_name_is_no_team():
    kinds = extract("Tập đoàn Y tế Hoshino trao học bổng cho sinh viên điều dưỡng.")["activity_kinds"]
    assert "expert_exchange" not in kinds
    assert "expert_exchange" in extract("Đoàn y tế của Bệnh viện Hải Sơn đã khám cho người dân.")["activity_kinds"]


def test_care_for_patients_named_by_a_partners_nationality_is_patient_care():
    assert "patient_care" in extract("The hospital gave free care to 300 poor Cambodian patients.")["activity_kinds"]
    assert "patient_care" in extract("They will build a clinic for Japanese citizens in Hanoi.")["activity_kinds"]
    assert "patient_care" not in extract("Japanese citizens attended the concert.")["activity_kinds"]


def test_a_technology_or_a_system_transferred_and_a_seminar_held():
    kinds = extract("The two sides will focus on transferring new surgical technology.")["activity_kinds"]
    assert "technology_transfer" in kinds
    kinds = extract("Hospital 131 transferred the telemedicine system and held three seminars.")["activity_kinds"]
    assert {"technology_transfer", "conference"} <= set(kinds)
    assert "technology_transfer" not in extract("The patient was transferred to Lake Hospital.")["activity_kinds"]


def test_womens_and_reproductive_health_are_maternal_health():
    assert "maternal_health" in extract("Lake Hospital donated beds for women and children.")["specialties"]
    assert "maternal_health" in extract("Hai bên hợp tác đào tạo về sức khỏe sinh sản.")["specialties"]
    assert "maternal_health" not in extract("Hai bên hợp tác đào tạo về tim mạch.")["specialties"]


def test_trainees_or_students_exchanged_are_a_student_exchange():
    kinds = extract("The two sides will cooperate in exchanging lecturers and trainees.")["activity_kinds"]
    assert "student_exchange" in kinds
    assert "student_exchange" not in extract("The two sides will exchange experience.")["activity_kinds"]
