"""The manual check of a file held back: a DICOM image whose pixels may carry the patient's name (a person of the
requesting side blacks out a rectangle, or finds nothing to black out), or a document whose text may identify
the patient (they read what the screening found and confirm it does not); then the file is released."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from medcoop.audit.recording import record
from medcoop.consultations.identifiers import segments
from medcoop.core.models import AuditEvent

from .deidentify import DeidentificationError, black_out, read_dicom
from .document_text import document_findings, document_parts
from .models import Attachment, AttachmentKind, ConsultationCase


def require_reviewer(user, attachment: Attachment) -> None:
    if not ConsultationCase.objects.editable_by(user).filter(pk=attachment.case_id).exists():
        raise PermissionDenied(_("Only the requesting clinician or a coordinator of the institution may do this."))


@transaction.atomic
def release(user, attachment: Attachment, rectangle: tuple[int, int, int, int] | None) -> Attachment:
    """Black out `rectangle` (left, top, width, height) of every frame, or none, and let partners see the file."""
    require_reviewer(user, attachment)
    if not attachment.held_reason:
        raise ValidationError(_("This file is not held back."))
    if rectangle is not None:
        left, top, width, height = rectangle
        with attachment.shared.open("rb") as stored:
            data = stored.read()
        try:
            cleaned = black_out(data, left=left, top=top, width=width, height=height)
        except DeidentificationError as error:
            raise ValidationError(str(error)) from error
        attachment.shared.save(
            f"deid-{attachment.case_id}.{AttachmentKind.DICOM.extension}", ContentFile(cleaned), save=False
        )
    attachment.held_reason, attachment.released_by = "", user
    attachment.save()
    record(AuditEvent.Action.UPDATE, attachment, changes={"pixels_checked": [None, rectangle is not None]}, user=user)
    return attachment


def text_findings(attachment: Attachment) -> list[dict]:
    """Each page or sheet of the held-back document where something was found, cut for highlighting: for the
    requesting side only, who may read the original."""
    with attachment.shared.open("rb") as stored:
        parts = document_parts(attachment.kind, stored.read())
    return [
        {"number": number, "segments": segments(text, found)}
        for number, text, found in document_findings(parts, attachment.case.age_band)
    ]


def image_size(attachment: Attachment) -> dict:
    """Columns, rows and frames of the held-back file, for the person choosing the rectangle."""
    with attachment.shared.open("rb") as stored:
        dataset = read_dicom(stored.read(), stop_before_pixels=True)
    return {"columns": dataset.get("Columns"), "rows": dataset.get("Rows"), "frames": dataset.get("NumberOfFrames", 1)}


def preview_png(attachment: Attachment) -> bytes | None:
    """The first frame of the held-back file as a PNG, for finding the text to black out; None when its pixels
    are compressed or of a layout this simple reader does not show."""
    import io

    from PIL import Image

    with attachment.shared.open("rb") as stored:
        dataset = read_dicom(stored.read())
    if "PixelData" not in dataset or dataset.file_meta.TransferSyntaxUID.is_compressed:
        return None
    size = (int(dataset.Columns), int(dataset.Rows))
    samples, bits = int(dataset.get("SamplesPerPixel", 1)), int(dataset.BitsAllocated)
    mode = {(1, 8): "L", (1, 16): "I;16", (3, 8): "RGB"}.get((samples, bits))
    if mode is None or (samples == 3 and int(dataset.get("PlanarConfiguration", 0))):
        return None
    frame = bytes(dataset.PixelData[: size[0] * size[1] * samples * bits // 8])
    image = Image.frombytes(mode, size, frame)
    if mode == "I;16":
        image = image.convert("I")
        low, high = image.getextrema()
        image = image.point(lambda v: (v - low) * 255 / max(high - low, 1)).convert("L")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
