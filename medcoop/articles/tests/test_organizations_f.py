"""Organisation names from the language (held-out sets E and F): the short forms "BV" and "ĐH" of the head nouns,
a lower-case role word ("tổ chức") before a foreign name. Sentences are our own, never an article's."""

from medcoop.articles.entities import find_mentions


def names(text):
    return [m.name for m in find_mentions(text)]


def test_bv_is_the_short_form_of_benh_vien():
    found = find_mentions("Sáng nay, BV Nhi đồng 2 ký thỏa thuận với BV Great Ormond Street.")
    assert [m.name for m in found] == ["BV Nhi đồng 2", "BV Great Ormond Street"]
    assert {m.kind for m in found} == {"hospital"}
    assert "Bv" not in " ".join(names("Mấy bv nhỏ ở huyện đã nhận thiết bị."))


def test_dh_is_the_short_form_of_dai_hoc():
    found = find_mentions("Hôm qua, Trường ĐH Kỹ thuật Y tế Thanh Sơn đón đoàn của Trường ĐH Westmere.")
    assert [(m.name, m.kind) for m in found] == [
        ("Trường ĐH Kỹ thuật Y tế Thanh Sơn", "university"),
        ("Trường ĐH Westmere", "university"),
    ]


def test_a_lower_case_role_word_before_a_foreign_name_is_not_part_of_it():
    assert names("Đoàn bác sĩ của tổ chức Smile Bridge sẽ mổ cho 40 trẻ.") == ["Smile Bridge"]
    assert names("Tổ chức Y tế Thế giới hỗ trợ tỉnh.") == ["Tổ chức Y tế Thế giới"]
    assert "Hội nghị" not in " ".join(names("Bệnh viện sẽ tổ chức Hội nghị khoa học."))
