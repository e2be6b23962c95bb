"""Organisation names and countries from the language (round H, written from G2/G3's kinds of errors): names of two
countries joined by a spaced dash, a plural head with only countries after it, descriptive English names of field
hospitals, a seat given by "based in/at", a ministry named only as an owner. The sentences are our own, never an
article's."""

from medcoop.articles.entities import find_mentions
from medcoop.articles.extraction import extract


def names(text):
    return [m.name for m in find_mentions(text)]


def organizations(text):
    return [(o["name"], o["country"]) for o in extract(text)["organizations"]]


def test_two_countries_joined_by_a_spaced_dash_stay_in_the_name():
    assert names("The minister toured the Laos – Vietnam Hospital in Vientiane last week.") == [
        "Laos – Vietnam Hospital"
    ]
    assert names("Members of the Japan - Viet Nam Friendship Association met doctors.") == [
        "Japan - Viet Nam Friendship Association"
    ]


def test_a_spaced_dash_after_a_word_that_is_no_country_does_not_join():
    assert names("Photo gallery - Riverside Hospital opens a new ward.") == ["Riverside Hospital"]


def test_the_first_country_of_a_bilateral_name_is_where_it_is():
    text = (
        "Representatives of the Viet Nam - Japan Friendship Association and the Japan - Viet Nam Friendship "
        "Association handed over ten wheelchairs to the Riverside Hospital in Hai Duong."
    )
    found = dict(organizations(text))
    assert found["Viet Nam - Japan Friendship Association"] == "VN"
    assert found["Japan - Viet Nam Friendship Association"] == "JP"


def test_a_plural_head_with_only_countries_gives_way_to_the_full_names():
    text = (
        "Friendship associations of Viet Nam and Japan donate wheelchairs\n"
        "The Viet Nam - Japan Friendship Association and the Japan - Viet Nam Friendship Association gave "
        "ten wheelchairs to the Riverside Hospital."
    )
    assert names(text) == [
        "Viet Nam - Japan Friendship Association",
        "Japan - Viet Nam Friendship Association",
        "Riverside Hospital",
    ]


def test_a_plural_head_with_countries_and_no_full_name_still_counts():
    assert names("The universities of Japan and Korea will exchange students.") == [
        "University of Japan",
        "University of Korea",
    ]


def test_field_hospitals_are_named_by_level_number_and_state():
    text = (
        "Members of Ruritania's level-2 field hospital No. 4 visited the level-1 field hospital of the Bangladeshi "
        "navy and Japan's level-2 field hospital."
    )
    found = [(m.name, m.country) for m in find_mentions(text)]
    assert found == [
        ("level-2 field hospital No. 4", None),
        ("level-1 field hospital of the Bangladeshi navy", "BD"),
        ("Japan's level-2 field hospital", "JP"),
    ]
    assert [(m.name, m.country) for m in find_mentions("Bệnh viện dã chiến cấp 2 số 5 của Việt Nam đã đến thăm.")] == [
        ("Bệnh viện dã chiến cấp 2 số 5 của Việt Nam", "VN")
    ]


def test_one_field_hospital_named_twice_is_one_two_numbers_are_two():
    text = (
        "Vietnam's level-2 field hospital No. 5 welcomed doctors of the level-2 field hospital No. 4 of Vietnam. "
        "Later the level-2 field hospital No.5 of Vietnam held a seminar on triage."
    )
    assert len(organizations(text)) == 2


def test_a_plain_field_hospital_with_no_level_is_no_name():
    assert names("The army built a field hospital near the border.") == []


def test_based_at_or_in_gives_the_seat():
    text = (
        "The Lakeside Foundation, based at Sydney Medical School, trained eight fellows from Vietnam and Laos "
        "with the Hanoi Medical University."
    )
    assert dict(organizations(text))["Lakeside Foundation"] == "AU"


def test_a_city_in_a_name_counts_when_the_text_names_its_country_by_adjective():
    text = (
        "The University of Melbourne welcomed Australian Award fellows from Vietnam and Laos PDR. "
        "The fellows came from the Hue Medical College."
    )
    assert dict(organizations(text))["University of Melbourne"] == "AU"


def test_a_former_development_agency_named_by_acronym():
    text = "The fellows, funded through AusAID, trained at the Riverside Hospital in Hanoi."
    assert ("AusAID", "AU") in organizations(text)


def test_a_place_said_of_a_counted_head_is_where_the_names_of_its_list_are():
    text = (
        "Each year 20 Westland nurses travel abroad. They teach at two hospitals in Ho Chi Minh City – a "
        "General Surgical Hospital and a Children’s Hospital."
    )
    assert organizations(text) == [("General Surgical Hospital", "VN"), ("Children’s Hospital", "VN")]


def test_a_three_word_city_after_a_name():
    text = "The Westland nurses taught at the Riverside Hospital in Ho Chi Minh City with Japanese experts."
    assert dict(organizations(text))["Riverside Hospital"] == "VN"


def test_a_ministry_named_only_as_whose_the_hospitals_are_is_left_out():
    text = (
        "Tổ chức Westbrook (Mỹ) đã hỗ trợ đào tạo thông qua 2 bệnh viện tuyến cuối của Bộ Y tế là Bệnh viện "
        "Sông Lam và Bệnh viện Hồ Tây."
    )
    assert "Bộ Y tế" not in [name for name, _ in organizations(text)]


def test_a_ministry_that_acts_is_kept():
    text = "Bộ Y tế đã ký kết hợp tác với Tổ chức Westbrook (Mỹ) về đào tạo cho 2 bệnh viện của Bộ Y tế."
    assert "Bộ Y tế" in [name for name, _ in organizations(text)]


def test_under_the_umbrella_of_names_a_parent():
    text = (
        "Westbrook University trained fellows of the Lakeside Genetics Office. The office is a private "
        "initiative under the umbrella of the Riverside Medical College."
    )
    assert "Riverside Medical College" not in [name for name, _ in organizations(text)]


def test_a_provincial_branch_is_not_the_national_body():
    text = (
        "The Viet Nam - Japan Friendship Association gave ten wheelchairs to the Riverside Hospital. "
        "Representatives of the Viet Nam - Japan Friendship Association of Nghe An Province attended."
    )
    found = [name for name, _ in organizations(text)]
    assert "Viet Nam - Japan Friendship Association" in found


def test_short_forms_of_two_countries_joined_by_a_spaced_dash():
    text = "The Lao - Viet Friendship Hospital in Houaphanh received ten doctors from Hanoi."
    assert organizations(text)[0] == ("Lao - Viet Friendship Hospital", "LA")


def test_a_vietnamese_friendship_association_in_lower_case():
    text = "Hội hữu nghị Việt Nam - Nhật Bản và Hội hữu nghị Nhật Bản - Việt Nam đã trao tặng xe lăn cho Bệnh viện Sông Lam."
    assert organizations(text) == [
        ("Hội hữu nghị Việt Nam - Nhật Bản", "VN"),
        ("Hội hữu nghị Nhật Bản - Việt Nam", "JP"),
        ("Bệnh viện Sông Lam", "VN"),
    ]


def test_two_cities_that_sign_are_parties():
    text = "Hai Phong and Osaka signed a memorandum of understanding on health cooperation on March 3, 2014."
    assert organizations(text) == [("Hai Phong", "VN"), ("Osaka", "JP")]
    assert ("Hanoi", "VN") in organizations("Hanoi, Seoul ink health deal\nThe two cities will exchange doctors.")


def test_two_states_that_sign_are_no_city_parties():
    assert organizations("Vietnam and Japan signed a health agreement.") == []


def test_a_branch_needs_a_national_name_before_its_province():
    from medcoop.articles.extraction import _branch_of

    assert _branch_of("Hội hữu nghị Việt Nam - Nhật Bản tỉnh Nghệ An", "Hội hữu nghị Việt Nam - Nhật Bản")
    assert not _branch_of("Sở Y tế tỉnh Nghệ An", "Sở Y tế")
