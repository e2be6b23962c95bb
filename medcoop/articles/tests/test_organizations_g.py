"""Organisation names and merging from the language (held-out set G): short and long forms of the same head,
word order in English names, a country after a name, a counted category, an envoy's or an agency's seat. The
sentences are our own, never an article's."""

from medcoop.articles.entities import find_mentions
from medcoop.articles.extraction import extract


def names(text):
    return [m.name for m in find_mentions(text)]


def organizations(text):
    return [(o["name"], o["country"]) for o in extract(text)["organizations"]]


def test_short_and_long_heads_of_a_medical_school_are_one_organisation():
    text = (
        "Trường ĐH Y khoa Westbrook (Mỹ) ký kết hợp tác với Bệnh viện Sông Lam. "
        "Theo kế hoạch, ĐH Y Westbrook sẽ cử giảng viên sang Việt Nam. Trường Y Westbrook có 200 năm lịch sử."
    )
    assert [name for name, _ in organizations(text)] == ["Trường ĐH Y khoa Westbrook", "Bệnh viện Sông Lam"]


def test_tp_hcm_is_thanh_pho_ho_chi_minh():
    text = (
        "Đại học Y khoa Thành phố Hồ Chí Minh đón đoàn Bệnh viện Đại học Kanto (Nhật Bản). "
        "Đại học Y khoa TP.HCM sẽ cử 10 bác sĩ sang Nhật Bản học tập."
    )
    assert len(organizations(text)) == 2


def test_saint_and_st_are_one_word_in_english_names():
    text = "The Riverside clinic thanked Saint Anselm Hospital. Doctors of St. Anselm Hospital will visit again."
    assert [name for name, _ in organizations(text)] == ["Saint Anselm Hospital"]


def test_english_names_in_either_word_order_are_one_organisation():
    text = (
        "The University Medical Center of Albrecht Kessel University Brenz signed an agreement with Song Lam "
        "University. The Brenz University Medical Center will send lecturers. The Medical Center of Brenz "
        "University has worked with Song Lam University since 2010."
    )
    found = organizations(text)
    assert len(found) == 2
    assert "Song Lam University" in [name for name, _ in found]


def test_two_short_names_with_the_same_head_are_not_merged_by_word_sets():
    text = "The hospital works with the Cancer Institute and the Cancer Institute of Alder University."
    assert len(organizations(text)) == 2


def test_a_country_after_a_name_is_where_it_is_not_its_name():
    text = (
        "Sinh viên đã đến Đại học Kestrel Hàn Quốc để học tập. Trong chuyến đi, Đại học Kestrel, Hàn Quốc "
        "đã tổ chức khóa học cho sinh viên."
    )
    assert organizations(text) == [("Đại học Kestrel", "KR")]


def test_a_ministry_keeps_the_country_in_its_name():
    text = "Bộ Y tế Việt Nam ký thỏa thuận với Bộ Y tế Lào. Bộ Y tế sẽ cử chuyên gia sang Lào."
    assert ("Bộ Y tế Việt Nam", "VN") in organizations(text)


def test_a_counted_category_before_a_list_is_no_name():
    text = "Dự án đã hỗ trợ 4 trường Đại học Y gồm: Đại học Y Sông Hàn, Đại học Y Tây Đô và Đại học Y Bắc Ninh."
    assert "trường Đại học Y" not in names(text)
    assert "Năm 2020 bệnh viện Bạch Mai" not in names(text)
    assert names("Từ năm 2018 bệnh viện Sông Lam đã ký thỏa thuận.") == ["bệnh viện Sông Lam"]


def test_an_abbreviation_in_brackets_after_a_head_stays_inside_the_name():
    text = "Ông Lê Văn An, hiệu trưởng Trường đại học (ĐH) Y Dược ĐH Tây Nguyên, cho biết thông tin trên."
    assert names(text) == ["Trường đại học (ĐH) Y Dược ĐH Tây Nguyên"]


def test_a_university_system_is_one_name():
    text = "Đoàn Hệ thống Đại học Kestrel đã làm việc với Đại học Y Dược Cần Thơ và Hệ thống Đại học Kestrel."
    assert names(text)[0] == "Hệ thống Đại học Kestrel"
    assert "Đại học Y Dược Cần Thơ" in names(text)


def test_a_bare_acronym_first_merges_with_its_long_name_later():
    text = (
        "Giám đốc USAID đã thăm Bệnh viện Sông Lam. Cơ quan Phát triển Quốc tế Hoa Kỳ tại Việt Nam (USAID) "
        "đã hỗ trợ bệnh viện từ năm 2016."
    )
    found = extract(text)["organizations"]
    usaid = [o for o in found if o["name"] == "USAID" or "USAID" in o.get("aliases", [])]
    assert len(usaid) == 1
    assert usaid[0]["country"] == "US"  # an agency named with its state and its seat is of its state


def test_an_english_envoy_is_named_with_its_seat():
    assert names("It was organised by the Japanese Embassy in Vietnam and Song Lam University.") == [
        "Japanese Embassy in Vietnam",
        "Song Lam University",
    ]


def test_a_foreign_city_after_an_english_head_belongs_to_the_name():
    found = find_mentions("Military Hospital 175 and University Hospital Leipzig will train nurses.")
    assert [(m.name, m.country) for m in found][-1] == ("University Hospital Leipzig", "DE")
    assert names("The University Hospital Hanoi Branch opened.") == ["University Hospital"]


def test_initiative_is_an_english_head():
    assert names("The charity signed a memorandum with the Global Surgery Initiative.") == ["Global Surgery Initiative"]


def test_type_words_of_an_english_name_are_no_town():
    from medcoop.articles.extraction import _city_country
    from medcoop.articles.gazetteers import tokenize

    assert _city_country(tokenize("Hanoi Medical University")) == "VN"  # "University" is also a town's name
    assert _city_country(tokenize("Leipzig Heart Center")) == "DE"


def test_a_country_in_brackets_after_another_name_is_that_names_country():
    text = (
        "Tin hợp tác\n\nTrường Đại học VinKestrel (VinKestrel University) khởi động hợp tác với Trường Y "
        "Westbrook (Singapore) trong đào tạo."
    )
    found = dict(organizations(text))
    assert found["Trường Đại học VinKestrel"] == "VN"
    assert found["Trường Y Westbrook"] == "SG"
    text = "Tin\n\nNgày 26.11, BV Nhi đồng 1 ký biên bản ghi nhớ với Bệnh viện Westmere (Anh) tại TP.HCM."
    assert ("Bệnh viện Westmere", "GB") in organizations(text)  # its own bracket still counts


def test_an_acronym_after_a_lower_case_head_or_with_a_leader_is_an_organisation():
    text = "Title\n\nIt was organised with the medical research organisation (MRRO) and Song Lam University."
    assert "MRRO" in [name for name, _ in organizations(text)]
    assert "MERRO" in [name for name, _ in organizations("Title\n\nAn Ito, President of the MERRO, spoke.")]


def test_the_short_form_of_a_common_noun_and_a_city_are_no_parties():
    text = (
        "Tin\n\nNgành y tế TP.HCM đẩy mạnh hợp tác trong khám chữa bệnh (KCB). Ngày 4.12.2024, Sở Y tế TP.HCM ký "
        "kết thỏa thuận về KCB với Bệnh viện Westmere (Anh) tại HCM."
    )
    result = extract(text)
    assert [o["name"] for o in result["organizations"]] == ["Sở Y tế TP.HCM", "Bệnh viện Westmere"]
    assert [(a["parties"], a["signed_on"]) for a in result["agreements"]] == [
        (["Sở Y tế TP.HCM", "Bệnh viện Westmere"], "2024-12-04")
    ]


def test_a_parent_named_to_say_whose_a_partner_is_is_background():
    text = (
        "Tin\n\nBệnh viện Sông Lam ký kết với Trường Y Westbrook (Mỹ). Trường Y Westbrook là trường y khoa trực "
        "thuộc Đại học Kestrel."
    )
    assert [name for name, _ in organizations(text)] == ["Bệnh viện Sông Lam", "Trường Y Westbrook"]
    text = "Title\n\nKestrel Uni, an university under the Alder conglomerate, signed with Song Lam Hospital."
    assert "Alder" not in " ".join(name for name, _ in organizations(text))


def test_the_institutions_of_a_career_are_background():
    text = (
        "Title\n\nSong Lam Hospital received Dr. Ann Lee of Alder Children Hospital (USA). Dr. Lee graduated from "
        "the Kestrel University and studied and worked at the Westbrook Medical Center."
    )
    assert [name for name, _ in organizations(text)] == ["Song Lam Hospital", "Alder Children Hospital"]
    text = "Tin\n\nBác sĩ Lan, từng công tác tại Bệnh viện Kestrel (Pháp), đã cùng Bệnh viện Sông Lam mổ cho 20 trẻ."
    assert [name for name, _ in organizations(text)] == ["Bệnh viện Sông Lam"]
    text = "Tin\n\nBệnh viện Sông Lam đã cử cán bộ sang học tập tại Bệnh viện Kestrel (Pháp)."
    assert ("Bệnh viện Kestrel", "FR") in organizations(text)  # staff sent to study: cooperation, not a career


def test_truong_y_is_a_medical_school_but_truong_y_te_needs_its_name():
    assert names("Bệnh viện Sông Lam và Trường Y Westbrook ký kết.") == ["Bệnh viện Sông Lam", "Trường Y Westbrook"]
    assert "Trường Y tế" not in " ".join(names("Trường Y tế Cộng đồng đón đoàn."))


def test_a_lower_case_modifier_ends_a_vietnamese_name():
    assert names("Trường Đại học Y tế công cộng đón đoàn.") == ["Trường Đại học Y tế công cộng"]
    assert names("Hôm qua, Trường ĐH Sức khỏe tổng hợp ký kết với Bệnh viện An Bình.") == [
        "Trường ĐH Sức khỏe tổng hợp",
        "Bệnh viện An Bình",
    ]
    assert names("Bệnh viện Bạch Mai tổ chức hội thảo.") == ["Bệnh viện Bạch Mai"]


def test_a_parent_in_brackets_is_background_and_gives_its_country():
    text = (
        "Tin\n\nNgày 4.12.2024, Bệnh viện Sông Lam ký biên bản ghi nhớ với Trường ĐH Sức khỏe tổng hợp (thuộc Đại "
        "học Kestrel, Nhật Bản)."
    )
    assert organizations(text) == [("Bệnh viện Sông Lam", "VN"), ("Trường ĐH Sức khỏe tổng hợp", "JP")]
    text = "Tin\n\nĐoàn Công ty Kestrel Atsumi, thuộc Tập đoàn Kestrel Group, làm việc với Bệnh viện An Bình."
    assert "Tập đoàn Kestrel Group" not in [name for name, _ in organizations(text)]


def test_a_category_written_short_is_no_organisation():
    text = (
        "Tin\n\nLiên hiệp hội đã làm việc với các tổ chức phi chính phủ nước ngoài (PCPNN). Bệnh viện Sông Lam "
        "cảm ơn Tổ chức PCPNN đã tài trợ."
    )
    assert [name for name, _ in organizations(text)] == ["Bệnh viện Sông Lam"]
