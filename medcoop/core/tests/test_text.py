import unicodedata

from medcoop.core.text import fold, fold_words, nfc, search_document


def test_fold_strips_vietnamese_marks_and_case():
    assert fold("Bệnh viện K") == "benh vien k"
    assert fold("ĐÀ NẴNG") == "da nang"


def test_fold_turns_d_with_stroke_into_d():
    assert fold("đ") == "d" and fold("Đ") == "d"


def test_old_and_new_tone_placement_fold_alike():
    assert fold("hoà") == fold("hòa") == "hoa"
    assert fold("Thuỵ Điển") == fold("Thụy Điển")


def test_decomposed_input_is_stored_composed():
    decomposed = unicodedata.normalize("NFD", "Huế")
    assert decomposed != "Huế"
    assert nfc(f"  {decomposed} ") == "Huế"


def test_search_document_frames_words_for_prefix_matching():
    assert (
        search_document("Bệnh viện Việt Nam - Thụy Điển", None, "Uông Bí") == " benh vien viet nam thuy dien uong bi "
    )
    assert fold_words("CHU-Lyon (Pháp)") == ["chu", "lyon", "phap"]
