"""Kinds and figures from the vocabularies' meanings (held-out sets D and E): a foreign team counted by its
nationality, the cases or the people of a partner counted or cared for in the passive, a partner's referred
patients, remote diagnosis in more words. Sentences are our own, never an article's."""

from medcoop.articles.extraction import extract
from medcoop.articles.figures import find_figures
from medcoop.articles.kinds import find_codes


def metrics(text):
    return {(f["metric"], f["value"]) for f in find_figures(text)}


def test_health_workers_counted_by_a_foreign_nationality_are_experts_received_or_sent():
    assert ("experts_received", 3) in metrics("The camp is run by two Vietnamese and three German surgeons in Huế.")
    assert not {m for m, _v in metrics("Five Vietnamese doctors joined the clinic.")} & {"experts_received"}
    assert not metrics("The Westmark doctors will visit the ward.")


def test_a_counted_foreign_team_is_an_expert_exchange():
    kinds = extract("Bệnh viện Tỉnh Sekora\nThe clinic is run by three German surgeons at Sekora Provincial Hospital.")[
        "activity_kinds"
    ]
    assert "expert_exchange" in kinds


def test_cases_counted_by_who_had_them_in_the_passive_are_procedures():
    assert ("procedures_performed", 9) in metrics("Đến nay đã có 9 trường hợp người bệnh của tỉnh bạn được ghép gan.")
    assert not {m for m, _v in metrics("Cả 9 trường hợp hiện có sức khỏe ổn định.")} & {"procedures_performed"}


def test_english_surgery_for_children_described_by_many_words_is_procedures():
    assert ("procedures_performed", 45) in metrics(
        "The team will perform free surgery for 45 poor burn and hand patients."
    )
    assert ("patients_examined", 45) not in metrics(
        "The team will perform free surgery for 45 poor burn and hand patients."
    )


def test_the_people_of_a_partner_cared_for_in_the_passive_or_referred_patients_are_patient_care():
    assert "patient_care" in extract("Đã có 12 công dân Campuchia được phẫu thuật mắt miễn phí.")["activity_kinds"]
    assert (
        "patient_care"
        in extract("The hospital will keep receiving patients referred by its Lao partner.")["activity_kinds"]
    )
    assert "patient_care" not in extract("Đã có 12 người dân trong tỉnh được phẫu thuật mắt.")["activity_kinds"]


def test_remote_diagnosis_in_more_words_is_teleconsultation():
    text = "Radiologists in Osaka will read the scans through a remote medical diagnostic link."
    assert "teleconsultation" in extract(text)["activity_kinds"]
    assert "teleconsultation" not in extract("Radiologists in Osaka will read the scans on site.")["activity_kinds"]


def test_a_persons_own_experience_is_a_biography():
    text = "Giáo sư Lâm kể về hơn 30 năm kinh nghiệm với các nghiên cứu và phẫu thuật tạo hình."
    assert find_codes("activity_kinds", text) == []
    assert find_codes("activity_kinds", "With 25 years of experience, she has trained many surgeons.") == []
    assert "research" in find_codes("activity_kinds", "Hai bên sẽ phối hợp nghiên cứu về bệnh tim bẩm sinh.")


def test_a_review_meeting_is_no_conference_and_a_bare_meeting_after_it_is_that_meeting():
    text = "Hôm nay, hai bên tổ chức hội nghị tổng kết dự án. Phát biểu tại hội nghị, ông Minh cảm ơn bạn."
    assert "conference" not in find_codes("activity_kinds", text)
    text += " Năm tới, hai bên sẽ tổ chức hội nghị khoa học về ghép gan."
    assert "conference" in find_codes("activity_kinds", text)
    assert "conference" in find_codes("activity_kinds", "Bệnh viện tổ chức hội nghị về ung thư vú.")


def test_experts_who_come_only_to_a_working_session_are_a_delegation_visit():
    talk = extract("Bệnh viện Tỉnh Sekora tiếp đón đoàn chuyên gia Nhật Bản. Buổi làm việc bàn về đào tạo.")
    assert "expert_exchange" not in talk["activity_kinds"]
    assert "delegation_visit" in talk["activity_kinds"]
    work = extract(
        "Bệnh viện Tỉnh Sekora tiếp đón đoàn chuyên gia Nhật Bản. Buổi làm việc xong, đoàn phẫu thuật cho 9 trẻ."
    )
    assert "expert_exchange" in work["activity_kinds"]


def test_care_for_vietnamese_living_in_a_partner_country_or_for_foreign_expats_is_patient_care():
    assert (
        "patient_care"
        in extract("Bệnh viện sẽ chăm sóc sức khỏe cho 20.000 người Việt Nam tại Ba Lan.")["activity_kinds"]
    )
    assert "patient_care" in extract("The clinic offers check-ups to Korean expats in Đà Nẵng.")["activity_kinds"]
    assert (
        "patient_care" not in extract("Bệnh viện sẽ chăm sóc sức khỏe cho người Việt Nam trong tỉnh.")["activity_kinds"]
    )


def test_free_of_something_is_without_it_not_free_of_charge():
    assert "humanitarian" not in find_codes("activity_kinds", "The new clinic will help people stay free of diabetes.")
    assert "humanitarian" in find_codes("activity_kinds", "The team will operate free of charge on 20 children.")


def test_foreign_health_workers_who_work_beside_the_hospitals_own_are_an_expert_exchange():
    text = "Bệnh viện Tỉnh Sekora\nGerman pathologists will work with doctors at Sekora Provincial Hospital."
    assert "expert_exchange" in extract(text)["activity_kinds"]
    text = "Bệnh viện Tỉnh Sekora\nVietnamese pathologists will work with doctors at Sekora Provincial Hospital."
    assert "expert_exchange" not in extract(text)["activity_kinds"]
