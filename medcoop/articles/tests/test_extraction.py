"""The extractor reads Vietnamese numbers, dates and names as a reader would, and leaves page furniture out."""

import json
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest

from medcoop.articles.cleaning import clean
from medcoop.articles.extraction import extract
from medcoop.articles.numbers import find_date, find_day_spans, find_numbers
from medcoop.articles.reading import ReadError, normalize, read_bytes

ARTICLES = Path(__file__).resolve().parents[3].parent / "shared" / "articles"


@pytest.mark.parametrize(
    "text, values",
    [
        ("660 lượt", [Decimal(660)]),
        ("09 sinh viên", [Decimal(9)]),
        ("13,5 triệu Euro", [Decimal(13_500_000)]),
        ("gần 7000 bệnh nhân", [Decimal(7000)]),
        ("hơn 3 triệu bệnh nhân", [Decimal(3_000_000)]),
        ("gần 300.000 ca", [Decimal(300_000)]),
        ("40 - 50 sinh viên", []),
        ("từ 1-3 tháng", []),
        ("ngày 27/11", []),
    ],
)
def test_numbers_are_read_as_written_in_vietnamese(text, values):
    assert [n.value for n in find_numbers(text)] == values


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Tháng 10/2017, bệnh viện ký", "2017-10"),
        ("vào tháng 5 năm 2025", "2025-05"),
        ("năm 2017", "2017"),
        ("12:06 PM 22/11/2018", "2018-11-22"),
        ("ngày 27/11", None),
        ("31/02/2025", None),
    ],
)
def test_dates_keep_the_precision_the_text_gives(text, expected):
    assert find_date(text) == expected


def test_a_mission_from_the_25th_to_the_2nd_lasts_nine_days():
    assert [days for days, _s, _e in find_day_spans("Từ ngày 25/5 tới 2/6/2025, đoàn")] == [9]


def test_old_and_new_tone_placement_read_alike():
    assert normalize("Thuỵ Điển, hoà bình, khoẻ") == normalize("Thụy Điển, hòa bình, khỏe")
    assert normalize("quý, hoàng") == "quý, hoàng"


def windows_1258(text: str) -> bytes:
    """Encode as Windows-1258 does: a vowel with its hat or horn precomposed, the tone mark combining after."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for char in text:
        decomposed = unicodedata.normalize("NFD", char)
        tone = "".join(c for c in decomposed if c in tones)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
        out.append(base + tone)
    return "".join(out).encode("cp1258")


def test_windows_1258_text_is_decoded():
    text = "Bệnh viện Trung ương Huế ký biên bản ghi nhớ"
    assert read_bytes(windows_1258(text)).text == normalize(text)


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "Tệp rỗng."),
        (b"   \n", "Tệp rỗng."),
        (b"\x00\x01\x02binary\xff" * 10, "không phải"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(data, message):
    with pytest.raises(ReadError) as error:
        read_bytes(data)
    assert message in str(error.value)


def test_related_news_lists_and_captions_are_dropped():
    article = clean(
        "Tiêu đề bài viết về hợp tác y tế\nBệnh viện A ký kết với Viện B.\n"
        "Bác sĩ hai bên. (Ảnh: Nguyễn Văn C)\nTin bài liên quan\nBệnh viện Z khai trương\n"
    )
    assert "Bệnh viện Z" not in article.text and "Ảnh" not in article.text
    assert article.text.endswith("Bệnh viện A ký kết với Viện B.")


def test_organisations_figures_and_agreements_with_their_evidence():
    text = (
        "Hợp tác đào tạo tim mạch với Pháp\nTháng 10/2017, Bệnh viện Đa khoa Tỉnh Lâm Đồng ký biên bản ghi "
        "nhớ trong vòng 5 năm với Bệnh viện Nevers tại Pháp. Bệnh viện Nevers đã đào tạo cho 120 lượt nhân "
        "viên y tế và tài trợ 2,5 triệu Euro."
    )
    result = extract(text)
    body = result["text"]
    names = {o["name"]: o["country"] for o in result["organizations"]}
    assert names == {"Bệnh viện Đa khoa Tỉnh Lâm Đồng": "VN", "Bệnh viện Nevers": "FR"}
    assert result["agreements"][0]["signed_on"] == "2017-10" and result["agreements"][0]["duration_months"] == 60
    assert {(f["metric"], f["value"], f.get("currency")) for f in result["figures"]} == {
        ("staff_trained", 120, None),
        ("funding", 2_500_000, "EUR"),
    }
    staff = next(f for f in result["figures"] if f["metric"] == "staff_trained")
    assert body[staff["evidence"][0]["start"] : staff["evidence"][0]["end"]] == "120"
    assert result["countries"] == ["FR"]
    assert {"agreement", "training", "funding"} <= set(result["activity_kinds"])
    assert result["specialties"] == ["cardiology"]


@pytest.mark.skipif(not ARTICLES.is_dir(), reason="the shared articles are not beside this clone")
@pytest.mark.parametrize("name", ["uong-bi-nevers-mission", "hue-central-mahosot-laos"])
def test_nothing_is_extracted_from_the_lists_that_end_an_article(name):
    result = extract(read_bytes((ARTICLES / f"{name}.txt").read_bytes()).text)
    furniture = (ARTICLES / f"{name}.txt").read_text(encoding="utf-8").split("Tin ", 1)[-1]
    assert "Romesh" not in result["text"] and "lừa đảo" not in result["text"]
    for organization in result["organizations"]:
        assert organization["name"] not in furniture or organization["name"] in result["text"]


@pytest.mark.skipif(not ARTICLES.is_dir(), reason="the shared articles are not beside this clone")
def test_the_articles_figures_are_found():
    figures = set()
    for path in ARTICLES.glob("*.txt"):
        figures |= {(f["metric"], f["value"]) for f in extract(read_bytes(path.read_bytes()).text)["figures"]}
    assert {
        ("staff_trained", 660),
        ("students_received", 9),
        ("funding", 13_500_000),
        ("patients_treated", 7000),
        ("patients_treated", 3_000_000),
        ("duration_days", 9),
    } <= figures


def test_the_command_prints_one_json_object(tmp_path, capsys):
    from django.core.management import call_command

    article = tmp_path / "a.txt"
    article.write_text("Bệnh viện K ký kết hợp tác với Viện Gustave Roussy tại Pháp về ung thư.", encoding="utf-8")
    call_command("extract", str(article))
    printed = capsys.readouterr().out
    assert printed.count("\n") == 1
    assert {o["name"] for o in json.loads(printed)["organizations"]} == {"Bệnh viện K", "Viện Gustave Roussy"}


def test_a_word_document_is_read(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Bệnh viện K ký kết hợp tác với Viện Gustave Roussy")
    document.add_paragraph("Viện Gustave Roussy đào tạo cho 12 lượt bác sĩ.")
    path = tmp_path / "bai.docx"
    document.save(path)
    read = read_bytes(path.read_bytes(), "bai.docx")
    assert read.kind == "docx" and "12 lượt bác sĩ" in read.text


def test_an_html_file_keeps_the_article_and_drops_the_menu():
    html = (
        "<html><head><title>Tin hợp tác</title></head><body><nav><a>Trang chủ</a><a>Thể thao</a></nav>"
        "<article><h1>Hợp tác ung thư</h1><p>Bệnh viện K ký kết biên bản ghi nhớ với Viện Gustave Roussy tại "
        "Pháp về đào tạo và nghiên cứu ung thư, hội chẩn trực tuyến và trao đổi cán bộ.</p></article>"
        "<footer>Bản quyền</footer></body></html>"
    )
    read = read_bytes(html.encode("utf-8"), "tin.html")
    assert read.kind == "html" and "Gustave Roussy" in read.text
    assert "Thể thao" not in read.text and "Bản quyền" not in read.text


@pytest.mark.parametrize("data", ["Bệnh viện".encode("utf-16"), b"\x81\x8d\x8e\x90 text"])
def test_text_in_an_unknown_encoding_is_refused(data):
    with pytest.raises(ReadError):
        read_bytes(data)
