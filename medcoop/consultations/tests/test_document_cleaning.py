"""PDF, DOCX and XLSX files lose what names the patient before a partner sees them; each cleaned file is opened
back by its own library and searched for the planted values."""

import io

import docx
import openpyxl
import pikepdf
import pypdf
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl.comments import Comment

from medcoop.consultations import services

NAME, CCCD, REVIEWER = "NGUYEN VAN AN", "001070012345", "Trần Thị Bích"


def planted_pdf() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    pdf.docinfo["/Author"] = NAME
    pdf.docinfo["/Title"] = f"CCCD {CCCD}"
    with pdf.open_metadata() as xmp:
        xmp["dc:creator"] = [NAME]
    script = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String(f"app.alert('{CCCD}')")))
    pdf.Root.OpenAction = script
    embedded = pikepdf.AttachedFileSpec(pdf, f"{NAME} {CCCD}".encode(), filename="hoso.txt")
    pdf.attachments["hoso.txt"] = embedded
    field = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Widget,
            FT=pikepdf.Name.Tx,
            T=pikepdf.String("hoten"),
            V=pikepdf.String(NAME),
            Rect=[10, 10, 100, 30],
        )
    )
    pdf.pages[0].Annots = pdf.make_indirect(pikepdf.Array([field]))
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array([field]))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def planted_docx() -> bytes:
    document = docx.Document()
    document.core_properties.author = NAME
    document.core_properties.title = f"CCCD {CCCD}"
    document.core_properties.last_modified_by = REVIEWER
    paragraph = document.add_paragraph("Khối u thùy trên phổi phải.")
    document.add_comment(paragraph.runs, text=f"Bệnh nhân {NAME}", author=REVIEWER, initials="TTB")
    tracked = docx.oxml.parse_xml(
        '<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f'<w:del w:id="1" w:author="{REVIEWER}"><w:r><w:delText>CCCD {CCCD}</w:delText></w:r></w:del>'
        f'<w:ins w:id="2" w:author="{REVIEWER}"><w:r><w:t>Đã xóa định danh.</w:t></w:r></w:ins></w:p>'
    )
    document.element.body.append(tracked)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def planted_xlsx() -> bytes:
    book = openpyxl.Workbook()
    book.properties.creator = NAME
    book.properties.title = f"CCCD {CCCD}"
    sheet = book.active
    sheet["A1"] = "Hb 112 g/L"
    sheet["A1"].comment = Comment(f"BN {NAME}", REVIEWER)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def shared_copy(draft, clinician_a, data, name):
    attachment = services.add_attachment(clinician_a, draft, SimpleUploadedFile(name, data))
    with attachment.shared.open("rb") as stored:
        return attachment, stored.read()


def leaks(data: bytes) -> list[str]:
    return [value for value in (NAME, CCCD, REVIEWER) if value.encode() in data or value.encode("utf-16-be") in data]


def test_a_pdf_loses_metadata_scripts_attachments_and_forms(draft, clinician_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    original = planted_pdf()
    assert leaks(original)
    attachment, shared = shared_copy(draft, clinician_a, original, "hoso.pdf")
    assert attachment.kind == "pdf"
    with pikepdf.open(io.BytesIO(shared)) as pdf:
        assert "/Info" not in pdf.trailer and "/Metadata" not in pdf.Root and "/OpenAction" not in pdf.Root
        assert "/AcroForm" not in pdf.Root and len(pdf.attachments) == 0 and "/Annots" not in pdf.pages[0]
        with pdf.open_metadata() as xmp:
            assert "dc:creator" not in xmp
    reader = pypdf.PdfReader(io.BytesIO(shared))
    assert len(reader.pages) == 1 and not reader.metadata
    assert leaks(shared) == []


def test_a_docx_loses_properties_comments_and_tracked_changes(draft, clinician_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    attachment, shared = shared_copy(draft, clinician_a, planted_docx(), "ketqua.docx")
    assert attachment.kind == "docx"
    document = docx.Document(io.BytesIO(shared))
    core = document.core_properties
    assert (core.author, core.title, core.last_modified_by) == ("", "", "")
    assert len(document.comments) == 0
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Khối u thùy trên phổi phải." in text and "Đã xóa định danh." in text
    import zipfile

    with zipfile.ZipFile(io.BytesIO(shared)) as archive:
        everything = b"".join(archive.read(name) for name in archive.namelist())
    assert leaks(everything) == []


def test_an_xlsx_loses_properties_and_comments(draft, clinician_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    attachment, shared = shared_copy(draft, clinician_a, planted_xlsx(), "xetnghiem.xlsx")
    assert attachment.kind == "xlsx"
    book = openpyxl.load_workbook(io.BytesIO(shared))
    assert book.properties.creator != NAME and book.properties.title is None
    assert book.active["A1"].value == "Hb 112 g/L" and book.active["A1"].comment is None
    import zipfile

    with zipfile.ZipFile(io.BytesIO(shared)) as archive:
        everything = b"".join(archive.read(name) for name in archive.namelist())
    assert leaks(everything) == []


def text_pdf(*pages: str) -> bytes:
    from fpdf import FPDF

    from medcoop.exports.pdf import FONT_DIR

    pdf = FPDF()
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    for text in pages:
        pdf.add_page()
        pdf.set_font("DejaVu", size=11)
        pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())


def test_a_document_whose_text_names_the_patient_is_held_until_its_reader_releases_it(
    draft, clinician_a, expert, logged_in, settings, tmp_path
):
    from django.urls import reverse

    settings.MEDIA_ROOT = tmp_path
    letter = text_pdf("Xét nghiệm máu: Hb 112 g/L.", f"Giấy ra viện. Bệnh nhân Nguyễn Văn An, CCCD {CCCD}.")
    attachment = services.add_attachment(clinician_a, draft, SimpleUploadedFile("ravien.pdf", letter))
    assert "CCCD" in attachment.held_reason and "2" in attachment.held_reason
    assert CCCD not in attachment.held_reason and "Nguyễn" not in attachment.held_reason
    assert not type(attachment).objects.shared_with(expert).exists()  # the partner does not get it

    client = logged_in(clinician_a)
    check = client.get(reverse("attachment-check", args=[attachment.pk])).content.decode()
    assert CCCD in check and "Trang hoặc trang tính 2" in check  # the requesting side sees what was found, where
    assert client.post(reverse("attachment-check", args=[attachment.pk]), {}).status_code == 400
    released = client.post(reverse("attachment-check", args=[attachment.pk]), {"checked": "on"})
    assert released.status_code == 302
    attachment.refresh_from_db()
    assert attachment.held_reason == "" and attachment.released_by == clinician_a


def test_a_clean_document_is_shared_and_a_scan_without_text_is_held(draft, clinician_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    clean = services.add_attachment(
        clinician_a, draft, SimpleUploadedFile("xn.pdf", text_pdf("Hb 112 g/L, CT: u 3 cm."))
    )
    assert clean.held_reason == ""
    scan = services.add_attachment(clinician_a, draft, SimpleUploadedFile("scan.pdf", planted_pdf()))
    assert "không có chữ" in scan.held_reason
    word = services.add_attachment(clinician_a, draft, SimpleUploadedFile("bb.docx", planted_docx()))
    assert word.held_reason == ""  # its names were in properties and comments, which cleaning removed


def test_a_held_document_is_not_even_named_to_the_partner(draft, clinician_a, expert, logged_in, settings, tmp_path):
    from django.urls import reverse

    settings.MEDIA_ROOT = tmp_path
    letter = text_pdf(f"Giấy ra viện. Bệnh nhân Nguyễn Văn An, CCCD {CCCD}.")
    held = services.add_attachment(clinician_a, draft, SimpleUploadedFile("ravien.pdf", letter))
    shared = services.add_attachment(clinician_a, draft, SimpleUploadedFile("xn.pdf", text_pdf("Hb 112 g/L.")))
    services.submit(clinician_a, draft)
    pages = {
        who: (
            logged_in(who).get(reverse("case-detail", args=[draft.pk])).content.decode(),
            logged_in(who).get(reverse("case-document", args=[draft.pk, "fhir"])).content.decode(),
        )
        for who in (clinician_a, expert)
    }
    # the requesting side sees it, to check it; untitled files are numbered among those their reader sees
    assert all("PDF 1" in page and "PDF 2" in page for page in pages[clinician_a])
    assert not any(f"/attachments/{held.pk}/" in page or "PDF 2" in page for page in pages[expert])
    assert all("PDF 1" in page and f"/attachments/{shared.pk}/" in page for page in pages[expert])


def test_the_uploaded_name_is_kept_nowhere(draft, clinician_a, settings, tmp_path):
    """A file named after the patient is stored, and titled for partners, by its kind alone."""
    settings.MEDIA_ROOT = tmp_path
    attachment, _ = shared_copy(draft, clinician_a, planted_pdf(), f"{NAME} CCCD {CCCD}.pdf")
    stored = [attachment.original.name, attachment.shared.name, attachment.title]
    assert not any(leaks(name.encode()) for name in stored), stored
    assert not any(leaks(str(path).encode()) for path in tmp_path.rglob("*"))
