"""Real files made for the tests (a DICOM image with a patient's identity in it, photos with GPS tags) and a
draft case of institution A's clinician with a French expert invited and the patient's consent recorded."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image

from medcoop.conftest import make_user
from medcoop.consultations import services
from medcoop.consultations.models import ConsultationCase
from medcoop.core.models import Specialty
from medcoop.core.permissions import Role
from medcoop.privacy.models import Consent
from medcoop.privacy.services import record_consent


def make_dicom(patient_name="NGUYEN^VAN^A", patient_id="BN-2025-0042", study_date="20250315") -> bytes:
    """A small CT image written by pydicom, carrying identifying tags, a private tag and dates."""
    from pydicom.dataset import Dataset, FileMetaDataset
    from pydicom.uid import CTImageStorage, ExplicitVRLittleEndian, generate_uid

    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = CTImageStorage
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SpecificCharacterSet = "ISO_IR 192"  # UTF-8, for the Vietnamese address and names
    ds.SOPClassUID = CTImageStorage
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID = generate_uid()
    ds.SeriesInstanceUID = generate_uid()
    ds.PatientName = patient_name
    ds.PatientID = patient_id
    ds.PatientBirthDate = "19650704"
    ds.PatientSex = "M"
    ds.PatientAddress = "12 Phố Huế, Hà Nội"
    ds.InstitutionName = "Bệnh viện K"
    ds.ReferringPhysicianName = "TRAN^THI^B"
    ds.StudyDate = study_date
    ds.SeriesDate = study_date
    ds.AcquisitionDateTime = f"{study_date}101500"
    ds.Modality = "CT"
    ds.add_new(0x00091010, "LO", "private vendor note with the patient's name")
    ds.Rows, ds.Columns = 8, 8
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    ds.PixelData = b"".join(value.to_bytes(2, "little") for value in range(64))
    out = io.BytesIO()
    ds.save_as(out, enforce_file_format=True)
    return out.getvalue()


def make_photo(fmt="JPEG") -> bytes:
    """A photo with EXIF GPS coordinates and a camera owner's name."""
    image = Image.new("RGB", (32, 24), (200, 120, 90))
    exif = Image.Exif()
    exif[0x013B] = "Nguyen Van A"  # Artist
    exif[0x8825] = {1: "N", 2: (21.0, 1.0, 30.0), 3: "E", 4: (105.0, 51.0, 10.0)}  # GPS IFD
    out = io.BytesIO()
    image.save(out, format=fmt, exif=exif)
    return out.getvalue()


@pytest.fixture
def dicom_bytes():
    return make_dicom()


@pytest.fixture
def clinician_a(hospital_a):
    return make_user("bacsi_a", Role.CLINICIAN, hospital_a)


@pytest.fixture
def expert(partner_of_a):
    return make_user("expert_fr", Role.PARTNER, partner_of_a)


@pytest.fixture
def draft(clinician_a, hospital_a, partner_of_a, expert):
    case = services.save_case(
        clinician_a,
        ConsultationCase(
            owner=hospital_a,
            specialty=Specialty.objects.get(code="oncology"),
            question="Xạ trị hay phẫu thuật?",
            age_band="40-64",
            sex="female",
            history="U phổi phải",
            question_translated="Radiotherapy or surgery?",
            summary_translated="Woman aged 40-64 with a right lung tumour.",
            due_on=timezone.localdate() + timedelta(days=7),
        ),
        partners=[partner_of_a],
        translation_checked=True,
    )
    services.invite(clinician_a, case, expert)
    record_consent(clinician_a, case, Consent(given_on=timezone.localdate(), form_reference="PĐY-001"))
    return case
