"""English organisation names: the head noun ends or opens the name; an owner's possessive gives the country."""

from medcoop.articles.entities import find_mentions


def names(text):
    return [(m.name, m.country) for m in find_mentions(text)]


def test_head_at_the_end_and_of_continuation():
    found = names("The Ministry of Health met the Lakeside General Hospital and the University of Westland.")
    assert [n for n, _c in found] == ["Ministry of Health", "Lakeside General Hospital", "University of Westland"]


def test_possessive_owner_gives_the_country_and_leaves_the_name():
    assert names("Experts from Japan’s Northfield Children Hospital arrived.") == [
        ("Northfield Children Hospital", "JP")
    ]


def test_bracketed_acronym_is_an_alias_and_a_bare_head_is_no_name():
    mentions = find_mentions("The hospital thanked the Riverside Development Agency (RDA) for its help.")
    assert [(m.name, m.aliases) for m in mentions] == [("Riverside Development Agency", ["RDA"])]


def test_a_minister_stands_for_the_ministry_and_a_location_adjective_is_no_part_of_the_name():
    found = names(
        "Westland Minister of Finance Ann Lee and Vietnamese Health Minister Tran Binh met the Hanoi-based Lake Hospital."
    )
    assert ("Ministry of Health", "VN") in found
    assert ("Ministry of Finance", None) in found
    assert ("Lake Hospital", None) in found
    assert names("Prime Minister Tran Binh spoke.") == []


def test_a_list_after_one_plural_head_is_one_organisation_per_name():
    found = names("Surgeons from the universities of Westmoor, Eastvale and Northbrook taught the course.")
    assert [n for n, _c in found] == ["University of Westmoor", "University of Eastvale", "University of Northbrook"]
    found = names("The hospitals Lakeside, North Bay and Riverton signed the plan.")
    assert [n for n, _c in found] == ["Lakeside Hospital", "North Bay Hospital", "Riverton Hospital"]


def test_a_list_before_one_plural_head_and_its_leading_words():
    found = names("Both Lakeside and Riverton hospitals sent nurses; the hospitals trained them for a year.")
    assert [n for n, _c in found] == ["Lakeside Hospital", "Riverton Hospital"]
    assert names("The hospitals trained nurses and doctors.") == []


def test_an_ampersand_joins_words_of_one_english_name():
    assert [n for n, _c in names("The Westmoor Eye & Ear Hospital signed.")] == ["Westmoor Eye & Ear Hospital"]


def test_a_possessive_that_is_no_place_belongs_to_the_name():
    assert names("The Westbrook Children’s Hospital trained nurses.") == [("Westbrook Children’s Hospital", None)]
    assert names("Doctors of Viet Nam’s Lakeside Hospital came.") == [("Lakeside Hospital", "VN")]


def test_an_of_name_ends_where_a_vietnamese_persons_name_begins():
    found = names("Director of the Department of Health Tran Van Binh opened the course.")
    assert [n for n, _c in found] == ["Department of Health"]


def test_a_name_without_a_head_noun_where_the_text_says_what_it_is():
    assert names("Experts from Brightline Heartworks (USA) taught the course.") == [("Brightline Heartworks", "US")]
    assert names("Surgeons came with UK charity Smiles Across the Sea last week.") == [("Smiles Across the Sea", "GB")]
    assert [n for n, _c in names("They worked with Kindcare Westland, a non-profit foundation.")] == [
        "Kindcare Westland"
    ]
    assert [n for n, _c in names("Đoàn phẫu thuật Lotushand (Hàn Quốc) đến tỉnh.")] == ["Lotushand"]


def test_a_person_a_place_or_a_list_item_before_a_bracketed_country_is_no_organisation():
    assert names("Ông John Miller (Mỹ) phát biểu.") == []
    assert names("Đoàn thăm tỉnh Kanora (Nhật Bản) và thành phố Osaka (Nhật Bản).") == []
    assert names("Sở Y tế các tỉnh Northa, Southa và Eastra (Lào) dự họp.")[-1][0] != "Eastra"


def test_an_owner_possessive_before_more_words_and_an_of_country_are_no_part_of_the_name():
    assert names("Westland’s Lakeside University Hospital signed.")[0][0] == "Lakeside University Hospital"
    # The state's long form ends the name (agreements' parties rely on it); its country is not yet attached.
    found = names("A delegation of the Lakeside University Hospital of the Republic of Korea came.")
    assert [name for name, _country in found] == ["Lakeside University Hospital"]
    assert names("The University of Sydney sent lecturers.") == [("University of Sydney", None)]


def test_a_province_or_a_city_that_acts_is_a_party_and_one_only_named_is_not():
    found = names("The city of Northvale signed a plan with Westland’s Kanora province to train nurses.")
    assert [n for n, _c in found] == ["Northvale city", "Kanora province"]
    assert names("Patients came from the Kanora province hospitals and from Northvale city in May.") == []


def test_an_of_name_goes_on_through_and_or_a_dash_but_not_into_a_name_of_its_own():
    found = names("Teachers of the Northfield University of Nursing and Welfare arrived.")
    assert [n for n, _c in found] == ["Northfield University of Nursing and Welfare"]
    assert [n for n, _c in names("The Hospital for Mothers and Babies received beds.")] == [
        "Hospital for Mothers and Babies"
    ]
    assert [n for n, _c in names("Staff of the Westland Institute of Hematology - Blood Banking met.")] == [
        "Westland Institute of Hematology - Blood Banking"
    ]
    found = names("The Ministry of Health and Lakeside Hospital signed; the Ministry of Health and JICA met.")
    assert [n for n, _c in found] == ["Ministry of Health", "Lakeside Hospital", "Ministry of Health"]
    assert names("The University of Nursing and Welfare of Japan opened.") == [
        ("University of Nursing and Welfare", "JP")
    ]


def test_a_place_ending_in_s_owns_a_name_with_its_apostrophe_alone():
    assert names("Doctors of Laos’ Hospital 205 came.") == [("Hospital 205", "LA")]


def test_a_name_written_with_its_head_in_lower_case():
    assert names("Doctors of the Lakeview Jesaeng hospital arrived.") == [("Lakeview Jesaeng hospital", None)]
    assert [n for n, _c in names("Cho Lon – Westport hospital is working with the district.")] == [
        "Cho Lon – Westport hospital"
    ]
    assert names("A Japanese hospital and a Westland hospital sent gifts.") == []


def test_an_envoy_is_named_by_its_state_and_its_seat_and_a_nationality_gives_a_country():
    found = names("The Consulate General of Japan in Westport City signed the contract.")
    assert found == [("Consulate General of Japan in Westport City", "JP")]
    assert names("The Japanese Embassy helped.") == [("Japanese Embassy", "JP")]


def test_a_province_named_where_others_are_is_no_party():
    assert names("Two hospitals in the central province of Westmoor have received beds.") == []
    assert ("Westmoor province", None) in names("Westmoor province also sponsored the course.")
