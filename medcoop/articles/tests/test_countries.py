"""Each organisation takes the country of the nearest explicit mention; a name in foreign words takes the
nearest foreign country named, never Vietnam by default; "tỉnh Lào Cai" is no Laos. Sentences are our own."""

from medcoop.articles.extraction import extract


def countries(text):
    return {o["name"]: o["country"] for o in extract(text)["organizations"]}


def orgs(text):
    return [(o["name"], o["country"]) for o in extract(text)["organizations"]]


def test_a_foreign_name_takes_the_nearest_foreign_country():
    found = countries(
        "Bệnh viện Đa khoa tỉnh Hải Sơn đón đoàn từ Israel và Nhật Bản.\n"
        "Đoàn của Viện Kagoshiwa Rendai (Nhật Bản) làm việc với Bệnh viện Đa khoa tỉnh Hải Sơn.\n"
        "The Brenner Medical Center, the largest hospital in Israel, sent experts."
    )
    assert found["Bệnh viện Đa khoa tỉnh Hải Sơn"] == "VN"
    assert found["Viện Kagoshiwa Rendai"] == "JP"
    assert found["Brenner Medical Center"] == "IL"


def test_a_province_named_like_a_country_is_vietnamese():
    found = countries("Bệnh viện Y học cổ truyền tỉnh Lào Cai tiếp đoàn.")
    assert found == {"Bệnh viện Y học cổ truyền tỉnh Lào Cai": "VN"}


def test_english_words_in_a_name_are_no_sign_of_a_foreign_country():
    found = countries("Experts from Japan visited. The Military Hospital 175 and the Ministry of Health hosted them.")
    assert found["Military Hospital 175"] == "VN"
    assert found["Ministry of Health"] == "VN"


def test_a_known_agency_named_by_its_acronym_alone():
    found = extract("KOICA tài trợ cho Bệnh viện Đa khoa tỉnh Hải Sơn.")["organizations"]
    assert {"name": "KOICA", "country": "KR"}.items() <= next(o for o in found if o["name"] == "KOICA").items()


def test_a_short_form_with_an_acronym_is_the_same_organisation_and_a_credit_line_names_no_party():
    found = extract(
        "Bệnh viện Trung ương Quân đội 108 tiếp đoàn.\nBệnh viện TWQĐ 108 ký kết hợp tác.\n(P.V., Sở Ngoại vụ Hải Sơn)"
    )["organizations"]
    assert [o["name"] for o in found] == ["Bệnh viện Trung ương Quân đội 108"]


def test_a_vietnamese_province_named_like_a_country_gives_no_partner_country():
    found = extract("Sở Y tế Lào Cai làm việc với Bệnh viện Nhân dân Hà Khẩu (Trung Quốc).")
    assert found["countries"] == ["CN"]


def test_an_embassy_that_only_attends_is_no_party_but_one_that_organises_is():
    names = [o["name"] for o in extract("Đại diện Đại sứ quán Pháp cũng có mặt tại buổi lễ.")["organizations"]]
    assert names == []
    names = [o["name"] for o in extract("Đại sứ quán Pháp phối hợp tổ chức hội thảo.")["organizations"]]
    assert names == ["Đại sứ quán Pháp"]


def test_a_country_set_off_by_a_comma_after_a_name_is_its_own_but_not_a_list_of_countries():
    found = countries(
        "Bệnh viện Đa khoa tỉnh Hải Sơn và Bệnh viện Quốc tế Hoa Lâm, Trung Quốc đã ký biên bản ghi nhớ.\n"
        "Bệnh viện Đa khoa tỉnh Hải Sơn, Lào và Campuchia cùng dự hội nghị."
    )
    assert found["Bệnh viện Quốc tế Hoa Lâm"] == "CN"
    assert found["Bệnh viện Đa khoa tỉnh Hải Sơn"] == "VN"


def test_vietnam_first_in_an_english_compound_name_is_vietnamese():
    found = countries(
        "The Vietnam-Japan Friendship Hospital welcomed experts of the Kagoshiwa Rendai Hospital in Japan."
    )
    assert found["Vietnam-Japan Friendship Hospital"] == "VN"
    assert found["Kagoshiwa Rendai Hospital"] == "JP"


def test_a_ministry_with_its_field_before_or_after_it_is_one_organisation():
    found = countries("The Ministry of Health signed the note. The Health Ministry thanked the Westland Agency.")
    assert "Health Ministry" not in found and found["Ministry of Health"] is not None


def test_a_later_mention_that_states_the_country_overrides_a_guess():
    found = countries(
        "Doctors from the Sunrise Hospital arrived on Monday.\nThe Sunrise Hospital in Osaka City has sent teams since 2010."
    )
    assert found["Sunrise Hospital"] == "JP"


def test_a_world_body_has_no_country_and_an_envoy_is_named_with_its_seat():
    found = countries("Dự án do Ngân hàng Thế giới tài trợ cho Bệnh viện Đa khoa tỉnh Hải Sơn.")
    assert found["Ngân hàng Thế giới"] is None
    found = countries("Tổng Lãnh sự quán Việt Nam tại Vân Kiều (Lào) phối hợp với Bệnh viện An Bình khám bệnh.")
    assert found["Tổng Lãnh sự quán Việt Nam tại Vân Kiều"] == "VN"


def test_a_department_named_with_its_hospital_is_part_of_that_hospital():
    found = extract(
        "The team included Prof. Anna Berg – Department of Surgery, Lakeside General Hospital; "
        "Prof. Tom Reed – Department of Pediatrics, Lakeside General Hospital."
    )["organizations"]
    assert [o["name"] for o in found] == ["Lakeside General Hospital"]
    found = countries(
        "Viện Tim mạch, Bệnh viện Hải Sơn tổ chức hội thảo. Viện Tim mạch Quốc gia - Bệnh viện Hải Sơn đào tạo."
    )
    assert list(found) == ["Viện Tim mạch Quốc gia - Bệnh viện Hải Sơn"]


def test_a_city_abroad_by_its_vietnamese_name_gives_its_country_written_exactly():
    found = countries(
        "Đoàn từ Đài Loan sang thăm.\nBệnh viện Quốc tế Đài Nam ký kết với Bệnh viện Đa khoa tỉnh Hải Sơn."
    )
    assert found["Bệnh viện Quốc tế Đài Nam"] == "TW"
    found = countries("Đoàn từ Hàn Quốc sang thăm.\nBệnh viện Phụ Sản Hải Sơn tiếp đoàn.")
    assert found["Bệnh viện Phụ Sản Hải Sơn"] == "VN"  # "Phụ Sản" is obstetrics, not Busan ("Phủ San")


def test_a_former_or_a_later_name_is_the_same_organisation():
    found = extract(
        "Bệnh viện Đa khoa An Bình (tên cũ là Bệnh viện Hữu nghị Hải Sơn) tiếp đoàn.\n"
        "The Lakeside General Hospital, formerly Westmoor City Hospital, sent surgeons."
    )["organizations"]
    assert [(o["name"], o.get("aliases")) for o in found] == [
        ("Bệnh viện Đa khoa An Bình", ["Bệnh viện Hữu nghị Hải Sơn"]),
        ("Lakeside General Hospital", ["Westmoor City Hospital"]),
    ]


def test_a_two_country_friendship_name_is_of_the_country_named_first():
    found = orgs("Bệnh viện Hữu nghị Campuchia - Việt Nam tại Kampot tiếp nhận thiết bị.")
    assert found == [("Bệnh viện Hữu nghị Campuchia - Việt Nam", "KH")]
    assert orgs("Bệnh viện Hữu nghị Việt Nam - Cu Ba khám bệnh.") == [("Bệnh viện Hữu nghị Việt Nam - Cu Ba", "VN")]


def test_a_ministry_in_brackets_after_a_name_and_a_news_agency_are_no_parties():
    found = orgs("Bệnh viện 131 (Bộ Quốc phòng) ký kết với Bệnh viện Lakeside (Mỹ), theo Thông tấn xã Việt Nam.")
    assert [n for n, _c in found] == ["Bệnh viện 131", "Bệnh viện Lakeside"]
    found = orgs("The Vietnam News Agency said Military Hospital 131 and Westland’s Lake Hospital signed.")
    assert [n for n, _c in found] == ["Military Hospital 131", "Lake Hospital"]


def test_a_numbered_hospital_named_short_is_the_same_hospital():
    found = orgs("Central Army Hospital 131 sent experts. Doctors of Hospital 131 operated.")
    assert found == [("Central Army Hospital 131", "VN")]


def test_a_body_under_a_countrys_army_takes_that_country():
    found = orgs("The Logistics Department under the Laos People’s Army thanked Hospital 131.")
    assert ("Logistics Department", "LA") in found


def test_accents_tell_a_country_from_words_that_fold_like_it():
    from medcoop.articles.gazetteers import find_countries, tokenize

    assert find_countries(tokenize("Bệnh viện Quy Hòa ký kết biên bản.")) == []
    assert [c for c, _f, _l in find_countries(tokenize("Đoàn từ Hoa Kỳ và Hoa kỳ; bác sĩ Hoa Ky"))] == ["US"] * 3


def test_a_name_written_with_and_without_spaces_around_its_dash_is_one_organisation():
    found = orgs("Bệnh viện Phong – Da liễu Hải Sơn tiếp đoàn. Bệnh viện Phong-Da liễu Hải Sơn ký kết.")
    assert len(found) == 1


def test_a_foreign_city_in_a_name_gives_its_country_when_the_article_names_no_foreign_country():
    assert orgs("Đại học Điều dưỡng Sapporo ký kết với Bệnh viện Hải Sơn.")[0] == ("Đại học Điều dưỡng Sapporo", "JP")


def test_an_embassy_by_its_nationality_or_by_of_is_one_organisation():
    found = orgs("The Australian Embassy met Lake Hospital. The Embassy of Australia gave books.")
    assert [n for n, _c in found].count("Australian Embassy") == 1
    assert "Embassy of Australia" not in [n for n, _c in found]


def test_a_vietnamese_citys_delegation_or_authorities_act_as_a_party():
    found = orgs("Sáng 5/3, đoàn cán bộ thành phố Westburg (Đức) và Bệnh viện Hải Sơn đã ký kết hợp tác.")
    assert ("thành phố Westburg", "DE") in found
    found = orgs("Phía Lào giao chính quyền tỉnh Khammon quản lý bệnh viện.")
    assert [n for n, _c in found] == ["chính quyền tỉnh Khammon"]
    assert orgs("Bệnh viện Hải Sơn tại thành phố Westburg khám bệnh.") == [("Bệnh viện Hải Sơn", "VN")]
