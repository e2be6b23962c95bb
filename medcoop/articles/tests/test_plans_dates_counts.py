"""Rules of the language the figures, dates and agreements stages read, in Vietnamese and English: counts in words
and their limits, day ranges and dates written without a year or a month, signings only wished for or planned,
renewals and their lengths, parties named by a pronoun or as "the ministries of the two countries", and amounts
that are no figure of the cooperation. Sentences and names are our own."""

from medcoop.articles.extraction import extract
from medcoop.articles.figures import find_figures
from medcoop.articles.numbers import day_only_date, find_date, find_day_spans, find_number_words


def figures(text):
    return sorted((f["metric"], f["value"], f.get("currency")) for f in find_figures(text))


def agreements(text):
    return [
        {k: a.get(k) for k in ("parties", "signed_on", "duration_months", "renews")}
        for a in extract(text)["agreements"]
    ]


# --- figures -----------------------------------------------------------------------------------------------
def test_team_members_counted_in_english_words_with_their_qualifiers():
    assert figures("A team of seven dentists from Westmark Clinic examined pupils in the district.") == [
        ("experts_received", 7, None)
    ]
    assert figures("The mission brought twelve Westlandish heart surgeons to the ward.") == [
        ("experts_received", 12, None)
    ]
    assert figures("Dr Marco Rossi and seven of his colleagues arrived on May 2.") == [("experts_received", 8, None)]
    assert figures("Bác sĩ Lâm cùng 7 đồng nghiệp sang Lào khám bệnh.") == [("experts_sent", 8, None)]


def test_vietnamese_tens_and_hundreds_in_words_and_a_dozen():
    assert figures("Các bác sĩ đã khám cho ba trăm người dân trong xã.") == [("patients_examined", 300, None)]
    assert figures("Đoàn gồm hai mươi bác sĩ của Bệnh viện Hải Sơn sang khám bệnh.") == [("experts_sent", 20, None)]
    assert figures("A dozen midwives from the district were trained in neonatal care.") == [("staff_trained", 12, None)]


def test_vague_quantities_are_no_figures():
    assert figures("Hàng trăm bệnh nhân đã được khám miễn phí tại trạm.") == []
    assert figures("Dozens of nurses were trained on the new monitors.") == []
    assert [n.value for n in find_number_words("ba trăm năm mươi người; one hundred and twenty beds")] == []


def test_approximate_and_zero_padded_counts_are_their_number():
    assert figures("Khoảng 27 bác sỹ của Bệnh viện Hải Sơn sẽ phẫu thuật cho trẻ em.") == [
        ("experts_received", 27, None)
    ]
    assert figures("Hiện có 04 chuyên gia KVIA đang làm việc tại bệnh viện.") == [("experts_received", 4, None)]
    assert figures("Since 2010 the clinic has treated more than 100,000 patients from the border area.") == [
        ("patients_treated", 100000, None)
    ]


def test_staff_sent_abroad_to_study_and_people_examined():
    assert figures("Bệnh viện đã cử 6 cán bộ sang Westland học tập về gây mê.") == [("staff_sent_abroad", 6, None)]
    assert figures("Đoàn đã khám bệnh cho hơn 300 bà con vùng biên.") == [("patients_examined", 300, None)]


def test_children_operated_among_those_screened_and_surgical_treatment():
    assert figures("Đoàn khám sàng lọc cho 40 trẻ, trong đó 29 trẻ được phẫu thuật.") == [
        ("patients_examined", 40, None),
        ("procedures_performed", 29, None),
    ]
    assert figures("The visiting team provided surgical treatment for 18 people.") == [
        ("procedures_performed", 18, None)
    ]


def test_a_wish_is_no_figure_but_a_concrete_plan_is():
    assert figures("Giám đốc mong muốn đào tạo 100 bác sĩ trong năm tới.") == []
    assert figures("The director hopes to train 50 nurses next year.") == []
    assert figures("Đoàn sẽ khám bệnh cho 500 người dân tại xã.") == [("patients_examined", 500, None)]


def test_ranges_and_per_person_amounts_are_no_figures():
    assert figures("Mỗi suất học bổng trị giá khoảng 2,1 đến 4 tỉ đồng.") == []
    assert figures("Giá trị mỗi suất học bổng khoảng 900 triệu đồng.") == []
    assert figures("They will send 10 to 15 doctors.") == []


def test_counterpart_funds_a_many_project_total_and_a_repeated_conversion():
    text = (
        "Westland to lend 3.2 mln USD for clinics\n"
        "Westland will lend 300 million yen (about 3.2 million USD) for the clinics. "
        "Vietnam will contribute $0.4 million. To date Westland has lent $90 million for 12 projects."
    )
    assert figures(text) == [("funding", 300000000, "JPY")]
    # the set-aside amounts still tell the kind: money is given
    assert (
        "funding"
        in extract("Giá trị mỗi suất học bổng khoảng 900 triệu đồng do Quỹ Hải Sơn tài trợ.")["activity_kinds"]
    )


# --- dates and day ranges ---------------------------------------------------------------------------------
def test_english_day_ranges():
    assert [d for d, _s, _e in find_day_spans("From March 3 to 7 the team worked in the ward.")] == [5]
    assert [d for d, _s, _e in find_day_spans("The course ran 3–7 March 2025.")] == [5]
    assert [d for d, _s, _e in find_day_spans("between 10 and 14 June")] == [5]
    assert [d for d, _s, _e in find_day_spans("between June 10 and 14, the surgeons operated")] == [5]
    # a start and an end told in two sentences, none between
    text = "From June 4, the team has worked at the ward. The programme will last until June 17."
    assert [d for d, _s, _e in find_day_spans(text)] == [14]
    assert find_day_spans("From June 4, the team worked. On June 9 it moved. It lasts until June 17.") == []


def test_vietnamese_range_with_ngay_on_both_days():
    assert [d for d, _s, _e in find_day_spans("Đoàn làm việc từ ngày 3 đến ngày 7/5.")] == [5]


def test_vietnamese_day_month_opened_by_the_part_of_the_day_and_other_separators():
    assert find_date("Sáng 23/9, hai bên ký kết biên bản.", 2024) == "2024-09-23"
    assert find_date("Chiều 5.6 tại Hà Nội, hai bên ký.", 2024) == "2024-06-05"
    assert find_date("Hai bên ký ngày 23-11-2024 tại Huế.") == "2024-11-23"
    assert find_date("Hai bên ký ngày 23.11.2024 tại Huế.") == "2024-11-23"


def test_a_month_without_its_day():
    assert find_date("They signed the memorandum in November 2024.") == "2024-11"
    assert find_date("They signed the memorandum in November.", 2025) == "2025-11"
    assert find_date("Tháng 10 vừa qua, hai bên ký kết thỏa thuận.", 2025) == "2025-10"
    assert find_date("In early 2023, the two sides signed.") == "2023"


def test_a_day_of_the_month_alone_takes_the_page_month_or_the_one_before():
    assert day_only_date("On the 23rd, the hospital signed the deal.", "2024-09-25") == "2024-09-23"
    assert day_only_date("Ngày 28, bệnh viện ký thỏa thuận.", "2024-09-25") == "2024-08-28"
    assert find_date("They met on the 23rd of March 2022.") == "2022-03-23"


def test_a_signing_whose_subject_points_back_takes_the_day_of_the_sentence_before():
    text = (
        "Tin hợp tác\nNgày 10/6/2024\n"
        "Bệnh viện Hải Sơn đón đoàn Bệnh viện Đại học Westmark (Hoa Kỳ) ngày 5/6. "
        "Hai bên đã ký biên bản ghi nhớ hợp tác."
    )
    [found] = agreements(text)
    assert found["signed_on"] == "2024-06-05"


# --- agreements --------------------------------------------------------------------------------------------
def test_a_signing_wished_for_or_planned_is_no_agreement():
    assert agreements("Tin\nBệnh viện Hải Sơn mong muốn ký biên bản ghi nhớ với Bệnh viện Westmark (Hoa Kỳ).") == []
    assert agreements("Tin\nHai bên sẽ tiến hành kí kết biên bản ghi nhớ trong thời gian sớm nhất.") == []
    assert (
        agreements("News\nPinecrest Hospital hopes to sign an agreement with Westmark Hospital (USA) next year.") == []
    )
    assert agreements("News\nPinecrest Hospital and Westmark Hospital (USA) are expected to sign an MOU.") == []


def test_a_planned_clause_after_a_real_signing_adds_no_party():
    text = (
        "News\nPinecrest Hospital and Westmark Hospital (USA) signed a three-year agreement on 5 June 2024, "
        "and the hospital will sign another with Lakeside University Hospital (Canada) next month."
    )
    [found] = agreements(text)
    assert found["parties"] == ["Pinecrest Hospital", "Westmark Hospital"]
    assert (found["signed_on"], found["duration_months"]) == ("2024-06-05", 36)


def test_ki_is_a_spelling_of_ky():
    text = "Tin\nNăm 2024, Bệnh viện Hải Sơn và Bệnh viện Westmark (Hoa Kỳ) đã kí kết biên bản ghi nhớ."
    [found] = agreements(text)
    assert found["signed_on"] == "2024"


def test_a_renewal_in_the_signing_sentence_is_its_own_agreement():
    text = (
        "News\nPinecrest Hospital and Westmark Hospital (USA) signed the agreement in 2019 and renewed it "
        "in 2024 for five more years."
    )
    first, renewal = agreements(text)
    assert (first["signed_on"], renewal["signed_on"], renewal["duration_months"]) == ("2019", "2024", 60)
    assert renewal["renews"] == 0 and set(renewal["parties"]) == set(first["parties"])


def test_durations_for_a_period_and_running_until_a_year():
    assert duration("for a period of five years") == 60
    assert duration("trong thời gian 3 năm") == 36
    text = "News\nPinecrest Hospital and Westmark Hospital (USA) signed an MOU on 5 June 2024. The MOU runs until 2029."
    [found] = agreements(text)
    assert found["duration_months"] == 60


def duration(text):
    from medcoop.articles.agreements import duration_months

    return duration_months(text)


def test_a_lower_case_bare_head_signs_for_the_home_institution_with_each_partner():
    text = (
        "Tin\nNgày 10/6/2024\nBệnh viện Hải Sơn là bệnh viện lớn. Ngày 5/6, bệnh viện đã ký 2 biên bản ghi nhớ "
        "với Bệnh viện Westmark và Bệnh viện Lakeside (Hoa Kỳ)."
    )
    found = agreements(text)
    assert len(found) == 2
    assert {frozenset(a["parties"]) for a in found} == {
        frozenset({"Bệnh viện Lakeside", "Bệnh viện Hải Sơn"}),
        frozenset({"Bệnh viện Westmark", "Bệnh viện Hải Sơn"}),
    }


def test_the_ministries_of_the_two_countries_are_one_of_each():
    text = (
        "Tin\nBệnh viện Hải Sơn điều trị cho 50 quân nhân của Lào theo nghị định thư được ký kết giữa "
        "Bộ Quốc phòng hai nước."
    )
    [found] = agreements(text)
    assert found["parties"] == ["Bộ Quốc phòng Việt Nam", "Bộ Quốc phòng Lào"]


# --- amounts, counts and parties of the second round ------------------------------------------------------
def test_amounts_per_case_or_per_child_are_no_figures():
    assert figures("Chi phí cho mỗi ca phẫu thuật trị giá khoảng 4 triệu đồng.") == []
    assert figures("Sau phẫu thuật, mỗi em còn được tặng 200.000 đồng.") == []
    assert figures("Đoàn đã khám bệnh cho 500 đồng bào dân tộc.") == [("patients_examined", 500, None)]  # no dong
    # a cost per case is set aside as no money given; a scholarship's value is set aside as money given
    aside: list = []
    find_figures("Chi phí cho mỗi ca phẫu thuật trị giá khoảng 4 triệu đồng.", aside)
    assert aside == []
    find_figures("Giá trị mỗi suất học bổng khoảng 900 triệu đồng.", aside)
    assert [(f["value"], f["currency"]) for f in aside] == [(900000000, "VND")]


def test_one_smaller_count_after_a_larger_one_is_another_events():
    text = (
        "Các bác sĩ phẫu thuật miễn phí cho hơn 150 trẻ em tại Hải Sơn.\n"
        "Tại Lâm Viên, đoàn đã phẫu thuật miễn phí cho 90 trẻ em."
    )
    assert figures(text) == [("procedures_performed", 90, None), ("procedures_performed", 150, None)]


def test_operations_counted_by_who_had_them_and_english_examinations():
    assert figures("After the screening, 70 children will be given free operations.") == [
        ("procedures_performed", 70, None)
    ]
    assert figures("As many as 61 patients got free surgical operations at the hospital.") == [
        ("procedures_performed", 61, None)
    ]
    assert figures("The team came to exam 150 children with cleft lips.") == [("patients_examined", 150, None)]
    assert figures("They performed 18 surgeries and provided examinations for some 80 children.") == [
        ("patients_examined", 80, None),
        ("procedures_performed", 18, None),
    ]
    assert figures("The team performed surgeries for about 2,500 people in the province.") == [
        ("procedures_performed", 2500, None)
    ]


def test_students_placed_at_the_partner_and_cases_treated():
    assert figures("Hiện có 27 sinh viên điều dưỡng đang học tập, làm việc tại Westland.") == [
        ("students_received", 27, None)
    ]
    assert figures("Hơn 80 sinh viên sẽ sang Westland trong năm tới.") == []
    assert figures("The link helped doctors treat over 20 difficult cases.") == [("patients_treated", 20, None)]


def test_a_dotted_span_a_period_and_a_year_after_tu():
    assert [d for d, _s, _e in find_day_spans("Từ ngày 8.11 đến 14.11, đoàn phẫu thuật tại tỉnh.")] == [7]
    assert find_date("Chương trình được ký kết và triển khai từ 2019.") == "2019"
    assert find_date("hiệp định khung giai đoạn từ 2012 đến 2015") is None
    assert find_date("Hai bên rà soát hiệp định đã ký từtháng 2/1993.") == "1993-02"


def test_a_founding_year_gives_no_day_month_its_year_and_a_vague_plural_no_agreement():
    text = (
        "News\nWestmark Group and Pinecrest Hospital (Westland) signed an MOU in Tokyo on June 5.\n"
        "Established in 1981, Westmark Group is a consulting firm.\n"
        "The two countries' health sectors have signed a number of agreements since 2012."
    )
    [found] = agreements(text)
    assert found["signed_on"] is None


def test_an_agreement_between_two_countries_is_their_ministries():
    text = (
        "Tin\nBộ Y tế tiếp Bộ trưởng Y tế Westland. Hai bên rà soát Hiệp định hợp tác y tế giữa Việt Nam và Pháp "
        "đã ký từ tháng 2/1993."
    )
    [found] = agreements(text)
    assert (found["parties"], found["signed_on"]) == (["Bộ Y tế", "Bộ Y tế Pháp"], "1993-02")


def test_a_parent_in_brackets_and_a_state_form_abbreviation_are_no_parties():
    text = (
        "Tin\nSáng 24/9/2024, Bệnh viện 30 (Bộ Quốc phòng) và Bệnh viện Westmark (Hoa Kỳ) đã ký kết biên bản ghi nhớ."
    )
    [found] = agreements(text)
    assert found["parties"] == ["Bệnh viện 30", "Bệnh viện Westmark"]
    text = "Tin\nSáng 24/9/2024, đoàn thành phố Lindau (CHLB Đức) và Bệnh viện 30 đã ký kết hợp tác."
    assert all("CHLB" not in a["parties"] for a in agreements(text))
