"""What a partner receives: files with nothing that identifies the patient.

DICOM follows the basic profile of DICOM PS3.15 (Annex E): identifying attributes removed or emptied, private
tags removed, UIDs replaced by new ones derived from the originals (so a study stays one study), and every
date shifted by the case's own offset (so intervals stay true). Photos are re-encoded from their pixels
alone, which leaves EXIF, GPS and every other metadata behind.
"""

import hashlib
import io
from datetime import datetime, timedelta

from django.utils.translation import gettext as _
from PIL import Image

# Attributes removed outright (PS3.15 Table E.1-1, basic profile action X), by keyword.
REMOVED = [
    "PatientAddress",
    "PatientTelephoneNumbers",
    "PatientMotherBirthName",
    "OtherPatientIDs",
    "OtherPatientNames",
    "OtherPatientIDsSequence",
    "PatientBirthName",
    "MilitaryRank",
    "BranchOfService",
    "MedicalRecordLocator",
    "EthnicGroup",
    "Occupation",
    "AdditionalPatientHistory",
    "PatientComments",
    "InstitutionAddress",
    "InstitutionalDepartmentName",
    "PhysiciansOfRecord",
    "PerformingPhysicianName",
    "NameOfPhysiciansReadingStudy",
    "OperatorsName",
    "RequestingPhysician",
    "ReferringPhysicianAddress",
    "ReferringPhysicianTelephoneNumbers",
    "StationName",
    "DeviceSerialNumber",
    "PatientInsurancePlanCodeSequence",
    "CountryOfResidence",
    "RegionOfResidence",
    "CurrentPatientLocation",
    "PatientState",
    "ResponsiblePerson",
    "ResponsibleOrganization",
    "IssuerOfPatientID",
    "PatientBirthTime",
    "AdmittingDiagnosesDescription",
    "RequestAttributesSequence",
    "ContentCreatorName",
    "PersonName",
    "InstitutionName",
    "ReferringPhysicianName",
]
# Attributes kept but emptied (action Z): the standard needs them present.
EMPTIED = ["PatientName", "PatientID", "PatientBirthDate", "PatientSex", "AccessionNumber", "StudyID"]
PATIENT_NAME = "ANONYMOUS"
UID_ROOT = "2.25."  # UUID-derived UIDs, PS3.5 B.2


class DeidentificationError(ValueError):
    """A file that cannot be made safe to share, with a message for the user."""


def case_date_shift(case_pk: int, secret: str) -> int:
    """Days every date of one case moves back: the same for all its files, unknowable without the secret."""
    digest = hashlib.sha256(f"{secret}:{case_pk}".encode()).digest()
    return -(30 + int.from_bytes(digest[:4], "big") % 3620)


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


def deidentify_dicom(data: bytes, *, date_shift_days: int, uid_salt: str) -> bytes:
    """A de-identified copy of a DICOM file; the original bytes are not changed."""
    import pydicom
    from pydicom.errors import InvalidDicomError

    try:
        dataset = pydicom.dcmread(io.BytesIO(data))
    except (InvalidDicomError, EOFError, ValueError, TypeError) as error:
        raise DeidentificationError(_("The DICOM file cannot be read: %(reason)s") % {"reason": error}) from error
    if "PixelData" not in dataset and "SOPClassUID" not in dataset:
        raise DeidentificationError(_("The DICOM file lacks its image or its SOP class."))
    dataset.remove_private_tags()

    def clean(ds, element):
        keyword = element.keyword
        if keyword in REMOVED:
            del ds[element.tag]
        elif keyword in EMPTIED:
            element.value = PATIENT_NAME if keyword == "PatientName" else ""
        elif (
            element.VR == "UI"
            and keyword not in ("SOPClassUID", "TransferSyntaxUID", "MediaStorageSOPClassUID")
            and element.value
            and not str(element.value).startswith("1.2.840.10008")
        ):
            element.value = _new_uid(str(element.value), uid_salt)
        elif element.VR in ("DA", "DT") and element.value:
            element.value = _shift(str(element.value), element.VR, date_shift_days)
        elif element.VR == "PN" and element.value:
            element.value = ""

    dataset.walk(clean)
    if "SOPInstanceUID" in dataset and hasattr(dataset, "file_meta"):
        dataset.file_meta.MediaStorageSOPInstanceUID = dataset.SOPInstanceUID
    dataset.PatientIdentityRemoved = "YES"
    dataset.DeidentificationMethod = "DICOM PS3.15 basic profile; dates shifted per case (MedCoop)"
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
