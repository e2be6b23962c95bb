"""From what a coordinator hands in — a .txt, .html or .docx file, pasted text, a URL — to plain Unicode text.

Bytes are checked before anything is kept: size, not binary, a known encoding (UTF-8, else Windows-1258,
the Vietnamese code page older Word files and sites still use). Text leaves NFC-normalised with one tone-mark
placement ("hoà" and "hòa" alike), so the same article read twice is recognised as the same.
"""

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from medcoop.core.text import nfc


class ReadError(ValueError):
    """Input that cannot be read as an article, with a message for the user."""


@dataclass(frozen=True)
class ReadText:
    text: str
    kind: str  # "text", "html" or "docx"
    title: str = ""
    published_on: str | None = None


def max_bytes() -> int:
    return settings.MEDCOOP_MAX_ARTICLE_BYTES


def read_bytes(data: bytes, filename: str = "") -> ReadText:
    """Plain text of a file's content, by what the content is (not by its name)."""
    if not data or not data.strip():
        raise ReadError(_("The file is empty."))
    if len(data) > max_bytes():
        raise ReadError(_("The file is larger than %(limit)s MB.") % {"limit": max_bytes() // (1024 * 1024)})
    if data.startswith(b"PK\x03\x04"):
        return _read_docx(data)
    if data.startswith(b"%PDF-"):
        raise ReadError(_("A PDF is not read here: save the article as text or Word, or paste its text."))
    if filename.lower().endswith(".docx"):
        raise ReadError(_("The file is named .docx but is not a Word document."))
    text = decode(data)
    if _looks_like_html(text):
        return read_html(text)
    return ReadText(normalize(text), "text")


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1258; binary content is refused."""
    if b"\x00" in data[:4096]:
        raise ReadError(_("This is not a text, HTML or Word file."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError as error:
        raise ReadError(_("The text is neither UTF-8 nor Windows-1258 (Vietnamese).")) from error
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\r\n\t")
    if controls > len(text) / 100:
        raise ReadError(_("This is not a text, HTML or Word file."))
    return text


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return (
        "<html" in head
        or "<body" in head
        or "<!doctype html" in head
        or len(re.findall(r"<(p|div|article)\b", head)) >= 2
    )


def read_html(html: str) -> ReadText:
    """The article body of a web page, by trafilatura; menus, comments and sidebars stay behind."""
    import trafilatura

    extracted = trafilatura.bare_extraction(
        html, include_comments=False, include_tables=True, favor_precision=True, with_metadata=True
    )
    body = getattr(extracted, "text", None) if extracted is not None else None
    if not body or len(body.strip()) < 80:
        raise ReadError(_("No article text was found on this page."))
    title = getattr(extracted, "title", "") or ""
    published = getattr(extracted, "date", None)
    text = normalize(f"{title}\n{body}" if title and not body.startswith(title) else body)
    return ReadText(text, "html", normalize(title), published)


def _read_docx(data: bytes) -> ReadText:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import LxmlError

    from medcoop.core.files import UnsafeArchive, check_office_zip  # Django's templates: only for a .docx

    try:
        check_office_zip(data)
    except UnsafeArchive as error:
        raise ReadError(str(error)) from error
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, EOFError, OSError, PackageNotFoundError, LxmlError) as error:
        raise ReadError(_("This is not a text, HTML or Word file.")) from error
    text = "\n".join(p.text for p in document.paragraphs)
    if not text.strip():
        raise ReadError(_("The file is empty."))
    return ReadText(normalize(text), "docx")


# Old-style tone placement puts the mark on the second vowel of oa, oe, uy at the end of a syllable ("hoà",
# "thuỵ"); new style on the first ("hòa", "thụy"). One form is kept so both spellings compare equal.
_OLD_TONE = re.compile(r"(?<![qQ])([oOuU])([aAeEyY])([\u0300\u0301\u0303\u0309\u0323])(?![^\W\d_])")


def normalize_tone_placement(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)

    def move(match: re.Match) -> str:
        first, second, mark = match.groups()
        if (first.lower(), second.lower()) not in {("o", "a"), ("o", "e"), ("u", "y")}:
            return match.group(0)
        return f"{first}{mark}{second}"

    return unicodedata.normalize("NFC", _OLD_TONE.sub(move, decomposed))


def normalize(text: str) -> str:
    """NFC, one tone placement, Unix line ends, no trailing blanks."""
    text = normalize_tone_placement(nfc(text)).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()
