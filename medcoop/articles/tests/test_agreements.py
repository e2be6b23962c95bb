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
