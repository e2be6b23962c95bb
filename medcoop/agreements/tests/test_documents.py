"""An agreement's signed copy, annexes and minutes: kept by whoever may change the agreement, checked by content
before they are kept, fetched by its readers, refused to everyone else with nothing changed."""

import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from medcoop.agreements.models import AgreementDocument
from medcoop.conftest import make_user
from medcoop.core.models import Role
from medcoop.core.tests.test_files import PDF_BYTES

PDF = PDF_BYTES


def upload(data: bytes, name: str):
    file = io.BytesIO(data)
    file.name = name
    return file


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_coordinator_keeps_the_signed_copy_and_its_readers_fetch_it(logged_in, coordinator_a, agreement_of_a):
    client = logged_in(coordinator_a)
    add = reverse("agreement-document-add", args=[agreement_of_a.pk])
    response = client.post(add, {"kind": "signed", "title": "Bản ký", "file": upload(PDF, "mou.pdf")})
    assert response.status_code == 302
    document = agreement_of_a.documents.get()
    assert (document.content_type, document.size) == ("application/pdf", len(PDF))
    page = client.get(agreement_of_a.get_absolute_url()).content.decode()
    assert "Bản ký" in page and "Bản đã ký" in page
    fetched = client.get(reverse("agreement-document", args=[document.pk]))
    assert b"".join(fetched.streaming_content) == PDF

    assert client.get(reverse("agreement-document-delete", args=[document.pk])).status_code == 200  # asks first
    assert AgreementDocument.objects.exists()
    assert client.post(reverse("agreement-document-delete", args=[document.pk])).status_code == 302
    assert not AgreementDocument.objects.exists()


def test_a_file_that_is_not_what_its_name_says_is_refused_in_vietnamese(logged_in, coordinator_a, agreement_of_a):
    client = logged_in(coordinator_a)
    add = reverse("agreement-document-add", args=[agreement_of_a.pk])
    response = client.post(add, {"kind": "signed", "file": upload(b"MZ\x90\x00 not a pdf", "mou.pdf")})
    assert response.status_code == 400
    assert "Không chấp nhận loại tệp này" in response.content.decode()
    renamed = client.post(add, {"kind": "signed", "file": upload(PDF, "mou.docx")})
    assert renamed.status_code == 400
    truncated = client.post(add, {"kind": "signed", "file": upload(PDF[:60], "mou.pdf")})
    assert truncated.status_code == 400 and "bị hỏng" in truncated.content.decode()
    assert not AgreementDocument.objects.exists()


@pytest.mark.parametrize("role", [Role.CLINICIAN, Role.LEADERSHIP, Role.MINISTRY, Role.PARTNER, "other-coordinator"])
def test_who_may_not_change_the_agreement_may_neither_add_nor_delete(
    logged_in, coordinator_a, agreement_of_a, hospital_a, hospital_b, partner_of_a, role
):
    document = AgreementDocument.objects.create(agreement=agreement_of_a, file=ContentFile(PDF, name="mou.pdf"))
    if role == "other-coordinator":
        user = make_user("coord_other", Role.COORDINATOR, hospital_b)
    else:
        organization = {Role.MINISTRY: None, Role.PARTNER: partner_of_a}.get(role, hospital_a)
        user = make_user(f"u_{role}", role, organization)
    client = logged_in(user)
    add = reverse("agreement-document-add", args=[agreement_of_a.pk])
    assert client.get(add).status_code == 404
    assert client.post(add, {"kind": "signed", "file": upload(PDF, "x.pdf")}).status_code == 404
    assert client.post(reverse("agreement-document-delete", args=[document.pk])).status_code == 404
    assert list(AgreementDocument.objects.values_list("pk", flat=True)) == [document.pk]
    if role in (Role.CLINICIAN, Role.LEADERSHIP, Role.MINISTRY):  # they read its page, with no way to add a file
        page = client.get(agreement_of_a.get_absolute_url()).content.decode()
        assert agreement_of_a.get_absolute_url() in page and add not in page


def test_an_untitled_file_is_named_as_uploaded_even_when_the_name_is_taken(logged_in, coordinator_a, agreement_of_a):
    client = logged_in(coordinator_a)
    add = reverse("agreement-document-add", args=[agreement_of_a.pk])
    form = client.get(add).content.decode()  # the picker offers the accepted types; the page says the limit
    assert 'accept=".pdf,.docx,.xlsx,.png,.jpg,.jpeg"' in form and "Tối đa 20,0" in form and "mang tên tệp" in form
    name = "Biên bản ký kết – BV K & GR (2024).pdf"
    for _ in range(2):
        assert client.post(add, {"kind": "signed", "file": upload(PDF, name)}).status_code == 302
    page = client.get(agreement_of_a.get_absolute_url()).content.decode()
    assert page.count(">Biên bản ký kết – BV K &amp; GR (2024).pdf</a>") == 2  # each link, as uploaded
    assert [str(d) for d in agreement_of_a.documents.all()] == [name, name]


def test_a_long_file_name_is_kept_shortened_with_its_extension_and_titled_in_full(
    logged_in, coordinator_a, agreement_of_a
):
    client = logged_in(coordinator_a)
    add = reverse("agreement-document-add", args=[agreement_of_a.pk])
    name = "Biên bản ghi nhớ hợp tác đào tạo xạ trị giữa Bệnh viện K và Viện Gustave Roussy " * 3 + "(bản ký).pdf"
    assert len(name) > 100
    for _ in range(2):  # the second one is stored beside the first
        assert client.post(add, {"kind": "signed", "file": upload(PDF, name)}).status_code == 302
    first, second = agreement_of_a.documents.order_by("pk")
    assert str(first) == str(second) == name  # its title is the name it came under
    for document in (first, second):
        stored = document.file.name.rsplit("/", 1)[-1]
        assert stored.endswith(".pdf") and stored.startswith("Biên_bản_ghi_nhớ") and len(document.file.name) <= 100
        assert b"".join(client.get(reverse("agreement-document", args=[document.pk])).streaming_content) == PDF
    assert first.file.name != second.file.name
