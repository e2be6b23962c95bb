"""The figures stage: a conversion in brackets is no second amount, a breakdown under a stated total is no
figure, a team's members are experts sent or received, free surgery for N patients is N procedures, a
mission has one length, English currency names and number words. Sentences are our own."""

from medcoop.articles.figures import find_figures


def figures(text):
    return sorted((f["metric"], f["value"], f.get("currency")) for f in find_figures(text))


def test_a_conversion_in_brackets_is_not_a_second_amount():
    assert figures("Dự án được tài trợ 450.000 USD (khoảng 11 tỷ đồng).") == [("funding", 450000, "USD")]


def test_english_currency_names_and_an_amount_without_currency():
    assert figures("Westland will provide 200 million Japanese yen for the project.") == [("funding", 200000000, "JPY")]
    assert figures("Chi phí xây dựng ước tính khoảng 12 triệu, quy mô 300 giường.") == [("funding", 12000000, None)]


def test_a_breakdown_under_a_total_is_no_figure():
    text = "Đoàn sẽ khám bệnh cho 1.000 người. Ngày đầu khám cho 600 người, ngày sau khám cho 400 người."
    assert figures(text) == [("patients_examined", 1000, None)]


def test_team_members_and_free_surgery():
    assert figures("Đoàn cán bộ y tế gồm 12 thành viên đã sang Lào.") == [("experts_sent", 12, None)]
    assert figures("Chương trình có sự tham gia của 8 bác sĩ phẫu thuật.") == [("experts_received", 8, None)]
    assert figures("Các bác sĩ phẫu thuật miễn phí cho 25 bệnh nhân.") == [("procedures_performed", 25, None)]


def test_one_mission_has_one_length():
    text = "Từ ngày 3/7 đến hết ngày 9/7/2019, đoàn làm việc tại tỉnh. Từ ngày 3/7 đến ngày 4/7/2019 đoàn khám."
    assert figures(text) == [("duration_days", 7, None)]
    assert figures("During its four-day stay, the team trained staff.") == [("duration_days", 4, None)]


def test_an_iso_code_before_the_amount_joined_or_not_and_its_conversion_is_no_second_amount():
    from medcoop.articles.extraction import extract

    found = extract("The grant is worth JPY3 billion (US$28 million) and KOICA adds USD 120,000 for training.")
    assert [(f["value"], f["currency"]) for f in found["figures"]] == [(3_000_000_000, "JPY"), (120_000, "USD")]


def test_shares_that_add_up_to_a_stated_amount_are_not_amounts_of_their_own():
    from medcoop.articles.extraction import extract

    found = extract(
        "The fund gives EUR 5 million, of which EUR 3 million for equipment and EUR 2 million for training."
    )
    assert [f["value"] for f in found["figures"]] == [5_000_000]
    found = extract("The fund gave EUR 9 million in 2020, then EUR 2 million and EUR 3 million for training.")
    assert [f["value"] for f in found["figures"]] == [9_000_000, 2_000_000, 3_000_000]


def test_volunteers_and_experts_who_come_to_work_here_are_received():
    assert figures("Từ năm 2010, bệnh viện đã tiếp nhận 7 tình nguyện viên nước ngoài.") == [
        ("experts_received", 7, None)
    ]
    assert figures("The agency has sent 03 volunteers to work at the hospital.") == [("experts_received", 3, None)]
    assert figures("Tỉnh đã cử 4 chuyên gia sang Lào làm việc.") == []


def test_doctors_counted_as_the_subject_of_the_surgery_they_come_to_do():
    assert figures("Khoảng 15 bác sĩ của tổ chức sẽ tiến hành phẫu thuật tại tỉnh.") == [("experts_received", 15, None)]
    assert figures("Bệnh viện đã đào tạo 15 bác sĩ, các bác sĩ sẽ phẫu thuật tại tỉnh.") == [
        ("staff_trained", 15, None)
    ]


def test_students_received_and_english_procedure_counts():
    assert figures("The faculty received 40 students from a partner college.") == [("students_received", 40, None)]
    assert figures("The centre performs some 2,500 heart surgeries each year.") == [
        ("procedures_performed", 2500, None)
    ]


def test_english_staff_trained_and_sent_to_study_and_a_team_of_professors():
    assert figures("Since 2019, 64 nurses have been trained at the partner hospital.") == [("staff_trained", 64, None)]
    assert figures("The hospital has sent 18 doctors to study in Westland.") == [("staff_sent_abroad", 18, None)]
    assert figures("Đoàn gồm 9 giáo sư và y tá của hai bệnh viện.") == [("experts_received", 9, None)]


def test_a_smaller_count_before_a_larger_one_is_no_breakdown_and_a_course_is_training():
    text = (
        "After the course, 25 trainees of the hospital received certificates. "
        "Since 2018, about 140 staff members of the hospital have taken part in the courses."
    )
    assert figures(text) == [("staff_trained", 25, None), ("staff_trained", 140, None)]


def test_people_counted_in_words_in_either_language():
    assert figures("Twenty-three surgeons and nurses will perform free operations in the province.") == [
        ("experts_received", 23, None)
    ]
    assert figures("Năm 2020, mười hai bác sĩ của bệnh viện được đào tạo tại Westland.") == [
        ("staff_trained", 12, None)
    ]
    assert figures("Hai bệnh viện ký kết; hai bệnh nhân được chuyển viện.") == []
