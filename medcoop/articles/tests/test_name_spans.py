"""Vietnamese organisation spans end at a person's name, a title, or a second name joined by "và";
two-syllable words inside a name keep their lower-case second syllable."""

from medcoop.articles.entities import find_mentions


def names(text):
    return [m.name for m in find_mentions(text)]


def test_a_name_ends_where_a_person_or_title_begins():
    assert names("Đại diện Bộ Y tế Trần Văn Bình phát biểu.") == ["Bộ Y tế"]
    assert names("Bộ Y tế GS Lê Minh An chủ trì.") == ["Bộ Y tế"]
    assert names("Bệnh viện Nhi đồng Hải Sơn và ông Lý Minh Khoa ký kết.") == ["Bệnh viện Nhi đồng Hải Sơn"]


def test_and_joins_two_names_but_stays_inside_one():
    assert names("Bộ Y tế và HWU ký kết.") == ["Bộ Y tế"]
    assert names("Sở Giáo dục và Đào tạo tỉnh Hải Sơn trao quà.") == ["Sở Giáo dục và Đào tạo tỉnh Hải Sơn"]


def test_compound_words_and_new_heads():
    assert names("Bộ Tài chính làm việc.") == ["Bộ Tài chính"]
    assert names("Bệnh viện Y học cổ truyền tỉnh Hải Sơn tiếp nhận.") == ["Bệnh viện Y học cổ truyền tỉnh Hải Sơn"]
    assert names("Hội nghị có UBND tỉnh Hải Sơn và Hội Chữ thập đỏ tham gia.") == [
        "UBND tỉnh Hải Sơn",
        "Hội Chữ thập đỏ",
    ]


def test_a_place_after_tinh_is_no_person():
    assert names("Thành phố Hồ Chí Minh có Bệnh viện Đa khoa tỉnh Hà Nam.") == ["Bệnh viện Đa khoa tỉnh Hà Nam"]


def test_abbreviated_city_field_lists_and_an_envoys_seat():
    assert names("UBND TP.Hải Sơn làm việc.") == ["UBND TP.Hải Sơn"]
    assert names("Bộ Kinh tế, Lao động và Y tế bang Westmark ký kết.") == ["Bộ Kinh tế, Lao động và Y tế bang Westmark"]
    assert names("Đại sứ quán Việt Nam tại Campuchia phối hợp tổ chức.") == ["Đại sứ quán Việt Nam tại Campuchia"]


def test_lower_case_government_before_a_country_and_not_before_a_person():
    assert names("Dự án do chính phủ Hàn Quốc tài trợ.") == ["chính phủ Hàn Quốc"]
    assert names("Phó Thủ tướng Chính phủ Nguyễn Văn An phát biểu.") == []


def test_lower_case_bank_before_a_name():
    assert names("Khoản vay của ngân hàng Westbank Hải Sơn được giải ngân.") == ["ngân hàng Westbank Hải Sơn"]


def test_an_initial_or_saint_with_its_full_stop_stays_inside_the_name():
    from medcoop.articles.entities import find_mentions

    assert [m.name for m in find_mentions("Quỹ John K. Allen bàn giao thiết bị cho Bệnh viện St. Anna Westmoor.")] == [
        "Quỹ John K. Allen",
        "Bệnh viện St. Anna Westmoor",
    ]
    assert [m.name for m in find_mentions("Đoàn đến từ Bệnh viện Mỹ. Bệnh viện K tiếp đoàn.")] == [
        "Bệnh viện Mỹ",
        "Bệnh viện K",
    ]


def test_a_stop_word_that_opens_a_two_syllable_word_does_not_end_the_name():
    from medcoop.articles.entities import find_mentions

    found = [
        m.name
        for m in find_mentions("Chương trình do Tổ chức từ thiện Westbrook Care (Mỹ) tài trợ, đến từ Bệnh viện K.")
    ]
    assert found == ["Tổ chức từ thiện Westbrook Care", "Bệnh viện K"]


def test_a_list_after_a_counted_head_is_one_organisation_per_item():
    from medcoop.articles.entities import find_mentions

    found = find_mentions("Đoàn gồm 3 bệnh viện của Nhật Bản là Kanora, Westa và Higashimura.")
    assert [(m.name, m.country) for m in found] == [
        ("Bệnh viện Kanora", "JP"),
        ("Bệnh viện Westa", "JP"),
        ("Bệnh viện Higashimura", "JP"),
    ]
    found = find_mentions("Giáo sư của 4 trường đại học (Trường đại học Anwol, Bosan, Kyung Dae và Hanbit) tham gia.")
    assert [m.name for m in found] == [
        "Trường đại học Anwol",
        "Trường đại học Bosan",
        "Trường đại học Kyung Dae",
        "Trường đại học Hanbit",
    ]


def test_a_team_named_as_a_unit_is_an_organisation_written_with_its_own_accents():
    from medcoop.articles.entities import find_mentions

    found = find_mentions("Bác sĩ của Đội y tế lưu động (Quân khu 9) khám bệnh.")
    assert [(m.name, m.aliases) for m in found] == [("Đội y tế lưu động", ["Quân khu 9"])]
    assert find_mentions("Cục Đối ngoại tiếp đoàn.")[0].name == "Cục Đối ngoại"


def test_a_place_that_folds_like_a_head_and_a_verb_of_giving_end_no_name_too_soon_or_too_late():
    assert names("Bệnh viện Đa khoa Quy Nhơn Bắc ký kết.") == ["Bệnh viện Đa khoa Quy Nhơn Bắc"]
    assert names("Tập đoàn Y khoa Hoshino trao tặng 12 máy thở.") == ["Tập đoàn Y khoa Hoshino"]
    assert names("Trường Cao đẳng Y tế Hải Sơn cử giảng viên.") == ["Trường Cao đẳng Y tế Hải Sơn"]
