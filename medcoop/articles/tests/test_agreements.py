"""The agreements stage: every party (officials for their institutions, the home institution for a bare head),
the date (a day-month takes the page year, a signing without a day the full date just before it), the
stated length, a second agreement kept apart, a renewal pointing at the first. Sentences are our own."""

from medcoop.articles.agreements import duration_months
from medcoop.articles.extraction import extract


def agreements(text):
    return [
        {k: a.get(k) for k in ("parties", "signed_on", "duration_months", "renews")}
        for a in extract(text)["agreements"]
    ]


def test_bare_head_signs_for_the_home_institution():
    text = (
        "Bệnh viện Đa khoa tỉnh Hải Sơn tiếp đoàn. Bệnh viện Đa khoa tỉnh Hải Sơn có 500 giường.\n"
        "Tháng 10/2019, Bệnh viện ký biên bản ghi nhớ hợp tác với Đại học Westmark."
    )
    [found] = agreements(text)
    assert set(found["parties"]) == {"Bệnh viện Đa khoa tỉnh Hải Sơn", "Đại học Westmark"}
    assert found["signed_on"] == "2019-10"


def test_ministers_and_envoys_sign_for_their_ministry_and_government():
    text = (
        "The Ministry of Health of Vietnam welcomed the Westland Government.\n"
        "Minister of Health Tran Binh and Westlandish Ambassador Karl Smith signed a memorandum on March 3, 2021."
    )
    [found] = agreements(text)
    assert found["signed_on"] == "2021-03-03"
    assert "Ministry of Health" in found["parties"]


def test_acronym_party_and_programme_length():
    text = "Lễ ký kết Biên bản ghi nhớ giữa Bộ Y tế và WHUA.\nChương trình hợp tác sẽ kéo dài trong 5 năm."
    [found] = agreements(text)
    assert found["parties"] == ["Bộ Y tế", "WHUA"]
    assert found["duration_months"] == 60


def test_signing_takes_the_date_of_the_sentence_before():
    text = (
        "Ngày 3/4/2022, tại Bệnh viện Nhân dân Hải Sơn, hai bên gặp mặt.\n"
        "Bệnh viện Nhân dân Hải Sơn và Bệnh viện Đa khoa Westmark ký kết biên bản ghi nhớ hợp tác."
    )
    [found] = agreements(text)
    assert found["signed_on"] == "2022-04-03"


def test_a_renewal_is_its_own_agreement_pointing_at_the_first():
    text = (
        "Năm 2015, Bệnh viện Nhân dân Hải Sơn ký thỏa thuận hợp tác với Đại học Westmark.\n"
        "Năm 2020, Bệnh viện Nhân dân Hải Sơn và Đại học Westmark ký gia hạn thỏa thuận thêm 3 năm."
    )
    first, renewal = agreements(text)
    assert first["signed_on"] == "2015" and renewal["signed_on"] == "2020"
    assert renewal["renews"] == 0 and renewal["duration_months"] == 36


def test_durations_in_either_language():
    assert duration_months("a 5-year project") == 60
    assert duration_months("the contract will cover a three year period") == 36
    assert duration_months("có thời hạn 18 tháng") == 18
    assert duration_months("ký ngày 3/4") is None


def test_a_minister_named_without_the_ministry_signs_for_the_same_ministry_of_our_side():
    text = (
        "Bộ trưởng Bộ Y tế Liên bang Nga Karl Brenner thăm Việt Nam.\n"
        "Tháng 5/2024, Bộ trưởng Trần Thị Lan và Bộ trưởng Karl Brenner ký Bản ghi nhớ hợp tác."
    )
    [found] = agreements(text)
    assert found["signed_on"] == "2024-05"
    assert "Bộ Y tế" in found["parties"]


def test_the_two_sides_signing_again_is_the_same_agreement():
    text = (
        "Bệnh viện Nhân dân Hải Sơn và Bệnh viện Đa khoa Westmark ký kết biên bản ghi nhớ hợp tác.\n"
        "Tại buổi làm việc, hai bệnh viện đã ký kết các nội dung hợp tác giữa tỉnh Hải Sơn và Sở Y tế Westmark."
    )
    assert len(agreements(text)) == 1


def test_a_renewal_with_no_signing_verb_told_three_times_is_one_agreement_dated_where_stated():
    text = (
        "Westmark University Hospital and Hai Son General Hospital renew their memorandum\n"
        "On October 5, the Hai Son General Hospital delegation travelled to renew the memorandum of understanding"
        " with Westmark University Hospital.\n"
        "Under the renewed memorandum, both hospitals will exchange nurses."
    )
    [found] = agreements(extract_dated(text, "2023-10-12"))
    assert found["signed_on"] == "2023-10-05"


def test_the_parties_are_the_names_after_between_not_the_body_that_approved():
    text = (
        "Được sự đồng ý của Bộ Y tế, ngày 9 tháng 5 năm 2024 đã diễn ra lễ ký Bản ghi nhớ giữa Viện Dinh dưỡng"
        " Hải Sơn với Viện nghiên cứu dinh dưỡng cộng đồng thuộc Đại học Quốc gia Westmark."
    )
    [found] = agreements(text)
    assert found["parties"] == ["Viện Dinh dưỡng Hải Sơn", "Viện nghiên cứu dinh dưỡng cộng đồng"]
    assert found["signed_on"] == "2024-05-09"


def test_people_between_leave_the_parties_to_the_organisations_found():
    text = (
        "The Ministry of Health signed the loan agreement with the Westland Fund.\n"
        "The deal was signed between Minister Tran Binh and Fund President Karl Smith."
    )
    [found] = agreements(text)
    assert set(found["parties"]) == {"Ministry of Health", "Westland Fund"}


def test_a_counted_signing_gives_as_many_agreements():
    text = (
        "Westmark delegation in Hai Son\n"
        "On 4 March 2021, the Hai Son General Hospital received a delegation of Westmark University Hospital.\n"
        "On this occasion, the two hospitals signed three cooperation agreements."
    )
    found = agreements(extract_dated(text, "2021-03-05"))
    assert len(found) == 3
    assert {a["signed_on"] for a in found} == {"2021-03-04"}


def test_plural_memorandums_with_one_partner_are_one_for_each_other_party():
    text = (
        "Hai Son General Hospital, Bac Ha Hospital and Dong Son Hospital signed memorandums of understanding"
        " with Westmark University Hospital of the Republic of Westland on June 2, 2019."
    )
    found = agreements(text)
    assert len(found) == 3
    assert all("Westmark University Hospital" in a["parties"] and len(a["parties"]) == 2 for a in found)


def test_an_anaphoric_signing_takes_the_day_of_the_meeting_told_before():
    text = (
        "Hải Sơn tiếp đoàn Westmark\n"
        "Ngày 14/8, Ủy ban nhân dân tỉnh Hải Sơn tiếp đoàn Bệnh viện Đại học Westmark.\n"
        "Nhân dịp này, Bệnh viện Đa khoa tỉnh Hải Sơn và Bệnh viện Đại học Westmark ký biên bản ghi nhớ hợp tác."
    )
    [found] = agreements(extract_dated(text, "2022-08-15"))
    assert found["signed_on"] == "2022-08-14"


def test_the_page_date_is_no_signing_date_and_a_stated_day_wins():
    text = (
        "Bệnh viện Hải Sơn ký kết hợp tác với Tập đoàn Y tế Westmark\n"
        "Ngày 2-4, tại Westmark, Bệnh viện Hải Sơn đã ký thỏa thuận hợp tác với Tập đoàn Y tế Westmark."
    )
    [found] = agreements(extract_dated(text, "2025-04-03"))
    assert found["signed_on"] == "2025-04-02"


def extract_dated(text, page_date):
    """The text under a headline and a page's dateline line as news sites print it (menu words after it)."""
    first, _, rest = text.partition("\n")
    return f"{first}\n date {page_date} Video Podcast Emagazine Infographic Photo Story\n{rest}"


def test_a_validity_given_by_its_years():
    assert duration_months("Hai bên ký thỏa thuận hợp tác giai đoạn 2024 – 2029.") == 60
    assert duration_months("The memorandum is valid until 2027.", 2024) == 36
    assert duration_months("Chương trình phát triển giai đoạn 2021-2025 của tỉnh.") is None


def test_a_day_month_never_takes_the_year_of_another_signing():
    text = (
        "The two ministries signed a first memorandum in 2016 during a state visit.\n"
        "The Ministry of Health and the Westland University signed a new memorandum on April 9."
    )
    found = agreements(text)
    assert [a["signed_on"] for a in found] == ["2016", None]


def test_an_exchange_of_notes_is_an_agreement():
    text = "The Westland Ambassador and the Ministry of Health signed the exchange of notes on May 3, 2022."
    [found] = agreements(text)
    assert found["signed_on"] == "2022-05-03"


def test_plural_documents_with_two_partners_are_one_for_each():
    text = (
        "Ngày 5/6/2023, Bệnh viện Đa khoa Hải Sơn ký kết các biên bản ghi nhớ hợp tác với Bệnh viện Westmark"
        " và Đại học Eastfield."
    )
    found = agreements(text)
    assert sorted(sorted(a["parties"]) for a in found) == [
        ["Bệnh viện Westmark", "Bệnh viện Đa khoa Hải Sơn"],
        ["Bệnh viện Đa khoa Hải Sơn", "Đại học Eastfield"],
    ]


def test_a_renewal_told_with_a_pronoun_has_its_own_date_and_length_and_the_first_keeps_none():
    text = (
        "The Hai Son General Hospital and Westmark University Hospital first signed an MOU in 2017.\n"
        "They renewed it on March 3, 2022 for five years."
    )
    first, renewal = agreements(text)
    assert (first["signed_on"], first["duration_months"]) == ("2017", None)
    assert (renewal["signed_on"], renewal["duration_months"], renewal["renews"]) == ("2022-03-03", 60, 0)
    text = (
        "Năm 2018, Bệnh viện Đa khoa Hải Sơn ký biên bản ghi nhớ với Bệnh viện Westmark.\n"
        "Năm 2023, hai bệnh viện tái ký biên bản ghi nhớ, có hiệu lực 3 năm."
    )
    first, renewal = agreements(text)
    assert (first["duration_months"], renewal["duration_months"], renewal["renews"]) == (None, 36, 0)


def test_the_agreement_told_again_by_its_signatories_is_the_same_one():
    text = (
        "Westland news\n"
        " date 2023-05-11 Westland news\n"
        "Hai Son General Hospital and Westmark University Hospital signed a memorandum of understanding on Tuesday.\n"
        "The agreement, signed by director Tran Binh and president Karl Smith, covers nurse training."
    )
    [found] = agreements(text)
    assert found["signed_on"] == "2023-05-09"


def test_two_sides_signing_an_amendment_during_the_programme_of_a_dated_visit():
    text = (
        "Hợp tác y tế với Westmark\n"
        "Sáng 04/11/2024, đoàn Bệnh viện Đại học Westmark (Hàn Quốc) đến thăm Ủy ban nhân dân tỉnh Hải Sơn.\n"
        "Bệnh viện Đa khoa tỉnh Hải Sơn báo cáo kết quả hợp tác với Bệnh viện Đại học Westmark.\n"
        "Trong chương trình, hai bệnh viện đã ký điều chỉnh thỏa thuận hợp tác."
    )
    [found] = agreements(text)
    assert set(found["parties"]) >= {"Bệnh viện Đa khoa tỉnh Hải Sơn", "Bệnh viện Đại học Westmark"}
    assert found["signed_on"] == "2024-11-04"


def test_a_signing_at_talks_held_over_several_days_is_dated_to_their_month():
    text = (
        "Hội đàm y tế Hải Sơn – Westmark\n"
        "Từ ngày 12 - 15/9/2021, Sở Y tế Hải Sơn hội đàm với Sở Y tế Westmark.\n"
        "Tại buổi hội đàm, hai bên đánh giá kết quả hợp tác. Sau đó, hai bên ký kết biên bản hội đàm."
    )
    [found] = agreements(text)
    assert found["signed_on"] == "2021-09"


def test_a_hospital_named_in_a_documents_quoted_title_is_not_a_party_and_its_years_are_its_length():
    text = (
        "Ngày 5/5/2016, Bệnh viện Nhân dân Hải Sơn và Sở Y tế Westmark ký kết kế hoạch hợp tác “Nâng cao chất"
        " lượng điều trị tại Bệnh viện Đa khoa Westmark giai đoạn 2016 – 2019”."
    )
    [found] = agreements(text)
    assert "Bệnh viện Đa khoa Westmark" not in found["parties"]
    assert found["duration_months"] == 36
