"""Vietnamese text: one normal form for storage, one fold for search and matching.

Every text input is stored NFC-normalised. Search and matching compare *folded* text: NFC, marks stripped,
`đ` → `d`, casefolded, so "benh vien k" finds "Bệnh viện K" and old and new tone placement (hoà / hòa)
meet in the same form.
"""

import functools
import re
import unicodedata

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def nfc(text: str) -> str:
    """The stored form of a text input: NFC, without surrounding white space."""
    return unicodedata.normalize("NFC", text).strip()


class _Marks(dict):
    """A `str.translate` table that drops combining marks: each character is classified once, when first
    met, so folding a text is one pass in C rather than a Python test per character."""

    def __missing__(self, code: int) -> int | None:
        self[code] = None if unicodedata.combining(chr(code)) else code
        return self[code]


_MARKS = _Marks()


def fold(text: str) -> str:
    """Accent- and case-insensitive form of a text; `đ`/`Đ` fold to `d`."""
    if text.isascii():
        return text.casefold()  # nothing to decompose or strip
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", decomposed.translate(_MARKS)).casefold()


def fold_words(text: str) -> list[str]:
    """The folded words of a text, punctuation dropped."""
    return _NON_WORD.sub(" ", fold(text)).split()


@functools.lru_cache(maxsize=4096)
def _folded_words(text: str) -> tuple[str, ...]:
    """fold_words remembered for the texts most records repeat (their owner's and partners' names: a sheet of
    100,000 activities names the same institution 100,000 times)."""
    return tuple(fold_words(text))


def search_document(*parts: str | None) -> str:
    """The value of a `search_text` column: folded words framed by spaces.

    The leading space lets a query word be matched as a word prefix with a plain substring test (" vien").
    """
    words = [w for part in parts if part for w in _folded_words(part)]
    return f" {' '.join(words)} " if words else ""
