"""DICOM de-identification against PS3.15 Annex E: every attribute of its table, the chosen options, and files
whose pixels may carry the patient's name held back until a person blacked them out."""

import io

import pydicom
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pydicom.datadict import dictionary_VR, keyword_for_tag

from medcoop.consultations import review, services
from medcoop.consultations.deidentify import DESCRIPTORS, annex_e, deidentify_dicom
from medcoop.consultations.models import Attachment

from .conftest import make_dicom

PLANTED = ["NGUYEN VAN AN", "0912345678", "001070012345", "Trần Thị Bích"]
STRING_VRS = {"LO", "SH", "PN", "LT", "ST", "UT", "UC", "AE", "CS"}


def with_(data: bytes, **attributes) -> bytes:
    ds = pydicom.dcmread(io.BytesIO(data))
    for keyword, value in attributes.items():
        setattr(ds, keyword, value)
    out = io.BytesIO()
    ds.save_as(out, enforce_file_format=True)
    return out.getvalue()


def clean(data: bytes) -> pydicom.Dataset:
    return pydicom.dcmread(io.BytesIO(deidentify_dicom(data, date_shift_days=-100, uid_salt="s")))


def test_every_text_attribute_of_table_e1_1_loses_its_value():
    """Each attribute the table removes, empties or replaces gets a value of its own; none reaches the copy."""
    ds = pydicom.dcmread(io.BytesIO(make_dicom()))
    planted = []
    for tag in annex_e()[0]:
        keyword = keyword_for_tag(tag)
        try:
            vr = dictionary_VR(tag)
        except KeyError:
            continue
        # Descriptors are cleaned rather than removed (Clean Descriptors Option), tested below.
        if keyword and keyword not in DESCRIPTORS and vr in STRING_VRS and tag >> 16 != 0x0002:
            value = "Z" + format(tag, "08X") if vr in ("CS", "AE") else f"LEAK {tag:08X}"
            ds.add_new(tag, vr, value[:16] if vr in ("CS", "AE", "SH") else value)
            planted.append(value[:16] if vr in ("CS", "AE", "SH") else value)
    assert len(planted) > 150
    out = io.BytesIO()
    ds.save_as(out, enforce_file_format=True)
    shared = deidentify_dicom(out.getvalue(), date_shift_days=-100, uid_salt="s").decode("latin-1")
    assert [value for value in planted if value in shared] == []


def test_descriptors_are_cleaned_and_patient_characteristics_removed():
    data = with_(
        make_dicom(),
        StudyDescription="CT ngực NGUYEN VAN AN 0912345678",
        SeriesDescription="CCCD 001070012345",
        ImageComments="BN Trần Thị Bích",
        ProtocolName="Ngực thường quy",
        PatientAge="045Y",
        PatientWeight=61.5,
        PatientSize=1.62,
    )
    ds = clean(data)
    assert ds.StudyDescription == "CT ngực *** ***"
    assert ds.ProtocolName == "Ngực thường quy"
    assert "SeriesDescription" not in ds or "001070012345" not in ds.SeriesDescription
    for keyword in ("PatientAge", "PatientWeight", "PatientSize"):
        assert keyword not in ds
    raw = deidentify_dicom(data, date_shift_days=-100, uid_salt="s")
    assert not [value for value in PLANTED if value.encode() in raw]
    assert [code.CodeValue for code in ds.DeidentificationMethodCodeSequence] == ["113100", "113107", "113105"]


def test_uids_are_the_same_for_one_case_and_differ_for_another():
    data = make_dicom()
    a = deidentify_dicom(data, date_shift_days=-100, uid_salt="secret:1")
    b = deidentify_dicom(data, date_shift_days=-100, uid_salt="secret:1")
    c = deidentify_dicom(data, date_shift_days=-100, uid_salt="secret:2")
    uid = [pydicom.dcmread(io.BytesIO(x)).StudyInstanceUID for x in (a, b, c)]
    assert uid[0] == uid[1] != uid[2]


@pytest.mark.parametrize("attributes", [{"BurnedInAnnotation": "YES"}, {"Modality": "US"}])
def test_a_file_that_may_carry_burned_in_text_is_held_back_until_blacked_out(
    draft, clinician_a, expert, logged_in, settings, tmp_path, attributes
):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("us.dcm", with_(make_dicom(), **attributes))
    attachment = services.add_attachment(clinician_a, draft, upload)
    assert attachment.held_reason
    draft.status = "submitted"
    draft.save()
    assert not Attachment.objects.visible_to(expert).filter(pk=attachment.pk).exists()
    assert logged_in(expert).get(f"/consultations/attachments/{attachment.pk}/").status_code == 404
    assert logged_in(expert).post(f"/consultations/attachments/{attachment.pk}/check/", {}).status_code == 404

    preview = logged_in(clinician_a).get(f"/consultations/attachments/{attachment.pk}/preview.png")
    from PIL import Image

    assert Image.open(io.BytesIO(preview.content)).size == (8, 8)
    assert logged_in(expert).get(f"/consultations/attachments/{attachment.pk}/preview.png").status_code == 404
    page = logged_in(clinician_a).post(
        f"/consultations/attachments/{attachment.pk}/check/", {"left": 2, "top": 1, "width": 9, "height": 2}
    )
    assert page.status_code == 400  # outside the 8 × 8 image: nothing released
    attachment.refresh_from_db()
    assert attachment.held_reason
    logged_in(clinician_a).post(
        f"/consultations/attachments/{attachment.pk}/check/", {"left": 2, "top": 1, "width": 3, "height": 2}
    )
    attachment.refresh_from_db()
    assert attachment.held_reason == "" and attachment.released_by == clinician_a
    pixels = pydicom.dcmread(attachment.shared.path).PixelData
    value = [int.from_bytes(pixels[i : i + 2], "little") for i in range(0, len(pixels), 2)]
    assert value[1 * 8 + 2 : 1 * 8 + 5] == [0, 0, 0] and value[2 * 8 + 2 : 2 * 8 + 5] == [0, 0, 0]
    assert value[1 * 8 + 5] == 13 and value[3 * 8 + 2] == 26
    assert Attachment.objects.visible_to(expert).filter(pk=attachment.pk).exists()


def test_release_without_a_rectangle_needs_the_confirmation(draft, clinician_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    attachment = services.add_attachment(
        clinician_a, draft, SimpleUploadedFile("sc.dcm", with_(make_dicom(), BurnedInAnnotation="YES"))
    )
    review.release(clinician_a, attachment, None)
    assert Attachment.objects.get(pk=attachment.pk).held_reason == ""
