"""The identifier scanner on the sentences a clinician writes (the issue's own example first)."""

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medcoop.consultations.identifiers import redact, scan, segments


def kinds(text, **options):
    return [(f.kind, text[f.start : f.end]) for f in scan(text, **options)]


def test_the_issues_history_is_found_whole():
    text = "Bệnh nhân Nguyễn Văn An, sinh ngày 12/03/1970, CCCD 001070012345, ĐT 0912345678"
    assert kinds(text) == [
        ("name", "Nguyễn Văn An"),
        ("birth_date", "12/03/1970"),
        ("cccd", "001070012345"),
        ("phone", "0912345678"),
    ]


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("thẻ BHYT DN4010123456789 còn hạn", "bhyt", "DN4010123456789"),
        ("liên hệ +84 912 345 678 khi cần", "phone", "+84 912 345 678"),
        ("gọi 0912.345.678", "phone", "0912.345.678"),
        ("máy bàn 024 3869 3731", "phone", "024 3869 3731"),
        ("gửi kết quả về an.nguyen70@gmail.com", "email", "an.nguyen70@gmail.com"),
        ("CMND 012345678 cấp năm 2005", "cccd", "012345678"),
        ("ở số 12 đường Lê Lợi, phường Bến Nghé", "address", "số 12 đường Lê Lợi"),
        ("trú tại xã Yên Sở", "address", "xã Yên Sở"),
        ("mã BN: 2024-00123", "record_number", "2024-00123"),
        ("PID 1234567", "record_number", "1234567"),
        ("số bệnh án BA2024-0042 nhập viện", "record_number", "BA2024-0042"),
        ("NGUYEN VAN AN, nam", "name", "NGUYEN VAN AN"),
        ("cháu Minh Anh sốt cao", "name", "Minh Anh"),
        ("chị Lan đau bụng", "name", "Lan"),
    ],
)
def test_each_kind_is_found_in_the_forms_clinicians_write(text, kind, value):
    assert (kind, value) in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "BN nam 45 tuổi, đái tháo đường típ 2, đường huyết 7,2 mmol/L, HbA1c 7,5%.",
        "Chuyển từ Bệnh viện Chợ Rẫy, TP Hồ Chí Minh, ngày 05/06/2024; CT ngực: khối 32 x 28 mm.",
        "Hb 112 g/L, BC 9,8 G/L, TC 245 G/L; Paclitaxel 175 mg/m2; HBsAg Dương tính; Lý do vào viện: sốt.",
        "Huyết áp 150/90 mmHg, mạch 96 lần/phút, SpO2 94%, thời gian 12.500 ms.",
    ],
)
def test_clinical_text_without_identifiers_is_left_alone(text):
    assert kinds(text) == []


def test_an_age_or_birth_year_outside_the_age_band_is_flagged():
    text = "Bé 5 tuổi, sinh năm 1970"
    assert [k for k, _ in kinds(text, age_band="1-15")] == ["age_band"]
    assert kinds("bé 5 tuổi", age_band="1-15") == []
    assert kinds("trẻ 8 tháng tuổi", age_band="0-1") == []
    assert [k for k, _ in kinds("45 tuổi", age_band="1-15")] == ["age_band"]


def test_redact_leaves_the_clinical_words():
    assert redact("CT ngực NGUYEN VAN AN 0912345678") == "CT ngực *** ***"


@given(st.text(max_size=300), st.sampled_from(["", "0-1", "1-15", "16-39", "40-64", "65+"]))
@settings(deadline=None, max_examples=200)
def test_any_text_gives_ordered_spans_inside_it_and_nothing_else(text, age_band):
    findings = scan(text, age_band=age_band)
    normalised = unicodedata.normalize("NFC", text)
    assert all(0 <= f.start < f.end <= len(normalised) for f in findings)
    assert all(a.end <= b.start for a, b in zip(findings, findings[1:], strict=False))
    assert "".join(piece for piece, _ in segments(text, findings)) == normalised
