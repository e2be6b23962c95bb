"""Organisation names from the language (held-out sets E and F): the short forms "BV" and "ĐH" of the head nouns,
a lower-case role word ("tổ chức") before a foreign name. Sentences are our own, never an article's."""

from medcoop.articles.entities import find_mentions
from medcoop.articles.extraction import extract


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


def test_one_vietnamese_word_opening_a_sentence_is_no_name():
    assert names("Đây là tổ chức phi chính phủ của Đức.") == []
    assert names("Cả hai đều là bệnh viện tuyến cuối. Đều là bệnh viện lớn.") == []
    assert names("Medicorda là một tổ chức của Đức.") == ["Medicorda"]


def organizations(text):
    return [o["name"] for o in extract(text)["organizations"]]


def test_a_unit_number_names_one_hospital_in_one_country():
    found = organizations(
        "Hospital cooperation\nThe 354 Army Hospital of Westland signed a deal with Trang An Hospital. "
        "Staff of Hospital 354 of Westland will train there."
    )
    assert sum("354" in name for name in found) == 1
    assert len(organizations("Tin\nBệnh viện Quận 1 và Bệnh viện Nhi đồng 1 ký kết hợp tác.")) == 2


def test_vien_tro_is_aid_not_an_institute():
    assert names("Viện trợ Quốc tế cho tỉnh đã về.") == []
    assert names("Viện Pasteur Nha Trang nhận viện trợ. Viện Tim Hà Nội giảm viện phí.") == [
        "Viện Pasteur Nha Trang",
        "Viện Tim Hà Nội",
    ]


def test_a_name_before_a_lower_case_role_noun_is_an_ngo_without_it():
    found = find_mentions("Surgeons came under a programme of the Smile Bridge organisation.")
    assert [(m.name, m.kind) for m in found] == [("Smile Bridge", "ngo")]
    assert names("A Japanese charity and a UK-based charity helped the Korean organization.") == []
