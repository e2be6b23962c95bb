"""Property-based tests (hypothesis): on any input the text and date readers either answer or raise the one
documented error; the fold keeps its promises (idempotent, no marks, đ → d)."""

import unicodedata
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from medcoop.core.dates import PartialDate
from medcoop.core.text import fold

VIETNAMESE = st.text(
    alphabet=st.sampled_from(
        "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậđèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ ĐÂĂÊÔƠƯ"
    ),
    max_size=60,
)


@given(st.text() | VIETNAMESE)
def test_fold_is_idempotent_markless_and_folds_d(text):
    folded = fold(text)
    assert fold(folded) == folded
    assert "đ" not in folded and "Đ" not in folded
    assert not any(unicodedata.combining(ch) for ch in unicodedata.normalize("NFD", folded) if ch.isascii())
    assert folded == folded.casefold()


@given(VIETNAMESE)
def test_fold_does_not_depend_on_how_the_text_was_composed(text):
    assert fold(unicodedata.normalize("NFD", text)) == fold(unicodedata.normalize("NFC", text)) == fold(text)


@given(st.text(max_size=30))
def test_a_date_is_read_or_refused_with_its_reason(text):
    try:
        parsed = PartialDate.parse(text)
    except ValueError as error:
        assert "date" in str(error)
    else:
        assert isinstance(parsed.value, date) and parsed.last_day >= parsed.value


@settings(max_examples=200)
@given(st.dates(min_value=date(1000, 1, 1)))
def test_every_day_written_dd_mm_yyyy_reads_back(day):
    assert PartialDate.parse(day.strftime("%d/%m/") + f"{day.year:04d}").value == day
