"""Uploaded files are checked by what they are, not what they are called: an allow-list of types recognised
from their first bytes (and, for Office files, their zip structure), and a size cap."""

import zipfile
import zlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .text import nfc

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

DOCUMENT_TYPES = {PDF: ".pdf", DOCX: ".docx", XLSX: ".xlsx", PNG: ".png", JPEG: ".jpg"}


def shortened_name(name: str, limit: int = 60, max_bytes: int = 150) -> str:
    """A file's name cut to `limit` characters and `max_bytes` in UTF-8 (what file systems count: a Vietnamese
    letter may take three), its extension kept and, when one is near, cut at a word's end: "Biên bản ký kết
    giữa … (2024).pdf" keeps its start and ".pdf". Room is left for the folder and the suffix storage adds to
    a name already taken."""
    name = nfc(name.replace("\\", "/").rsplit("/", 1)[-1])

    def fits(text: str) -> bool:
        return len(text) <= limit and len(text.encode()) <= max_bytes

    if fits(name):
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or len(extension) > 10:
        stem, extension = name, ""
    suffix = f".{extension}" if extension else ""
    kept = stem
    while kept and not fits(kept + suffix):
        kept = kept[:-1]
    word_end = max(kept.rfind(sign) for sign in " _-.,(")
    if word_end > len(kept) * 2 // 3:  # a word's end close by: no half word left at the end
        kept = kept[:word_end]
    return (kept.rstrip(" ._-,(") or "file") + suffix


def _read_head(upload, count: int = 8) -> bytes:
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(count)
    upload.seek(position)
    return head


def _office_type(upload) -> str | None:
    position = upload.tell()
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(position)
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def sniff_document_type(upload) -> str | None:
    """The content type the bytes show, among the allowed ones; None for anything else."""
    head = _read_head(upload)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _office_type(upload)
    return None


def validate_document(upload) -> None:
    """Refuse a file that is too large, or whose content is not an allowed type or does not match its name."""
    limit = settings.MEDCOOP_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."))
    content_type = sniff_document_type(upload)
    if content_type is None:
        raise ValidationError(_("This file type is not accepted: upload a PDF, DOCX, XLSX, JPEG or PNG file."))
    try:
        check_office_zip(upload) if content_type in {DOCX, XLSX} else check_opens(upload, content_type)
    except UnsafeArchive as error:
        raise ValidationError(str(error)) from error
    extension = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension not in {DOCUMENT_TYPES[content_type], ".jpeg" if content_type == JPEG else None}:
        raise ValidationError(
            _("The file name says “%(ext)s” but its content is %(type)s.")
            % {"ext": extension or "?", "type": DOCUMENT_TYPES[content_type]}
        )


# An Office file is a zip: a 1.5 MB XLSX can expand to 1.5 GB. Its directory is checked before any part is read.
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_ZIP_RATIO = 100
MAX_ZIP_MEMBERS = 10_000
ZIP_CHUNK = 256 * 1024  # a part is expanded this much at a time to be checked, never whole in memory


class UnsafeArchive(ValueError):
    """An Office file refused before it is opened, with a message for the user."""


MAX_IMAGE_PIXELS = 50_000_000  # a scan of an A4 page at 600 dpi is 35 million; past this, a decompression bomb


def check_opens(upload, content_type: str) -> None:
    """Refuse a PDF or picture that its own library cannot open (truncated, damaged), or a picture whose header
    claims more pixels than a scan has: a file kept must be one its readers can open."""
    import pikepdf
    from PIL import Image

    upload.seek(0)
    try:
        if content_type == PDF:
            pikepdf.open(upload).close()
        else:
            with Image.open(upload) as picture:
                if picture.width * picture.height > MAX_IMAGE_PIXELS:
                    raise UnsafeArchive(_("This picture is too large to open; it is refused."))
                picture.verify()
    except (
        pikepdf.PdfError,
        pikepdf.PasswordError,
        OSError,
        ValueError,
        SyntaxError,
        Image.DecompressionBombError,
    ) as error:
        if isinstance(error, UnsafeArchive):
            raise
        raise UnsafeArchive(_("This file is damaged or truncated and cannot be opened.")) from error
    finally:
        upload.seek(0)


def check_office_zip(data) -> None:
    """Refuse a zip (bytes or file) that would expand past MAX_UNZIPPED_BYTES or MAX_ZIP_RATIO, whose XML
    declares entities (billion laughs; defusedxml reads each part's prolog only), or one of whose parts is
    damaged. Every part is expanded to its end, a chunk at a time, so a broken deflate stream (zlib.error,
    which zipfile does not turn into BadZipFile) or a wrong checksum is found here, by the sizes already
    checked, and not later by python-docx or the sheet reader in the middle of a request."""
    import io

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import iterparse

    source = io.BytesIO(data) if isinstance(data, bytes) else data
    try:
        with zipfile.ZipFile(source) as archive:
            members = archive.infolist()
            total = sum(m.file_size for m in members)
            packed = sum(m.compress_size for m in members) or 1
            if len(members) > MAX_ZIP_MEMBERS or total > MAX_UNZIPPED_BYTES or total / packed > MAX_ZIP_RATIO:
                raise UnsafeArchive(
                    _("This file would expand to %(size)s when opened; it is refused as a zip bomb.")
                    % {"size": filesizeformat(total)}
                )
            for member in members:
                with archive.open(member) as part:
                    if member.filename.endswith((".xml", ".rels")):
                        for _event, _element in iterparse(part, events=("start",), forbid_dtd=True):
                            break  # the prolog, where a DTD would be, has been read
                    while part.read(ZIP_CHUNK):  # the rest, to the checksum zipfile compares at the end
                        pass
    except (DefusedXmlException, SyntaxError) as error:
        raise UnsafeArchive(_("This file's XML is malformed or declares entities; it is refused.")) from error
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as error:
        if isinstance(error, UnsafeArchive):
            raise
        raise UnsafeArchive(_("This file is damaged or truncated and cannot be opened.")) from error
    finally:
        if not isinstance(data, bytes):
            source.seek(0)
