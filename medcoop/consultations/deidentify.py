"""What a partner receives: files with nothing that identifies the patient.

DICOM follows the Basic Application Level Confidentiality Profile of DICOM PS3.15 Annex E, attribute by
attribute: the action of every attribute of Table E.1-1 (X remove, Z empty, D dummy, U new UID, and the combined
ones) comes from dicom-anonymizer's copy of the standard's table (`ANNEX_E`), applied at every depth of the
dataset, private attributes removed. Options chosen (and written into DeidentificationMethodCodeSequence):

- Retain Longitudinal Temporal Information with Modified Dates (113107): every date and date-time moves by the
  case's own number of days (so intervals stay true), times of day stay; the birth date is emptied.
- Clean Descriptors (113105): StudyDescription, SeriesDescription, ImageComments, ProtocolName and the other
  descriptors keep their clinical words, with every identifier the scanner finds (medcoop.consultations.identifiers)
  replaced by ***; a descriptor left with nothing is removed.
- Patient characteristics are not retained: PatientAge, PatientWeight, PatientSize and PatientSex go as the
  basic profile says (the case carries an age band and a sex of its own).

UIDs are replaced by ones derived from the originals with the case's secret (so a study stays one study and
no one without MEDCOOP_DEID_SECRET links them back). A file whose pixels may carry burned-in text
(BurnedInAnnotation YES, ultrasound, secondary capture, screenshots, other) is held back for a person to check
and black out (`pixel_check_reason`, `black_out`). PDFs lose their metadata, scripts, actions, embedded files, forms and
annotations; DOCX and XLSX their properties, comments and tracked changes. Photos are re-encoded from their pixels alone, which leaves
EXIF, GPS and every other metadata behind.
"""

import functools
import hashlib
import io
from datetime import datetime, timedelta

from django.utils.translation import gettext as _
from PIL import Image

from medcoop.consultations.identifiers import redact

ANNEX_E = "dicomfields_2026c"
PATIENT_NAME = "ANONYMOUS"
DUMMY = {"PN": PATIENT_NAME, "DS": "0", "IS": "0", "AS": "000Y", "CS": "ANONYMIZED"}
NUMBERS, BYTES = ("US", "SS", "UL", "SL", "FL", "FD", "AT"), ("OB", "OW", "OD", "OF", "OL", "OV", "UN")
UID_ROOT = "2.25."  # UUID-derived UIDs, PS3.5 B.2
# Annex E, Clean Descriptors Option: the attributes marked C in its column.
DESCRIPTORS = {
    "StudyDescription",
    "SeriesDescription",
    "ImageComments",
    "ProtocolName",
    "AcquisitionComments",
    "AcquisitionProtocolDescription",
    "PerformedProcedureStepDescription",
    "RequestedProcedureDescription",
    "ScheduledProcedureStepDescription",
    "DerivationDescription",
    "ContrastBolusAgent",
    "BodyPartExamined",
    "ImageType",
}
# Modalities and SOP classes whose pixels often carry the patient's name: ultrasound, secondary capture
# (screenshots, scanned documents), other, external-camera photography, endoscopy.
BURNED_IN_MODALITIES = {"US", "IVUS", "OT", "SC", "XC", "ES", "DOC"}
BURNED_IN_SOP_CLASSES = {
    "1.2.840.10008.5.1.4.1.1.6.1",  # Ultrasound Image
    "1.2.840.10008.5.1.4.1.1.6.2",  # Enhanced US Volume
    "1.2.840.10008.5.1.4.1.1.3.1",  # Ultrasound Multi-frame Image
    "1.2.840.10008.5.1.4.1.1.7",  # Secondary Capture Image
    "1.2.840.10008.5.1.4.1.1.7.1",  # Multi-frame Single Bit SC
    "1.2.840.10008.5.1.4.1.1.7.2",  # Multi-frame Grayscale Byte SC
    "1.2.840.10008.5.1.4.1.1.7.3",  # Multi-frame Grayscale Word SC
    "1.2.840.10008.5.1.4.1.1.7.4",  # Multi-frame True Color SC
    "1.2.840.10008.5.1.4.1.1.77.1.4",  # VL Photographic Image
}
KEPT_UIDS = ("SOPClassUID", "TransferSyntaxUID", "MediaStorageSOPClassUID", "ReferencedSOPClassUID")


class DeidentificationError(ValueError):
    """A file that cannot be made safe to share, with a message for the user."""


def case_date_shift(case_pk: int, secret: str) -> int:
    """Days every date of one case moves back: the same for all its files, unknowable without the secret."""
    digest = hashlib.sha256(f"{secret}:{case_pk}".encode()).digest()
    return -(30 + int.from_bytes(digest[:4], "big") % 3620)


@functools.cache
def annex_e() -> tuple[dict, list]:
    """Table E.1-1 as (tag → action) and the repeating groups as (group, element, masks, action)."""
    from dicomanonymizer.dicomfields_selector import dicom_anonymization_database_selector

    table = dicom_anonymization_database_selector(ANNEX_E)
    actions = {
        "X_TAGS": "remove",
        "Z_TAGS": "empty",
        "X_Z_TAGS": "empty",
        "D_TAGS": "dummy",
        "Z_D_TAGS": "empty",  # Z/D: a zero-length value where the IOD allows one (Type 2)
        "X_D_TAGS": "dummy",  # X/D: kept as a dummy, since Type 1 attributes must not go
        "X_Z_D_TAGS": "remove",
        "U_TAGS": "uid",
        "X_Z_U_STAR_TAGS": "uid",
    }
    single, groups = {}, []
    for category, action in actions.items():
        for tag in table[category]:
            if len(tag) == 2:
                single[(tag[0] << 16) | tag[1]] = action
            else:
                groups.append((tag, action))
    return single, groups


def _action(tag) -> str | None:
    single, groups = annex_e()
    if tag in single:
        return single[tag]
    for (group, element, group_mask, element_mask), action in groups:
        if tag.group & group_mask == group & group_mask and tag.element & element_mask == element & element_mask:
            return action
    return None


def _new_uid(uid: str, salt: str) -> str:
    return UID_ROOT + str(int.from_bytes(hashlib.sha256(f"{salt}:{uid}".encode()).digest()[:16], "big"))


def _shift(value: str, vr: str, days: int) -> str:
    try:
        if vr == "DA":
            return (datetime.strptime(value[:8], "%Y%m%d").date() + timedelta(days=days)).strftime("%Y%m%d")
        if vr == "DT":
            moved = datetime.strptime(value[:14].ljust(14, "0"), "%Y%m%d%H%M%S") + timedelta(days=days)
            return moved.strftime("%Y%m%d%H%M%S")
    except ValueError:
        return ""
    return value


def _clean_descriptor(ds, element) -> None:
    values = element.value if element.VM > 1 else [element.value]
    cleaned = [redact(str(value)) for value in values if value is not None]
    if not any(value.strip(" *") for value in cleaned):
        del ds[element.tag]
    else:
        element.value = cleaned if element.VM > 1 else cleaned[0]


def _cleaner(date_shift_days: int, uid_salt: str):
    """The callback applying Annex E and the chosen options to one attribute, at any depth."""

    def clean(ds, element):
        keyword, vr = element.keyword, element.VR
        if element.tag.is_private:
            return
        action = _action(element.tag)
        if keyword in DESCRIPTORS and vr not in ("SQ", "DA", "DT"):
            _clean_descriptor(ds, element)
        elif keyword == "PatientBirthDate":
            element.value = ""
        elif keyword == "PatientName":
            element.value = PATIENT_NAME  # Z allows a dummy value; viewers show it instead of a blank
        elif vr in ("DA", "DT"):
            element.value = _shift(str(element.value), vr, date_shift_days) if element.value else element.value
        elif vr == "TM" and action != "remove":
            return  # times of day are kept with the modified dates
        elif vr == "UI":
            if keyword not in KEPT_UIDS and element.value and action != "remove":
                uids = element.value if element.VM > 1 else [element.value]
                new = [u if str(u).startswith("1.2.840.10008") else _new_uid(str(u), uid_salt) for u in uids]
                element.value = new if element.VM > 1 else new[0]
            elif action == "remove":
                del ds[element.tag]
        elif action == "remove":
            del ds[element.tag]
        elif action == "empty" or (action == "dummy" and vr == "SQ"):
            element.value = [] if vr == "SQ" else None if vr in NUMBERS else b"" if vr in BYTES else ""
        elif action == "dummy":
            element.value = 0 if vr in NUMBERS else b"" if vr in BYTES else DUMMY.get(vr, "ANONYMIZED")
        elif vr == "PN" and element.value:
            element.value = ""  # a person's name outside the table (a private-looking standard attribute)

    return clean


def read_dicom(data: bytes, **options):
    import pydicom
    from pydicom.errors import InvalidDicomError

    try:
        return pydicom.dcmread(io.BytesIO(data), **options)
    except (InvalidDicomError, EOFError, ValueError, TypeError, KeyError) as error:
        raise DeidentificationError(_("The DICOM file cannot be read: %(reason)s") % {"reason": error}) from error


def deidentify_dicom(data: bytes, *, date_shift_days: int, uid_salt: str) -> bytes:
    """A de-identified copy of a DICOM file; the original bytes are not changed."""
    from pydicom.dataset import Dataset

    dataset = read_dicom(data)
    if "PixelData" not in dataset and "SOPClassUID" not in dataset:
        raise DeidentificationError(_("The DICOM file lacks its image or its SOP class."))
    dataset.remove_private_tags()
    dataset.walk(_cleaner(date_shift_days, uid_salt))
    if hasattr(dataset, "file_meta"):
        if "SOPInstanceUID" in dataset:
            dataset.file_meta.MediaStorageSOPInstanceUID = dataset.SOPInstanceUID
        for tag in [t for t in dataset.file_meta.keys() if t.element in (0x0016, 0x0100, 0x0102)]:
            del dataset.file_meta[tag]  # source AE title and private information of the sender
    dataset.PatientIdentityRemoved = "YES"
    dataset.DeidentificationMethod = "PS3.15 E.1-1 basic; modified dates; clean descriptors"
    codes = []
    for value, meaning in (
        ("113100", "Basic Application Confidentiality Profile"),
        ("113107", "Retain Longitudinal Temporal Information Modified Dates Option"),
        ("113105", "Clean Descriptors Option"),
    ):
        code = Dataset()
        code.CodeValue, code.CodingSchemeDesignator, code.CodeMeaning = value, "DCM", meaning
        codes.append(code)
    dataset.DeidentificationMethodCodeSequence = codes
    out = io.BytesIO()
    dataset.save_as(out, enforce_file_format=True)
    return out.getvalue()


def pixel_check_reason(data: bytes) -> str:
    """Why a person must look at the pixels before a partner does, or "" when nothing suggests burned-in text."""
    dataset = read_dicom(data, stop_before_pixels=True)
    if str(dataset.get("BurnedInAnnotation", "")).upper() == "YES":
        return _("The file says text is burned into the image (BurnedInAnnotation YES).")
    modality = str(dataset.get("Modality", "")).upper()
    if modality in BURNED_IN_MODALITIES or str(dataset.get("SOPClassUID", "")) in BURNED_IN_SOP_CLASSES:
        return _("%(modality)s images often carry the patient's name in their pixels.") % {
            "modality": modality or _("This kind of")
        }
    return ""


def black_out(data: bytes, *, left: int, top: int, width: int, height: int) -> bytes:
    """The file with one rectangle of every frame set to black, and marked as checked for burned-in text."""
    dataset = read_dicom(data)
    if "PixelData" not in dataset or dataset.file_meta.TransferSyntaxUID.is_compressed:
        raise DeidentificationError(_("Only uncompressed DICOM images can be blacked out here."))
    rows, columns = int(dataset.Rows), int(dataset.Columns)
    if width <= 0 or height <= 0 or left < 0 or top < 0 or left + width > columns or top + height > rows:
        raise DeidentificationError(
            _("The rectangle must lie inside the image (%(columns)s × %(rows)s pixels).")
            % {"columns": columns, "rows": rows}
        )
    samples = int(dataset.get("SamplesPerPixel", 1))
    planar = int(dataset.get("PlanarConfiguration", 0)) if samples > 1 else 0
    pixel_bytes = int(dataset.BitsAllocated) // 8
    if pixel_bytes == 0:
        raise DeidentificationError(_("Only uncompressed DICOM images can be blacked out here."))
    frames = int(dataset.get("NumberOfFrames", 1) or 1)
    pixels = bytearray(dataset.PixelData)
    planes = samples if planar else 1
    step = pixel_bytes * (1 if planar else samples)
    plane_size = rows * columns * step
    for frame in range(frames):
        for plane in range(planes):
            base = (frame * planes + plane) * plane_size
            for row in range(top, top + height):
                start = base + (row * columns + left) * step
                pixels[start : start + width * step] = bytes(width * step)
    dataset.PixelData = bytes(pixels)
    dataset.BurnedInAnnotation = "NO"
    out = io.BytesIO()
    dataset.save_as(out, enforce_file_format=True)
    return out.getvalue()


def strip_photo(data: bytes) -> bytes:
    """The picture alone, re-encoded in its own format: EXIF, GPS, comments and profiles are gone."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            picture_format = image.format
            pixels = Image.new(image.mode, image.size)
            pixels.paste(image)
            if image.mode == "P":
                pixels.putpalette(image.getpalette())
    except (OSError, ValueError) as error:
        raise DeidentificationError(_("The image cannot be read.")) from error
    out = io.BytesIO()
    options = {"quality": 92} if picture_format == "JPEG" else {}
    pixels.save(out, format=picture_format, **options)
    return out.getvalue()


def clean_pdf(data: bytes) -> bytes:
    """The PDF without what carries names or runs by itself: document information, XMP metadata, JavaScript,
    open and page actions, embedded files, forms and annotations (comments, links, attachments)."""
    import pikepdf

    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except (pikepdf.PdfError, pikepdf.PasswordError, ValueError) as error:
        raise DeidentificationError(_("The PDF cannot be read.")) from error
    with pdf:
        if "/Info" in pdf.trailer:
            del pdf.trailer["/Info"]
        root = pdf.Root
        for key in (
            "/Metadata",
            "/OpenAction",
            "/AA",
            "/AcroForm",
            "/Names",
            "/PieceInfo",
            "/Threads",
            "/URI",
            "/Outlines",
        ):
            if key in root:
                del root[key]
        for page in pdf.pages:
            for key in ("/Annots", "/AA", "/Metadata", "/PieceInfo", "/Thumb"):
                if key in page.obj:
                    del page.obj[key]
        for obj in pdf.objects:  # XMP of images and fonts, and any action left on an object
            if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
                for key in ("/Metadata", "/JS", "/AA"):
                    if key in obj:
                        del obj[key]
        out = io.BytesIO()
        pdf.save(out, linearize=False, fix_metadata_version=False, deterministic_id=True)
    return out.getvalue()


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Parts that hold who wrote what: comments (Word and Excel, threaded or not), their authors, revision logs.
OFFICE_DROPPED = ("comment", "people", "person", "threadedComment", "revision", "vmlDrawing", "custom.xml")
EMPTY_CORE = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    b'xmlns:dc="http://purl.org/dc/elements/1.1/"/>'
)


def _dropped(name: str) -> bool:
    base = name.rsplit("/", 1)[-1]
    return any(base.startswith(part) for part in OFFICE_DROPPED)


def _office_xml(name: str, data: bytes, dropped: set[str]) -> bytes:
    """One XML part with tracked changes accepted and every pointer to a dropped part removed."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        tree = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise DeidentificationError(_("The document cannot be read.")) from error
    for element in list(tree.iter()):
        tag = element.tag if isinstance(element.tag, str) else ""
        local = tag.rsplit("}", 1)[-1]
        parent = element.getparent()
        if parent is None:
            continue
        if (
            tag in (W + "del", W + "moveFrom")
            or local.endswith("PrChange")
            or local
            in (
                "commentRangeStart",
                "commentRangeEnd",
                "commentReference",
                "legacyDrawing",
            )
        ):
            parent.remove(element)
        elif tag in (W + "ins", W + "moveTo"):
            index = parent.index(element)
            for child in list(element):
                parent.insert(index, child)
                index += 1
            parent.remove(element)
        elif local in ("Relationship", "Override") and any(
            (element.get("Target") or element.get("PartName") or "").endswith(d.rsplit("/", 1)[-1]) for d in dropped
        ):
            parent.remove(element)
    if name == "docProps/app.xml":
        for element in list(tree):
            if element.tag.rsplit("}", 1)[-1] in ("Company", "Manager", "HyperlinkBase"):
                tree.remove(element)
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)


def clean_office(data: bytes) -> bytes:
    """A DOCX or XLSX without its core properties (author, title, dates), custom properties, comments and their
    authors, and with tracked changes accepted, so no deleted text or reviewer's name is left behind. A zip
    bomb or an XML with entities is refused before any part is expanded."""
    import zipfile

    from medcoop.core.files import UnsafeArchive, check_office_zip

    try:
        check_office_zip(data)
    except UnsafeArchive as error:
        raise DeidentificationError(str(error)) from error
    try:
        source = zipfile.ZipFile(io.BytesIO(data))
        names = source.namelist()
    except (zipfile.BadZipFile, ValueError) as error:
        raise DeidentificationError(_("The document cannot be read.")) from error
    dropped = {name for name in names if _dropped(name)}
    out = io.BytesIO()
    with source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            if name in dropped:
                continue
            part = source.read(name)
            if name == "docProps/core.xml":
                part = EMPTY_CORE
            elif name.endswith((".xml", ".rels")):
                part = _office_xml(name, part, dropped)
            target.writestr(name, part)
    return out.getvalue()
